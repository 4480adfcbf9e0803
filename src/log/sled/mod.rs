//! The embedded backend: the event log in one sled directory, no server.
//!
//! - `meta.rs` opens a directory safely and marks new logs with their format;
//! - `keys.rs` is the key layout, `chunk.rs` the chunks records are packed in;
//! - `index.rs` holds the stream and idempotency indexes in memory;
//! - `writer.rs` is the group-commit writer thread, the only writer, and
//!   `syncer.rs` the threads that make its batches durable and answer;
//! - `reads.rs` answers reads, bounded by the committed position;
//! - `snapshots.rs` stores projection snapshots beside the log;
//! - `check.rs` verifies a directory offline (`uzel check`);
//! - `backup.rs` copies the log up to one position while it takes writes.

mod backup;
mod check;
mod chunk;
mod index;
mod index_store;
mod keys;
mod meta;
mod reads;
mod rebuild;
pub use self::index_store::SAVE_AFTER as INDEX_SAVE_AFTER;
pub use self::rebuild::Opened;
pub use self::side::SledSide;
mod side;
mod snapshots;
mod syncer;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, RwLock};

use tokio::sync::{Semaphore, broadcast, mpsc, oneshot};

pub use self::backup::BackupReport;
pub use self::check::{CheckReport, PayloadCheck, check_directory};
use self::index::Index;
use self::meta::OpenMode;
use self::syncer::Syncers;
pub use self::writer::SyncMode;
use self::writer::{Command, Request, Shared, Writer};
use super::error::{AppendError, InvalidInput, LogError};
use super::rules::validate_append;
use super::types::*;
use super::{CommittedBatch, EventLog};

/// Tuning of the sled backend. The defaults suit a server; tests shrink the
/// queues to provoke backpressure.
#[derive(Clone, Debug)]
pub struct SledOptions {
    /// How hard each commit pushes data to the disk.
    pub sync: SyncMode,
    /// sled's page cache, in bytes.
    pub cache_bytes: u64,
    /// Appends that may wait for the writer before `append` waits too.
    pub queue_appends: usize,
    /// Payload bytes that may wait for the writer before `append` waits.
    pub queue_bytes: usize,
    /// The writer stops taking appends into a batch at about this many
    /// bytes of records (one chunk), unless a single append is bigger.
    pub max_batch_bytes: usize,
    /// Threads making batches durable. With more than one, the flushes of
    /// consecutive rounds overlap (see `syncer.rs`): it helps a disk that
    /// serves parallel writes well; on the 2-core reference machine one is
    /// fastest, hence the default.
    pub syncers: usize,
    /// Committed batches a live subscriber may fall behind before it is told
    /// to re-read from the log.
    pub live_capacity: usize,
}

impl Default for SledOptions {
    fn default() -> Self {
        Self {
            sync: SyncMode::Fdatasync,
            cache_bytes: 512 << 20,
            queue_appends: 4096,
            queue_bytes: 64 << 20,
            max_batch_bytes: chunk::TARGET_CHUNK_BYTES,
            syncers: 1,
            live_capacity: 1024,
        }
    }
}

/// Counters of the writer since the log was opened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriterStats {
    /// Batches committed.
    pub batches: u64,
    /// Events committed.
    pub events: u64,
    /// Flushes, each covering one or more batches.
    pub flushes: u64,
    /// Microseconds spent making batches durable (flush and sync).
    pub flush_micros: u64,
}

/// The event log in a sled directory. Cheap to clone; every clone is the
/// same log.
#[derive(Clone)]
pub struct SledLog {
    inner: Arc<Inner>,
}

struct Inner {
    db: sled::Db,
    dir: PathBuf,
    shared: Arc<Shared>,
    queue: mpsc::Sender<Command>,
    queue_bytes: Arc<Semaphore>,
    queue_bytes_max: usize,
    /// Taken out on close, so live receivers end once the writer is gone.
    live: Mutex<Option<broadcast::Sender<CommittedBatch>>>,
    /// Signals of the writer and syncer threads ending, awaited by `close`.
    exits: Mutex<Vec<oneshot::Receiver<()>>>,
    snapshots: sled::Tree,
    opened: Opened,
}

/// Waits, up to `within`, until nothing holds the lock of the log in
/// `dir`; true when it is free. sled finishes its last writes on threads of
/// its own after the last handle of a database is dropped, holding the lock
/// until they are done: a process that opens the directory again (a test
/// restarting its server, a restore) waits here rather than failing.
pub async fn released(dir: &Path, within: std::time::Duration) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let Ok(file) = std::fs::File::open(dir.join("db")) else { return true };
        match file.try_lock() {
            // Dropping the file lets go of the lock taken just now.
            Ok(()) => return true,
            Err(std::fs::TryLockError::WouldBlock) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            Err(_) => return false,
        }
    }
}

impl SledLog {
    /// Opens the log in `dir`, creating it if the directory is missing or
    /// empty. Refuses a directory that holds something else, a log of a newer
    /// format, or a log another process has open.
    pub fn open(dir: impl AsRef<Path>, options: SledOptions) -> Result<Self, LogError> {
        Self::open_with(dir.as_ref(), options, OpenMode::CreateIfMissing)
    }

    /// Opens an existing log only (never creates one).
    pub fn open_existing(dir: impl AsRef<Path>, options: SledOptions) -> Result<Self, LogError> {
        Self::open_with(dir.as_ref(), options, OpenMode::ExistingOnly)
    }

    fn open_with(dir: &Path, options: SledOptions, mode: OpenMode) -> Result<Self, LogError> {
        let db = meta::open(dir, mode, options.cache_bytes)?;
        let snapshots = db.open_tree("snapshots")?;
        let (index, last_position, last_recorded, opened) = rebuild::index(&db, &snapshots)?;
        let shared = Arc::new(Shared { index: RwLock::new(index), ..Shared::default() });
        shared.committed.store(last_position, Ordering::Release);
        let (live, _) = broadcast::channel(options.live_capacity.max(1));
        let (queue, queue_rx) = mpsc::channel(options.queue_appends.max(1));
        // Batches applied but not yet durable; a full hand-over makes the
        // writer wait for the disk, which is the backpressure we want.
        let (to_syncer, from_writer) = std::sync::mpsc::sync_channel(64);
        let syncers = Arc::new(Syncers::new(
            db.clone(),
            dir.to_owned(),
            options.sync,
            Arc::clone(&shared),
            live.clone(),
            from_writer,
        )?);
        let writer =
            Writer::new(db.clone(), Arc::clone(&shared), to_syncer, options.max_batch_bytes.max(1), last_recorded);
        // Each thread reports when it has ended and dropped its handle on
        // the database, so `close` can promise the directory is released.
        let mut exits = Vec::new();
        let mut spawn = |name: String, work: Box<dyn FnOnce() + Send>| {
            let (exited, exit) = oneshot::channel::<()>();
            exits.push(exit);
            std::thread::Builder::new()
                .name(name.clone())
                .spawn(move || {
                    work();
                    let _ = exited.send(());
                })
                .map(drop)
                .map_err(|e| LogError::Storage(format!("cannot start the {name} thread: {e}")))
        };
        for n in 0..options.syncers.max(1) {
            let syncers = Arc::clone(&syncers);
            spawn(
                format!("uzel-log-sync-{n}"),
                Box::new(move || {
                    syncers.run();
                    drop(syncers);
                }),
            )?;
        }
        if opened.read == 0 && opened.saved.is_some() {
            shared.index_saved.store(last_position, Ordering::Release);
        } else if opened.read >= index_store::SAVE_AFTER {
            // Encoded now, before any append moves the indexes past the
            // last position; written meanwhile.
            let (bytes, tree) =
                (index_store::encode(&shared.index.read().unwrap_or_else(|e| e.into_inner())), snapshots.clone());
            let shared = Arc::clone(&shared);
            spawn(
                "uzel-log-index".into(),
                Box::new(move || match index_store::write(&tree, last_position, &bytes) {
                    Ok(_) => shared.index_saved.store(last_position, Ordering::Release),
                    Err(why) => tracing::warn!(error = %why, "cannot save the indexes of the log"),
                }),
            )?;
        }
        spawn("uzel-log-writer".into(), Box::new(move || writer.run(queue_rx)))?;
        drop(syncers);
        let queue_bytes_max = options.queue_bytes.clamp(MAX_APPEND_BYTES, u32::MAX as usize);
        Ok(Self {
            inner: Arc::new(Inner {
                db,
                dir: dir.to_owned(),
                shared,
                queue,
                queue_bytes: Arc::new(Semaphore::new(queue_bytes_max)),
                queue_bytes_max,
                live: Mutex::new(Some(live)),
                exits: Mutex::new(exits),
                snapshots,
                opened,
            }),
        })
    }

    /// How the open built the indexes: from the saved ones, reading how
    /// many records.
    pub fn opened(&self) -> Opened {
        self.inner.opened
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// What the writer has done since the log was opened.
    pub fn writer_stats(&self) -> WriterStats {
        let s = &self.inner.shared;
        let commits = s.commit_times.snapshot();
        WriterStats {
            batches: s.batches.load(Ordering::Relaxed),
            events: s.events.load(Ordering::Relaxed),
            flushes: commits.count(),
            flush_micros: commits.sum_micros,
        }
    }

    /// A store kept beside the log in the same sled database (e.g. the
    /// personal-data keys). Its writes become durable with the log's next
    /// commit, or at once with `flush`. `name` must not be one the log uses.
    pub fn side_tree(&self, name: &str) -> Result<sled::Tree, LogError> {
        if name == "snapshots" || name.as_bytes() == b"__sled__default" {
            return Err(InvalidInput::new("name", format!("{name} belongs to the log")).into());
        }
        Ok(self.inner.db.open_tree(name)?)
    }

    /// The store `name` beside the log (see [`SledLog::side_tree`]).
    pub fn side_store(&self, name: &str) -> Result<std::sync::Arc<dyn crate::log::SideStore>, LogError> {
        Ok(std::sync::Arc::new(SledSide(self.side_tree(name)?)))
    }

    /// Writes a consistent copy of the log, up to its durable last
    /// position now, and of its side stores into the new or empty
    /// directory `to`, while the log keeps taking writes.
    pub fn backup_to(&self, to: &Path) -> Result<BackupReport, LogError> {
        let position = self.inner.shared.committed.load(Ordering::Acquire);
        backup::backup(&self.inner.db, position, to)
    }

    /// Bytes the log's files take on disk.
    pub fn size_on_disk(&self) -> Result<u64, LogError> {
        Ok(self.inner.db.size_on_disk()?)
    }

    /// Streams in the log.
    pub fn stream_count(&self) -> usize {
        self.index().streams()
    }

    /// Roughly how many bytes the in-memory indexes hold.
    pub fn index_memory_bytes(&self) -> usize {
        self.index().memory_bytes()
    }

    fn committed(&self) -> Position {
        self.inner.shared.committed.load(Ordering::Acquire)
    }

    fn index(&self) -> std::sync::RwLockReadGuard<'_, Index> {
        self.inner.shared.index.read().unwrap_or_else(|e| e.into_inner())
    }
}

#[async_trait::async_trait]
impl EventLog for SledLog {
    async fn append(
        &self,
        stream: &StreamName,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<AppendResult, AppendError> {
        let bytes = validate_append(&events)?;
        // Each event also costs its envelope and index entries; count them so
        // a flood of tiny events is bounded too.
        let cost = (bytes + events.len() * 256).min(self.inner.queue_bytes_max) as u32;
        let permit =
            Arc::clone(&self.inner.queue_bytes).acquire_many_owned(cost).await.map_err(|_| AppendError::Closed)?;
        let (reply, answer) = oneshot::channel();
        let request = Request { stream: stream.clone(), expected, events, reply, _permit: permit };
        self.inner.queue.send(Command::Append(request)).await.map_err(|_| AppendError::Closed)?;
        answer.await.map_err(|_| AppendError::Closed)?
    }

    async fn read_stream(
        &self,
        stream: &StreamName,
        from: ReadFrom,
        direction: Direction,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, LogError> {
        let positions = self.index().positions(stream, from, direction, max.min(reads::MAX_READ), self.committed());
        reads::events_at(&self.inner.db, &positions)
    }

    async fn read_all(
        &self,
        from: ReadFrom,
        direction: Direction,
        max: usize,
        filter: &EventFilter,
    ) -> Result<AllSlice, LogError> {
        reads::read_all(&self.inner.db, self.committed(), from, direction, max, filter)
    }

    fn backup_to(&self, to: &Path) -> Result<BackupReport, LogError> {
        SledLog::backup_to(self, to)
    }

    fn last_position(&self) -> Position {
        self.committed()
    }

    async fn event_position(&self, event_id: &uuid::Uuid) -> Result<Option<(Position, u64)>, LogError> {
        let Some(position) = self.index().position_of_id(event_id).filter(|p| *p <= self.committed()) else {
            return Ok(None);
        };
        Ok(reads::event_at(&self.inner.db, position)?.map(|e| (e.position, e.version)))
    }

    async fn stream_version(&self, stream: &StreamName) -> Result<Option<u64>, LogError> {
        Ok(self.index().version_at(stream, self.committed()))
    }

    fn live(&self) -> broadcast::Receiver<CommittedBatch> {
        match &*self.inner.live.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(sender) => sender.subscribe(),
            None => broadcast::channel(1).1,
        }
    }

    async fn close(&self) -> Result<(), LogError> {
        self.inner.live.lock().unwrap_or_else(|e| e.into_inner()).take();
        let (done, finished) = oneshot::channel();
        let flushed = if self.inner.queue.send(Command::Close(done)).await.is_err() {
            Ok(()) // closed already
        } else {
            finished.await.unwrap_or(Ok(()))
        };
        // Wait for the threads to end, so that once every handle is dropped
        // the directory is free for another open.
        let exits = std::mem::take(&mut *self.inner.exits.lock().unwrap_or_else(|e| e.into_inner()));
        let closing = !exits.is_empty();
        for exit in exits {
            let _ = exit.await;
        }
        let shared = &self.inner.shared;
        let last = shared.committed.load(Ordering::Acquire);
        if closing && flushed.is_ok() && last != shared.index_saved.load(Ordering::Acquire) {
            // Nothing appends any more: the indexes are final, and the next
            // open reads only what a crash might add after them.
            let index = shared.index.read().unwrap_or_else(|e| e.into_inner());
            match index_store::save(&self.inner.snapshots, &index, last) {
                Ok(_) => shared.index_saved.store(last, Ordering::Release),
                Err(why) => tracing::warn!(error = %why, "cannot save the indexes of the log"),
            }
        }
        flushed
    }

    fn commit_times(&self) -> Option<crate::log::CommitTimesSnapshot> {
        Some(self.inner.shared.commit_times.snapshot())
    }

    fn snapshots(&self) -> Option<&dyn crate::log::SnapshotStore> {
        Some(self)
    }

    async fn positions_of_type(&self, event_type: &str) -> Option<Vec<Position>> {
        let committed = self.inner.shared.committed.load(Ordering::Acquire);
        Some(self.inner.shared.index.read().unwrap_or_else(|e| e.into_inner()).positions_of_type(event_type, committed))
    }
}
