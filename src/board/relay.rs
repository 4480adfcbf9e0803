//! One relay per server worker thread between the projector's broadcast and
//! that thread's connections. The projector wakes one relay per worker
//! instead of every connection (waking a task from another thread goes
//! through a locked queue); each relay wakes its connections on their own
//! thread. A relay that falls behind tells its connections to re-read the
//! board's history (`None`), so nothing is ever skipped.

use std::cell::RefCell;
use std::sync::Arc;

use tokio::sync::broadcast::{self, error::RecvError};

use super::frame::Frame;
use crate::projections::{BOARD_LIVE_CAPACITY, ReadModels};

/// A frame, or `None`: frames were lost on the way, re-read the history.
pub type Relayed = Option<Arc<Frame>>;

thread_local! {
    /// This thread's relay: the read models it serves and its sender.
    static RELAY: RefCell<Option<(usize, broadcast::Sender<Relayed>)>> = const { RefCell::new(None) };
}

/// Forwards frames from `source` to `sink` until either end closes; frames
/// lost to a lag become one `None`.
pub async fn forward(mut source: broadcast::Receiver<Arc<Frame>>, sink: broadcast::Sender<Relayed>) {
    loop {
        let relayed = match source.recv().await {
            Ok(frame) => Some(frame),
            Err(RecvError::Lagged(_)) => None,
            Err(RecvError::Closed) => return,
        };
        // No receivers left: the relay's work is done; the next connection
        // on this thread starts a new one.
        if sink.send(relayed).is_err() {
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
        if let Some((k, sender)) = relay.as_ref()
            && *k == key
            && sender.receiver_count() > 0
        {
            return sender.subscribe();
        }
        let (sender, receiver) = broadcast::channel(BOARD_LIVE_CAPACITY);
        actix_web::rt::spawn(forward(models.board_live(), sender.clone()));
        *relay = Some((key, sender));
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
        let (sink, mut out) = broadcast::channel(16);
        for position in 1..=5 {
            source.send(frame(position)).unwrap();
        }
        let relay = tokio::spawn(forward(receiver, sink));
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
    }
}
