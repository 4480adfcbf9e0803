//! The conformance suite on the PostgreSQL backend, against a real server
//! (a throwaway cluster, `tests/common/postgres.rs`), and its own rules:
//! out-of-order commits never reach a reader out of order.

use uzel::log::{EventLog, PostgresLog, PostgresOptions};

use crate::conformance::Backend;
use crate::postgres_server::server;

/// Options for tests: a tiny live buffer, so subscribers lag and must fall
/// back to the log far more often than in production.
pub fn pg_test_options() -> PostgresOptions {
    PostgresOptions { live_capacity: 4, ..PostgresOptions::default() }
}

/// A PostgreSQL log in a fresh database.
pub struct PgBackend {
    pub url: String,
}

impl PgBackend {
    pub fn new() -> Self {
        Self { url: server().fresh_database() }
    }

    /// A plain connection to the database, to look at or change it behind
    /// the log's back.
    pub async fn client(&self) -> tokio_postgres::Client {
        let (client, connection) = tokio_postgres::connect(&self.url, tokio_postgres::NoTls).await.expect("connects");
        tokio::spawn(connection);
        client
    }
}

#[async_trait::async_trait]
impl Backend for PgBackend {
    type Log = PostgresLog;

    async fn open(&self) -> PostgresLog {
        PostgresLog::open(&self.url, pg_test_options()).await.expect("open the PostgreSQL log")
    }

    async fn reopen(&self, log: PostgresLog) -> PostgresLog {
        log.close().await.expect("close");
        drop(log);
        self.open().await
    }
}

crate::conformance_tests!(PgBackend::new());

/// Every event after `after` a subscription on `log` delivers, until it has
/// `n`: their positions and ids.
async fn follow(log: PostgresLog, after: u64, n: usize) -> Vec<(u64, uuid::Uuid)> {
    let mut subscription = uzel::log::subscribe(std::sync::Arc::new(log), after, uzel::log::EventFilter::all());
    let mut seen = Vec::with_capacity(n);
    while seen.len() < n {
        let event = tokio::time::timeout(std::time::Duration::from_secs(30), subscription.next())
            .await
            .expect("events keep coming")
            .expect("the subscription reads");
        seen.push((event.position, event.event_id));
    }
    seen
}

/// Two nodes on one database, each with writers of its own and a
/// subscriber: both subscribers see every event of both nodes, in
/// position order, gap-free, once — the same sequence.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_one_database_see_one_log_in_one_order() {
    use uzel::log::{ExpectedVersion, StreamName, probe};
    let backend = PgBackend::new();
    let (a, b) = (backend.open().await, backend.open().await);
    const PER_WRITER: usize = 40;
    const WRITERS: usize = 4;
    let total = 2 * WRITERS * PER_WRITER;
    let seen_a = tokio::spawn(follow(a.clone(), 0, total));
    let seen_b = tokio::spawn(follow(b.clone(), 0, total));
    let mut writers = Vec::new();
    for (node, log) in [(0u32, &a), (1, &b)] {
        for w in 0..WRITERS as u32 {
            let log = log.clone();
            writers.push(tokio::spawn(async move {
                let stream = StreamName::parse(&format!("probe-{node}x{w}")).unwrap();
                let mut ids = Vec::new();
                for s in 0..PER_WRITER as u64 {
                    let event = probe::probe(node * 100 + w, s, 32);
                    ids.push(event.event_id);
                    log.append(&stream, ExpectedVersion::Any, vec![event]).await.expect("appended");
                }
                ids
            }));
        }
    }
    let mut written: Vec<uuid::Uuid> = Vec::new();
    for writer in writers {
        written.extend(writer.await.unwrap());
    }
    let (seen_a, seen_b) = (seen_a.await.unwrap(), seen_b.await.unwrap());
    assert_eq!(seen_a, seen_b, "both nodes see the same log");
    let positions: Vec<u64> = seen_a.iter().map(|(p, _)| *p).collect();
    assert_eq!(positions, (1..=total as u64).collect::<Vec<_>>(), "in position order, gap-free, once");
    let mut ids: Vec<uuid::Uuid> = seen_a.iter().map(|(_, id)| *id).collect();
    ids.sort();
    written.sort();
    assert_eq!(ids, written, "every acknowledged write, and nothing else");
    assert_eq!((a.last_position(), b.last_position()), (total as u64, total as u64));
    a.close().await.unwrap();
    b.close().await.unwrap();
}

/// A transaction that took the next position holds back every later one:
/// a writer whose append would get a later position cannot commit before
/// it, so a reader subscribed throughout sees the earlier position first,
/// then the later, each once — never a later position with an earlier
/// one still to come.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_later_position_never_commits_before_an_earlier_one() {
    use uzel::log::{ExpectedVersion, StreamName, probe};
    let backend = PgBackend::new();
    let node = backend.open().await;
    let stream = StreamName::parse("probe-1").unwrap();
    node.append(&stream, ExpectedVersion::Any, vec![probe::probe(1, 0, 16)]).await.unwrap();
    let seen = tokio::spawn(follow(node.clone(), 0, 3));
    // Another writer, as a node's writer does it: the lock, the head, its
    // row at position 2 — and then it dawdles before committing.
    let (mut slow, connection) = tokio_postgres::connect(&backend.url, tokio_postgres::NoTls).await.expect("connects");
    tokio::spawn(connection);
    let tx = slow.transaction().await.unwrap();
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&0x0075_7a65_6c6c_6f67_i64]).await.unwrap();
    let head: i64 = tx.query_one("SELECT max(position) FROM events", &[]).await.unwrap().get(0);
    assert_eq!(head, 1);
    let slow_id = uuid::Uuid::now_v7();
    tx.execute(
        "INSERT INTO events (position, stream, category, version, event_id, event_type, schema, recorded_at, \
         effective_at, network, author, payload) VALUES (2, 'probe-2', 'probe', 0, $1, 'probe.written', 1, $2, $2, '', '', '')",
        &[&slow_id, &chrono::Utc::now().timestamp_micros()],
    )
    .await
    .unwrap();
    // The node's append would take position 3: it waits for the lock.
    let fast = {
        let node = node.clone();
        let stream = stream.clone();
        tokio::spawn(async move { node.append(&stream, ExpectedVersion::Any, vec![probe::probe(1, 1, 16)]).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!fast.is_finished(), "the later append waits for the earlier transaction");
    assert_eq!(node.last_position(), 1, "nothing after 1 is visible yet");
    tx.commit().await.unwrap();
    let fast = fast.await.unwrap().expect("appended once the lock is free");
    assert_eq!(fast.first_position, 3);
    let seen = seen.await.unwrap();
    assert_eq!(seen.iter().map(|(p, _)| *p).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(seen[1].1, slow_id, "the other writer's event, in its place");
    node.close().await.unwrap();
}

/// A database whose schema a newer uzel wrote is refused, saying so, and
/// left as it was; one at this build's version opens.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schema_newer_than_this_build_is_refused() {
    let backend = PgBackend::new();
    backend.open().await.close().await.unwrap();
    let client = backend.client().await;
    let newer = uzel::log::SCHEMA_VERSION + 1;
    client.execute("UPDATE uzel_schema SET version = $1", &[&newer]).await.unwrap();
    let refused = PostgresLog::open(&backend.url, pg_test_options()).await.err().expect("refused");
    assert!(matches!(refused, uzel::log::LogError::NewerSchema { found, .. } if found == newer), "{refused}");
    assert!(refused.to_string().contains("run a newer uzel"), "{refused}");
    let version: i32 = client.query_one("SELECT version FROM uzel_schema", &[]).await.unwrap().get(0);
    assert_eq!(version, newer, "nothing was changed");
    client.execute("UPDATE uzel_schema SET version = $1", &[&uzel::log::SCHEMA_VERSION]).await.unwrap();
    backend.open().await.close().await.unwrap();
}

/// Scattered positions are read in bulk, in position order, filtered, and
/// never past the log's end: the same events a read of the whole log
/// finds there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scattered_positions_read_in_bulk_match_the_whole_log() {
    use uzel::log::{EventFilter, ExpectedVersion, StreamName, probe};
    let backend = PgBackend::new();
    let log = backend.open().await;
    for n in 0..60u32 {
        let stream = StreamName::parse(&format!("probe-{}", n % 4)).unwrap();
        log.append(&stream, ExpectedVersion::Any, vec![probe::probe(n, 0, 16)]).await.unwrap();
    }
    let whole = crate::conformance::read_everything(&log).await;
    let positions: Vec<u64> = vec![2, 3, 17, 40, 41, 59, 60, 61, 500];
    let read = log.events_at(&positions, &EventFilter::all()).await.unwrap().expect("read in bulk");
    let expected: Vec<u64> = positions.iter().copied().filter(|p| *p <= 60).collect();
    assert_eq!(read.iter().map(|e| e.position).collect::<Vec<_>>(), expected, "in order, none past the end");
    for event in &read {
        assert_eq!(event.event_id, whole[event.position as usize - 1].event_id);
    }
    let only = EventFilter { categories: vec!["actor".into()], ..EventFilter::all() };
    assert!(log.events_at(&positions, &only).await.unwrap().unwrap().is_empty(), "the filter holds");
    log.close().await.unwrap();
}

/// A node decides a batch against what it knows from its own commits and
/// sends it in one round trip, guarded by where the log should end: a
/// retried id is answered with the original, and what another node
/// committed in between is never overwritten or ignored — expected
/// versions, versions, positions and retried ids are decided against the
/// log itself then.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_a_node_knows_of_the_log_gives_way_to_what_another_node_committed() {
    use uzel::log::{AppendError, ExpectedVersion, StreamName, probe};
    let backend = PgBackend::new();
    let (a, b) = (backend.open().await, backend.open().await);
    let stream = StreamName::parse("probe-shared").unwrap();
    let other = StreamName::parse("probe-other").unwrap();
    let first = a.append(&stream, ExpectedVersion::NoStream, vec![probe::probe(1, 0, 16)]).await.unwrap();
    a.append(&other, ExpectedVersion::NoStream, vec![probe::probe(1, 1, 16)]).await.unwrap();
    assert_eq!((first.first_position, first.version), (1, 0));

    // A knows both streams from its own commits. Its own event retried:
    // the original, nothing new; the same id in the other stream: refused.
    let own = probe::probe(1, 2, 16);
    let written = a.append(&stream, ExpectedVersion::Exact(0), vec![own.clone()]).await.unwrap();
    assert_eq!((written.first_position, written.version, written.replayed), (3, 1, false));
    let again = a.append(&stream, ExpectedVersion::Any, vec![own.clone()]).await.unwrap();
    assert!(again.replayed);
    assert_eq!((again.first_position, again.version), (3, 1));
    match a.append(&other, ExpectedVersion::Any, vec![own]).await {
        Err(AppendError::IdempotencyConflict { .. }) => {}
        other => panic!("an id stored in another stream must be refused: {other:?}"),
    }
    let next = a.append(&other, ExpectedVersion::Exact(0), vec![probe::probe(1, 3, 16)]).await.unwrap();
    assert_eq!((next.first_position, next.version), (4, 1), "nothing was written in between");

    // B writes to one of them behind A's back.
    let by_b = probe::probe(2, 0, 16);
    let written_by_b = b.append(&stream, ExpectedVersion::Exact(1), vec![by_b.clone()]).await.unwrap();
    assert_eq!((written_by_b.first_position, written_by_b.version), (5, 2));
    // What A knows says version 1; the log says 2.
    match a.append(&stream, ExpectedVersion::Exact(1), vec![probe::probe(1, 4, 16)]).await {
        Err(AppendError::WrongExpectedVersion { current, .. }) => assert_eq!(current, Some(2)),
        other => panic!("A's stale view must not decide: {other:?}"),
    }
    let after = a.append(&stream, ExpectedVersion::Any, vec![probe::probe(1, 5, 16)]).await.unwrap();
    assert_eq!((after.first_position, after.version), (6, 3), "after B's event, not over it");
    // B's event retried through A: the original.
    let retried = a.append(&stream, ExpectedVersion::Any, vec![by_b]).await.unwrap();
    assert!(retried.replayed);
    assert_eq!((retried.first_position, retried.version), (5, 2));

    let seen = follow(b.clone(), 0, 6).await;
    let positions: Vec<u64> = seen.iter().map(|(p, _)| *p).collect();
    assert_eq!(positions, (1..=6).collect::<Vec<_>>(), "gap-free, once");
    assert_eq!((a.last_position(), b.last_position()), (6, 6));
    a.close().await.unwrap();
    b.close().await.unwrap();
}

/// A node sends its next transaction before the last one is answered.
/// When the one ahead does not commit — one of its events is stored
/// already (a retry), or another node committed in between — the one
/// behind inserts nothing either, and both are decided again against the
/// log: under many concurrent writers on node A that retry acknowledged
/// events, and node B committing halfway through, every append is
/// answered as the log holds it, retries with their originals, and the log
/// stays gap-free with each stream's versions consecutive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transactions_sent_ahead_of_one_that_did_not_commit_are_decided_again() {
    use std::collections::HashMap;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use uzel::log::{AppendResult, Direction, EventFilter, ExpectedVersion, ReadFrom, StreamName, probe};
    let backend = PgBackend::new();
    let (a, b) = (backend.open().await, backend.open().await);
    const WRITERS: u32 = 24;
    const ROUNDS: u64 = 30;
    let acknowledged = Arc::new(AtomicU64::new(0));
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let (log, acknowledged) = (a.clone(), Arc::clone(&acknowledged));
        writers.push(tokio::spawn(async move {
            let stream = StreamName::parse(&format!("probe-a{w}")).unwrap();
            let mut answers: Vec<(uuid::Uuid, AppendResult)> = Vec::new();
            for round in 0..ROUNDS {
                let event = probe::probe(w, round, 24);
                let expected = if round == 0 { ExpectedVersion::NoStream } else { ExpectedVersion::Exact(round - 1) };
                let answer = log.append(&stream, expected, vec![event.clone()]).await.expect("appended");
                assert!(!answer.replayed, "{stream} round {round}: a new event is not a replay");
                answers.push((event.event_id, answer));
                acknowledged.fetch_add(1, Ordering::Relaxed);
                if (round + u64::from(w)) % 4 == 0 {
                    // Retried, as a client whose answer was lost would.
                    let again = log.append(&stream, ExpectedVersion::Any, vec![event.clone()]).await.expect("retried");
                    assert!(again.replayed, "{stream} round {round}: a retry is a replay");
                    assert_eq!(again.first_position, answer.first_position, "{stream} round {round}: the original");
                    assert_eq!(again.version, answer.version);
                }
            }
            (stream, answers)
        }));
    }
    // Node B commits once A's writers are halfway.
    let by_b = {
        let (log, acknowledged) = (b.clone(), Arc::clone(&acknowledged));
        tokio::spawn(async move {
            while acknowledged.load(Ordering::Relaxed) < u64::from(WRITERS) * ROUNDS / 2 {
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            }
            let stream = StreamName::parse("probe-b").unwrap();
            let event = probe::probe(100, 0, 24);
            let answer = log.append(&stream, ExpectedVersion::NoStream, vec![event.clone()]).await.expect("appended");
            (stream, vec![(event.event_id, answer)])
        })
    };
    let mut answered: HashMap<uuid::Uuid, (StreamName, AppendResult)> = HashMap::new();
    for writer in writers.into_iter().chain([by_b]) {
        let (stream, answers) = writer.await.unwrap();
        for (version, (id, answer)) in answers.into_iter().enumerate() {
            assert_eq!(answer.version, version as u64, "{stream}: versions follow the appends");
            answered.insert(id, (stream.clone(), answer));
        }
    }
    let total = answered.len() as u64;
    assert_eq!(total, u64::from(WRITERS) * ROUNDS + 1);
    let log = a.read_all(ReadFrom::Start, Direction::Forward, total as usize + 10, &EventFilter::all()).await.unwrap();
    let positions: Vec<u64> = log.events.iter().map(|e| e.position).collect();
    assert_eq!(positions, (1..=total).collect::<Vec<_>>(), "gap-free, each event once");
    for event in &log.events {
        let (stream, answer) = &answered[&event.event_id];
        assert_eq!(
            (&event.stream, event.position, event.version),
            (stream, answer.first_position, answer.version),
            "the log holds each event where its answer said"
        );
    }
    assert!(log.events.windows(2).all(|w| w[0].recorded_at <= w[1].recorded_at), "recorded_at never goes back");
    let seen = follow(b.clone(), 0, total as usize).await;
    assert_eq!(seen, log.events.iter().map(|e| (e.position, e.event_id)).collect::<Vec<_>>(), "B sees the same log");
    a.close().await.unwrap();
    b.close().await.unwrap();
}

/// A database at schema version 1 is migrated on open: the index over
/// every event type gives way to one over the erasures, which are still
/// found by type; other types are read from the log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn version_one_migrates_to_an_index_of_the_erasures_only() {
    use uzel::log::{ExpectedVersion, NewEvent, StreamName, probe};
    let backend = PgBackend::new();
    let log = backend.open().await;
    let stream = StreamName::parse("actor-1").unwrap();
    log.append(&stream, ExpectedVersion::Any, vec![probe::probe(1, 0, 16)]).await.unwrap();
    let erased = NewEvent::new("actor.contact_erased", vec![1u8, 2, 3]);
    log.append(&stream, ExpectedVersion::Any, vec![erased]).await.unwrap();
    log.close().await.unwrap();
    let client = backend.client().await;
    client
        .batch_execute(
            "DROP INDEX events_erasures; CREATE INDEX events_by_type ON events (event_type, position); \
             UPDATE uzel_schema SET version = 1",
        )
        .await
        .unwrap();
    let log = backend.open().await;
    let version: i32 = client.query_one("SELECT version FROM uzel_schema", &[]).await.unwrap().get(0);
    assert_eq!(version, uzel::log::SCHEMA_VERSION);
    let indexes: Vec<String> = client
        .query("SELECT indexname::text FROM pg_indexes WHERE tablename = 'events' ORDER BY 1", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        indexes.contains(&"events_erasures".to_owned()) && !indexes.contains(&"events_by_type".to_owned()),
        "{indexes:?}"
    );
    assert_eq!(log.positions_of_type("actor.contact_erased").await, Some(vec![2]));
    assert_eq!(log.positions_of_type(probe::PROBE_TYPE).await, None, "read from the log instead");
    log.close().await.unwrap();
}

/// Other nodes are woken by an announcement of each commit on the channel
/// `uzel_log` (`position node`), sent once the commit is known: a plain
/// listener on the database hears every position a node commits, named
/// with that node, and never one that is not in the log yet.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nodes_commits_are_announced_to_listeners() {
    use uzel::log::{ExpectedVersion, StreamName, probe};
    let backend = PgBackend::new();
    let log = backend.open().await;
    let (listener, mut connection) =
        tokio_postgres::connect(&backend.url, tokio_postgres::NoTls).await.expect("connects");
    let (notes_to, mut notes) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some(Ok(message)) = std::future::poll_fn(|cx| connection.poll_message(cx)).await {
            if let tokio_postgres::AsyncMessage::Notification(note) = message {
                let _ = notes_to.send((note.channel().to_owned(), note.payload().to_owned()));
            }
        }
    });
    listener.batch_execute("LISTEN uzel_log").await.unwrap();
    let looker = backend.client().await;

    let stream = StreamName::parse("probe-heard").unwrap();
    let mut nodes = std::collections::HashSet::new();
    for sequence in 0..5u64 {
        let written = log.append(&stream, ExpectedVersion::Any, vec![probe::probe(1, sequence, 16)]).await.unwrap();
        // Announcements of several commits may come as one, naming the last.
        loop {
            let (channel, payload) = tokio::time::timeout(std::time::Duration::from_secs(30), notes.recv())
                .await
                .expect("a commit is announced")
                .expect("the listener is open");
            assert_eq!(channel, "uzel_log");
            let (position, node) = payload.split_once(' ').expect("position and node");
            let position: i64 = position.parse().expect("a position");
            let stored: i64 = looker.query_one("SELECT max(position) FROM events", &[]).await.unwrap().get(0);
            assert!(position <= stored, "announced {position} while the log ends at {stored}");
            assert!(!node.is_empty(), "the node is named");
            nodes.insert(node.to_owned());
            if position as u64 >= written.first_position {
                break;
            }
        }
    }
    assert_eq!(nodes.len(), 1, "one node announced them all: {nodes:?}");
    log.close().await.unwrap();
}
