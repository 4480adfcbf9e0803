//! A transaction sent whole — one statement that takes the lock, inserts
//! where the log should end and commits as the server ends it — and not
//! answered yet. The writer may send the next one behind it on the same
//! connection before it is answered: PostgreSQL runs them in the order
//! sent, each after the one before commits, so its backend goes from one
//! to the next without waiting for the writer. The next one's INSERT is
//! guarded by where this one leaves the log (its last position and event):
//! should this one not commit, the next inserts nothing.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;

use tokio_postgres::Client;

use super::columns::{Columns, Head};
use super::statements::Prepared;
use super::writer::{Answer, Request};
use crate::log::types::RecordedEvent;

/// How a transaction sent whole ended: whether it inserted its events
/// (false: the log did not end where it was sent to continue it, and the
/// transaction committed nothing).
pub(super) type Outcome = Result<bool, tokio_postgres::Error>;

/// A transaction on its way.
pub(super) struct Flight {
    /// The appends it commits, in order.
    pub(super) batch: Vec<Request>,
    /// What it decided for each.
    pub(super) answers: Vec<Answer>,
    /// The events it inserts.
    pub(super) events: Vec<Arc<RecordedEvent>>,
    sent: Pin<Box<dyn Future<Output = Outcome> + Send>>,
    /// The outcome, if it came as the transaction was sent.
    early: Option<Outcome>,
}

impl Flight {
    /// Sends the transaction that inserts `events` where the log ends at
    /// `after`; its statements are on their way to the server, in order
    /// behind any sent before, when this returns.
    pub(super) async fn send(
        (client, prepared): (&Arc<Client>, &Arc<Prepared>),
        batch: Vec<Request>,
        answers: Vec<Answer>,
        events: Vec<Arc<RecordedEvent>>,
        after: Head,
    ) -> Self {
        let (client, prepared, inserted) = (Arc::clone(client), Arc::clone(prepared), events.clone());
        let mut sent: Pin<Box<dyn Future<Output = Outcome> + Send>> = Box::pin(async move {
            // One statement, and so a transaction of its own: the lock,
            // the guarded INSERT, the commit (`columns::INSERT`).
            Columns::of(&inserted).insert(&*client, &prepared.insert, after).await
        });
        // Polled once: each statement is handed to the connection (in
        // order) when its future is first polled.
        let early = match std::future::poll_fn(|cx| Poll::Ready(sent.as_mut().poll(cx))).await {
            Poll::Ready(outcome) => Some(outcome),
            Poll::Pending => None,
        };
        Self { batch, answers, events, sent, early }
    }

    /// The transaction's outcome once the server has answered it.
    /// Cancel-safe: dropped before it is ready, it can be awaited again.
    pub(super) async fn landed(&mut self) -> Outcome {
        match self.early.take() {
            Some(outcome) => outcome,
            None => self.sent.as_mut().await,
        }
    }
}
