//! The log's in-memory indexes saved beside it, so that an open reads only
//! the records after the saved position instead of the whole log. Saved
//! when the log closes, and when an open had many records to read; kept in
//! the `snapshots` tree under [`NAME`] (the newest only).
//!
//! Format: [`Index::encode`]'s bytes framed with [`MAGIC`] and
//! [`VERSION`] (`log/framed.rs`: a checksum too). One that does not read — or
//! whose last position's record is not the one it names — is ignored and
//! the indexes rebuilt from the whole log: the log stays the truth.

use super::index::Index;
use super::snapshots::{key, prefix};
use crate::log::error::LogError;
use crate::log::types::Position;

/// The snapshot name of the saved indexes.
pub const NAME: &str = "log-index";
/// The first bytes of saved indexes.
pub const MAGIC: &[u8; 8] = b"uzel-ix\n";
/// The format this build writes and reads.
pub const VERSION: u32 = 1;
/// Records an open reads before it saves the indexes again.
pub const SAVE_AFTER: u64 = 50_000;

/// Saves `index`, which reflects the log up to `position` exactly (no
/// event after it, none missing), replacing the saved one.
pub fn save(tree: &sled::Tree, index: &Index, position: Position) -> Result<usize, LogError> {
    write(tree, position, &encode(index))
}

/// The bytes [`save`] writes.
pub fn encode(index: &Index) -> Vec<u8> {
    crate::log::framed::wrap(MAGIC, VERSION, &index.encode())
}

/// Writes [`encode`]'s bytes of the indexes at `position`, replacing the
/// saved ones.
pub fn write(tree: &sled::Tree, position: Position, bytes: &[u8]) -> Result<usize, LogError> {
    let mut batch = sled::Batch::default();
    for old in tree.scan_prefix(prefix(NAME)).keys() {
        batch.remove(old?);
    }
    batch.insert(key(NAME, position), bytes);
    tree.apply_batch(batch)?;
    tree.flush()?;
    Ok(bytes.len())
}

/// The saved indexes and their position, if any read.
pub fn load(tree: &sled::Tree) -> Option<(Index, Position)> {
    let (k, v) = match tree.scan_prefix(prefix(NAME)).next_back()? {
        Ok(entry) => entry,
        Err(why) => {
            tracing::warn!(error = %why, "cannot read the saved indexes of the log; rebuilding them");
            return None;
        }
    };
    let position = u64::from_be_bytes(k.get(k.len().saturating_sub(8)..)?.try_into().ok()?);
    match decode(&v) {
        Ok(index) => Some((index, position)),
        Err(why) => {
            tracing::warn!(position, error = %why, "ignoring the saved indexes of the log; rebuilding them");
            None
        }
    }
}

fn decode(bytes: &[u8]) -> Result<Index, String> {
    Index::decode(crate::log::framed::unwrap(bytes, MAGIC, VERSION, "saved indexes")?)
}
