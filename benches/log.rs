//! Criterion benchmarks of the log's building blocks: the raw sled
//! reference, one append of 1000 events, reading the whole log, and the
//! record codec. `cargo bench --bench log`.

mod common;

use std::sync::Arc;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use uzel::log::{
    Direction, EventFilter, EventLog, ExpectedVersion, ReadFrom, StreamName, SyncMode, decode_record, encode_record,
};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

/// apply_batch + flush of 300-byte values, one key per event: the ceiling
/// the log's write path is compared with.
fn raw_sled(c: &mut Criterion) {
    let mut group = c.benchmark_group("raw_sled_apply_batch_flush");
    for batch in [1usize, 10, 100, 1000] {
        let (_dir, db) = common::raw_db();
        let mut key = 0u64;
        group.throughput(Throughput::Elements(batch as u64));
        group.bench_function(format!("batch_{batch}"), |b| b.iter(|| common::raw_batch(&db, &mut key, batch)));
    }
    group.finish();
}

/// One append of 1000 events, durable (fdatasync) and flush-only.
fn batched_append(c: &mut Criterion) {
    let rt = runtime();
    let mut group = c.benchmark_group("log_append_1000_events");
    group.throughput(Throughput::Elements(1000));
    for sync in [SyncMode::Fdatasync, SyncMode::Flush] {
        let (_dir, log) = common::temp_log(sync);
        let stream = StreamName::new("bench", "batched").expect("valid name");
        group.bench_function(format!("{sync:?}"), |b| {
            b.iter_batched(
                || common::probes(1000),
                |events| rt.block_on(log.append(&stream, ExpectedVersion::Any, events)).expect("append"),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// Reading the whole log of 200,000 events, page by page.
fn read_all(c: &mut Criterion) {
    let rt = runtime();
    let (_dir, log) = common::temp_log(SyncMode::Flush);
    let total = 200_000;
    rt.block_on(common::fill(&log, total, 1000));
    let mut group = c.benchmark_group("log_read_all");
    group.sample_size(10);
    group.throughput(Throughput::Elements(total as u64));
    group.bench_function("200k_events", |b| b.iter(|| assert_eq!(common::read_whole_log(&rt, &log), total)));
    group.finish();
}

/// Encoding and decoding one stored record.
fn codec(c: &mut Criterion) {
    let rt = runtime();
    let (_dir, log) = common::temp_log(SyncMode::Flush);
    rt.block_on(common::fill(&log, 1, 1));
    let event = rt
        .block_on(log.read_all(ReadFrom::Start, Direction::Forward, 1, &EventFilter::all()))
        .expect("read")
        .events
        .remove(0);
    let bytes = encode_record(&event);
    let event = Arc::new(event);
    c.bench_function("codec_encode", |b| b.iter(|| encode_record(&event)));
    c.bench_function("codec_decode", |b| b.iter(|| decode_record(&bytes).expect("decodes")));
}

criterion_group!(benches, raw_sled, batched_append, read_all, codec);
criterion_main!(benches);
