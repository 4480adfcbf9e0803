//! The offline verifier behind `uzel check`: walks every record and index
//! entry of a data directory and reports every inconsistency it finds.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Utc};

use uuid::Uuid;

use super::chunk;
use super::keys;
use super::meta::{self, OpenMode};
use crate::log::codec;
use crate::log::error::LogError;
use crate::log::types::Position;

/// The most problems a report lists one by one.
const MAX_LISTED: usize = 100;

/// Decides whether a payload of `(type, schema)` is valid; the error says
/// why not.
pub type PayloadCheck = dyn Fn(&str, u32, &[u8]) -> Result<(), String>;

/// What `check` found.
#[derive(Clone, Debug, Default)]
pub struct CheckReport {
    /// Events in the log.
    pub events: u64,
    /// Streams with at least one event.
    pub streams: u64,
    /// The last position.
    pub last_position: u64,
    /// Events per stream category.
    pub categories: BTreeMap<String, u64>,
    /// Events per event type.
    pub event_types: BTreeMap<String, u64>,
    /// When the first and the last event were recorded.
    pub recorded: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Bytes on disk.
    pub size_on_disk: u64,
    /// Every inconsistency found (the first hundred).
    pub problems: Vec<String>,
    /// Problems found beyond the listed ones.
    pub unlisted_problems: u64,
}

impl CheckReport {
    /// True when nothing is wrong.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    pub(crate) fn problem(&mut self, text: String) {
        if self.problems.len() < MAX_LISTED {
            self.problems.push(text);
        } else {
            self.unlisted_problems += 1;
        }
    }
}

/// Verifies the log in `dir`: every chunk decodes and holds consecutive
/// positions starting at its key; positions run gap-free from 1; each
/// stream's versions run gap-free from 0 in position order; every event id
/// is stored once (so the idempotency index built from the log is exact);
/// recorded times never decrease; no stray keys; and every payload is
/// accepted by `validate_payload(type, schema, payload)`.
///
/// This walks the storage with its own logic rather than the code that
/// opens the log, so a bug there cannot hide itself here. Fails (rather than
/// reporting) only when the directory cannot be opened as a uzel log at all.
pub fn check_directory(dir: &Path, validate_payload: &PayloadCheck) -> Result<CheckReport, LogError> {
    let db = meta::open(dir, OpenMode::ExistingOnly, 64 << 20)?;
    let mut report = CheckReport { size_on_disk: db.size_on_disk()?, ..Default::default() };
    let mut next_version: HashMap<String, u64> = HashMap::new();
    let mut ids: HashMap<Uuid, Position> = HashMap::new();
    let mut expected_position = 1;
    let mut last_recorded = None;

    for entry in db.iter() {
        let (key, bytes) = entry?;
        if key.first() == Some(&keys::META) {
            continue;
        }
        let Some(first) = keys::chunk_position(&key) else {
            report.problem(format!("unknown key {key:?} in the log"));
            continue;
        };
        if first != expected_position {
            report
                .problem(format!("chunk at position {first} where {expected_position} was due (a gap or an overlap)"));
        }
        for (offset, record) in chunk::records(&bytes).enumerate() {
            let position = first + offset as u64;
            expected_position = position + 1;
            report.events += 1;
            report.last_position = position;
            let event = match record.and_then(codec::decode) {
                Ok(event) => event,
                Err(e) => {
                    report.problem(format!("record {offset} of the chunk at {first}: {}", e.0));
                    continue;
                }
            };
            if event.position != position {
                report.problem(format!("record at position {position} says it is at {}", event.position));
            }
            let stream = event.stream.as_str();
            let version = next_version.entry(stream.to_owned()).or_insert(0);
            if event.version != *version {
                report.problem(format!(
                    "position {position}: stream {stream} version {} where {} was due",
                    event.version, version
                ));
            }
            *version = event.version + 1;
            if let Some(earlier) = ids.insert(event.event_id, position) {
                report.problem(format!(
                    "event id {} is stored twice, at {earlier} and at {position}: idempotency is broken",
                    event.event_id
                ));
            }
            if last_recorded.is_some_and(|last| event.recorded_at < last) {
                report.problem(format!("position {position} was recorded before the event preceding it"));
            }
            last_recorded = Some(event.recorded_at);
            let first_recorded = report.recorded.map_or(event.recorded_at, |(first, _)| first);
            report.recorded = Some((first_recorded, event.recorded_at));
            if let Err(why) = validate_payload(&event.event_type, event.schema, &event.payload) {
                report.problem(format!(
                    "position {position}: payload of {} (schema {}) does not decode: {why}",
                    event.event_type, event.schema
                ));
            }
            *report.categories.entry(event.stream.category().to_owned()).or_default() += 1;
            *report.event_types.entry(event.event_type).or_default() += 1;
        }
    }
    report.streams = next_version.len() as u64;
    Ok(report)
}
