//! The answers to what coordinators and case managers ask: an actor in
//! full, a platform with its meetings, coverage and gaps of a network, and a
//! region's networks side by side. Each is a plain serializable value built
//! from the [`Model`] at one moment.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::directory::{has_free_capacity, is_fresh};
use super::model::Model;
use crate::domain::actor::{ActorState, ContactPerson, Status};
use crate::domain::ids::Slug;
use crate::domain::links::linked_actors;
use crate::domain::need_area::NeedArea;
use crate::domain::network::TermKind;
use crate::domain::platform::{Meeting, MeetingState, Outcome, OutcomeKind, PlatformState, TaskStatus};
use crate::domain::value::Value;

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
}

fn text(fields: &BTreeMap<String, Value>, field: &str) -> String {
    fields.get(field).and_then(Value::as_text).unwrap_or("").to_owned()
}

fn reviewed_or_entered(reviewed: Option<DateTime<Utc>>, entered: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    reviewed.or(entered)
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
        fields: a.fields.clone(),
        status: a.status,
        status_since: a.status_since,
        registered_at: a.registered_at,
        reviewed_at: a.reviewed_at,
        review_due: reviewed_or_entered(a.reviewed_at, a.registered_at).is_none_or(|at| at + REVIEW_AFTER < now),
        notes: a.notes.iter().map(|(id, n)| NoteView { id: *id, text: n.text.clone(), private: n.private }).collect(),
        contacts: a
            .contacts
            .iter()
            .map(|(id, p)| ContactView { id: *id, person: p.clone(), erased: p.erased })
            .collect(),
        capacity,
        free_capacity: has_free_capacity(a, stale_days, now),
        platforms,
        activities,
    })
}

/// A meeting as shown, with its outcomes.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct MeetingView {
    /// Its id.
    pub id: Uuid,
    /// The meeting.
    #[serde(flatten)]
    pub meeting: Meeting,
    /// Its decisions and tasks.
    pub outcomes: Vec<OutcomeView>,
}

/// An outcome as shown.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct OutcomeView {
    /// Its id.
    pub id: Uuid,
    /// The outcome.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// A task past its due date and still open.
    pub overdue: bool,
}

/// Meetings held against the planned frequency.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Attendance {
    /// Planned meetings a year, if set.
    pub planned_per_year: Option<i64>,
    /// Meetings held in the last 12 months.
    pub held_last_12_months: usize,
    /// Meetings scheduled from now on.
    pub scheduled_upcoming: usize,
    /// Held at least as many as planned for the part of the last 12 months
    /// the platform existed; `None` without a plan.
    pub on_track: Option<bool>,
}

/// A platform in full.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct PlatformView {
    /// Its id.
    pub id: Uuid,
    /// Its network.
    pub network: Option<Slug>,
    /// The version to send in `If-Match`.
    pub version: u64,
    /// The log position of its last change.
    pub position: u64,
    /// Its fields.
    pub fields: BTreeMap<String, Value>,
    /// When it was founded.
    pub founded_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub ended_at: Option<DateTime<Utc>>,
    /// Its evaluations, newest first.
    pub evaluations: Vec<Evaluation>,
    /// Its meetings, newest first.
    pub meetings: Vec<MeetingView>,
    /// Meetings held against plan.
    pub attendance: Attendance,
    /// Open tasks by owner actor (`none` for tasks without one).
    pub open_tasks_by_owner: BTreeMap<String, Vec<Uuid>>,
}

/// A dated evaluation.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Evaluation {
    /// When it was written (effective date).
    pub date: DateTime<Utc>,
    /// The evaluation.
    pub text: String,
}

/// Meetings held against the plan at `now`.
pub fn attendance(p: &PlatformState, now: DateTime<Utc>) -> Attendance {
    let year_ago = now - Duration::days(365);
    let held = p
        .meetings
        .values()
        .filter(|m| matches!(m.state, MeetingState::Held { .. }) && m.date > year_ago && m.date <= now)
        .count();
    let upcoming = p.meetings.values().filter(|m| matches!(m.state, MeetingState::Scheduled) && m.date > now).count();
    let planned = p.fields.get("frequency_per_year").and_then(Value::as_number);
    let on_track = planned.map(|per_year| {
        let since = p.founded_at.map_or(year_ago, |f| f.max(year_ago));
        let end = p.ended_at.map_or(now, |e| e.min(now));
        let days = (end - since).num_days().clamp(0, 365);
        let due = (per_year as f64 * days as f64 / 365.0).floor() as usize;
        held >= due
    });
    Attendance { planned_per_year: planned, held_last_12_months: held, scheduled_upcoming: upcoming, on_track }
}

/// A platform in full at `now`; `None` if there is no such platform.
pub fn platform(model: &Model, id: &Uuid, now: DateTime<Utc>) -> Option<PlatformView> {
    let entry = model.platforms.get(id)?;
    let p = &entry.state;
    let outcome_view = |(oid, o): (&Uuid, &Outcome)| OutcomeView {
        id: *oid,
        outcome: o.clone(),
        overdue: o.kind == OutcomeKind::Task && o.status == TaskStatus::Open && o.due.is_some_and(|d| d < now),
    };
    let mut meetings: Vec<MeetingView> = p
        .meetings
        .iter()
        .map(|(mid, m)| MeetingView {
            id: *mid,
            meeting: m.clone(),
            outcomes: p.outcomes.iter().filter(|(_, o)| o.meeting == *mid).map(outcome_view).collect(),
        })
        .collect();
    meetings.sort_by_key(|m| std::cmp::Reverse(m.meeting.date));
    let mut open_tasks_by_owner: BTreeMap<String, Vec<Uuid>> = BTreeMap::new();
    for (oid, o) in &p.outcomes {
        if o.kind == OutcomeKind::Task && o.status == TaskStatus::Open {
            let owner = o.owner.map_or_else(|| "none".to_owned(), |u| u.to_string());
            open_tasks_by_owner.entry(owner).or_default().push(*oid);
        }
    }
    Some(PlatformView {
        id: *id,
        network: p.network.clone(),
        version: entry.version,
        position: entry.position,
        fields: p.fields.clone(),
        founded_at: p.founded_at,
        ended_at: p.ended_at,
        evaluations: p
            .evaluations
            .iter()
            .rev()
            .map(|(date, text)| Evaluation { date: *date, text: text.clone() })
            .collect(),
        meetings,
        attendance: attendance(p, now),
        open_tasks_by_owner,
    })
}

/// Actors counted in one cell of the coverage map.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct Cell {
    /// Actors in all.
    pub actors: usize,
    /// Of them, working preventively (prevention or both).
    pub prevention: usize,
    /// Of them, intervening (intervention or both).
    pub intervention: usize,
}

/// Coverage of one need area.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct AreaCoverage {
    /// The area's code.
    pub area: NeedArea,
    /// Its Czech label.
    pub label_cs: &'static str,
    /// All actors with this primary area.
    #[serde(flatten)]
    pub total: Cell,
    /// Per target group term id.
    pub by_target_group: BTreeMap<Uuid, Cell>,
}

/// A cell of need area × target group.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema)]
pub struct AreaGroup {
    /// The need area.
    pub area: NeedArea,
    /// The target group term.
    pub target_group: Uuid,
}

/// Coverage and gaps of a network.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Coverage {
    /// The place the count is restricted to, if one was asked for.
    pub place: Option<Uuid>,
    /// Per need area, in the fixed order.
    pub areas: Vec<AreaCoverage>,
    /// Need area × target group cells no active actor covers.
    pub uncovered: Vec<AreaGroup>,
    /// Cells covered only by intervention, never by prevention.
    pub prevention_gaps: Vec<AreaGroup>,
    /// Target groups no active actor serves at all.
    pub target_groups_uncovered: Vec<Uuid>,
    /// Places no active actor serves.
    pub places_unserved: Vec<Uuid>,
    /// Activities of the needs map with no actor linked.
    pub activities_without_actors: Vec<Uuid>,
    /// Active actors in no active platform.
    pub actors_in_no_platform: Vec<Uuid>,
    /// Need areas no active platform addresses.
    pub need_areas_without_platform: Vec<NeedArea>,
}

fn terms(model: &Model, network: &Slug, kind: TermKind) -> Vec<Uuid> {
    model
        .networks
        .get(network)
        .map(|n| n.state.terms.iter().filter(|(_, t)| t.kind == kind && !t.retired).map(|(id, _)| *id).collect())
        .unwrap_or_default()
}

fn count_into(cell: &mut Cell, focus: &str) {
    cell.actors += 1;
    cell.prevention += usize::from(matches!(focus, "prevention" | "both"));
    cell.intervention += usize::from(matches!(focus, "intervention" | "both"));
}

/// Coverage and gaps of `network`, optionally only of actors serving `place`.
pub fn coverage(model: &Model, network: &Slug, place: Option<Uuid>) -> Coverage {
    let groups = terms(model, network, TermKind::TargetGroup);
    let places = terms(model, network, TermKind::Place);
    let active: Vec<(&Uuid, &ActorState)> = model
        .actors_by_network
        .get(network)
        .into_iter()
        .flatten()
        .filter_map(|id| model.actors.get(id).map(|a| (id, &a.entry.state)))
        .filter(|(_, a)| a.status == Status::Active)
        .collect();
    let list =
        |a: &ActorState, f: &str| -> Vec<String> { a.fields.get(f).and_then(Value::as_list).unwrap_or(&[]).to_vec() };
    let serves_place = |a: &ActorState| place.is_none_or(|p| list(a, "places").contains(&p.to_string()));
    let mut areas: Vec<AreaCoverage> = NeedArea::ALL
        .iter()
        .map(|area| AreaCoverage {
            area: *area,
            label_cs: area.label_cs(),
            total: Cell::default(),
            by_target_group: groups.iter().map(|g| (*g, Cell::default())).collect(),
        })
        .collect();
    let mut served_groups = BTreeSet::new();
    let mut served_places = BTreeSet::new();
    for (_, a) in &active {
        served_places.extend(list(a, "places"));
        if !serves_place(a) {
            continue;
        }
        let focus = a.fields.get("focus").and_then(Value::as_text).unwrap_or("");
        let actor_groups = list(a, "target_groups");
        served_groups.extend(actor_groups.iter().cloned());
        for area in list(a, "need_areas") {
            let Some(coverage) = areas.iter_mut().find(|c| c.area.code() == area) else { continue };
            count_into(&mut coverage.total, focus);
            for g in &actor_groups {
                if let Some(cell) = Uuid::parse_str(g).ok().and_then(|g| coverage.by_target_group.get_mut(&g)) {
                    count_into(cell, focus);
                }
            }
        }
    }
    let mut uncovered = Vec::new();
    let mut prevention_gaps = Vec::new();
    for coverage in &areas {
        for (group, cell) in &coverage.by_target_group {
            let key = AreaGroup { area: coverage.area, target_group: *group };
            if cell.actors == 0 {
                uncovered.push(key);
            } else if cell.prevention == 0 {
                prevention_gaps.push(key);
            }
        }
    }
    let activities_without_actors = model
        .needs
        .get(network)
        .map(|n| {
            n.state
                .activities
                .iter()
                .filter(|(_, f)| linked_actors(f.get("actors")).is_empty())
                .map(|(id, _)| *id)
                .collect()
        })
        .unwrap_or_default();
    let active_platforms: Vec<&PlatformState> = model
        .platforms_by_network
        .get(network)
        .into_iter()
        .flatten()
        .filter_map(|id| model.platforms.get(id).map(|p| &p.state))
        .filter(|p| p.ended_at.is_none())
        .collect();
    let addressed: BTreeSet<String> =
        active_platforms.iter().flat_map(|p| list_of(p.fields.get("need_areas"))).collect();
    Coverage {
        place,
        uncovered,
        prevention_gaps,
        target_groups_uncovered: groups.iter().filter(|g| !served_groups.contains(&g.to_string())).copied().collect(),
        places_unserved: places.iter().filter(|p| !served_places.contains(&p.to_string())).copied().collect(),
        activities_without_actors,
        actors_in_no_platform: active
            .iter()
            .filter(|(id, _)| model.active_platforms_of(id).is_empty())
            .map(|(id, _)| **id)
            .collect(),
        need_areas_without_platform: NeedArea::ALL.into_iter().filter(|a| !addressed.contains(a.code())).collect(),
        areas,
    }
}

fn list_of(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_list).map(<[String]>::to_vec).unwrap_or_default()
}

/// One network in a region's overview.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct NetworkSummary {
    /// Its slug.
    pub network: Slug,
    /// Its name.
    pub name: String,
    /// Its ORP code.
    pub orp_code: Option<String>,
    /// Active actors.
    pub actors: usize,
    /// Active actors with free capacity now.
    pub actors_with_free_capacity: usize,
    /// Active platforms.
    pub platforms: usize,
    /// Meetings held in the last 12 months.
    pub meetings_held_last_12_months: usize,
    /// Need areas with at least one active actor.
    pub need_areas_covered: usize,
    /// Need areas × target groups cells nobody covers.
    pub uncovered_cells: usize,
}

/// A region's networks side by side.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RegionView {
    /// Its slug.
    pub region: Slug,
    /// Its name.
    pub name: String,
    /// Its networks, in Czech name order.
    pub networks: Vec<NetworkSummary>,
}

/// A region's overview at `now`; `None` if there is no such region.
pub fn region(model: &Model, slug: &Slug, now: DateTime<Utc>) -> Option<RegionView> {
    let entry = model.regions.get(slug)?;
    let mut networks: Vec<NetworkSummary> = model
        .networks
        .iter()
        .filter(|(_, n)| n.state.region.as_ref() == Some(slug))
        .map(|(network, n)| {
            let coverage = coverage(model, network, None);
            let actors: Vec<&ActorState> = model
                .actors_by_network
                .get(network)
                .into_iter()
                .flatten()
                .filter_map(|id| model.actors.get(id).map(|a| &a.entry.state))
                .filter(|a| a.status == Status::Active)
                .collect();
            let platforms: Vec<&PlatformState> = model
                .platforms_by_network
                .get(network)
                .into_iter()
                .flatten()
                .filter_map(|id| model.platforms.get(id).map(|p| &p.state))
                .collect();
            NetworkSummary {
                network: network.clone(),
                name: n.state.name.clone(),
                orp_code: n.state.orp_code.clone(),
                actors: actors.len(),
                actors_with_free_capacity: actors
                    .iter()
                    .filter(|a| has_free_capacity(a, n.state.stale_days(), now))
                    .count(),
                platforms: platforms.iter().filter(|p| p.ended_at.is_none()).count(),
                meetings_held_last_12_months: platforms.iter().map(|p| attendance(p, now).held_last_12_months).sum(),
                need_areas_covered: coverage.areas.iter().filter(|a| a.total.actors > 0).count(),
                uncovered_cells: coverage.uncovered.len(),
            }
        })
        .collect();
    networks.sort_by_key(|n| super::czech::sort_key(&n.name));
    Some(RegionView { region: slug.clone(), name: entry.state.name.clone(), networks })
}
