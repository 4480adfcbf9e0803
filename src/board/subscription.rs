//! One subscription of a board connection: the live receiver taken first,
//! then the history after `from`, then live frames, dropping by position
//! what was already read — nothing missed, nothing twice. A receiver that
//! lags (or a relay that lost frames) goes back to the history.

use std::collections::VecDeque;
use std::sync::Arc;

use tokio::sync::broadcast::{self, error::RecvError};

use super::frame::Frame;
use super::reader::Filter;
use super::relay::Relayed;
use crate::app::App;
use crate::log::Position;

/// How many history frames one catch-up step reads.
const PAGE: usize = 512;

/// One subscription of a connection.
pub struct Subscription {
    /// What the subscriber asked for.
    pub filter: Filter,
    /// The live receiver.
    pub live: broadcast::Receiver<Relayed>,
    /// Frames to send, in position order, already past `examined`.
    pub backlog: VecDeque<Arc<Frame>>,
    /// The last position read from the history or the receiver.
    pub examined: Position,
    /// Reading the history (not yet, or again, live).
    pub catching_up: bool,
    /// Whether `Live` was returned.
    pub announced_live: bool,
}

/// What the subscription has next.
pub enum Next {
    /// A frame to consider.
    Frame(Arc<Frame>),
    /// History is done, up to this position.
    Live(Position),
    /// The board's feed closed (the server stops).
    Closed,
    /// The log could not be read for the catch-up: the client resumes
    /// later from its last position.
    Unreadable,
}

impl Subscription {
    /// A subscription that will read the history from position 0 (set
    /// `examined` to start later) before going live on `live`.
    pub fn new(filter: Filter, live: broadcast::Receiver<Relayed>) -> Self {
        Self { filter, live, backlog: VecDeque::new(), examined: 0, catching_up: true, announced_live: false }
    }

    /// The next frame to consider, or the moment history is done.
    pub async fn next(&mut self, app: &App) -> Next {
        loop {
            if let Some(frame) = self.backlog.pop_front() {
                return Next::Frame(frame);
            }
            if self.catching_up {
                // A log that cannot be read now: the connection ends and the
                // client resumes from its last position.
                let Ok(page) = super::catchup::after(app, self.examined, PAGE).await else { return Next::Unreadable };
                if page.frames.is_empty() && page.examined <= self.examined {
                    self.catching_up = false;
                } else {
                    self.examined = page.examined;
                    self.backlog.extend(page.frames);
                }
                continue;
            }
            if !self.announced_live {
                self.announced_live = true;
                return Next::Live(self.examined);
            }
            match self.live.recv().await {
                Ok(Some(frame)) if frame.position > self.examined => {
                    self.examined = frame.position;
                    return Next::Frame(frame);
                }
                Ok(Some(_)) => {}
                // The relay lost frames, or this receiver did: the history
                // has them.
                Ok(None) | Err(RecvError::Lagged(_)) => self.catching_up = true,
                Err(RecvError::Closed) => return Next::Closed,
            }
        }
    }
}
