//! `uzel check --data DIR`: verify a data directory offline; `uzel check
//! --store postgres://…`: verify a database's log (nodes may serve it
//! meanwhile).

use std::path::Path;

use crate::events::validate_payload;
use crate::log::{CheckReport, EventLog, PostgresLog, PostgresOptions, check_directory, check_log};
use crate::store::Store;

/// Verifies the log where `store` says, prints a summary, and fails when
/// anything is wrong.
pub fn run(store: &Store) -> Result<(), String> {
    match store {
        Store::Dir(dir) => run_dir(dir),
        Store::Postgres(url) => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the runtime: {e}"))?;
            let report = runtime.block_on(async {
                let log = PostgresLog::open(url, PostgresOptions::default()).await.map_err(|e| e.to_string())?;
                let report = check_log(&log, &validate_payload).await.map_err(|e| e.to_string());
                let _ = log.close().await;
                report
            })?;
            println!("database: {}", store.describe());
            print(&report, &store.describe())
        }
    }
}

/// Verifies `dir`, prints a summary, and fails when anything is wrong. A
/// directory this user cannot write (a mounted backup, another user's
/// files) is checked through a temporary copy: sled opens its files for
/// writing even to read them.
/// Verifies the data directory `dir` (see [`run`]).
pub fn run_dir(dir: &Path) -> Result<(), String> {
    let copy = if dir.is_dir() && tempfile::tempfile_in(dir).is_err() {
        let copy = tempfile::tempdir().map_err(|e| format!("cannot make a temporary copy to check: {e}"))?;
        super::backup::copy_dir(dir, copy.path())
            .map_err(|e| format!("{} cannot be written, and copying it to check failed: {e}", dir.display()))?;
        println!("{} cannot be written: checking a temporary copy", dir.display());
        Some(copy)
    } else {
        None
    };
    let checked = copy.as_ref().map_or(dir, |c| c.path());
    let report = check_directory(checked, &validate_payload).map_err(|e| e.to_string())?;
    println!("data directory: {}", dir.display());
    println!("size on disk: {} bytes", report.size_on_disk);
    print(&report, &dir.display().to_string())
}

/// Prints `report` of the log in `place`; an error if anything is wrong.
fn print(report: &CheckReport, place: &str) -> Result<(), String> {
    println!("events: {} (last position {})", report.events, report.last_position);
    println!("streams: {}", report.streams);
    if let Some((first, last)) = report.recorded {
        println!("recorded: {} .. {}", first.to_rfc3339(), last.to_rfc3339());
    }
    for (category, count) in &report.categories {
        println!("  category {category}: {count}");
    }
    for (event_type, count) in &report.event_types {
        println!("  type {event_type}: {count}");
    }
    if report.is_ok() {
        println!("ok: positions, stream versions, indexes and payloads are consistent");
        return Ok(());
    }
    for problem in &report.problems {
        println!("PROBLEM: {problem}");
    }
    if report.unlisted_problems > 0 {
        println!("... and {} more problems", report.unlisted_problems);
    }
    Err(format!(
        "{place} is inconsistent: {} problem(s) listed above; restore it from a backup (docs/operations.md)",
        report.problems.len() as u64 + report.unlisted_problems
    ))
}
