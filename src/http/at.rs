//! Reads at a date: `?as_of=2025-06-30` (and `clock=recorded`) on the read
//! models' routes answers from the model as it was then (`audit/asof.rs`);
//! without it, from the live model.

use std::ops::Deref;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::error::ApiError;
use super::support::wait;
use crate::app::App;
use crate::audit::timeline::Clock;
use crate::domain::ids::Slug;
use crate::projections::Model;

/// How far ahead an effective date may be asked for: as far as a change
/// may take effect.
pub const MAX_AHEAD_DAYS: i64 = 31;

/// The operations (route handlers) that answer `as_of`.
pub const ROUTES_AS_OF: &[&str] = &[
    "actors::list",
    "actors::saved",
    "actors::get",
    "platforms::list",
    "platforms::get",
    "needs::get",
    "needs::coverage",
    "capacity::capacities",
    "regions::get",
    "plans::list",
    "plans::get",
    "findings::list",
    "procedures::list",
    "workbook::network",
    "workbook::region",
];

/// The parameters of a read that can look into the past.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct ReadAt {
    /// Wait until the read models have applied this position.
    pub min_position: Option<u64>,
    /// A date (`2025-06-30`: the end of that day, UTC) or an instant
    /// (RFC 3339): answer as the network was then.
    pub as_of: Option<String>,
    /// Which date `as_of` goes by: `effective` (when changes took effect,
    /// the default) or `recorded` (what the database knew then).
    #[serde(default)]
    pub clock: Clock,
}

/// The model a read answers from.
pub enum ModelRef<'a> {
    /// The live model.
    Live(crate::live::Reading<'a>),
    /// The model on a past date.
    Past(Arc<Model>),
}

impl Deref for ModelRef<'_> {
    type Target = Model;

    fn deref(&self) -> &Model {
        match self {
            ModelRef::Live(guard) => guard,
            ModelRef::Past(model) => model,
        }
    }
}

impl ModelRef<'_> {
    /// Whether this is the live model.
    pub fn is_live(&self) -> bool {
        matches!(self, ModelRef::Live(_))
    }

    /// Runs `f` on the live model: who may see what is decided by today's
    /// roles and memberships, whatever the date asked for.
    pub fn with_live<R>(&self, app: &App, f: impl FnOnce(&Model) -> R) -> R {
        match self {
            ModelRef::Live(guard) => f(guard),
            ModelRef::Past(_) => f(&app.models.read()),
        }
    }
}

/// A model to answer from, and the instant its answer is for.
pub struct At<'a> {
    /// The model.
    pub model: ModelRef<'a>,
    /// Now, or the date asked for (capacity goes stale against it).
    pub now: DateTime<Utc>,
    /// The date asked for, if any.
    pub as_of: Option<(Clock, DateTime<Utc>)>,
}

impl At<'_> {
    /// Refuses a network the model did not hold (yet) on the date asked for.
    pub fn network(&self, slug: &Slug) -> Result<(), ApiError> {
        match self.as_of {
            Some((clock, at)) if !self.model.networks.contains_key(slug) => Err(ApiError::not_found(format!(
                "network {slug} did not exist on {} ({} clock)",
                at.format("%Y-%m-%d %H:%M:%S UTC"),
                clock_name(clock)
            ))),
            _ => Ok(()),
        }
    }
}

/// " on {date}" for an answer about a past date, else nothing: for
/// not-found messages.
pub fn on(at: &At) -> String {
    at.as_of.map_or(String::new(), |(_, d)| format!(" on {}", d.format("%Y-%m-%d %H:%M:%S UTC")))
}

fn clock_name(clock: Clock) -> &'static str {
    match clock {
        Clock::Effective => "effective",
        Clock::Recorded => "recorded",
    }
}

/// Parses `as_of`: a date means the end of that day (UTC).
pub fn parse_as_of(text: &str, clock: Clock, now: DateTime<Utc>) -> Result<DateTime<Utc>, ApiError> {
    let text = text.trim();
    let at = match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) => date.and_hms_micro_opt(23, 59, 59, 999_999).map(|t| t.and_utc()),
        Err(_) => DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc)),
    }
    .ok_or_else(|| {
        ApiError::bad_request(format!(
            "as_of must be a date (2025-06-30) or an instant (2025-06-30T12:00:00Z), not {text:?}"
        ))
    })?;
    match clock {
        Clock::Effective if at > now + chrono::Duration::days(MAX_AHEAD_DAYS) => Err(ApiError::bad_request(format!(
            "as_of {text} is more than {MAX_AHEAD_DAYS} days ahead; no change takes effect later than that, \
             so ask for an earlier date"
        ))),
        // The database knew nothing recorded after now.
        Clock::Recorded => Ok(at.min(now)),
        Clock::Effective => Ok(at),
    }
}

/// Runs `work` — folding the log into a past model, reading a period's
/// events — on a blocking thread, so a long fold does not hold up the
/// server thread's other requests and board connections.
pub async fn off_thread<T, F>(app: &App, work: impl FnOnce(App) -> F + Send + 'static) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: std::future::Future<Output = Result<T, crate::log::LogError>>,
{
    let app = app.clone();
    let done = actix_web::web::block(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| crate::log::LogError::Storage(format!("cannot start a reader: {e}")))?;
        runtime.block_on(work(app))
    })
    .await
    .map_err(ApiError::storage)?;
    Ok(done?)
}

/// The model a read at `q` answers from: the live one, or the one on the
/// date asked for.
pub async fn model<'a>(app: &'a App, q: &ReadAt) -> Result<At<'a>, ApiError> {
    wait(app, q.min_position).await?;
    let now = app.now();
    let Some(text) = &q.as_of else {
        return Ok(At { model: ModelRef::Live(app.models.read()), now, as_of: None });
    };
    let at = parse_as_of(text, q.clock, now)?;
    let clock = q.clock;
    let model = off_thread(app, move |app| async move {
        app.models.past.model_at(app.log.as_ref(), app.keys.as_ref(), clock, at).await
    })
    .await?;
    Ok(At { model: ModelRef::Past(model), now: at.min(now), as_of: Some((q.clock, at)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_date_is_the_end_of_that_day_and_an_instant_is_itself() {
        let now = at("2026-03-01T12:00:00Z");
        assert_eq!(parse_as_of("2025-06-30", Clock::Effective, now).unwrap(), at("2025-06-30T23:59:59.999999Z"));
        assert_eq!(
            parse_as_of("2025-06-30T10:00:00+02:00", Clock::Effective, now).unwrap(),
            at("2025-06-30T08:00:00Z")
        );
        assert_eq!(parse_as_of("2026-12-31", Clock::Recorded, now).unwrap(), now, "nothing recorded after now");
    }

    #[test]
    fn a_date_that_is_not_one_or_too_far_ahead_is_refused_with_what_to_send() {
        let now = at("2026-03-01T12:00:00Z");
        let wrong = parse_as_of("30. 6. 2025", Clock::Effective, now).unwrap_err();
        assert!(wrong.0.detail.contains("2025-06-30"), "{}", wrong.0.detail);
        let ahead = parse_as_of("2026-06-01", Clock::Effective, now).unwrap_err();
        assert!(ahead.0.detail.contains("31 days"), "{}", ahead.0.detail);
        assert!(parse_as_of("2026-03-20", Clock::Effective, now).is_ok(), "a change may take effect that late");
    }
}
