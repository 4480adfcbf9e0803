//! Rebuilding the in-memory indexes when the log opens (`index.rs` says why
//! they live in memory). From the indexes saved at the last close
//! (`index_store.rs`), only the records after them are read. Without, the
//! chunks are split into runs, one per core; each run's records are peeked
//! at — never decoded — and indexed on a thread of its own; then the runs
//! are joined in order. Either way positions must run gap-free from 1,
//! every stream's versions gap-free from 0, and no event id be stored
//! twice.

use chrono::{DateTime, Utc};

use super::index::{Index, Run};
use super::{index_store, keys, reads};
use crate::log::error::LogError;
use crate::log::types::Position;

/// The most runs, whatever the cores.
const MAX_RUNS: u64 = 8;

/// One run's index, its first and last positions and the last one's
/// recorded time.
struct Scanned {
    run: Run,
    first: Position,
    last: Position,
    last_recorded: DateTime<Utc>,
}

fn corrupt(position: Position, reason: String) -> LogError {
    LogError::Corrupt { at: format!("position {position}"), reason }
}

/// The indexes of the log in `db`, from those saved in `saved` and the
/// records after them, or from the whole log; with the last position and
/// its recorded time.
pub fn index(db: &sled::Db, saved: &sled::Tree) -> Result<(Index, Position, DateTime<Utc>, Opened), LogError> {
    let mut from = None;
    let (index, last, recorded, read) = match index_store::load(saved) {
        Some((index, at)) => match after(db, index, at) {
            Ok(found) => {
                from = Some(at);
                found
            }
            Err(why) => {
                tracing::warn!(position = at, error = %why, "the saved indexes do not fit the log; rebuilding them");
                whole(db)?
            }
        },
        None => whole(db)?,
    };
    Ok((index, last, recorded, Opened { saved: from, read }))
}

/// How an open built the log's indexes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Opened {
    /// The position of the saved indexes it started from (`None`: it read
    /// the whole log).
    pub saved: Option<Position>,
    /// The records it read.
    pub read: u64,
}

/// Adds the records after `at` to `index`, saved at `at`, checking that the
/// record at `at` is the one it names.
fn after(db: &sled::Db, mut index: Index, at: Position) -> Result<(Index, Position, DateTime<Utc>, u64), LogError> {
    let start = reads::chunk_start(db, at)?.ok_or_else(|| corrupt(at, "the log holds no record here".into()))?;
    let mut last: Option<(Position, DateTime<Utc>)> = None;
    let mut read = 0;
    reads::scan_peeks(db, start, None, |peek| {
        let position = peek.position;
        if position < at {
            return Ok(());
        }
        let id = uuid::Uuid::from_slice(peek.event_id)
            .map_err(|_| corrupt(position, "the event id is not 16 bytes".into()))?;
        let recorded = DateTime::from_timestamp_micros(peek.recorded_at_us)
            .ok_or_else(|| corrupt(position, "the recorded time is out of range".into()))?;
        match last {
            None if index.position_of_id(&id) != Some(at) || position != at => {
                return Err(corrupt(position, "the saved indexes name another record here".into()));
            }
            None => {}
            Some((previous, _)) if position != previous + 1 => {
                return Err(corrupt(position, format!("follows position {previous}: a gap in the log")));
            }
            Some(_) => {
                index
                    .add_parts(peek.stream, peek.version, id, peek.event_type, position)
                    .map_err(|reason| corrupt(position, reason))?;
                read += 1;
            }
        }
        last = Some((position, recorded));
        Ok(())
    })?;
    let (last, recorded) = last.ok_or_else(|| corrupt(at, "the log holds no record here".into()))?;
    Ok((index, last, recorded, read))
}

/// Reads the whole log once to rebuild the indexes.
fn whole(db: &sled::Db) -> Result<(Index, Position, DateTime<Utc>, u64), LogError> {
    let Some(last_chunk) = db.scan_prefix([keys::CHUNK]).keys().next_back().transpose()? else {
        return Ok((Index::default(), 0, DateTime::UNIX_EPOCH, 0));
    };
    let end = keys::chunk_position(&last_chunk).unwrap_or(1).max(1);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get() as u64);
    let runs = cores.clamp(1, MAX_RUNS);
    let mut starts = vec![1];
    for k in 1..runs {
        if let Some(first) = reads::chunk_start(db, end * k / runs)?
            && first > starts[starts.len() - 1]
        {
            starts.push(first);
        }
    }
    let capacity = usize::try_from(end / starts.len() as u64).unwrap_or(0) + 1024;
    let scanned: Vec<Result<Scanned, LogError>> = std::thread::scope(|scope| {
        let threads: Vec<_> = starts
            .iter()
            .enumerate()
            .map(|(i, &from)| {
                let to = starts.get(i + 1).copied();
                scope.spawn(move || scan(db, from, to, capacity))
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|_| Err(LogError::Storage("a thread indexing the log failed".into()))))
            .collect()
    });
    let mut runs = Vec::with_capacity(scanned.len());
    let mut last = (0, DateTime::UNIX_EPOCH);
    for part in scanned {
        let part = part?;
        if part.first == 0 {
            continue; // an empty run
        }
        if part.first != last.0 + 1 {
            return Err(corrupt(part.first, format!("follows position {}: a gap in the log", last.0)));
        }
        last = (part.last, part.last_recorded);
        runs.push(part.run);
    }
    let index = Index::from_runs(runs).map_err(|(position, reason)| corrupt(position, reason))?;
    Ok((index, last.0, last.1, last.0))
}

/// Indexes the run of chunks from the one starting at `from` up to the one
/// starting at `to`.
fn scan(db: &sled::Db, from: Position, to: Option<Position>, capacity: usize) -> Result<Scanned, LogError> {
    let mut scanned =
        Scanned { run: Run::with_capacity(capacity), first: 0, last: 0, last_recorded: DateTime::UNIX_EPOCH };
    reads::scan_peeks(db, from, to, |peek| {
        let position = peek.position;
        if scanned.first == 0 {
            scanned.first = position;
        } else if position != scanned.last + 1 {
            return Err(corrupt(position, format!("follows position {}: a gap in the log", scanned.last)));
        }
        if peek.stream.is_empty() {
            return Err(corrupt(position, "the record names no stream".into()));
        }
        let id = uuid::Uuid::from_slice(peek.event_id)
            .map_err(|_| corrupt(position, "the event id is not 16 bytes".into()))?;
        scanned.last_recorded = DateTime::from_timestamp_micros(peek.recorded_at_us)
            .ok_or_else(|| corrupt(position, "the recorded time is out of range".into()))?;
        scanned
            .run
            .add(peek.stream, peek.version, id, peek.event_type, position)
            .map_err(|reason| corrupt(position, reason))?;
        scanned.last = position;
        Ok(())
    })?;
    Ok(scanned)
}
