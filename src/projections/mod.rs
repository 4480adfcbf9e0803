//! Read models: the log folded into memory, answering every query without
//! touching the disk.
//!
//! One projector thread subscribes to the log and applies every event, in
//! position order, to the [`Model`]; readers take a read lock. The position
//! applied is published on a watch channel, so a request can wait until the
//! model has applied its own write (`?min_position=N`, read-your-writes).
//!
//! - `model.rs` — the states of all aggregates and what derives from them;
//! - `czech.rs` — diacritics-blind search and Czech sort order;
//! - `directory.rs` — the directory query: filters, search, facets, pages;
//! - `views.rs` — actor detail, platforms, coverage and gaps, regions.

pub mod bits;
pub mod czech;
pub mod directory;
pub mod index;
pub mod model;
pub mod views;

use std::sync::{Arc, RwLock, RwLockReadGuard};
use std::time::Duration;

use tokio::sync::watch;

pub use self::model::Model;
use crate::events::{PersonalData, decode};
use crate::log::{Direction, EventFilter, EventLog, LogError, Position, ReadFrom, RecordedEvent, subscribe};

/// Folds one recorded event into `model`; events that are not domain events
/// (probes) or do not decode are skipped — `uzel check` reports the latter.
pub fn fold(model: &mut Model, event: &RecordedEvent, keys: &dyn PersonalData) {
    if event.stream.category() == "probe" {
        model.position = event.position;
        return;
    }
    match decode(&event.event_type, event.schema, &event.payload, keys) {
        Ok(domain) => model.apply(event, &domain),
        Err(why) => {
            eprintln!("uzel: skipping event at position {}: {why}", event.position);
            model.position = event.position;
        }
    }
}

/// Builds the model from the whole log, reading it page by page (used at
/// start, by `uzel check` and by the rebuild test).
pub async fn rebuild(log: &dyn EventLog, keys: &dyn PersonalData) -> Result<Model, LogError> {
    let mut model = Model::default();
    let mut from = 1;
    loop {
        let slice = log.read_all(ReadFrom::At(from), Direction::Forward, 10_000, &EventFilter::all()).await?;
        for event in &slice.events {
            fold(&mut model, event, keys);
        }
        from = slice.last_examined + 1;
        if slice.end_of_log {
            return Ok(model);
        }
    }
}

/// The live read models of a running server.
pub struct ReadModels {
    model: RwLock<Model>,
    applied: watch::Sender<Position>,
}

impl ReadModels {
    /// Builds the model from the log, then keeps it current on a projector
    /// thread until the log closes.
    pub async fn start(log: Arc<dyn EventLog>, keys: Arc<dyn PersonalData>) -> Result<Arc<Self>, LogError> {
        let model = rebuild(log.as_ref(), keys.as_ref()).await?;
        let (applied, _) = watch::channel(model.position);
        let this = Arc::new(Self { model: RwLock::new(model), applied });
        let projector = Arc::clone(&this);
        let after = projector.position();
        std::thread::Builder::new()
            .name("uzel-projector".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a current-thread runtime");
                runtime.block_on(projector.follow(log, keys, after));
            })
            .map_err(|e| LogError::Storage(format!("cannot start the projector: {e}")))?;
        Ok(this)
    }

    /// Applies every event after `after` as it is committed.
    async fn follow(&self, log: Arc<dyn EventLog>, keys: Arc<dyn PersonalData>, after: Position) {
        let mut subscription = subscribe(log, after, EventFilter::all());
        while let Ok(event) = subscription.next().await {
            let mut model = self.model.write().unwrap_or_else(|e| e.into_inner());
            fold(&mut model, &event, keys.as_ref());
            let position = model.position;
            drop(model);
            self.applied.send_replace(position);
        }
    }

    /// The model, for reading.
    pub fn read(&self) -> RwLockReadGuard<'_, Model> {
        self.model.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The last position applied.
    pub fn position(&self) -> Position {
        *self.applied.borrow()
    }

    /// Waits until the model has applied `position`, at most `timeout`;
    /// false if it has not by then.
    pub async fn wait_for(&self, position: Position, timeout: Duration) -> bool {
        let mut applied = self.applied.subscribe();
        tokio::time::timeout(timeout, applied.wait_for(|p| *p >= position)).await.is_ok_and(|r| r.is_ok())
    }
}
