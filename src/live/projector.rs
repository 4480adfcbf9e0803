//! The projector: one thread that follows the log, folds every committed
//! event into the model, lets the board's history and the as-of clocks
//! follow, and publishes the position applied on a watch channel — so a
//! request can wait until the model has applied its own write
//! (`?min_position=N`, read-your-writes). Readers take a read lock.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::{broadcast, watch};

use super::saver::Saver;
use super::snapshot::{self, Start};
use super::{Live, Reading};
use crate::audit::asof::Past;
use crate::audit::timeline::Key;
use crate::board::frame::Frame;
use crate::domain::actor::ActorEvent;
use crate::events::{DomainEvent, PersonalData};
use crate::log::{EventFilter, EventLog, LogError, Position, subscribe};
use crate::projections::{cache, domain_of, effective, stream_events};

/// How often the projector looks at the clock while changes wait for their
/// effective date.
const MATURITY_CHECK: Duration = Duration::from_secs(60);

/// The live read models of a running server.
pub struct ReadModels {
    live: RwLock<Live>,
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
    started: Start,
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
        let (live, started) = super::start::load_or_rebuild(log.as_ref(), keys.as_ref(), &past).await?;
        tracing::info!(
            position = live.model.position,
            snapshot = started.snapshot,
            folded = started.folded,
            ms = began.elapsed().as_millis() as u64,
            "read models ready"
        );
        let (applied, _) = watch::channel(live.model.position);
        let (board, _) = broadcast::channel(BOARD_LIVE_CAPACITY);
        let access_changed = AtomicU64::new(live.model.access_changed);
        let this = Arc::new(Self {
            live: RwLock::new(live),
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
        let mut saver = Saver::after(self.started.snapshot.unwrap_or(0));
        let saves = log.snapshots().is_some();
        loop {
            if saves && saver.due(self.position()) {
                let (live, lines) = self.capture();
                saver.start(&log, &keys, live, lines);
            }
            // The guard must not live through the wait below.
            let due = self.read().schedule.next_due();
            // A steady stream of events must not hold a due change back:
            // it is applied before the next event, not only in a quiet moment.
            if due.is_some_and(|due| due <= chrono::Utc::now()) {
                self.write().model.mature(chrono::Utc::now());
                continue;
            }
            let next = match due {
                Some(due) => {
                    // Woken at least every minute: the wall clock may move.
                    let wait = (due - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO).min(MATURITY_CHECK);
                    match tokio::time::timeout(wait, subscription.next()).await {
                        Ok(next) => next,
                        Err(_) => {
                            self.write().model.mature(chrono::Utc::now());
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
            let mut live = self.write();
            let Live { model, board } = &mut *live;
            let newest = board.last().map(|f| f.position);
            match &domain {
                Some(domain) => {
                    model.apply_live(&event, domain, now, stream);
                    board.follow(model, &event, domain);
                    // Erased on whichever node: no key cached here opens it.
                    if let DomainEvent::Actor(ActorEvent::ContactErased { id }) = domain {
                        keys.forget(*id);
                    }
                }
                None => model.position = event.position,
            }
            self.past.record(&event);
            let position = model.position;
            self.access_changed.store(model.access_changed, Ordering::Release);
            let new_frame = board.last().filter(|f| Some(f.position) != newest).cloned();
            drop(live);
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

    /// A copy of the model, the board and the as-of lines' keys at one
    /// position, for a snapshot.
    fn capture(&self) -> (Live, (Vec<Key>, Vec<Key>)) {
        let live = self.live.read().unwrap_or_else(|e| e.into_inner());
        // The projector places events on the lines under the model's lock:
        // under it, both stop at the model's position.
        let lines = self.past.keys();
        (live.clone(), lines)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Live> {
        self.live.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Saves a snapshot of the model now, in `log`'s snapshot store; returns
    /// its position and size in bytes.
    pub async fn save_snapshot(
        &self,
        log: &dyn EventLog,
        keys: &dyn PersonalData,
    ) -> Result<(Position, usize), String> {
        let (live, lines) = self.capture();
        let position = live.model.position;
        snapshot::save(log, keys, live, lines).await.map(|size| (position, size))
    }

    /// How the model started: from which snapshot, folding how many events.
    pub fn started(&self) -> Start {
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
        self.write().board.set_window(window);
    }

    /// The model (and the board beside it), for reading.
    pub fn read(&self) -> Reading<'_> {
        Reading(self.live.read().unwrap_or_else(|e| e.into_inner()))
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
