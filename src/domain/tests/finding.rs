//! Findings of mapping: what a finding must say, its status and reasons.

use uuid::Uuid;

use super::slug;
use crate::domain::DomainError;
use crate::domain::finding::{FindingCommand, FindingDraft, FindingEvent, FindingState, FindingStatus, Source};
use crate::domain::need_area::NeedArea;

fn draft() -> FindingDraft {
    FindingDraft {
        title: "Informace, kompetence a role".into(),
        text: "Aktéři nevědí, kdo koho informuje.".into(),
        sources: vec![Source::Gap { area: NeedArea::Safety, target_group: Uuid::from_u128(1) }],
        need_areas: vec![NeedArea::Safety, NeedArea::Safety],
        target_groups: vec![Uuid::from_u128(1)],
    }
}

fn recorded() -> FindingState {
    let mut state = FindingState::default();
    let events = state.decide(FindingCommand::Record { network: slug("tachov"), draft: draft() }).unwrap();
    events.iter().for_each(|e| state.apply(e));
    state
}

#[test]
fn a_finding_needs_a_title_and_keeps_each_source_and_area_once() {
    let state = recorded();
    assert_eq!(state.draft.need_areas, vec![NeedArea::Safety]);
    let mut twice = draft();
    twice.sources.push(twice.sources[0].clone());
    twice.title = "  ".into();
    let refused = FindingState::default().decide(FindingCommand::Record { network: slug("tachov"), draft: twice });
    assert!(matches!(refused, Err(DomainError::Invalid(ref e)) if e[0].field == "title"), "{refused:?}");
    let mut twice = draft();
    twice.sources.push(twice.sources[0].clone());
    let events = FindingState::default().decide(FindingCommand::Record { network: slug("tachov"), draft: twice });
    assert!(matches!(&events.unwrap()[0], FindingEvent::Recorded { draft, .. } if draft.sources.len() == 1));
}

#[test]
fn setting_a_finding_aside_needs_a_reason_and_an_unchanged_revision_writes_nothing() {
    let state = recorded();
    let aside = |reason: &str| FindingCommand::SetStatus { status: FindingStatus::SetAside, reason: reason.into() };
    assert!(matches!(state.decide(aside("")), Err(DomainError::Invalid(_))));
    let events = state.decide(aside("řeší krajská platforma")).unwrap();
    assert_eq!(
        events,
        vec![FindingEvent::StatusChanged {
            from: FindingStatus::Open,
            to: FindingStatus::SetAside,
            reason: "řeší krajská platforma".into()
        }]
    );
    assert!(state.decide(FindingCommand::Revise { draft: draft() }).unwrap().is_empty());
    assert!(matches!(
        FindingState::default().decide(FindingCommand::Revise { draft: draft() }),
        Err(DomainError::NotFound(_))
    ));
}
