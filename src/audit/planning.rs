//! How the planning cycle moved between two dates (part of a change set):
//! findings recorded and moved, plan steps added, done, dropped and
//! reopened, evaluations recorded, procedures agreed, revised, withdrawn.

use serde::Serialize;

use super::changeset::Span;
use crate::domain::ids::Slug;
use crate::domain::plan::Owner;
use crate::events::DomainEvent;
use crate::log::RecordedEvent;

/// How the planning cycle moved: findings, plan steps, procedures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Planning {
    /// Findings recorded.
    pub findings_recorded: usize,
    /// Findings whose status changed.
    pub findings_moved: usize,
    /// Plan steps added.
    pub steps_added: usize,
    /// Steps marked done.
    pub steps_done: usize,
    /// Steps dropped.
    pub steps_dropped: usize,
    /// Done steps reopened.
    pub steps_reopened: usize,
    /// Yearly evaluations recorded.
    pub evaluations: usize,
    /// Procedures agreed.
    pub procedures_agreed: usize,
    /// New versions of procedures.
    pub procedures_revised: usize,
    /// Procedures withdrawn.
    pub procedures_withdrawn: usize,
}

/// How findings, plan steps and procedures moved in `events`.
pub fn planning(events: &[&(RecordedEvent, DomainEvent)]) -> Planning {
    use crate::domain::finding::FindingEvent as F;
    use crate::domain::plan::{PlanEvent as P, StepStatus as S};
    use crate::domain::procedure::ProcedureEvent as R;
    let mut out = Planning::default();
    for (_, domain) in events {
        match domain {
            DomainEvent::Finding(F::Recorded { .. }) => out.findings_recorded += 1,
            DomainEvent::Finding(F::StatusChanged { .. }) => out.findings_moved += 1,
            DomainEvent::Plan(P::StepAdded { .. }) => out.steps_added += 1,
            DomainEvent::Plan(P::StepStatusChanged { from, to, .. }) => match (from, to) {
                (_, S::Done) => out.steps_done += 1,
                (_, S::Dropped) => out.steps_dropped += 1,
                (S::Done, _) => out.steps_reopened += 1,
                _ => {}
            },
            DomainEvent::Plan(P::Evaluated { .. }) => out.evaluations += 1,
            DomainEvent::Procedure(R::Agreed { .. }) => out.procedures_agreed += 1,
            DomainEvent::Procedure(R::Revised { .. }) => out.procedures_revised += 1,
            DomainEvent::Procedure(R::Withdrawn { .. }) => out.procedures_withdrawn += 1,
            _ => {}
        }
    }
    out
}

/// How the plans of `region` itself moved in `span` (read with the
/// network-less events, where a region's plan is written).
pub fn of_region(span: &Span, region: &Slug) -> Planning {
    let owner = Owner::Region(region.clone());
    let events: Vec<&(RecordedEvent, DomainEvent)> = span
        .events()
        .iter()
        .filter(|(e, d)| {
            matches!(d, DomainEvent::Plan(_))
                && uuid::Uuid::parse_str(e.stream.id())
                    .ok()
                    .and_then(|id| span.after().plans.get(&id))
                    .is_some_and(|p| p.state.owned_by(&owner))
        })
        .collect();
    planning(&events)
}
