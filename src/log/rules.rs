//! The rules both backends apply the same way: what one append may hold,
//! how a new event is recorded (position, version, instants), and the
//! bounds of a read of the whole log.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::codec::to_micros;
use super::error::InvalidInput;
use super::types::{
    Direction, MAX_APPEND_BYTES, MAX_EVENTS_PER_APPEND, NewEvent, Position, ReadFrom, RecordedEvent, StreamName,
};

/// Checks an append before it is queued: everything that does not depend on
/// the log's state.
pub fn validate_append(events: &[NewEvent]) -> Result<usize, InvalidInput> {
    if events.is_empty() {
        return Err(InvalidInput::new("events", "an append needs at least one event"));
    }
    if events.len() > MAX_EVENTS_PER_APPEND {
        return Err(InvalidInput::new(
            "events",
            format!("{} events in one append; the limit is {MAX_EVENTS_PER_APPEND}", events.len()),
        ));
    }
    let mut ids = HashSet::with_capacity(if events.len() > 1 { events.len() } else { 0 });
    let mut bytes = 0;
    for (index, event) in events.iter().enumerate() {
        event.validate(index)?;
        if events.len() > 1 && !ids.insert(event.event_id) {
            return Err(InvalidInput::new(
                format!("events[{index}].event_id"),
                format!("event id {} appears twice in one append", event.event_id),
            ));
        }
        bytes += event.payload.len();
    }
    if bytes > MAX_APPEND_BYTES {
        return Err(InvalidInput::new(
            "events",
            format!("payloads total {bytes} bytes; the limit of one append is {MAX_APPEND_BYTES}"),
        ));
    }
    Ok(bytes)
}

impl NewEvent {
    /// The event as the log records it at `position` and `version` of
    /// `stream`. Its recorded instant is the one asked for, but never after
    /// `now` and never before `last_recorded` (recorded instants do not
    /// decrease with position); the effective instant defaults to it.
    pub fn recorded(
        self,
        stream: &StreamName,
        position: Position,
        version: u64,
        now: DateTime<Utc>,
        last_recorded: DateTime<Utc>,
    ) -> RecordedEvent {
        let recorded_at = self.recorded_at.map_or(now, |at| to_micros(at).min(now)).max(last_recorded);
        RecordedEvent {
            position,
            stream: stream.clone(),
            version,
            event_id: self.event_id,
            event_type: self.event_type,
            schema: self.schema,
            recorded_at,
            effective_at: self.effective_at.map_or(recorded_at, to_micros),
            network: self.network,
            author: self.author,
            correlation_id: self.correlation_id,
            causation_id: self.causation_id,
            payload: self.payload,
        }
    }
}

/// The positions a read of the whole log from `from` in `direction` covers
/// on a log that ends at `last`: `(low, high)`, empty when `low > high`.
pub fn read_bounds(from: ReadFrom, direction: Direction, last: Position) -> (Position, Position) {
    match (direction, from) {
        (Direction::Forward, ReadFrom::Start) => (1, last),
        (Direction::Forward, ReadFrom::End) => (last + 1, last),
        (Direction::Forward, ReadFrom::At(p)) => (p.max(1), last),
        (Direction::Backward, ReadFrom::Start) => (1, 0),
        (Direction::Backward, ReadFrom::End) => (1, last),
        (Direction::Backward, ReadFrom::At(p)) => (1, p.min(last)),
    }
}
