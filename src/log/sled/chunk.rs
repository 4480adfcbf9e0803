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
        let (_, bytes) = self
            .current
            .get_or_insert_with(|| (event.position, vec![CHUNK_FORMAT_V1]));
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
    Records {
        rest: chunk,
        started: false,
    }
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
            return Some(Err(DecodeError(format!(
                "chunk ends inside a record of {len} bytes"
            ))));
        }
        let (record, rest) = rest.split_at(len);
        self.rest = rest;
        Some(Ok(record))
    }
}

/// Decodes every event of a chunk stored under `first`, checking that the
/// records sit at consecutive positions from `first`.
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
pub fn decode_one(
    first: Position,
    chunk: &[u8],
    position: Position,
) -> Result<Option<RecordedEvent>, DecodeError> {
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
