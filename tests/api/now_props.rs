//! The live model is "now" on the effective clock: random edits with random
//! effective dates (back to 60 days ago, ahead up to 31 days) entered in
//! random order, with time moving on between them, leave the live model —
//! at every moment — equal to a fold of the events in effective order up
//! to that moment; and every record's history reads as one chain, each
//! line's `old` the `new` of the line before it.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use uuid::Uuid;
use uzel::audit::history::{Sight, changes};
use uzel::domain::actor::{ActorEvent, ActorState, Capacity, Status};
use uzel::domain::ids::Slug;
use uzel::domain::value::{FieldChange, Value};
use uzel::events::{self, DomainEvent, NoKeys};
use uzel::log::{
    Direction, EventFilter, EventLog, ExpectedVersion, NewEvent, ReadFrom, RecordedEvent, SledLog, SledOptions,
    StreamName, SyncMode,
};
use uzel::projections::directory::{self, DirectoryQuery};
use uzel::projections::effective::Step as Gate;
use uzel::projections::{Model, fold, stream_events};

#[derive(Clone, Debug)]
enum Step {
    /// An event of actor `actor`, effective `hours` from now.
    Append { actor: u8, kind: u8, value: u8, hours: i64 },
    /// Time moves on.
    Advance { hours: i64 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0u8..3, 0u8..4, 0u8..10, -1440i64..744)
            .prop_map(|(actor, kind, value, hours)| Step::Append { actor, kind, value, hours }),
        1 => (0i64..400).prop_map(|hours| Step::Advance { hours }),
    ]
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
}

fn network() -> Slug {
    Slug::parse("sit").unwrap()
}

fn change(field: &str, v: Value) -> FieldChange {
    FieldChange { field: field.into(), old: None, new: Some(v) }
}

fn event(kind: u8, value: u8, effective_in_past: bool) -> ActorEvent {
    match kind {
        0 => ActorEvent::Changed { changes: vec![change("name", Value::Text(format!("Služba {value}")))] },
        1 => ActorEvent::Changed { changes: vec![change("address", Value::Text(format!("Ulice {value}")))] },
        2 => ActorEvent::StatusChanged {
            from: Status::Active,
            to: [Status::Active, Status::TemporarilyClosed, Status::Ended][usize::from(value % 3)],
        },
        // Capacity is announced for now or back-dated, never ahead.
        _ if effective_in_past => ActorEvent::CapacityAnnounced {
            capacity: Capacity {
                unit: "bed".into(),
                free: u32::from(value),
                occupied: None,
                waiting: None,
                valid_until: None,
                note: String::new(),
            },
        },
        _ => ActorEvent::Changed { changes: vec![change("name", Value::Text(format!("Jiná {value}")))] },
    }
}

/// The events effective at or before `now`, folded from nothing in
/// effective order.
fn replay(all: &[RecordedEvent], now: DateTime<Utc>) -> Model {
    let mut chosen: Vec<&RecordedEvent> = all.iter().filter(|e| e.effective_at <= now).collect();
    chosen.sort_by_key(|e| (e.effective_at, e.position));
    let mut model = Model::default();
    chosen.into_iter().for_each(|e| fold(&mut model, e, &NoKeys));
    model
}

fn seen(model: &Model, at: DateTime<Utc>) -> (BTreeMap<Uuid, ActorState>, usize, Vec<Uuid>) {
    let actors = model
        .actors
        .iter()
        .filter(|(_, a)| a.entry.state.network.is_some())
        .map(|(id, a)| (*id, a.entry.state.clone()))
        .collect();
    let page = directory::query(model, &network(), &DirectoryQuery::default(), at);
    (actors, page.total, page.items)
}

async fn append(log: &Arc<dyn EventLog>, actor: u8, domain: ActorEvent, at: DateTime<Utc>) -> RecordedEvent {
    let (event_type, payload) = events::encode(&DomainEvent::Actor(domain), &NoKeys).unwrap();
    let new = NewEvent::new(event_type, payload).with_network("sit").with_effective_at(at);
    let stream = StreamName::new("actor", Uuid::from_u128(u128::from(actor) + 1)).unwrap();
    let written = log.append(&stream, ExpectedVersion::Any, vec![new]).await.unwrap();
    let page =
        log.read_all(ReadFrom::At(written.last_position), Direction::Forward, 1, &EventFilter::all()).await.unwrap();
    page.events[0].clone()
}

/// What the projector does with an arriving event.
async fn arrive(log: &Arc<dyn EventLog>, model: &mut Model, event: RecordedEvent, now: DateTime<Utc>) {
    let domain = events::decode(&event.event_type, event.schema, &event.payload, &NoKeys).unwrap();
    let stream = match model.step(&event, &domain, now) {
        Gate::Refold => Some(stream_events(log.as_ref(), &NoKeys, &event.stream, event.position).await.unwrap()),
        _ => None,
    };
    model.apply_live(&Arc::new(event), &domain, now, stream);
}

async fn run(steps: Vec<Step>) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let log = SledLog::open(dir.path(), SledOptions { sync: SyncMode::Flush, ..SledOptions::default() }).unwrap();
    let log: Arc<dyn EventLog> = Arc::new(log);
    let mut model = Model::default();
    let mut all: Vec<RecordedEvent> = Vec::new();
    let mut now = start();
    for actor in 0..3u8 {
        let registered = ActorEvent::Registered {
            network: network(),
            changes: vec![
                change("name", Value::Text(format!("Služba {actor}"))),
                change("need_areas", Value::List(vec!["safety".into()])),
                change(
                    "capacities",
                    Value::Capacities(vec![uzel::domain::value::CapacityLimit { unit: "bed".into(), max: 20 }]),
                ),
            ],
        };
        let event = append(&log, actor, registered, now - Duration::days(365)).await;
        all.push(event.clone());
        arrive(&log, &mut model, event, now).await;
    }
    for step in steps {
        match step {
            Step::Append { actor, kind, value, hours } => {
                let at = now + Duration::hours(hours) + Duration::minutes(i64::from(value));
                let event = append(&log, actor, event(kind, value, at <= now), at).await;
                all.push(event.clone());
                arrive(&log, &mut model, event, now).await;
            }
            Step::Advance { hours } => {
                now += Duration::hours(hours);
                model.mature(now);
            }
        }
        prop_assert_eq!(seen(&model, now), seen(&replay(&all, now), now), "at {}", now);
    }
    for actor in 0..3u8 {
        let stream = StreamName::new("actor", Uuid::from_u128(u128::from(actor) + 1)).unwrap();
        let events = log.read_stream(&stream, ReadFrom::At(0), Direction::Forward, usize::MAX).await.unwrap();
        let lines = changes(events, &NoKeys, Sight::default());
        for field in ["name", "address"] {
            let chain: Vec<&FieldChange> =
                lines.iter().flat_map(|l| l.changes.iter()).filter(|c| c.field == field).collect();
            for pair in chain.windows(2) {
                prop_assert_eq!(&pair[0].old, &pair[1].new, "{}: {:?}", field, chain);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_live_model_is_a_fold_in_effective_order_up_to_now(steps in proptest::collection::vec(step(), 1..50)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(run(steps))?;
    }
}
