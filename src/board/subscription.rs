//! One subscription of a board connection: its sink at the relay taken
//! first, then the history after `from`, then live frames, dropping by
//! position what was already read — nothing missed, nothing twice. A sink
//! that lags (or a relay that lost frames) goes back to the history. While
//! live and idle, the subscription arms its sink, and the relay delivers
//! frames itself (`sink.rs`); what it did is taken back here before
//! anything else happens.

use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;

use super::frame::Frame;
use super::intern;
use super::reader::Filter;
use super::sink::{Armed, Sink, Waiting};
use crate::app::App;
use crate::log::Position;

/// How many history frames one catch-up step reads.
const PAGE: usize = 512;

/// One subscription of a connection.
pub struct Subscription {
    /// What the subscriber asked for.
    pub filter: Rc<Filter>,
    /// The sink at this thread's relay.
    pub live: Rc<Sink>,
    /// Frames to send, in position order, already past `examined`.
    pub backlog: VecDeque<Arc<Frame>>,
    /// The last position read from the history or the receiver.
    pub examined: Position,
    /// Reading the history (not yet, or again, live).
    pub catching_up: bool,
    /// Whether `Live` was returned.
    pub announced_live: bool,
    /// The last frame the relay delivered itself and the connection has
    /// not taken yet (see [`Subscription::take_delivered`]).
    delivered: Option<Position>,
    /// How many frames the relay delivered itself, not yet taken.
    count: u64,
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
    pub fn new(filter: Filter, live: Rc<Sink>) -> Self {
        Self {
            filter: intern::filter(filter),
            live,
            backlog: VecDeque::new(),
            examined: 0,
            catching_up: true,
            announced_live: false,
            delivered: None,
            count: 0,
        }
    }

    /// Takes back what the relay did while the sink was armed, and disarms
    /// it: the connection acts now (the subscription arms it again when
    /// idle).
    fn absorb(&mut self) {
        self.live.disarm();
        let progress = self.live.progress();
        self.examined = self.examined.max(progress.examined);
        if progress.delivered.is_some() {
            self.delivered = progress.delivered;
        }
        self.count += progress.count;
    }

    /// The last frame the relay delivered itself (if any) and how many it
    /// delivered, since the last call.
    pub fn take_delivered(&mut self) -> (Option<Position>, u64) {
        self.absorb();
        (self.delivered.take(), std::mem::take(&mut self.count))
    }

    /// The next frame to consider, or the moment history is done. While it
    /// waits for live frames, the sink is armed with what `arm` gives for
    /// the position examined so far and the subscription's filter.
    pub async fn next(&mut self, app: &App, arm: &dyn Fn(Position, Rc<Filter>) -> Armed) -> Next {
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
            let (examined, filter) = (self.examined, &self.filter);
            let waiting = self.live.next(Some(&mut || arm(examined, Rc::clone(filter)))).await;
            self.absorb();
            match waiting {
                Waiting::Frame(frame) if frame.position > self.examined => {
                    self.examined = frame.position;
                    return Next::Frame(frame);
                }
                Waiting::Frame(_) => {}
                // The relay lost frames, or this sink did: the history has
                // them. Frames offered from now on are queued again.
                Waiting::Lagged => {
                    app.board.lagged.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    self.live.recover();
                    self.catching_up = true;
                }
                Waiting::Closed => return Next::Closed,
            }
        }
    }
}
