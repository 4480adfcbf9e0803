//! Reading a change set: the models at both ends of the period and the
//! events between them, and each section of a network's change set
//! computed from them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::audit::asof::{Past, fetch_where};
use crate::audit::planning::planning;
use crate::audit::timeline::Clock;
use crate::domain::actor::{ActorEvent, Status};
use crate::domain::ids::Slug;
use crate::domain::network::DEFAULT_CAPACITY_STALE_DAYS;
use crate::domain::platform::{MeetingState, OutcomeKind, PlatformEvent, TaskStatus};
use crate::domain::value::{FieldChange, Value};
use crate::events::{DomainEvent, PersonalData, decode};
use crate::log::{EventFilter, EventLog, LogError, RecordedEvent};
use crate::projections::views::AreaGroup;
use crate::projections::{Model, views};

use super::{
    ActorChanges, ActorEdits, AreaCount, CapacitySeries, ChangeSet, CoverageChange, FieldEdit, Mark, Meetings, Period,
    PlatformChanges, Point, Tasks, fresh_share,
};

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
        // Each field's value so far on the period's clock: an edit's `old`
        // is the value before it in that order (the start's, for the first),
        // whatever the value was when the edit was recorded.
        let mut values: BTreeMap<(Uuid, String), Option<Value>> = BTreeMap::new();
        for (event, domain) in events {
            if let DomainEvent::Network(crate::domain::network::NetworkEvent::RecordsReviewed { actors, .. }) = domain {
                for id in actors.iter().filter(|id| self.after.is_actor_of(network, id)) {
                    out.reviewed.push(Mark {
                        id: *id,
                        name: self.actor_name(id),
                        effective_at: event.effective_at,
                        recorded_at: event.recorded_at,
                        author: event.author.clone(),
                    });
                }
                continue;
            }
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
                ActorEvent::Registered { changes, .. } => {
                    for c in changes {
                        values.insert((id, c.field.clone()), c.new.clone());
                    }
                    out.added.push(mark());
                }
                ActorEvent::StatusChanged { to: Status::Ended, .. } => out.ended.push(mark()),
                ActorEvent::StatusChanged { to: Status::TemporarilyClosed, .. } => out.temporarily_closed.push(mark()),
                ActorEvent::StatusChanged { from, to: Status::Active } if *from != Status::Active => {
                    out.reopened.push(mark());
                }
                ActorEvent::Changed { changes } => {
                    for c in changes {
                        let value = values.entry((id, c.field.clone())).or_insert_with(|| {
                            self.before.actors.get(&id).and_then(|a| a.entry.state.fields.get(&c.field).cloned())
                        });
                        let change = FieldChange { field: c.field.clone(), old: value.clone(), new: c.new.clone() };
                        value.clone_from(&c.new);
                        edits.entry(id).or_default().push(FieldEdit {
                            change,
                            effective_at: event.effective_at,
                            recorded_at: event.recorded_at,
                            author: event.author.clone(),
                        });
                    }
                }
                ActorEvent::Reviewed => out.reviewed.push(mark()),
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
