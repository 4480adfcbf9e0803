//! `actor.*` events. Contact persons' name, e-mail and phone are sealed with
//! the person's key on the way in and opened on the way out; an erased key
//! leaves them erased.

use uuid::Uuid;

use super::common::{
    DecodeError, bytes, changes_from_pb, changes_to_pb, id_bytes, id_from, message, micros, slug_from, time_from,
};
use crate::domain::actor::{ActorEvent, Capacity, ContactPerson, Note, Status};
use crate::proto::events::v1 as pb;

/// Every `actor.*` type this build writes and reads.
pub const TYPES: &[&str] = &[
    "actor.registered",
    "actor.changed",
    "actor.status_changed",
    "actor.reviewed",
    "actor.note_added",
    "actor.note_edited",
    "actor.note_removed",
    "actor.contact_added",
    "actor.contact_changed",
    "actor.contact_removed",
    "actor.contact_erased",
    "actor.capacity_announced",
];

/// Seals and opens personal data with a key per person, kept outside the
/// log (see `crate::personal`).
pub trait PersonalData: Send + Sync {
    /// Seals `plaintext` with `person`'s key (creating the key if need be).
    /// Fails if the person was erased.
    fn seal(&self, person: Uuid, plaintext: &str) -> Result<pb::Sealed, String>;
    /// Opens a sealed field; `None` if the person's key was erased.
    fn open(&self, person: Uuid, sealed: &pb::Sealed) -> Option<String>;
    /// Forgets what is cached of `person`'s key: another process on the
    /// same store may have erased it (the projector calls this when it
    /// applies an erasure).
    fn forget(&self, person: Uuid) {
        let _ = person;
    }
}

/// No keys at all: every sealed field reads as erased, and nothing can be
/// sealed. For checking a log's structure offline.
pub struct NoKeys;

impl PersonalData for NoKeys {
    fn seal(&self, _: Uuid, _: &str) -> Result<pb::Sealed, String> {
        Err("no key store: personal data cannot be written".into())
    }
    fn open(&self, _: Uuid, _: &pb::Sealed) -> Option<String> {
        None
    }
}

fn status(status: Status) -> pb::ActorStatus {
    match status {
        Status::Active => pb::ActorStatus::Active,
        Status::TemporarilyClosed => pb::ActorStatus::TemporarilyClosed,
        Status::Ended => pb::ActorStatus::Ended,
    }
}

fn status_from(code: i32) -> Result<Status, DecodeError> {
    match pb::ActorStatus::try_from(code) {
        Ok(pb::ActorStatus::Active) => Ok(Status::Active),
        Ok(pb::ActorStatus::TemporarilyClosed) => Ok(Status::TemporarilyClosed),
        Ok(pb::ActorStatus::Ended) => Ok(Status::Ended),
        _ => Err(format!("unknown actor status {code}")),
    }
}

fn note(id: &Uuid, note: &Note) -> Vec<u8> {
    bytes(&pb::ActorNote { id: id_bytes(id), text: note.text.clone(), private: note.private })
}

fn contact(id: &Uuid, person: &ContactPerson, keys: &dyn PersonalData) -> Result<Vec<u8>, String> {
    let seal = |text: &str| keys.seal(*id, text);
    Ok(bytes(&pb::ActorContact {
        id: id_bytes(id),
        name: Some(seal(&person.name)?),
        email: person.email.as_deref().map(seal).transpose()?,
        phone: person.phone.as_deref().map(seal).transpose()?,
        role: String::new(),
        public: person.public,
        sealed_role: Some(seal(&person.role)?).filter(|_| !person.role.is_empty()),
    }))
}

/// A contact person sealed as an `actor.contact_added` payload holds it:
/// how a snapshot of the read models keeps personal data, so that erasing
/// the person makes that copy unreadable too. An erased person (or one
/// whose key is gone) is kept as erased.
pub fn seal_contact(id: &Uuid, person: &ContactPerson, keys: &dyn PersonalData) -> Vec<u8> {
    if !person.erased
        && let Ok(sealed) = contact(id, person, keys)
    {
        return sealed;
    }
    bytes(&pb::ActorContact { id: id_bytes(id), public: person.public, ..pb::ActorContact::default() })
}

/// A contact person [`seal_contact`] sealed: erased if its person's key is
/// gone.
pub fn open_contact(payload: &[u8], keys: &dyn PersonalData) -> Result<(Uuid, ContactPerson), DecodeError> {
    contact_from("actor.contact_added", payload, keys)
}

/// The type and payload of an event; fails only if personal data cannot be
/// sealed (the person was erased).
pub fn encode(event: &ActorEvent, keys: &dyn PersonalData) -> Result<(&'static str, Vec<u8>), String> {
    use ActorEvent as E;
    Ok(match event {
        E::Registered { network, changes } => (
            "actor.registered",
            bytes(&pb::ActorRegistered { network: network.to_string(), changes: changes_to_pb(changes) }),
        ),
        E::Changed { changes } => ("actor.changed", bytes(&pb::ActorChanged { changes: changes_to_pb(changes) })),
        E::StatusChanged { from, to } => (
            "actor.status_changed",
            bytes(&pb::ActorStatusChanged { from: status(*from).into(), to: status(*to).into() }),
        ),
        E::Reviewed => ("actor.reviewed", bytes(&pb::ActorReviewed {})),
        E::NoteAdded { id, note: n } => ("actor.note_added", note(id, n)),
        E::NoteEdited { id, note: n } => ("actor.note_edited", note(id, n)),
        E::NoteRemoved { id } => ("actor.note_removed", bytes(&pb::ActorNoteRemoved { id: id_bytes(id) })),
        E::ContactAdded { id, person } => ("actor.contact_added", contact(id, person, keys)?),
        E::ContactChanged { id, person } => ("actor.contact_changed", contact(id, person, keys)?),
        E::ContactRemoved { id } => ("actor.contact_removed", bytes(&pb::ActorContactRemoved { id: id_bytes(id) })),
        E::ContactErased { id } => ("actor.contact_erased", bytes(&pb::ActorContactErased { id: id_bytes(id) })),
        E::CapacityAnnounced { capacity } => (
            "actor.capacity_announced",
            bytes(&pb::CapacityAnnounced {
                unit: capacity.unit.clone(),
                free: capacity.free,
                occupied: capacity.occupied,
                waiting: capacity.waiting,
                valid_until_us: capacity.valid_until.as_ref().map(micros),
                note: capacity.note.clone(),
            }),
        ),
    })
}

fn note_from(t: &str, payload: &[u8]) -> Result<(Uuid, Note), DecodeError> {
    let m: pb::ActorNote = message(t, payload)?;
    Ok((id_from(&m.id, "id")?, Note { text: m.text, private: m.private }))
}

fn contact_from(t: &str, payload: &[u8], keys: &dyn PersonalData) -> Result<(Uuid, ContactPerson), DecodeError> {
    let m: pb::ActorContact = message(t, payload)?;
    let id = id_from(&m.id, "id")?;
    let name = m.name.as_ref().and_then(|s| keys.open(id, s));
    let person = match name {
        Some(name) => ContactPerson {
            name,
            email: m.email.as_ref().and_then(|s| keys.open(id, s)),
            phone: m.phone.as_ref().and_then(|s| keys.open(id, s)),
            role: match &m.sealed_role {
                Some(sealed) => keys.open(id, sealed).unwrap_or_default(),
                None => m.role,
            },
            public: m.public,
            erased: false,
        },
        None => ContactPerson { public: m.public, erased: true, ..ContactPerson::default() },
    };
    Ok((id, person))
}

/// The event a stored payload holds.
pub fn decode(t: &str, payload: &[u8], keys: &dyn PersonalData) -> Result<ActorEvent, DecodeError> {
    use ActorEvent as E;
    Ok(match t {
        "actor.registered" => {
            let m: pb::ActorRegistered = message(t, payload)?;
            E::Registered { network: slug_from(&m.network, "network")?, changes: changes_from_pb(m.changes)? }
        }
        "actor.changed" => E::Changed { changes: changes_from_pb(message::<pb::ActorChanged>(t, payload)?.changes)? },
        "actor.status_changed" => {
            let m: pb::ActorStatusChanged = message(t, payload)?;
            E::StatusChanged { from: status_from(m.from)?, to: status_from(m.to)? }
        }
        "actor.reviewed" => {
            message::<pb::ActorReviewed>(t, payload)?;
            E::Reviewed
        }
        "actor.note_added" => {
            let (id, note) = note_from(t, payload)?;
            E::NoteAdded { id, note }
        }
        "actor.note_edited" => {
            let (id, note) = note_from(t, payload)?;
            E::NoteEdited { id, note }
        }
        "actor.note_removed" => E::NoteRemoved { id: id_from(&message::<pb::ActorNoteRemoved>(t, payload)?.id, "id")? },
        "actor.contact_added" => {
            let (id, person) = contact_from(t, payload, keys)?;
            E::ContactAdded { id, person }
        }
        "actor.contact_changed" => {
            let (id, person) = contact_from(t, payload, keys)?;
            E::ContactChanged { id, person }
        }
        "actor.contact_removed" => {
            E::ContactRemoved { id: id_from(&message::<pb::ActorContactRemoved>(t, payload)?.id, "id")? }
        }
        "actor.contact_erased" => {
            E::ContactErased { id: id_from(&message::<pb::ActorContactErased>(t, payload)?.id, "id")? }
        }
        "actor.capacity_announced" => {
            let m: pb::CapacityAnnounced = message(t, payload)?;
            E::CapacityAnnounced {
                capacity: Capacity {
                    unit: m.unit,
                    free: m.free,
                    occupied: m.occupied,
                    waiting: m.waiting,
                    valid_until: m.valid_until_us.map(|us| time_from(us, "valid_until")).transpose()?,
                    note: m.note,
                },
            }
        }
        other => return Err(format!("{other} is not an actor event")),
    })
}
