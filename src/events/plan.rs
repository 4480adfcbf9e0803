//! `plan.*` events: a network's or a region's mid-term plan.

use super::common::{DecodeError, bytes, id_bytes, id_from, message, micros, slug_from, time_from};
use crate::domain::NeedArea;
use crate::domain::plan::{GapRef, Owner, PlanEvent, StepDraft, StepOutcome, StepStatus};
use crate::proto::events::v1 as pb;

/// Every `plan.*` type this build writes and reads.
pub const TYPES: &[&str] = &[
    "plan.created",
    "plan.section_added",
    "plan.section_changed",
    "plan.recommended",
    "plan.step_added",
    "plan.step_status_changed",
    "plan.evaluated",
    "plan.task_linked",
    "plan.published",
    "plan.unpublished",
];

fn status_from(code: &str) -> Result<StepStatus, DecodeError> {
    [StepStatus::Planned, StepStatus::InProgress, StepStatus::Done, StepStatus::Dropped]
        .into_iter()
        .find(|s| s.code() == code)
        .ok_or_else(|| format!("unknown step status {code:?}"))
}

fn ids(list: &[uuid::Uuid]) -> Vec<bytes::Bytes> {
    list.iter().map(id_bytes).collect()
}

fn ids_from(list: &[bytes::Bytes], field: &str) -> Result<Vec<uuid::Uuid>, DecodeError> {
    list.iter().map(|id| id_from(id, field)).collect()
}

/// The type and payload of a plan event.
pub fn encode(event: &PlanEvent) -> (&'static str, Vec<u8>) {
    use PlanEvent as E;
    match event {
        E::Created { owner, title, from, to } => (
            "plan.created",
            bytes(&pb::PlanCreated {
                network: owner.network().map(ToString::to_string).unwrap_or_default(),
                region: owner.region().map(ToString::to_string).unwrap_or_default(),
                title: title.clone(),
                from: *from,
                to: *to,
            }),
        ),
        E::Published => ("plan.published", bytes(&pb::PlanPublished {})),
        E::Unpublished { reason } => ("plan.unpublished", bytes(&pb::PlanUnpublished { reason: reason.clone() })),
        E::SectionAdded { id, title, practice } => (
            "plan.section_added",
            bytes(&pb::PlanSectionAdded { id: id_bytes(id), title: title.clone(), practice: practice.clone() }),
        ),
        E::SectionChanged { id, title, practice } => (
            "plan.section_changed",
            bytes(&pb::PlanSectionChanged { id: id_bytes(id), title: title.clone(), practice: practice.clone() }),
        ),
        E::Recommended { id, section, number, text } => (
            "plan.recommended",
            bytes(&pb::PlanRecommended {
                id: id_bytes(id),
                section: id_bytes(section),
                number: *number,
                text: text.clone(),
            }),
        ),
        E::StepAdded { id, recommendation, step } => (
            "plan.step_added",
            bytes(&pb::PlanStepAdded {
                id: id_bytes(id),
                recommendation: id_bytes(recommendation),
                text: step.text.clone(),
                actors: ids(&step.actors),
                platforms: ids(&step.platforms),
                deadline_us: step.deadline.as_ref().map(micros),
                need_areas: step.need_areas.iter().map(|a| a.code().to_owned()).collect(),
                findings: ids(&step.findings),
                gaps: step
                    .gaps
                    .iter()
                    .map(|g| pb::PlanGap { area: g.area.code().to_owned(), target_group: id_bytes(&g.target_group) })
                    .collect(),
            }),
        ),
        E::Evaluated { year, summary, outcomes } => (
            "plan.evaluated",
            bytes(&pb::PlanEvaluated {
                year: *year,
                summary: summary.clone(),
                outcomes: outcomes
                    .iter()
                    .map(|o| pb::PlanStepOutcome { step: id_bytes(&o.step), text: o.text.clone() })
                    .collect(),
            }),
        ),
        E::TaskLinked { step, platform, outcome } => (
            "plan.task_linked",
            bytes(&pb::PlanTaskLinked {
                step: id_bytes(step),
                platform: id_bytes(platform),
                outcome: id_bytes(outcome),
            }),
        ),
        E::StepStatusChanged { id, from, to, reason } => (
            "plan.step_status_changed",
            bytes(&pb::PlanStepStatusChanged {
                id: id_bytes(id),
                from: from.code().to_owned(),
                to: to.code().to_owned(),
                reason: reason.clone(),
            }),
        ),
    }
}

/// The plan event a stored payload holds.
pub fn decode(t: &str, payload: &[u8]) -> Result<PlanEvent, DecodeError> {
    use PlanEvent as E;
    Ok(match t {
        "plan.created" => {
            let m: pb::PlanCreated = message(t, payload)?;
            let owner = if m.region.is_empty() {
                Owner::Network(slug_from(&m.network, "network")?)
            } else {
                Owner::Region(slug_from(&m.region, "region")?)
            };
            E::Created { owner, title: m.title, from: m.from, to: m.to }
        }
        "plan.published" => {
            let _: pb::PlanPublished = message(t, payload)?;
            E::Published
        }
        "plan.unpublished" => {
            let m: pb::PlanUnpublished = message(t, payload)?;
            E::Unpublished { reason: m.reason }
        }
        "plan.section_added" => {
            let m: pb::PlanSectionAdded = message(t, payload)?;
            E::SectionAdded { id: id_from(&m.id, "id")?, title: m.title, practice: m.practice }
        }
        "plan.section_changed" => {
            let m: pb::PlanSectionChanged = message(t, payload)?;
            E::SectionChanged { id: id_from(&m.id, "id")?, title: m.title, practice: m.practice }
        }
        "plan.recommended" => {
            let m: pb::PlanRecommended = message(t, payload)?;
            E::Recommended {
                id: id_from(&m.id, "id")?,
                section: id_from(&m.section, "section")?,
                number: m.number,
                text: m.text,
            }
        }
        "plan.step_added" => {
            let m: pb::PlanStepAdded = message(t, payload)?;
            let need_areas = m.need_areas.iter().map(|a| a.parse::<NeedArea>()).collect::<Result<_, _>>()?;
            E::StepAdded {
                id: id_from(&m.id, "id")?,
                recommendation: id_from(&m.recommendation, "recommendation")?,
                step: StepDraft {
                    text: m.text,
                    actors: ids_from(&m.actors, "actors")?,
                    platforms: ids_from(&m.platforms, "platforms")?,
                    deadline: m.deadline_us.map(|us| time_from(us, "deadline")).transpose()?,
                    need_areas,
                    findings: ids_from(&m.findings, "findings")?,
                    gaps: m
                        .gaps
                        .iter()
                        .map(|g| {
                            Ok(GapRef {
                                area: g.area.parse::<NeedArea>()?,
                                target_group: id_from(&g.target_group, "gaps.target_group")?,
                            })
                        })
                        .collect::<Result<_, DecodeError>>()?,
                },
            }
        }
        "plan.step_status_changed" => {
            let m: pb::PlanStepStatusChanged = message(t, payload)?;
            E::StepStatusChanged {
                id: id_from(&m.id, "id")?,
                from: status_from(&m.from)?,
                to: status_from(&m.to)?,
                reason: m.reason,
            }
        }
        "plan.evaluated" => {
            let m: pb::PlanEvaluated = message(t, payload)?;
            E::Evaluated {
                year: m.year,
                summary: m.summary,
                outcomes: m
                    .outcomes
                    .into_iter()
                    .map(|o| Ok(StepOutcome { step: id_from(&o.step, "step")?, text: o.text }))
                    .collect::<Result<_, DecodeError>>()?,
            }
        }
        "plan.task_linked" => {
            let m: pb::PlanTaskLinked = message(t, payload)?;
            E::TaskLinked {
                step: id_from(&m.step, "step")?,
                platform: id_from(&m.platform, "platform")?,
                outcome: id_from(&m.outcome, "outcome")?,
            }
        }
        other => return Err(format!("{other} is not a plan event")),
    })
}
