use uuid::Uuid;

use super::{at, slug, tachov};
use crate::domain::DomainError;
use crate::domain::actor::*;
use crate::domain::network::NetworkState;
use crate::domain::value::{CapacityLimit, FieldChange, Value};

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| s.to_string()).collect())
}

fn ctx() -> Ctx {
    Ctx::now(at("2026-03-01T10:00:00Z"))
}

/// Given these events (each taking effect at the context's time), the state.
fn given(events: &[ActorEvent]) -> ActorState {
    let mut state = ActorState::default();
    events.iter().for_each(|e| state.apply(e, ctx().effective_at));
    state
}

fn registered(network: &NetworkState) -> ActorState {
    let register = ActorCommand::Register {
        network: slug("tachov"),
        fields: vec![
            ("name".into(), text("KOTEC, o.p.s.")),
            ("need_areas".into(), list(&["relationships", "safety"])),
            ("capacities".into(), Value::Capacities(vec![CapacityLimit { unit: "client".into(), max: 12 }])),
        ],
    };
    given(&ActorState::default().decide(network, register, ctx()).unwrap())
}

fn when(state: &ActorState, network: &NetworkState, command: ActorCommand) -> Result<Vec<ActorEvent>, DomainError> {
    state.decide(network, command, ctx())
}

fn invalid_fields(result: Result<Vec<ActorEvent>, DomainError>) -> Vec<String> {
    match result {
        Err(DomainError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[test]
fn registering_records_every_given_field_as_a_change_from_nothing() {
    let (network, group, ..) = tachov();
    let events = when(
        &ActorState::default(),
        &network,
        ActorCommand::Register {
            network: slug("tachov"),
            fields: vec![
                ("name".into(), text(" DOMUS ")),
                ("target_groups".into(), list(&[&group.to_string()])),
                ("online".into(), Value::Flag(true)),
            ],
        },
    )
    .unwrap();
    let ActorEvent::Registered { network: n, changes } = &events[0] else { panic!("registered") };
    assert_eq!(n, &slug("tachov"));
    assert_eq!(changes[0], FieldChange { field: "name".into(), old: None, new: Some(text("DOMUS")) });
    assert_eq!(changes.len(), 3);
}

#[test]
fn registering_lists_every_bad_field_at_once() {
    let (network, ..) = tachov();
    let result = when(
        &ActorState::default(),
        &network,
        ActorCommand::Register {
            network: slug("tachov"),
            fields: vec![
                ("need_areas".into(), list(&["love"])),
                ("email".into(), text("not-an-address")),
                ("places".into(), list(&[&Uuid::from_u128(77).to_string()])),
                ("founder".into(), text("aliens")),
                ("shoe_size".into(), Value::Number(44)),
            ],
        },
    );
    assert_eq!(invalid_fields(result), vec!["need_areas", "email", "places", "founder", "shoe_size", "name"]);
}

#[test]
fn an_actor_of_another_network_is_not_registered_here() {
    let (network, ..) = tachov();
    let result = when(
        &ActorState::default(),
        &network,
        ActorCommand::Register { network: slug("decin"), fields: vec![("name".into(), text("X"))] },
    );
    assert!(matches!(result, Err(DomainError::NotFound(_))));
}

#[test]
fn changes_are_recorded_field_by_field_with_old_and_new_values() {
    let (network, ..) = tachov();
    let state = registered(&network);
    let events = when(
        &state,
        &network,
        ActorCommand::Change {
            fields: vec![
                ("name".into(), Some(text("KOTEC, o.p.s."))),
                ("need_areas".into(), Some(list(&["health"]))),
                ("web".into(), Some(text("kotec.cz"))),
            ],
        },
    )
    .unwrap();
    assert_eq!(
        events,
        vec![ActorEvent::Changed {
            changes: vec![
                FieldChange {
                    field: "need_areas".into(),
                    old: Some(list(&["relationships", "safety"])),
                    new: Some(list(&["health"]))
                },
                FieldChange { field: "web".into(), old: None, new: Some(text("https://kotec.cz")) },
            ]
        }]
    );
    let unchanged =
        when(&state, &network, ActorCommand::Change { fields: vec![("name".into(), Some(text("KOTEC, o.p.s.")))] });
    assert_eq!(unchanged.unwrap(), vec![], "a change that changes nothing writes nothing");
}

#[test]
fn the_name_cannot_be_cleared() {
    let (network, ..) = tachov();
    let state = registered(&network);
    assert_eq!(
        invalid_fields(when(&state, &network, ActorCommand::Change { fields: vec![("name".into(), None)] })),
        vec!["name"]
    );
}

#[test]
fn capacity_may_not_exceed_the_registered_maximum() {
    let (network, ..) = tachov();
    let state = registered(&network);
    let announce = |unit: &str, free, occupied| ActorCommand::AnnounceCapacity {
        capacity: Capacity {
            unit: unit.into(),
            free,
            occupied,
            waiting: Some(3),
            valid_until: None,
            note: String::new(),
        },
    };
    assert_eq!(when(&state, &network, announce("client", 4, Some(8))).unwrap().len(), 1);
    assert_eq!(invalid_fields(when(&state, &network, announce("client", 13, None))), vec!["free"]);
    assert_eq!(invalid_fields(when(&state, &network, announce("client", 5, Some(8)))), vec!["occupied"]);
    assert_eq!(invalid_fields(when(&state, &network, announce("bed", 1, None))), vec!["unit"]);
}

#[test]
fn capacity_validity_must_lie_ahead_and_closed_actors_announce_nothing() {
    let (network, ..) = tachov();
    let state = registered(&network);
    let past = Capacity {
        unit: "client".into(),
        free: 1,
        occupied: None,
        waiting: None,
        valid_until: Some(at("2026-02-01T00:00:00Z")),
        note: String::new(),
    };
    assert_eq!(
        invalid_fields(when(&state, &network, ActorCommand::AnnounceCapacity { capacity: past.clone() })),
        vec!["valid_until"]
    );
    let mut closed = state.clone();
    closed.apply(&ActorEvent::StatusChanged { from: Status::Active, to: Status::TemporarilyClosed }, ctx().now);
    let future = Capacity { valid_until: Some(at("2026-04-01T00:00:00Z")), ..past };
    assert!(matches!(
        when(&closed, &network, ActorCommand::AnnounceCapacity { capacity: future }),
        Err(DomainError::Conflict(_))
    ));
}

#[test]
fn status_changes_record_from_and_to_and_repeat_nothing() {
    let (network, ..) = tachov();
    let state = registered(&network);
    assert_eq!(
        when(&state, &network, ActorCommand::SetStatus { status: Status::Ended }).unwrap(),
        vec![ActorEvent::StatusChanged { from: Status::Active, to: Status::Ended }]
    );
    assert!(when(&state, &network, ActorCommand::SetStatus { status: Status::Active }).unwrap().is_empty());
}

#[test]
fn changes_cannot_take_effect_before_the_actor_existed_or_far_ahead() {
    let (network, ..) = tachov();
    let state = registered(&network);
    let early = Ctx { now: ctx().now, effective_at: at("2025-12-31T00:00:00Z") };
    let result = state.decide(&network, ActorCommand::SetStatus { status: Status::Ended }, early);
    assert_eq!(invalid_fields(result), vec!["effective_at"]);
    let far = Ctx { now: ctx().now, effective_at: at("2026-06-01T00:00:00Z") };
    assert_eq!(invalid_fields(state.decide(&network, ActorCommand::MarkReviewed, far)), vec!["effective_at"]);
}

#[test]
fn contact_persons_are_checked_and_missing_ones_are_not_found() {
    let (network, ..) = tachov();
    let state = registered(&network);
    let person = ContactPerson {
        name: "Jana Vzorová".into(),
        email: Some("jana@example.org".into()),
        phone: Some("+420 777 000 111".into()),
        role: "vedoucí".into(),
        public: true,
        erased: false,
    };
    let id = Uuid::from_u128(40);
    assert_eq!(when(&state, &network, ActorCommand::AddContact { id, person: person.clone() }).unwrap().len(), 1);
    let bad = ContactPerson { name: " ".into(), email: Some("jana@".into()), ..person.clone() };
    assert_eq!(
        invalid_fields(when(&state, &network, ActorCommand::AddContact { id, person: bad })),
        vec!["name", "email"]
    );
    assert!(matches!(when(&state, &network, ActorCommand::RemoveContact { id }), Err(DomainError::NotFound(_))));
}

#[test]
fn notes_keep_their_privacy_and_editing_to_the_same_text_writes_nothing() {
    let (network, ..) = tachov();
    let id = Uuid::from_u128(50);
    let note = Note { text: "Potřebují supervizi".into(), private: true };
    let mut state = registered(&network);
    for e in when(&state, &network, ActorCommand::AddNote { id, note: note.clone() }).unwrap() {
        state.apply(&e, ctx().now);
    }
    assert!(state.notes[&id].private);
    assert!(when(&state, &network, ActorCommand::EditNote { id, note }).unwrap().is_empty());
    assert!(matches!(
        when(&state, &network, ActorCommand::AddNote { id, note: Note { text: "x".into(), private: false } }),
        Err(DomainError::Conflict(_))
    ));
}

#[test]
fn an_erased_contact_person_cannot_be_filled_in_again() {
    let (network, ..) = tachov();
    let id = Uuid::from_u128(41);
    let mut state = registered(&network);
    let erased = ContactPerson { erased: true, ..ContactPerson::default() };
    state.apply(&ActorEvent::ContactAdded { id, person: erased }, ctx().now);
    let again = ContactPerson { name: "Jana Vzorová".into(), ..ContactPerson::default() };
    let result = when(&state, &network, ActorCommand::ChangeContact { id, person: again });
    assert!(matches!(result, Err(DomainError::Conflict(_))));
    assert_eq!(when(&state, &network, ActorCommand::RemoveContact { id }).unwrap().len(), 1);
}

#[test]
fn commands_to_an_unknown_actor_are_not_found() {
    let (network, ..) = tachov();
    assert!(matches!(when(&given(&[]), &network, ActorCommand::MarkReviewed), Err(DomainError::NotFound(_))));
}
