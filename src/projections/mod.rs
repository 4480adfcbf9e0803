//! Read models: the log folded into memory, answering every query without
//! touching the disk.
//!
//! A [`Model`] is every aggregate's state at one position of the log,
//! folded in position order. This module knows the model and how to fold
//! it, and nothing of what follows it: the running projector (`live`)
//! folds each committed event here and then hands the event to its
//! followers — the board's history, the as-of clocks — through
//! [`Follower`].
//!
//! - `model.rs` — the states of all aggregates and what derives from them;
//! - `effective.rs` — changes applied in the order of their effective date;
//! - `czech.rs` — diacritics-blind search and Czech sort order;
//! - `directory.rs`, `index.rs` — the directory query and its index;
//! - `views.rs` — actor detail, platforms, coverage and gaps, regions;
//! - `cache.rs`, `freshness.rs`, `bits.rs` — cached answers and helpers.

pub mod bits;
pub mod cache;
pub mod czech;
pub mod directory;
pub mod effective;
pub mod freshness;
pub mod index;
pub mod model;
pub mod views;

use std::sync::Arc;

pub use self::model::Model;
use crate::events::{DomainEvent, PersonalData, decode};
use crate::log::{Direction, EventFilter, EventLog, LogError, Position, ReadFrom, RecordedEvent};

/// What follows the model as it folds the log: told of every event right
/// after the model applied it (`domain` is `None` for an event that is not
/// a domain event, or does not decode).
pub trait Follower {
    /// `model` has just applied `event`.
    fn applied(&mut self, model: &Model, event: &RecordedEvent, domain: Option<&DomainEvent>);
}

/// A follower that does nothing.
impl Follower for () {
    fn applied(&mut self, _: &Model, _: &RecordedEvent, _: Option<&DomainEvent>) {}
}

/// Decodes the domain event of a recorded one; `None` for events that are
/// not domain events (probes) or do not decode — `uzel check` reports the
/// latter.
pub fn domain_of(event: &RecordedEvent, keys: &dyn PersonalData) -> Option<DomainEvent> {
    if event.stream.category() == "probe" {
        return None;
    }
    decode(&event.event_type, event.schema, &event.payload, keys)
        .map_err(|why| {
            crate::observe::counters::skipped();
            tracing::warn!(position = event.position, event_type = %event.event_type, error = %why, "skipping an event that does not decode");
        })
        .ok()
}

/// Folds one recorded event into `model`.
pub fn fold(model: &mut Model, event: &RecordedEvent, keys: &dyn PersonalData) {
    match domain_of(event, keys) {
        Some(domain) => model.apply(event, &domain),
        None => model.position = event.position,
    }
}

/// Builds the model from the whole log (for tests and benchmarks; a
/// server starts with `live::ReadModels::start`).
pub async fn rebuild(log: &dyn EventLog, keys: &dyn PersonalData) -> Result<Model, LogError> {
    fold_log(Model::default(), log, keys, &mut ()).await
}

/// Folds every event of the log after `model`'s position into it, telling
/// `follower` of each. A change entered out of effective order folds its
/// record again once, at the end.
pub async fn fold_log(
    mut model: Model,
    log: &dyn EventLog,
    keys: &dyn PersonalData,
    follower: &mut dyn Follower,
) -> Result<Model, LogError> {
    let now = chrono::Utc::now();
    // Records with a change entered out of effective order: folded again
    // from their streams once the whole log is read.
    let mut refold = std::collections::BTreeSet::new();
    let mut from = model.position + 1;
    loop {
        let page = log.read_all(ReadFrom::At(from), Direction::Forward, 4096, &EventFilter::all()).await?;
        for event in &page.events {
            let domain = domain_of(event, keys);
            match &domain {
                Some(domain) => {
                    if model.arrive(event, domain, now) == effective::Step::Refold {
                        refold.insert(event.stream.clone());
                    }
                }
                None => model.position = event.position,
            }
            follower.applied(&model, event, domain.as_ref());
        }
        from = page.last_examined + 1;
        if page.end_of_log {
            break;
        }
    }
    for stream in refold {
        let events = stream_events(log, keys, &stream, model.position).await?;
        model.refold(events, now);
    }
    Ok(model)
}

/// The events of `stream` at or before position `upto`, decoded: what a
/// refold on the effective clock folds again.
pub async fn stream_events(
    log: &dyn EventLog,
    keys: &dyn PersonalData,
    stream: &crate::log::StreamName,
    upto: Position,
) -> Result<Vec<(Arc<RecordedEvent>, DomainEvent)>, LogError> {
    let mut out = Vec::new();
    let mut from = 0;
    loop {
        let page = log.read_stream(stream, ReadFrom::At(from), Direction::Forward, 4096).await?;
        let full = page.len() == 4096;
        for event in page {
            from = event.version + 1;
            if event.position > upto {
                return Ok(out);
            }
            if let Some(domain) = domain_of(&event, keys) {
                out.push((Arc::new(event), domain));
            }
        }
        if !full {
            return Ok(out);
        }
    }
}
