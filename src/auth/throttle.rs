//! Login throttling: failed attempts are counted per account and per
//! address over a window; past the limit, further attempts are refused
//! until the window moves on. In memory for one process (a restart
//! forgives, which is fine for slowing down guessing); in the store beside
//! the log when several nodes share it, so that spreading guesses over the
//! nodes gains nothing.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// The window failures are counted over.
pub const WINDOW_MINUTES: i64 = 15;
/// Failed attempts allowed per account in the window.
pub const PER_ACCOUNT: usize = 5;
/// Failed attempts allowed per address in the window.
pub const PER_ADDRESS: usize = 20;

/// The most keys (accounts and addresses) the throttle remembers; past
/// that, after forgetting what has expired, it refuses sign-ins rather than
/// forget failures (a flood of names must not wipe an account's count).
pub const MAX_KEYS: usize = 100_000;

/// Attempts by key (`user:{name}` or `ip:{address}`): failures, and
/// attempts still being checked (counted as failures until they succeed).
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
    /// Where the counts live when several nodes share them.
    shared: Option<std::sync::Arc<dyn crate::log::SideStore>>,
}

/// Why an attempt may not go ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The account or the address failed too often: seconds to wait.
    Throttled(i64),
    /// The throttle is full (a flood of attempts): try again shortly.
    Full,
}

fn expire(times: &mut VecDeque<DateTime<Utc>>, now: DateTime<Utc>) {
    while times.front().is_some_and(|t| *t + Duration::minutes(WINDOW_MINUTES) < now) {
        times.pop_front();
    }
}

/// Attempts between two sweeps of the expired counts in a shared store.
const SWEEP_EVERY: usize = 1_000;

impl Throttle {
    /// A throttle whose counts live in `store`, shared by every node on it.
    pub fn shared(store: std::sync::Arc<dyn crate::log::SideStore>) -> Self {
        Self { failures: Mutex::default(), shared: Some(store) }
    }

    /// Begins an attempt for `account` from `address`: refused if either has
    /// as many failures and attempts under way as it may have; else counted
    /// as a failure at once — so that any number of simultaneous attempts
    /// let at most the limit through to the password check — until
    /// [`Throttle::succeeded`] forgives it.
    pub fn attempt(&self, account: &str, address: &str, now: DateTime<Utc>) -> Result<(), Refusal> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let keys = [(format!("user:{account}"), PER_ACCOUNT), (format!("ip:{address}"), PER_ADDRESS)];
        if let Some(store) = &self.shared {
            // The map only counts attempts, to sweep the store now and then.
            let attempts = failures.entry(String::new()).or_default();
            attempts.push_back(now);
            if attempts.len() >= SWEEP_EVERY {
                attempts.clear();
                sweep(store.as_ref(), now);
            }
            return attempt_shared(store.as_ref(), &keys, now);
        }
        for (key, limit) in &keys {
            if let Some(times) = failures.get_mut(key) {
                expire(times, now);
                if times.len() >= *limit {
                    return Err(Refusal::Throttled(WINDOW_MINUTES * 60));
                }
            }
        }
        let new_keys = keys.iter().filter(|(k, _)| !failures.contains_key(k)).count();
        if failures.len() + new_keys > MAX_KEYS {
            failures.retain(|_, times| {
                expire(times, now);
                !times.is_empty()
            });
            if failures.len() + new_keys > MAX_KEYS {
                return Err(Refusal::Full);
            }
        }
        for (key, _) in keys {
            failures.entry(key).or_default().push_back(now);
        }
        Ok(())
    }

    /// Forgets an account's failures after a successful sign-in from
    /// `address`, and the attempt's own count against the address: only
    /// failures count there, so an office signing in behind one address is
    /// never refused for its colleagues' successful sign-ins.
    pub fn succeeded(&self, account: &str, address: &str) {
        let key = format!("user:{account}");
        let from = format!("ip:{address}");
        if let Some(store) = &self.shared {
            let _ = store.remove(key.as_bytes());
            uncount(store.as_ref(), &from, None, Utc::now());
            return;
        }
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&key);
        if let Some(times) = failures.get_mut(&from) {
            times.pop_back();
        }
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How many times a count another node changed at the same moment is read
/// again before the attempt gives up (refused as by a full throttle).
const SWAP_TRIES: usize = 64;

/// Changes the failures a shared store holds under `key` (those of the
/// window only, oldest first) with `change`, by compare-and-swap: if
/// another node changed them meanwhile, they are read and changed again —
/// so every node's counts are seen. `change` says whether anything
/// changed (nothing is written if not), or refuses.
fn change_count(
    store: &dyn crate::log::SideStore,
    key: &str,
    now: DateTime<Utc>,
    change: impl Fn(&mut Vec<i64>) -> Result<bool, Refusal>,
) -> Result<(), Refusal> {
    let oldest = (now - Duration::minutes(WINDOW_MINUTES)).timestamp_micros();
    for _ in 0..SWAP_TRIES {
        let stored = store.get(key.as_bytes()).map_err(|_| Refusal::Full)?;
        let mut times: Vec<i64> = stored.as_deref().and_then(|v| serde_json::from_slice(v).ok()).unwrap_or_default();
        times.retain(|t| *t >= oldest);
        if !change(&mut times)? {
            return Ok(());
        }
        let value = serde_json::to_vec(&times).map_err(|_| Refusal::Full)?;
        if store.compare_and_swap(key.as_bytes(), stored.as_deref(), Some(&value)).map_err(|_| Refusal::Full)? {
            return Ok(());
        }
    }
    Err(Refusal::Full)
}

/// Counts a failure at `stamp` under `key` if it has fewer than `limit`.
fn count(store: &dyn crate::log::SideStore, key: &str, limit: usize, now: DateTime<Utc>) -> Result<(), Refusal> {
    let stamp = now.timestamp_micros();
    change_count(store, key, now, |times| {
        if times.len() >= limit {
            return Err(Refusal::Throttled(WINDOW_MINUTES * 60));
        }
        times.push(stamp);
        Ok(true)
    })
}

/// Takes back one failure counted under `key` (at `stamp` if there is one
/// then, else the latest).
fn uncount(store: &dyn crate::log::SideStore, key: &str, stamp: Option<i64>, now: DateTime<Utc>) {
    let _ = change_count(store, key, now, |times| {
        let at = stamp.and_then(|s| times.iter().rposition(|t| *t == s)).or(times.len().checked_sub(1));
        Ok(at.map(|at| times.remove(at)).is_some())
    });
}

/// [`Throttle::attempt`] on a shared store: the account's count, then the
/// address's, each taken only while under its limit (by compare-and-swap,
/// so that nodes counting the same key at the same moment see each
/// other's counts: the limits hold across nodes exactly). If the address
/// refuses, the account's count is taken back. A store that cannot be
/// read refuses (as a full throttle does): sign-ins wait rather than go
/// uncounted.
fn attempt_shared(
    store: &dyn crate::log::SideStore,
    keys: &[(String, usize); 2],
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let [(account, per_account), (address, per_address)] = keys;
    count(store, account, *per_account, now)?;
    if let Err(refusal) = count(store, address, *per_address, now) {
        uncount(store, account, Some(now.timestamp_micros()), now);
        return Err(refusal);
    }
    Ok(())
}

/// Removes the shared counts whose failures have all expired.
fn sweep(store: &dyn crate::log::SideStore, now: DateTime<Utc>) {
    let oldest = (now - Duration::minutes(WINDOW_MINUTES)).timestamp_micros();
    for (key, value) in store.entries().unwrap_or_default() {
        let times: Vec<i64> = serde_json::from_slice(&value).unwrap_or_default();
        if times.iter().all(|t| *t < oldest) {
            let _ = store.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store in a fresh sled directory (kept while the guard lives), as
    /// nodes on one database share it.
    fn shared_store() -> (tempfile::TempDir, std::sync::Arc<dyn crate::log::SideStore>) {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path()).unwrap();
        (dir, std::sync::Arc::new(crate::log::SledSide(db.open_tree("throttle").unwrap())))
    }

    #[test]
    fn nodes_sharing_a_store_share_the_count() {
        let (_dir, store) = shared_store();
        let (a, b) = (Throttle::shared(store.clone()), Throttle::shared(store.clone()));
        let now = Utc::now();
        for n in 0..PER_ACCOUNT {
            let node = if n % 2 == 0 { &a } else { &b };
            assert_eq!(node.attempt("jana", &format!("10.0.0.{n}"), now), Ok(()), "attempt {n}");
        }
        assert!(matches!(b.attempt("jana", "10.0.0.99", now), Err(Refusal::Throttled(_))), "spread over two nodes");
        assert!(matches!(a.attempt("jana", "10.0.0.98", now), Err(Refusal::Throttled(_))));
        let later = now + Duration::minutes(WINDOW_MINUTES + 1);
        assert_eq!(a.attempt("jana", "10.0.0.1", later), Ok(()), "the window moved on");
        a.succeeded("jana", "10.0.0.1");
        assert!(store.get(b"user:jana").unwrap().is_none(), "a success forgives on every node");
        for n in 0..2 * PER_ADDRESS {
            assert_eq!(b.attempt(&format!("kolega{n}"), "10.0.0.7", later), Ok(()), "sign-in {n} from one office");
            a.succeeded(&format!("kolega{n}"), "10.0.0.7");
        }
        sweep(store.as_ref(), later + Duration::minutes(WINDOW_MINUTES + 1));
        assert!(store.is_empty(), "expired counts are swept");
    }

    /// Nodes attempting at the same moment on one shared store: of many
    /// simultaneous guesses at one account, exactly the limit go through.
    #[test]
    fn simultaneous_attempts_on_several_nodes_let_exactly_the_limit_through() {
        let (_dir, store) = shared_store();
        for round in 0..5 {
            let account = format!("jana{round}");
            let barrier = std::sync::Barrier::new(8);
            let passed: usize = std::thread::scope(|scope| {
                let nodes: Vec<_> = (0..8)
                    .map(|node| {
                        let (store, barrier, account) = (store.clone(), &barrier, &account);
                        scope.spawn(move || {
                            let throttle = Throttle::shared(store);
                            barrier.wait();
                            (0..4)
                                .filter(|n| {
                                    throttle.attempt(account, &format!("10.{round}.{node}.{n}"), Utc::now()).is_ok()
                                })
                                .count()
                        })
                    })
                    .collect();
                nodes.into_iter().map(|n| n.join().unwrap()).sum()
            });
            assert_eq!(passed, PER_ACCOUNT, "round {round}: 32 simultaneous guesses on 8 nodes");
        }
    }

    #[test]
    fn an_account_is_throttled_after_five_attempts_until_the_window_passes() {
        let throttle = Throttle::default();
        let now = Utc::now();
        for _ in 0..PER_ACCOUNT {
            assert_eq!(throttle.attempt("jana", "10.0.0.1", now), Ok(()));
        }
        assert!(throttle.attempt("jana", "10.0.0.2", now).is_err(), "per account, whatever the address");
        assert_eq!(throttle.attempt("petr", "10.0.0.2", now), Ok(()));
        assert_eq!(throttle.attempt("jana", "10.0.0.1", now + Duration::minutes(WINDOW_MINUTES + 1)), Ok(()));
        throttle.succeeded("jana", "10.0.0.1");
        assert_eq!(throttle.attempt("jana", "10.0.0.3", now), Ok(()), "a success forgives the account");
    }

    #[test]
    fn only_failures_count_against_an_address() {
        let throttle = Throttle::default();
        let now = Utc::now();
        for n in 0..2 * PER_ADDRESS {
            let account = format!("kolega{n}");
            assert_eq!(throttle.attempt(&account, "10.0.0.1", now), Ok(()), "sign-in {n} from one office");
            throttle.succeeded(&account, "10.0.0.1");
        }
        for n in 0..PER_ADDRESS {
            assert_eq!(throttle.attempt(&format!("host{n}"), "10.0.0.1", now), Ok(()), "failure {n}");
        }
        assert!(throttle.attempt("dalsi", "10.0.0.1", now).is_err(), "failures still count");
    }

    #[test]
    fn a_flood_of_names_fills_the_table_to_its_bound_and_forgets_nothing_unexpired() {
        let throttle = Throttle::default();
        let now = Utc::now();
        for _ in 0..PER_ACCOUNT {
            throttle.attempt("jana", "10.0.0.1", now).unwrap();
        }
        let mut refused = 0;
        for n in 0..MAX_KEYS {
            if throttle.attempt(&format!("u{n}"), "10.9.9.9", now + Duration::minutes(WINDOW_MINUTES - 1)).is_err() {
                refused += 1;
            }
        }
        assert!(throttle.len() <= MAX_KEYS);
        assert!(refused > 0, "the address was throttled, or the table was full");
        assert!(throttle.attempt("jana", "10.0.0.2", now).is_err(), "jana's failures were not forgotten");
    }
}
