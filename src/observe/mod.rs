//! What the server tells its operators: log lines (`tracing`) and the
//! counters `/metrics` serves.
//!
//! - `mod.rs` — the log's format and level, set once at start;
//! - `request.rs` — the middleware that gives every request an id (echoed
//!   in `X-Request-Id`) and logs one line when it is answered;
//! - `counters.rs` — the process's counters of answers and skipped events.
//!
//! A log line names a request by its method, its route pattern (never the
//! path: a calendar link's key is in its path), its status, its latency
//! and the user's id. Names, notes and bodies are never logged.

pub mod counters;
pub mod request;

use clap::ValueEnum;
use tracing_subscriber::fmt::writer::MakeWriterExt;

/// How log lines are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One readable line per event, for a terminal or journald.
    #[default]
    Human,
    /// One JSON object per line, for a log collector.
    Json,
}

/// How much is logged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LogLevel {
    /// Failures only.
    Error,
    /// Failures and what an operator should look at.
    Warn,
    /// Also one line per request and the server's milestones.
    #[default]
    Info,
    /// Also details for finding a fault.
    Debug,
}

impl From<LogLevel> for tracing::Level {
    fn from(level: LogLevel) -> Self {
        match level {
            LogLevel::Error => Self::ERROR,
            LogLevel::Warn => Self::WARN,
            LogLevel::Info => Self::INFO,
            LogLevel::Debug => Self::DEBUG,
        }
    }
}

/// Where actix-http's HTTP/1 parser logs from.
const PARSER: &str = "actix_http::h1::dispatcher";

/// Sends the process's log lines to standard error in `format`, from
/// `level` up. Only the first call of a process takes effect (a test binary
/// starting several servers calls it for each).
pub fn init(format: LogFormat, level: LogLevel) {
    // actix-http says "stream error" at ERROR for each request its parser
    // refuses (a client's fault, answered and logged as a problem by
    // `http/parser_answers.rs`); that is kept for `--log-level debug`.
    let writer = std::io::stderr.with_max_level(tracing::Level::from(level));
    let writer = writer.with_filter(move |meta| level == LogLevel::Debug || !meta.target().starts_with(PARSER));
    let builder = tracing_subscriber::fmt().with_writer(writer).with_target(false).with_ansi(false);
    let installed = match format {
        LogFormat::Human => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).with_span_list(false).try_init(),
    };
    // Already installed: the first setting stays.
    drop(installed);
}
