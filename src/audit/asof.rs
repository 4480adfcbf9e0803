//! The network on any past date: the read model folded from the events at
//! or before a date on either clock (`docs/api.md`, "As of a date").
//!
//! The projector places every event on both clocks' lines as it applies it
//! ([`Past::record`]). A query plans from the nearest checkpoint at or
//! before its date, reads the events after it from the log and folds them;
//! on the way it keeps a checkpoint every [`Past::every`] events, so the
//! next query near that date folds at most that many. The last few answers
//! are kept too, while no event has arrived before their date.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};

use super::timeline::{Clock, Key, Line, cut};
use crate::events::PersonalData;
use crate::log::{Direction, EventFilter, EventLog, LogError, Position, ReadFrom, RecordedEvent};
use crate::projections::{Model, fold};

/// Events between checkpoints, by default.
pub const CHECKPOINT_EVERY: usize = 5_000;
/// Answers kept for repeated queries.
const ANSWERS_KEPT: usize = 6;
/// The most events read from the log at once.
const PAGE: usize = 4096;

struct Answer {
    clock: Clock,
    cut: Key,
    /// How many events the line held at or before `cut` when folded: the
    /// answer holds while that count has not moved.
    count: usize,
    model: Arc<Model>,
}

#[derive(Default)]
struct Lines {
    effective: Line,
    recorded: Line,
    answers: VecDeque<Answer>,
}

impl Lines {
    fn line(&mut self, clock: Clock) -> &mut Line {
        match clock {
            Clock::Effective => &mut self.effective,
            Clock::Recorded => &mut self.recorded,
        }
    }
}

/// What as-of queries keep in memory, for `/metrics` and the benchmark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PastStats {
    /// Events placed on the lines.
    pub events: usize,
    /// Checkpoints kept (both clocks).
    pub checkpoints: usize,
    /// Answers kept.
    pub answers: usize,
}

/// Both clocks' lines, their checkpoints and the last answers.
pub struct Past {
    lines: Mutex<Lines>,
    every: usize,
    /// Whether checkpoints are kept (not, to measure a fold from nothing).
    keeps: bool,
}

impl Default for Past {
    fn default() -> Self {
        Self::new(CHECKPOINT_EVERY)
    }
}

impl Past {
    /// Lines that keep a checkpoint every `every` events (at least 1).
    pub fn new(every: usize) -> Self {
        Self { lines: Mutex::default(), every: every.max(1), keeps: true }
    }

    /// Lines that keep no checkpoint and no answer: every query folds from
    /// the start of the log (the benchmark's peer).
    pub fn without_checkpoints() -> Self {
        Self { lines: Mutex::default(), every: CHECKPOINT_EVERY, keeps: false }
    }

    fn lock(&self) -> MutexGuard<'_, Lines> {
        self.lines.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Places an applied event on both clocks.
    pub fn record(&self, event: &RecordedEvent) {
        let mut lines = self.lock();
        lines.effective.insert((event.effective_at.timestamp_micros(), event.position));
        lines.recorded.insert((event.recorded_at.timestamp_micros(), event.position));
    }

    /// Both clocks' keys, in order (effective, then recorded): what a
    /// snapshot of the read models keeps.
    pub fn keys(&self) -> (Vec<Key>, Vec<Key>) {
        let mut lines = self.lock();
        (lines.effective.keys().to_vec(), lines.recorded.keys().to_vec())
    }

    /// Starts again from the keys a snapshot kept, without checkpoints or
    /// answers; fails if they are out of order.
    pub fn restore(&self, effective: Vec<Key>, recorded: Vec<Key>) -> Result<(), String> {
        let restored = Lines {
            effective: Line::from_sorted(effective)?,
            recorded: Line::from_sorted(recorded)?,
            answers: VecDeque::new(),
        };
        *self.lock() = restored;
        Ok(())
    }

    /// The events between checkpoints.
    pub fn every(&self) -> usize {
        self.every
    }

    /// What is kept now.
    pub fn stats(&self) -> PastStats {
        let mut lines = self.lock();
        PastStats {
            events: lines.recorded.len(),
            checkpoints: lines.effective.checkpoints() + lines.recorded.checkpoints(),
            answers: lines.answers.len(),
        }
    }

    /// The positions of the events in `(after, upto]` on `clock`, in that
    /// clock's order.
    pub fn positions_between(&self, clock: Clock, after: DateTime<Utc>, upto: DateTime<Utc>) -> Vec<Position> {
        let mut lines = self.lock();
        lines.line(clock).between(cut(after), cut(upto)).iter().map(|k| k.1).collect()
    }

    /// The model as it was at `at` on `clock`: every event at or before it,
    /// folded in that clock's order.
    pub async fn model_at(
        &self,
        log: &dyn EventLog,
        keys: &dyn PersonalData,
        clock: Clock,
        at: DateTime<Utc>,
    ) -> Result<Arc<Model>, LogError> {
        let cut = cut(at);
        let (plan, count) = {
            let mut lines = self.lock();
            let count = lines.line(clock).between((i64::MIN, 0), cut).len();
            if let Some(found) = lines.answers.iter().find(|a| a.clock == clock && a.cut == cut && a.count == count) {
                return Ok(Arc::clone(&found.model));
            }
            (lines.line(clock).plan(cut), count)
        };
        let model = match (plan.keys.is_empty(), plan.base) {
            (true, Some(base)) => base,
            (true, None) => Arc::new(Model::default()),
            (false, base) => {
                let mut model = base.map_or_else(Model::default, |m| Model::clone(&m));
                for chunk in plan.keys.chunks(self.every) {
                    let events = fetch(log, chunk.iter().map(|k| k.1).collect()).await?;
                    for key in chunk {
                        if let Ok(at) = events.binary_search_by_key(&key.1, |e| e.position) {
                            fold(&mut model, &events[at], keys);
                        }
                    }
                    if self.keeps && chunk.len() == self.every {
                        let last = chunk[chunk.len() - 1];
                        let wanted = self.lock().line(clock).generation() == plan.generation;
                        if wanted {
                            let checkpoint = Arc::new(model.clone());
                            self.lock().line(clock).keep(last, checkpoint, plan.generation);
                        }
                    }
                }
                Arc::new(model)
            }
        };
        let mut lines = self.lock();
        if self.keeps && lines.line(clock).between((i64::MIN, 0), cut).len() == count {
            if lines.answers.len() == ANSWERS_KEPT {
                lines.answers.pop_front();
            }
            lines.answers.push_back(Answer { clock, cut, count, model: Arc::clone(&model) });
        }
        Ok(model)
    }
}

/// Reads the events at `positions` from the log, in position order; reads
/// runs of nearby positions a page at a time.
pub async fn fetch(log: &dyn EventLog, positions: Vec<Position>) -> Result<Vec<RecordedEvent>, LogError> {
    fetch_where(log, positions, &EventFilter::all()).await
}

/// Reads the events at `positions` that pass `filter`, in position order
/// (the log skips the others without decoding them).
pub async fn fetch_where(
    log: &dyn EventLog,
    mut positions: Vec<Position>,
    filter: &EventFilter,
) -> Result<Vec<RecordedEvent>, LogError> {
    positions.sort_unstable();
    positions.dedup();
    if let Some(events) = log.events_at(&positions, filter).await? {
        return Ok(events);
    }
    let mut out = Vec::with_capacity(positions.len());
    let mut next = 0;
    while next < positions.len() {
        let from = positions[next];
        let window = positions[next..].partition_point(|p| *p < from + PAGE as u64);
        let last = positions[next + window - 1];
        let limit = usize::try_from(last - from + 1).unwrap_or(PAGE);
        let page = log.read_all(ReadFrom::At(from), Direction::Forward, limit, filter).await?;
        for event in page.events {
            while next < positions.len() && positions[next] < event.position {
                next += 1;
            }
            if positions.get(next) == Some(&event.position) {
                out.push(event);
                next += 1;
            }
        }
        while next < positions.len() && positions[next] <= page.last_examined.max(from) {
            next += 1;
        }
        if page.end_of_log {
            break;
        }
    }
    Ok(out)
}
