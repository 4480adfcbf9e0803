//! The log's figures in one run, next to the raw sled reference measured in
//! the same run: `cargo bench --bench log_load` (set `UZEL_BENCH_RUNS` to
//! change the number of runs per figure; the median is reported).
//!
//! - raw sled: apply_batch + flush, one 300-byte key per event, at batch
//!   sizes 1, 10, 100, 1000;
//! - the log with 1, 8 and 64 concurrent single-event appenders, in both
//!   sync modes: events/s and acknowledgement latency p50/p99;
//! - appends of 1000 events;
//! - reading the whole log; a subscription catching up on 1,000,000 events;
//!   reopening (index rebuild) a log of 1,000,000 events and the index size.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use uzel::log::{EventFilter, EventLog, ExpectedVersion, SledLog, SledOptions, StreamName, SyncMode, probe, subscribe};

fn runs() -> usize {
    std::env::var("UZEL_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5)
}

/// `writers` tasks append `total` single events, each to its own stream with
/// an exact expected version; returns events/s and the sorted latencies.
async fn concurrent(log: &SledLog, writers: usize, total: usize) -> (f64, Vec<Duration>) {
    let started = Instant::now();
    let per_writer = total / writers;
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let log = log.clone();
            tokio::spawn(async move {
                let stream = StreamName::new("bench", format!("{}-{w}", uuid::Uuid::now_v7().simple())).expect("name");
                let mut latencies = Vec::with_capacity(per_writer);
                for seq in 0..per_writer as u64 {
                    let expected = if seq == 0 { ExpectedVersion::NoStream } else { ExpectedVersion::Exact(seq - 1) };
                    let event = probe::probe(w as u32, seq, common::PAYLOAD);
                    let sent = Instant::now();
                    log.append(&stream, expected, vec![event]).await.expect("append");
                    latencies.push(sent.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::with_capacity(total);
    for task in tasks {
        all.extend(task.await.expect("writer task"));
    }
    let rate = all.len() as f64 / started.elapsed().as_secs_f64();
    all.sort_unstable();
    (rate, all)
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let runs = runs();
    println!("runs per figure: {runs} (median reported)");

    println!("\n== raw sled: apply_batch + flush, one {}-byte key per event ==", common::PAYLOAD);
    let mut raw100 = 0.0;
    for (batch, total) in [(1, 3_000), (10, 30_000), (100, 200_000), (1000, 500_000)] {
        let rate = common::median((0..runs).map(|_| common::raw_sled(batch, total)).collect());
        if batch == 100 {
            raw100 = rate;
        }
        println!("batch {batch:>4}: {rate:>9.0} events/s");
    }

    for sync in [SyncMode::Fdatasync, SyncMode::Flush] {
        println!("\n== log, single-event appenders, sync {sync:?} ==");
        for (writers, total) in [(1, 3_000), (8, 40_000), (64, 200_000)] {
            let mut rates = Vec::new();
            let mut p50s = Vec::new();
            let mut p99s = Vec::new();
            for _ in 0..runs {
                let (_dir, log) = common::temp_log(sync);
                let (rate, latencies) = rt.block_on(concurrent(&log, writers, total));
                rates.push(rate);
                p50s.push(common::quantile_ms(&latencies, 0.50));
                p99s.push(common::quantile_ms(&latencies, 0.99));
                rt.block_on(log.close()).expect("close");
            }
            let rate = common::median(rates);
            println!(
                "{writers:>2} appenders: {rate:>9.0} events/s ({:>5.1} % of raw batch 100)  ack p50 {:.3} ms  p99 {:.3} ms",
                rate / raw100 * 100.0,
                common::median(p50s),
                common::median(p99s)
            );
        }
    }

    println!("\n== log, appends of 1000 events ==");
    for sync in [SyncMode::Fdatasync, SyncMode::Flush] {
        let rates = (0..runs)
            .map(|_| {
                let (_dir, log) = common::temp_log(sync);
                let stream = StreamName::new("bench", "batched").expect("name");
                let batches: Vec<_> = (0..200).map(|_| common::probes(1000)).collect();
                let started = Instant::now();
                for events in batches {
                    rt.block_on(log.append(&stream, ExpectedVersion::Any, events)).expect("append");
                }
                200_000.0 / started.elapsed().as_secs_f64()
            })
            .collect();
        println!("sync {sync:?}: {:>9.0} events/s", common::median(rates));
    }

    println!("\n== reading: a log of 1,000,000 events ==");
    let dir = tempfile::tempdir().expect("temporary directory");
    let total = 1_000_000;
    {
        let log = SledLog::open(dir.path(), SledOptions { sync: SyncMode::Flush, ..Default::default() }).expect("open");
        let started = Instant::now();
        rt.block_on(common::fill(&log, total, 1000));
        println!("filled in {:.1} s", started.elapsed().as_secs_f64());
        rt.block_on(log.close()).expect("close");
    }
    let opened = Instant::now();
    let log = SledLog::open(dir.path(), SledOptions::default()).expect("reopen");
    println!(
        "reopen (index rebuild): {:.2} s; index ≈ {:.1} MiB; {} streams; {:.0} MiB on disk",
        opened.elapsed().as_secs_f64(),
        log.index_memory_bytes() as f64 / (1 << 20) as f64,
        log.stream_count(),
        log.size_on_disk().expect("size") as f64 / (1 << 20) as f64
    );
    let read_rates = (0..runs)
        .map(|_| {
            let started = Instant::now();
            assert_eq!(common::read_whole_log(&rt, &log), total);
            total as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    println!("read whole log: {:>9.0} events/s", common::median(read_rates));
    let shared: Arc<dyn EventLog> = Arc::new(log.clone());
    let catch_up_rates = (0..runs)
        .map(|_| {
            let mut subscription = subscribe(Arc::clone(&shared), 0, EventFilter::all());
            let started = Instant::now();
            rt.block_on(async {
                for _ in 0..total {
                    subscription.next().await.expect("event");
                }
            });
            total as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    println!("subscription catch-up: {:>9.0} events/s", common::median(catch_up_rates));
}
