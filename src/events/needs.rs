//! `needs.*` events.

use super::common::{DecodeError, bytes, changes_from_pb, changes_to_pb, id_bytes, id_from, message, slug_from};
use crate::domain::needs::NeedsEvent;
use crate::proto::events::v1 as pb;

/// Every `needs.*` type this build writes and reads.
pub const TYPES: &[&str] = &[
    "needs.form_added",
    "needs.form_removed",
    "needs.activity_added",
    "needs.activity_changed",
    "needs.activity_removed",
];

/// The type and payload of an event.
pub fn encode(event: &NeedsEvent) -> (&'static str, Vec<u8>) {
    use NeedsEvent as E;
    match event {
        E::FormAdded { network, id, area, text } => (
            "needs.form_added",
            bytes(&pb::NeedFormAdded {
                network: network.to_string(),
                id: id_bytes(id),
                area: area.code().to_owned(),
                text: text.clone(),
            }),
        ),
        E::FormRemoved { id } => ("needs.form_removed", bytes(&pb::NeedFormRemoved { id: id_bytes(id) })),
        E::ActivityAdded { network, id, changes } => (
            "needs.activity_added",
            bytes(&pb::ActivityAdded {
                network: network.to_string(),
                id: id_bytes(id),
                changes: changes_to_pb(changes),
            }),
        ),
        E::ActivityChanged { id, changes } => (
            "needs.activity_changed",
            bytes(&pb::ActivityChanged { id: id_bytes(id), changes: changes_to_pb(changes) }),
        ),
        E::ActivityRemoved { id } => ("needs.activity_removed", bytes(&pb::ActivityRemoved { id: id_bytes(id) })),
    }
}

/// The event a stored payload holds.
pub fn decode(t: &str, payload: &[u8]) -> Result<NeedsEvent, DecodeError> {
    use NeedsEvent as E;
    Ok(match t {
        "needs.form_added" => {
            let m: pb::NeedFormAdded = message(t, payload)?;
            E::FormAdded {
                network: slug_from(&m.network, "network")?,
                id: id_from(&m.id, "id")?,
                area: m.area.parse()?,
                text: m.text,
            }
        }
        "needs.form_removed" => E::FormRemoved { id: id_from(&message::<pb::NeedFormRemoved>(t, payload)?.id, "id")? },
        "needs.activity_added" => {
            let m: pb::ActivityAdded = message(t, payload)?;
            E::ActivityAdded {
                network: slug_from(&m.network, "network")?,
                id: id_from(&m.id, "id")?,
                changes: changes_from_pb(m.changes)?,
            }
        }
        "needs.activity_changed" => {
            let m: pb::ActivityChanged = message(t, payload)?;
            E::ActivityChanged { id: id_from(&m.id, "id")?, changes: changes_from_pb(m.changes)? }
        }
        "needs.activity_removed" => {
            E::ActivityRemoved { id: id_from(&message::<pb::ActivityRemoved>(t, payload)?.id, "id")? }
        }
        other => return Err(format!("{other} is not a needs-map event")),
    })
}
