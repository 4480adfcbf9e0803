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
//! what it knows from its own commits (`known.rs`) and sends the whole
//! transaction at once, its INSERT guarded by where the log should end
//! (`flight.rs`) — and sends the next batch behind it before it is
//! answered, so that the server's backend never waits for the writer
//! ([`PIPELINE`]). When a guard or a unique index says the log is not as
//! known, the batches concerned are decided again against the log, looked
//! up under the lock (`lookup.rs`).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinSet;
use tokio_postgres::Client;
use tokio_postgres::error::SqlState;

use super::connect::Connector;
use super::flight::{Flight, Outcome};
use super::known::Known;
use super::lookup::looked_up;
use super::rows::storage;
use super::statements::{Prepared, connect};
use crate::log::error::{AppendError, LogError};
use crate::log::types::{AppendResult, ExpectedVersion, NewEvent, Position, RecordedEvent, StreamName};

/// The most appends one transaction commits.
const MAX_BATCH: usize = 1_000;
/// A batch stops growing at about this many payload bytes.
const MAX_BATCH_BYTES: usize = 8 << 20;
/// How long an acknowledgement waits for this node to publish its commit.
const PUBLISH_WAIT: Duration = Duration::from_secs(5);
/// How many transactions the writer has on their way at most: the one the
/// server is running and the one it runs next.
const PIPELINE: usize = 2;
/// How long after finding that another writer committed the writer
/// decides its batches against the log only.
const CONTENDED: Duration = Duration::from_secs(1);

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

/// Commits the queued appends until the queue closes, handing each commit's
/// events to the follower (`committed`), its last position to the herald
/// (`announce`, `herald.rs`), and answering once this node has published
/// them (`published`).
pub async fn run(
    connector: Connector,
    mut queue: mpsc::Receiver<Request>,
    committed: mpsc::Sender<Vec<Arc<RecordedEvent>>>,
    announce: watch::Sender<Position>,
    published: watch::Receiver<Position>,
) {
    let mut writer = Writer {
        connector,
        committed,
        announce,
        published,
        client: None,
        known: None,
        look_up_until: Instant::now(),
        flights: VecDeque::new(),
        again: Vec::new(),
        acks: JoinSet::new(),
    };
    let mut gathered: Vec<Request> = Vec::new();
    let mut open = true;
    loop {
        if gathered.is_empty() && writer.flights.is_empty() {
            match queue.recv().await {
                Some(request) if open => gathered.push(request),
                _ => break,
            }
        }
        open = open && gather(&mut queue, &mut gathered);
        while writer.acks.try_join_next().is_some() {}
        if !gathered.is_empty() && writer.room_for(gathered.len()) {
            gathered = writer.dispatch(std::mem::take(&mut gathered)).await;
        }
        let Some(flight) = writer.flights.front_mut() else { continue };
        tokio::select! {
            biased;
            outcome = flight.landed() => {
                writer.land(outcome).await;
                if writer.flights.is_empty() && !writer.again.is_empty() {
                    // Decided again first: they were queued first.
                    gathered.splice(0..0, std::mem::take(&mut writer.again));
                }
            }
            request = queue.recv(), if open && gathered.len() < MAX_BATCH => match request {
                Some(request) => gathered.push(request),
                None => open = false,
            },
        }
    }
    while writer.acks.join_next().await.is_some() {}
}

/// Adds to `gathered` the appends waiting in the queue, up to a batch's
/// size; false once the queue is closed.
fn gather(queue: &mut mpsc::Receiver<Request>, gathered: &mut Vec<Request>) -> bool {
    let mut bytes: usize = gathered.iter().flat_map(|r| &r.events).map(|e| e.payload.len()).sum();
    while gathered.len() < MAX_BATCH && bytes < MAX_BATCH_BYTES {
        match queue.try_recv() {
            Ok(request) => {
                bytes += request.events.iter().map(|e| e.payload.len()).sum::<usize>();
                gathered.push(request);
            }
            Err(mpsc::error::TryRecvError::Empty) => return true,
            Err(mpsc::error::TryRecvError::Disconnected) => return false,
        }
    }
    true
}

/// The writer's state between batches.
struct Writer {
    connector: Connector,
    committed: mpsc::Sender<Vec<Arc<RecordedEvent>>>,
    /// The last position this writer committed, for the herald.
    announce: watch::Sender<Position>,
    published: watch::Receiver<Position>,
    client: Option<(Arc<Client>, Arc<Prepared>)>,
    /// The log as this writer's commits, and the transactions it has sent,
    /// leave it; `None` when that is not known.
    known: Option<Known>,
    /// Until when batches are decided against the log (another writer was
    /// committing too).
    look_up_until: Instant,
    /// The transactions sent whole and not answered yet, oldest first.
    flights: VecDeque<Flight>,
    /// Appends of transactions that did not commit, to decide again
    /// against the log once none is on its way.
    again: Vec<Request>,
    /// Acknowledgements waiting for the follower: each answered by then at
    /// the latest when the writer stops (a closing log answers every
    /// append it committed).
    acks: JoinSet<()>,
}

impl Writer {
    /// Whether `waiting` appends go now: always when nothing is on its
    /// way; behind a transaction on its way once they are as many as its
    /// appends. Batches then stay as large as without sending ahead (each
    /// commit costs the server a WAL flush and a round of wake-ups; sent
    /// at half as many, 15 % more commits and no faster).
    fn room_for(&self, waiting: usize) -> bool {
        match self.flights.back() {
            None => true,
            Some(last) => self.flights.len() < PIPELINE && self.again.is_empty() && waiting >= last.batch.len(),
        }
    }

    /// Sends `batch` whole if it can be decided against what the writer
    /// knows; otherwise commits it against the log looked up, once nothing
    /// is on its way. What could not go yet.
    async fn dispatch(&mut self, batch: Vec<Request>) -> Vec<Request> {
        if self.flights.is_empty() && self.client.as_ref().is_none_or(|(c, _)| c.is_closed()) {
            match connect(&self.connector).await {
                Ok(client) => self.client = Some(client),
                Err(why) => {
                    tracing::warn!(error = %why, "cannot reach PostgreSQL to append");
                    self.client = None;
                    self.known = None;
                    fail(batch, &why);
                    return Vec::new();
                }
            }
        }
        let Some((client, prepared)) = self.client.clone() else {
            return batch;
        };
        let on_its_own = Instant::now() >= self.look_up_until;
        if let Some(known) = self.known.as_mut().filter(|_| on_its_own)
            && let Some((answers, staged)) = known.decide(&batch)
        {
            let after = known.head;
            known.advance(&staged);
            self.flights.push_back(Flight::send((&client, &prepared), batch, answers, staged.events, after).await);
            return Vec::new();
        }
        if !self.flights.is_empty() {
            return batch;
        }
        match looked_up(&client, &prepared, &batch).await {
            Ok((answers, staged, head)) => {
                // What was known still holds if the log ended where it was
                // known to (no other writer committed in between).
                let mut now = match self.known.take() {
                    Some(was) if was.head == head => was,
                    _ => Known::at(head, staged.last_recorded),
                };
                now.advance(&staged);
                self.known = Some(now);
                self.publish(batch, answers, staged.events).await;
            }
            Err(why) => {
                tracing::warn!(error = %why, appends = batch.len(), "an append transaction failed; nothing acknowledged");
                // Whether it committed is not known: start again from the log.
                self.known = None;
                self.end_transaction(&client, &prepared).await;
                fail(batch, &why);
            }
        }
        Vec::new()
    }

    /// Takes the answer of the oldest transaction on its way.
    async fn land(&mut self, outcome: Outcome) {
        let Some(flight) = self.flights.pop_front() else { return };
        match outcome {
            Ok(true) => return self.publish(flight.batch, flight.answers, flight.events).await,
            Ok(false) => {
                // Behind a transaction that did not commit (what was known
                // is gone then), one inserts nothing either; only the first
                // says that another writer committed.
                if self.known.is_some() {
                    // Another writer commits too: while it may, a guess
                    // costs a round trip under the lock more often than it
                    // saves one.
                    tracing::debug!("another writer committed since this node's last commit");
                    self.look_up_until = Instant::now() + CONTENDED;
                }
                self.again.extend(flight.batch);
            }
            Err(why) if why.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                // Its first position taken: another writer committed after
                // the statement's snapshot was taken (`columns::INSERT`).
                if why.as_db_error().and_then(|e| e.constraint()) == Some("events_pkey") {
                    tracing::debug!("another writer committed since this node's last commit");
                    self.look_up_until = Instant::now() + CONTENDED;
                } else {
                    tracing::debug!(error = %why, "an event of the batch is stored already");
                }
                self.again.extend(flight.batch);
            }
            Err(why) => {
                let why = storage(why);
                tracing::warn!(error = %why, appends = flight.batch.len(), "an append transaction failed; nothing acknowledged");
                fail(flight.batch, &why);
            }
        }
        // What the writer knew assumed this transaction would commit.
        self.known = None;
    }

    /// Hands a commit's events to the follower and answers its appends
    /// once this node has published them.
    async fn publish(&mut self, batch: Vec<Request>, answers: Vec<Answer>, events: Vec<Arc<RecordedEvent>>) {
        let replies: Vec<_> = batch.into_iter().map(|r| r.reply).zip(answers).collect();
        match events.last().map(|e| e.position) {
            Some(last) => {
                self.announce.send_replace(last);
                let _ = self.committed.send(events).await;
                // Acknowledged once readers on this node can see it (the
                // commit is durable either way), while the writer goes on
                // with the next batch.
                self.acks.spawn(acknowledge(self.published.clone(), last, replies));
            }
            None => replies.into_iter().for_each(|(reply, answer)| drop(reply.send(answer))),
        }
    }

    /// Ends whatever transaction is open (a no-op if none is).
    async fn end_transaction(&mut self, client: &Client, prepared: &Prepared) {
        if client.is_closed() {
            self.client = None;
        } else {
            let _ = client.execute(&prepared.rollback, &[]).await;
        }
    }
}

/// Answers every append of `batch` with `why`: nothing of it is
/// acknowledged.
fn fail(batch: Vec<Request>, why: &LogError) {
    for request in batch {
        let _ = request.reply.send(Err(AppendError::Storage(why.to_string())));
    }
}

/// Answers a commit's appends once this node has published `last` (or
/// after [`PUBLISH_WAIT`]: the commit is durable either way).
async fn acknowledge(mut published: watch::Receiver<Position>, last: Position, replies: Vec<(Reply, Answer)>) {
    let _ = tokio::time::timeout(PUBLISH_WAIT, published.wait_for(|p| *p >= last)).await;
    for (reply, answer) in replies {
        let _ = reply.send(answer);
    }
}
