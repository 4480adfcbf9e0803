//! `procedure.*` events: agreed procedures and their versions.

use super::common::{DecodeError, bytes, id_bytes, id_from, message, optional_id, slug_from};
use crate::domain::procedure::{ProcedureEvent, Wording};
use crate::proto::events::v1 as pb;

/// Every `procedure.*` type this build writes and reads.
pub const TYPES: &[&str] = &["procedure.agreed", "procedure.revised", "procedure.withdrawn"];

fn wording_pb(w: &Wording) -> pb::ProcedureWording {
    pb::ProcedureWording {
        title: w.title.clone(),
        text: w.text.clone(),
        actors: w.actors.iter().map(id_bytes).collect(),
        note: w.note.clone(),
    }
}

fn wording_from(m: Option<pb::ProcedureWording>) -> Result<Wording, DecodeError> {
    let m = m.ok_or("the procedure's wording is missing")?;
    Ok(Wording {
        title: m.title,
        text: m.text,
        actors: m.actors.iter().map(|a| id_from(a, "actors")).collect::<Result<_, _>>()?,
        note: m.note,
    })
}

/// The type and payload of a procedure event.
pub fn encode(event: &ProcedureEvent) -> (&'static str, Vec<u8>) {
    match event {
        ProcedureEvent::Agreed { network, platform, wording } => (
            "procedure.agreed",
            bytes(&pb::ProcedureAgreed {
                network: network.to_string(),
                platform: platform.as_ref().map(id_bytes).unwrap_or_default(),
                wording: Some(wording_pb(wording)),
            }),
        ),
        ProcedureEvent::Revised { wording } => {
            ("procedure.revised", bytes(&pb::ProcedureRevised { wording: Some(wording_pb(wording)) }))
        }
        ProcedureEvent::Withdrawn { reason } => {
            ("procedure.withdrawn", bytes(&pb::ProcedureWithdrawn { reason: reason.clone() }))
        }
    }
}

/// The procedure event a stored payload holds.
pub fn decode(t: &str, payload: &[u8]) -> Result<ProcedureEvent, DecodeError> {
    Ok(match t {
        "procedure.agreed" => {
            let m: pb::ProcedureAgreed = message(t, payload)?;
            ProcedureEvent::Agreed {
                network: slug_from(&m.network, "network")?,
                platform: optional_id(&m.platform, "platform")?,
                wording: wording_from(m.wording)?,
            }
        }
        "procedure.revised" => {
            ProcedureEvent::Revised { wording: wording_from(message::<pb::ProcedureRevised>(t, payload)?.wording)? }
        }
        "procedure.withdrawn" => {
            ProcedureEvent::Withdrawn { reason: message::<pb::ProcedureWithdrawn>(t, payload)?.reason }
        }
        other => return Err(format!("{other} is not a procedure event")),
    })
}
