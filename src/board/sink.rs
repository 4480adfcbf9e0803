//! A subscription's end of its thread's relay.
//!
//! While the connection catches up (or deals with a frame the relay could
//! not deliver), the relay queues frames in the sink and wakes the
//! connection. Once the connection is live and idle it **arms** the sink:
//! the relay then writes each new frame straight into the connection's
//! outgoing queue, after the subscription's filter and the reader's access
//! rules, without waking the connection's task. Anything out of the
//! ordinary — the queue full, users changed since the reader was computed,
//! the socket gone — disarms the sink, and the frame goes back to the
//! connection through the queue, where the full rules apply (the
//! slow-client limit, a fresh reader). Frames are considered once each, in
//! position order; a sink more than [`BACKLOG`] frames behind is marked
//! lagged and its connection re-reads the board's history.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Poll, Waker};

use actix_web::web::Bytes;
use actix_ws::Message;

use super::frame::Frame;
use super::outbox::{Outbox, Refused, encode_once, keep};
use super::protocol::Encoding;
use super::reader::{Filter, Reader};
use crate::log::Position;

/// Frames a sink holds for its connection before it is marked lagged.
pub const BACKLOG: usize = 256;

/// A frame as the relay offers it: encoded once as a websocket frame in
/// each encoding, for every socket that gets it.
pub struct Outgoing {
    /// The frame.
    pub frame: Arc<Frame>,
    /// Its JSON text frame.
    pub text: Bytes,
    /// Its protobuf binary frame.
    pub binary: Bytes,
}

impl Outgoing {
    /// Encodes `frame` for the sockets.
    pub fn of(frame: Arc<Frame>) -> Self {
        let text = encode_once(Message::Text(frame.json.clone()));
        let binary = encode_once(Message::Binary(frame.proto.clone()));
        Self { frame, text, binary }
    }
}

/// What the relay needs to deliver frames itself.
pub struct Armed {
    /// The connection's outgoing queue.
    pub outbox: Outbox,
    /// The subscription's filter.
    pub filter: Rc<Filter>,
    /// Who reads: what the access rules let through.
    pub reader: Rc<Reader>,
    /// JSON or protobuf frames.
    pub encoding: Encoding,
    /// The users' version the reader was computed at.
    pub access_seen: u64,
    /// The last position the subscription examined: frames up to it are
    /// not offered again.
    pub examined: Position,
}

/// What the relay did while armed, for the connection to take over.
#[derive(Default, Debug, PartialEq, Eq)]
pub struct Progress {
    /// The last position the relay considered (0: none).
    pub examined: Position,
    /// The last position it delivered, if any.
    pub delivered: Option<Position>,
    /// Frames it delivered.
    pub count: u64,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Arc<Frame>>,
    lagged: bool,
    closed: bool,
    armed: Option<Armed>,
    progress: Progress,
    waker: Option<Waker>,
}

/// The relay's decision for the frame it is offering: whether the frame
/// passes a filter and a reader. Subscriptions in a row that share both
/// (`intern.rs`) get the answer without looking again. It keeps the two
/// alive, so no other filter or reader can take their place in memory
/// while it holds them. Good for one frame only.
#[derive(Default)]
pub struct Decision {
    last: Option<(Rc<Filter>, Rc<Reader>, bool)>,
}

impl Decision {
    /// Whether `frame` passes `filter` and `reader`.
    fn passes(&mut self, filter: &Rc<Filter>, reader: &Rc<Reader>, frame: &Frame) -> bool {
        if let Some((kept_filter, kept_reader, passes)) = &self.last
            && Rc::ptr_eq(kept_filter, filter)
            && Rc::ptr_eq(kept_reader, reader)
        {
            return *passes;
        }
        let passes = filter.admits(frame) && reader.sees(frame);
        self.last = Some((Rc::clone(filter), Rc::clone(reader), passes));
        passes
    }
}

/// One subscription's place at its relay.
#[derive(Default)]
pub struct Sink {
    state: RefCell<State>,
}

/// What waits for the connection.
pub enum Waiting {
    /// A frame to consider.
    Frame(Arc<Frame>),
    /// Frames were lost on the way: re-read the history.
    Lagged,
    /// The relay's source closed (the server stops).
    Closed,
}

impl Sink {
    /// The relay offers `frame` (`access` is the users' version now;
    /// `decision`, the relay's for this frame); true if the connection's
    /// socket got it straight away.
    pub fn offer(&self, outgoing: &Outgoing, access: u64, decision: &mut Decision) -> bool {
        let frame = &outgoing.frame;
        let mut state = self.state.borrow_mut();
        if state.lagged || state.closed {
            return false;
        }
        let state = &mut *state;
        if let Some(armed) = &mut state.armed
            && armed.access_seen == access
        {
            if frame.position <= armed.examined {
                return false;
            }
            if !decision.passes(&armed.filter, &armed.reader, frame) {
                armed.examined = frame.position;
                state.progress.examined = frame.position;
                return false;
            }
            let encoded = match armed.encoding {
                Encoding::Json => &outgoing.text,
                Encoding::Protobuf => &outgoing.binary,
            };
            match armed.outbox.push_encoded(encoded.clone()) {
                Ok(()) => {
                    armed.examined = frame.position;
                    let progress = &mut state.progress;
                    progress.examined = frame.position;
                    progress.delivered = Some(frame.position);
                    progress.count += 1;
                    return true;
                }
                // The connection decides: wait for room, or close.
                Err(Refused::Full(_) | Refused::Closed) => {}
            }
        }
        state.armed = None;
        if state.queue.len() >= BACKLOG {
            state.lagged = true;
            state.queue.clear();
        } else {
            state.queue.push_back(Arc::clone(frame));
        }
        if let Some(waker) = state.waker.take() {
            waker.wake();
        }
        false
    }

    /// The relay lost frames: the connection re-reads the history.
    pub fn lag(&self) {
        let mut state = self.state.borrow_mut();
        state.armed = None;
        state.lagged = true;
        state.queue.clear();
        if let Some(waker) = state.waker.take() {
            waker.wake();
        }
    }

    /// The relay's source closed.
    pub fn close(&self) {
        let mut state = self.state.borrow_mut();
        state.armed = None;
        state.closed = true;
        if let Some(waker) = state.waker.take() {
            waker.wake();
        }
    }

    /// Takes back what the relay did while armed.
    pub fn progress(&self) -> Progress {
        std::mem::take(&mut self.state.borrow_mut().progress)
    }

    /// Clears the lag mark before a catch-up from the history; frames
    /// offered from now on are queued again.
    pub fn recover(&self) {
        self.state.borrow_mut().lagged = false;
    }

    /// Waits for what the relay queued. With `arm`, the sink is armed while
    /// nothing is queued, so new frames go straight to the socket; the wait
    /// then ends only when the relay hands a frame back.
    pub async fn next(&self, mut arm: Option<&mut dyn FnMut() -> Armed>) -> Waiting {
        std::future::poll_fn(|cx| {
            let mut state = self.state.borrow_mut();
            if state.closed {
                return Poll::Ready(Waiting::Closed);
            }
            if state.lagged {
                return Poll::Ready(Waiting::Lagged);
            }
            if let Some(frame) = state.queue.pop_front() {
                return Poll::Ready(Waiting::Frame(frame));
            }
            if state.armed.is_none()
                && let Some(arm) = arm.as_mut()
            {
                state.armed = Some(arm());
            }
            keep(&mut state.waker, cx.waker());
            Poll::Pending
        })
        .await
    }

    /// Disarms the sink (the connection's reader or filter changes).
    pub fn disarm(&self) {
        self.state.borrow_mut().armed = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::frame::{Kind, sample};
    use crate::board::outbox::{self, Outbox};

    fn frame(position: u64) -> Outgoing {
        Outgoing::of(sample(position, Kind::News, "published", &position.to_string(), None))
    }

    fn poll<F: std::future::Future>(future: std::pin::Pin<&mut F>) -> Poll<F::Output> {
        future.poll(&mut std::task::Context::from_waker(Waker::noop()))
    }

    /// Arms the sink (its wait stays pending).
    fn waits_armed(sink: &Sink, arm: &mut dyn FnMut() -> Armed) -> bool {
        let mut next = Box::pin(sink.next(Some(arm)));
        poll(next.as_mut()).is_pending()
    }

    #[test]
    fn unarmed_frames_wait_in_order_and_too_many_mark_a_lag() {
        let sink = Sink::default();
        assert!(!sink.offer(&frame(1), 0, &mut Decision::default()));
        assert!(!sink.offer(&frame(2), 0, &mut Decision::default()));
        let mut next = Box::pin(sink.next(None));
        assert!(matches!(poll(next.as_mut()), Poll::Ready(Waiting::Frame(f)) if f.position == 1));
        let sink = Sink::default();
        for position in 1..=BACKLOG as u64 + 1 {
            sink.offer(&frame(position), 0, &mut Decision::default());
        }
        let mut next = Box::pin(sink.next(None));
        assert!(matches!(poll(next.as_mut()), Poll::Ready(Waiting::Lagged)), "never a skipped frame");
    }

    #[test]
    fn an_armed_sink_delivers_itself_and_hands_back_what_it_cannot() {
        // Not attached to a socket: what the sink delivers stays queued.
        let queue = Outbox::new();
        let sink = Sink::default();
        let arm = |reader: Reader| Armed {
            outbox: queue.clone(),
            filter: Rc::new(Filter::default()),
            reader: Rc::new(reader),
            encoding: Encoding::Json,
            access_seen: 7,
            examined: 2,
        };
        assert!(waits_armed(&sink, &mut || arm(Reader::admin())), "armed and waiting");
        assert!(!sink.offer(&frame(2), 7, &mut Decision::default()), "up to `examined`: not again");
        assert!(sink.offer(&frame(3), 7, &mut Decision::default()));
        assert!(sink.offer(&frame(4), 7, &mut Decision::default()));
        assert_eq!(sink.progress(), Progress { examined: 4, delivered: Some(4), count: 2 });
        // Users changed: the frame goes to the connection, which refreshes
        // its reader first.
        assert!(!sink.offer(&frame(5), 8, &mut Decision::default()));
        {
            let mut next = Box::pin(sink.next(None));
            assert!(matches!(poll(next.as_mut()), Poll::Ready(Waiting::Frame(f)) if f.position == 5));
        }
        // A reader that may not see them: examined, not sent.
        assert!(waits_armed(&sink, &mut || arm(Reader::default())));
        assert!(!sink.offer(&frame(6), 7, &mut Decision::default()));
        assert_eq!(sink.progress(), Progress { examined: 6, delivered: None, count: 0 });
        // The socket's queue is full: handed back, for the slow-client rule.
        sink.disarm();
        assert!(waits_armed(&sink, &mut || arm(Reader::admin())));
        let mut offered = 7;
        while sink.offer(&frame(offered), 7, &mut Decision::default()) {
            offered += 1;
        }
        assert_eq!(offered - 7, outbox::CAPACITY as u64 - 2, "the queue held two frames already");
        let mut next = Box::pin(sink.next(None));
        assert!(matches!(poll(next.as_mut()), Poll::Ready(Waiting::Frame(f)) if f.position == offered));
        drop(next);
        assert_eq!(queue.queued(), outbox::CAPACITY, "the frames the sink delivered wait in the queue");
    }

    #[test]
    fn one_decision_serves_the_sinks_that_share_a_reader_and_a_filter_and_no_other() {
        let filter = Rc::new(Filter::default());
        let (admin, nobody) = (Rc::new(Reader::admin()), Rc::new(Reader::default()));
        let sinks: Vec<Sink> = (0..4).map(|_| Sink::default()).collect();
        for (sink, reader) in sinks.iter().zip([&admin, &nobody, &admin, &admin]) {
            let mut arm = || Armed {
                outbox: Outbox::new(),
                filter: Rc::clone(&filter),
                reader: Rc::clone(reader),
                encoding: Encoding::Json,
                access_seen: 7,
                examined: 0,
            };
            assert!(waits_armed(sink, &mut arm));
        }
        let mut decision = Decision::default();
        let offered: Vec<bool> = sinks.iter().map(|sink| sink.offer(&frame(1), 7, &mut decision)).collect();
        assert_eq!(offered, [true, false, true, true], "each sink as its own reader decides");
    }
}
