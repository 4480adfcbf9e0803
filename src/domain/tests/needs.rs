use uuid::Uuid;

use super::slug;
use crate::domain::DomainError;
use crate::domain::NeedArea;
use crate::domain::needs::*;
use crate::domain::value::Value;

const DOMUS: Uuid = Uuid::from_u128(10);

fn actors(id: &Uuid) -> bool {
    *id == DOMUS
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

#[test]
fn an_activity_needs_text_a_need_area_and_a_stage_and_links_only_network_actors() {
    let state = NeedsState::default();
    let add = |fields: Vec<(&str, Value)>| {
        state.decide(
            NeedsCommand::AddActivity {
                network: slug("tachov"),
                id: Uuid::from_u128(1),
                fields: fields.into_iter().map(|(f, v)| (f.to_owned(), v)).collect(),
            },
            &actors,
        )
    };
    let ok = add(vec![
        ("text", text("Vrstevnické programy")),
        ("area", text("relationships")),
        ("stage", text("prevention")),
        ("actors", Value::List(vec![DOMUS.to_string()])),
    ]);
    assert_eq!(ok.unwrap().len(), 1);
    let Err(DomainError::Invalid(errors)) = add(vec![
        ("area", text("love")),
        ("stage", text("cure")),
        ("actors", Value::List(vec![Uuid::nil().to_string()])),
    ]) else {
        panic!("invalid")
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["area", "stage", "actors", "text"]);
}

#[test]
fn forms_are_kept_per_area_and_unknown_ones_are_not_found() {
    let mut state = NeedsState::default();
    let id = Uuid::from_u128(2);
    let events = state
        .decide(
            NeedsCommand::AddForm {
                network: slug("tachov"),
                id,
                area: NeedArea::Safety,
                text: "Dítě se cítí doma bezpečně".into(),
            },
            &actors,
        )
        .unwrap();
    events.iter().for_each(|e| state.apply(e));
    assert_eq!(state.forms[&id].area, NeedArea::Safety);
    assert!(matches!(
        state.decide(NeedsCommand::RemoveForm { id: Uuid::from_u128(3) }, &actors),
        Err(DomainError::NotFound(_))
    ));
}

#[test]
fn changing_an_activity_records_only_what_changed() {
    let mut state = NeedsState::default();
    let id = Uuid::from_u128(4);
    let fields = vec![
        ("text".to_owned(), text("Kroužek")),
        ("area".to_owned(), text("learning")),
        ("stage".to_owned(), text("prevention")),
    ];
    let events = state.decide(NeedsCommand::AddActivity { network: slug("tachov"), id, fields }, &actors).unwrap();
    events.iter().for_each(|e| state.apply(e));
    let change = NeedsCommand::ChangeActivity {
        id,
        fields: vec![("text".into(), Some(text("Kroužek"))), ("local_practice".into(), Some(text("DDM, 1× týdně")))],
    };
    let NeedsEvent::ActivityChanged { changes, .. } = &state.decide(change, &actors).unwrap()[0] else { panic!() };
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].field, "local_practice");
}
