//! `finding.*` events: a network's findings.

use super::common::{DecodeError, bytes, id_bytes, id_from, message, slug_from};
use crate::domain::NeedArea;
use crate::domain::finding::{FindingDraft, FindingEvent, FindingStatus, Source};
use crate::proto::events::v1 as pb;

/// Every `finding.*` type this build writes and reads.
pub const TYPES: &[&str] = &["finding.recorded", "finding.revised", "finding.status_changed"];

fn status_from(code: &str) -> Result<FindingStatus, DecodeError> {
    FindingStatus::ALL.into_iter().find(|s| s.code() == code).ok_or_else(|| format!("unknown finding status {code:?}"))
}

fn draft_pb(d: &FindingDraft) -> pb::FindingDraft {
    pb::FindingDraft {
        title: d.title.clone(),
        text: d.text.clone(),
        sources: d
            .sources
            .iter()
            .map(|s| match s {
                Source::ActorNote { actor, note } => pb::FindingSource {
                    kind: "actor_note".into(),
                    record: id_bytes(actor),
                    item: id_bytes(note),
                    area: String::new(),
                },
                Source::PlatformOutcome { platform, outcome } => pb::FindingSource {
                    kind: "platform_outcome".into(),
                    record: id_bytes(platform),
                    item: id_bytes(outcome),
                    area: String::new(),
                },
                Source::Gap { area, target_group } => pb::FindingSource {
                    kind: "gap".into(),
                    record: Default::default(),
                    item: id_bytes(target_group),
                    area: area.code().into(),
                },
            })
            .collect(),
        need_areas: d.need_areas.iter().map(|a| a.code().to_owned()).collect(),
        target_groups: d.target_groups.iter().map(id_bytes).collect(),
    }
}

fn draft_from(m: Option<pb::FindingDraft>) -> Result<FindingDraft, DecodeError> {
    let m = m.ok_or("the finding's draft is missing")?;
    let sources = m
        .sources
        .into_iter()
        .map(|s| match s.kind.as_str() {
            "actor_note" => {
                Ok(Source::ActorNote { actor: id_from(&s.record, "record")?, note: id_from(&s.item, "item")? })
            }
            "platform_outcome" => Ok(Source::PlatformOutcome {
                platform: id_from(&s.record, "record")?,
                outcome: id_from(&s.item, "item")?,
            }),
            "gap" => Ok(Source::Gap { area: s.area.parse::<NeedArea>()?, target_group: id_from(&s.item, "item")? }),
            other => Err(format!("unknown finding source {other:?}")),
        })
        .collect::<Result<_, DecodeError>>()?;
    Ok(FindingDraft {
        title: m.title,
        text: m.text,
        sources,
        need_areas: m.need_areas.iter().map(|a| a.parse::<NeedArea>()).collect::<Result<_, _>>()?,
        target_groups: m.target_groups.iter().map(|g| id_from(g, "target_groups")).collect::<Result<_, _>>()?,
    })
}

/// The type and payload of a finding event.
pub fn encode(event: &FindingEvent) -> (&'static str, Vec<u8>) {
    match event {
        FindingEvent::Recorded { network, draft } => (
            "finding.recorded",
            bytes(&pb::FindingRecorded { network: network.to_string(), draft: Some(draft_pb(draft)) }),
        ),
        FindingEvent::Revised { draft } => {
            ("finding.revised", bytes(&pb::FindingRevised { draft: Some(draft_pb(draft)) }))
        }
        FindingEvent::StatusChanged { from, to, reason } => (
            "finding.status_changed",
            bytes(&pb::FindingStatusChanged { from: from.code().into(), to: to.code().into(), reason: reason.clone() }),
        ),
    }
}

/// The finding event a stored payload holds.
pub fn decode(t: &str, payload: &[u8]) -> Result<FindingEvent, DecodeError> {
    Ok(match t {
        "finding.recorded" => {
            let m: pb::FindingRecorded = message(t, payload)?;
            FindingEvent::Recorded { network: slug_from(&m.network, "network")?, draft: draft_from(m.draft)? }
        }
        "finding.revised" => {
            FindingEvent::Revised { draft: draft_from(message::<pb::FindingRevised>(t, payload)?.draft)? }
        }
        "finding.status_changed" => {
            let m: pb::FindingStatusChanged = message(t, payload)?;
            FindingEvent::StatusChanged { from: status_from(&m.from)?, to: status_from(&m.to)?, reason: m.reason }
        }
        other => return Err(format!("{other} is not a finding event")),
    })
}
