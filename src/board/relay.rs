//! One relay per server worker thread between the projector's broadcast and
//! that thread's subscriptions. The projector wakes one relay per worker
//! instead of every connection (waking a task from another thread goes
//! through a locked queue); each relay offers every frame to the sinks of
//! its thread's subscriptions (`sink.rs`). A live, idle connection's sink
//! writes the frame straight into the socket's queue, so a post reaches
//! thousands of sockets without waking thousands of tasks. A relay that
//! falls behind tells every sink to re-read the board's history, so
//! nothing is ever skipped.
//!
//! The relay offers a frame to [`GROUP`] sinks at a time and lets their
//! sockets write before it goes on: thousands of frames queued before the
//! first socket write would each have left the processor's cache by the
//! time their socket is written.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::Arc;

use tokio::sync::broadcast::{self, error::RecvError};

use super::frame::Frame;
use super::sink::{Decision, Outgoing, Sink};
use crate::live::ReadModels;

/// A frame, or `None`: frames were lost on the way, re-read the history.
type Relayed = Option<Outgoing>;

/// Sinks offered a frame before their sockets write.
pub const GROUP: usize = 64;

/// A relay's sinks, in the order they joined.
#[derive(Default)]
pub struct Sinks {
    list: RefCell<Vec<Weak<Sink>>>,
}

impl Sinks {
    /// A new sink at this relay; it leaves when dropped.
    pub fn join(&self) -> Rc<Sink> {
        let sink = Rc::new(Sink::default());
        self.list.borrow_mut().push(Rc::downgrade(&sink));
        sink
    }

    /// Whether no subscription listens any more.
    fn is_empty(&self) -> bool {
        self.list.borrow().iter().all(|s| s.strong_count() == 0)
    }

    /// Offers `relayed` to every sink (`access`: the users' version now),
    /// letting the sockets of each group write before the next group when
    /// `pause`; false if no subscription listens any more. Sinks gone are
    /// dropped first; sinks only join at the end meanwhile, so none is
    /// skipped (one that joins meanwhile finds the frame in the history
    /// too, and drops it if it comes twice).
    async fn send(&self, relayed: &Relayed, access: u64, pause: bool) -> bool {
        {
            let mut list = self.list.borrow_mut();
            list.retain(|s| s.strong_count() > 0);
            if list.is_empty() {
                return false;
            }
        }
        let mut decision = Decision::default();
        let mut at = 0;
        loop {
            let mut wrote = false;
            {
                let list = self.list.borrow();
                if at >= list.len() {
                    break;
                }
                for sink in list[at..].iter().take(GROUP).filter_map(Weak::upgrade) {
                    match relayed {
                        Some(frame) => wrote |= sink.offer(frame, access, &mut decision),
                        None => sink.lag(),
                    }
                }
                at += GROUP;
            }
            if wrote && pause {
                requeue().await;
            }
        }
        true
    }

    /// Tells every sink that no more frames come.
    fn close(&self) {
        for sink in self.list.borrow().iter().filter_map(Weak::upgrade) {
            sink.close();
        }
    }
}

/// Puts the task at the back of its thread's queue, behind the sockets
/// just woken.
async fn requeue() {
    let mut queued = false;
    std::future::poll_fn(|cx| {
        if std::mem::replace(&mut queued, true) {
            return std::task::Poll::Ready(());
        }
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    })
    .await
}

thread_local! {
    /// This thread's relay: the read models it serves and its sinks.
    static RELAY: RefCell<Option<(usize, Rc<Sinks>)>> = const { RefCell::new(None) };
}

/// Forwards frames from `source` to every sink of `sinks` until the source
/// closes or no subscription is left; frames lost to a lag become one
/// `None`. `access` tells the users' version (see [`Sink::offer`]).
pub async fn forward(mut source: broadcast::Receiver<Arc<Frame>>, sinks: Rc<Sinks>, access: impl Fn() -> u64) {
    loop {
        let relayed = match source.recv().await {
            Ok(frame) => Some(Outgoing::of(frame)),
            Err(RecvError::Lagged(_)) => None,
            Err(RecvError::Closed) => {
                sinks.close();
                return;
            }
        };
        // Frames waiting: no pause between groups, so the relay keeps up
        // with a stream of posts (a relay that fell behind would send every
        // connection back to the history). No sinks left: the relay's work
        // is done; the next subscription on this thread starts a new one.
        if !sinks.send(&relayed, access(), source.is_empty()).await {
            return;
        }
    }
}

/// A sink for new board frames on this thread. Take it before reading the
/// board's history, so that nothing falls between the two. Must be called
/// on a thread with a local task set (a server worker).
pub fn subscribe(models: &Arc<ReadModels>) -> Rc<Sink> {
    let key = Arc::as_ptr(models) as usize;
    RELAY.with(|relay| {
        let mut relay = relay.borrow_mut();
        if let Some((k, sinks)) = relay.as_ref()
            && *k == key
            && !sinks.is_empty()
        {
            return sinks.join();
        }
        let sinks = Rc::new(Sinks::default());
        let sink = sinks.join();
        let access = Arc::clone(models);
        actix_web::rt::spawn(forward(models.board_live(), Rc::clone(&sinks), move || access.access_changed()));
        *relay = Some((key, sinks));
        sink
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::frame::{Kind, sample};
    use crate::board::sink::Waiting;

    fn frame(position: u64) -> Arc<Frame> {
        sample(position, Kind::News, "published", &position.to_string(), None)
    }

    async fn next(sink: &Sink) -> Option<u64> {
        match sink.next(None).await {
            Waiting::Frame(frame) => Some(frame.position),
            Waiting::Lagged => None,
            Waiting::Closed => panic!("closed"),
        }
    }

    #[tokio::test]
    async fn a_relay_that_falls_behind_says_so_instead_of_skipping() {
        let (source, receiver) = broadcast::channel(2);
        let sinks = Rc::new(Sinks::default());
        let sink = sinks.join();
        for position in 1..=5 {
            source.send(frame(position)).unwrap();
        }
        let local = tokio::task::LocalSet::new();
        local
            .run_until(async move {
                let relay = tokio::task::spawn_local(forward(receiver, sinks, || 0));
                // Three frames were lost to the lag: the sink says so.
                assert_eq!(next(&sink).await, None);
                sink.recover();
                source.send(frame(6)).unwrap();
                assert_eq!(next(&sink).await, Some(6));
                drop(source);
                relay.await.unwrap();
                assert!(matches!(sink.next(None).await, Waiting::Closed), "the relay closes its sinks");
            })
            .await;
    }

    #[tokio::test]
    async fn every_sink_of_every_group_gets_each_frame_once() {
        let (source, receiver) = broadcast::channel(16);
        let sinks = Rc::new(Sinks::default());
        let mut all: Vec<_> = (0..3 * GROUP + 5).map(|_| sinks.join()).collect();
        // The first group leaves: no other sink is skipped for it.
        all.drain(..GROUP);
        let local = tokio::task::LocalSet::new();
        local
            .run_until(async move {
                let relay = tokio::task::spawn_local(forward(receiver, Rc::clone(&sinks), || 0));
                source.send(frame(1)).unwrap();
                source.send(frame(2)).unwrap();
                for sink in &all {
                    assert_eq!(next(sink).await, Some(1));
                    assert_eq!(next(sink).await, Some(2));
                    let mut again = std::pin::pin!(next(sink));
                    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
                    assert!(again.as_mut().poll(&mut cx).is_pending(), "nothing twice");
                }
                assert_eq!(sinks.list.borrow().len(), 2 * GROUP + 5, "the sinks that left are gone");
                drop(source);
                relay.await.unwrap();
            })
            .await;
    }
}
