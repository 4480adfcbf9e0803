//! `platform.*` events.

use super::common::{
    DecodeError, bytes, changes_from_pb, changes_to_pb, id_bytes, id_from, message, micros, optional_id, slug_from,
    time_from,
};
use crate::domain::platform::{OutcomeKind, PlatformEvent, TaskStatus};
use crate::proto::events::v1 as pb;

/// Every `platform.*` type this build writes and reads.
pub const TYPES: &[&str] = &[
    "platform.founded",
    "platform.changed",
    "platform.evaluated",
    "platform.ended",
    "platform.meeting_scheduled",
    "platform.meeting_held",
    "platform.meeting_cancelled",
    "platform.outcome_recorded",
    "platform.task_status_changed",
];

fn task_status(status: TaskStatus) -> pb::TaskStatus {
    match status {
        TaskStatus::Open => pb::TaskStatus::Open,
        TaskStatus::Done => pb::TaskStatus::Done,
        TaskStatus::Dropped => pb::TaskStatus::Dropped,
    }
}

fn task_status_from(code: i32) -> Result<TaskStatus, DecodeError> {
    match pb::TaskStatus::try_from(code) {
        Ok(pb::TaskStatus::Open) => Ok(TaskStatus::Open),
        Ok(pb::TaskStatus::Done) => Ok(TaskStatus::Done),
        Ok(pb::TaskStatus::Dropped) => Ok(TaskStatus::Dropped),
        _ => Err(format!("unknown task status {code}")),
    }
}

/// The type and payload of an event.
pub fn encode(event: &PlatformEvent) -> (&'static str, Vec<u8>) {
    use PlatformEvent as E;
    match event {
        E::Founded { network, changes } => (
            "platform.founded",
            bytes(&pb::PlatformFounded { network: network.to_string(), changes: changes_to_pb(changes) }),
        ),
        E::Changed { changes } => ("platform.changed", bytes(&pb::PlatformChanged { changes: changes_to_pb(changes) })),
        E::Evaluated { text } => ("platform.evaluated", bytes(&pb::PlatformEvaluated { text: text.clone() })),
        E::Ended => ("platform.ended", bytes(&pb::PlatformEnded {})),
        E::MeetingScheduled { id, date, place, agenda } => (
            "platform.meeting_scheduled",
            bytes(&pb::MeetingScheduled {
                id: id_bytes(id),
                date_us: micros(date),
                place: place.clone(),
                agenda: agenda.clone(),
            }),
        ),
        E::MeetingHeld { id, date, place, agenda, attendees, others, minutes } => (
            "platform.meeting_held",
            bytes(&pb::MeetingHeld {
                id: id_bytes(id),
                date_us: micros(date),
                place: place.clone(),
                agenda: agenda.clone(),
                attendees: attendees.iter().map(id_bytes).collect(),
                others: *others,
                minutes: minutes.clone(),
            }),
        ),
        E::MeetingCancelled { id, reason } => {
            ("platform.meeting_cancelled", bytes(&pb::MeetingCancelled { id: id_bytes(id), reason: reason.clone() }))
        }
        E::OutcomeRecorded { id, meeting, kind, text, owner, due } => (
            "platform.outcome_recorded",
            bytes(&pb::OutcomeRecorded {
                id: id_bytes(id),
                meeting: id_bytes(meeting),
                kind: match kind {
                    OutcomeKind::Decision => pb::OutcomeKind::Decision,
                    OutcomeKind::Task => pb::OutcomeKind::Task,
                }
                .into(),
                text: text.clone(),
                owner: owner.as_ref().map(id_bytes).unwrap_or_default(),
                due_us: due.as_ref().map(micros),
            }),
        ),
        E::TaskStatusChanged { id, from, to } => (
            "platform.task_status_changed",
            bytes(&pb::TaskStatusChanged {
                id: id_bytes(id),
                from: task_status(*from).into(),
                to: task_status(*to).into(),
            }),
        ),
    }
}

/// The event a stored payload holds.
pub fn decode(t: &str, payload: &[u8]) -> Result<PlatformEvent, DecodeError> {
    use PlatformEvent as E;
    Ok(match t {
        "platform.founded" => {
            let m: pb::PlatformFounded = message(t, payload)?;
            E::Founded { network: slug_from(&m.network, "network")?, changes: changes_from_pb(m.changes)? }
        }
        "platform.changed" => {
            E::Changed { changes: changes_from_pb(message::<pb::PlatformChanged>(t, payload)?.changes)? }
        }
        "platform.evaluated" => E::Evaluated { text: message::<pb::PlatformEvaluated>(t, payload)?.text },
        "platform.ended" => {
            message::<pb::PlatformEnded>(t, payload)?;
            E::Ended
        }
        "platform.meeting_scheduled" => {
            let m: pb::MeetingScheduled = message(t, payload)?;
            E::MeetingScheduled {
                id: id_from(&m.id, "id")?,
                date: time_from(m.date_us, "date")?,
                place: m.place,
                agenda: m.agenda,
            }
        }
        "platform.meeting_held" => {
            let m: pb::MeetingHeld = message(t, payload)?;
            E::MeetingHeld {
                id: id_from(&m.id, "id")?,
                date: time_from(m.date_us, "date")?,
                place: m.place,
                agenda: m.agenda,
                attendees: m.attendees.iter().map(|a| id_from(a, "attendees")).collect::<Result<_, _>>()?,
                others: m.others,
                minutes: m.minutes,
            }
        }
        "platform.meeting_cancelled" => {
            let m: pb::MeetingCancelled = message(t, payload)?;
            E::MeetingCancelled { id: id_from(&m.id, "id")?, reason: m.reason }
        }
        "platform.outcome_recorded" => {
            let m: pb::OutcomeRecorded = message(t, payload)?;
            E::OutcomeRecorded {
                id: id_from(&m.id, "id")?,
                meeting: id_from(&m.meeting, "meeting")?,
                kind: match pb::OutcomeKind::try_from(m.kind) {
                    Ok(pb::OutcomeKind::Decision) => OutcomeKind::Decision,
                    Ok(pb::OutcomeKind::Task) => OutcomeKind::Task,
                    _ => return Err(format!("unknown outcome kind {}", m.kind)),
                },
                text: m.text,
                owner: optional_id(&m.owner, "owner")?,
                due: m.due_us.map(|us| time_from(us, "due")).transpose()?,
            }
        }
        "platform.task_status_changed" => {
            let m: pb::TaskStatusChanged = message(t, payload)?;
            E::TaskStatusChanged {
                id: id_from(&m.id, "id")?,
                from: task_status_from(m.from)?,
                to: task_status_from(m.to)?,
            }
        }
        other => return Err(format!("{other} is not a platform event")),
    })
}
