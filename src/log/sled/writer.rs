//! The group-commit writer: the only code that writes events to sled. It is
//! the first of two stages, each on its own OS thread:
//!
//! 1. **the writer** (this file) blocks on the bounded queue for the first
//!    waiting append, takes whatever else is already waiting (up to a batch
//!    limit), checks each append against the stream versions and event ids
//!    as they stand *including the earlier appends of the same batch and of
//!    batches not yet durable*, assigns positions and versions, writes every
//!    accepted event as chunks in one sled batch (in memory), updates the
//!    in-memory index, and hands the batch with its answers to
//! 2. **the syncer** (`syncer.rs`), which takes every batch handed over since
//!    its last round, makes them durable with one flush (plus `fdatasync` in
//!    [`SyncMode::Fdatasync`]), and only then, batch by batch in order,
//!    advances the committed position readers see, publishes the events to
//!    live subscribers and answers the appends — rejections included, since
//!    a rejection may depend on a batch that is not durable yet.
//!
//! Why one writer: positions and versions are assigned in one place, so they
//! are gap-free by construction. Why a second stage: the flush — the
//! expensive part — then overlaps with deciding and applying the next
//! batches, and one flush covers all of them; the batch size grows with the
//! load. Readers never look past the committed position, so the index and
//! sled running ahead of durability is invisible to them.
//!
//! Shutdown: a `Close` command finishes the batch it arrived with, answers
//! every append queued after it with `Closed`, and passes the close on to the
//! syncer, which flushes, answers and ends; dropping every handle of the log
//! ends both threads the same way.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, mpsc as std_mpsc};

use chrono::{DateTime, Utc};
use tokio::sync::{OwnedSemaphorePermit, mpsc, oneshot};
use uuid::Uuid;

use super::chunk::ChunkBuilder;
use super::index::Index;
use super::keys;
use super::reads;
use super::syncer::Applied;
use crate::log::codec::to_micros;
use crate::log::error::{AppendError, LogError};
use crate::log::types::{AppendResult, ExpectedVersion, NewEvent, Position, RecordedEvent, StreamName};

/// How hard a commit pushes the data towards the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMode {
    /// sled's `flush` only: written out of the process with
    /// `sync_file_range`, so it survives the process dying (`kill -9`) but
    /// not necessarily a power loss, which can drop the drive's cache and
    /// the file's new length.
    Flush,
    /// `flush`, then `fdatasync` of sled's files: survives power loss too.
    /// The default.
    Fdatasync,
}

/// Where an append's answer goes.
pub(super) type Reply = oneshot::Sender<Answer>;

/// One append waiting for the writer.
pub(super) struct Request {
    pub stream: StreamName,
    pub expected: ExpectedVersion,
    pub events: Vec<NewEvent>,
    pub reply: Reply,
    /// Holds the append's bytes against the queue's byte budget until the
    /// writer is done with it.
    pub _permit: OwnedSemaphorePermit,
}

/// What the writer thread is asked to do.
pub(super) enum Command {
    Append(Request),
    Close(oneshot::Sender<Result<(), LogError>>),
}

/// State the writer shares with readers.
#[derive(Debug, Default)]
pub(super) struct Shared {
    /// Position of the last durable event: readers never look past it.
    pub committed: AtomicU64,
    /// The stream and idempotency indexes, updated after each commit.
    pub index: RwLock<Index>,
    /// Batches committed since the log was opened.
    pub batches: AtomicU64,
    /// Events committed since the log was opened.
    pub events: AtomicU64,
    /// How long each flush (and fdatasync, each covering one or more
    /// batches) took since the log was opened.
    pub commit_times: crate::log::CommitTimes,
    /// Set when storage failed: every later append is refused with it.
    pub failed: std::sync::Mutex<Option<String>>,
    /// The position of the indexes saved beside the log, when they are
    /// known to be these (0: not known): a close that appended nothing
    /// does not write them again.
    pub index_saved: AtomicU64,
}

impl Shared {
    /// Why storage failed, if it did.
    pub fn failure(&self) -> Option<String> {
        self.failed.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The writer thread's state.
pub(super) struct Writer {
    db: sled::Db,
    shared: Arc<Shared>,
    syncer: std_mpsc::SyncSender<Applied>,
    max_batch_bytes: usize,
    last_position: Position,
    last_recorded: DateTime<Utc>,
}

/// The appends the writer takes in one go.
#[derive(Default)]
struct Batch {
    requests: Vec<Request>,
    bytes: usize,
    closing: Option<oneshot::Sender<Result<(), LogError>>>,
}

impl Batch {
    fn take(&mut self, command: Command) {
        self.bytes += command_bytes(&command);
        match command {
            Command::Append(request) => self.requests.push(request),
            Command::Close(done) => self.closing = Some(done),
        }
    }
}

/// About how many bytes a command's records take in a chunk.
fn command_bytes(command: &Command) -> usize {
    match command {
        Command::Append(request) => request.events.iter().map(NewEvent::record_bytes).sum(),
        Command::Close(_) => 0,
    }
}

/// What one append of a batch came to; sent once the batch is durable.
pub(super) type Answer = Result<AppendResult, AppendError>;

impl Writer {
    /// A writer over an opened log whose last durable event is at the
    /// shared committed position, recorded at `last_recorded`; it hands
    /// applied batches to `syncer`.
    pub fn new(
        db: sled::Db,
        shared: Arc<Shared>,
        syncer: std_mpsc::SyncSender<Applied>,
        max_batch_bytes: usize,
        last_recorded: DateTime<Utc>,
    ) -> Self {
        Self {
            last_position: shared.committed.load(Ordering::Acquire),
            db,
            shared,
            syncer,
            max_batch_bytes,
            last_recorded,
        }
    }

    /// Runs until closed or until every sender is gone.
    pub fn run(mut self, mut queue: mpsc::Receiver<Command>) {
        // An append that would have overfilled the last batch opens the next.
        let mut carried = None;
        loop {
            let first = match carried.take() {
                Some(command) => command,
                None => match queue.blocking_recv() {
                    Some(command) => command,
                    None => return,
                },
            };
            let mut batch = Batch::default();
            batch.take(first);
            while batch.closing.is_none() && batch.bytes < self.max_batch_bytes {
                let Ok(command) = queue.try_recv() else { break };
                if batch.bytes + command_bytes(&command) > self.max_batch_bytes {
                    carried = Some(command);
                    break;
                }
                batch.take(command);
            }
            let mut applied = self.commit(batch.requests);
            if let Some(done) = batch.closing {
                queue.close();
                let queued = carried.take().into_iter().chain(std::iter::from_fn(|| queue.try_recv().ok()));
                for command in queued {
                    match command {
                        Command::Append(request) => drop(request.reply.send(Err(AppendError::Closed))),
                        Command::Close(other) => drop(other.send(Ok(()))),
                    }
                }
                applied.close = Some(done);
                let _ = self.syncer.send(applied);
                return;
            }
            if self.syncer.send(applied).is_err() {
                return; // the syncer is gone: nothing can become durable
            }
        }
    }

    /// Decides and applies one batch of appends; what it returns still has
    /// to become durable before anyone is answered.
    fn commit(&mut self, requests: Vec<Request>) -> Applied {
        let mut applied = Applied::default();
        if let Some(reason) = self.shared.failure() {
            for request in requests {
                applied.answers.push((request.reply, Err(AppendError::Storage(reason.clone()))));
            }
            return applied;
        }
        let now = to_micros(Utc::now()).max(self.last_recorded);
        let mut staged = Staged::new(self.last_position + 1);
        staged.last_recorded = self.last_recorded;
        for mut request in requests {
            let answer = match self.stage(&mut staged, &mut request, now) {
                Ok(answer) => answer,
                Err(e) => Err(AppendError::Storage(e.to_string())),
            };
            applied.answers.push((request.reply, answer));
        }
        if staged.events.is_empty() {
            return applied;
        }
        if let Err(e) = self.apply(&staged.events) {
            let reason = format!("writing the batch failed: {e}");
            *self.shared.failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(reason.clone());
            for (_, answer) in &mut applied.answers {
                *answer = Err(AppendError::Storage(reason.clone()));
            }
            return applied;
        }
        let mut index = self.shared.index.write().unwrap_or_else(|e| e.into_inner());
        for event in &staged.events {
            // Staging checked versions and ids against this very index.
            let _ = index.add(event);
        }
        drop(index);
        self.last_position = staged.next_position - 1;
        self.last_recorded = staged.last_recorded;
        applied.events = staged.events;
        applied
    }

    /// Decides one append against the state including the batch so far, and
    /// stages its events if it is accepted.
    fn stage(&mut self, staged: &mut Staged, request: &mut Request, now: DateTime<Utc>) -> Result<Answer, LogError> {
        if let Some(answer) = self.replay(staged, request)? {
            return Ok(answer);
        }
        let current = match staged.versions.get(&request.stream) {
            Some(&v) => Some(v),
            None => self.shared.index.read().unwrap_or_else(|e| e.into_inner()).version(&request.stream),
        };
        if !request.expected.admits(current) {
            return Ok(Err(AppendError::WrongExpectedVersion {
                stream: request.stream.clone(),
                expected: request.expected,
                current,
            }));
        }
        let first_position = staged.next_position;
        let mut version = current.map_or(0, |v| v + 1);
        for new in std::mem::take(&mut request.events) {
            let event = new.recorded(&request.stream, staged.next_position, version, now, staged.last_recorded);
            staged.last_recorded = event.recorded_at;
            staged.ids.insert(event.event_id, event.position);
            staged.events.push(Arc::new(event));
            staged.next_position += 1;
            version += 1;
        }
        let version = version - 1;
        staged.versions.insert(request.stream.clone(), version);
        Ok(Ok(AppendResult { first_position, last_position: staged.next_position - 1, version, replayed: false }))
    }

    /// If the append's event ids are stored already (or staged earlier in
    /// this batch), answers with the originals; `None` if none is stored.
    fn replay(&self, staged: &Staged, request: &Request) -> Result<Option<Answer>, LogError> {
        let mut originals = Vec::with_capacity(request.events.len());
        for new in &request.events {
            let original = if let Some(&position) = staged.ids.get(&new.event_id) {
                staged.event(position).map(|e| (e.position, e.stream.clone(), e.version))
            } else if let Some(position) = self.position_of_id(&new.event_id) {
                let event = reads::event_at(&self.db, position)?.ok_or_else(|| LogError::Corrupt {
                    at: format!("event id {}", new.event_id),
                    reason: format!("indexed at position {position}, which holds no event"),
                })?;
                Some((event.position, event.stream, event.version))
            } else {
                None
            };
            originals.push(original);
        }
        let stored = originals.iter().flatten().count();
        if stored == 0 {
            return Ok(None);
        }
        let conflict = |index: usize, detail: String| {
            let event_id = request.events[index].event_id;
            Ok(Some(Err(AppendError::IdempotencyConflict { event_id, detail })))
        };
        if stored < originals.len() {
            let index = originals.iter().position(Option::is_some).unwrap_or(0);
            let new = originals.len() - stored;
            return conflict(index, format!("but {new} of the append's {} events are new", originals.len()));
        }
        let found: Vec<_> = originals.into_iter().flatten().collect();
        if let Some(index) = found.iter().position(|(_, stream, _)| *stream != request.stream) {
            return conflict(index, format!("in stream {}, not in {}", found[index].1, request.stream));
        }
        let (first_position, _, _) = found[0];
        let (last_position, _, version) = found[found.len() - 1];
        Ok(Some(Ok(AppendResult { first_position, last_position, version, replayed: true })))
    }

    fn position_of_id(&self, id: &Uuid) -> Option<Position> {
        self.shared.index.read().unwrap_or_else(|e| e.into_inner()).position_of_id(id)
    }

    /// Writes the events as chunks, atomically: one chunk is one insert;
    /// several go in one sled batch, which costs sled two extra log writes,
    /// so the writer sizes its batches to fill one chunk.
    fn apply(&self, events: &[Arc<RecordedEvent>]) -> sled::Result<()> {
        let mut chunks = ChunkBuilder::default();
        for event in events {
            chunks.push(event);
        }
        let mut chunks = chunks.finish();
        if chunks.len() == 1 {
            let (first, bytes) = chunks.remove(0);
            return self.db.insert(keys::chunk(first), bytes).map(drop);
        }
        let mut batch = sled::Batch::default();
        for (first, bytes) in chunks {
            batch.insert(&keys::chunk(first), bytes);
        }
        self.db.apply_batch(batch)
    }
}

/// The batch being assembled and the state it leads to.
struct Staged {
    first_position: Position,
    next_position: Position,
    /// Last version of each stream appended to in this batch.
    versions: HashMap<StreamName, u64>,
    /// Ids staged in this batch, to answer retries within the batch.
    ids: HashMap<Uuid, Position>,
    events: Vec<Arc<RecordedEvent>>,
    /// The last `recorded_at` staged (or committed before the batch).
    last_recorded: DateTime<Utc>,
}

impl Staged {
    fn new(first_position: Position) -> Self {
        Self {
            first_position,
            next_position: first_position,
            versions: HashMap::new(),
            ids: HashMap::new(),
            events: Vec::new(),
            last_recorded: DateTime::<Utc>::MIN_UTC,
        }
    }

    fn event(&self, position: Position) -> Option<&RecordedEvent> {
        self.events.get((position - self.first_position) as usize).map(|e| e.as_ref())
    }
}
