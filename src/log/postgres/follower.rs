//! The node's follower: publishes every committed event, in position
//! order and exactly once, to the node's live subscribers, and moves the
//! position this node's reads are bounded by. Its own writer's commits it
//! publishes as they are (when they continue the log); other nodes' it
//! reads from the table — woken by `LISTEN uzel_log` (a wake-up, never the
//! data; its own node's announcements are skipped, `connect.rs`) and,
//! should a notification be lost, by a poll.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{broadcast, mpsc, watch};
use tokio_postgres::Client;

use super::connect::Connector;
use super::rows::{self, COLUMNS, storage};
use crate::log::CommittedBatch;
use crate::log::error::LogError;
use crate::log::types::{Position, RecordedEvent};

/// The notification channel commits are announced on.
pub const CHANNEL: &str = "uzel_log";
/// How often the follower looks for commits nobody announced.
const POLL: Duration = Duration::from_secs(1);
/// The most events one catch-up read asks for.
const PAGE: i64 = 4096;

/// The live feed of one node: `None` once the log is closed.
pub type Live = Arc<Mutex<Option<broadcast::Sender<CommittedBatch>>>>;

/// Publishes the log's commits on one node.
pub struct Follower {
    /// Makes its connections.
    pub connector: Connector,
    /// The last position published.
    pub published: watch::Sender<Position>,
    /// Where batches are published.
    pub live: Live,
    /// Whether the database can be reached: false while the follower can
    /// neither listen nor read, true again once it has caught up.
    pub reachable: watch::Sender<bool>,
}

impl Follower {
    /// Runs until the writer of this node stops (the log closed), then ends
    /// the live feed.
    pub async fn run(self, mut committed: mpsc::Receiver<Vec<Arc<RecordedEvent>>>) {
        // Wake-ups only: a full queue already holds one, so more are dropped.
        let (notes_to, mut notes) = mpsc::channel(16);
        let mut listener: Option<Client> = None;
        let mut reader: Option<Client> = None;
        loop {
            if listener.as_ref().is_none_or(Client::is_closed) {
                listener = self.connector.listen(CHANNEL, notes_to.clone()).await.ok();
                // Whatever was announced while nobody listened.
                let read = self.catch_up(&mut reader).await;
                self.reachable.send_if_modified(|was| {
                    let now = listener.is_some() && read;
                    std::mem::replace(was, now) != now
                });
            }
            tokio::select! {
                batch = committed.recv() => match batch {
                    Some(events) => self.offer(events, &mut reader).await,
                    None => break,
                },
                Some(position) = notes.recv() => {
                    if position == 0 || position > *self.published.borrow() {
                        let _ = self.catch_up(&mut reader).await;
                    }
                }
                () = tokio::time::sleep(POLL) => {
                    if !self.catch_up(&mut reader).await {
                        self.reachable.send_replace(false);
                    }
                }
            }
        }
        self.live.lock().unwrap_or_else(|e| e.into_inner()).take();
    }

    /// Publishes this node's own commit if it continues the log; otherwise
    /// reads up to it (another node committed in between).
    async fn offer(&self, events: Vec<Arc<RecordedEvent>>, reader: &mut Option<Client>) {
        let published = *self.published.borrow();
        match (events.first(), events.last()) {
            (Some(first), _) if first.position == published + 1 => self.publish(events),
            (_, Some(last)) if last.position > published => drop(self.catch_up(reader).await),
            _ => {}
        }
    }

    /// Reads and publishes every committed event after the last published;
    /// false if the database could not be read.
    async fn catch_up(&self, reader: &mut Option<Client>) -> bool {
        match self.read_on(reader).await {
            Ok(()) => true,
            Err(why) => {
                tracing::warn!(error = %why, "cannot read the log's new events from PostgreSQL; retrying");
                if reader.as_ref().is_some_and(Client::is_closed) {
                    *reader = None;
                }
                false
            }
        }
    }

    async fn read_on(&self, reader: &mut Option<Client>) -> Result<(), LogError> {
        if reader.as_ref().is_none_or(Client::is_closed) {
            *reader = Some(self.connector.connect().await?);
        }
        let Some(client) = reader.as_ref() else { return Ok(()) };
        let sql = format!("SELECT {COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2");
        loop {
            let after = *self.published.borrow();
            let rows = client.query(&sql, &[&(after as i64), &PAGE]).await.map_err(storage)?;
            let full = rows.len() as i64 == PAGE;
            let mut events = Vec::with_capacity(rows.len());
            for (offset, row) in rows.iter().enumerate() {
                let event = rows::event(row)?;
                if event.position != after + 1 + offset as u64 {
                    // Commits are serialised, so this cannot be; never
                    // publish a gap.
                    return Err(LogError::Corrupt {
                        at: format!("position {}", after + 1 + offset as u64),
                        reason: format!("the log continues at {} instead", event.position),
                    });
                }
                events.push(Arc::new(event));
            }
            if !events.is_empty() {
                self.publish(events);
            }
            if !full {
                return Ok(());
            }
        }
    }

    /// Moves the position reads are bounded by, then offers the events to
    /// live subscribers — in that order: a subscriber that reads the log
    /// because of an event it was offered (a record folded again) must find
    /// the event there.
    fn publish(&self, events: Vec<Arc<RecordedEvent>>) {
        let Some(last) = events.last().map(|e| e.position) else { return };
        self.published.send_replace(last);
        if let Some(live) = self.live.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            // No receivers is fine: nobody is following live.
            let _ = live.send(CommittedBatch::from(events));
        }
    }
}
