//! One relay per server worker thread between the projector's broadcast and
//! that thread's connections. The projector wakes one relay per worker
//! instead of every connection (waking a task from another thread goes
//! through a locked queue); each relay wakes its connections on their own
//! thread. A relay that falls behind tells its connections to re-read the
//! board's history (`None`), so nothing is ever skipped.
//!
//! The relay wakes its connections a group of [`GROUP`] at a time and lets
//! each group send before waking the next: woken all at once, thousands of
//! connections would each queue their frame before the first socket write,
//! and by then the first connections' state would have left the processor's
//! cache. Each group has its own small channel; a connection that falls
//! [`GROUP_CAPACITY`] frames behind re-reads the board's history.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use tokio::sync::broadcast::{self, error::RecvError};

use super::frame::Frame;
use crate::projections::ReadModels;

/// A frame, or `None`: frames were lost on the way, re-read the history.
pub type Relayed = Option<Arc<Frame>>;

/// Connections woken together.
pub const GROUP: usize = 64;

/// Frames a connection may fall behind its group's channel before it
/// re-reads the history (small: every group's channel holds this many).
pub const GROUP_CAPACITY: usize = 256;

/// A relay's groups of connections, each a channel.
#[derive(Default)]
pub struct Groups {
    senders: RefCell<Vec<broadcast::Sender<Relayed>>>,
}

impl Groups {
    /// A receiver in a group with room (a new group if none has).
    pub fn join(&self) -> broadcast::Receiver<Relayed> {
        let mut senders = self.senders.borrow_mut();
        if let Some(sender) = senders.iter().find(|s| s.receiver_count() < GROUP) {
            return sender.subscribe();
        }
        let (sender, receiver) = broadcast::channel(GROUP_CAPACITY);
        senders.push(sender);
        receiver
    }

    /// Whether no connection listens any more.
    fn is_empty(&self) -> bool {
        self.senders.borrow().iter().all(|s| s.receiver_count() == 0)
    }

    /// Sends `relayed` to every group, letting each group's connections run
    /// before the next group is woken; false if no connection listens any
    /// more. Groups left empty are dropped first; groups only grow at the
    /// end meanwhile, so none is skipped (a connection that joins meanwhile
    /// finds the frame in the history too, and drops it if it comes twice).
    async fn send(&self, relayed: &Relayed, pause: bool) -> bool {
        {
            let mut senders = self.senders.borrow_mut();
            senders.retain(|s| s.receiver_count() > 0);
            if senders.is_empty() {
                return false;
            }
        }
        for at in 0.. {
            let sent = match self.senders.borrow().get(at) {
                Some(sender) => sender.send(relayed.clone()).is_ok(),
                None => break,
            };
            if sent && pause {
                requeue().await;
            }
        }
        true
    }
}

/// Puts the task at the back of its thread's queue, behind the connections
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
    /// This thread's relay: the read models it serves and its groups.
    static RELAY: RefCell<Option<(usize, Rc<Groups>)>> = const { RefCell::new(None) };
}

/// Forwards frames from `source` to every group of `groups` until the source
/// closes or no connection is left; frames lost to a lag become one `None`.
pub async fn forward(mut source: broadcast::Receiver<Arc<Frame>>, groups: Rc<Groups>) {
    loop {
        let relayed = match source.recv().await {
            Ok(frame) => Some(frame),
            Err(RecvError::Lagged(_)) => None,
            Err(RecvError::Closed) => return,
        };
        // Frames waiting: no pause between groups, so the relay keeps up
        // with a stream of posts (a relay that fell behind would send every
        // connection back to the history). No receivers left: the relay's
        // work is done; the next connection on this thread starts a new one.
        if !groups.send(&relayed, source.is_empty()).await {
            return;
        }
    }
}

/// A receiver of new board frames on this thread. Take it before reading the
/// board's history, so that nothing falls between the two. Must be called
/// on a thread with a local task set (a server worker).
pub fn subscribe(models: &Arc<ReadModels>) -> broadcast::Receiver<Relayed> {
    let key = Arc::as_ptr(models) as usize;
    RELAY.with(|relay| {
        let mut relay = relay.borrow_mut();
        if let Some((k, groups)) = relay.as_ref()
            && *k == key
            && !groups.is_empty()
        {
            return groups.join();
        }
        let groups = Rc::new(Groups::default());
        let receiver = groups.join();
        actix_web::rt::spawn(forward(models.board_live(), Rc::clone(&groups)));
        *relay = Some((key, groups));
        receiver
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::frame::{Kind, sample};

    fn frame(position: u64) -> Arc<Frame> {
        sample(position, Kind::News, "published", &position.to_string(), None)
    }

    #[tokio::test]
    async fn a_relay_that_falls_behind_says_so_instead_of_skipping() {
        let (source, receiver) = broadcast::channel(2);
        let groups = Rc::new(Groups::default());
        let mut out = groups.join();
        for position in 1..=5 {
            source.send(frame(position)).unwrap();
        }
        let local = tokio::task::LocalSet::new();
        local
            .run_until(async move {
                let relay = tokio::task::spawn_local(forward(receiver, groups));
                let mut got = Vec::new();
                for _ in 0..3 {
                    got.push(out.recv().await.unwrap().map(|f| f.position));
                }
                // Three frames were lost to the lag: a `None`, then what is left.
                assert_eq!(got, vec![None, Some(4), Some(5)]);
                source.send(frame(6)).unwrap();
                assert_eq!(out.recv().await.unwrap().map(|f| f.position), Some(6));
                drop(source);
                relay.await.unwrap();
                assert!(out.recv().await.is_err(), "the relay ends when the projector's channel closes");
            })
            .await;
    }

    #[tokio::test]
    async fn every_connection_of_every_group_gets_each_frame_once() {
        let (source, receiver) = broadcast::channel(16);
        let groups = Rc::new(Groups::default());
        let mut receivers: Vec<_> = (0..3 * GROUP + 5).map(|_| groups.join()).collect();
        assert_eq!(groups.senders.borrow().len(), 4, "groups of {GROUP}");
        // The first group empties: it is dropped, and no other group is
        // skipped for it.
        receivers.drain(..GROUP);
        let local = tokio::task::LocalSet::new();
        local
            .run_until(async move {
                let relay = tokio::task::spawn_local(forward(receiver, Rc::clone(&groups)));
                source.send(frame(1)).unwrap();
                source.send(frame(2)).unwrap();
                for receiver in &mut receivers {
                    assert_eq!(receiver.recv().await.unwrap().map(|f| f.position), Some(1));
                    assert_eq!(receiver.recv().await.unwrap().map(|f| f.position), Some(2));
                    assert!(receiver.try_recv().is_err(), "nothing twice");
                }
                assert_eq!(groups.senders.borrow().len(), 3, "the empty group is gone");
                // A new connection joins a group with room.
                let _new = groups.join();
                assert_eq!(groups.senders.borrow().len(), 3);
                drop(source);
                relay.await.unwrap();
            })
            .await;
    }
}
