//! One writing task per server thread: writes every queue listed since it
//! last ran, each with one system call, so that a frame queued for
//! thousands of sockets wakes one task, not thousands.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::task::{Poll, Waker};

use super::{Shared, keep};

/// This thread's queues waiting to be written, and the task that writes
/// them.
#[derive(Default)]
pub(super) struct Writer {
    listed: Vec<Rc<RefCell<Shared>>>,
    /// The writing task, waiting for queues.
    task: Option<Waker>,
    /// Alive while the writing task is: a task set that ended took its
    /// tasks with it, and the next queue starts a new one.
    alive: Weak<()>,
}

thread_local! {
    pub(super) static WRITER: RefCell<Writer> = RefCell::default();
}

impl Writer {
    pub(super) fn list(&mut self, shared: Rc<RefCell<Shared>>) {
        self.listed.push(shared);
        if self.listed.len() > 1 {
            return;
        }
        if self.alive.upgrade().is_none() {
            let alive = Rc::new(());
            self.alive = Rc::downgrade(&alive);
            self.task = None;
            actix_web::rt::spawn(write_listed(alive));
        } else if let Some(task) = self.task.take() {
            task.wake();
        }
    }
}

/// The thread's writing task: writes every listed queue, in the order
/// listed, then waits for more.
async fn write_listed(_alive: Rc<()>) {
    let mut batch = Vec::new();
    std::future::poll_fn(|cx| {
        loop {
            WRITER.with(|writer| {
                let mut writer = writer.borrow_mut();
                if writer.listed.is_empty() {
                    keep(&mut writer.task, cx.waker());
                } else {
                    std::mem::swap(&mut writer.listed, &mut batch);
                }
            });
            if batch.is_empty() {
                return Poll::<()>::Pending;
            }
            for shared in batch.drain(..) {
                let mut shared = shared.borrow_mut();
                shared.listed = false;
                if !shared.blocked {
                    shared.write();
                }
            }
        }
    })
    .await
}
