//! The network's plan: its period, sections, recommendations and steps, and
//! the rules of a step's status.

use uuid::Uuid;

use super::{at, slug};
use crate::domain::DomainError;
use crate::domain::plan::{
    DEFAULT_SECTIONS, Owner, PlanCommand, PlanEvent, PlanState, StepDraft, StepStatus, default_section_id,
};

const PLAN: Uuid = Uuid::from_u128(100);
const REC: Uuid = Uuid::from_u128(200);
const STEP: Uuid = Uuid::from_u128(300);

fn given(events: &[PlanEvent]) -> PlanState {
    let mut state = PlanState::default();
    events.iter().for_each(|e| state.apply(e, at("2026-02-01T00:00:00Z")));
    state
}

fn decide(state: &PlanState, command: PlanCommand) -> Result<Vec<PlanEvent>, DomainError> {
    state.decide(PLAN, command)
}

fn fields(error: DomainError) -> Vec<String> {
    match error {
        DomainError::Invalid(errors) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

/// A plan for 2026–2028 with one recommendation in the case-work section
/// and one step.
fn planned() -> Vec<PlanEvent> {
    let created = decide(
        &PlanState::default(),
        PlanCommand::Create {
            owner: Owner::Network(slug("tachov")),
            title: "Plán rozvoje sítě".into(),
            from: 2026,
            to: 2028,
        },
    )
    .unwrap();
    let mut events = created;
    events.push(PlanEvent::Recommended {
        id: REC,
        section: default_section_id(PLAN, 1),
        number: 1,
        text: "Posílit preventivní případovou spolupráci".into(),
    });
    events.push(PlanEvent::StepAdded { id: STEP, recommendation: REC, step: step("Postup svolávání setkání") });
    events
}

fn step(text: &str) -> StepDraft {
    StepDraft { text: text.into(), deadline: Some(at("2027-06-30T00:00:00Z")), ..StepDraft::default() }
}

#[test]
fn a_new_plan_has_its_period_and_the_four_sections_of_the_standard() {
    let events = decide(
        &PlanState::default(),
        PlanCommand::Create { owner: Owner::Network(slug("tachov")), title: "Plán".into(), from: 2026, to: 2028 },
    )
    .unwrap();
    let state = given(&events);
    assert_eq!((state.from, state.to), (2026, 2028));
    let mut sections: Vec<_> = state.sections.values().collect();
    sections.sort_by_key(|s| s.order);
    let titles: Vec<&str> = sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, DEFAULT_SECTIONS.to_vec());
    let backwards =
        PlanCommand::Create { owner: Owner::Network(slug("tachov")), title: "Plán".into(), from: 2028, to: 2026 };
    assert_eq!(fields(decide(&PlanState::default(), backwards).unwrap_err()), vec!["to"]);
    let endless =
        PlanCommand::Create { owner: Owner::Network(slug("tachov")), title: " ".into(), from: 2026, to: 2040 };
    assert_eq!(fields(decide(&PlanState::default(), endless).unwrap_err()), vec!["title", "to"]);
    assert!(matches!(
        decide(
            &state,
            PlanCommand::Create { owner: Owner::Network(slug("tachov")), title: "x".into(), from: 2026, to: 2026 }
        ),
        Err(DomainError::Conflict(_))
    ));
}

#[test]
fn recommendations_are_numbered_within_their_section() {
    let state = given(&planned());
    let second = decide(
        &state,
        PlanCommand::Recommend {
            id: Uuid::from_u128(201), section: default_section_id(PLAN, 1), text: "Druhé".into()
        },
    )
    .unwrap();
    assert!(matches!(second[0], PlanEvent::Recommended { number: 2, .. }));
    let other = decide(
        &state,
        PlanCommand::Recommend { id: Uuid::from_u128(202), section: default_section_id(PLAN, 2), text: "Jiné".into() },
    )
    .unwrap();
    assert!(matches!(other[0], PlanEvent::Recommended { number: 1, .. }));
    let nowhere = PlanCommand::Recommend { id: Uuid::from_u128(203), section: Uuid::from_u128(9), text: "x".into() };
    assert_eq!(fields(decide(&state, nowhere).unwrap_err()), vec!["section"]);
}

#[test]
fn a_step_deadline_outside_the_plans_period_is_refused() {
    let state = given(&planned());
    for deadline in ["2025-12-31T23:59:59Z", "2029-01-01T00:00:00Z"] {
        let early = StepDraft { deadline: Some(at(deadline)), ..step("Krok") };
        let refused =
            decide(&state, PlanCommand::AddStep { id: Uuid::from_u128(301), recommendation: REC, step: early });
        assert_eq!(fields(refused.unwrap_err()), vec!["deadline"], "{deadline}");
    }
    let last_day = StepDraft { deadline: Some(at("2028-12-31T23:59:59Z")), ..step("Krok") };
    assert!(
        decide(&state, PlanCommand::AddStep { id: Uuid::from_u128(302), recommendation: REC, step: last_day }).is_ok()
    );
    let orphan = PlanCommand::AddStep { id: Uuid::from_u128(303), recommendation: Uuid::from_u128(9), step: step("x") };
    assert_eq!(fields(decide(&state, orphan).unwrap_err()), vec!["recommendation"]);
}

#[test]
fn a_done_step_reopened_or_a_step_dropped_needs_a_reason_and_every_change_is_kept() {
    let mut events = planned();
    let state = given(&events);
    let set = |status, reason: &str| PlanCommand::SetStatus { id: STEP, status, reason: reason.into() };
    let refused = decide(&state, set(StepStatus::Dropped, "")).unwrap_err();
    assert_eq!(fields(refused), vec!["reason"]);
    events.extend(decide(&state, set(StepStatus::InProgress, "")).unwrap());
    let state = given(&events);
    events.extend(decide(&state, set(StepStatus::Done, "")).unwrap());
    let state = given(&events);
    assert!(decide(&state, set(StepStatus::Done, "")).unwrap().is_empty(), "no change, no event");
    assert_eq!(fields(decide(&state, set(StepStatus::InProgress, "  ")).unwrap_err()), vec!["reason"]);
    let reopened = decide(&state, set(StepStatus::InProgress, "postup se v praxi neosvědčil")).unwrap();
    assert_eq!(
        reopened,
        vec![PlanEvent::StepStatusChanged {
            id: STEP,
            from: StepStatus::Done,
            to: StepStatus::InProgress,
            reason: "postup se v praxi neosvědčil".into()
        }]
    );
    events.extend(reopened);
    let state = given(&events);
    let history: Vec<StepStatus> = state.steps[&STEP].history.iter().map(|h| h.status).collect();
    assert_eq!(history, vec![StepStatus::Planned, StepStatus::InProgress, StepStatus::Done, StepStatus::InProgress]);
    assert_eq!(state.steps[&STEP].history[3].reason, "postup se v praxi neosvědčil");
}

#[test]
fn a_section_keeps_its_practice_and_an_unchanged_rewrite_writes_nothing() {
    let state = given(&planned());
    let id = default_section_id(PLAN, 1);
    let practice = "OSPOD koordinuje případovou práci.".to_owned();
    let change = PlanCommand::ChangeSection { id, title: None, practice: Some(practice.clone()) };
    let events = decide(&state, change.clone()).unwrap();
    let mut all = planned();
    all.extend(events);
    let state = given(&all);
    assert_eq!(state.sections[&id].practice, practice);
    assert_eq!(state.sections[&id].title, "Případová práce");
    assert!(decide(&state, change).unwrap().is_empty());
}

#[test]
fn a_plan_is_published_once_and_taken_back_only_with_a_reason() {
    let mut state = given(&planned());
    assert_eq!(state.published, None);
    let events = decide(&state, PlanCommand::Publish).unwrap();
    assert_eq!(events, vec![PlanEvent::Published]);
    state.apply(&events[0], at("2026-03-01T00:00:00Z"));
    assert_eq!(state.published, Some(at("2026-03-01T00:00:00Z")));
    // Publishing again writes nothing.
    assert_eq!(decide(&state, PlanCommand::Publish).unwrap(), vec![]);
    // Taking it back needs a reason.
    let error = decide(&state, PlanCommand::Unpublish { reason: "  ".into() }).unwrap_err();
    assert_eq!(fields(error), vec!["reason"]);
    let events = decide(&state, PlanCommand::Unpublish { reason: "přepracujeme kroky".into() }).unwrap();
    assert_eq!(events, vec![PlanEvent::Unpublished { reason: "přepracujeme kroky".into() }]);
    state.apply(&events[0], at("2026-04-01T00:00:00Z"));
    assert_eq!(state.published, None);
    // Not published: taking it back again writes nothing.
    assert_eq!(decide(&state, PlanCommand::Unpublish { reason: String::new() }).unwrap(), vec![]);
    // A plan that does not exist cannot be published.
    assert!(matches!(decide(&PlanState::default(), PlanCommand::Publish), Err(DomainError::NotFound(_))));
}

#[test]
fn a_region_has_plans_of_its_own() {
    let owner = Owner::Region(slug("ustecky"));
    let command = PlanCommand::Create { owner: owner.clone(), title: "Krajský plán".into(), from: 2026, to: 2028 };
    let events = decide(&PlanState::default(), command).unwrap();
    let state = given(&events);
    assert!(state.owned_by(&owner));
    assert!(!state.owned_by(&Owner::Network(slug("ustecky"))));
    assert_eq!(state.network(), None);
    assert_eq!(state.sections.len(), DEFAULT_SECTIONS.len());
}
