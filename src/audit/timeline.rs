//! One clock's order of the log: every event's key on that clock, sorted,
//! and the checkpoints (models folded up to a key) an as-of query replays
//! from.
//!
//! A key is `(microseconds on the clock, position)`: events fold in that
//! order, so two changes with the same timestamp keep their log order. On
//! the recording clock events only ever arrive at the end; on the effective
//! clock a change entered late (a service closed on 30 June, entered on 15
//! July) lands in the middle — and every checkpoint after it no longer
//! holds what it should, so it is dropped.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::log::Position;
use crate::projections::Model;

/// Which of an event's two dates an as-of query goes by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// When a change takes effect: the network as it was on a date, with
    /// changes entered later included (the default).
    #[default]
    Effective,
    /// When a change was recorded: what the database knew on a date.
    Recorded,
}

pub use crate::projections::effective::Key;

/// The microseconds of `at`, as keys hold them.
pub fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// The last key a query for `at` includes: every event at or before `at`.
pub fn cut(at: DateTime<Utc>) -> Key {
    (micros(at), Position::MAX)
}

/// One clock's order and checkpoints.
///
/// Keys that arrive in order are pushed at the end of a sorted `Vec`. Keys
/// that arrive out of order wait, unsorted, in `late` and are merged in one
/// pass when a query needs the order or when `late` has grown to a quarter
/// of the line: inserting them one by one into the middle would shift the
/// `Vec` each time, quadratic in a log whose effective times are shuffled.
#[derive(Default)]
pub struct Line {
    keys: Vec<Key>,
    late: Vec<Key>,
    /// The greatest key placed so far.
    end: Option<Key>,
    checkpoints: BTreeMap<Key, Arc<Model>>,
    /// Moves whenever checkpoints are dropped: a replay that started
    /// before may not add what it folded.
    generation: u64,
}

/// Where a query starts: the nearest checkpoint and the keys after it.
pub struct Plan {
    /// The checkpoint's key (`None`: the empty model).
    pub base_key: Option<Key>,
    /// The checkpoint.
    pub base: Option<Arc<Model>>,
    /// The events to fold on top, in order.
    pub keys: Vec<Key>,
    /// The line's generation when planned.
    pub generation: u64,
}

/// Late keys merged at the latest when there are this many, or a quarter
/// of the line if that is more.
const LATE_MERGE: usize = 4096;

impl Line {
    /// Places an event; true if it landed before the end, which dropped
    /// the checkpoints after it.
    pub fn insert(&mut self, key: Key) -> bool {
        if self.end.is_none_or(|end| end < key) {
            self.end = Some(key);
            self.keys.push(key);
            return false;
        }
        if self.keys.binary_search(&key).is_ok() {
            return false;
        }
        self.late.push(key);
        if self.late.len() >= LATE_MERGE.max(self.keys.len() / 4) {
            self.merge();
        }
        let stale = self.checkpoints.split_off(&key);
        if !stale.is_empty() {
            self.generation += 1;
        }
        true
    }

    /// Sorts the late keys into the line, in one pass.
    fn merge(&mut self) {
        if self.late.is_empty() {
            return;
        }
        let mut late = std::mem::take(&mut self.late);
        late.sort_unstable();
        late.dedup();
        let mut merged = Vec::with_capacity(self.keys.len() + late.len());
        let (mut a, mut b) = (self.keys.iter().peekable(), late.into_iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if **x < *y => a.next().copied(),
                (Some(x), Some(y)) if **x == *y => {
                    b.next();
                    a.next().copied()
                }
                (_, Some(_)) => b.next(),
                (Some(_), None) => a.next().copied(),
                (None, None) => break,
            };
            merged.extend(next);
        }
        self.keys = merged;
    }

    /// The nearest checkpoint at or before `cut` and the keys after it.
    pub fn plan(&mut self, cut: Key) -> Plan {
        self.merge();
        let (base_key, base) = match self.checkpoints.range(..=cut).next_back() {
            Some((key, model)) => (Some(*key), Some(Arc::clone(model))),
            None => (None, None),
        };
        let from = base_key.map_or(0, |k| self.keys.partition_point(|x| *x <= k));
        let to = self.keys.partition_point(|x| *x <= cut);
        Plan { base_key, base, keys: self.keys[from..to.max(from)].to_vec(), generation: self.generation }
    }

    /// Keeps a model folded up to `key`, unless checkpoints were dropped
    /// since the replay was planned at `generation`.
    pub fn keep(&mut self, key: Key, model: Arc<Model>, generation: u64) {
        if generation == self.generation {
            self.checkpoints.insert(key, model);
        }
    }

    /// The line's generation: moves when checkpoints are dropped.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How many events the line orders.
    pub fn len(&mut self) -> usize {
        self.merge();
        self.keys.len()
    }

    /// Whether the line orders no event.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.late.is_empty()
    }

    /// How many checkpoints the line keeps.
    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    /// Every key, in order.
    pub fn keys(&mut self) -> &[Key] {
        self.merge();
        &self.keys
    }

    /// A line of `keys` without checkpoints; fails unless they are sorted
    /// and distinct (a snapshot kept them so).
    pub fn from_sorted(keys: Vec<Key>) -> Result<Self, String> {
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err("the keys of a clock's line are out of order".into());
        }
        Ok(Self { end: keys.last().copied(), keys, ..Self::default() })
    }

    /// The keys in `(after, upto]`, in order.
    pub fn between(&mut self, after: Key, upto: Key) -> &[Key] {
        self.merge();
        let from = self.keys.partition_point(|x| *x <= after);
        let to = self.keys.partition_point(|x| *x <= upto);
        &self.keys[from..to.max(from)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_entry_lands_in_order_and_drops_the_checkpoints_after_it() {
        let mut line = Line::default();
        for (t, p) in [(10, 1), (20, 2), (30, 3)] {
            assert!(!line.insert((t, p)));
        }
        line.keep((10, 1), Arc::new(Model::default()), 0);
        line.keep((30, 3), Arc::new(Model::default()), 0);
        assert!(line.insert((15, 4)), "a change entered late lands in the middle");
        assert_eq!(line.between((0, 0), cut_at(40)), &[(10, 1), (15, 4), (20, 2), (30, 3)]);
        assert_eq!(line.checkpoints(), 1, "the checkpoint after it is dropped, the one before kept");
        let plan = line.plan(cut_at(25));
        assert_eq!(plan.base_key, Some((10, 1)));
        assert_eq!(plan.keys, vec![(15, 4), (20, 2)]);
        line.keep((30, 3), Arc::new(Model::default()), plan.generation - 1);
        assert_eq!(line.checkpoints(), 1, "a replay planned before the drop keeps nothing");
    }

    #[test]
    fn keys_in_any_order_read_back_sorted_once_each() {
        use proptest::prelude::*;
        proptest!(|(times in proptest::collection::vec(0i64..50, 0..3000), checks in proptest::collection::vec(0usize..3000, 0..5))| {
            let mut line = Line::default();
            let mut expected = Vec::new();
            for (position, t) in times.iter().enumerate() {
                let key = (*t, position as Position + 1);
                line.insert(key);
                // A duplicate never lands twice.
                line.insert(key);
                expected.push(key);
                if checks.contains(&position) {
                    let mut sorted = expected.clone();
                    sorted.sort_unstable();
                    prop_assert_eq!(line.between((i64::MIN, 0), cut_at(i64::MAX)), &sorted[..]);
                }
            }
            expected.sort_unstable();
            prop_assert_eq!(line.len(), expected.len());
            prop_assert_eq!(line.between((i64::MIN, 0), cut_at(i64::MAX)), &expected[..]);
        });
    }

    fn cut_at(t: i64) -> Key {
        (t, Position::MAX)
    }
}
