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
        let mut source = models.board_live();
        let forward = sender.clone();
        actix_web::rt::spawn(async move {
            loop {
                let relayed = match source.recv().await {
                    Ok(frame) => Some(frame),
                    Err(RecvError::Lagged(_)) => None,
                    Err(RecvError::Closed) => return,
                };
                // No receivers left: the relay's work is done; the next
                // connection on this thread starts a new one.
                if forward.send(relayed).is_err() {
                    return;
                }
            }
        });
        *relay = Some((key, sender));
        receiver
    })
}
