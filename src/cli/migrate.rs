//! `uzel migrate --from DIR --to postgres://…`: copies a data directory's
//! log into a PostgreSQL database as it is — positions, stream versions,
//! event ids and both instants — with the stores beside it (the
//! personal-data keys and their tombstones, password hashes, sessions,
//! idempotent answers). Resumable: a copy that stopped goes on where the
//! database's log ends, once the event there is found to be the
//! directory's. Verified: both logs are checked and must agree. Snapshots
//! are not copied; the first start on the database rebuilds them.

use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use crate::events::validate_payload;
use crate::log::{
    Direction, EventFilter, EventLog, PostgresLog, PostgresOptions, ReadFrom, SledLog, SledOptions, check_directory,
    check_log,
};
use crate::store::redact;

/// Events copied per transaction.
const PAGE: usize = 5_000;

/// Copies `from` into the database at `to` and verifies the copy.
pub fn run(from: &Path, to: &str) -> Result<(), String> {
    if !crate::log::is_postgres_url(to) {
        return Err(format!("--to takes a PostgreSQL address (postgres://user@host/db), not {to:?}"));
    }
    if !from.join("db").exists() {
        return Err(format!("{} holds no uzel data; give a --data directory", from.display()));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(migrate(from, to))
}

async fn migrate(from: &Path, to: &str) -> Result<(), String> {
    let source = SledLog::open_existing(from, SledOptions::default()).map_err(|e| e.to_string())?;
    let target = PostgresLog::open(to, PostgresOptions::default()).await.map_err(|e| e.to_string())?;
    let outcome = copy(&source, &target).await;
    let _ = target.close().await;
    let closed = source.close().await;
    outcome?;
    closed.map_err(|e| e.to_string())?;
    drop(source);
    // sled's own threads let go of the directory shortly after a close.
    if !crate::log::sled_released(from, std::time::Duration::from_secs(10)).await {
        return Err(format!("{} is still held after the copy; run `uzel check --data` on it", from.display()));
    }
    verify(from, to).await
}

async fn copy(source: &SledLog, target: &PostgresLog) -> Result<(), String> {
    let mut importer = target.importer().await.map_err(|e| e.to_string())?;
    let (head, head_id) = importer.head().await.map_err(|e| e.to_string())?;
    let last = source.last_position();
    if head > last {
        return Err(format!("the database's log is longer ({head} events) than the directory's ({last}): another log"));
    }
    if let Some(id) = head_id {
        let here = source.read_all(ReadFrom::At(head), Direction::Forward, 1, &EventFilter::all()).await;
        let matches = here.map_err(|e| e.to_string())?.events.first().is_some_and(|e| e.event_id == id);
        if !matches {
            return Err(format!(
                "the database's log ends at {head} with another event than the directory's: it holds another log"
            ));
        }
        println!("resuming after position {head}");
    }
    let bar = ProgressBar::new(last.saturating_sub(head));
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} events ({per_sec}, {eta} left)")
            .map_err(|e| e.to_string())?,
    );
    let mut next = head + 1;
    while next <= last {
        let page = source
            .read_all(ReadFrom::At(next), Direction::Forward, PAGE, &EventFilter::all())
            .await
            .map_err(|e| e.to_string())?;
        let Some(end) = page.events.last().map(|e| e.position) else { break };
        let count = page.events.len() as u64;
        importer.append(page.events).await.map_err(|e| e.to_string())?;
        bar.inc(count);
        next = end + 1;
    }
    bar.finish_and_clear();
    importer.analyze().await.map_err(|e| e.to_string())?;
    let mut stores = 0;
    for name in crate::server::SIDE_STORES {
        let from = source.side_store(name).map_err(|e| e.to_string())?;
        let into = target.side_store(name);
        for (key, value) in from.entries()? {
            into.put(&key, &value).await?;
            stores += 1;
        }
    }
    println!("copied {} events and {stores} entries of the stores beside the log", last - head);
    Ok(())
}

/// Checks both logs; they must agree.
async fn verify(from: &Path, to: &str) -> Result<(), String> {
    let here = check_directory(from, &validate_payload).map_err(|e| e.to_string())?;
    let target = PostgresLog::open(to, PostgresOptions::default()).await.map_err(|e| e.to_string())?;
    let there = check_log(&target, &validate_payload).await.map_err(|e| e.to_string());
    let _ = target.close().await;
    let there = there?;
    let same = (here.events, here.last_position, here.streams, &here.event_types)
        == (there.events, there.last_position, there.streams, &there.event_types);
    if !here.is_ok() || !there.is_ok() || !same {
        return Err(format!(
            "the copy does not check: {} events in {}, {} in {} ({} and {} problems)",
            here.events,
            from.display(),
            there.events,
            redact(to),
            here.problems.len(),
            there.problems.len()
        ));
    }
    println!(
        "ok: {} and {} both hold {} events in {} streams up to position {}, consistent",
        from.display(),
        redact(to),
        there.events,
        there.streams,
        there.last_position
    );
    Ok(())
}
