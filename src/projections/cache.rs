//! Answers computed from the model, kept until the model moves on: a
//! directory page asked for again before any new event is applied is served
//! from here instead of being computed again. Bounded: when full, it starts
//! over.

use std::collections::HashMap;
use std::sync::Mutex;

use bytes::Bytes;
use chrono::{DateTime, Utc};

use crate::log::Position;

/// The most answers kept.
const CAPACITY: usize = 512;

/// What an answer was computed from: the model's position and generation
/// (a scheduled change that took effect moves the generation, not the
/// position).
pub type Stamp = (Position, u64);

/// An answer as kept: its stamp, when it expires, the bytes.
type Cached = (Stamp, Option<DateTime<Utc>>, Bytes);

/// Cached answers, each valid at the model stamp it was computed at and
/// until the instant it said it expires (an announcement it counted as
/// free runs out or goes stale).
#[derive(Debug, Default)]
pub struct AnswerCache {
    entries: Mutex<HashMap<String, Cached>>,
}

impl AnswerCache {
    /// The answer kept for `key`, if it was computed at model `stamp` and
    /// has not expired at `now`.
    pub fn get(&self, key: &str, stamp: Stamp, now: DateTime<Utc>) -> Option<Bytes> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (at, expires, bytes) = entries.get(key)?;
        (*at == stamp && expires.is_none_or(|e| now < e)).then(|| bytes.clone())
    }

    /// Keeps `bytes` as the answer for `key` at model `stamp` (computed
    /// elsewhere, e.g. by a read that had to wait).
    pub fn put(&self, key: String, stamp: Stamp, expires: Option<DateTime<Utc>>, bytes: Bytes) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(key, (stamp, expires, bytes));
    }

    /// The answer for `key` at model `stamp` and `now`: cached if it was
    /// computed at this very stamp and has not expired, else computed now
    /// and kept. `compute` returns the answer and when it stops holding.
    pub fn get_or_compute(
        &self,
        key: String,
        stamp: Stamp,
        now: DateTime<Utc>,
        compute: impl FnOnce() -> (Bytes, Option<DateTime<Utc>>),
    ) -> Bytes {
        if let Some((at, expires, bytes)) = self.entries.lock().unwrap_or_else(|e| e.into_inner()).get(&key)
            && *at == stamp
            && expires.is_none_or(|e| now < e)
        {
            return bytes.clone();
        }
        let (bytes, expires) = compute();
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(key, (stamp, expires, bytes.clone()));
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_reused_only_at_the_stamp_it_was_computed_at_and_before_it_expires() {
        let cache = AnswerCache::default();
        let t0 = Utc::now();
        let expires = t0 + chrono::Duration::seconds(10);
        let mut computed = 0;
        let mut ask = |stamp: Stamp, now: DateTime<Utc>| {
            cache.get_or_compute("q".into(), stamp, now, || {
                computed += 1;
                (Bytes::from(format!("at {stamp:?}")), Some(expires))
            })
        };
        assert_eq!(ask((5, 0), t0), Bytes::from("at (5, 0)"));
        assert_eq!(ask((5, 0), t0), Bytes::from("at (5, 0)"));
        assert_eq!(ask((6, 0), t0), Bytes::from("at (6, 0)"));
        assert_eq!(ask((6, 1), t0), Bytes::from("at (6, 1)"), "a scheduled change took effect");
        ask((6, 1), expires);
        assert_eq!(computed, 4, "computed again at the instant it expires");
    }
}
