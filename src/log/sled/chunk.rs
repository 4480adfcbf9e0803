//! Chunks: the unit the log stores in sled. A chunk holds the records of
//! consecutive positions and is stored under the key of its first position.
//!
//! ```text
//! chunk  = CHUNK_FORMAT_V1 (1 byte), then per record: length (u32 LE), record
//! record = see `log/codec.rs` (a format byte and the protobuf envelope)
//! ```
//!
//! Why chunks: sled's cost is per key, not per byte — one insert of a few
//! kilobytes costs about what one insert of 300 bytes does — so packing the
//! events of a commit into few keys multiplies write throughput. Chunks stay
//! near [`TARGET_CHUNK_BYTES`] so that a sled leaf (up to 16 keys) stays well
//! under the size at which sled moves a page out to a separate blob file
//! (128 KiB with sled's default 512 KiB segments).

use crate::log::codec::{self, DecodeError};
use crate::log::types::{Position, RecordedEvent};

/// The first byte of every chunk written by this build.
pub const CHUNK_FORMAT_V1: u8 = 1;
/// The writer aims its batches at chunks of about this many bytes.
pub const TARGET_CHUNK_BYTES: usize = 6 << 10;
/// A chunk is closed before it would pass this many bytes. Twice the target,
/// so that a batch the writer sized by estimate nearly always fits one chunk.
pub const MAX_CHUNK_BYTES: usize = 2 * TARGET_CHUNK_BYTES;

/// Builds the chunks of one commit, cutting a new one when the current one
/// is full.
#[derive(Debug, Default)]
pub struct ChunkBuilder {
    done: Vec<(Position, Vec<u8>)>,
    current: Option<(Position, Vec<u8>)>,
}

impl ChunkBuilder {
    /// Appends the record of `event`, which must directly follow the
    /// previous one in position.
    pub fn push(&mut self, event: &RecordedEvent) {
        let record = codec::encode(event);
        if let Some((_, bytes)) = &self.current
            && bytes.len() + 4 + record.len() > MAX_CHUNK_BYTES
        {
            self.done.extend(self.current.take());
        }
        let (_, bytes) = self.current.get_or_insert_with(|| (event.position, vec![CHUNK_FORMAT_V1]));
        bytes.extend_from_slice(&(record.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&record);
    }

    /// The chunks, each with its first position.
    pub fn finish(mut self) -> Vec<(Position, Vec<u8>)> {
        self.done.extend(self.current.take());
        self.done
    }
}

/// The records of a chunk, in order, without decoding them.
pub fn records(chunk: &[u8]) -> Records<'_> {
    Records { rest: chunk, started: false }
}

/// Iterator over the records of a chunk.
pub struct Records<'a> {
    rest: &'a [u8],
    started: bool,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<&'a [u8], DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.started {
            self.started = true;
            match self.rest.split_first() {
                Some((&CHUNK_FORMAT_V1, rest)) => self.rest = rest,
                Some((&other, _)) => {
                    self.rest = &[];
                    return Some(Err(DecodeError(format!(
                        "unknown chunk format {other}; this build reads format {CHUNK_FORMAT_V1}"
                    ))));
                }
                None => return Some(Err(DecodeError("empty chunk".into()))),
            }
        }
        if self.rest.is_empty() {
            return None;
        }
        let Some((len, rest)) = self.rest.split_first_chunk::<4>() else {
            self.rest = &[];
            return Some(Err(DecodeError("chunk ends inside a record length".into())));
        };
        let len = u32::from_le_bytes(*len) as usize;
        if rest.len() < len {
            self.rest = &[];
            return Some(Err(DecodeError(format!("chunk ends inside a record of {len} bytes"))));
        }
        let (record, rest) = rest.split_at(len);
        self.rest = rest;
        Some(Ok(record))
    }
}

/// Decodes every event of a chunk stored under `first`, checking that the
/// records sit at consecutive positions from `first`.
/// Where each record of a chunk lies in it, in order: a reader that wants
/// a few of its records decodes only those.
pub fn spans(chunk: &[u8]) -> Result<Vec<std::ops::Range<usize>>, DecodeError> {
    let base = chunk.as_ptr() as usize;
    records(chunk)
        .map(|record| {
            let record = record?;
            let start = record.as_ptr() as usize - base;
            Ok(start..start + record.len())
        })
        .collect()
}

/// Decodes every record of a chunk stored under `first`, checking their
/// positions (what the tests compare against).
#[cfg(test)]
pub fn decode_all(first: Position, chunk: &[u8]) -> Result<Vec<RecordedEvent>, DecodeError> {
    let mut events = Vec::new();
    for (offset, record) in records(chunk).enumerate() {
        let event = codec::decode(record?)?;
        let expected = first + offset as u64;
        if event.position != expected {
            return Err(DecodeError(format!(
                "record {offset} of the chunk at {first} says position {}, not {expected}",
                event.position
            )));
        }
        events.push(event);
    }
    if events.is_empty() {
        return Err(DecodeError(format!("chunk at {first} holds no record")));
    }
    Ok(events)
}

/// Decodes the event at `position` from a chunk stored under `first`, if the
/// chunk holds it.
pub fn decode_one(first: Position, chunk: &[u8], position: Position) -> Result<Option<RecordedEvent>, DecodeError> {
    let Some(offset) = position.checked_sub(first) else {
        return Ok(None);
    };
    match records(chunk).nth(offset as usize) {
        None => Ok(None),
        Some(record) => {
            let event = codec::decode(record?)?;
            if event.position != position {
                return Err(DecodeError(format!(
                    "the chunk at {first} holds position {} where {position} belongs",
                    event.position
                )));
            }
            Ok(Some(event))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::types::StreamName;
    use bytes::Bytes;
    use chrono::DateTime;
    use uuid::Uuid;

    fn event(position: Position, payload: usize) -> RecordedEvent {
        RecordedEvent {
            position,
            stream: StreamName::parse("actor-7").unwrap(),
            version: position - 1,
            event_id: Uuid::from_u128(position as u128),
            event_type: "actor.registered".into(),
            schema: 1,
            recorded_at: DateTime::from_timestamp_micros(1_750_000_000_000_000 + position as i64).unwrap(),
            effective_at: DateTime::from_timestamp_micros(1_750_000_000_000_000).unwrap(),
            network: "tachov".into(),
            author: "user-1".into(),
            correlation_id: None,
            causation_id: None,
            payload: Bytes::from(vec![position as u8; payload]),
        }
    }

    #[test]
    fn a_commit_fills_chunks_up_to_the_limit_and_reads_back() {
        let mut builder = ChunkBuilder::default();
        let events: Vec<_> = (1..=100).map(|p| event(p, 300)).collect();
        for e in &events {
            builder.push(e);
        }
        let chunks = builder.finish();
        assert!(chunks.len() > 1, "100 events of 300 bytes need several chunks");
        assert!(chunks.iter().all(|(_, bytes)| bytes.len() <= MAX_CHUNK_BYTES));
        let back: Vec<_> = chunks.iter().flat_map(|(first, bytes)| decode_all(*first, bytes).unwrap()).collect();
        assert_eq!(back, events);
        let (first, bytes) = &chunks[1];
        assert_eq!(decode_one(*first, bytes, first + 2).unwrap(), Some(events[(first + 1) as usize].clone()));
        assert_eq!(decode_one(*first, bytes, first - 1).unwrap(), None);
    }

    #[test]
    fn damaged_chunks_are_errors_not_panics() {
        let mut builder = ChunkBuilder::default();
        builder.push(&event(1, 10));
        let (_, bytes) = builder.finish().remove(0);
        assert!(decode_all(1, &bytes[..bytes.len() - 3]).is_err());
        assert!(decode_all(2, &bytes).unwrap_err().0.contains("not 2"));
        assert!(decode_all(1, &[]).is_err());
        assert!(decode_all(1, &[9]).unwrap_err().0.contains("unknown chunk format 9"));
        assert!(decode_all(1, &[CHUNK_FORMAT_V1]).unwrap_err().0.contains("holds no record"));
    }

    /// The committed chunk bytes must keep decoding: a format change that
    /// breaks existing logs fails here. `UZEL_BLESS=1` writes the file once.
    #[test]
    fn the_golden_chunk_still_decodes() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/chunk_v1_two_events.bin");
        let events = vec![event(41, 5), event(42, 0)];
        if std::env::var_os("UZEL_BLESS").is_some() && !path.exists() {
            let mut builder = ChunkBuilder::default();
            events.iter().for_each(|e| builder.push(e));
            std::fs::write(&path, &builder.finish()[0].1).unwrap();
        }
        let bytes = std::fs::read(&path).expect("golden chunk is committed");
        assert_eq!(decode_all(41, &bytes).unwrap(), events);
    }
}
