//! When the projector saves a snapshot of the read models, and on which
//! thread: periodically (at least [`EVERY`] events and [`MIN_INTERVAL`]
//! apart), encoded and written on a thread of its own so the projector
//! never waits for the disk; and once at shutdown.

use std::sync::Arc;
use std::time::Instant;

use super::Live;
use super::snapshot::{EVERY, MIN_INTERVAL, save};
use crate::audit::timeline::Key;
use crate::events::PersonalData;
use crate::log::{EventLog, Position};

/// The projector's bookkeeping of snapshots: when the last was taken, and
/// the one being written.
pub(crate) struct Saver {
    /// The position of the last snapshot saved or loaded (0: none).
    saved: Position,
    at: Option<Instant>,
    writing: Option<std::thread::JoinHandle<()>>,
}

impl Saver {
    /// Bookkeeping after a start from a snapshot at `saved` (0: none).
    pub(crate) fn after(saved: Position) -> Self {
        Self { saved, at: None, writing: None }
    }

    /// Whether a periodic snapshot is due at `position`.
    pub(crate) fn due(&self, position: Position) -> bool {
        position >= self.saved + EVERY
            && self.at.is_none_or(|at| at.elapsed() >= MIN_INTERVAL)
            && self.writing.as_ref().is_none_or(std::thread::JoinHandle::is_finished)
    }

    /// Encodes and writes a copy of the model on a thread of its own.
    pub(crate) fn start(
        &mut self,
        log: &Arc<dyn EventLog>,
        keys: &Arc<dyn PersonalData>,
        live: Live,
        lines: (Vec<Key>, Vec<Key>),
    ) {
        self.saved = live.model.position;
        self.at = Some(Instant::now());
        let (log, keys) = (Arc::clone(log), Arc::clone(keys));
        let spawned = std::thread::Builder::new().name("uzel-snapshot".into()).spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().build();
            let written = match runtime {
                Ok(runtime) => runtime.block_on(save(log.as_ref(), keys.as_ref(), live, lines)),
                Err(why) => Err(why.to_string()),
            };
            if let Err(why) = written {
                tracing::warn!(error = %why, "cannot save a snapshot of the read models");
            }
        });
        match spawned {
            Ok(handle) => self.writing = Some(handle),
            Err(why) => tracing::warn!(error = %why, "cannot start writing a snapshot of the read models"),
        }
    }

    /// Waits for the snapshot being written, then writes one of the read models if
    /// it moved past the last (at shutdown, on the projector's thread).
    pub(crate) async fn finish(
        mut self,
        log: &dyn EventLog,
        keys: &dyn PersonalData,
        capture: impl FnOnce() -> (Live, (Vec<Key>, Vec<Key>)),
    ) {
        if let Some(writing) = self.writing.take() {
            let _ = writing.join();
        }
        let (live, lines) = capture();
        if live.model.position > self.saved
            && let Err(why) = save(log, keys, live, lines).await
        {
            tracing::warn!(error = %why, "cannot save a snapshot of the read models at shutdown");
        }
    }
}
