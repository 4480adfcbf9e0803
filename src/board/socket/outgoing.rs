//! What a board connection sends: into its queue at once when there is
//! room, else waiting at most the slow-client limit — and what a failed
//! send means for the connection (closed, or too slow: 4000).

use std::sync::atomic::Ordering;
use std::time::Duration;

use actix_ws::{CloseCode, Message};

use super::Connection;
use crate::board::outbox::Refused;
use crate::board::protocol::Out;

/// Why sending stopped.
pub(super) enum SendError {
    /// The socket is closed.
    Closed,
    /// The queue stayed full past the limit.
    Slow,
}

impl Connection {
    /// How the connection goes on after a send: `None`, or its close.
    pub(super) fn sent(&self, result: Result<(), SendError>) -> Option<(CloseCode, String)> {
        match result {
            Ok(()) => None,
            Err(SendError::Closed) => Some((CloseCode::Away, "closed".into())),
            Err(SendError::Slow) => {
                self.app.board.slow_closed.fetch_add(1, Ordering::Relaxed);
                let user = self.principal.user.map_or_else(|| "-".to_owned(), |u| u.to_string());
                tracing::warn!(
                    user,
                    delivered = self.delivered,
                    "closing a board connection too slow to keep up (4000)"
                );
                Some((CloseCode::Other(4000), "too slow to keep up".into()))
            }
        }
    }

    /// Sends `out`, waiting at most `slow_after` for room in the queue.
    pub(super) async fn send(&self, out: Out, slow_after: Duration) -> Result<(), SendError> {
        let message = match out {
            Out::Text(text) => Message::Text(text),
            Out::Binary(bytes) => Message::Binary(bytes),
        };
        self.send_message(message, slow_after).await
    }

    /// Sends `message`, waiting at most `slow_after` for room in the queue.
    pub(super) async fn send_message(&self, message: Message, slow_after: Duration) -> Result<(), SendError> {
        // Most sends find room at once: no timer, no allocation for those.
        match self.outbox.push(message) {
            Ok(()) => Ok(()),
            Err(Refused::Closed) => Err(SendError::Closed),
            // Boxed: the connection's task (alive as long as the socket)
            // keeps a pointer, not the room for a wait and its timer.
            Err(Refused::Full(message)) => Box::pin(self.wait_and_send(message, slow_after)).await,
        }
    }

    async fn wait_and_send(&self, message: Message, slow_after: Duration) -> Result<(), SendError> {
        match tokio::time::timeout(slow_after, self.outbox.send(message)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(SendError::Closed),
            Err(_) => Err(SendError::Slow),
        }
    }
}
