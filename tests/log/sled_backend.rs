//! The sled backend: the conformance suite, and what only sled has — its
//! data directory, its options, and `uzel check` on its files.

use std::process::Command;

use uzel::events::validate_payload;
use uzel::log::{
    EventLog, ExpectedVersion, LogError, NewEvent, SledLog, SledOptions, StreamName, SyncMode, check_directory, probe,
};

use crate::helpers::{SledBackend, open, released, test_options};

crate::conformance_tests!(SledBackend::new());

fn stream(name: &str) -> StreamName {
    StreamName::parse(name).expect("valid")
}

async fn write_probes(log: &SledLog, streams: usize, per_stream: u64) {
    for s in 0..streams {
        let name = stream(&format!("probe-{s}"));
        for seq in 0..per_stream {
            let expected = if seq == 0 { ExpectedVersion::NoStream } else { ExpectedVersion::Exact(seq - 1) };
            log.append(&name, expected, vec![probe::probe(s as u32, seq, 100)]).await.expect("append");
        }
    }
}

fn uzel() -> Command {
    Command::new(env!("CARGO_BIN_EXE_uzel"))
}

#[test]
fn opening_a_file_or_a_foreign_directory_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "not a log").unwrap();
    let err = SledLog::open(&file, SledOptions::default()).err().expect("a file is not a log");
    assert!(matches!(&err, LogError::NotALog { reason, .. } if reason.contains("file")), "{err}");
    let err = SledLog::open(dir.path(), SledOptions::default()).err().expect("a foreign directory is not a log");
    assert!(err.to_string().contains("holds other files but no log"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a log", "nothing was touched");
    let missing = dir.path().join("missing");
    let err = SledLog::open_existing(&missing, SledOptions::default()).err().expect("missing");
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(!missing.exists(), "open_existing never creates");
}

#[test]
fn a_sled_database_of_another_program_is_not_taken_for_a_log() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = sled::open(dir.path()).unwrap();
        db.insert(b"someone", b"else").unwrap();
        db.flush().unwrap();
    }
    released(dir.path());
    let err = SledLog::open(dir.path(), SledOptions::default()).err().expect("foreign sled");
    assert!(err.to_string().contains("without the uzel marker"), "{err}");
}

#[test]
fn a_log_of_a_newer_format_is_refused_with_upgrade_advice() {
    let dir = tempfile::tempdir().unwrap();
    drop(SledLog::open(dir.path(), SledOptions::default()).unwrap());
    released(dir.path());
    {
        let db = sled::open(dir.path()).unwrap();
        db.insert(b"mformat", &2u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let err = SledLog::open(dir.path(), SledOptions::default()).err().expect("newer format");
    assert!(matches!(err, LogError::NewerFormat { found: 2, supported: 1, .. }), "{err}");
    assert!(err.to_string().contains("run a newer uzel"));
}

#[tokio::test]
async fn a_log_open_in_one_handle_is_locked_for_another() {
    let dir = tempfile::tempdir().unwrap();
    let _log = SledLog::open(dir.path(), SledOptions::default()).unwrap();
    let err = SledLog::open(dir.path(), SledOptions::default()).err().expect("locked");
    assert!(matches!(err, LogError::Locked { .. }), "{err}");
    assert!(err.to_string().contains("in use by another uzel process"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tiny_queue_applies_backpressure_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let options = SledOptions { queue_appends: 1, queue_bytes: 1, sync: SyncMode::Flush, ..test_options() };
    let log = SledLog::open(dir.path(), options).unwrap();
    let tasks: Vec<_> = (0..32)
        .map(|w| {
            let log = log.clone();
            tokio::spawn(async move {
                for i in 0..20 {
                    let event = NewEvent::new("t.x", vec![i as u8; 2000]);
                    log.append(&stream(&format!("w-{w}")), ExpectedVersion::Any, vec![event]).await.unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(log.last_position(), 640);
}

#[tokio::test]
async fn big_appends_span_several_chunks_and_read_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), test_options());
    let events: Vec<_> = (0..300).map(|i| probe::probe(0, i, 300)).collect();
    let ids: Vec<_> = events.iter().map(|e| e.event_id).collect();
    let result = log.append(&stream("probe-big"), ExpectedVersion::NoStream, events).await.unwrap();
    assert_eq!((result.first_position, result.last_position, result.version), (1, 300, 299));
    let log = {
        log.close().await.unwrap();
        drop(log);
        open(dir.path(), test_options())
    };
    let back = log
        .read_stream(&stream("probe-big"), uzel::log::ReadFrom::Start, uzel::log::Direction::Forward, 1000)
        .await
        .unwrap();
    assert_eq!(back.iter().map(|e| e.event_id).collect::<Vec<_>>(), ids);
    for event in &back {
        probe::verify(event).expect("intact probe");
    }
}

#[tokio::test]
async fn check_passes_on_a_healthy_log_and_counts_it() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), test_options());
    write_probes(&log, 3, 40).await;
    log.close().await.unwrap();
    drop(log);
    released(dir.path());
    let report = check_directory(dir.path(), &validate_payload).expect("opens");
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!((report.events, report.streams, report.last_position), (120, 3, 120));
    assert_eq!(report.event_types.get("log.probe"), Some(&120));

    let output = uzel().args(["check", "--data"]).arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("events: 120 (last position 120)"), "{stdout}");
    assert!(stdout.contains("ok:"), "{stdout}");
}

/// Damages a closed log by rewriting its raw sled keys.
fn damage(dir: &std::path::Path, how: impl FnOnce(&sled::Db)) {
    released(dir);
    let db = sled::open(dir).unwrap();
    how(&db);
    db.flush().unwrap();
}

async fn closed_log_with_probes() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), test_options());
    write_probes(&log, 2, 60).await;
    log.close().await.unwrap();
    dir
}

fn check_fails_with(dir: &std::path::Path, needle: &str) {
    // The raw sled handle that did the damage releases its file lock when
    // its background thread ends, a moment after it is dropped: wait for
    // that (at most 10 s) instead of guessing a sleep.
    let mut report = check_directory(dir, &validate_payload);
    for _ in 0..100 {
        if !matches!(report, Err(uzel::log::LogError::Locked { .. })) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        report = check_directory(dir, &validate_payload);
    }
    let report = report.expect("opens");
    assert!(!report.is_ok(), "damage went unnoticed");
    assert!(
        report.problems.iter().any(|p| p.contains(needle)),
        "no problem mentions {needle:?}: {:?}",
        report.problems
    );
    let output = uzel().args(["check", "--data"]).arg(dir).output().unwrap();
    assert!(!output.status.success(), "uzel check must exit non-zero");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is inconsistent"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains(needle));
}

fn chunk_keys(db: &sled::Db) -> Vec<sled::IVec> {
    db.scan_prefix(b"e").keys().map(Result::unwrap).collect()
}

#[tokio::test]
async fn check_finds_a_missing_chunk() {
    let dir = closed_log_with_probes().await;
    damage(dir.path(), |db| {
        let keys = chunk_keys(db);
        db.remove(&keys[keys.len() / 2]).unwrap();
    });
    check_fails_with(dir.path(), "gap");
}

#[tokio::test]
async fn check_finds_a_damaged_record() {
    let dir = closed_log_with_probes().await;
    damage(dir.path(), |db| {
        let key = chunk_keys(db)[1].clone();
        let mut chunk = db.get(&key).unwrap().unwrap().to_vec();
        let len = chunk.len();
        chunk.truncate(len - 7);
        db.insert(key, chunk).unwrap();
    });
    check_fails_with(dir.path(), "chunk");
}

#[tokio::test]
async fn check_finds_a_duplicated_event_id_and_a_version_gap() {
    let dir = closed_log_with_probes().await;
    damage(dir.path(), |db| {
        // Copy the first chunk's records over the second chunk's key: the
        // ids repeat, and positions and versions stop adding up.
        let keys = chunk_keys(db);
        let first = db.get(&keys[0]).unwrap().unwrap();
        db.insert(&keys[1], first).unwrap();
    });
    check_fails_with(dir.path(), "stored twice");
}

#[tokio::test]
async fn check_finds_a_payload_that_does_not_decode() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), test_options());
    log.append(&stream("network-x"), ExpectedVersion::Any, vec![NewEvent::new("network.registered", vec![0xff; 5])])
        .await
        .unwrap();
    log.append(&stream("mystery-1"), ExpectedVersion::Any, vec![NewEvent::new("mystery.event", vec![])]).await.unwrap();
    log.close().await.unwrap();
    drop(log);
    released(dir.path());
    let report = check_directory(dir.path(), &validate_payload).unwrap();
    assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
    assert!(report.problems[0].contains("network.registered"));
    assert!(report.problems[1].contains("unknown to this build"));
}

#[test]
fn check_on_something_that_is_not_a_log_fails_clearly_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    for (target, needle) in [(dir.path().join("missing"), "does not exist"), (dir.path().to_owned(), "holds no log")] {
        let output = uzel().args(["check", "--data"]).arg(&target).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(needle), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    std::fs::write(dir.path().join("conf"), "garbage").unwrap();
    std::fs::write(dir.path().join("db"), vec![0xAB; 4096]).unwrap();
    let output = uzel().args(["check", "--data"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("configuration file (conf) is damaged"), "{stderr}");
    assert_eq!(std::fs::read(dir.path().join("conf")).unwrap(), b"garbage", "check changed nothing");

    // A sound sled configuration beside a damaged data file: sled reads the
    // data as empty, and neither check nor open may take it for a new log.
    let healthy = tempfile::tempdir().unwrap();
    drop(SledLog::open(healthy.path(), SledOptions::default()).unwrap());
    std::fs::copy(healthy.path().join("conf"), dir.path().join("conf")).unwrap();
    let output = uzel().args(["check", "--data"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("without the uzel marker"), "{stderr}");
    let err = SledLog::open(dir.path(), SledOptions::default()).err().expect("no new log over a damaged one");
    assert!(err.to_string().contains("without the uzel marker"), "{err}");
}
