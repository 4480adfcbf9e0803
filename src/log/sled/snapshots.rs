//! Snapshots in the `snapshots` tree beside the log: key `{name}\0{position
//! as u64 BE}`, value the snapshot's bytes. Big-endian positions sort, so the
//! latest snapshot at or before a position is one reverse range step away.

use super::SledLog;
use crate::log::EventLog;
use crate::log::error::LogError;
use crate::log::snapshot::{Snapshot, SnapshotStore, check_save, validate_name};
use crate::log::types::Position;

pub(super) fn prefix(name: &str) -> Vec<u8> {
    let mut key = name.as_bytes().to_vec();
    key.push(0);
    key
}

fn position_of(key: &[u8]) -> Option<Position> {
    let tail: [u8; 8] = key.get(key.len().checked_sub(8)?..)?.try_into().ok()?;
    Some(u64::from_be_bytes(tail))
}

pub(super) fn key(name: &str, position: Position) -> Vec<u8> {
    let mut key = prefix(name);
    key.extend_from_slice(&position.to_be_bytes());
    key
}

#[async_trait::async_trait]
impl SnapshotStore for SledLog {
    async fn save_snapshot(&self, name: &str, position: Position, data: &[u8]) -> Result<(), LogError> {
        check_save(name, position, self.last_position())?;
        let tree = &self.inner.snapshots;
        tree.insert(key(name, position), data)?;
        tree.flush_async().await?;
        Ok(())
    }

    async fn load_snapshot(&self, name: &str, at_or_before: Option<Position>) -> Result<Option<Snapshot>, LogError> {
        validate_name(name)?;
        let upto = key(name, at_or_before.unwrap_or(u64::MAX));
        let Some(entry) = self.inner.snapshots.range(prefix(name)..=upto).next_back() else {
            return Ok(None);
        };
        let (k, v) = entry?;
        let position = position_of(&k).unwrap_or_default();
        Ok(Some(Snapshot { name: name.to_owned(), position, data: v.to_vec() }))
    }

    async fn list_snapshots(&self, name: &str) -> Result<Vec<(Position, usize)>, LogError> {
        validate_name(name)?;
        self.inner
            .snapshots
            .scan_prefix(prefix(name))
            .map(|entry| {
                let (k, v) = entry?;
                Ok((position_of(&k).unwrap_or_default(), v.len()))
            })
            .collect()
    }

    async fn prune_snapshots(&self, name: &str, keep: usize) -> Result<usize, LogError> {
        let all = self.list_snapshots(name).await?;
        let doomed = all.len().saturating_sub(keep);
        let mut batch = sled::Batch::default();
        for (position, _) in &all[..doomed] {
            batch.remove(key(name, *position));
        }
        self.inner.snapshots.apply_batch(batch)?;
        self.inner.snapshots.flush_async().await?;
        Ok(doomed)
    }
}
