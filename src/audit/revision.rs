//! The yearly revision as a coordinator works through it: the network's
//! actors, platforms and activities not reviewed within a period (a year by
//! default) — counted from the last review, or from entry if never reviewed.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::actor::Status;
use crate::domain::ids::Slug;
use crate::domain::value::Value;
use crate::projections::Model;

/// One record due for review.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Due {
    /// The record.
    pub id: Uuid,
    /// Its name (an activity's text).
    pub name: String,
    /// When it was entered (effective).
    pub entered_at: Option<DateTime<Utc>>,
    /// When it was last reviewed (effective); `None`: never.
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// A network's records due for review.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Revision {
    /// The network.
    pub network: Slug,
    /// Records last reviewed (or entered) before this are due.
    pub due_before: DateTime<Utc>,
    /// Records in the revision (active actors and platforms, activities).
    pub records: usize,
    /// Of those, reviewed (or entered) since `due_before`.
    pub up_to_date: usize,
    /// Actors due, longest waiting first.
    pub actors: Vec<Due>,
    /// Platforms due.
    pub platforms: Vec<Due>,
    /// Activities of the needs map due.
    pub activities: Vec<Due>,
}

/// The records of `network` not reviewed (nor entered) in the `months`
/// before `now`.
pub fn due(model: &Model, network: &Slug, now: DateTime<Utc>, months: u32) -> Revision {
    let due_before = now - Duration::days(i64::from(months) * 365 / 12);
    let mut records = 0;
    let mut keep = |list: &mut Vec<Due>, item: Due| {
        records += 1;
        if item.reviewed_at.or(item.entered_at).is_none_or(|at| at < due_before) {
            list.push(item);
        }
    };
    let (mut actors, mut platforms, mut activities) = (Vec::new(), Vec::new(), Vec::new());
    for id in model.actors_by_network.get(network).into_iter().flatten() {
        let Some(a) = model.actors.get(id).map(|a| &a.entry.state) else { continue };
        if a.status != Status::Ended {
            let item =
                Due { id: *id, name: a.name().to_owned(), entered_at: a.registered_at, reviewed_at: a.reviewed_at };
            keep(&mut actors, item);
        }
    }
    for id in model.platforms_by_network.get(network).into_iter().flatten() {
        let Some(p) = model.platforms.get(id).map(|p| &p.state) else { continue };
        if p.ended_at.is_none() {
            let name = p.fields.get("name").and_then(Value::as_text).unwrap_or_default().to_owned();
            keep(&mut platforms, Due { id: *id, name, entered_at: p.founded_at, reviewed_at: p.reviewed_at });
        }
    }
    if let Some(needs) = model.needs.get(network).map(|n| &n.state) {
        for (id, fields) in &needs.activities {
            let name = fields.get("text").and_then(Value::as_text).unwrap_or_default().to_owned();
            let item = Due {
                id: *id,
                name,
                entered_at: needs.added.get(id).copied(),
                reviewed_at: needs.reviewed.get(id).copied(),
            };
            keep(&mut activities, item);
        }
    }
    let waiting = |d: &Due| (d.reviewed_at.or(d.entered_at), crate::projections::czech::sort_key(&d.name));
    for list in [&mut actors, &mut platforms, &mut activities] {
        list.sort_by_cached_key(waiting);
    }
    let due_count = actors.len() + platforms.len() + activities.len();
    Revision {
        network: network.clone(),
        due_before,
        records,
        up_to_date: records - due_count,
        actors,
        platforms,
        activities,
    }
}
