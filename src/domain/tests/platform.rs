use uuid::Uuid;

use super::{at, slug};
use crate::domain::DomainError;
use crate::domain::actor::Ctx;
use crate::domain::platform::*;
use crate::domain::value::Value;

const OSPOD: Uuid = Uuid::from_u128(10);
const SCHOOL: Uuid = Uuid::from_u128(11);
const STRANGER: Uuid = Uuid::from_u128(99);

fn actors(id: &Uuid) -> bool {
    *id == OSPOD || *id == SCHOOL
}

fn ctx() -> Ctx {
    Ctx::now(at("2026-03-01T10:00:00Z"))
}

fn list(ids: &[Uuid]) -> Value {
    Value::List(ids.iter().map(Uuid::to_string).collect())
}

fn when(state: &PlatformState, command: PlatformCommand) -> Result<Vec<PlatformEvent>, DomainError> {
    state.decide(command, &actors, ctx())
}

/// A platform founded on 2026-01-10, with one held meeting `HELD`.
const HELD: Uuid = Uuid::from_u128(20);
fn platform() -> PlatformState {
    let mut state = PlatformState::default();
    let found = PlatformCommand::Found {
        network: slug("tachov"),
        fields: vec![
            ("name".into(), Value::Text("Platforma pro bezpečnost".into())),
            ("platform_type".into(), Value::Text("formal".into())),
            ("coordinators".into(), list(&[OSPOD])),
            ("frequency_per_year".into(), Value::Number(4)),
        ],
    };
    for e in when(&state, found).unwrap() {
        state.apply(&e, at("2026-01-10T00:00:00Z"));
    }
    let hold = PlatformCommand::HoldMeeting {
        id: HELD,
        date: at("2026-02-01T14:00:00Z"),
        place: "MěÚ".into(),
        agenda: "bezpečnost".into(),
        attendees: vec![OSPOD, SCHOOL],
        others: 2,
        minutes: "zápis".into(),
    };
    for e in when(&state, hold).unwrap() {
        state.apply(&e, at("2026-02-01T14:00:00Z"));
    }
    state
}

fn invalid_fields(result: Result<Vec<PlatformEvent>, DomainError>) -> Vec<String> {
    match result {
        Err(DomainError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[test]
fn a_platform_needs_a_name_a_known_type_and_actors_of_the_network() {
    let result = when(
        &PlatformState::default(),
        PlatformCommand::Found {
            network: slug("tachov"),
            fields: vec![
                ("platform_type".into(), Value::Text("party".into())),
                ("members".into(), list(&[STRANGER])),
                ("frequency_per_year".into(), Value::Number(0)),
            ],
        },
    );
    assert_eq!(invalid_fields(result), vec!["platform_type", "members", "frequency_per_year", "name"]);
}

#[test]
fn a_meeting_cannot_be_held_before_the_platform_existed_or_in_the_future() {
    let state = platform();
    let hold = |date| PlatformCommand::HoldMeeting {
        id: Uuid::from_u128(21),
        date: at(date),
        place: String::new(),
        agenda: String::new(),
        attendees: vec![],
        others: 0,
        minutes: String::new(),
    };
    assert_eq!(invalid_fields(when(&state, hold("2025-12-01T10:00:00Z"))), vec!["date"]);
    assert_eq!(invalid_fields(when(&state, hold("2026-05-01T10:00:00Z"))), vec!["date"]);
    assert_eq!(when(&state, hold("2026-02-20T10:00:00Z")).unwrap().len(), 1);
}

#[test]
fn attendees_must_be_actors_of_the_network_and_a_meeting_is_held_once() {
    let state = platform();
    let hold = |id, attendees| PlatformCommand::HoldMeeting {
        id,
        date: at("2026-02-20T10:00:00Z"),
        place: String::new(),
        agenda: String::new(),
        attendees,
        others: 0,
        minutes: String::new(),
    };
    assert_eq!(invalid_fields(when(&state, hold(Uuid::from_u128(22), vec![STRANGER]))), vec!["attendees"]);
    assert!(matches!(when(&state, hold(HELD, vec![])), Err(DomainError::Conflict(_))));
}

#[test]
fn outcomes_belong_to_held_meetings_and_task_owners_to_the_network() {
    let state = platform();
    let record = |meeting, owner| PlatformCommand::RecordOutcome {
        id: Uuid::from_u128(30),
        meeting,
        kind: OutcomeKind::Task,
        text: "Připravit leták".into(),
        owner,
        due: None,
    };
    assert_eq!(when(&state, record(HELD, Some(SCHOOL))).unwrap().len(), 1);
    assert_eq!(invalid_fields(when(&state, record(HELD, Some(STRANGER)))), vec!["owner"]);
    assert_eq!(invalid_fields(when(&state, record(Uuid::from_u128(77), None))), vec!["meeting"]);
}

#[test]
fn only_tasks_have_a_status_and_it_records_from_and_to() {
    let mut state = platform();
    let task = Uuid::from_u128(31);
    let decision = Uuid::from_u128(32);
    for (id, kind) in [(task, OutcomeKind::Task), (decision, OutcomeKind::Decision)] {
        let events = when(
            &state,
            PlatformCommand::RecordOutcome { id, meeting: HELD, kind, text: "x".into(), owner: None, due: None },
        )
        .unwrap();
        events.iter().for_each(|e| state.apply(e, ctx().now));
    }
    assert_eq!(
        when(&state, PlatformCommand::SetTaskStatus { id: task, status: TaskStatus::Done }).unwrap(),
        vec![PlatformEvent::TaskStatusChanged { id: task, from: TaskStatus::Open, to: TaskStatus::Done }]
    );
    assert!(matches!(
        when(&state, PlatformCommand::SetTaskStatus { id: decision, status: TaskStatus::Done }),
        Err(DomainError::Conflict(_))
    ));
    for event in when(&state, PlatformCommand::SetTaskStatus { id: task, status: TaskStatus::Done }).unwrap() {
        state.apply(&event, at("2026-03-05T00:00:00Z"));
    }
    let history: Vec<TaskStatus> = state.outcomes[&task].history.iter().map(|(_, s)| *s).collect();
    assert_eq!(history, vec![TaskStatus::Open, TaskStatus::Done], "the status keeps its history");
    assert_eq!(state.outcomes[&task].history[1].0, at("2026-03-05T00:00:00Z"));
}

#[test]
fn an_ended_platform_schedules_nothing_and_only_scheduled_meetings_are_cancelled() {
    let mut state = platform();
    assert!(matches!(
        when(&state, PlatformCommand::CancelMeeting { id: HELD, reason: String::new() }),
        Err(DomainError::Conflict(_))
    ));
    for e in when(&state, PlatformCommand::End).unwrap() {
        state.apply(&e, ctx().now);
    }
    assert!(when(&state, PlatformCommand::End).unwrap().is_empty());
    let schedule = PlatformCommand::ScheduleMeeting {
        id: Uuid::from_u128(23),
        date: at("2026-03-20T10:00:00Z"),
        place: String::new(),
        agenda: String::new(),
    };
    assert!(matches!(when(&state, schedule), Err(DomainError::Conflict(_))));
}
