//! The log's contract, written against the `EventLog` and `SnapshotStore`
//! traits only, so every backend runs the same tests: a backend module calls
//! `conformance_tests!(its factory)` and gets one `#[tokio::test]` per rule.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;
use uzel::log::{
    AppendError, Direction, EventFilter, EventLog, ExpectedVersion, NewEvent, ReadFrom, RecordedEvent, SnapshotStore,
    StreamName, subscribe,
};

/// How a test obtains a log of the backend under test.
#[async_trait::async_trait]
pub trait Backend: Send + Sync {
    /// The backend's log.
    type Log: EventLog + SnapshotStore + Clone;
    /// Opens the backend's storage (a fresh one per factory).
    async fn open(&self) -> Self::Log;
    /// Closes `log` and opens the same storage again, as after a restart.
    async fn reopen(&self, log: Self::Log) -> Self::Log;
}

/// Generates one test per conformance rule for the backend `$factory`
/// builds.
#[macro_export]
macro_rules! conformance_tests {
    ($factory:expr) => {
        $crate::conformance_tests!(@each $factory;
            first_append_creates_the_stream_at_version_0_and_position_1,
            positions_are_gap_free_across_streams_and_versions_within_each,
            expected_versions_are_enforced,
            append_with_stale_version_is_rejected_and_writes_nothing,
            an_invalid_event_rejects_the_whole_append,
            retrying_an_append_returns_the_original_positions_and_writes_nothing,
            retry_of_a_multi_event_append_is_idempotent_as_a_whole,
            partial_or_misdirected_retries_are_conflicts_that_write_nothing,
            retries_are_idempotent_after_a_restart,
            duplicate_ids_within_one_append_are_refused,
            concurrent_appenders_on_one_stream_win_each_version_exactly_once,
            streams_read_forward_and_backward_from_any_version,
            the_whole_log_reads_in_both_directions_with_filters,
            the_log_sets_recorded_at_and_effective_at_defaults_to_it,
            history_brought_in_keeps_its_recorded_at_as_far_as_the_order_allows,
            stream_versions_and_indexes_survive_a_restart,
            subscription_delivers_history_then_live_events_in_order,
            subscription_starts_after_the_given_position,
            subscription_filters_but_keeps_its_position,
            subscription_switch_over_under_concurrent_writes_loses_and_repeats_nothing,
            a_lagging_subscriber_rereads_the_log_instead_of_skipping,
            an_unpolled_subscriber_never_blocks_writers,
            an_event_received_live_is_readable_at_once,
            closing_refuses_appends_and_ends_subscriptions,
            snapshots_are_kept_per_position_and_survive_a_restart,
            snapshots_past_the_end_of_the_log_are_refused
        );
    };
    (@each $factory:expr; $($name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let backend = $factory;
                $crate::conformance::$name(&backend).await;
            }
        )*
    };
}

fn stream(name: &str) -> StreamName {
    StreamName::parse(name).expect("test stream names are valid")
}

fn event(event_type: &str, payload: &str) -> NewEvent {
    NewEvent::new(event_type, payload.as_bytes().to_vec())
}

async fn append_one<L: EventLog>(log: &L, s: &str) -> u64 {
    log.append(&stream(s), ExpectedVersion::Any, vec![event("test.happened", s)])
        .await
        .expect("append succeeds")
        .last_position
}

/// Every event of the log, page by page.
pub async fn read_everything<L: EventLog + ?Sized>(log: &L) -> Vec<RecordedEvent> {
    let mut all = Vec::new();
    let mut from = 1;
    loop {
        let slice =
            log.read_all(ReadFrom::At(from), Direction::Forward, 1000, &EventFilter::all()).await.expect("read");
        all.extend(slice.events);
        from = slice.last_examined + 1;
        if slice.end_of_log {
            return all;
        }
    }
}

pub async fn first_append_creates_the_stream_at_version_0_and_position_1<B: Backend>(b: &B) {
    let log = b.open().await;
    assert_eq!(log.last_position(), 0);
    assert_eq!(log.stream_version(&stream("actor-1")).await.expect("version"), None);
    let result = log
        .append(&stream("actor-1"), ExpectedVersion::NoStream, vec![event("actor.registered", "a")])
        .await
        .expect("append");
    assert_eq!((result.first_position, result.last_position, result.version), (1, 1, 0));
    assert!(!result.replayed);
    assert_eq!(log.last_position(), 1);
    assert_eq!(log.stream_version(&stream("actor-1")).await.expect("version"), Some(0));
}

pub async fn positions_are_gap_free_across_streams_and_versions_within_each<B: Backend>(b: &B) {
    let log = b.open().await;
    let names = ["actor-1", "platform-2", "actor-1", "actor-3", "platform-2", "actor-1"];
    for name in names {
        append_one(&log, name).await;
    }
    let multi = log
        .append(&stream("actor-3"), ExpectedVersion::Exact(0), (0..3).map(|i| event("t.x", &i.to_string())).collect())
        .await
        .expect("multi append");
    assert_eq!((multi.first_position, multi.last_position, multi.version), (7, 9, 3));
    let all = read_everything(&log).await;
    assert_eq!(all.iter().map(|e| e.position).collect::<Vec<_>>(), (1..=9).collect::<Vec<_>>());
    for name in ["actor-1", "platform-2", "actor-3"] {
        let versions: Vec<u64> = all.iter().filter(|e| e.stream.as_str() == name).map(|e| e.version).collect();
        assert_eq!(versions, (0..versions.len() as u64).collect::<Vec<_>>(), "versions of {name}");
    }
}

pub async fn expected_versions_are_enforced<B: Backend>(b: &B) {
    let log = b.open().await;
    let s = stream("actor-1");
    let one = || vec![event("t.x", "x")];
    let wrong = |r: Result<_, AppendError>, current: Option<u64>| match r {
        Err(AppendError::WrongExpectedVersion { current: c, .. }) => assert_eq!(c, current),
        other => panic!("expected a version mismatch, got {other:?}"),
    };
    wrong(log.append(&s, ExpectedVersion::Exists, one()).await, None);
    wrong(log.append(&s, ExpectedVersion::Exact(0), one()).await, None);
    log.append(&s, ExpectedVersion::NoStream, one()).await.expect("no stream holds");
    wrong(log.append(&s, ExpectedVersion::NoStream, one()).await, Some(0));
    log.append(&s, ExpectedVersion::Exists, one()).await.expect("exists holds");
    log.append(&s, ExpectedVersion::Exact(1), one()).await.expect("exact holds");
    wrong(log.append(&s, ExpectedVersion::Exact(1), one()).await, Some(2));
    log.append(&s, ExpectedVersion::Any, one()).await.expect("any holds");
    assert_eq!(log.stream_version(&s).await.expect("version"), Some(3));
}

pub async fn append_with_stale_version_is_rejected_and_writes_nothing<B: Backend>(b: &B) {
    let log = b.open().await;
    let s = stream("actor-1");
    log.append(&s, ExpectedVersion::NoStream, vec![event("t.x", "a"), event("t.x", "b")]).await.expect("append");
    let err = log
        .append(&s, ExpectedVersion::Exact(0), vec![event("t.x", "c"), event("t.x", "d")])
        .await
        .expect_err("stale version");
    assert!(err.to_string().contains("at version 1"), "the error names the current version: {err}");
    assert_eq!(log.last_position(), 2);
    assert_eq!(read_everything(&log).await.len(), 2);
}

pub async fn an_invalid_event_rejects_the_whole_append<B: Backend>(b: &B) {
    let log = b.open().await;
    let s = stream("actor-1");
    let bad = [
        vec![event("t.x", "ok"), event("Not A Type", "bad")],
        vec![event("t.x", "ok"), event("t.x", "x").with_schema(0)],
        vec![event("t.x", "ok"), NewEvent::new("t.x", vec![0u8; uzel::log::MAX_PAYLOAD_LEN + 1])],
        vec![event("t.x", "ok"), event("t.x", "x").with_network("a\nb")],
        vec![],
    ];
    for events in bad {
        match log.append(&s, ExpectedVersion::Any, events).await {
            Err(AppendError::Invalid(e)) => assert!(!e.reason.is_empty()),
            other => panic!("expected an invalid append, got {other:?}"),
        }
    }
    assert_eq!(log.last_position(), 0);
    assert_eq!(log.stream_version(&s).await.expect("version"), None);
}

pub async fn retrying_an_append_returns_the_original_positions_and_writes_nothing<B: Backend>(b: &B) {
    let log = b.open().await;
    append_one(&log, "actor-0").await;
    let e = event("t.x", "once");
    let first = log.append(&stream("actor-1"), ExpectedVersion::NoStream, vec![e.clone()]).await.expect("first");
    append_one(&log, "actor-2").await;
    // The retry's expected version no longer holds; the id still wins.
    let retry = log.append(&stream("actor-1"), ExpectedVersion::NoStream, vec![e.clone()]).await.expect("retry");
    assert!(retry.replayed);
    assert_eq!((retry.first_position, retry.last_position, retry.version), (2, 2, 0));
    assert_eq!(log.event_position(&e.event_id).await.unwrap(), Some((2, 0)), "the id is found where it is stored");
    assert_eq!(log.event_position(&uuid::Uuid::now_v7()).await.unwrap(), None);
    assert_eq!(log.last_position(), 3);
    assert_eq!(first.first_position, retry.first_position);
}

pub async fn retry_of_a_multi_event_append_is_idempotent_as_a_whole<B: Backend>(b: &B) {
    let log = b.open().await;
    let events: Vec<_> = (0..4).map(|i| event("t.x", &i.to_string())).collect();
    let s = stream("actor-1");
    // Both copies are racing: they may land in the same group commit.
    let (a, b_) = tokio::join!(
        log.append(&s, ExpectedVersion::Any, events.clone()),
        log.append(&s, ExpectedVersion::Any, events.clone())
    );
    let (a, b_) = (a.expect("first"), b_.expect("second"));
    assert_eq!((a.first_position, a.last_position), (b_.first_position, b_.last_position));
    assert!(a.replayed != b_.replayed, "exactly one of the two wrote");
    assert_eq!(log.last_position(), 4);
}

pub async fn partial_or_misdirected_retries_are_conflicts_that_write_nothing<B: Backend>(b: &B) {
    let log = b.open().await;
    let stored = event("t.x", "stored");
    log.append(&stream("actor-1"), ExpectedVersion::Any, vec![stored.clone()]).await.expect("append");
    let partial = log.append(&stream("actor-1"), ExpectedVersion::Any, vec![stored.clone(), event("t.x", "new")]).await;
    assert!(matches!(partial, Err(AppendError::IdempotencyConflict { event_id, .. }) if event_id == stored.event_id));
    let elsewhere = log.append(&stream("actor-2"), ExpectedVersion::Any, vec![stored.clone()]).await;
    match elsewhere {
        Err(AppendError::IdempotencyConflict { detail, .. }) => {
            assert!(detail.contains("actor-1"), "{detail}")
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(log.last_position(), 1);
}

pub async fn retries_are_idempotent_after_a_restart<B: Backend>(b: &B) {
    let log = b.open().await;
    let e = event("t.x", "x");
    append_one(&log, "actor-0").await;
    log.append(&stream("actor-1"), ExpectedVersion::Any, vec![e.clone()]).await.expect("append");
    let log = b.reopen(log).await;
    let retry = log.append(&stream("actor-1"), ExpectedVersion::Any, vec![e]).await.expect("retry");
    assert!(retry.replayed);
    assert_eq!(retry.last_position, 2);
    assert_eq!(log.last_position(), 2);
}

pub async fn duplicate_ids_within_one_append_are_refused<B: Backend>(b: &B) {
    let log = b.open().await;
    let e = event("t.x", "x");
    let result = log.append(&stream("actor-1"), ExpectedVersion::Any, vec![e.clone(), e]).await;
    match result {
        Err(AppendError::Invalid(invalid)) => assert_eq!(invalid.field, "events[1].event_id"),
        other => panic!("expected an invalid append, got {other:?}"),
    }
    assert_eq!(log.last_position(), 0);
}

pub async fn concurrent_appenders_on_one_stream_win_each_version_exactly_once<B: Backend>(b: &B) {
    let log = Arc::new(b.open().await);
    let s = stream("counter-1");
    let target = 200u64;
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (log, s) = (Arc::clone(&log), s.clone());
            tokio::spawn(async move {
                let mut won = Vec::new();
                loop {
                    let current = log.stream_version(&s).await.expect("version");
                    let next = current.map_or(0, |v| v + 1);
                    if next >= target {
                        return won;
                    }
                    let expected = current.map_or(ExpectedVersion::NoStream, ExpectedVersion::Exact);
                    match log.append(&s, expected, vec![event("t.x", "x")]).await {
                        Ok(result) => won.push(result.version),
                        Err(AppendError::WrongExpectedVersion { .. }) => {}
                        Err(other) => panic!("unexpected {other}"),
                    }
                }
            })
        })
        .collect();
    let mut versions = Vec::new();
    for task in tasks {
        versions.extend(task.await.expect("task"));
    }
    versions.sort_unstable();
    assert_eq!(versions, (0..target).collect::<Vec<_>>(), "each version won exactly once");
    let stored = log.read_stream(&s, ReadFrom::Start, Direction::Forward, 1000).await.expect("read");
    assert_eq!(stored.iter().map(|e| e.version).collect::<Vec<_>>(), (0..target).collect::<Vec<_>>());
}

pub async fn streams_read_forward_and_backward_from_any_version<B: Backend>(b: &B) {
    let log = b.open().await;
    for i in 0..10 {
        append_one(&log, "actor-1").await;
        if i % 3 == 0 {
            append_one(&log, "actor-2").await;
        }
    }
    let s = stream("actor-1");
    let versions = |events: Vec<RecordedEvent>| events.iter().map(|e| e.version).collect::<Vec<_>>();
    let read = |from, dir, max| log.read_stream(&s, from, dir, max);
    assert_eq!(versions(read(ReadFrom::Start, Direction::Forward, 100).await.unwrap()), (0..10).collect::<Vec<_>>());
    assert_eq!(versions(read(ReadFrom::At(7), Direction::Forward, 100).await.unwrap()), vec![7, 8, 9]);
    assert_eq!(versions(read(ReadFrom::At(2), Direction::Forward, 3).await.unwrap()), vec![2, 3, 4]);
    assert_eq!(versions(read(ReadFrom::End, Direction::Backward, 3).await.unwrap()), vec![9, 8, 7]);
    assert_eq!(versions(read(ReadFrom::At(1), Direction::Backward, 100).await.unwrap()), vec![1, 0]);
    assert!(read(ReadFrom::At(10), Direction::Forward, 100).await.unwrap().is_empty());
    assert!(read(ReadFrom::End, Direction::Forward, 100).await.unwrap().is_empty());
    let missing = log.read_stream(&stream("actor-404"), ReadFrom::Start, Direction::Forward, 10).await;
    assert!(missing.expect("a missing stream reads as empty").is_empty());
    let positions: Vec<u64> =
        read(ReadFrom::Start, Direction::Forward, 100).await.unwrap().iter().map(|e| e.position).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
}

pub async fn the_whole_log_reads_in_both_directions_with_filters<B: Backend>(b: &B) {
    let log = b.open().await;
    let specs = [
        ("actor-1", "actor.registered", "decin"),
        ("platform-1", "platform.founded", "decin"),
        ("actor-2", "actor.registered", "most"),
        ("actor-1", "actor.renamed", "decin"),
        ("user-1", "user.created", ""),
    ];
    for (s, t, network) in specs {
        log.append(&stream(s), ExpectedVersion::Any, vec![event(t, s).with_network(network)]).await.expect("append");
    }
    let positions = |events: &[RecordedEvent]| events.iter().map(|e| e.position).collect::<Vec<_>>();
    let all = EventFilter::all();
    let forward = log.read_all(ReadFrom::Start, Direction::Forward, 100, &all).await.unwrap();
    assert_eq!(positions(&forward.events), vec![1, 2, 3, 4, 5]);
    assert!(forward.end_of_log);
    let page = log.read_all(ReadFrom::At(2), Direction::Forward, 2, &all).await.unwrap();
    assert_eq!(positions(&page.events), vec![2, 3]);
    assert_eq!(page.last_examined, 3);
    assert!(!page.end_of_log);
    let backward = log.read_all(ReadFrom::End, Direction::Backward, 2, &all).await.unwrap();
    assert_eq!(positions(&backward.events), vec![5, 4]);
    let back_from = log.read_all(ReadFrom::At(2), Direction::Backward, 10, &all).await.unwrap();
    assert_eq!(positions(&back_from.events), vec![2, 1]);
    assert!(back_from.end_of_log);
    let actors = EventFilter { categories: vec!["actor".into()], ..EventFilter::default() };
    assert_eq!(
        positions(&log.read_all(ReadFrom::Start, Direction::Forward, 100, &actors).await.unwrap().events),
        vec![1, 3, 4]
    );
    let registered = EventFilter { event_types: vec!["actor.registered".into()], ..EventFilter::default() };
    assert_eq!(
        positions(&log.read_all(ReadFrom::Start, Direction::Forward, 100, &registered).await.unwrap().events),
        vec![1, 3]
    );
    let decin_actors = EventFilter { networks: vec!["decin".into()], ..actors.clone() };
    let narrowed = log.read_all(ReadFrom::Start, Direction::Forward, 100, &decin_actors).await.unwrap();
    assert_eq!(positions(&narrowed.events), vec![1, 4]);
    assert_eq!(narrowed.last_examined, 5, "filtered reads report how far they looked");
    let past_end = log.read_all(ReadFrom::At(6), Direction::Forward, 10, &all).await.unwrap();
    assert!(past_end.events.is_empty() && past_end.end_of_log);
}

pub async fn history_brought_in_keeps_its_recorded_at_as_far_as_the_order_allows<B: Backend>(b: &B) {
    let log = b.open().await;
    let s = stream("actor-2");
    let year_ago = Utc::now() - Duration::days(365);
    let month_ago = Utc::now() - Duration::days(30);
    let batch = vec![
        event("actor.registered", "x").with_recorded_at(year_ago),
        // Before the one above: raised to it, so the order holds.
        event("actor.changed", "x").with_recorded_at(year_ago - Duration::days(1)),
        event("actor.changed", "x").with_recorded_at(month_ago),
        // In the future: lowered to now.
        event("actor.changed", "x").with_recorded_at(Utc::now() + Duration::days(10)),
    ];
    log.append(&s, ExpectedVersion::Any, batch).await.unwrap();
    let plain = event("actor.changed", "x");
    log.append(&s, ExpectedVersion::Any, vec![plain]).await.unwrap();
    let events = log.read_stream(&s, ReadFrom::Start, Direction::Forward, 10).await.unwrap();
    let recorded: Vec<_> = events.iter().map(|e| e.recorded_at).collect();
    assert_eq!(recorded[0].timestamp_micros(), year_ago.timestamp_micros());
    assert_eq!(recorded[1], recorded[0]);
    assert_eq!(recorded[2].timestamp_micros(), month_ago.timestamp_micros());
    assert!(recorded[3] <= Utc::now() && recorded[3] > month_ago);
    assert!(recorded.windows(2).all(|w| w[0] <= w[1]), "non-decreasing with position: {recorded:?}");
    assert_eq!(events[0].effective_at, recorded[0], "effective defaults to recorded");
    // After a restart the log goes on from where it was, not from the past.
    let log = b.reopen(log).await;
    log.append(&s, ExpectedVersion::Any, vec![event("actor.changed", "x")]).await.unwrap();
    let last = log.read_stream(&s, ReadFrom::End, Direction::Backward, 1).await.unwrap();
    assert!(last[0].recorded_at >= recorded[4]);
}

pub async fn the_log_sets_recorded_at_and_effective_at_defaults_to_it<B: Backend>(b: &B) {
    let log = b.open().await;
    let before = Utc::now() - Duration::seconds(1);
    let closed_on = DateTime::parse_from_rfc3339("2025-06-30T00:00:00.123456789Z").unwrap().with_timezone(&Utc);
    let correlation = Uuid::now_v7();
    let s = stream("actor-1");
    let explicit = event("actor.closed", "x")
        .with_effective_at(closed_on)
        .with_author("user-7")
        .with_network("decin")
        .with_cause(Some(correlation), None);
    log.append(&s, ExpectedVersion::Any, vec![event("actor.registered", "x"), explicit.clone()]).await.unwrap();
    let after = Utc::now() + Duration::seconds(1);
    let events = log.read_stream(&s, ReadFrom::Start, Direction::Forward, 10).await.unwrap();
    let (plain, dated) = (&events[0], &events[1]);
    assert!(plain.recorded_at > before && plain.recorded_at < after);
    assert_eq!(plain.effective_at, plain.recorded_at);
    assert!(dated.recorded_at >= plain.recorded_at);
    assert_eq!(dated.effective_at.timestamp_micros(), closed_on.timestamp_micros());
    assert_eq!(dated.event_id, explicit.event_id);
    assert_eq!((dated.author.as_str(), dated.network.as_str()), ("user-7", "decin"));
    assert_eq!((dated.correlation_id, dated.causation_id), (Some(correlation), None));
    assert_eq!(dated.payload.as_ref(), b"x");
    assert_eq!((dated.event_type.as_str(), dated.schema), ("actor.closed", 1));
}

pub async fn stream_versions_and_indexes_survive_a_restart<B: Backend>(b: &B) {
    let log = b.open().await;
    for name in ["actor-1", "actor-2", "actor-1"] {
        append_one(&log, name).await;
    }
    let before = read_everything(&log).await;
    let log = b.reopen(log).await;
    assert_eq!(read_everything(&log).await, before);
    assert_eq!(log.last_position(), 3);
    assert_eq!(log.stream_version(&stream("actor-1")).await.unwrap(), Some(1));
    let next = log.append(&stream("actor-1"), ExpectedVersion::Exact(1), vec![event("t.x", "y")]).await.unwrap();
    assert_eq!((next.last_position, next.version), (4, 2));
}

async fn collect<L: EventLog>(log: L, after: u64, filter: EventFilter, n: usize) -> (Vec<u64>, u64) {
    let mut subscription = subscribe(Arc::new(log), after, filter);
    let mut positions = Vec::new();
    while positions.len() < n {
        positions.push(subscription.next().await.expect("event").position);
    }
    (positions, subscription.position())
}

pub async fn subscription_delivers_history_then_live_events_in_order<B: Backend>(b: &B) {
    let log = b.open().await;
    for _ in 0..5 {
        append_one(&log, "actor-1").await;
    }
    let mut subscription = subscribe(Arc::new(log.clone()), 0, EventFilter::all());
    for expected in 1..=5 {
        assert_eq!(subscription.next().await.unwrap().position, expected);
    }
    let writer = {
        let log = log.clone();
        tokio::spawn(async move {
            for _ in 0..5 {
                append_one(&log, "actor-2").await;
            }
        })
    };
    for expected in 6..=10 {
        let event = subscription.next().await.unwrap();
        assert_eq!(event.position, expected);
        assert_eq!(event.stream.as_str(), "actor-2");
    }
    writer.await.unwrap();
    assert!(subscription.is_live());
}

pub async fn subscription_starts_after_the_given_position<B: Backend>(b: &B) {
    let log = b.open().await;
    for _ in 0..6 {
        append_one(&log, "actor-1").await;
    }
    let (positions, at) = collect(log, 4, EventFilter::all(), 2).await;
    assert_eq!(positions, vec![5, 6]);
    assert_eq!(at, 6);
}

pub async fn subscription_filters_but_keeps_its_position<B: Backend>(b: &B) {
    let log = b.open().await;
    for name in ["actor-1", "platform-1", "actor-2", "platform-1", "platform-1"] {
        append_one(&log, name).await;
    }
    let actors = EventFilter { categories: vec!["actor".into()], ..EventFilter::default() };
    let mut subscription = subscribe(Arc::new(log.clone()), 0, actors);
    assert_eq!(subscription.next().await.unwrap().position, 1);
    assert_eq!(subscription.next().await.unwrap().position, 3);
    append_one(&log, "actor-3").await;
    assert_eq!(subscription.next().await.unwrap().position, 6);
    assert_eq!(subscription.position(), 6);
}

pub async fn subscription_switch_over_under_concurrent_writes_loses_and_repeats_nothing<B: Backend>(b: &B) {
    let log = b.open().await;
    for _ in 0..300 {
        append_one(&log, "warmup-1").await;
    }
    // Each writer appends 1, 2, 3, 1, 2, 3, ... events 200 times.
    let per_writer: u64 = (0..200).map(|i| 1 + i % 3).sum();
    let total = 300 + 6 * per_writer;
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let log = log.clone();
            tokio::spawn(async move {
                for i in 0..200 {
                    let n = 1 + (i % 3);
                    let events = (0..n).map(|_| event("t.x", "x")).collect();
                    log.append(&stream(&format!("w-{w}")), ExpectedVersion::Any, events).await.unwrap();
                }
            })
        })
        .collect();
    // Subscribe while the writers are mid-flight: part of the stream is
    // history, part arrives live, and the switch happens under load.
    tokio::task::yield_now().await;
    let (positions, _) = collect(log.clone(), 0, EventFilter::all(), total as usize).await;
    for w in writers {
        w.await.unwrap();
    }
    assert_eq!(positions, (1..=total).collect::<Vec<_>>());
    assert_eq!(log.last_position(), total);
}

pub async fn a_lagging_subscriber_rereads_the_log_instead_of_skipping<B: Backend>(b: &B) {
    let log = b.open().await;
    let mut subscription = subscribe(Arc::new(log.clone()), 0, EventFilter::all());
    append_one(&log, "actor-1").await;
    assert_eq!(subscription.next().await.unwrap().position, 1);
    assert!(subscription.is_live());
    // Many more commits than any live buffer holds, while nobody polls.
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let log = log.clone();
            tokio::spawn(async move {
                for _ in 0..150 {
                    append_one(&log, &format!("w-{w}")).await;
                }
            })
        })
        .collect();
    for w in writers {
        w.await.unwrap();
    }
    let last = log.last_position();
    assert_eq!(last, 1201);
    for expected in 2..=last {
        assert_eq!(subscription.next().await.unwrap().position, expected);
    }
}

pub async fn an_unpolled_subscriber_never_blocks_writers<B: Backend>(b: &B) {
    let log = b.open().await;
    let _idle = subscribe(Arc::new(log.clone()), 0, EventFilter::all());
    let _receiver = log.live();
    for i in 0..2000 {
        let s = format!("actor-{}", i % 7);
        append_one(&log, &s).await;
    }
    assert_eq!(log.last_position(), 2000);
}

/// A subscriber that reads the log because of an event it received (the
/// projector folding a record again) finds that event there: the log's end
/// has moved past it before it is offered live.
pub async fn an_event_received_live_is_readable_at_once<B: Backend>(b: &B) {
    let log = b.open().await;
    let mut subscription = subscribe(Arc::new(log.clone()), 0, EventFilter::all());
    let writer = {
        let log = log.clone();
        tokio::spawn(async move {
            for n in 0..50 {
                append_one(&log, &format!("actor-{}", n % 3)).await;
            }
        })
    };
    for _ in 0..50 {
        let event = subscription.next().await.expect("an event");
        assert!(log.last_position() >= event.position, "offered at {} before the log's end moved", event.position);
        let stream = log.read_stream(&event.stream, ReadFrom::End, Direction::Backward, 1).await.expect("read");
        assert!(stream[0].version >= event.version, "the stream holds the event it was offered");
    }
    writer.await.unwrap();
}

pub async fn closing_refuses_appends_and_ends_subscriptions<B: Backend>(b: &B) {
    let log = b.open().await;
    append_one(&log, "actor-1").await;
    let mut subscription = subscribe(Arc::new(log.clone()), 0, EventFilter::all());
    assert_eq!(subscription.next().await.unwrap().position, 1);
    log.close().await.expect("close");
    log.close().await.expect("closing twice is fine");
    let refused = log.append(&stream("actor-1"), ExpectedVersion::Any, vec![event("t.x", "x")]).await;
    assert!(matches!(refused, Err(AppendError::Closed)), "{refused:?}");
    assert!(subscription.next().await.is_err(), "a closed log ends its subscriptions");
    assert_eq!(read_everything(&log).await.len(), 1, "reads still work after close");
}

pub async fn snapshots_are_kept_per_position_and_survive_a_restart<B: Backend>(b: &B) {
    let log = b.open().await;
    for _ in 0..10 {
        append_one(&log, "actor-1").await;
    }
    assert_eq!(log.load_snapshot("directory", None).await.unwrap(), None);
    for position in [3, 6, 9] {
        log.save_snapshot("directory", position, format!("state@{position}").as_bytes()).await.unwrap();
    }
    log.save_snapshot("coverage", 10, b"other").await.unwrap();
    let latest = log.load_snapshot("directory", None).await.unwrap().expect("latest");
    assert_eq!((latest.position, latest.data.as_slice()), (9, b"state@9".as_slice()));
    let as_of = log.load_snapshot("directory", Some(7)).await.unwrap().expect("at or before 7");
    assert_eq!(as_of.position, 6);
    assert_eq!(log.load_snapshot("directory", Some(2)).await.unwrap(), None);
    let log = b.reopen(log).await;
    assert_eq!(log.list_snapshots("directory").await.unwrap().iter().map(|s| s.0).collect::<Vec<_>>(), vec![3, 6, 9]);
    assert_eq!(log.prune_snapshots("directory", 1).await.unwrap(), 2);
    assert_eq!(log.list_snapshots("directory").await.unwrap().len(), 1);
    assert_eq!(log.load_snapshot("coverage", None).await.unwrap().unwrap().data, b"other".to_vec());
}

pub async fn snapshots_past_the_end_of_the_log_are_refused<B: Backend>(b: &B) {
    let log = b.open().await;
    append_one(&log, "actor-1").await;
    assert!(log.save_snapshot("directory", 2, b"future").await.is_err());
    assert!(log.save_snapshot("", 1, b"nameless").await.is_err());
    assert!(log.list_snapshots("directory").await.unwrap().is_empty());
}
