//! The actor aggregate: one entry of the network actors template (seed 004,
//! §2.2) — a service, school, doctor, police unit, NGO, volunteer group —
//! with its fields, status, notes, contact persons and capacity.
//!
//! Every change is recorded field by field (`FieldChange`), so the audit can
//! say exactly what changed. Contact persons are personal data: the domain
//! sees them in the clear; the event store seals them (see `crate::events`).
//! What an actor holds — its status, notes, contact persons and capacity
//! announcements — is `actor_parts.rs`.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::actor_fields::check_value;
pub use super::actor_parts::{Announcements, Capacity, ContactPerson, Note, Status};
use super::error::{DomainError, Problems};
use super::ids::Slug;
use super::network::NetworkState;
use super::text::{email, optional_text, phone, required_text};
use super::value::{FieldChange, Value, apply, diff};

/// When commands run: the clock, and the date the change takes effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ctx {
    /// Now.
    pub now: DateTime<Utc>,
    /// When the change takes effect (now unless the user says otherwise).
    pub effective_at: DateTime<Utc>,
}

impl Ctx {
    /// A change that takes effect now.
    pub fn now(now: DateTime<Utc>) -> Self {
        Self { now, effective_at: now }
    }
}

/// How far ahead a change may be dated.
pub const MAX_FUTURE_EFFECT: Duration = Duration::days(31);

/// What can be asked of an actor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActorCommand {
    /// Enter a new actor in a network.
    Register { network: Slug, fields: Vec<(String, Value)> },
    /// Change fields; `None` or an empty value clears one.
    Change { fields: Vec<(String, Option<Value>)> },
    /// Set the status.
    SetStatus { status: Status },
    /// Mark the entry reviewed (the yearly revision).
    MarkReviewed,
    /// Add a note.
    AddNote { id: Uuid, note: Note },
    /// Replace a note.
    EditNote { id: Uuid, note: Note },
    /// Remove a note.
    RemoveNote { id: Uuid },
    /// Add a contact person.
    AddContact { id: Uuid, person: ContactPerson },
    /// Replace a contact person's details.
    ChangeContact { id: Uuid, person: ContactPerson },
    /// Remove a contact person.
    RemoveContact { id: Uuid },
    /// Record that a contact person's data was erased on request (their key
    /// is deleted outside the log first).
    RecordErasure { id: Uuid },
    /// Announce current capacity in one unit.
    AnnounceCapacity { capacity: Capacity },
}

/// What happened to an actor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActorEvent {
    /// `actor.registered`: entered with these fields.
    Registered { network: Slug, changes: Vec<FieldChange> },
    /// `actor.changed`: these fields changed.
    Changed { changes: Vec<FieldChange> },
    /// `actor.status_changed`
    StatusChanged { from: Status, to: Status },
    /// `actor.reviewed`
    Reviewed,
    /// `actor.note_added`
    NoteAdded { id: Uuid, note: Note },
    /// `actor.note_edited`
    NoteEdited { id: Uuid, note: Note },
    /// `actor.note_removed`
    NoteRemoved { id: Uuid },
    /// `actor.contact_added`
    ContactAdded { id: Uuid, person: ContactPerson },
    /// `actor.contact_changed`
    ContactChanged { id: Uuid, person: ContactPerson },
    /// `actor.contact_removed`
    ContactRemoved { id: Uuid },
    /// `actor.contact_erased`: the person's data was erased for good.
    ContactErased { id: Uuid },
    /// `actor.capacity_announced`
    CapacityAnnounced { capacity: Capacity },
}

/// An actor's state, folded from its events.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ActorState {
    /// The network it belongs to, once registered.
    pub network: Option<Slug>,
    /// Its fields by code (shared between copies of the state until one
    /// changes them).
    pub fields: std::sync::Arc<BTreeMap<String, Value>>,
    /// Its status and since when (effective date).
    pub status: Status,
    /// When the status took effect.
    pub status_since: Option<DateTime<Utc>>,
    /// When it was entered (effective date).
    pub registered_at: Option<DateTime<Utc>>,
    /// When it was last reviewed (effective date).
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Its notes.
    pub notes: BTreeMap<Uuid, Note>,
    /// Its contact persons. Never serialized with the rest: a snapshot of
    /// the read models keeps them sealed under their person's key
    /// (`live::snapshot`), so an erasure holds there too.
    #[serde(skip)]
    pub contacts: BTreeMap<Uuid, ContactPerson>,
    /// The latest announcement per unit, with its effective date.
    pub capacity: Announcements,
}

fn check_note(note: Note) -> Result<Note, DomainError> {
    let text = required_text("text", &note.text, 4000).map_err(|e| DomainError::invalid("text", e))?;
    Ok(Note { text, private: note.private })
}

fn check_person(person: ContactPerson) -> Result<ContactPerson, DomainError> {
    let mut problems = Problems::default();
    let name = problems.check("name", required_text("name", &person.name, 120));
    let role = problems.check("role", optional_text("role", &person.role, 120));
    let mail = person.email.filter(|e| !e.trim().is_empty()).map(|e| problems.check("email", email(&e)));
    let tel = person.phone.filter(|p| !p.trim().is_empty()).map(|p| problems.check("phone", phone(&p)));
    problems.finish()?;
    Ok(ContactPerson {
        name: name.unwrap_or_default(),
        email: mail.flatten(),
        phone: tel.flatten(),
        role: role.unwrap_or_default(),
        public: person.public,
        erased: false,
    })
}

impl ActorState {
    /// Whether the actor exists.
    pub fn exists(&self) -> bool {
        self.network.is_some()
    }

    /// Its name.
    pub fn name(&self) -> &str {
        self.fields.get("name").and_then(Value::as_text).unwrap_or("")
    }

    /// The registered maximum for a capacity unit.
    pub fn registered_capacity(&self, unit: &str) -> Option<u32> {
        match self.fields.get("capacities") {
            Some(Value::Capacities(limits)) => limits.iter().find(|l| l.unit == unit).map(|l| l.max),
            _ => None,
        }
    }

    /// Decides a command against the actor and its network.
    pub fn decide(
        &self,
        network: &NetworkState,
        command: ActorCommand,
        ctx: Ctx,
    ) -> Result<Vec<ActorEvent>, DomainError> {
        use ActorCommand as C;
        use ActorEvent as E;
        if ctx.effective_at > ctx.now + MAX_FUTURE_EFFECT {
            return Err(DomainError::invalid("effective_at", "a change can take effect at most 31 days ahead"));
        }
        if let C::Register { network: slug, fields } = command {
            if self.exists() {
                return Err(DomainError::Conflict("this actor exists already".into()));
            }
            if network.slug.as_ref() != Some(&slug) {
                return Err(DomainError::NotFound(format!("network {slug}")));
            }
            let mut problems = Problems::default();
            let named = fields.iter().any(|(f, _)| f == "name");
            let mut wanted = Vec::new();
            for (field, value) in fields {
                if let Some(v) = problems.check(&field, check_value(network, &field, &value)) {
                    wanted.push((field, Some(v)));
                }
            }
            if !named {
                problems.add("name", "an actor needs a name");
            }
            problems.finish()?;
            return Ok(vec![E::Registered { network: slug, changes: diff(&BTreeMap::new(), &wanted) }]);
        }
        if !self.exists() {
            return Err(DomainError::NotFound("actor".into()));
        }
        if self.registered_at.is_some_and(|at| ctx.effective_at < at) {
            return Err(DomainError::invalid(
                "effective_at",
                "a change cannot take effect before the actor was entered",
            ));
        }
        let events = match command {
            C::Register { .. } => unreachable!("handled above"),
            C::Change { fields } => {
                let mut problems = Problems::default();
                let mut wanted = Vec::new();
                for (field, value) in fields {
                    let checked = match value {
                        None => check_value(network, &field, &Value::Text(String::new())).map(|_| None),
                        Some(v) => check_value(network, &field, &v).map(Some),
                    };
                    if let Some(v) = problems.check(&field, checked) {
                        wanted.push((field, v));
                    }
                }
                problems.finish()?;
                let changes = diff(&self.fields, &wanted);
                if changes.is_empty() { vec![] } else { vec![E::Changed { changes }] }
            }
            C::SetStatus { status } if status == self.status => vec![],
            C::SetStatus { status } => vec![E::StatusChanged { from: self.status, to: status }],
            C::MarkReviewed => vec![E::Reviewed],
            C::AddNote { id, note } => {
                if self.notes.contains_key(&id) {
                    return Err(DomainError::Conflict(format!("note {id} exists already")));
                }
                vec![E::NoteAdded { id, note: check_note(note)? }]
            }
            C::EditNote { id, note } => {
                let current = self.notes.get(&id).ok_or_else(|| DomainError::NotFound(format!("note {id}")))?;
                let note = check_note(note)?;
                if *current == note { vec![] } else { vec![E::NoteEdited { id, note }] }
            }
            C::RemoveNote { id } => {
                self.notes.get(&id).ok_or_else(|| DomainError::NotFound(format!("note {id}")))?;
                vec![E::NoteRemoved { id }]
            }
            C::AddContact { id, person } => {
                if self.contacts.contains_key(&id) {
                    return Err(DomainError::Conflict(format!("contact person {id} exists already")));
                }
                vec![E::ContactAdded { id, person: check_person(person)? }]
            }
            C::ChangeContact { id, person } => {
                let current =
                    self.contacts.get(&id).ok_or_else(|| DomainError::NotFound(format!("contact person {id}")))?;
                if current.erased {
                    return Err(DomainError::Conflict(
                        "this person's data was erased for good; add the person again as a new contact".into(),
                    ));
                }
                let person = check_person(person)?;
                if *current == person { vec![] } else { vec![E::ContactChanged { id, person }] }
            }
            C::RemoveContact { id } => {
                self.contacts.get(&id).ok_or_else(|| DomainError::NotFound(format!("contact person {id}")))?;
                vec![E::ContactRemoved { id }]
            }
            C::RecordErasure { id } => match self.contacts.get(&id) {
                None => return Err(DomainError::NotFound(format!("contact person {id}"))),
                Some(person) if person.erased => vec![],
                Some(_) => vec![E::ContactErased { id }],
            },
            C::AnnounceCapacity { capacity } => {
                vec![E::CapacityAnnounced { capacity: self.check_capacity(capacity, ctx)? }]
            }
        };
        Ok(events)
    }

    fn check_capacity(&self, capacity: Capacity, ctx: Ctx) -> Result<Capacity, DomainError> {
        if self.status != Status::Active {
            return Err(DomainError::Conflict(format!(
                "a {} actor cannot announce capacity",
                self.status.code().replace('_', " ")
            )));
        }
        let mut problems = Problems::default();
        match self.registered_capacity(&capacity.unit) {
            None => problems.add(
                "unit",
                format!(
                    "the actor has no registered capacity in {:?}; register it in the capacities field first",
                    capacity.unit
                ),
            ),
            Some(max) => {
                if capacity.free > max {
                    problems
                        .add("free", format!("{} free is more than the registered maximum of {max}", capacity.free));
                }
                if let Some(occupied) = capacity.occupied
                    && occupied.saturating_add(capacity.free) > max
                {
                    problems
                        .add("occupied", format!("free and occupied together exceed the registered maximum of {max}"));
                }
            }
        }
        if capacity.valid_until.is_some_and(|until| until <= ctx.now) {
            problems.add("valid_until", "valid_until must lie in the future");
        }
        if ctx.effective_at > ctx.now {
            problems.add(
                "effective_at",
                "a capacity announcement says what is free now or was free then; it cannot take effect later \
                 (announce it on the day, or give valid_until for how long it holds)",
            );
        }
        let note = problems.check("note", optional_text("note", &capacity.note, 500));
        problems.finish()?;
        Ok(Capacity { note: note.unwrap_or_default(), ..capacity })
    }

    /// Applies an event that took effect at `at`.
    pub fn apply(&mut self, event: &ActorEvent, at: DateTime<Utc>) {
        use ActorEvent as E;
        match event {
            E::Registered { network, changes } => {
                self.network = Some(network.clone());
                self.registered_at = Some(at);
                self.status_since = Some(at);
                apply(std::sync::Arc::make_mut(&mut self.fields), changes);
            }
            E::Changed { changes } => apply(std::sync::Arc::make_mut(&mut self.fields), changes),
            E::StatusChanged { to, .. } => {
                self.status = *to;
                self.status_since = Some(at);
            }
            E::Reviewed => self.reviewed_at = self.reviewed_at.max(Some(at)),
            E::NoteAdded { id, note } | E::NoteEdited { id, note } => {
                self.notes.insert(*id, note.clone());
            }
            E::NoteRemoved { id } => {
                self.notes.remove(id);
            }
            E::ContactAdded { id, person } | E::ContactChanged { id, person } => {
                self.contacts.insert(*id, person.clone());
            }
            E::ContactRemoved { id } => {
                self.contacts.remove(id);
            }
            E::ContactErased { id } => {
                if let Some(person) = self.contacts.get_mut(id) {
                    *person = ContactPerson { public: person.public, erased: true, ..ContactPerson::default() };
                }
            }
            E::CapacityAnnounced { capacity } => {
                self.capacity.insert(capacity.clone(), at);
            }
        }
    }
}
