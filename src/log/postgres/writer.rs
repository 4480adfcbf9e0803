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

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Statement};
use uuid::Uuid;

use super::connect::Connector;
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
type Answer = Result<AppendResult, AppendError>;
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
            prepare("SELECT event_id, position, stream, version FROM events WHERE event_id = ANY($1)"),
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

/// Inserts a batch's events and announces its last position, in one
/// statement.
pub(super) const INSERT: &str = "WITH inserted AS (INSERT INTO events (position, stream, category, version, event_id, event_type, \
     schema, recorded_at, effective_at, network, author, correlation_id, causation_id, payload) \
     SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::uuid[], $6::text[], \
     $7::bigint[], $8::bigint[], $9::bigint[], $10::text[], $11::text[], $12::uuid[], $13::uuid[], $14::bytea[]) \
     RETURNING position) \
     SELECT pg_notify('uzel_log', max(position)::text) FROM inserted";

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
            Some((client, prepared)) => commit(client, prepared, &mut batch).await,
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
    let prepared = Prepared::on(&client).await?;
    Ok((client, prepared))
}

/// The events staged in one transaction.
struct Staged {
    next_position: Position,
    last_recorded: DateTime<Utc>,
    events: Vec<Arc<RecordedEvent>>,
    /// Stream versions as the batch leaves them.
    versions: HashMap<String, Option<u64>>,
    /// Event ids stored (before or in this batch): position, stream, version.
    ids: HashMap<Uuid, (Position, StreamName, u64)>,
}

/// Commits one batch: each append is decided against the log as the lock
/// holder sees it (a retry answers with the originals, a wrong expected
/// version writes nothing) and the accepted ones are inserted together.
async fn commit(
    client: &mut Client,
    prepared: &Prepared,
    batch: &mut [Request],
) -> Result<(Vec<Answer>, Vec<Arc<RecordedEvent>>), LogError> {
    let outcome = in_transaction(client, prepared, batch).await;
    if outcome.is_err() && !client.is_closed() {
        // Whatever failed, the transaction ends here (a no-op if none is open).
        let _ = client.execute(&prepared.rollback, &[]).await;
    }
    outcome
}

/// The transaction in two round trips: the lock and what the batch is
/// decided against; then the insert with the commit. Statements sent
/// together run in order, each after the one before it.
async fn in_transaction(
    client: &Client,
    prepared: &Prepared,
    batch: &mut [Request],
) -> Result<(Vec<Answer>, Vec<Arc<RecordedEvent>>), LogError> {
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
    let answers: Vec<Answer> = batch.iter_mut().map(|request| stage(&mut staged, request, now)).collect();
    if staged.events.is_empty() {
        client.execute(&prepared.commit, &[]).await.map_err(storage)?;
    } else {
        // A failed insert leaves the transaction aborted, and the COMMIT
        // sent behind it then rolls back: the insert's error is the answer.
        let columns = Columns::of(&staged.events);
        tokio::try_join!(columns.insert(client, &prepared.insert), client.execute(&prepared.commit, &[]))
            .map_err(storage)?;
    }
    Ok((answers, staged.events))
}

/// Decides one append of the batch (as the sled backend's writer does).
fn stage(staged: &mut Staged, request: &mut Request, now: DateTime<Utc>) -> Answer {
    if let Some(answer) = replay(staged, request) {
        return answer;
    }
    let current = staged.versions.get(request.stream.as_str()).copied().flatten();
    if !request.expected.admits(current) {
        return Err(AppendError::WrongExpectedVersion {
            stream: request.stream.clone(),
            expected: request.expected,
            current,
        });
    }
    let first_position = staged.next_position;
    let mut version = current.map_or(0, |v| v + 1);
    for new in std::mem::take(&mut request.events) {
        let event = new.recorded(&request.stream, staged.next_position, version, now, staged.last_recorded);
        staged.last_recorded = event.recorded_at;
        staged.ids.insert(event.event_id, (event.position, event.stream.clone(), event.version));
        staged.events.push(Arc::new(event));
        staged.next_position += 1;
        version += 1;
    }
    let version = version - 1;
    staged.versions.insert(request.stream.as_str().to_owned(), Some(version));
    Ok(AppendResult { first_position, last_position: staged.next_position - 1, version, replayed: false })
}

/// If the append's event ids are stored already (or staged earlier in the
/// batch), the answer with the originals; `None` if none is stored.
fn replay(staged: &Staged, request: &Request) -> Option<Answer> {
    let originals: Vec<Option<&(Position, StreamName, u64)>> =
        request.events.iter().map(|e| staged.ids.get(&e.event_id)).collect();
    let stored = originals.iter().flatten().count();
    if stored == 0 {
        return None;
    }
    let conflict = |index: usize, detail: String| {
        let event_id = request.events[index].event_id;
        Some(Err(AppendError::IdempotencyConflict { event_id, detail }))
    };
    if stored < originals.len() {
        let index = originals.iter().position(Option::is_some).unwrap_or(0);
        let new = originals.len() - stored;
        return conflict(index, format!("but {new} of the append's {} events are new", originals.len()));
    }
    let found: Vec<&(Position, StreamName, u64)> = originals.into_iter().flatten().collect();
    if let Some(index) = found.iter().position(|(_, stream, _)| *stream != request.stream) {
        return conflict(index, format!("in stream {}, not in {}", found[index].1, request.stream));
    }
    let (first_position, _, _) = *found[0];
    let (last_position, _, version) = *found[found.len() - 1];
    Some(Ok(AppendResult { first_position, last_position, version, replayed: true }))
}

/// The columns of events to insert, one array each (the INSERT unnests
/// them: one statement, and one `NOTIFY uzel_log` sent on commit, for the
/// lot).
pub(super) struct Columns<'a> {
    positions: Vec<i64>,
    streams: Vec<&'a str>,
    categories: Vec<&'a str>,
    versions: Vec<i64>,
    ids: Vec<Uuid>,
    types: Vec<&'a str>,
    schemas: Vec<i64>,
    recorded: Vec<i64>,
    effective: Vec<i64>,
    networks: Vec<&'a str>,
    authors: Vec<&'a str>,
    correlations: Vec<Option<Uuid>>,
    causations: Vec<Option<Uuid>>,
    payloads: Vec<&'a [u8]>,
}

impl<'a> Columns<'a> {
    /// The columns of `events`.
    pub(super) fn of(events: &'a [Arc<RecordedEvent>]) -> Self {
        let number = |f: fn(&RecordedEvent) -> i64| events.iter().map(|e| f(e)).collect::<Vec<i64>>();
        let text = |f: fn(&'a RecordedEvent) -> &'a str| events.iter().map(|e| f(e)).collect::<Vec<&'a str>>();
        Self {
            positions: number(|e| e.position as i64),
            streams: text(|e| e.stream.as_str()),
            categories: text(|e| e.stream.category()),
            versions: number(|e| e.version as i64),
            ids: events.iter().map(|e| e.event_id).collect(),
            types: text(|e| &e.event_type),
            schemas: number(|e| i64::from(e.schema)),
            recorded: number(|e| e.recorded_at.timestamp_micros()),
            effective: number(|e| e.effective_at.timestamp_micros()),
            networks: text(|e| &e.network),
            authors: text(|e| &e.author),
            correlations: events.iter().map(|e| e.correlation_id).collect(),
            causations: events.iter().map(|e| e.causation_id).collect(),
            payloads: events.iter().map(|e| e.payload.as_ref()).collect(),
        }
    }

    /// Runs the prepared [`INSERT`] on `client` (a connection or a
    /// transaction).
    pub(super) async fn insert(
        &self,
        client: &impl tokio_postgres::GenericClient,
        statement: &Statement,
    ) -> Result<(), tokio_postgres::Error> {
        let params: [&(dyn ToSql + Sync); 14] = [
            &self.positions,
            &self.streams,
            &self.categories,
            &self.versions,
            &self.ids,
            &self.types,
            &self.schemas,
            &self.recorded,
            &self.effective,
            &self.networks,
            &self.authors,
            &self.correlations,
            &self.causations,
            &self.payloads,
        ];
        client.query(statement, &params).await.map(drop)
    }
}
