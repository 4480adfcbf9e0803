//! The event log on PostgreSQL, for deployments that outgrow one machine:
//! the same contract as the embedded sled log (`EventLog`, `SnapshotStore`),
//! shared by every uzel node on the database.
//!
//! - `schema.rs` creates and migrates the tables, and refuses a newer schema;
//! - `connect.rs` makes connections on the log's own runtime;
//! - `writer.rs` is the node's group-commit writer (appends serialised across
//!   nodes by an advisory lock, see its docs and `docs/durability.md`);
//! - `follower.rs` publishes commits in position order to live subscribers;
//! - `herald.rs` announces the node's commits to the other nodes;
//! - `rows.rs` maps rows to events and answers reads;
//! - `side.rs` keeps the stores beside the log in the `side` table;
//! - `import.rs` brings a whole log in as it is (`uzel migrate`).
//!
//! Acknowledged means committed with `synchronous_commit = on`.

mod columns;
mod connect;
mod decide;
mod flight;
mod follower;
mod herald;
mod import;
mod known;
mod lookup;
mod rows;
mod schema;
mod side;
mod statements;
mod writer;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::runtime::Handle;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio_postgres::{Client, Config};

use self::connect::Connector;
use self::follower::Follower;
pub use self::import::Importer;
use self::rows::storage;
pub use self::schema::VERSION as SCHEMA_VERSION;
use self::writer::Request;
use super::error::{AppendError, InvalidInput, LogError};
use super::rules::validate_append;
use super::snapshot::{Snapshot, SnapshotStore, check_save, validate_name};
use super::types::*;
use super::{CommittedBatch, EventLog};

/// Tuning of the PostgreSQL backend.
#[derive(Clone, Debug)]
pub struct PostgresOptions {
    /// Committed batches a live subscriber may fall behind before it is told
    /// to re-read from the log.
    pub live_capacity: usize,
    /// Connections for reads.
    pub readers: usize,
    /// Appends that may wait for the writer before `append` waits too.
    pub queue_appends: usize,
}

impl Default for PostgresOptions {
    fn default() -> Self {
        Self { live_capacity: 1024, readers: 4, queue_appends: 4096 }
    }
}

/// The event log in a PostgreSQL database. Cheap to clone: clones share
/// one writer, one follower and the read connections.
#[derive(Clone)]
pub struct PostgresLog {
    inner: Arc<Inner>,
}

struct Inner {
    connector: Connector,
    readers: Vec<Mutex<Option<Arc<Client>>>>,
    next_reader: AtomicUsize,
    queue: Mutex<Option<mpsc::Sender<Request>>>,
    tasks: tokio::sync::Mutex<Vec<JoinHandle<()>>>,
    published: watch::Receiver<Position>,
    reachable: watch::Receiver<bool>,
    live: follower::Live,
    side: mpsc::Sender<side::Job>,
    _runtime: RuntimeOwner,
}

/// The log's runtime, on a thread of its own: dropped there (a runtime
/// cannot be dropped on an async thread) when the log is.
struct RuntimeOwner {
    handle: Handle,
    _stop: std::sync::mpsc::Sender<()>,
}

impl RuntimeOwner {
    fn start() -> Result<Self, LogError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("uzel-postgres")
            .enable_all()
            .build()
            .map_err(|e| LogError::Storage(format!("cannot start the PostgreSQL runtime: {e}")))?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("uzel-postgres-owner".into())
            .spawn(move || {
                // Returns when the log is dropped (the sender with it).
                let _ = stopped.recv();
                runtime.shutdown_timeout(std::time::Duration::from_secs(1));
            })
            .map_err(|e| LogError::Storage(format!("cannot start the PostgreSQL runtime: {e}")))?;
        Ok(Self { handle, _stop: stop })
    }
}

/// Whether `store` names a PostgreSQL database (`postgres://…` or
/// `postgresql://…`) rather than a data directory.
pub fn is_postgres_url(store: &str) -> bool {
    store.starts_with("postgres://") || store.starts_with("postgresql://")
}

impl PostgresLog {
    /// Opens the log in the database at `url` (`postgres://user@host/db`,
    /// or a unix socket: `postgres://user@/db?host=/run/postgresql`),
    /// creating or migrating its schema.
    pub async fn open(url: &str, options: PostgresOptions) -> Result<Self, LogError> {
        let config: Config = url.parse().map_err(|e| {
            LogError::Invalid(InvalidInput::new("store", format!("not a PostgreSQL address (postgres://…): {e}")))
        })?;
        let runtime = RuntimeOwner::start()?;
        let connector = Connector::new(config, runtime.handle.clone());
        let mut client = connector.connect().await?;
        schema::migrate(&mut client).await?;
        let (published_to, published) = watch::channel(rows::head(&client).await?);
        let (live_to, _) = broadcast::channel(options.live_capacity.max(1));
        let live: follower::Live = Arc::new(Mutex::new(Some(live_to)));
        let (queue, queue_rx) = mpsc::channel(options.queue_appends.max(1));
        // The writer waits for each commit to be published: a few suffice.
        let (committed_to, committed) = mpsc::channel(4);
        let (reachable_to, reachable) = watch::channel(true);
        let follower = Follower {
            connector: connector.clone(),
            published: published_to,
            live: Arc::clone(&live),
            reachable: reachable_to,
        };
        // Each caller waits for its answer before it asks again, so the
        // queue holds one job per caller at most — and never more than
        // `side::QUEUE`.
        let (side, side_jobs) = mpsc::channel(side::QUEUE);
        runtime.handle.spawn(side::serve(connector.clone(), side_jobs));
        let (announce, announced) = watch::channel(0);
        let tasks = vec![
            runtime.handle.spawn(follower.run(committed)),
            runtime.handle.spawn(writer::run(connector.clone(), queue_rx, committed_to, announce, published.clone())),
            runtime.handle.spawn(herald::run(connector.clone(), announced)),
        ];
        let readers = (0..options.readers.max(1)).map(|_| Mutex::new(None)).collect();
        Ok(Self {
            inner: Arc::new(Inner {
                connector,
                readers,
                next_reader: AtomicUsize::new(0),
                queue: Mutex::new(Some(queue)),
                tasks: tokio::sync::Mutex::new(tasks),
                published,
                reachable,
                live,
                side,
                _runtime: runtime,
            }),
        })
    }

    /// The store `name` beside the log, in the database's `side` table.
    pub fn side_store(&self, name: &str) -> Arc<dyn super::SideStore> {
        Arc::new(side::PgSide::new(name, self.inner.side.clone()))
    }

    /// A connection that appends recorded events as they are (`uzel
    /// migrate`).
    pub async fn importer(&self) -> Result<Importer, LogError> {
        Importer::on(self.inner.connector.connect().await?).await
    }

    /// A connection for reads (made again if it closed).
    async fn reader(&self) -> Result<Arc<Client>, LogError> {
        let slot =
            &self.inner.readers[self.inner.next_reader.fetch_add(1, Ordering::Relaxed) % self.inner.readers.len()];
        if let Some(client) = slot.lock().unwrap_or_else(|e| e.into_inner()).as_ref().filter(|c| !c.is_closed()) {
            return Ok(Arc::clone(client));
        }
        let client = Arc::new(self.inner.connector.connect().await?);
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::clone(&client));
        Ok(client)
    }

    /// Waits until this node has published `position` (committed on any
    /// node), at most `timeout`; false if it has not by then.
    pub async fn wait_for(&self, position: Position, timeout: std::time::Duration) -> bool {
        let mut published = self.inner.published.clone();
        tokio::time::timeout(timeout, published.wait_for(|p| *p >= position)).await.is_ok_and(|r| r.is_ok())
    }
}

#[async_trait::async_trait]
impl EventLog for PostgresLog {
    async fn append(
        &self,
        stream: &StreamName,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<AppendResult, AppendError> {
        validate_append(&events)?;
        let queue = self.inner.queue.lock().unwrap_or_else(|e| e.into_inner()).clone().ok_or(AppendError::Closed)?;
        let (reply, answer) = oneshot::channel();
        let request = Request { stream: stream.clone(), expected, events, reply };
        queue.send(request).await.map_err(|_| AppendError::Closed)?;
        answer.await.map_err(|_| AppendError::Closed)?
    }

    async fn read_stream(
        &self,
        stream: &StreamName,
        from: ReadFrom,
        direction: Direction,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, LogError> {
        let upto = self.last_position();
        rows::read_stream(&*self.reader().await?, upto, stream, from, direction, max).await
    }

    async fn read_all(
        &self,
        from: ReadFrom,
        direction: Direction,
        max: usize,
        filter: &EventFilter,
    ) -> Result<AllSlice, LogError> {
        let upto = self.last_position();
        rows::read_all(&*self.reader().await?, upto, from, direction, max, filter).await
    }

    fn last_position(&self) -> Position {
        *self.inner.published.borrow()
    }

    async fn events_at(
        &self,
        positions: &[Position],
        filter: &EventFilter,
    ) -> Result<Option<Vec<RecordedEvent>>, LogError> {
        let upto = self.last_position();
        rows::events_at(&*self.reader().await?, upto, positions, filter).await.map(Some)
    }

    async fn event_position(&self, event_id: &uuid::Uuid) -> Result<Option<(Position, u64)>, LogError> {
        let upto = self.last_position() as i64;
        let row = self
            .reader()
            .await?
            .query_opt(
                "SELECT position, version FROM events WHERE event_id = $1 AND position <= $2",
                &[event_id, &upto],
            )
            .await
            .map_err(storage)?;
        Ok(row.map(|r| (r.get::<_, i64>(0) as Position, r.get::<_, i64>(1) as u64)))
    }

    async fn stream_version(&self, stream: &StreamName) -> Result<Option<u64>, LogError> {
        let upto = self.last_position() as i64;
        let row = self
            .reader()
            .await?
            .query_one(
                "SELECT max(version) FROM events WHERE stream = $1 AND position <= $2",
                &[&stream.as_str(), &upto],
            )
            .await
            .map_err(storage)?;
        Ok(row.get::<_, Option<i64>>(0).map(|v| v as u64))
    }

    fn live(&self) -> broadcast::Receiver<CommittedBatch> {
        match self.inner.live.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            Some(live) => live.subscribe(),
            // Closed: a receiver that says so at once.
            None => broadcast::channel(1).1,
        }
    }

    async fn close(&self) -> Result<(), LogError> {
        // Appends queued already are committed; new ones are refused.
        drop(self.inner.queue.lock().unwrap_or_else(|e| e.into_inner()).take());
        let tasks = std::mem::take(&mut *self.inner.tasks.lock().await);
        for task in tasks.into_iter().rev() {
            let _ = task.await;
        }
        self.inner.live.lock().unwrap_or_else(|e| e.into_inner()).take();
        Ok(())
    }

    async fn positions_of_type(&self, event_type: &str) -> Option<Vec<Position>> {
        // Only one type is indexed; for any other the caller reads the log.
        if event_type != schema::INDEXED_TYPE {
            return None;
        }
        let upto = self.last_position() as i64;
        // The type written out, so that the planner matches the partial index.
        let sql = format!(
            "SELECT position FROM events WHERE event_type = '{}' AND position <= $1 ORDER BY position",
            schema::INDEXED_TYPE
        );
        let rows = self.reader().await.ok()?.query(&sql, &[&upto]).await.ok()?;
        Some(rows.iter().map(|r| r.get::<_, i64>(0) as Position).collect())
    }

    fn snapshots(&self) -> Option<&dyn SnapshotStore> {
        Some(self)
    }

    fn reachability(&self) -> Option<watch::Receiver<bool>> {
        Some(self.inner.reachable.clone())
    }

    async fn committed_head(&self) -> Result<Position, LogError> {
        rows::head(&*self.reader().await?).await
    }

    fn shared(&self) -> bool {
        true
    }
}

#[async_trait::async_trait]
impl SnapshotStore for PostgresLog {
    async fn save_snapshot(&self, name: &str, position: Position, data: &[u8]) -> Result<(), LogError> {
        check_save(name, position, self.last_position())?;
        self.reader()
            .await?
            .execute(
                "INSERT INTO snapshots (name, position, data) VALUES ($1, $2, $3) \
                 ON CONFLICT (name, position) DO UPDATE SET data = EXCLUDED.data",
                &[&name, &(position as i64), &data],
            )
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn load_snapshot(&self, name: &str, at_or_before: Option<Position>) -> Result<Option<Snapshot>, LogError> {
        validate_name(name)?;
        let upto = at_or_before.map_or(i64::MAX, |p| i64::try_from(p).unwrap_or(i64::MAX));
        let row = self
            .reader()
            .await?
            .query_opt(
                "SELECT position, data FROM snapshots WHERE name = $1 AND position <= $2 ORDER BY position DESC LIMIT 1",
                &[&name, &upto],
            )
            .await
            .map_err(storage)?;
        Ok(row.map(|r| Snapshot { name: name.to_owned(), position: r.get::<_, i64>(0) as Position, data: r.get(1) }))
    }

    async fn list_snapshots(&self, name: &str) -> Result<Vec<(Position, usize)>, LogError> {
        validate_name(name)?;
        let rows = self
            .reader()
            .await?
            .query("SELECT position, length(data) FROM snapshots WHERE name = $1 ORDER BY position", &[&name])
            .await
            .map_err(storage)?;
        Ok(rows.iter().map(|r| (r.get::<_, i64>(0) as Position, r.get::<_, i32>(1) as usize)).collect())
    }

    async fn prune_snapshots(&self, name: &str, keep: usize) -> Result<usize, LogError> {
        validate_name(name)?;
        let deleted = self
            .reader()
            .await?
            .execute(
                "DELETE FROM snapshots WHERE name = $1 AND position NOT IN \
                 (SELECT position FROM snapshots WHERE name = $1 ORDER BY position DESC LIMIT $2)",
                &[&name, &(keep as i64)],
            )
            .await
            .map_err(storage)?;
        Ok(deleted as usize)
    }
}
