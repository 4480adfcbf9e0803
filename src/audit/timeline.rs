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

/// An event's place on a clock.
pub type Key = (i64, Position);

/// The microseconds of `at`, as keys hold them.
pub fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// The last key a query for `at` includes: every event at or before `at`.
pub fn cut(at: DateTime<Utc>) -> Key {
    (micros(at), Position::MAX)
}

/// One clock's order and checkpoints.
#[derive(Default)]
pub struct Line {
    keys: Vec<Key>,
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

impl Line {
    /// Places an event; true if it landed before the end, which dropped
    /// the checkpoints after it.
    pub fn insert(&mut self, key: Key) -> bool {
        if self.keys.last().is_none_or(|last| *last < key) {
            self.keys.push(key);
            return false;
        }
        let at = self.keys.partition_point(|k| *k < key);
        if self.keys.get(at) == Some(&key) {
            return false;
        }
        self.keys.insert(at, key);
        let stale = self.checkpoints.split_off(&key);
        if !stale.is_empty() {
            self.generation += 1;
        }
        true
    }

    /// The nearest checkpoint at or before `cut` and the keys after it.
    pub fn plan(&self, cut: Key) -> Plan {
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
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the line orders no event.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// How many checkpoints the line keeps.
    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    /// The keys in `(after, upto]`, in order.
    pub fn between(&self, after: Key, upto: Key) -> &[Key] {
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

    fn cut_at(t: i64) -> Key {
        (t, Position::MAX)
    }
}
