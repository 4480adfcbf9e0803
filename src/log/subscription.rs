//! Catch-up subscriptions, written once over any [`EventLog`].
//!
//! The order of operations is what makes the switch from history to live
//! safe (the same recovery order Centrifugo uses for its channels):
//!
//! 1. take a live receiver **first**, so every batch committed from this
//!    moment on is either in the receiver or, if the receiver lags, still in
//!    the log;
//! 2. read history from the log after the subscriber's position, page by
//!    page, until a read reaches the end of the log: everything committed
//!    before that read is then delivered, everything after it is in the
//!    receiver;
//! 3. go live: take batches from the receiver, skip what was already
//!    delivered (by position), and if a batch does not start right after the
//!    last delivered position — a gap — or the receiver reports `Lagged`,
//!    fall back to step 2. Nothing is ever skipped: the log has every event
//!    the receiver dropped, because the writer publishes only after commit.

use std::collections::VecDeque;
use std::sync::Arc;

use tokio::sync::broadcast::{self, error::RecvError};

use super::error::LogError;
use super::types::{Direction, EventFilter, Position, ReadFrom, RecordedEvent};
use super::{CommittedBatch, EventLog};

/// How many events one catch-up read asks for.
const CATCH_UP_PAGE: usize = 4096;

/// A catch-up subscription: yields every event after its start position that
/// passes its filter, in position order, exactly once.
pub struct Subscription {
    log: Arc<dyn EventLog>,
    filter: EventFilter,
    live: broadcast::Receiver<CommittedBatch>,
    /// The last position examined (delivered or filtered out).
    examined: Position,
    /// Events read or received but not yet examined, contiguous in position
    /// after `examined` when they came live, in position order always.
    pending: VecDeque<Arc<RecordedEvent>>,
    /// The last position the latest history read examined: once `pending`
    /// is drained, everything up to it has been examined.
    page_end: Position,
    catching_up: bool,
}

impl Subscription {
    /// Starts a subscription after `after` (exclusive); see the module docs.
    pub fn new(log: Arc<dyn EventLog>, after: Position, filter: EventFilter) -> Self {
        let live = log.live();
        Self { log, filter, live, examined: after, pending: VecDeque::new(), page_end: after, catching_up: true }
    }

    /// The last position this subscription has examined: resuming after it
    /// misses nothing and repeats nothing.
    pub fn position(&self) -> Position {
        self.examined
    }

    /// Whether the subscription has caught up with the log and is following
    /// live commits.
    pub fn is_live(&self) -> bool {
        !self.catching_up
    }

    /// The next event, waiting for one to be committed if need be. Fails
    /// only when the log is closed or a read fails.
    pub async fn next(&mut self) -> Result<Arc<RecordedEvent>, LogError> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                self.examined = event.position;
                if self.filter.matches(&event) {
                    return Ok(event);
                }
                continue;
            }
            // Positions the history read skipped by filter are examined too.
            self.examined = self.examined.max(self.page_end);
            if self.catching_up {
                self.catch_up_page().await?;
            } else {
                self.receive_live().await?;
            }
        }
    }

    /// Reads one page of history after the examined position; a page that
    /// reaches the end of the log ends the catch-up, because everything
    /// committed after that read is in the live receiver.
    async fn catch_up_page(&mut self) -> Result<(), LogError> {
        let slice =
            self.log.read_all(ReadFrom::At(self.examined + 1), Direction::Forward, CATCH_UP_PAGE, &self.filter).await?;
        self.page_end = self.page_end.max(slice.last_examined);
        self.pending.extend(slice.events.into_iter().map(Arc::new));
        self.catching_up = !slice.end_of_log;
        Ok(())
    }

    /// Waits for the next live batch and queues what it adds; a gap or a lag
    /// sends the subscription back to the log.
    async fn receive_live(&mut self) -> Result<(), LogError> {
        match self.live.recv().await {
            Ok(batch) => {
                for event in batch.iter() {
                    if event.position <= self.examined {
                        continue; // delivered from history already
                    }
                    if event.position != self.examined + 1 + self.pending.len() as u64 {
                        // A batch was lost to us: the log has it.
                        self.catching_up = true;
                        break;
                    }
                    self.pending.push_back(Arc::clone(event));
                }
                Ok(())
            }
            Err(RecvError::Lagged(_)) => {
                self.catching_up = true;
                Ok(())
            }
            Err(RecvError::Closed) => Err(LogError::Closed),
        }
    }
}
