//! How long the log takes to make its commits durable (the flush and the
//! sync of each round), kept as a histogram with fixed buckets so that
//! operators can see a slow disk: every append, and every post on the
//! board, waits for one of these before anyone is answered.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The buckets' upper bounds, in seconds.
pub const BOUNDS: [f64; 11] = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

/// The running histogram; cheap to record into from the syncer threads.
#[derive(Debug, Default)]
pub struct CommitTimes {
    /// Commits per bucket (not cumulative); the last counts those over
    /// every bound.
    buckets: [AtomicU64; BOUNDS.len() + 1],
    sum_micros: AtomicU64,
    max_micros: AtomicU64,
}

impl CommitTimes {
    /// Counts one commit that took `took`.
    pub fn record(&self, took: Duration) {
        let seconds = took.as_secs_f64();
        let bucket = BOUNDS.iter().position(|&bound| seconds <= bound).unwrap_or(BOUNDS.len());
        self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
        self.max_micros.fetch_max(micros, Ordering::Relaxed);
    }

    /// What was recorded so far.
    pub fn snapshot(&self) -> CommitTimesSnapshot {
        let mut cumulative = [0; BOUNDS.len() + 1];
        let mut running = 0;
        for (slot, bucket) in cumulative.iter_mut().zip(&self.buckets) {
            running += bucket.load(Ordering::Relaxed);
            *slot = running;
        }
        CommitTimesSnapshot {
            cumulative,
            sum_micros: self.sum_micros.load(Ordering::Relaxed),
            max_micros: self.max_micros.load(Ordering::Relaxed),
        }
    }
}

/// A reading of [`CommitTimes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommitTimesSnapshot {
    /// Commits at or under each bound of [`BOUNDS`], then all of them.
    pub cumulative: [u64; BOUNDS.len() + 1],
    /// Microseconds spent, all commits together.
    pub sum_micros: u64,
    /// The slowest commit, in microseconds.
    pub max_micros: u64,
}

impl CommitTimesSnapshot {
    /// Commits counted.
    pub fn count(&self) -> u64 {
        self.cumulative[BOUNDS.len()]
    }

    /// The histogram as `uzel_log_commit_seconds` in Prometheus text
    /// format, with the slowest commit as `uzel_log_commit_seconds_max`.
    pub fn prometheus(&self) -> String {
        let mut out = String::from(
            "# HELP uzel_log_commit_seconds How long making a commit durable took (flush and sync).\n\
             # TYPE uzel_log_commit_seconds histogram\n",
        );
        for (bound, count) in BOUNDS.iter().zip(&self.cumulative) {
            let _ = writeln!(out, "uzel_log_commit_seconds_bucket{{le=\"{bound}\"}} {count}");
        }
        let _ = writeln!(out, "uzel_log_commit_seconds_bucket{{le=\"+Inf\"}} {}", self.count());
        let _ = writeln!(out, "uzel_log_commit_seconds_sum {}", self.sum_micros as f64 / 1e6);
        let _ = writeln!(out, "uzel_log_commit_seconds_count {}", self.count());
        let _ = write!(
            out,
            "# HELP uzel_log_commit_seconds_max The slowest commit since the log was opened.\n\
             # TYPE uzel_log_commit_seconds_max gauge\nuzel_log_commit_seconds_max {}\n",
            self.max_micros as f64 / 1e6
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_fall_in_the_first_bucket_that_holds_them_and_the_counts_add_up() {
        let times = CommitTimes::default();
        for ms in [0.5, 1.0, 3.0, 40.0, 340.0, 4000.0] {
            times.record(Duration::from_secs_f64(ms / 1e3));
        }
        let snapshot = times.snapshot();
        assert_eq!(snapshot.count(), 6);
        // ≤1 ms: 0.5 and 1.0; ≤5 ms: and 3; ≤50 ms: and 40; ≤0.5 s: and 340.
        assert_eq!(snapshot.cumulative, [2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6]);
        assert_eq!(snapshot.max_micros, 4_000_000);
        assert_eq!(snapshot.sum_micros, 500 + 1_000 + 3_000 + 40_000 + 340_000 + 4_000_000);
    }

    #[test]
    fn the_text_is_a_cumulative_prometheus_histogram() {
        let times = CommitTimes::default();
        times.record(Duration::from_millis(3));
        times.record(Duration::from_millis(120));
        let text = times.snapshot().prometheus();
        assert!(text.contains("# TYPE uzel_log_commit_seconds histogram\n"), "{text}");
        assert!(text.contains("uzel_log_commit_seconds_bucket{le=\"0.002\"} 0\n"), "{text}");
        assert!(text.contains("uzel_log_commit_seconds_bucket{le=\"0.005\"} 1\n"), "{text}");
        assert!(text.contains("uzel_log_commit_seconds_bucket{le=\"0.25\"} 2\n"), "{text}");
        assert!(text.contains("uzel_log_commit_seconds_bucket{le=\"+Inf\"} 2\n"), "{text}");
        assert!(text.contains("uzel_log_commit_seconds_sum 0.123\n"), "{text}");
        assert!(text.contains("uzel_log_commit_seconds_count 2\n"), "{text}");
        assert!(text.contains("uzel_log_commit_seconds_max 0.12\n"), "{text}");
    }
}
