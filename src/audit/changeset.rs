//! What changed in a network between two dates: actors entered, ended,
//! closed and reopened, field by field with old and new values, who and
//! when; need-area and target-group coverage before and after; capacity
//! series per actor and unit; platforms founded and ended, meetings held
//! against plan; tasks opened, done and overdue.
//!
//! The two ends are the models as of each date ([`super::asof`]); what
//! happened between them is read from the events between the two dates on
//! the same clock.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::asof::{Past, fetch_where};
use super::planning::{Planning, planning};
use super::timeline::Clock;
use crate::domain::NeedArea;
use crate::domain::actor::{ActorEvent, Status};
use crate::domain::ids::Slug;
use crate::domain::network::DEFAULT_CAPACITY_STALE_DAYS;
use crate::domain::platform::{MeetingState, OutcomeKind, PlatformEvent, TaskStatus};
use crate::domain::value::{FieldChange, Value};
use crate::events::{DomainEvent, PersonalData, decode};
use crate::log::{EventFilter, EventLog, LogError, RecordedEvent};
use crate::projections::views::AreaGroup;
use crate::projections::{Model, views};

/// The two dates of a change set and the clock they go by.
#[derive(Clone, Copy, Debug, Serialize, schemars::JsonSchema)]
pub struct Period {
    /// The clock.
    pub clock: Clock,
    /// The state before: everything at or before this instant.
    pub from: DateTime<Utc>,
    /// The state after: everything at or before this instant.
    pub to: DateTime<Utc>,
}

/// Who did something to a record, and when.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Mark {
    /// The record.
    pub id: Uuid,
    /// Its name (at the end of the period, or when it was last known).
    pub name: String,
    /// When it took effect.
    pub effective_at: DateTime<Utc>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who did it.
    pub author: String,
}

/// One field change of an actor.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct FieldEdit {
    /// The field, old and new value.
    #[serde(flatten)]
    pub change: FieldChange,
    /// When it took effect.
    pub effective_at: DateTime<Utc>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who made it.
    pub author: String,
}

/// An actor whose fields changed.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ActorEdits {
    /// The actor.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Its field changes, in order.
    pub changes: Vec<FieldEdit>,
}

/// How the actors changed.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct ActorChanges {
    /// Active actors at the start.
    pub active_before: usize,
    /// Active actors at the end.
    pub active_after: usize,
    /// Entered.
    pub added: Vec<Mark>,
    /// Ended.
    pub ended: Vec<Mark>,
    /// Temporarily closed.
    pub temporarily_closed: Vec<Mark>,
    /// Active again after being closed or ended.
    pub reopened: Vec<Mark>,
    /// Field changes, actor by actor (Czech name order).
    pub changed: Vec<ActorEdits>,
}

/// One need area's active actors at both ends.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct AreaCount {
    /// The area.
    pub area: NeedArea,
    /// Its Czech label.
    pub label_cs: &'static str,
    /// Active actors at the start.
    pub before: usize,
    /// Active actors at the end.
    pub after: usize,
}

/// How coverage changed.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct CoverageChange {
    /// Active actors per need area, before and after.
    pub areas: Vec<AreaCount>,
    /// Need area × target group cells nobody covered before and somebody
    /// covers now.
    pub became_covered: Vec<AreaGroup>,
    /// Cells somebody covered before and nobody covers now.
    pub became_uncovered: Vec<AreaGroup>,
    /// Target groups with no actor before and some now.
    pub target_groups_became_covered: Vec<Uuid>,
    /// Target groups with actors before and none now.
    pub target_groups_became_uncovered: Vec<Uuid>,
}

/// One announcement in a series.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Point {
    /// When the figures held (effective).
    pub at: DateTime<Utc>,
    /// Free places.
    pub free: u32,
    /// Occupied places.
    pub occupied: Option<u32>,
    /// Waiting.
    pub waiting: Option<u32>,
}

/// Capacity of one actor's unit over the period.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct CapacitySeries {
    /// The actor.
    pub actor: Uuid,
    /// Its name.
    pub name: String,
    /// The unit (e.g. `lůžko`).
    pub unit: String,
    /// Announcements in the period.
    pub announcements: usize,
    /// The share of the period's days on which the latest announcement was
    /// fresh (younger than the network's stale limit), 0 to 1.
    pub fresh_days_share: f64,
    /// The announcements, oldest first.
    pub series: Vec<Point>,
}

/// One platform's meetings in the period.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Meetings {
    /// The platform.
    pub platform: Uuid,
    /// Its name.
    pub name: String,
    /// Meetings held in the period.
    pub held: usize,
    /// Meetings cancelled in the period.
    pub cancelled: usize,
    /// Meetings due by its planned frequency over the days it was active
    /// in the period (`None`: no frequency set).
    pub planned: Option<usize>,
}

/// How the platforms changed.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct PlatformChanges {
    /// Founded.
    pub founded: Vec<Mark>,
    /// Ended.
    pub ended: Vec<Mark>,
    /// Meetings of every platform active at some point in the period.
    pub meetings: Vec<Meetings>,
}

/// Platform tasks in the period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Tasks {
    /// Tasks recorded.
    pub opened: usize,
    /// Tasks marked done.
    pub done: usize,
    /// Tasks dropped.
    pub dropped: usize,
    /// Open tasks past their due date at the end.
    pub overdue: usize,
}

/// What changed in a network between two dates.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ChangeSet {
    /// The network.
    pub network: Slug,
    /// Its name.
    pub name: String,
    /// The two dates.
    pub period: Period,
    /// Actors.
    pub actors: ActorChanges,
    /// Coverage.
    pub coverage: CoverageChange,
    /// Capacity, per actor and unit with any announcement in the period.
    pub capacity: Vec<CapacitySeries>,
    /// Platforms and meetings.
    pub platforms: PlatformChanges,
    /// Tasks.
    pub tasks: Tasks,
    /// Findings, plan steps and procedures.
    pub planning: Planning,
}

/// What changed in every network of a region.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RegionChangeSet {
    /// The region.
    pub region: Slug,
    /// The two dates.
    pub period: Period,
    /// Each network's change set, in Czech name order.
    pub networks: Vec<ChangeSet>,
    /// How the region's own plans moved.
    pub planning: Planning,
}

/// The models at both ends and the events between them, decoded.
pub struct Span {
    before: std::sync::Arc<Model>,
    after: std::sync::Arc<Model>,
    events: Vec<(RecordedEvent, DomainEvent)>,
    period: Period,
}

impl Span {
    /// Reads both ends and the events between them (of `networks` only).
    pub async fn read(
        past: &Past,
        log: &dyn EventLog,
        keys: &dyn PersonalData,
        period: Period,
        networks: &BTreeSet<String>,
    ) -> Result<Self, LogError> {
        let before = past.model_at(log, keys, period.clock, period.from).await?;
        let after = past.model_at(log, keys, period.clock, period.to).await?;
        let positions = past.positions_between(period.clock, period.from, period.to);
        let filter = EventFilter { networks: networks.iter().cloned().collect(), ..EventFilter::all() };
        let mut events: Vec<(RecordedEvent, DomainEvent)> = fetch_where(log, positions, &filter)
            .await?
            .into_iter()
            .filter_map(|e| decode(&e.event_type, e.schema, &e.payload, keys).ok().map(|d| (e, d)))
            .collect();
        // The clock's order: by its date, then by position.
        events.sort_by_key(|(e, _)| match period.clock {
            Clock::Effective => (e.effective_at, e.position),
            Clock::Recorded => (e.recorded_at, e.position),
        });
        Ok(Self { before, after, events, period })
    }

    /// The events between the two dates, in the clock's order.
    pub fn events(&self) -> &[(RecordedEvent, DomainEvent)] {
        &self.events
    }

    /// The model at the end.
    pub fn after(&self) -> &Model {
        &self.after
    }

    /// The model at the start.
    pub fn before(&self) -> &Model {
        &self.before
    }

    /// The period.
    pub fn period(&self) -> Period {
        self.period
    }

    /// The change set of one network.
    pub fn network(&self, network: &Slug) -> ChangeSet {
        let name = self.after.networks.get(network).map(|n| n.state.name.clone()).unwrap_or_default();
        let events: Vec<&(RecordedEvent, DomainEvent)> =
            self.events.iter().filter(|(e, _)| e.network == network.as_str()).collect();
        ChangeSet {
            network: network.clone(),
            name,
            period: self.period,
            actors: self.actors(network, &events),
            coverage: self.coverage(network),
            capacity: self.capacity(network, &events),
            platforms: self.platforms(network, &events),
            tasks: self.tasks(network, &events),
            planning: planning(&events),
        }
    }

    fn actor_name(&self, id: &Uuid) -> String {
        [&self.after, &self.before]
            .iter()
            .find_map(|m| m.actors.get(id).map(|a| a.entry.state.name().to_owned()))
            .unwrap_or_default()
    }

    fn platform_name(&self, id: &Uuid) -> String {
        [&self.after, &self.before]
            .iter()
            .find_map(|m| m.platforms.get(id).and_then(|p| p.state.fields.get("name")?.as_text().map(str::to_owned)))
            .unwrap_or_default()
    }

    fn active(model: &Model, network: &Slug) -> usize {
        model
            .actors_by_network
            .get(network)
            .into_iter()
            .flatten()
            .filter(|id| model.actors.get(id).is_some_and(|a| a.entry.state.status == Status::Active))
            .count()
    }

    fn actors(&self, network: &Slug, events: &[&(RecordedEvent, DomainEvent)]) -> ActorChanges {
        let mut out = ActorChanges {
            active_before: Self::active(&self.before, network),
            active_after: Self::active(&self.after, network),
            ..ActorChanges::default()
        };
        let mut edits: BTreeMap<Uuid, Vec<FieldEdit>> = BTreeMap::new();
        for (event, domain) in events {
            let DomainEvent::Actor(actor) = domain else { continue };
            let Ok(id) = Uuid::parse_str(event.stream.id()) else { continue };
            let mark = || Mark {
                id,
                name: self.actor_name(&id),
                effective_at: event.effective_at,
                recorded_at: event.recorded_at,
                author: event.author.clone(),
            };
            match actor {
                ActorEvent::Registered { .. } => out.added.push(mark()),
                ActorEvent::StatusChanged { to: Status::Ended, .. } => out.ended.push(mark()),
                ActorEvent::StatusChanged { to: Status::TemporarilyClosed, .. } => out.temporarily_closed.push(mark()),
                ActorEvent::StatusChanged { from, to: Status::Active } if *from != Status::Active => {
                    out.reopened.push(mark());
                }
                ActorEvent::Changed { changes } => {
                    edits.entry(id).or_default().extend(changes.iter().map(|c| FieldEdit {
                        change: c.clone(),
                        effective_at: event.effective_at,
                        recorded_at: event.recorded_at,
                        author: event.author.clone(),
                    }))
                }
                _ => {}
            }
        }
        out.changed =
            edits.into_iter().map(|(id, changes)| ActorEdits { id, name: self.actor_name(&id), changes }).collect();
        out.changed.sort_by_cached_key(|a| crate::projections::czech::sort_key(&a.name));
        out
    }

    fn coverage(&self, network: &Slug) -> CoverageChange {
        let before = views::coverage(&self.before, network, None);
        let after = views::coverage(&self.after, network, None);
        let minus = |a: &[AreaGroup], b: &[AreaGroup]| -> Vec<AreaGroup> {
            a.iter()
                .filter(|x| !b.iter().any(|y| y.area == x.area && y.target_group == x.target_group))
                .cloned()
                .collect()
        };
        // A cell exists only for target groups the network had at that end:
        // compare the cells both ends know.
        let groups = |c: &views::Coverage| -> BTreeSet<Uuid> {
            c.areas.iter().flat_map(|a| a.by_target_group.keys().copied()).collect()
        };
        let both: BTreeSet<Uuid> = groups(&before).intersection(&groups(&after)).copied().collect();
        let known = |cells: &[AreaGroup]| -> Vec<AreaGroup> {
            cells.iter().filter(|c| both.contains(&c.target_group)).cloned().collect()
        };
        let (uncovered_before, uncovered_after) = (known(&before.uncovered), known(&after.uncovered));
        let set = |v: &[Uuid]| v.iter().copied().filter(|g| both.contains(g)).collect::<BTreeSet<Uuid>>();
        let (tg_before, tg_after) = (set(&before.target_groups_uncovered), set(&after.target_groups_uncovered));
        CoverageChange {
            areas: before
                .areas
                .iter()
                .zip(&after.areas)
                .map(|(b, a)| AreaCount {
                    area: a.area,
                    label_cs: a.area.label_cs(),
                    before: b.total.actors,
                    after: a.total.actors,
                })
                .collect(),
            became_covered: minus(&uncovered_before, &uncovered_after),
            became_uncovered: minus(&uncovered_after, &uncovered_before),
            target_groups_became_covered: tg_before.difference(&tg_after).copied().collect(),
            target_groups_became_uncovered: tg_after.difference(&tg_before).copied().collect(),
        }
    }

    fn capacity(&self, network: &Slug, events: &[&(RecordedEvent, DomainEvent)]) -> Vec<CapacitySeries> {
        let stale_days = self.after.networks.get(network).map_or(DEFAULT_CAPACITY_STALE_DAYS, |n| n.state.stale_days());
        let mut series: BTreeMap<(Uuid, String), Vec<Point>> = BTreeMap::new();
        for (event, domain) in events {
            let DomainEvent::Actor(ActorEvent::CapacityAnnounced { capacity: c }) = domain else { continue };
            let Ok(id) = Uuid::parse_str(event.stream.id()) else { continue };
            series.entry((id, c.unit.clone())).or_default().push(Point {
                at: event.effective_at,
                free: c.free,
                occupied: c.occupied,
                waiting: c.waiting,
            });
        }
        let mut out: Vec<CapacitySeries> = series
            .into_iter()
            .map(|((actor, unit), mut points)| {
                points.sort_by_key(|p| p.at);
                let earlier =
                    self.before.actors.get(&actor).and_then(|a| a.entry.state.capacity.get(&unit).map(|(_, at)| *at));
                let fresh = fresh_share(earlier, &points, self.period, stale_days);
                CapacitySeries {
                    actor,
                    name: self.actor_name(&actor),
                    unit,
                    announcements: points.len(),
                    fresh_days_share: fresh,
                    series: points,
                }
            })
            .collect();
        out.sort_by_cached_key(|s| (crate::projections::czech::sort_key(&s.name), s.unit.clone()));
        out
    }

    fn platforms(&self, network: &Slug, events: &[&(RecordedEvent, DomainEvent)]) -> PlatformChanges {
        let mut out = PlatformChanges::default();
        for (event, domain) in events {
            let DomainEvent::Platform(platform) = domain else { continue };
            let Ok(id) = Uuid::parse_str(event.stream.id()) else { continue };
            let mark = || Mark {
                id,
                name: self.platform_name(&id),
                effective_at: event.effective_at,
                recorded_at: event.recorded_at,
                author: event.author.clone(),
            };
            match platform {
                PlatformEvent::Founded { .. } => out.founded.push(mark()),
                PlatformEvent::Ended => out.ended.push(mark()),
                _ => {}
            }
        }
        let (from, to) = (self.period.from, self.period.to);
        for id in self.after.platforms_by_network.get(network).into_iter().flatten() {
            let Some(p) = self.after.platforms.get(id).map(|e| &e.state) else { continue };
            let start = p.founded_at.map_or(from, |f| f.max(from));
            let end = p.ended_at.map_or(to, |e| e.min(to));
            if end < start {
                continue;
            }
            let within = |date: DateTime<Utc>| date > from && date <= to;
            let count = |held: bool| {
                p.meetings
                    .values()
                    .filter(|m| within(m.date) && matches!(m.state, MeetingState::Held { .. }) == held)
                    .filter(|m| held || matches!(m.state, MeetingState::Cancelled { .. }))
                    .count()
            };
            let days = (end - start).num_days().max(0) as f64;
            let planned = p.fields.get("frequency_per_year").and_then(Value::as_number);
            out.meetings.push(Meetings {
                platform: *id,
                name: self.platform_name(id),
                held: count(true),
                cancelled: count(false),
                planned: planned.map(|per_year| (per_year as f64 * days / 365.0).floor() as usize),
            });
        }
        out.meetings.sort_by_cached_key(|m| crate::projections::czech::sort_key(&m.name));
        out
    }

    fn tasks(&self, network: &Slug, events: &[&(RecordedEvent, DomainEvent)]) -> Tasks {
        let mut out = Tasks::default();
        for (_, domain) in events {
            match domain {
                DomainEvent::Platform(PlatformEvent::OutcomeRecorded { kind: OutcomeKind::Task, .. }) => {
                    out.opened += 1
                }
                DomainEvent::Platform(PlatformEvent::TaskStatusChanged { to: TaskStatus::Done, .. }) => out.done += 1,
                DomainEvent::Platform(PlatformEvent::TaskStatusChanged { to: TaskStatus::Dropped, .. }) => {
                    out.dropped += 1;
                }
                _ => {}
            }
        }
        let to = self.period.to;
        out.overdue = self
            .after
            .platforms_by_network
            .get(network)
            .into_iter()
            .flatten()
            .filter_map(|id| self.after.platforms.get(id))
            .flat_map(|p| p.state.outcomes.values())
            .filter(|o| o.kind == OutcomeKind::Task && o.status == TaskStatus::Open && o.due.is_some_and(|d| d < to))
            .count();
        out
    }
}

/// The share of the period's days on which the latest announcement (the
/// one before the period, `earlier`, then `points`) was at most
/// `stale_days` old at the end of the day.
pub fn fresh_share(earlier: Option<DateTime<Utc>>, points: &[Point], period: Period, stale_days: u32) -> f64 {
    let days = (period.to - period.from).num_days().max(1);
    let stale = Duration::days(i64::from(stale_days));
    let mut latest = earlier;
    let mut next = 0;
    let mut fresh = 0;
    for day in 1..=days {
        let end = (period.from + Duration::days(day)).min(period.to);
        while next < points.len() && points[next].at <= end {
            latest = Some(points[next].at);
            next += 1;
        }
        if latest.is_some_and(|at| end - at <= stale) {
            fresh += 1;
        }
    }
    fresh as f64 / days as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn point(text: &str) -> Point {
        Point { at: at(text), free: 1, occupied: None, waiting: None }
    }

    #[test]
    fn a_day_counts_as_fresh_while_the_latest_announcement_is_younger_than_the_limit() {
        let period =
            Period { clock: Clock::Effective, from: at("2026-01-01T00:00:00Z"), to: at("2026-01-11T00:00:00Z") };
        // Announced on day 1 and day 8, stale after 2 days: fresh at the end
        // of days 1, 2, 8 and 9.
        let points = [point("2026-01-01T12:00:00Z"), point("2026-01-08T06:00:00Z")];
        let share = fresh_share(None, &points, period, 2);
        assert!((share - 0.4).abs() < 1e-9, "{share}");
        // An announcement just before the period counts for its first days.
        let before = Some(at("2025-12-31T20:00:00Z"));
        assert!((fresh_share(before, &[], period, 2) - 0.1).abs() < 1e-9);
        assert_eq!(fresh_share(None, &[], period, 14), 0.0);
    }
}
