//! The event log: the single source of truth of uzel.
//!
//! The contract (EventStoreDB semantics, see `docs/architecture.md`):
//!
//! - events live in streams named `{category}-{id}`; each stream's versions
//!   run from 0 without gaps, and one global position runs from 1 without
//!   gaps across all streams;
//! - an append to one stream is all-or-nothing and checks an
//!   [`ExpectedVersion`]; a mismatch writes nothing and reports the current
//!   version;
//! - re-appending event ids that are stored already writes nothing and
//!   answers with the original positions (idempotent retries);
//! - an append is acknowledged only once it is durable, and readers and
//!   subscribers only ever see durable events, in position order;
//! - [`Subscription`]s catch up from the log, then follow live commits with
//!   no gap and no duplicate.
//!
//! [`EventLog`] is the trait every backend implements; [`SledLog`] is the
//! embedded default, [`PostgresLog`] the one several nodes share.

mod codec;
mod commit_times;
mod error;
pub mod framed;
mod postgres;
pub mod probe;
mod rules;
mod side;
mod sled;
mod snapshot;
mod subscription;
mod types;
mod verify;

use std::sync::Arc;

use tokio::sync::broadcast;

pub use self::codec::{DecodeError, RECORD_FORMAT_V1, decode as decode_record, encode as encode_record};
pub use self::commit_times::{BOUNDS as COMMIT_BOUNDS, CommitTimes, CommitTimesSnapshot};
pub use self::error::{AppendError, InvalidInput, LogError};
pub use self::postgres::{Importer, PostgresLog, PostgresOptions, SCHEMA_VERSION, is_postgres_url};
pub use self::rules::{read_bounds, validate_append};
pub use self::side::SideStore;
pub use self::sled::{
    BackupReport, CheckReport, INDEX_SAVE_AFTER, PayloadCheck, SledLog, SledOptions, SledSide, SyncMode, WriterStats,
    check_directory, released as sled_released,
};
pub use self::snapshot::{Snapshot, SnapshotStore};
pub use self::subscription::Subscription;
pub use self::types::*;
pub use self::verify::check_log;

/// Events committed together, as published to live subscribers: already
/// durable, in position order, gap-free after the previous batch.
pub type CommittedBatch = Arc<[Arc<RecordedEvent>]>;

/// The event log every backend implements (see the module docs for the
/// contract). The conformance tests in `tests/log/conformance.rs` hold any
/// implementation to it.
#[async_trait::async_trait]
pub trait EventLog: Send + Sync + 'static {
    /// Appends `events` to `stream` if `expected` holds, all or nothing,
    /// and returns once they are durable.
    async fn append(
        &self,
        stream: &StreamName,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<AppendResult, AppendError>;

    /// Reads up to `max` events of one stream from `from` (a version) in
    /// `direction`. A stream that does not exist reads as empty.
    async fn read_stream(
        &self,
        stream: &StreamName,
        from: ReadFrom,
        direction: Direction,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, LogError>;

    /// Reads up to `max` events of the whole log that pass `filter`, from
    /// `from` (a position) in `direction`, examining at most a bounded
    /// number of events so a narrow filter cannot stall the caller; the
    /// slice says where to continue.
    async fn read_all(
        &self,
        from: ReadFrom,
        direction: Direction,
        max: usize,
        filter: &EventFilter,
    ) -> Result<AllSlice, LogError>;

    /// The position of the last durable event (0 for an empty log).
    fn last_position(&self) -> Position;

    /// The events at `positions` (sorted, no repeats) that pass `filter`,
    /// in position order, if the backend reads scattered positions in bulk
    /// (`None`: read them with `read_all`, a run of nearby positions at a
    /// time — cheap on sled, a round trip each on a database).
    async fn events_at(
        &self,
        positions: &[Position],
        filter: &EventFilter,
    ) -> Result<Option<Vec<RecordedEvent>>, LogError> {
        let _ = (positions, filter);
        Ok(None)
    }

    /// Where an event id is stored: its position and stream version, if it
    /// is stored and durable.
    async fn event_position(&self, event_id: &uuid::Uuid) -> Result<Option<(Position, u64)>, LogError>;

    /// The version of the stream's last event, `None` if it has none.
    async fn stream_version(&self, stream: &StreamName) -> Result<Option<u64>, LogError>;

    /// A receiver of every batch committed from now on. Subscribers that fall
    /// behind get `Lagged` and must re-read from the log; the sender never
    /// waits for them.
    fn live(&self) -> broadcast::Receiver<CommittedBatch>;

    /// Stops accepting appends, finishes the ones already queued, makes
    /// everything durable and ends live feeds. Idempotent.
    async fn close(&self) -> Result<(), LogError>;

    /// Writes a consistent copy of the log up to its durable last position
    /// (and of the stores beside it) into the new or empty directory `to`,
    /// while appends go on. Blocking: call it off the async threads.
    fn backup_to(&self, to: &std::path::Path) -> Result<BackupReport, LogError> {
        Err(LogError::Storage(format!("this log backend cannot write a backup to {}", to.display())))
    }

    /// The positions of every durable event of `event_type`, in order, if
    /// the backend indexes events of that type (`None`: read the log with a
    /// type filter instead). The sled backend indexes every type; the
    /// PostgreSQL backend only the erasures (`actor.contact_erased`).
    async fn positions_of_type(&self, event_type: &str) -> Option<Vec<Position>> {
        let _ = event_type;
        None
    }

    /// Where this backend keeps snapshots of read models, if it keeps any
    /// (`None`: projections rebuild from the log at every start).
    fn snapshots(&self) -> Option<&dyn SnapshotStore> {
        None
    }

    /// Whether other processes append to this log too (several nodes on
    /// one database): a position past this process's end may exist
    /// already, not yet seen here.
    fn shared(&self) -> bool {
        false
    }

    /// Whether the log's storage can be reached just now, as a value that
    /// changes (a database server; `None`: storage in this process, always
    /// there).
    fn reachability(&self) -> Option<tokio::sync::watch::Receiver<bool>> {
        None
    }

    /// The last position committed by any process (on a shared log, asked
    /// of the database; otherwise this process's [`EventLog::last_position`]).
    async fn committed_head(&self) -> Result<Position, LogError> {
        Ok(self.last_position())
    }

    /// How long the log's commits took to become durable, if the backend
    /// keeps count (`None` otherwise).
    fn commit_times(&self) -> Option<CommitTimesSnapshot> {
        None
    }
}

/// Subscribes to every event after `after` that passes `filter`: history
/// from the log, then live events, with no gap and no duplicate.
pub fn subscribe(log: Arc<dyn EventLog>, after: Position, filter: EventFilter) -> Subscription {
    Subscription::new(log, after, filter)
}
