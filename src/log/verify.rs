//! Verifying a log through the `EventLog` contract alone, for a backend
//! whose storage cannot be read offline (PostgreSQL): positions gap-free
//! from 1, each stream's versions gap-free from 0 in position order, every
//! event id once, recorded times never decreasing, every payload valid.

use std::collections::{HashMap, HashSet};

use super::sled::CheckReport;
use super::{Direction, EventFilter, EventLog, LogError, PayloadCheck, ReadFrom};

/// Reads the whole of `log` and reports what is inconsistent in it.
pub async fn check_log(log: &dyn EventLog, validate: &PayloadCheck) -> Result<CheckReport, LogError> {
    let mut report = CheckReport::default();
    let mut versions: HashMap<String, u64> = HashMap::new();
    let mut ids = HashSet::new();
    let mut last_recorded = None;
    let mut from = 1;
    loop {
        let slice = log.read_all(ReadFrom::At(from), Direction::Forward, 10_000, &EventFilter::all()).await?;
        for event in &slice.events {
            let expected = report.last_position + 1;
            if event.position != expected {
                report.problem(format!("position {expected} is missing: the log goes on at {}", event.position));
            }
            report.last_position = event.position;
            report.events += 1;
            let next = versions.entry(event.stream.as_str().to_owned()).or_insert(0);
            if event.version != *next {
                report.problem(format!(
                    "stream {} is at version {} at position {}; {} was next",
                    event.stream, event.version, event.position, next
                ));
            }
            *next = event.version + 1;
            if !ids.insert(event.event_id) {
                report.problem(format!("event id {} is stored twice (again at {})", event.event_id, event.position));
            }
            if last_recorded.is_some_and(|last| event.recorded_at < last) {
                report.problem(format!("position {} was recorded before the event before it", event.position));
            }
            last_recorded = Some(event.recorded_at);
            report.recorded = Some((report.recorded.map_or(event.recorded_at, |r| r.0), event.recorded_at));
            *report.categories.entry(event.stream.category().to_owned()).or_default() += 1;
            *report.event_types.entry(event.event_type.clone()).or_default() += 1;
            if let Err(why) = validate(&event.event_type, event.schema, &event.payload) {
                report.problem(format!("the payload at position {} does not read: {why}", event.position));
            }
        }
        from = slice.last_examined + 1;
        if slice.end_of_log || slice.last_examined == 0 {
            break;
        }
    }
    if report.last_position != log.last_position() {
        report.problem(format!("read up to {} but the log ends at {}", report.last_position, log.last_position()));
    }
    report.streams = versions.len() as u64;
    Ok(report)
}
