//! Reads from sled. Every read is bounded by the committed position it is
//! given, so a reader never sees an event the writer has not made durable
//! yet, and never sees position N+1 without N.

use super::chunk;
use super::keys;
use crate::log::codec::{self, DecodeError};
use crate::log::error::LogError;
use crate::log::rules::read_bounds;
use crate::log::types::{AllSlice, Direction, EventFilter, Position, ReadFrom, RecordedEvent};

/// The most events one read hands back.
pub const MAX_READ: usize = 100_000;
/// The most events one read of the whole log examines, so a filter that
/// matches little cannot turn one call into a scan of the whole log.
pub const MAX_EXAMINED: usize = 262_144;

fn corrupt(first: Position, e: DecodeError) -> LogError {
    LogError::Corrupt { at: format!("the chunk at position {first}"), reason: e.0 }
}

/// The chunk holding `position` (the last chunk starting at or before it),
/// with its first position.
fn chunk_holding(db: &sled::Db, position: Position) -> Result<Option<(Position, sled::IVec)>, LogError> {
    match db.range(keys::chunk(1)..=keys::chunk(position)).next_back() {
        None => Ok(None),
        Some(entry) => {
            let (key, value) = entry?;
            Ok(keys::chunk_position(&key).map(|first| (first, value)))
        }
    }
}

/// The event at `position`, if there is one.
pub fn event_at(db: &sled::Db, position: Position) -> Result<Option<RecordedEvent>, LogError> {
    match chunk_holding(db, position)? {
        None => Ok(None),
        Some((first, bytes)) => chunk::decode_one(first, &bytes, position).map_err(|e| corrupt(first, e)),
    }
}

/// The events at `positions` (each must exist), in the order given. Reads
/// each chunk once however many of the positions it holds, and decodes only
/// the records asked for: a stream's events lie one or two to a chunk
/// among everyone else's, and decoding whole chunks for them made reading
/// a stream cost as much as reading the log around it.
pub fn events_at(db: &sled::Db, positions: &[Position]) -> Result<Vec<RecordedEvent>, LogError> {
    let mut events = Vec::with_capacity(positions.len());
    // The chunk read last: its first position, bytes and record spans.
    let mut cached: Option<(Position, sled::IVec, Vec<std::ops::Range<usize>>)> = None;
    for &position in positions {
        let held = |c: &(Position, sled::IVec, Vec<std::ops::Range<usize>>)| {
            position.checked_sub(c.0).is_some_and(|offset| (offset as usize) < c.2.len())
        };
        if !cached.as_ref().is_some_and(held) {
            let (first, bytes) = chunk_holding(db, position)?
                .ok_or_else(|| corrupt(position, DecodeError("no chunk holds this position".into())))?;
            let spans = chunk::spans(&bytes).map_err(|e| corrupt(first, e))?;
            cached = Some((first, bytes, spans));
        }
        let Some((first, bytes, spans)) = cached.as_ref().filter(|c| held(c)) else {
            return Err(corrupt(position, DecodeError(format!("position {position} is missing from its chunk"))));
        };
        let span = spans[(position - first) as usize].clone();
        let event = codec::decode(&bytes[span]).map_err(|e| corrupt(*first, e))?;
        if event.position != position {
            let why = format!("the chunk at {first} holds position {} where {position} belongs", event.position);
            return Err(corrupt(*first, DecodeError(why)));
        }
        events.push(event);
    }
    Ok(events)
}

/// Calls `each` with a peek at every record of the chunks from the one
/// starting at `from` up to the one starting at `to` (exclusive; `None`:
/// the end), in position order, without decoding any (what the indexes
/// need at open).
pub fn scan_peeks(
    db: &sled::Db,
    from: Position,
    to: Option<Position>,
    mut each: impl FnMut(codec::Peek<'_>) -> Result<(), LogError>,
) -> Result<(), LogError> {
    let chunks = match to {
        Some(to) => db.range(keys::chunk(from)..keys::chunk(to)),
        None => db.range(keys::chunk(from)..=keys::chunk(Position::MAX)),
    };
    for entry in chunks {
        let (key, bytes) = entry?;
        let first = keys::chunk_position(&key)
            .ok_or_else(|| corrupt(0, DecodeError(format!("malformed chunk key {key:?}"))))?;
        let mut held = 0;
        for (offset, record) in chunk::records(&bytes).enumerate() {
            held += 1;
            let at = first + offset as u64;
            let peek = record.and_then(codec::peek).map_err(|e| corrupt(at, e))?;
            if peek.position != at {
                return Err(corrupt(at, DecodeError(format!("the record says position {}", peek.position))));
            }
            each(peek)?;
        }
        if held == 0 {
            return Err(corrupt(first, DecodeError(format!("chunk at {first} holds no record"))));
        }
    }
    Ok(())
}

/// The first position of the chunk holding `position` (or of the last
/// chunk before it), if any.
pub fn chunk_start(db: &sled::Db, position: Position) -> Result<Option<Position>, LogError> {
    Ok(chunk_holding(db, position)?.map(|(first, _)| first))
}

/// Up to `max` events of the whole log that pass `filter`, from position
/// `from` in `direction`, examining at most [`MAX_EXAMINED`] events.
pub fn read_all(
    db: &sled::Db,
    committed: Position,
    from: ReadFrom,
    direction: Direction,
    max: usize,
    filter: &EventFilter,
) -> Result<AllSlice, LogError> {
    let max = max.min(MAX_READ);
    let (low, high) = read_bounds(from, direction, committed);
    let mut slice = AllSlice::default();
    if low > high || max == 0 {
        slice.end_of_log = low > high;
        return Ok(slice);
    }
    let start = match direction {
        Direction::Forward => chunk_holding(db, low)?.map_or(low, |(first, _)| first),
        Direction::Backward => 1,
    };
    let chunks = db.range(keys::chunk(start)..=keys::chunk(high));
    let chunks: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> = match direction {
        Direction::Forward => Box::new(chunks),
        Direction::Backward => Box::new(chunks.rev()),
    };
    let mut examined = 0;
    'chunks: for entry in chunks {
        let (key, bytes) = entry?;
        let first = keys::chunk_position(&key).unwrap_or_default();
        let mut records: Vec<(Position, &[u8])> = Vec::new();
        for (offset, record) in chunk::records(&bytes).enumerate() {
            records.push((first + offset as u64, record.map_err(|e| corrupt(first, e))?));
        }
        if direction == Direction::Backward {
            records.reverse();
        }
        for (position, record) in records {
            if position < low || position > high {
                continue;
            }
            // A filtered read looks at the record's names first and
            // decodes only what it hands back.
            let wanted = if filter.is_all() {
                true
            } else {
                let peek = codec::peek(record).map_err(|e| corrupt(first, e))?;
                if peek.position != position {
                    let e = DecodeError(format!("position {position} holds a record of position {}", peek.position));
                    return Err(corrupt(first, e));
                }
                filter.admits(peek.stream, peek.event_type, peek.network)
            };
            examined += 1;
            slice.last_examined = position;
            if wanted {
                let event = codec::decode(record).map_err(|e| corrupt(first, e))?;
                if event.position != position {
                    let e = DecodeError(format!("position {position} holds a record of position {}", event.position));
                    return Err(corrupt(first, e));
                }
                slice.events.push(event);
            }
            if slice.events.len() >= max || examined >= MAX_EXAMINED {
                break 'chunks;
            }
        }
    }
    if examined == 0 {
        return Err(LogError::Corrupt {
            at: format!("positions {low}..={high}"),
            reason: "the log is committed up to here but holds no event in the range".into(),
        });
    }
    slice.end_of_log = match direction {
        Direction::Forward => slice.last_examined >= high,
        Direction::Backward => slice.last_examined == low,
    };
    Ok(slice)
}
