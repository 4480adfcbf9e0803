//! The sled log's indexes saved at close: an open reads only the records
//! after them, and saved indexes that do not fit the log — damaged, or
//! another log's — are ignored and rebuilt from the log.

use uzel::log::{AppendError, EventLog, ExpectedVersion, SledLog, SnapshotStore, StreamName, probe};

use crate::helpers::{open, test_options};

const SAVED: &str = "log-index";

fn stream(s: usize) -> StreamName {
    StreamName::parse(&format!("probe-{s}")).expect("valid")
}

/// Appends `per_stream` probes to each of `streams` streams, continuing
/// their versions; returns the event ids in order.
async fn write(log: &SledLog, streams: usize, per_stream: u64) -> Vec<uuid::Uuid> {
    let mut ids = Vec::new();
    for s in 0..streams {
        let name = stream(s);
        for _ in 0..per_stream {
            let expected = match log.stream_version(&name).await.unwrap() {
                None => ExpectedVersion::NoStream,
                Some(v) => ExpectedVersion::Exact(v),
            };
            let event = probe::probe(s as u32, 0, 64);
            ids.push(event.event_id);
            log.append(&name, expected, vec![event]).await.expect("append");
        }
    }
    ids
}

/// A raw sled handle on a closed log's directory, once sled's own threads
/// have let go of it.
async fn raw(dir: &std::path::Path) -> sled::Db {
    assert!(uzel::log::sled_released(dir, std::time::Duration::from_secs(10)).await, "the log let go");
    sled::open(dir).unwrap()
}

/// The saved indexes' raw value in a closed log's directory.
async fn saved_value(dir: &std::path::Path) -> (sled::IVec, sled::IVec) {
    let db = raw(dir).await;
    let tree = db.open_tree("snapshots").unwrap();
    tree.scan_prefix(b"log-index\0").next_back().expect("indexes saved at close").unwrap()
}

/// Replaces a closed log's saved indexes.
async fn put_saved(dir: &std::path::Path, key: &[u8], value: &[u8]) {
    let db = raw(dir).await;
    let tree = db.open_tree("snapshots").unwrap();
    for old in tree.scan_prefix(b"log-index\0").keys() {
        tree.remove(old.unwrap()).unwrap();
    }
    tree.insert(key, value).unwrap();
    tree.flush().unwrap();
}

/// Every id is found at its place, none of `foreign` is, and each stream
/// takes its next version and refuses a stale one.
async fn assert_indexes_fit(log: &SledLog, ids: &[uuid::Uuid], foreign: &[uuid::Uuid], per_stream: u64) {
    for (n, id) in ids.iter().enumerate() {
        let (position, _) = log.event_position(id).await.unwrap().expect("a stored id is found");
        assert_eq!(position, n as u64 + 1);
    }
    for id in foreign {
        assert_eq!(log.event_position(id).await.unwrap(), None, "another log's id is not found here");
    }
    assert_eq!(log.stream_version(&stream(1)).await.unwrap(), Some(per_stream - 1));
    let probes = log.positions_of_type(probe::PROBE_TYPE).await.expect("sled indexes types");
    assert_eq!(probes, (1..=ids.len() as u64).collect::<Vec<_>>(), "every event is under its type");
    assert_eq!(log.positions_of_type("actor.registered").await, Some(vec![]));
    let stale = log.append(&stream(1), ExpectedVersion::Exact(per_stream - 2), vec![probe::probe(1, 0, 64)]).await;
    assert!(matches!(stale, Err(AppendError::WrongExpectedVersion { .. })), "{stale:?}");
    let again = log.append(&stream(0), ExpectedVersion::Any, vec![probe::probe(0, 0, 64).with_id(ids[0])]).await;
    let again = again.expect("an id stored already is acknowledged");
    assert_eq!((again.first_position, again.replayed), (1, true), "and not written again");
}

#[tokio::test]
async fn an_open_reads_on_from_the_indexes_saved_at_the_last_close() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), test_options());
    let mut ids = write(&log, 3, 20).await;
    log.close().await.unwrap();
    drop(log);
    let (key, first_saved) = saved_value(dir.path()).await;
    let log = open(dir.path(), test_options());
    assert_eq!(log.opened().saved, Some(60), "the indexes saved at the close");
    assert_eq!(log.opened().read, 0);
    assert_eq!(log.list_snapshots(SAVED).await.unwrap().iter().map(|s| s.0).collect::<Vec<_>>(), vec![60]);
    ids.extend(write(&log, 3, 10).await);
    log.close().await.unwrap();
    drop(log);
    // As after a crash: the indexes saved at position 60, the log at 90.
    put_saved(dir.path(), &key, &first_saved).await;
    let log = open(dir.path(), test_options());
    assert_eq!((log.opened().saved, log.opened().read), (Some(60), 30), "read on from 60");
    let positions: Vec<u64> = {
        let mut p = Vec::new();
        for id in &ids {
            p.push(log.event_position(id).await.unwrap().expect("found").0);
        }
        p
    };
    let mut sorted = positions.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (1..=90).collect::<Vec<_>>(), "every event of both sessions is indexed once");
    assert_eq!(log.stream_version(&stream(2)).await.unwrap(), Some(29));
    let probes = log.positions_of_type(probe::PROBE_TYPE).await.expect("sled indexes types");
    assert_eq!(probes, (1..=90).collect::<Vec<_>>(), "both sessions' events under their type");
    log.close().await.unwrap();
}

#[tokio::test]
async fn saved_indexes_that_do_not_fit_the_log_are_rebuilt_from_it() {
    let (ours, theirs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut ids = Vec::new();
    let mut foreign = Vec::new();
    for (dir, ids) in [(&ours, &mut ids), (&theirs, &mut foreign)] {
        let log = open(dir.path(), test_options());
        *ids = write(&log, 2, 30).await;
        log.close().await.unwrap();
    }
    let (key, value) = saved_value(theirs.path()).await;
    let mut damaged = value.to_vec();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0xff;
    for saved in [value.to_vec(), damaged, b"uzel-ix\n".to_vec()] {
        // Another log's indexes at the same position, damaged ones, a stub.
        put_saved(ours.path(), &key, &saved).await;
        let log = open(ours.path(), test_options());
        assert_eq!(log.opened().saved, None, "rebuilt from the whole log");
        assert_indexes_fit(&log, &ids, &foreign, 30).await;
        log.close().await.unwrap();
    }
}

/// An open that had to read many records (no saved indexes, or old ones)
/// saves the indexes at once, on a thread of its own, so that a crash
/// before the next close does not cost the next open that read again.
#[tokio::test]
async fn an_open_that_read_many_records_saves_the_indexes_without_waiting_for_a_close() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), test_options());
    let many = uzel::log::INDEX_SAVE_AFTER + 1_000;
    let mut written = 0;
    while written < many {
        let batch: Vec<_> = (0..1_000).map(|_| probe::probe(0, 0, 16)).collect();
        log.append(&stream(0), ExpectedVersion::Any, batch).await.expect("append");
        written += 1_000;
    }
    log.close().await.unwrap();
    drop(log);
    {
        // No saved indexes, as in a directory from before they were kept.
        let db = raw(dir.path()).await;
        let tree = db.open_tree("snapshots").unwrap();
        for old in tree.scan_prefix(b"log-index\0").keys() {
            tree.remove(old.unwrap()).unwrap();
        }
        tree.flush().unwrap();
    }
    let log = open(dir.path(), test_options());
    assert_eq!((log.opened().saved, log.opened().read), (None, many), "read the whole log");
    let started = std::time::Instant::now();
    loop {
        let saved: Vec<u64> = log.list_snapshots(SAVED).await.unwrap().iter().map(|s| s.0).collect();
        if saved == vec![many] {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "saved while open: {saved:?}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Appends go on meanwhile; the next open reads only them.
    log.append(&stream(1), ExpectedVersion::NoStream, vec![probe::probe(1, 0, 16)]).await.expect("append");
    log.close().await.unwrap();
    drop(log);
    let log = open(dir.path(), test_options());
    assert_eq!(log.opened().saved, Some(many + 1), "the close saved again, after the append");
    assert_eq!(log.opened().read, 0);
    log.close().await.unwrap();
}
