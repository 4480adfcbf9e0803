//! Answers computed from the model, kept until the model moves on: a
//! directory page asked for again before any new event is applied is served
//! from here instead of being computed again. Bounded: when full, it starts
//! over.

use std::collections::HashMap;
use std::sync::Mutex;

use bytes::Bytes;

use crate::log::Position;

/// The most answers kept.
const CAPACITY: usize = 512;

/// Cached answers, each valid at the model position it was computed at.
#[derive(Debug, Default)]
pub struct AnswerCache {
    entries: Mutex<HashMap<String, (Position, Bytes)>>,
}

impl AnswerCache {
    /// The answer for `key` at model `position`: cached if it was computed
    /// at this very position, else computed now and kept.
    pub fn get_or_compute(&self, key: String, position: Position, compute: impl FnOnce() -> Bytes) -> Bytes {
        if let Some((at, bytes)) = self.entries.lock().unwrap_or_else(|e| e.into_inner()).get(&key)
            && *at == position
        {
            return bytes.clone();
        }
        let bytes = compute();
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(key, (position, bytes.clone()));
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_reused_only_at_the_position_it_was_computed_at() {
        let cache = AnswerCache::default();
        let mut computed = 0;
        let mut ask = |position| {
            cache.get_or_compute("q".into(), position, || {
                computed += 1;
                Bytes::from(format!("at {position}"))
            })
        };
        assert_eq!(ask(5), Bytes::from("at 5"));
        assert_eq!(ask(5), Bytes::from("at 5"));
        assert_eq!(ask(6), Bytes::from("at 6"));
        assert_eq!(computed, 2);
    }
}
