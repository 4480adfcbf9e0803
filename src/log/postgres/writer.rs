//! The node's writer: one task that takes the appends queued on this node,
//! as many as are waiting, and commits them in one transaction (group
//! commit: one WAL flush for the lot, `synchronous_commit = on`).
//!
//! Readers must never skip an event, and concurrent transactions commit
//! out of position order — so appends are serialised across every node on
//! the database: each transaction first takes one transaction-level
//! advisory lock, then reads the head of the log, assigns the next
//! positions and commits. PostgreSQL makes a commit visible before it
//! releases the transaction's locks, so the next writer (on any node) sees
//! the previous batch and continues after it, and a reader's snapshot
//! always holds a prefix of the log (`docs/durability.md`).
//!
//! While no other writer commits, the writer decides each batch against
//! what it knows from its own commits and sends the whole transaction in
//! one round trip, its INSERT guarded by where the log should end; when
//! the guard or a unique index says otherwise, it decides the batch again
//! against the log, looked up under the lock (see [`commit`]). The
//! statements are planned once per connection, each shaped so that its one
//! plan is an index step.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Statement};
use uuid::Uuid;

use super::columns::{Columns, INSERT};
use super::connect::Connector;
use super::decide::{Staged, stage};
use super::rows::storage;
use crate::log::codec::to_micros;
use crate::log::error::{AppendError, LogError};
use crate::log::types::{AppendResult, ExpectedVersion, NewEvent, Position, RecordedEvent, StreamName};

/// The advisory lock every append transaction holds until it commits.
pub const APPEND_LOCK: i64 = 0x0075_7a65_6c6c_6f67; // "uzellog"

/// The most appends one transaction commits.
const MAX_BATCH: usize = 1_000;
/// A batch stops growing at about this many payload bytes.
const MAX_BATCH_BYTES: usize = 8 << 20;
/// How long an acknowledgement waits for this node to publish its commit.
const PUBLISH_WAIT: Duration = Duration::from_secs(5);

/// One append waiting for the writer.
pub struct Request {
    /// The stream appended to.
    pub stream: StreamName,
    /// What the caller expects of it.
    pub expected: ExpectedVersion,
    /// The events, checked already (`validate_append`).
    pub events: Vec<NewEvent>,
    /// Where the answer goes.
    pub reply: Reply,
}

/// What one commit decided for each of its appends.
pub(super) type Answer = Result<AppendResult, AppendError>;
/// Where an append's answer goes.
pub type Reply = oneshot::Sender<Answer>;

/// The writer's statements, prepared once per connection (a statement
/// prepared anew costs a round trip and a plan every time).
struct Prepared {
    begin: Statement,
    commit: Statement,
    rollback: Statement,
    lock: Statement,
    head: Statement,
    ids: Statement,
    versions: Statement,
    insert: Statement,
}

impl Prepared {
    async fn on(client: &Client) -> Result<Self, LogError> {
        let prepare = |sql: &'static str| client.prepare(sql);
        let (begin, commit, rollback, lock, head, ids, versions, insert) = tokio::try_join!(
            prepare("BEGIN"),
            prepare("COMMIT"),
            prepare("ROLLBACK"),
            prepare("SELECT pg_advisory_xact_lock($1)"),
            prepare("SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1"),
            // Each id by one index step (`event_id = ANY($1)` would be a
            // sequential scan in a generic plan made while the table is small).
            prepare(
                "SELECT e.event_id, e.position, e.stream, e.version FROM unnest($1::uuid[]) AS i(id) CROSS JOIN LATERAL \
                 (SELECT event_id, position, stream, version FROM events WHERE events.event_id = i.id LIMIT 1) AS e"
            ),
            // Each stream's last version by one backward index step (a
            // max() over the stream would read every event of it).
            prepare(
                "SELECT s.stream, v.version FROM unnest($1::text[]) AS s(stream) CROSS JOIN LATERAL \
                 (SELECT version FROM events WHERE events.stream = s.stream ORDER BY version DESC LIMIT 1) AS v"
            ),
            prepare(INSERT),
        )
        .map_err(storage)?;
        Ok(Self { begin, commit, rollback, lock, head, ids, versions, insert })
    }
}

/// Commits the queued appends until the queue closes, handing each commit's
/// events to the follower (`committed`) and answering once this node has
/// published them (`published`).
pub async fn run(
    connector: Connector,
    mut queue: mpsc::Receiver<Request>,
    committed: mpsc::Sender<Vec<Arc<RecordedEvent>>>,
    published: watch::Receiver<Position>,
) {
    let mut client: Option<(Client, Prepared)> = None;
    let mut known: Option<Known> = None;
    // Until when batches are decided against the log (another writer was
    // committing too).
    let mut look_up_until = Instant::now();
    // Acknowledgements waiting for the follower: each answered by then at
    // the latest when the writer stops (a closing log answers every append
    // it committed).
    let mut acks = tokio::task::JoinSet::new();
    while let Some(first) = queue.recv().await {
        while acks.try_join_next().is_some() {}
        let mut bytes: usize = first.events.iter().map(|e| e.payload.len()).sum();
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH && bytes < MAX_BATCH_BYTES {
            match queue.try_recv() {
                Ok(request) => {
                    bytes += request.events.iter().map(|e| e.payload.len()).sum::<usize>();
                    batch.push(request);
                }
                Err(_) => break,
            }
        }
        if client.as_ref().is_none_or(|(c, _)| c.is_closed()) {
            client = match connect(&connector).await {
                Ok(c) => Some(c),
                Err(why) => {
                    tracing::warn!(error = %why, "cannot reach PostgreSQL to append");
                    None
                }
            };
        }
        let outcome = match client.as_mut() {
            Some((client, prepared)) => commit(client, prepared, &batch, &mut known, &mut look_up_until).await,
            None => Err(LogError::Storage("PostgreSQL cannot be reached".into())),
        };
        match outcome {
            Ok((answers, events)) => {
                let replies: Vec<_> = batch.into_iter().map(|r| r.reply).zip(answers).collect();
                match events.last().map(|e| e.position) {
                    Some(last) => {
                        let _ = committed.send(events).await;
                        // Acknowledged once readers on this node can see it
                        // (the commit is durable either way), while the
                        // writer goes on with the next batch.
                        acks.spawn(acknowledge(published.clone(), last, replies));
                    }
                    None => replies.into_iter().for_each(|(reply, answer)| drop(reply.send(answer))),
                }
            }
            Err(why) => {
                tracing::warn!(error = %why, appends = batch.len(), "an append transaction failed; nothing acknowledged");
                if client.as_ref().is_some_and(|(c, _)| c.is_closed()) {
                    client = None;
                }
                for request in batch {
                    let _ = request.reply.send(Err(AppendError::Storage(why.to_string())));
                }
            }
        }
    }
    while acks.join_next().await.is_some() {}
}

/// Answers a commit's appends once this node has published `last` (or
/// after [`PUBLISH_WAIT`]: the commit is durable either way).
async fn acknowledge(mut published: watch::Receiver<Position>, last: Position, replies: Vec<(Reply, Answer)>) {
    let _ = tokio::time::timeout(PUBLISH_WAIT, published.wait_for(|p| *p >= last)).await;
    for (reply, answer) in replies {
        let _ = reply.send(answer);
    }
}

/// A connection for the writer, with its statements prepared.
async fn connect(connector: &Connector) -> Result<(Client, Prepared), LogError> {
    let client = connector.connect().await?;
    // The writer's statements are planned once per connection (planning
    // anew at every execution cost its backend an eighth of its time), and
    // each is an index step: with sequential scans and sorts priced out,
    // a plan made while the statistics say the table is tiny stays an
    // index step as the table grows (it would otherwise scan it all, batch
    // after batch, until the next ANALYZE).
    client
        .batch_execute("SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off; SET enable_sort = off")
        .await
        .map_err(storage)?;
    let prepared = Prepared::on(&client).await?;
    Ok((client, prepared))
}

/// What this node's writer knows of the log after its own last commit:
/// exact for as long as no other writer (another node, `uzel migrate`) has
/// committed after it — which the guarded [`INSERT`] checks under the lock.
struct Known {
    /// Where the log ended after that commit.
    head: Position,
    /// The last event's `recorded_at` then.
    last_recorded: DateTime<Utc>,
    /// The last version of each stream this writer committed to since.
    versions: HashMap<String, u64>,
}

/// How long after finding that another writer committed the writer
/// decides its batches against the log only.
const CONTENDED: Duration = Duration::from_secs(1);
impl Known {
    /// What the writer knows once `staged` has committed.
    fn advance(&mut self, staged: &Staged) {
        (self.head, self.last_recorded) = (staged.next_position - 1, staged.last_recorded);
        if self.versions.len() >= KNOWN_STREAMS {
            self.versions.clear();
        }
        self.versions
            .extend(staged.versions.iter().filter_map(|(stream, version)| Some((stream.clone(), (*version)?))));
    }
}

/// The most streams [`Known`] remembers; past it, it starts again.
const KNOWN_STREAMS: usize = 100_000;

/// The events one transaction committed, and each append's answer.
type Committed = (Vec<Answer>, Vec<Arc<RecordedEvent>>);

/// Commits one batch: each append is decided against the log as the lock
/// holder sees it (a retry answers with the originals, a wrong expected
/// version writes nothing) and the accepted ones are inserted together.
///
/// When the writer knows every stream of the batch from its own commits,
/// it decides the batch first against what it knows and sends the whole
/// transaction at once — the lock, the INSERT guarded by where the log
/// should end, the COMMIT: one round trip. If another writer committed in
/// between (nothing inserted) or an event id is stored already (a retry:
/// the unique index refuses it), the batch is decided again against the
/// log itself, looked up under the lock — and, after another writer's
/// commit, so are the batches of the next [`CONTENDED`].
async fn commit(
    client: &mut Client,
    prepared: &Prepared,
    batch: &[Request],
    known: &mut Option<Known>,
    look_up_until: &mut Instant,
) -> Result<Committed, LogError> {
    let on_its_own = Instant::now() >= *look_up_until;
    if let Some(staged) = known.as_ref().filter(|_| on_its_own).and_then(|known| decide_known(known, batch)) {
        match at_once(client, prepared, &staged.1).await {
            Ok(true) => {
                if let Some(known) = known.as_mut() {
                    known.advance(&staged.1);
                }
                return Ok((staged.0, staged.1.events));
            }
            Ok(false) => {
                // Another writer commits too: while it may, a guess costs
                // a round trip under the lock more often than it saves one.
                tracing::debug!("another writer committed since this node's last commit");
                *look_up_until = Instant::now() + CONTENDED;
            }
            Err(why) if why.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                tracing::debug!(error = %why, "an event of the batch is stored already");
                rollback(client, prepared).await;
            }
            Err(why) => {
                *known = None;
                rollback(client, prepared).await;
                return Err(storage(why));
            }
        }
    }
    match looked_up(client, prepared, batch).await {
        Ok((answers, staged, head)) => {
            // What was known still holds if the log ended where it was
            // known to (no other writer committed in between).
            let mut now = match known.take() {
                Some(was) if was.head == head => was,
                _ => Known { head, last_recorded: staged.last_recorded, versions: HashMap::new() },
            };
            now.advance(&staged);
            *known = Some(now);
            Ok((answers, staged.events))
        }
        Err(why) => {
            // Whether it committed is not known: start again from the log.
            *known = None;
            rollback(client, prepared).await;
            Err(why)
        }
    }
}

/// Ends whatever transaction is open (a no-op if none is).
async fn rollback(client: &Client, prepared: &Prepared) {
    if !client.is_closed() {
        let _ = client.execute(&prepared.rollback, &[]).await;
    }
}

/// The batch decided against what the writer knows; `None` if it does not
/// know one of its streams, or if nothing would be written (such a batch
/// is decided against the log itself).
fn decide_known(known: &Known, batch: &[Request]) -> Option<(Vec<Answer>, Staged)> {
    let versions = batch
        .iter()
        .map(|r| known.versions.get(r.stream.as_str()).map(|v| (r.stream.as_str().to_owned(), Some(*v))))
        .collect::<Option<HashMap<_, _>>>()?;
    let mut staged = Staged {
        next_position: known.head + 1,
        last_recorded: known.last_recorded,
        events: Vec::new(),
        versions,
        ids: HashMap::new(),
    };
    let now = to_micros(Utc::now());
    let answers: Vec<Answer> = batch.iter().map(|request| stage(&mut staged, request, now)).collect();
    (!staged.events.is_empty()).then_some((answers, staged))
}

/// The transaction in one round trip; whether the events were inserted
/// (false: the log did not end where the writer knew it to, and the
/// transaction committed nothing).
async fn at_once(client: &Client, prepared: &Prepared, staged: &Staged) -> Result<bool, tokio_postgres::Error> {
    let after = staged.next_position - staged.events.len() as Position - 1;
    let columns = Columns::of(&staged.events);
    // A failed insert leaves the transaction aborted, and the COMMIT sent
    // behind it then rolls back: the insert's error is the answer.
    let (_, _, inserted, _) = tokio::try_join!(
        client.execute(&prepared.begin, &[]),
        client.execute(&prepared.lock, &[&APPEND_LOCK]),
        columns.insert(client, &prepared.insert, after),
        client.execute(&prepared.commit, &[]),
    )?;
    Ok(inserted)
}

/// The transaction in two round trips: the lock and what the batch is
/// decided against; then the insert with the commit. Statements sent
/// together run in order, each after the one before it.
/// Also where the log ended before the batch.
async fn looked_up(
    client: &Client,
    prepared: &Prepared,
    batch: &[Request],
) -> Result<(Vec<Answer>, Staged, Position), LogError> {
    let ids: Vec<Uuid> = batch.iter().flat_map(|r| r.events.iter().map(|e| e.event_id)).collect();
    let streams: Vec<&str> = batch.iter().map(|r| r.stream.as_str()).collect();
    let (id_params, stream_params): ([&(dyn ToSql + Sync); 1], [&(dyn ToSql + Sync); 1]) = ([&ids], [&streams]);
    let (_, _, head, stored, versions) = tokio::try_join!(
        client.execute(&prepared.begin, &[]),
        client.execute(&prepared.lock, &[&APPEND_LOCK]),
        client.query_opt(&prepared.head, &[]),
        client.query(&prepared.ids, &id_params),
        client.query(&prepared.versions, &stream_params),
    )
    .map_err(storage)?;
    let (head, last_recorded) = match head {
        Some(row) => (row.get::<_, i64>(0) as Position, row.get::<_, i64>(1)),
        None => (0, i64::MIN),
    };
    let mut staged = Staged {
        next_position: head + 1,
        last_recorded: DateTime::from_timestamp_micros(last_recorded).unwrap_or(DateTime::<Utc>::MIN_UTC),
        events: Vec::new(),
        versions: versions.iter().map(|r| (r.get::<_, String>(0), Some(r.get::<_, i64>(1) as u64))).collect(),
        ids: HashMap::with_capacity(stored.len()),
    };
    for row in &stored {
        let stream = StreamName::parse(&row.get::<_, String>(2))
            .map_err(|e| LogError::Corrupt { at: format!("event {}", row.get::<_, Uuid>(0)), reason: e.to_string() })?;
        staged.ids.insert(row.get(0), (row.get::<_, i64>(1) as Position, stream, row.get::<_, i64>(3) as u64));
    }
    let now = to_micros(Utc::now());
    let answers: Vec<Answer> = batch.iter().map(|request| stage(&mut staged, request, now)).collect();
    if staged.events.is_empty() {
        client.execute(&prepared.commit, &[]).await.map_err(storage)?;
    } else {
        let columns = Columns::of(&staged.events);
        let (inserted, _) =
            tokio::try_join!(columns.insert(client, &prepared.insert, head), client.execute(&prepared.commit, &[]))
                .map_err(storage)?;
        if !inserted {
            // The lock was held throughout: another writer cannot have
            // committed. Nothing was written; say so rather than acknowledge.
            return Err(LogError::Storage("the log moved while this writer held the append lock".into()));
        }
    }
    Ok((answers, staged, head))
}
