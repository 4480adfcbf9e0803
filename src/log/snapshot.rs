//! Snapshots of read models, so a projection can start from a recent state
//! instead of replaying the whole log, and an as-of query can replay from
//! the nearest earlier state.
//!
//! A snapshot is opaque bytes tagged with the log position whose state it
//! reflects. Several snapshots of one model may be kept, one per position.

use super::error::LogError;
use super::types::Position;

/// The longest snapshot name, in bytes.
pub const MAX_SNAPSHOT_NAME_LEN: usize = 100;

/// One stored snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The model it belongs to, e.g. `directory`.
    pub name: String,
    /// The last log position the state reflects.
    pub position: Position,
    /// The model's own encoding of its state.
    pub data: Vec<u8>,
}

/// Where projections keep their snapshots; each log backend provides one.
#[async_trait::async_trait]
pub trait SnapshotStore: Send + Sync {
    /// Stores a durable snapshot of `name` reflecting the log up to
    /// `position`, replacing one at the same position. Refuses a position
    /// past the log's last event: no state can reflect events that do not
    /// exist.
    async fn save_snapshot(&self, name: &str, position: Position, data: &[u8]) -> Result<(), LogError>;

    /// The latest snapshot of `name` at or before `at_or_before` (`None`:
    /// the latest of all).
    async fn load_snapshot(&self, name: &str, at_or_before: Option<Position>) -> Result<Option<Snapshot>, LogError>;

    /// The positions and sizes of the snapshots of `name`, oldest first.
    async fn list_snapshots(&self, name: &str) -> Result<Vec<(Position, usize)>, LogError>;

    /// Deletes all but the newest `keep` snapshots of `name`; returns how
    /// many were deleted.
    async fn prune_snapshots(&self, name: &str, keep: usize) -> Result<usize, LogError>;
}

/// Checks a snapshot before it is saved: its name, and that `position` is
/// not past `last`, the log's end.
pub fn check_save(name: &str, position: Position, last: Position) -> Result<(), LogError> {
    validate_name(name)?;
    if position > last {
        return Err(super::error::InvalidInput::new(
            "position",
            format!("snapshot at position {position} but the log ends at {last}"),
        )
        .into());
    }
    Ok(())
}

/// Checks a snapshot name.
pub fn validate_name(name: &str) -> Result<(), super::error::InvalidInput> {
    if name.is_empty() || name.len() > MAX_SNAPSHOT_NAME_LEN || name.chars().any(|c| c.is_control()) {
        return Err(super::error::InvalidInput::new(
            "name",
            format!("snapshot names are 1 to {MAX_SNAPSHOT_NAME_LEN} bytes without control characters"),
        ));
    }
    Ok(())
}
