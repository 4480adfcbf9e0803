//! As-of equals a fresh replay up to that point: random event sequences
//! (changes entered late, ahead, out of order) appended to a real sled log,
//! queried on both clocks between appends, each answer compared with the
//! events at or before the date folded from nothing in that clock's order.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use uuid::Uuid;
use uzel::audit::asof::Past;
use uzel::audit::timeline::Clock;
use uzel::domain::actor::{ActorEvent, ActorState, Capacity, Status};
use uzel::domain::ids::Slug;
use uzel::domain::value::{FieldChange, Value};
use uzel::events::{self, DomainEvent, NoKeys};
use uzel::log::{
    Direction, EventFilter, EventLog, ExpectedVersion, NewEvent, ReadFrom, RecordedEvent, SledLog, SledOptions,
    StreamName, SyncMode,
};
use uzel::projections::directory::{self, DirectoryQuery};
use uzel::projections::{Model, fold};

#[derive(Clone, Debug)]
enum Step {
    /// Append an event to actor `actor`, effective `day` days after the base.
    Append { actor: u8, kind: u8, value: u8, day: i64 },
    /// Ask for `clock` at `day` (effective) or after the `nth` event (recorded).
    Ask { recorded: bool, day: i64, nth: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0u8..4, 0u8..4, 0u8..10, 0i64..60).prop_map(|(actor, kind, value, day)| Step::Append { actor, kind, value, day }),
        1 => (any::<bool>(), 0i64..62, 0usize..40).prop_map(|(recorded, day, nth)| Step::Ask { recorded, day, nth }),
    ]
}

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

fn network() -> Slug {
    Slug::parse("sit").unwrap()
}

fn event(kind: u8, value: u8) -> ActorEvent {
    let change = |field: &str, v: Value| FieldChange { field: field.into(), old: None, new: Some(v) };
    match kind {
        0 => ActorEvent::Registered {
            network: network(),
            changes: vec![
                change("name", Value::Text(format!("Služba {value}"))),
                change("need_areas", Value::List(vec!["safety".into()])),
            ],
        },
        1 => ActorEvent::Changed { changes: vec![change("name", Value::Text(format!("Přejmenovaná {value}")))] },
        2 => ActorEvent::StatusChanged {
            from: Status::Active,
            to: [Status::Active, Status::TemporarilyClosed, Status::Ended][usize::from(value % 3)],
        },
        _ => ActorEvent::CapacityAnnounced {
            capacity: Capacity {
                unit: "lůžko".into(),
                free: u32::from(value),
                occupied: Some(3),
                waiting: None,
                valid_until: None,
                note: String::new(),
            },
        },
    }
}

/// The events at or before `at` on `clock`, folded from nothing.
fn replay(all: &[RecordedEvent], clock: Clock, at: DateTime<Utc>) -> Model {
    let key = |e: &RecordedEvent| match clock {
        Clock::Effective => (e.effective_at, e.position),
        Clock::Recorded => (e.recorded_at, e.position),
    };
    let mut chosen: Vec<&RecordedEvent> = all.iter().filter(|e| key(e).0 <= at).collect();
    chosen.sort_by_key(|e| key(e));
    let mut model = Model::default();
    chosen.into_iter().for_each(|e| fold(&mut model, e, &NoKeys));
    model
}

/// What the comparison looks at: every actor's state, and the directory.
fn seen(model: &Model, at: DateTime<Utc>) -> (BTreeMap<Uuid, ActorState>, usize, Vec<Uuid>) {
    let actors = model.actors.iter().map(|(id, a)| (*id, a.entry.state.clone())).collect();
    let page = directory::query(model, &network(), &DirectoryQuery::default(), at);
    (actors, page.total, page.items)
}

async fn run(steps: Vec<Step>) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let log = SledLog::open(dir.path(), SledOptions { sync: SyncMode::Flush, ..SledOptions::default() }).unwrap();
    let log: Arc<dyn EventLog> = Arc::new(log);
    // A checkpoint every 3 events, so replays start from checkpoints and
    // late entries drop them.
    let past = Past::new(3);
    let mut all: Vec<RecordedEvent> = Vec::new();
    for step in steps {
        match step {
            Step::Append { actor, kind, value, day } => {
                let (event_type, payload) = events::encode(&DomainEvent::Actor(event(kind, value)), &NoKeys).unwrap();
                let new = NewEvent::new(event_type, payload)
                    .with_network("sit")
                    .with_effective_at(base() + Duration::days(day) + Duration::hours(i64::from(value)));
                let stream = StreamName::new("actor", Uuid::from_u128(u128::from(actor) + 1)).unwrap();
                let written = log.append(&stream, ExpectedVersion::Any, vec![new]).await.unwrap();
                let page = log
                    .read_all(ReadFrom::At(written.last_position), Direction::Forward, 1, &EventFilter::all())
                    .await
                    .unwrap();
                past.record(&page.events[0]);
                all.push(page.events[0].clone());
            }
            Step::Ask { recorded, day, nth } => {
                let (clock, at) = match (recorded, all.is_empty()) {
                    (true, false) => (Clock::Recorded, all[nth % all.len()].recorded_at),
                    _ => (Clock::Effective, base() + Duration::days(day) + Duration::hours(5)),
                };
                let got = past.model_at(log.as_ref(), &NoKeys, clock, at).await.unwrap();
                let expected = replay(&all, clock, at);
                prop_assert_eq!(seen(&got, at), seen(&expected, at), "{:?} at {}", clock, at);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn as_of_equals_a_fresh_replay_of_the_events_up_to_that_point(steps in proptest::collection::vec(step(), 1..60)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(run(steps))?;
    }
}
