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
//! - `views.rs` — actor detail, platforms, coverage and gaps, regions;
//! - `snapshot.rs` — the model saved at a position, so a start folds only
//!   the events after it.

pub mod bits;
pub mod cache;
pub mod czech;
pub mod directory;
pub mod effective;
pub mod freshness;
pub mod index;
pub mod model;
pub mod snapshot;
pub mod views;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard};
use std::time::Duration;

use tokio::sync::{broadcast, watch};

pub use self::model::Model;
use crate::audit::asof::Past;
use crate::board::frame::Frame;
use crate::events::{DomainEvent, PersonalData, decode};
use crate::log::{Direction, EventFilter, EventLog, LogError, Position, ReadFrom, RecordedEvent, subscribe};

/// Decodes the domain event of a recorded one; `None` for events that are
/// not domain events (probes) or do not decode — `uzel check` reports the
/// latter.
fn domain_of(event: &RecordedEvent, keys: &dyn PersonalData) -> Option<DomainEvent> {
    if event.stream.category() == "probe" {
        return None;
    }
    decode(&event.event_type, event.schema, &event.payload, keys)
        .map_err(|why| {
            crate::observe::counters::skipped();
            tracing::warn!(position = event.position, event_type = %event.event_type, error = %why, "skipping an event that does not decode");
        })
        .ok()
}

/// Folds one recorded event into `model`.
pub fn fold(model: &mut Model, event: &RecordedEvent, keys: &dyn PersonalData) {
    match domain_of(event, keys) {
        Some(domain) => model.apply(event, &domain),
        None => model.position = event.position,
    }
}

/// Builds the model from the whole log, page by page (at start, and for
/// the rebuild test and benchmark).
pub async fn rebuild(log: Arc<dyn EventLog>, keys: Arc<dyn PersonalData>) -> Result<Model, LogError> {
    rebuild_with_tail(log, keys, None, BOARD_TAIL).await
}

/// Builds the model from the whole log (placing every event on `past`'s
/// clocks too, if given), deriving every board frame of the newest `tail`
/// events only. The board's memory starts there: older frames are read from
/// the log when asked for, and of the older capacity announcements only
/// each slot's latest is derived, once, at the end (deriving and encoding
/// every frame was most of a rebuild's time).
pub async fn rebuild_with_tail(
    log: Arc<dyn EventLog>,
    keys: Arc<dyn PersonalData>,
    past: Option<&Past>,
    tail: Position,
) -> Result<Model, LogError> {
    fold_log(Model::default(), log.as_ref(), keys.as_ref(), past, tail).await
}

/// Folds every event of the log after `model`'s position into it (and onto
/// `past`'s clocks), deriving the board's frames of the newest `tail`
/// events only.
pub async fn fold_log(
    mut model: Model,
    log: &dyn EventLog,
    keys: &dyn PersonalData,
    past: Option<&Past>,
    tail: Position,
) -> Result<Model, LogError> {
    let start = log.last_position().saturating_sub(tail);
    if start > model.position {
        model.board.start_after(start);
    }
    let now = chrono::Utc::now();
    // Records with a change entered out of effective order: folded again
    // from their streams once the whole log is read.
    let mut refold = std::collections::BTreeSet::new();
    let mut from = model.position + 1;
    loop {
        let page = log.read_all(ReadFrom::At(from), Direction::Forward, 4096, &EventFilter::all()).await?;
        for event in &page.events {
            match domain_of(event, keys) {
                Some(domain) => {
                    if model.arrive(event, &domain, now) == effective::Step::Refold {
                        refold.insert(event.stream.clone());
                    }
                }
                None => model.position = event.position,
            }
            if let Some(past) = past {
                past.record(event);
            }
        }
        from = page.last_examined + 1;
        if page.end_of_log {
            break;
        }
    }
    for stream in refold {
        let events = stream_events(log, keys, &stream, model.position).await?;
        model.refold(events, now);
    }
    let pending = model.board.take_pending();
    for event in crate::audit::asof::fetch(log, pending).await? {
        if let Ok(domain) = crate::events::decode(&event.event_type, event.schema, &event.payload, keys)
            && let Some(frame) = crate::board::frame::derive(&model, &event, &domain)
        {
            model.board.remember(frame);
        }
    }
    Ok(model)
}

/// The model from the log's newest readable snapshot and the events after
/// it, or rebuilt from the whole log; and how it started.
async fn load_or_rebuild(
    log: &dyn EventLog,
    keys: &dyn PersonalData,
    past: &Past,
) -> Result<(Model, snapshot::Start), LogError> {
    if let Some(loaded) = snapshot::load(log, keys, past).await {
        let from = loaded.position;
        let mut model = fold_log(loaded, log, keys, Some(past), BOARD_TAIL).await?;
        model.mature(chrono::Utc::now());
        let start = snapshot::Start { snapshot: Some(from), folded: model.position - from };
        return Ok((model, start));
    }
    let model = fold_log(Model::default(), log, keys, Some(past), BOARD_TAIL).await?;
    let start = snapshot::Start { snapshot: None, folded: model.position };
    Ok((model, start))
}

/// How often the projector looks at the clock while changes wait for their
/// effective date.
const MATURITY_CHECK: Duration = Duration::from_secs(60);

/// The events of `stream` at or before position `upto`, decoded: what a
/// refold on the effective clock folds again.
pub async fn stream_events(
    log: &dyn EventLog,
    keys: &dyn PersonalData,
    stream: &crate::log::StreamName,
    upto: Position,
) -> Result<Vec<(Arc<RecordedEvent>, DomainEvent)>, LogError> {
    let mut out = Vec::new();
    let mut from = 0;
    loop {
        let page = log.read_stream(stream, ReadFrom::At(from), Direction::Forward, 4096).await?;
        let full = page.len() == 4096;
        for event in page {
            from = event.version + 1;
            if event.position > upto {
                return Ok(out);
            }
            if let Some(domain) = domain_of(&event, keys) {
                out.push((Arc::new(event), domain));
            }
        }
        if !full {
            return Ok(out);
        }
    }
}

/// How many of the newest events a rebuild derives every board frame of.
pub const BOARD_TAIL: Position = 50_000;

/// The live read models of a running server.
pub struct ReadModels {
    model: RwLock<Model>,
    applied: watch::Sender<Position>,
    /// Answers computed from the model, valid until it moves on.
    pub answers: cache::AnswerCache,
    /// New board frames, as the projector derives them (after they are in
    /// the model's board history).
    board: broadcast::Sender<Arc<Frame>>,
    /// The model's `access_changed`, readable without the lock.
    access_changed: AtomicU64,
    /// The model on past dates.
    pub past: Past,
    /// Set when the projector has stopped and let go of the log.
    stopped: watch::Sender<bool>,
    /// How the model started.
    started: snapshot::Start,
}

/// How many board frames a live receiver may fall behind before it lags
/// (and re-reads the board's history).
pub const BOARD_LIVE_CAPACITY: usize = 4096;

impl ReadModels {
    /// Builds the model from the log, then keeps it current on a projector
    /// thread until the log closes.
    /// Starts from the log's newest readable snapshot and folds the events
    /// after it, or rebuilds from the whole log (see [`snapshot`]).
    pub async fn start(log: Arc<dyn EventLog>, keys: Arc<dyn PersonalData>) -> Result<Arc<Self>, LogError> {
        let past = Past::default();
        let began = std::time::Instant::now();
        let (model, started) = load_or_rebuild(log.as_ref(), keys.as_ref(), &past).await?;
        tracing::info!(
            position = model.position,
            snapshot = started.snapshot,
            folded = started.folded,
            ms = began.elapsed().as_millis() as u64,
            "read models ready"
        );
        let (applied, _) = watch::channel(model.position);
        let (board, _) = broadcast::channel(BOARD_LIVE_CAPACITY);
        let access_changed = AtomicU64::new(model.access_changed);
        let this = Arc::new(Self {
            model: RwLock::new(model),
            applied,
            answers: cache::AnswerCache::default(),
            board,
            access_changed,
            past,
            stopped: watch::channel(false).0,
            started,
        });
        let projector = Arc::clone(&this);
        let after = projector.position();
        std::thread::Builder::new()
            .name("uzel-projector".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_time()
                    .build()
                    .expect("a current-thread runtime");
                // `follow` owns the log and the keys and drops them when
                // the log closes: the directory is free of this thread.
                runtime.block_on(projector.follow(log, keys, after));
                drop(runtime);
                projector.stopped.send_replace(true);
            })
            .map_err(|e| LogError::Storage(format!("cannot start the projector: {e}")))?;
        Ok(this)
    }

    /// Applies every event after `after` as it is committed, and every
    /// scheduled change when its effective date comes.
    async fn follow(&self, log: Arc<dyn EventLog>, keys: Arc<dyn PersonalData>, after: Position) {
        let mut subscription = subscribe(Arc::clone(&log), after, EventFilter::all());
        let mut saver = snapshot::Saver::after(self.started.snapshot.unwrap_or(0));
        let saves = log.snapshots().is_some();
        loop {
            if saves && saver.due(self.position()) {
                let (model, lines) = self.capture();
                saver.start(&log, &keys, model, lines);
            }
            // The guard must not live through the wait below.
            let due = self.read().schedule.next_due();
            // A steady stream of events must not hold a due change back:
            // it is applied before the next event, not only in a quiet moment.
            if due.is_some_and(|due| due <= chrono::Utc::now()) {
                self.model.write().unwrap_or_else(|e| e.into_inner()).mature(chrono::Utc::now());
                continue;
            }
            let next = match due {
                Some(due) => {
                    // Woken at least every minute: the wall clock may move.
                    let wait = (due - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO).min(MATURITY_CHECK);
                    match tokio::time::timeout(wait, subscription.next()).await {
                        Ok(next) => next,
                        Err(_) => {
                            self.model.write().unwrap_or_else(|e| e.into_inner()).mature(chrono::Utc::now());
                            continue;
                        }
                    }
                }
                None => subscription.next().await,
            };
            let Ok(event) = next else { break };
            let now = chrono::Utc::now();
            let domain = domain_of(&event, keys.as_ref());
            let refold = domain.as_ref().is_some_and(|d| self.read().step(&event, d, now) == effective::Step::Refold);
            let stream = if refold {
                stream_events(log.as_ref(), keys.as_ref(), &event.stream, event.position)
                    .await
                    .map_err(|why| tracing::error!(stream = %event.stream, error = %why, "cannot fold a record again in effective order"))
                    .ok()
            } else {
                None
            };
            let mut model = self.model.write().unwrap_or_else(|e| e.into_inner());
            let newest = model.board.last().map(|f| f.position);
            match &domain {
                Some(domain) => model.apply_live(&event, domain, now, stream),
                None => model.position = event.position,
            }
            self.past.record(&event);
            let position = model.position;
            self.access_changed.store(model.access_changed, Ordering::Release);
            let new_frame = model.board.last().filter(|f| Some(f.position) != newest).cloned();
            drop(model);
            self.applied.send_replace(position);
            if let Some(frame) = new_frame {
                // No receivers is fine: nobody is watching the board.
                let _ = self.board.send(frame);
            }
        }
        if saves {
            saver.finish(log.as_ref(), keys.as_ref(), || self.capture()).await;
        }
    }

    /// A copy of the model and of the as-of lines' keys at one position,
    /// for a snapshot.
    fn capture(&self) -> (Model, (Vec<crate::audit::timeline::Key>, Vec<crate::audit::timeline::Key>)) {
        let model = self.read();
        // The projector places events on the lines under the model's lock:
        // under it, both stop at the model's position.
        let lines = self.past.keys();
        (model.clone(), lines)
    }

    /// Saves a snapshot of the model now, in `log`'s snapshot store; returns
    /// its position and size in bytes.
    pub async fn save_snapshot(
        &self,
        log: &dyn EventLog,
        keys: &dyn PersonalData,
    ) -> Result<(Position, usize), String> {
        let (model, lines) = self.capture();
        let position = model.position;
        snapshot::save(log, keys, model, lines).await.map(|size| (position, size))
    }

    /// How the model started: from which snapshot, folding how many events.
    pub fn started(&self) -> snapshot::Start {
        self.started
    }

    /// Waits until the projector has stopped (the log was closed) and let
    /// go of the log.
    pub async fn stopped(&self) {
        let mut stopped = self.stopped.subscribe();
        // An error means the models are being dropped: stopped too.
        let _ = stopped.wait_for(|s| *s).await;
    }

    /// A live receiver of new board frames. Take it before reading the
    /// board's history, so that nothing falls between the two.
    pub fn board_live(&self) -> broadcast::Receiver<Arc<Frame>> {
        self.board.subscribe()
    }

    /// How many changes of who may see what the model has applied (roles,
    /// tokens, passwords, platform membership): cheap to poll.
    pub fn access_changed(&self) -> u64 {
        self.access_changed.load(Ordering::Acquire)
    }

    /// Keeps only the newest `window` board frames in memory from now on
    /// (the default is `board::history::WINDOW`); older ones are read from
    /// the log when a subscriber resumes from before them.
    pub fn set_board_window(&self, window: usize) {
        self.model.write().unwrap_or_else(|e| e.into_inner()).board.set_window(window);
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
