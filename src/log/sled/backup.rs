//! Online backup: a consistent copy of a log that keeps taking writes.
//!
//! Chunks are written once and never changed, each commit's in one atomic
//! batch, and a commit is published (its position made the durable last
//! position) only after it is on disk. So the chunks whose first position
//! is at or before the durable last position `P` at the start of the copy
//! are exactly the log up to `P`: the backup copies those, and nothing
//! written later. The side stores (personal-data keys, credentials,
//! sessions, idempotency answers) are copied as they are at the time of
//! the copy; snapshots are not (they are rebuilt from the log).

use std::path::Path;

use super::keys;
use super::meta::{self, OpenMode};
use crate::log::error::LogError;
use crate::log::types::Position;

/// Bytes of chunks copied per sled batch.
const BATCH_BYTES: usize = 8 << 20;

/// What a backup wrote.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct BackupReport {
    /// The directory written.
    pub path: String,
    /// The log position the copy holds everything up to.
    pub position: Position,
    /// Side stores copied (personal-data keys, credentials, …).
    pub side_stores: usize,
    /// Bytes the copy takes on disk.
    pub bytes: u64,
}

/// Copies the log of `db` up to `position` and its side stores into the
/// directory `to`, which must be missing or empty.
pub fn backup(db: &sled::Db, position: Position, to: &Path) -> Result<BackupReport, LogError> {
    if to.exists() && std::fs::read_dir(to).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(LogError::NotALog {
            path: to.to_owned(),
            reason: "a backup goes into a new or empty directory; this one holds files".into(),
        });
    }
    let copy = meta::open(to, OpenMode::CreateIfMissing, 64 << 20)?;
    let mut batch = sled::Batch::default();
    let mut bytes = 0;
    for entry in db.range(keys::chunk(0)..=keys::chunk(position)) {
        let (key, value) = entry?;
        bytes += value.len();
        batch.insert(key, value);
        if bytes >= BATCH_BYTES {
            copy.apply_batch(std::mem::take(&mut batch))?;
            bytes = 0;
        }
    }
    copy.apply_batch(batch)?;
    let mut side_stores = 0;
    for name in db.tree_names() {
        if name.as_ref() == b"__sled__default" || name.as_ref() == b"snapshots" {
            continue;
        }
        let (from, into) = (db.open_tree(&name)?, copy.open_tree(&name)?);
        for entry in from.iter() {
            let (key, value) = entry?;
            into.insert(key, value)?;
        }
        side_stores += 1;
    }
    copy.flush()?;
    let size = copy.size_on_disk()?;
    drop(copy);
    Ok(BackupReport { path: to.display().to_string(), position, side_stores, bytes: size })
}
