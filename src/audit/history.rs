//! The history of one record (an actor or a platform): every event of its
//! stream, newest first, as an auditor reads it — what changed (field by
//! field, old and new), who changed it, when it was recorded and when it
//! took effect. What a reader may not see is cut out, by the same rules as
//! the record's view: private notes for the network's coordinators only,
//! platform evaluations for its coordinators and members, minutes and
//! outcomes also for the region's coordinators.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value as Json, json};

use crate::domain::actor::ActorEvent;
use crate::domain::platform::PlatformEvent;
use crate::domain::value::FieldChange;
use crate::events::{DomainEvent, PersonalData, decode};
use crate::log::{Position, RecordedEvent};

/// What a reader may see of a record's history.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sight {
    /// Private notes (the network's coordinators).
    pub private_notes: bool,
    /// Platform evaluations (coordinators and the platform's members).
    pub evaluations: bool,
    /// Meeting minutes and outcomes (also the region's coordinators).
    pub minutes: bool,
}

/// One change of a record.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Change {
    /// Its log position.
    pub position: Position,
    /// The record's version after it.
    pub version: u64,
    /// The event type, e.g. `actor.changed`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// When it took effect.
    pub effective_at: DateTime<Utc>,
    /// Who made it (`user:{id}`, `system:…`).
    pub author: String,
    /// The fields it changed, with old and new values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
    /// What else it says (a status, a note, a meeting…), as the reader may
    /// see it.
    #[serde(skip_serializing_if = "Json::is_null")]
    pub detail: Json,
}

impl Change {
    /// The line of event `e`, saying `changes` and `detail`.
    fn of(e: RecordedEvent, changes: Vec<FieldChange>, detail: Json) -> Self {
        Self {
            position: e.position,
            version: e.version,
            kind: e.event_type,
            recorded_at: e.recorded_at,
            effective_at: e.effective_at,
            author: e.author,
            changes,
            detail,
        }
    }
}

const HIDDEN: &str = "(skryto)";

fn actor_detail(event: ActorEvent, sight: Sight) -> (Vec<FieldChange>, Json) {
    use ActorEvent as E;
    let note = |id, note: crate::domain::actor::Note| {
        let text = if note.private && !sight.private_notes { json!(HIDDEN) } else { json!(note.text) };
        json!({"note": id, "private": note.private, "text": text})
    };
    match event {
        E::Registered { changes, .. } | E::Changed { changes } => (changes, Json::Null),
        E::StatusChanged { from, to } => (Vec::new(), json!({"from": from, "to": to})),
        E::Reviewed => (Vec::new(), Json::Null),
        E::NoteAdded { id, note: n } | E::NoteEdited { id, note: n } => (Vec::new(), note(id, n)),
        E::NoteRemoved { id } | E::ContactRemoved { id } | E::ContactErased { id } => (Vec::new(), json!({"id": id})),
        E::ContactAdded { id, person } | E::ContactChanged { id, person } => {
            (Vec::new(), json!({"id": id, "person": person}))
        }
        E::CapacityAnnounced { capacity } => (Vec::new(), json!({"capacity": capacity})),
    }
}

fn platform_detail(event: PlatformEvent, sight: Sight) -> (Vec<FieldChange>, Json) {
    use PlatformEvent as E;
    let hidden = |visible: bool, text: String| if visible { json!(text) } else { json!(HIDDEN) };
    match event {
        E::Founded { changes, .. } | E::Changed { changes } => (changes, Json::Null),
        E::Evaluated { text } => (Vec::new(), json!({"text": hidden(sight.evaluations, text)})),
        E::Ended => (Vec::new(), Json::Null),
        E::MeetingScheduled { id, date, place, agenda } => {
            (Vec::new(), json!({"meeting": id, "date": date, "place": place, "agenda": agenda}))
        }
        E::MeetingHeld { id, date, place, agenda, attendees, others, minutes } => (
            Vec::new(),
            json!({"meeting": id, "date": date, "place": place, "agenda": agenda, "attendees": attendees,
                "others": others, "minutes": hidden(sight.minutes, minutes)}),
        ),
        E::MeetingCancelled { id, reason } => (Vec::new(), json!({"meeting": id, "reason": reason})),
        E::OutcomeRecorded { id, meeting, kind, text, owner, due } => (
            Vec::new(),
            json!({"outcome": id, "meeting": meeting, "kind": kind, "text": hidden(sight.minutes, text),
                "owner": owner, "due": due}),
        ),
        E::TaskStatusChanged { id, from, to } => (Vec::new(), json!({"outcome": id, "from": from, "to": to})),
    }
}

/// The changes of a record from its stream's events (any order), newest
/// first on the effective clock (then by position), cut to what `sight`
/// allows. Each field change's `old` is the value before it on that clock
/// — what the field held just before the change took effect, whatever it
/// held when the change was recorded — so every line's `old` is the `new`
/// of the line below it. Events that do not decode are left out (`uzel
/// check` reports them).
pub fn changes(events: Vec<RecordedEvent>, keys: &dyn PersonalData, sight: Sight) -> Vec<Change> {
    let mut out: Vec<Change> = events
        .into_iter()
        .filter_map(|e| {
            let (changes, detail) = match decode(&e.event_type, e.schema, &e.payload, keys).ok()? {
                DomainEvent::Actor(a) => actor_detail(a, sight),
                DomainEvent::Platform(p) => platform_detail(p, sight),
                _ => return None,
            };
            Some(Change::of(e, changes, detail))
        })
        .collect();
    out.sort_by_key(|c| (c.effective_at, c.position));
    let mut values: std::collections::BTreeMap<String, Option<crate::domain::value::Value>> =
        std::collections::BTreeMap::new();
    for change in &mut out {
        for field in &mut change.changes {
            field.old = values.get(&field.field).cloned().flatten();
            values.insert(field.field.clone(), field.new.clone());
        }
    }
    out.reverse();
    out
}

/// The reviews of record `id` that the yearly revision marked together with
/// others (`network.records_reviewed` events of its network's stream), as
/// history lines: a review is a change of the record too.
pub fn bulk_reviews(network_events: Vec<RecordedEvent>, id: uuid::Uuid, keys: &dyn PersonalData) -> Vec<Change> {
    network_events
        .into_iter()
        .filter(|e| e.event_type == "network.records_reviewed")
        .filter_map(|e| match decode(&e.event_type, e.schema, &e.payload, keys).ok()? {
            DomainEvent::Network(crate::domain::network::NetworkEvent::RecordsReviewed {
                actors, platforms, ..
            }) if actors.contains(&id) || platforms.contains(&id) => {
                let with_others = actors.len() + platforms.len() > 1;
                Some(Change::of(e, Vec::new(), json!({"reviewed": true, "with_others": with_others})))
            }
            _ => None,
        })
        .collect()
}

/// A record's own changes and its reviews with others, newest first on the
/// effective clock.
pub fn merge(mut own: Vec<Change>, reviews: Vec<Change>) -> Vec<Change> {
    own.extend(reviews);
    own.sort_by_key(|c| std::cmp::Reverse((c.effective_at, c.position)));
    own
}
