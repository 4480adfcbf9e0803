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

/// Failures by key (`user:{name}` or `ip:{address}`).
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

impl Throttle {
    fn recent(&self, key: &str, now: DateTime<Utc>) -> usize {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let Some(times) = failures.get_mut(key) else { return 0 };
        while times.front().is_some_and(|t| *t + Duration::minutes(WINDOW_MINUTES) < now) {
            times.pop_front();
        }
        times.len()
    }

    /// Seconds to wait if the account or the address is throttled.
    pub fn blocked(&self, account: &str, address: &str, now: DateTime<Utc>) -> Option<i64> {
        let over = self.recent(&format!("user:{account}"), now) >= PER_ACCOUNT
            || self.recent(&format!("ip:{address}"), now) >= PER_ADDRESS;
        over.then_some(WINDOW_MINUTES * 60)
    }

    /// Records a failed attempt.
    pub fn failed(&self, account: &str, address: &str, now: DateTime<Utc>) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() > 100_000 {
            failures.clear(); // bounded: a flood forgets rather than grows
        }
        for key in [format!("user:{account}"), format!("ip:{address}")] {
            failures.entry(key).or_default().push_back(now);
        }
    }

    /// Forgets an account's failures after a successful login.
    pub fn succeeded(&self, account: &str) {
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(&format!("user:{account}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_throttled_after_five_failures_until_the_window_passes() {
        let throttle = Throttle::default();
        let now = Utc::now();
        for _ in 0..PER_ACCOUNT {
            assert_eq!(throttle.blocked("jana", "10.0.0.1", now), None);
            throttle.failed("jana", "10.0.0.1", now);
        }
        assert!(throttle.blocked("jana", "10.0.0.2", now).is_some(), "per account, whatever the address");
        assert_eq!(throttle.blocked("petr", "10.0.0.2", now), None);
        assert_eq!(throttle.blocked("jana", "10.0.0.1", now + Duration::minutes(WINDOW_MINUTES + 1)), None);
    }
}
