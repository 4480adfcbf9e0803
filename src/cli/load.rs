//! `uzel log-load`: concurrent writers append probe events to a log, each
//! to its own stream with an exact expected version, as an aggregate would.
//! Prints each acknowledgement with `--acks` (the crash tests read them) and
//! a summary of throughput and acknowledgement latency at the end.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Args;

use super::SyncArg;
use crate::log::{EventLog, ExpectedVersion, PostgresLog, PostgresOptions, SledLog, SledOptions, StreamName, probe};

/// Arguments of `uzel log-load`.
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// The data directory (created if missing).
    #[arg(long, value_name = "DIR", required_unless_present = "store", conflicts_with = "store")]
    data: Option<PathBuf>,
    /// A PostgreSQL database instead: postgres://user@host/db.
    #[arg(long, value_name = "postgres://…")]
    store: Option<String>,
    /// Concurrent writers.
    #[arg(long, default_value_t = 64)]
    writers: u32,
    /// Events to append in all; 0 appends until the process is stopped.
    #[arg(long, default_value_t = 100_000)]
    events: u64,
    /// Payload size of each event, in bytes.
    #[arg(long, default_value_t = 300)]
    payload_bytes: usize,
    /// Print `ack {position} {stream} {version} {event_id}` per acknowledged event.
    #[arg(long)]
    acks: bool,
    /// How hard each commit pushes data to the disk.
    #[arg(long, value_enum, default_value = "fdatasync")]
    sync: SyncArg,
    /// Threads making batches durable (overlapping flushes).
    #[arg(long, default_value_t = SledOptions::default().syncers)]
    syncers: usize,
}

/// Runs the load and prints its summary.
pub fn run(args: LoadArgs) -> Result<(), String> {
    if args.writers == 0 {
        return Err("--writers must be at least 1".into());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(load(args))
}

async fn load(args: LoadArgs) -> Result<(), String> {
    let (log, sled): (Arc<dyn EventLog>, Option<SledLog>) = match (&args.store, &args.data) {
        (Some(url), _) => {
            (Arc::new(PostgresLog::open(url, PostgresOptions::default()).await.map_err(|e| e.to_string())?), None)
        }
        (None, Some(dir)) => {
            let options = SledOptions { sync: args.sync.into(), syncers: args.syncers, ..SledOptions::default() };
            let log = SledLog::open(dir, options).map_err(|e| e.to_string())?;
            (Arc::new(log.clone()), Some(log))
        }
        (None, None) => return Err("give --data DIR or --store postgres://…".into()),
    };
    let run = uuid::Uuid::now_v7().simple().to_string();
    let remaining = Arc::new(AtomicU64::new(if args.events == 0 { u64::MAX } else { args.events }));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for writer in 0..args.writers {
        let log = Arc::clone(&log);
        let stream = StreamName::new("probe", format!("{run}-{writer}")).map_err(|e| e.to_string())?;
        let remaining = Arc::clone(&remaining);
        let (acks, size) = (args.acks, args.payload_bytes);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut sequence = 0u64;
            while remaining.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1)).is_ok() {
                let event = probe::probe(writer, sequence, size);
                let event_id = event.event_id;
                let expected =
                    if sequence == 0 { ExpectedVersion::NoStream } else { ExpectedVersion::Exact(sequence - 1) };
                let sent = Instant::now();
                let result = log.append(&stream, expected, vec![event]).await.map_err(|e| e.to_string())?;
                latencies.push(sent.elapsed());
                if acks {
                    let line = format!("ack {} {stream} {} {event_id}\n", result.last_position, result.version);
                    std::io::stdout().lock().write_all(line.as_bytes()).map_err(|e| e.to_string())?;
                }
                sequence += 1;
            }
            Ok::<_, String>(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.map_err(|e| e.to_string())??);
    }
    let elapsed = started.elapsed();
    log.close().await.map_err(|e| e.to_string())?;
    print_summary(&args, sled.as_ref(), &mut latencies, elapsed);
    Ok(())
}

fn print_summary(args: &LoadArgs, sled: Option<&SledLog>, latencies: &mut [Duration], elapsed: Duration) {
    latencies.sort_unstable();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let stats = sled.map(SledLog::writer_stats).unwrap_or_default();
    let n = latencies.len() as f64;
    eprintln!(
        "writers={} events={} payload={}B sync={:?} seconds={:.3} events_per_s={:.0} \
         ack_ms_p50={:.3} ack_ms_p99={:.3} ack_ms_max={:.3} batches={} mean_batch={:.1} flushes={} flush_ms_mean={:.3} flush_share={:.2}",
        args.writers,
        latencies.len(),
        args.payload_bytes,
        args.sync,
        elapsed.as_secs_f64(),
        n / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        pct(1.0),
        stats.batches,
        stats.events as f64 / stats.batches.max(1) as f64,
        stats.flushes,
        stats.flush_micros as f64 / 1e3 / stats.flushes.max(1) as f64,
        stats.flush_micros as f64 / 1e6 / elapsed.as_secs_f64(),
    );
}
