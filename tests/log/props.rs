//! Property tests: random sequences of appends — fresh ones with random
//! expectations, and retries of earlier appends — against a model of the
//! contract; the log must answer exactly as the model says and hold exactly
//! the model's events, before and after a restart. On both backends.

use std::collections::HashMap;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use uuid::Uuid;
use uzel::log::{
    AppendError, AppendResult, Direction, EventFilter, EventLog, ExpectedVersion, NewEvent, ReadFrom, StreamName,
};

use crate::conformance::Backend;
use crate::helpers::SledBackend;
use crate::postgres_backend::PgBackend;

#[derive(Clone, Debug)]
enum Op {
    /// A new append of `n` events to stream `stream` with `expected`.
    Fresh { stream: usize, expected: ExpectedVersion, n: usize },
    /// Resend the `k`-th earlier append (modulo their number) unchanged.
    Retry { k: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let expected = prop_oneof![
        Just(ExpectedVersion::Any),
        Just(ExpectedVersion::NoStream),
        Just(ExpectedVersion::Exists),
        (0u64..5).prop_map(ExpectedVersion::Exact),
    ];
    prop_oneof![
        4 => (0usize..3, expected, 1usize..4).prop_map(|(stream, expected, n)| Op::Fresh { stream, expected, n }),
        1 => any::<usize>().prop_map(|k| Op::Retry { k }),
    ]
}

/// What the contract says the log holds.
#[derive(Default)]
struct Model {
    /// (stream, version, id) by position - 1.
    events: Vec<(String, u64, Uuid)>,
    versions: HashMap<String, u64>,
    ids: HashMap<Uuid, u64>,
}

impl Model {
    fn append(&mut self, stream: &str, expected: ExpectedVersion, ids: &[Uuid]) -> Result<AppendResult, String> {
        let stored: Vec<u64> = ids.iter().filter_map(|id| self.ids.get(id).copied()).collect();
        if stored.len() == ids.len() {
            let (first, last) = (stored[0], stored[stored.len() - 1]);
            let version = self.events[last as usize - 1].1;
            return Ok(AppendResult { first_position: first, last_position: last, version, replayed: true });
        }
        if !stored.is_empty() {
            return Err("conflict".into());
        }
        let current = self.versions.get(stream).copied();
        if !expected.admits(current) {
            return Err("version".into());
        }
        let first = self.events.len() as u64 + 1;
        let mut version = current.map_or(0, |v| v + 1);
        for id in ids {
            self.events.push((stream.to_owned(), version, *id));
            self.ids.insert(*id, self.events.len() as u64);
            self.versions.insert(stream.to_owned(), version);
            version += 1;
        }
        Ok(AppendResult {
            first_position: first,
            last_position: self.events.len() as u64,
            version: version - 1,
            replayed: false,
        })
    }
}

fn kind(result: Result<AppendResult, AppendError>) -> Result<AppendResult, String> {
    result.map_err(|e| match e {
        AppendError::WrongExpectedVersion { .. } => "version".to_owned(),
        AppendError::IdempotencyConflict { .. } => "conflict".to_owned(),
        other => format!("unexpected: {other}"),
    })
}

async fn contents(log: &impl EventLog) -> Vec<(String, u64, Uuid)> {
    let slice = log.read_all(ReadFrom::Start, Direction::Forward, 10_000, &EventFilter::all()).await.unwrap();
    slice.events.into_iter().map(|e| (e.stream.as_str().to_owned(), e.version, e.event_id)).collect()
}

/// Runs `ops` on a fresh log of `backend` and holds it to the model.
async fn run<B: Backend>(backend: B, ops: Vec<Op>) -> Result<(), TestCaseError> {
    let log = backend.open().await;
    let mut model = Model::default();
    let mut sent: Vec<(String, ExpectedVersion, Vec<NewEvent>)> = Vec::new();
    for op in ops {
        let (stream, expected, events) = match op {
            Op::Fresh { stream, expected, n } => {
                let events: Vec<_> = (0..n).map(|i| NewEvent::new("t.x", vec![i as u8])).collect();
                (format!("s-{stream}"), expected, events)
            }
            Op::Retry { k } if !sent.is_empty() => sent[k % sent.len()].clone(),
            Op::Retry { .. } => continue,
        };
        let ids: Vec<Uuid> = events.iter().map(|e| e.event_id).collect();
        let predicted = model.append(&stream, expected, &ids);
        let got = kind(log.append(&StreamName::parse(&stream).unwrap(), expected, events.clone()).await);
        prop_assert_eq!(&got, &predicted, "append to {} expecting {:?}", stream, expected);
        sent.push((stream, expected, events));
    }
    prop_assert_eq!(contents(&log).await, model.events.clone());
    let log = backend.reopen(log).await;
    prop_assert_eq!(contents(&log).await, model.events.clone());
    log.close().await.unwrap();
    Ok(())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_sled_log_answers_every_append_sequence_as_the_model_does(ops in prop::collection::vec(op(), 1..40)) {
        runtime().block_on(run(SledBackend::new(), ops))?;
    }

    #[test]
    fn the_postgres_log_answers_every_append_sequence_as_the_model_does(ops in prop::collection::vec(op(), 1..40)) {
        runtime().block_on(run(PgBackend::new(), ops))?;
    }
}
