//! Set-up shared by the benchmarks: temporary logs, probe events, the raw
//! sled reference.

#![allow(dead_code)] // each bench uses its own part

use std::time::{Duration, Instant};

use uzel::log::{
    EventLog, ExpectedVersion, NewEvent, SledLog, SledOptions, StreamName, SyncMode, probe,
};

/// Payload size of every benchmark event, as the issue fixes it.
pub const PAYLOAD: usize = 300;

/// A fresh log in a temporary directory (removed when the guard drops).
pub fn temp_log(sync: SyncMode) -> (tempfile::TempDir, SledLog) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let log = SledLog::open(
        dir.path(),
        SledOptions {
            sync,
            ..SledOptions::default()
        },
    )
    .expect("open log");
    (dir, log)
}

/// `n` probe events of [`PAYLOAD`] bytes.
pub fn probes(n: usize) -> Vec<NewEvent> {
    (0..n).map(|i| probe::probe(0, i as u64, PAYLOAD)).collect()
}

/// Appends `total` probe events in appends of `per_append`, to streams of
/// `per_append * 10` events each.
pub async fn fill(log: &SledLog, total: usize, per_append: usize) {
    let mut written = 0;
    let mut stream_no = 0;
    while written < total {
        let stream = StreamName::new("bench", stream_no).expect("valid name");
        for _ in 0..10 {
            let n = per_append.min(total - written);
            if n == 0 {
                break;
            }
            log.append(&stream, ExpectedVersion::Any, probes(n))
                .await
                .expect("append");
            written += n;
        }
        stream_no += 1;
    }
}

/// The raw sled reference: one key per event (9-byte key, [`PAYLOAD`]-byte
/// value), `batch` events per `apply_batch`, one `flush` per batch.
/// Returns events per second over `total` events.
pub fn raw_sled(batch: usize, total: usize) -> f64 {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = sled::Config::new()
        .path(dir.path())
        .flush_every_ms(None)
        .open()
        .expect("open sled");
    let value = vec![7u8; PAYLOAD];
    let started = Instant::now();
    let mut key = 0u64;
    while (key as usize) < total {
        let mut b = sled::Batch::default();
        for _ in 0..batch {
            key += 1;
            b.insert(&key.to_be_bytes(), value.clone());
        }
        db.apply_batch(b).expect("apply");
        db.flush().expect("flush");
    }
    total as f64 / started.elapsed().as_secs_f64()
}

/// The median of some measurements.
pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

/// The `p`-quantile of sorted latencies, in milliseconds.
pub fn quantile_ms(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1));
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}
