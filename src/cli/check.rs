//! `uzel check --data DIR`: verify a data directory offline.

use std::path::Path;

use crate::events::validate_payload;
use crate::log::check_directory;

/// Verifies `dir`, prints a summary, and fails when anything is wrong.
pub fn run(dir: &Path) -> Result<(), String> {
    let report = check_directory(dir, &validate_payload).map_err(|e| e.to_string())?;
    println!("data directory: {}", dir.display());
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
    println!("size on disk: {} bytes", report.size_on_disk);
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
        "{} is inconsistent: {} problem(s) listed above; restore it from a backup (docs/operations.md)",
        dir.display(),
        report.problems.len() as u64 + report.unlisted_problems
    ))
}
