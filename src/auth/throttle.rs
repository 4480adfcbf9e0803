//! Login throttling: failed attempts are counted per account and per
//! address over a window; past the limit, further attempts are refused
//! until the window moves on. In memory: a restart forgives, which is fine
//! for slowing down guessing.

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

impl Throttle {
    /// Begins an attempt for `account` from `address`: refused if either has
    /// as many failures and attempts under way as it may have; else counted
    /// as a failure at once — so that any number of simultaneous attempts
    /// let at most the limit through to the password check — until
    /// [`Throttle::succeeded`] forgives it.
    pub fn attempt(&self, account: &str, address: &str, now: DateTime<Utc>) -> Result<(), Refusal> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let keys = [(format!("user:{account}"), PER_ACCOUNT), (format!("ip:{address}"), PER_ADDRESS)];
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

    /// Forgets an account's failures after a successful sign-in.
    pub fn succeeded(&self, account: &str) {
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(&format!("user:{account}"));
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

#[cfg(test)]
mod tests {
    use super::*;

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
        throttle.succeeded("jana");
        assert_eq!(throttle.attempt("jana", "10.0.0.3", now), Ok(()), "a success forgives the account");
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
