//! The answers to writes sent with an `Idempotency-Key`, kept beside the log
//! so that a retry gets exactly the first answer — the same id, position and
//! version — and a key reused for a different request is refused.
//!
//! A request is known by its fingerprint: a hash of who sent it, the method,
//! the address with its query, and the body's bytes. Only successful answers
//! are kept (a refused request wrote nothing; the client may fix it and send
//! it again under the same key). Answers are kept at least [`KEEP_HOURS`]
//! hours and at most [`MAX_KEPT`] of them (the oldest go first), across
//! restarts; each is made durable before the client gets it.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// How long an answer is kept at least.
pub const KEEP_HOURS: i64 = 24;
/// The most answers kept; past that the oldest are dropped.
pub const MAX_KEPT: usize = 100_000;
/// Answers larger than this are not kept (a write's answer is a few hundred
/// bytes).
pub const MAX_ANSWER_BYTES: usize = 64 << 10;
/// How many answers are stored between two sweeps of the expired ones.
const SWEEP_EVERY: u64 = 256;

/// A request's fingerprint.
pub type Fingerprint = [u8; 32];

/// The fingerprint of a request: who, method, address and body.
pub fn fingerprint(author: &str, method: &str, address: &str, body: &[u8]) -> Fingerprint {
    let mut hash = Sha256::new();
    for part in [author.as_bytes(), method.as_bytes(), address.as_bytes()] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hash.update(body);
    hash.finalize().into()
}

/// An answer as kept.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Stored {
    /// The request's fingerprint.
    pub fingerprint: Fingerprint,
    /// The status code.
    pub status: u16,
    /// The headers worth repeating (content type, ETag, Location).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// When it was answered.
    pub at: DateTime<Utc>,
}

/// What a request with a key finds.
#[derive(Debug)]
pub enum Lookup<'a> {
    /// Nothing: the request runs, and its answer is kept through the claim.
    Fresh(Claim<'a>),
    /// The same request was answered: this is the answer.
    Replay(Stored),
    /// The key answered a different request.
    Reused,
    /// The same key is being answered right now.
    InFlight,
}

/// A key being answered; released when dropped.
#[derive(Debug)]
pub struct Claim<'a> {
    answers: &'a Answers,
    key: Uuid,
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        self.answers.in_flight.lock().unwrap_or_else(|e| e.into_inner()).remove(&self.key);
    }
}

impl Claim<'_> {
    /// Keeps the answer to the claimed key, durably.
    pub async fn keep(self, stored: &Stored) -> Result<(), String> {
        self.answers.keep(self.key, stored).await
    }
}

/// The store: key → answer, beside the log.
#[derive(Debug)]
pub struct Answers {
    tree: std::sync::Arc<dyn crate::log::SideStore>,
    in_flight: Mutex<HashSet<Uuid>>,
    stored: AtomicU64,
}

impl Answers {
    /// The store in `tree`.
    pub fn new(tree: std::sync::Arc<dyn crate::log::SideStore>) -> Self {
        Self { tree, in_flight: Mutex::default(), stored: AtomicU64::new(0) }
    }

    /// What a request with `key` and `fingerprint` finds at `now`.
    pub fn lookup(&self, key: Uuid, fingerprint: &Fingerprint, now: DateTime<Utc>) -> Result<Lookup<'_>, String> {
        let mut in_flight = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bytes) = self.tree.get(key.as_bytes())?
            && let Ok(stored) = serde_json::from_slice::<Stored>(&bytes)
            && stored.at + Duration::hours(KEEP_HOURS) > now
        {
            return Ok(if stored.fingerprint == *fingerprint { Lookup::Replay(stored) } else { Lookup::Reused });
        }
        if !in_flight.insert(key) {
            return Ok(Lookup::InFlight);
        }
        Ok(Lookup::Fresh(Claim { answers: self, key }))
    }

    async fn keep(&self, key: Uuid, stored: &Stored) -> Result<(), String> {
        if stored.body.len() > MAX_ANSWER_BYTES {
            return Ok(());
        }
        let value = serde_json::to_vec(stored).map_err(|e| e.to_string())?;
        if self.stored.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.sweep(stored.at)?;
        }
        self.tree.put(key.as_bytes(), &value).await
    }

    /// Drops the answers older than [`KEEP_HOURS`] at `now`, and the oldest
    /// beyond [`MAX_KEPT`].
    pub fn sweep(&self, now: DateTime<Utc>) -> Result<(), String> {
        self.sweep_to(now, MAX_KEPT)
    }

    fn sweep_to(&self, now: DateTime<Utc>, max: usize) -> Result<(), String> {
        let oldest_kept = now - Duration::hours(KEEP_HOURS);
        let mut live: Vec<(DateTime<Utc>, Vec<u8>)> = Vec::new();
        for (key, value) in self.tree.entries()? {
            match serde_json::from_slice::<Stored>(&value) {
                Ok(stored) if stored.at > oldest_kept => live.push((stored.at, key)),
                _ => self.tree.remove(&key)?,
            }
        }
        if live.len() > max {
            live.sort_by_key(|(at, _)| *at);
            for (_, key) in &live[..live.len() - max] {
                self.tree.remove(key)?;
            }
        }
        Ok(())
    }

    /// How many answers are kept.
    pub fn len(&self) -> usize {
        self.tree.len()
    }

    /// Whether no answer is kept.
    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Answers) {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path()).unwrap();
        (dir, Answers::new(std::sync::Arc::new(crate::log::SledSide(db.open_tree("idempotency").unwrap()))))
    }

    fn answer(fingerprint: Fingerprint, at: DateTime<Utc>) -> Stored {
        Stored { fingerprint, status: 201, headers: vec![], body: b"{}".to_vec(), at }
    }

    #[tokio::test]
    async fn a_key_answers_its_own_request_again_refuses_another_and_is_held_while_in_flight() {
        let (_dir, answers) = store();
        let now = Utc::now();
        let (key, first, other) =
            (Uuid::now_v7(), fingerprint("u", "POST", "/a", b"1"), fingerprint("u", "POST", "/a", b"2"));
        let Lookup::Fresh(claim) = answers.lookup(key, &first, now).unwrap() else { panic!("a new key is fresh") };
        assert!(matches!(answers.lookup(key, &first, now).unwrap(), Lookup::InFlight));
        claim.keep(&answer(first, now)).await.unwrap();
        assert!(matches!(answers.lookup(key, &first, now).unwrap(), Lookup::Replay(s) if s.status == 201));
        assert!(matches!(answers.lookup(key, &other, now).unwrap(), Lookup::Reused));
        // A claim dropped without an answer (the request was refused) frees the key.
        let key2 = Uuid::now_v7();
        drop(answers.lookup(key2, &first, now).unwrap());
        assert!(matches!(answers.lookup(key2, &other, now).unwrap(), Lookup::Fresh(_)));
    }

    #[tokio::test]
    async fn answers_expire_after_a_day_and_the_oldest_go_when_there_are_too_many() {
        let (_dir, answers) = store();
        let now = Utc::now();
        let old = Uuid::now_v7();
        let f = fingerprint("u", "POST", "/a", b"");
        let Lookup::Fresh(claim) = answers.lookup(old, &f, now).unwrap() else { panic!() };
        claim.keep(&answer(f, now - Duration::hours(KEEP_HOURS + 1))).await.unwrap();
        assert!(matches!(answers.lookup(old, &f, now).unwrap(), Lookup::Fresh(_)), "expired: the key is free");
        answers.sweep(now).unwrap();
        assert!(answers.is_empty());
        let mut keys = Vec::new();
        for minutes in [30, 20, 10] {
            let key = Uuid::now_v7();
            let Lookup::Fresh(claim) = answers.lookup(key, &f, now).unwrap() else { panic!() };
            claim.keep(&answer(f, now - Duration::minutes(minutes))).await.unwrap();
            keys.push(key);
        }
        answers.sweep_to(now, 2).unwrap();
        assert_eq!(answers.len(), 2, "bounded");
        assert!(matches!(answers.lookup(keys[0], &f, now).unwrap(), Lookup::Fresh(_)), "the oldest went first");
        assert!(matches!(answers.lookup(keys[2], &f, now).unwrap(), Lookup::Replay(_)));
        assert_ne!(fingerprint("a", "POST", "/x", b""), fingerprint("b", "POST", "/x", b""), "who sent it counts");
        assert_ne!(fingerprint("a", "POST", "/x", b""), fingerprint("a", "PUT", "/x", b""));
        assert_ne!(fingerprint("a", "POST", "/xy", b""), fingerprint("a", "POST", "/x", b"y"));
    }
}
