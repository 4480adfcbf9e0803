//! The board's history in memory: the newest frames in position order
//! (at most [`WINDOW`]), and the board as it stands — the frames of open
//! posts and each actor's latest capacity per unit — kept up to date as
//! frames arrive. Subscribers read their catch-up from here (a binary
//! search, no decoding), and so does a subscriber whose live receiver
//! lagged; one that resumes from before the window reads the older frames
//! from the log (`board::catchup`). Either way it never skips a frame.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::frame::{Frame, Kind};
use crate::domain::actor::ActorEvent;
use crate::events::DomainEvent;
use crate::log::{Position, RecordedEvent};
use crate::projections::Model;

/// An announcement's place on the effective clock: its effective instant
/// (microseconds), then its position.
type Key = (i64, Position);

/// How many of the newest frames stay in memory (a few tens of MB): the
/// log keeps the rest, and a frame costs about a kilobyte in two encodings.
pub const WINDOW: usize = 20_000;

/// One slot of the current board: a post with every frame of it, or an
/// actor's unit with its latest announcement.
#[derive(Clone, Debug)]
struct Slot {
    /// The last `published` frame's end of validity.
    valid_until: Option<DateTime<Utc>>,
    frames: Vec<Arc<Frame>>,
}

/// The newest frames and the current board.
#[derive(Clone, Debug)]
pub struct History {
    frames: VecDeque<Arc<Frame>>,
    window: usize,
    /// The newest position no longer held in `frames` (0: none dropped).
    dropped_through: Position,
    /// Open slots of the current board, by slot.
    slots: HashMap<String, Slot>,
    /// Frames at or before this position are not held in `frames` (a
    /// rebuild starts the window near the log's head).
    start: Position,
    /// During a rebuild: the latest capacity announcement of each actor's
    /// unit at or before `start`, not yet derived (see [`History::defer`]).
    pending: HashMap<Uuid, Vec<(String, Key)>>,
}

impl Default for History {
    fn default() -> Self {
        Self::with_window(WINDOW)
    }
}

impl History {
    /// A history keeping the newest `window` frames in memory.
    pub fn with_window(window: usize) -> Self {
        Self {
            frames: VecDeque::new(),
            window: window.max(1),
            dropped_through: 0,
            slots: HashMap::new(),
            start: 0,
            pending: HashMap::new(),
        }
    }

    /// Keeps only the newest `window` frames from now on.
    pub fn set_window(&mut self, window: usize) {
        self.window = window.max(1);
        self.trim();
    }

    fn trim(&mut self) {
        while self.frames.len() > self.window {
            if let Some(dropped) = self.frames.pop_front() {
                self.dropped_through = dropped.position;
            }
        }
    }

    /// For a rebuild from the log: frames at or before `position` are not
    /// held in memory (only the current board's), and capacity
    /// announcements up to it may be deferred.
    pub fn start_after(&mut self, position: Position) {
        self.start = position;
        self.dropped_through = self.dropped_through.max(position);
    }

    /// Whether a capacity announcement at `position` may be deferred: only
    /// each slot's latest of those is derived, at the end of the rebuild.
    pub fn defers(&self, position: Position) -> bool {
        position <= self.start
    }

    /// Notes an announcement of `actor`'s `unit` at `key` (its effective
    /// instant in microseconds, then its position); the latest on the
    /// effective clock is kept. Called for most events of a rebuild: it
    /// allocates only for a unit not seen before.
    pub fn defer(&mut self, actor: Uuid, unit: &str, key: Key) {
        let units = self.pending.entry(actor).or_default();
        match units.iter_mut().find(|(u, _)| u == unit) {
            Some(found) => found.1 = found.1.max(key),
            None => units.push((unit.to_owned(), key)),
        }
    }

    /// The positions of the deferred announcements still to derive, in
    /// order; they are forgotten.
    pub fn take_pending(&mut self) -> Vec<Position> {
        let mut positions: Vec<Position> =
            self.pending.drain().flat_map(|(_, units)| units.into_iter().map(|(_, k)| k.1)).collect();
        positions.sort_unstable();
        positions
    }

    /// Follows the model: derives the frame of `event`, which `model` has
    /// just applied, if it shows on the board. During a rebuild, a capacity
    /// announcement before the window is only noted ([`History::defer`]).
    pub fn follow(&mut self, model: &Model, event: &RecordedEvent, domain: &DomainEvent) {
        match domain {
            DomainEvent::Actor(ActorEvent::CapacityAnnounced { capacity }) if self.defers(event.position) => {
                if let Ok(actor) = Uuid::parse_str(event.stream.id()) {
                    self.defer(actor, &capacity.unit, (event.effective_at.timestamp_micros(), event.position));
                }
            }
            _ => {
                if let Some(frame) = super::frame::derive(model, event, domain) {
                    self.push(frame);
                }
            }
        }
    }

    /// Appends a frame (positions only grow), dropping the oldest beyond the
    /// window, and updates the current board. A frame at or before the start
    /// of a rebuild only updates the current board.
    pub fn push(&mut self, frame: Arc<Frame>) {
        debug_assert!(self.frames.back().is_none_or(|last| last.position < frame.position));
        if frame.kind == Kind::Capacity
            && let (Some(actor), Some((_, unit))) = (frame.actor, frame.slot.split_once('/'))
            && let Some(units) = self.pending.get_mut(&actor)
        {
            units.retain(|(u, _)| u != unit);
        }
        self.board(&frame);
        if frame.position > self.start {
            self.frames.push_back(frame);
            self.trim();
        }
    }

    /// A deferred announcement, derived at the end of a rebuild: it fills
    /// its slot of the current board unless a newer one did.
    pub fn remember(&mut self, frame: Arc<Frame>) {
        let key = |f: &Frame| (f.announced_at, f.position);
        let newer = self.slots.get(&frame.slot).is_some_and(|s| s.frames.iter().any(|f| key(f) > key(&frame)));
        if !newer {
            self.board(&frame);
        }
    }

    /// Updates the current board with `frame`.
    fn board(&mut self, frame: &Arc<Frame>) {
        match frame.op {
            "published" if frame.kind == Kind::Capacity => {
                // An announcement entered late, older than the unit's
                // current one, does not replace it.
                let held_later = self.slots.get(&frame.slot).is_some_and(|s| {
                    s.frames.iter().any(|f| f.announced_at.is_some() && f.announced_at > frame.announced_at)
                });
                if !held_later {
                    let slot = Slot { valid_until: frame.valid_until, frames: vec![Arc::clone(frame)] };
                    self.slots.insert(frame.slot.clone(), slot);
                }
            }
            "published" => {
                let slot =
                    self.slots.entry(frame.slot.clone()).or_insert(Slot { valid_until: None, frames: Vec::new() });
                slot.valid_until = frame.valid_until;
                slot.frames.push(Arc::clone(frame));
            }
            "withdrawn" | "resolved" => {
                self.slots.remove(&frame.slot);
            }
            _ => {
                if let Some(slot) = self.slots.get_mut(&frame.slot) {
                    slot.frames.push(Arc::clone(frame));
                }
            }
        }
    }

    /// The newest frame.
    pub fn last(&self) -> Option<&Arc<Frame>> {
        self.frames.back()
    }

    /// Whether every frame after `position` is held in memory.
    pub fn covers(&self, position: Position) -> bool {
        position >= self.dropped_through
    }

    /// The newest position no longer held in memory (0: none dropped).
    pub fn dropped_through(&self) -> Position {
        self.dropped_through
    }

    /// The frames after `position` (exclusive), at most `max`, from memory:
    /// only those held (see [`History::covers`]).
    pub fn after(&self, position: Position, max: usize) -> Vec<Arc<Frame>> {
        let start = self.frames.partition_point(|f| f.position <= position);
        self.frames.range(start..).take(max).cloned().collect()
    }

    /// The frames of the board as it stands at `now`: posts neither
    /// withdrawn, resolved nor expired, with everything that happened to
    /// them, and of capacity only each actor's latest announcement per unit
    /// (if it has not expired). In position order.
    pub fn current(&self, now: DateTime<Utc>) -> Vec<Arc<Frame>> {
        let mut frames: Vec<Arc<Frame>> = self
            .slots
            .values()
            .filter(|slot| slot.valid_until.is_none_or(|until| until > now))
            .flat_map(|slot| slot.frames.iter().cloned())
            .collect();
        frames.sort_unstable_by_key(|f| f.position);
        frames
    }
}

/// The history as a snapshot of the read models keeps it: every frame held
/// in memory or on the current board, once, and the rest by position.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Saved {
    /// The frames, in position order.
    frames: Vec<Arc<Frame>>,
    /// The positions of the frames held in memory, in order.
    held: Vec<Position>,
    /// The current board: each slot, its end of validity and its frames.
    slots: Vec<(String, Option<DateTime<Utc>>, Vec<Position>)>,
    window: usize,
    dropped_through: Position,
    start: Position,
}

impl History {
    /// What a snapshot keeps of the history. Outside a rebuild nothing is
    /// deferred, so nothing else is lost.
    pub fn saved(&self) -> Saved {
        let mut frames: Vec<Arc<Frame>> =
            self.frames.iter().chain(self.slots.values().flat_map(|s| s.frames.iter())).cloned().collect();
        frames.sort_unstable_by_key(|f| f.position);
        frames.dedup_by_key(|f| f.position);
        let mut slots: Vec<_> = self
            .slots
            .iter()
            .map(|(slot, s)| (slot.clone(), s.valid_until, s.frames.iter().map(|f| f.position).collect()))
            .collect();
        slots.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Saved {
            frames,
            held: self.frames.iter().map(|f| f.position).collect(),
            slots,
            window: self.window,
            dropped_through: self.dropped_through,
            start: self.start,
        }
    }

    /// The history a snapshot kept; fails if it names a frame it does not
    /// hold.
    pub fn restore(saved: Saved) -> Result<Self, String> {
        let frame = |position: &Position| {
            saved
                .frames
                .binary_search_by_key(position, |f| f.position)
                .map(|at| Arc::clone(&saved.frames[at]))
                .map_err(|_| format!("the board's snapshot names frame {position} but does not hold it"))
        };
        let frames = saved.held.iter().map(frame).collect::<Result<VecDeque<_>, _>>()?;
        let mut slots = HashMap::with_capacity(saved.slots.len());
        for (slot, valid_until, positions) in &saved.slots {
            let frames = positions.iter().map(frame).collect::<Result<Vec<_>, _>>()?;
            slots.insert(slot.clone(), Slot { valid_until: *valid_until, frames });
        }
        Ok(Self {
            frames,
            window: saved.window.max(1),
            dropped_through: saved.dropped_through,
            slots,
            start: saved.start,
            pending: HashMap::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, Utc};

    use std::sync::Arc;

    use uuid::Uuid;

    use super::History;
    use crate::board::frame::{Frame, Kind, capacity_slot, sample};

    /// A capacity frame of `actor`'s beds.
    fn capacity(position: u64, actor: Uuid) -> Arc<Frame> {
        let frame = sample(position, Kind::Capacity, "published", &capacity_slot(&actor, "bed"), None);
        let mut frame = Arc::try_unwrap(frame).expect("a new frame");
        frame.actor = Some(actor);
        Arc::new(frame)
    }

    #[test]
    fn an_announcement_entered_late_does_not_replace_one_that_held_later() {
        let now = Utc::now();
        let actor = Uuid::from_u128(9);
        let announced = |position, days_ago| {
            let mut frame = Arc::try_unwrap(capacity(position, actor)).expect("a new frame");
            frame.announced_at = Some(now - Duration::days(days_ago));
            Arc::new(frame)
        };
        let mut history = History::default();
        history.push(announced(1, 0));
        history.push(announced(2, 21));
        let current: Vec<u64> = history.current(now).iter().map(|f| f.position).collect();
        assert_eq!(current, vec![1], "the back-dated announcement is history, not the current figure");
        history.push(announced(3, 0));
        let current: Vec<u64> = history.current(now).iter().map(|f| f.position).collect();
        assert_eq!(current, vec![3]);
        assert_eq!(history.after(0, 10).len(), 3, "every frame stays in the board's history");
    }

    #[test]
    fn the_current_board_keeps_open_posts_and_the_latest_capacity() {
        let now = Utc::now();
        let mut history = History::default();
        let frames = [
            sample(1, Kind::Capacity, "published", "a/bed", None),
            sample(2, Kind::News, "published", "n1", Some(now + Duration::days(1))),
            sample(3, Kind::News, "published", "n2", Some(now - Duration::seconds(1))),
            sample(4, Kind::PlaceWanted, "published", "p", None),
            sample(5, Kind::PlaceWanted, "offer", "p", None),
            sample(6, Kind::Capacity, "published", "a/bed", None),
            sample(7, Kind::Event, "published", "e", None),
            sample(8, Kind::Event, "withdrawn", "e", None),
            sample(9, Kind::Capacity, "published", "b/bed", Some(now - Duration::days(1))),
        ];
        frames.into_iter().for_each(|f| history.push(f));
        let current: Vec<u64> = history.current(now).iter().map(|f| f.position).collect();
        // n2 expired, e withdrawn, b's capacity expired, a's first announcement superseded.
        assert_eq!(current, vec![2, 4, 5, 6]);
        assert_eq!(history.after(4, 2).iter().map(|f| f.position).collect::<Vec<_>>(), vec![5, 6]);
        assert_eq!(history.after(9, 10).len(), 0);
        assert!(history.covers(0), "nothing dropped yet");
    }

    #[test]
    fn only_the_window_stays_in_memory_and_the_current_board_outlives_it() {
        let now = Utc::now();
        let mut history = History::with_window(3);
        history.push(sample(1, Kind::News, "published", "n", None));
        for position in 2..=10 {
            history.push(sample(position, Kind::Capacity, "published", "a/bed", None));
        }
        // Frames 1..=7 left memory; the log has them.
        assert_eq!(history.dropped_through(), 7);
        assert!(!history.covers(6) && history.covers(7));
        assert_eq!(history.after(7, 10).iter().map(|f| f.position).collect::<Vec<_>>(), vec![8, 9, 10]);
        // The news from position 1 is still on the board, with the latest capacity.
        let current: Vec<u64> = history.current(now).iter().map(|f| f.position).collect();
        assert_eq!(current, vec![1, 10]);
    }

    #[test]
    fn a_rebuild_defers_old_announcements_and_keeps_only_each_slots_latest() {
        let now = Utc::now();
        let mut history = History::default();
        history.start_after(5);
        assert!(history.defers(5) && !history.defers(6));
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        history.defer(a, "bed", (1, 1));
        history.push(sample(2, Kind::News, "published", "n", None));
        history.defer(a, "bed", (3, 3));
        // Entered later but back-dated: not the unit's latest.
        history.defer(a, "bed", (2, 5));
        history.defer(b, "bed", (4, 4));
        // A newer announcement of b after the start supersedes its deferred one.
        history.push(capacity(7, b));
        assert_eq!(history.take_pending(), vec![3], "a's latest only; b's was superseded");
        history.remember(capacity(3, a));
        let current: Vec<u64> = history.current(now).iter().map(|f| f.position).collect();
        assert_eq!(current, vec![2, 3, 7]);
        // Memory holds what came after the start; the rest is the log's.
        assert!(!history.covers(4) && history.covers(5));
        assert_eq!(history.after(5, 10).iter().map(|f| f.position).collect::<Vec<_>>(), vec![7]);
    }
}
