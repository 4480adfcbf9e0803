//! Set-up shared by the benchmarks: temporary logs, probe events, the raw
//! sled reference.

#![allow(dead_code)] // each bench uses its own part

use std::time::{Duration, Instant};

use uzel::log::{
    Direction, EventFilter, EventLog, ExpectedVersion, NewEvent, ReadFrom, SledLog, SledOptions, StreamName, SyncMode,
    probe,
};

/// Payload size of every benchmark event: about that of a typical event.
pub const PAYLOAD: usize = 300;

/// A fresh log in a temporary directory (removed when the guard drops).
pub fn temp_log(sync: SyncMode) -> (tempfile::TempDir, SledLog) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let log = SledLog::open(dir.path(), SledOptions { sync, ..SledOptions::default() }).expect("open log");
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
            log.append(&stream, ExpectedVersion::Any, probes(n)).await.expect("append");
            written += n;
        }
        stream_no += 1;
    }
}

/// A fresh sled database for the raw reference (removed with the guard).
pub fn raw_db() -> (tempfile::TempDir, sled::Db) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = sled::Config::new().path(dir.path()).flush_every_ms(None).open().expect("open sled");
    (dir, db)
}

/// One step of the raw sled reference: `batch` keys of [`PAYLOAD`] bytes
/// after `key` in one `apply_batch`, then one `flush`.
pub fn raw_batch(db: &sled::Db, key: &mut u64, batch: usize) {
    let mut b = sled::Batch::default();
    for _ in 0..batch {
        *key += 1;
        b.insert(&key.to_be_bytes(), vec![7u8; PAYLOAD]);
    }
    db.apply_batch(b).expect("apply");
    db.flush().expect("flush");
}

/// The raw sled reference over `total` events in batches of `batch`:
/// events per second.
pub fn raw_sled(batch: usize, total: usize) -> f64 {
    let (_dir, db) = raw_db();
    let started = Instant::now();
    let mut key = 0u64;
    while (key as usize) < total {
        raw_batch(&db, &mut key, batch);
    }
    total as f64 / started.elapsed().as_secs_f64()
}

/// Reads the whole log page by page; returns how many events it held.
pub fn read_whole_log(rt: &tokio::runtime::Runtime, log: &SledLog) -> usize {
    let mut from = 1;
    let mut read = 0;
    loop {
        let slice = rt
            .block_on(log.read_all(ReadFrom::At(from), Direction::Forward, 10_000, &EventFilter::all()))
            .expect("read");
        read += slice.events.len();
        from = slice.last_examined + 1;
        if slice.end_of_log {
            return read;
        }
    }
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
