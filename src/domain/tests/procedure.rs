//! Agreed procedures: versions, the version in force, withdrawal.

use uuid::Uuid;

use super::{at, slug};
use crate::domain::DomainError;
use crate::domain::procedure::{ProcedureCommand, ProcedureEvent, ProcedureState, Wording};

fn wording(text: &str, note: &str) -> Wording {
    Wording {
        title: "Jak sdílet obavy o dítě".into(),
        text: text.into(),
        actors: vec![Uuid::from_u128(2), Uuid::from_u128(1), Uuid::from_u128(2)],
        note: note.into(),
    }
}

#[test]
fn every_version_is_kept_and_the_one_in_force_is_the_newest_by_then() {
    let mut state = ProcedureState::default();
    let agreed = state
        .decide(ProcedureCommand::Agree { network: slug("tachov"), platform: None, wording: wording("v1", "") })
        .unwrap();
    state.apply(&agreed[0], at("2026-01-01T00:00:00Z"));
    assert_eq!(state.versions[0].actors, vec![Uuid::from_u128(1), Uuid::from_u128(2)], "each actor once");
    let unnoted = state.decide(ProcedureCommand::Revise { wording: wording("v2", "") }).unwrap_err();
    assert!(matches!(unnoted, DomainError::Invalid(ref e) if e[0].field == "note"));
    let revised = state.decide(ProcedureCommand::Revise { wording: wording("v2", "nový kontakt") }).unwrap();
    state.apply(&revised[0], at("2026-09-01T00:00:00Z"));
    assert_eq!(state.versions.len(), 2);
    assert_eq!(state.in_force(at("2026-08-31T23:59:59Z")).map(|v| v.number), Some(1));
    assert_eq!(state.in_force(at("2026-09-01T00:00:00Z")).map(|v| v.number), Some(2));
    assert_eq!(state.in_force(at("2025-12-31T00:00:00Z")), None, "not yet agreed");
    assert!(state.decide(ProcedureCommand::Revise { wording: wording("v2", "beze změny") }).unwrap().is_empty());
}

#[test]
fn a_withdrawn_procedure_is_no_longer_in_force_and_takes_no_new_version() {
    let mut state = ProcedureState::default();
    let agreed = state
        .decide(ProcedureCommand::Agree { network: slug("tachov"), platform: None, wording: wording("v1", "") })
        .unwrap();
    state.apply(&agreed[0], at("2026-01-01T00:00:00Z"));
    assert!(matches!(state.decide(ProcedureCommand::Withdraw { reason: " ".into() }), Err(DomainError::Invalid(_))));
    let withdrawn = state.decide(ProcedureCommand::Withdraw { reason: "nahrazen krajským postupem".into() }).unwrap();
    assert_eq!(withdrawn, vec![ProcedureEvent::Withdrawn { reason: "nahrazen krajským postupem".into() }]);
    state.apply(&withdrawn[0], at("2026-05-01T00:00:00Z"));
    assert_eq!(state.in_force(at("2026-04-30T00:00:00Z")).map(|v| v.number), Some(1));
    assert_eq!(state.in_force(at("2026-05-01T00:00:00Z")), None);
    let late = state.decide(ProcedureCommand::Revise { wording: wording("v2", "x") });
    assert!(matches!(late, Err(DomainError::Conflict(_))));
}
