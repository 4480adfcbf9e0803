//! An actor in full: fields, status, notes, contacts, capacity, and what
//! derives from other aggregates (platforms, activities).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::actor::{ActorState, ContactPerson, Status};
use crate::domain::ids::Slug;
use crate::domain::links::linked_actors;
use crate::domain::value::Value;
use crate::projections::freshness::{has_free_capacity, is_fresh};
use crate::projections::model::Model;

/// A record nobody reviewed for this long is due for the yearly revision.
pub const REVIEW_AFTER: Duration = Duration::days(365);

/// A note as shown.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct NoteView {
    /// Its id.
    pub id: Uuid,
    /// Its text.
    pub text: String,
    /// Coordinators only.
    pub private: bool,
}

/// A contact person as shown; erased people show only that they were.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ContactView {
    /// The person's id.
    pub id: Uuid,
    /// The person's data, unless erased.
    #[serde(flatten)]
    pub person: ContactPerson,
    /// Erased on request.
    pub erased: bool,
}

/// Capacity in one unit as shown.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct CapacityView {
    /// The unit.
    pub unit: String,
    /// The registered maximum.
    pub max: Option<u32>,
    /// Free now (latest announcement).
    pub free: Option<u32>,
    /// Occupied now.
    pub occupied: Option<u32>,
    /// Waiting.
    pub waiting: Option<u32>,
    /// Until when the announcement holds.
    pub valid_until: Option<DateTime<Utc>>,
    /// Its note.
    pub note: String,
    /// When it was announced.
    pub announced_at: Option<DateTime<Utc>>,
    /// Too old or past its validity: not to be relied on.
    pub stale: bool,
}

/// A platform an actor takes part in.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Participation {
    /// The platform.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// `coordinator` or `member`.
    pub role: &'static str,
    /// Whether the platform is still active.
    pub active: bool,
}

/// An activity an actor is linked to.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ActivityLink {
    /// The activity.
    pub id: Uuid,
    /// Its text.
    pub text: String,
    /// Its need area.
    pub area: String,
    /// prevention or intervention.
    pub stage: String,
}

/// An actor in full.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ActorView {
    /// Its id.
    pub id: Uuid,
    /// Its network.
    pub network: Option<Slug>,
    /// The version to send in `If-Match` to change it.
    pub version: u64,
    /// The log position of its last change.
    pub position: u64,
    /// Its fields by code.
    pub fields: BTreeMap<String, Value>,
    /// Active, temporarily closed or ended.
    pub status: Status,
    /// Since when (effective date).
    pub status_since: Option<DateTime<Utc>>,
    /// When it was entered.
    pub registered_at: Option<DateTime<Utc>>,
    /// When it was last reviewed.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Not reviewed in the last 12 months.
    pub review_due: bool,
    /// Its notes.
    pub notes: Vec<NoteView>,
    /// Its contact persons.
    pub contacts: Vec<ContactView>,
    /// Capacity per registered or announced unit.
    pub capacity: Vec<CapacityView>,
    /// Has a fresh announcement of free places.
    pub free_capacity: bool,
    /// Platforms it coordinates or belongs to (derived from the platforms).
    pub platforms: Vec<Participation>,
    /// Activities of the needs map it is linked to.
    pub activities: Vec<ActivityLink>,
    /// Changes recorded to take effect later, soonest first: the record
    /// shows them as "from {date}" and they apply on that date.
    pub scheduled: Vec<ScheduledChange>,
}

/// A change of a record that takes effect later.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ScheduledChange {
    /// When it takes effect.
    pub effective_at: DateTime<Utc>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Its log position.
    pub position: u64,
    /// The event type, e.g. `actor.changed`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The fields it sets (`old` is the value now).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<crate::domain::value::FieldChange>,
    /// The status it sets, if it sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

/// The scheduled changes of actor `id`, soonest first.
pub fn scheduled(model: &Model, id: &Uuid) -> Vec<ScheduledChange> {
    let stream = format!("actor-{id}");
    let fields = model.actors.get(id).map(|a| a.entry.state.fields.clone()).unwrap_or_default();
    model
        .schedule
        .of_stream(&stream)
        .map(|s| {
            use crate::domain::actor::ActorEvent as E;
            let (changes, status) = match &s.domain {
                crate::events::DomainEvent::Actor(E::Registered { changes, .. } | E::Changed { changes }) => (
                    changes
                        .iter()
                        .map(|c| crate::domain::value::FieldChange {
                            field: c.field.clone(),
                            old: fields.get(&c.field).cloned(),
                            new: c.new.clone(),
                        })
                        .collect(),
                    None,
                ),
                crate::events::DomainEvent::Actor(E::StatusChanged { to, .. }) => (Vec::new(), Some(*to)),
                _ => (Vec::new(), None),
            };
            ScheduledChange {
                effective_at: s.event.effective_at,
                recorded_at: s.event.recorded_at,
                position: s.event.position,
                kind: s.event.event_type.clone(),
                changes,
                status,
            }
        })
        .collect()
}

fn text(fields: &BTreeMap<String, Value>, field: &str) -> String {
    fields.get(field).and_then(Value::as_text).unwrap_or("").to_owned()
}

fn reviewed_or_entered(reviewed: Option<DateTime<Utc>>, entered: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    reviewed.or(entered)
}

/// Whether actor `a`'s record is due for review at `now`: neither reviewed
/// nor entered within [`REVIEW_AFTER`].
pub fn review_due(a: &ActorState, now: DateTime<Utc>) -> bool {
    reviewed_or_entered(a.reviewed_at, a.registered_at).is_none_or(|at| at + REVIEW_AFTER < now)
}

/// An actor in full at `now`; `None` if there is no such actor.
pub fn actor(model: &Model, id: &Uuid, now: DateTime<Utc>) -> Option<ActorView> {
    let entry = model.actors.get(id)?;
    let a: &ActorState = &entry.entry.state;
    let network = a.network.clone()?;
    let stale_days = model.networks.get(&network).map_or(14, |n| n.state.stale_days());
    let mut units: BTreeSet<String> = a.capacity.keys().cloned().collect();
    if let Some(Value::Capacities(limits)) = a.fields.get("capacities") {
        units.extend(limits.iter().map(|l| l.unit.clone()));
    }
    let capacity = units
        .into_iter()
        .map(|unit| {
            let latest = a.capacity.get(&unit);
            CapacityView {
                max: a.registered_capacity(&unit),
                free: latest.map(|(c, _)| c.free),
                occupied: latest.and_then(|(c, _)| c.occupied),
                waiting: latest.and_then(|(c, _)| c.waiting),
                valid_until: latest.and_then(|(c, _)| c.valid_until),
                note: latest.map(|(c, _)| c.note.clone()).unwrap_or_default(),
                announced_at: latest.map(|(_, at)| *at),
                stale: latest.is_none_or(|(c, at)| !is_fresh(c.valid_until, *at, stale_days, now)),
                unit,
            }
        })
        .collect();
    let platforms = model
        .memberships
        .get(id)
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let platform = &model.platforms.get(p)?.state;
            let coordinates = linked_actors(platform.fields.get("coordinators")).contains(id);
            Some(Participation {
                id: *p,
                name: text(&platform.fields, "name"),
                role: if coordinates { "coordinator" } else { "member" },
                active: platform.ended_at.is_none(),
            })
        })
        .collect();
    let activities = model
        .needs
        .get(&network)
        .map(|needs| {
            needs
                .state
                .activities
                .iter()
                .filter(|(_, f)| linked_actors(f.get("actors")).contains(id))
                .map(|(aid, f)| ActivityLink {
                    id: *aid,
                    text: text(f, "text"),
                    area: text(f, "area"),
                    stage: text(f, "stage"),
                })
                .collect()
        })
        .unwrap_or_default();
    Some(ActorView {
        id: *id,
        network: Some(network),
        version: entry.entry.version,
        position: entry.entry.position,
        fields: a.fields.as_ref().clone(),
        status: a.status,
        status_since: a.status_since,
        registered_at: a.registered_at,
        reviewed_at: a.reviewed_at,
        review_due: review_due(a, now),
        notes: a.notes.iter().map(|(id, n)| NoteView { id: *id, text: n.text.clone(), private: n.private }).collect(),
        contacts: a
            .contacts
            .iter()
            .map(|(id, p)| ContactView { id: *id, person: p.clone(), erased: p.erased })
            .collect(),
        capacity,
        scheduled: scheduled(model, id),
        free_capacity: has_free_capacity(a, stale_days, now),
        platforms,
        activities,
    })
}
