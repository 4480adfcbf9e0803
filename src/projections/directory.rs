//! The directory of a network's actors: any combination of filters, search
//! that ignores case and diacritics, Czech name order, facet counts and
//! pages. Saved filters run the same query.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::czech;
use super::model::{ActorEntry, Model};
use crate::domain::actor::{ActorState, Status};
use crate::domain::filter::DirectoryFilter;
use crate::domain::ids::Slug;
use crate::domain::value::Value;

/// The most actors one page holds.
pub const MAX_PER_PAGE: usize = 200;

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// By name, in Czech order.
    #[default]
    Name,
    /// Most recently changed first.
    Updated,
}

/// A directory query: a filter and a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryQuery {
    /// What to match.
    pub filter: DirectoryFilter,
    /// Page number from 1.
    pub page: usize,
    /// Actors per page, 1 to [`MAX_PER_PAGE`].
    pub per_page: usize,
    /// Order.
    pub sort: Sort,
}

impl Default for DirectoryQuery {
    fn default() -> Self {
        Self { filter: DirectoryFilter::default(), page: 1, per_page: 50, sort: Sort::Name }
    }
}

/// Counts of each value of each facet among the matching actors.
pub type Facets = BTreeMap<&'static str, BTreeMap<String, usize>>;

/// One page of results.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct DirectoryPage {
    /// Matching actors in all.
    pub total: usize,
    /// This page's number.
    pub page: usize,
    /// Actors per page.
    pub per_page: usize,
    /// The actors of this page, in order.
    pub items: Vec<Uuid>,
    /// Facet counts over all matching actors.
    pub facets: Facets,
}

/// Whether the actor has a fresh announcement of free capacity: free > 0,
/// announced within `stale_days`, and not past its valid-until.
pub fn has_free_capacity(actor: &ActorState, stale_days: u32, now: DateTime<Utc>) -> bool {
    actor
        .capacity
        .values()
        .any(|(capacity, at)| capacity.free > 0 && is_fresh(capacity.valid_until, *at, stale_days, now))
}

/// Whether an announcement made at `at` still holds at `now`.
pub fn is_fresh(valid_until: Option<DateTime<Utc>>, at: DateTime<Utc>, stale_days: u32, now: DateTime<Utc>) -> bool {
    at + Duration::days(i64::from(stale_days)) >= now && valid_until.is_none_or(|until| until > now)
}

fn text<'a>(actor: &'a ActorState, field: &str) -> Option<&'a str> {
    actor.fields.get(field).and_then(Value::as_text)
}

fn list<'a>(actor: &'a ActorState, field: &str) -> &'a [String] {
    actor.fields.get(field).and_then(Value::as_list).unwrap_or(&[])
}

fn flag(actor: &ActorState, field: &str) -> bool {
    actor.fields.get(field).and_then(Value::as_flag).unwrap_or(false)
}

fn any_in(values: &[String], wanted: &[String]) -> bool {
    wanted.is_empty() || values.iter().any(|v| wanted.contains(v))
}

fn one_in(value: Option<&str>, wanted: &[String]) -> bool {
    wanted.is_empty() || value.is_some_and(|v| wanted.iter().any(|w| w == v))
}

fn custom_matches(value: Option<&Value>, wanted: &str) -> bool {
    match value {
        None => false,
        Some(Value::Text(t)) => czech::fold(t) == czech::fold(wanted),
        Some(Value::Flag(b)) => matches!((b, wanted), (true, "true" | "ano" | "yes") | (false, "false" | "ne" | "no")),
        Some(Value::Number(n)) => wanted.parse::<i64>().is_ok_and(|w| w == *n),
        Some(Value::List(items)) => items.iter().any(|i| i == wanted),
        Some(Value::Capacities(_)) => false,
    }
}

/// A filter turned into what comparing against stored fields needs, once
/// per query rather than once per actor.
struct Prepared<'f> {
    filter: &'f DirectoryFilter,
    statuses: Vec<Status>,
    areas: Vec<String>,
    target_groups: Vec<String>,
    life_situations: Vec<String>,
    places: Vec<String>,
    custom: Vec<(String, &'f str)>,
    words: String,
}

impl<'f> Prepared<'f> {
    fn new(filter: &'f DirectoryFilter) -> Self {
        let ids = |ids: &[Uuid]| ids.iter().map(Uuid::to_string).collect();
        Self {
            filter,
            statuses: if filter.statuses.is_empty() {
                vec![Status::Active, Status::TemporarilyClosed]
            } else {
                filter.statuses.clone()
            },
            areas: filter.need_areas.iter().map(|n| n.code().to_owned()).collect(),
            target_groups: ids(&filter.target_groups),
            life_situations: ids(&filter.life_situations),
            places: ids(&filter.places),
            custom: filter.custom.iter().map(|(c, v)| (format!("custom.{c}"), v.as_str())).collect(),
            words: filter.text.as_deref().map(czech::fold).unwrap_or_default(),
        }
    }

    /// Whether an actor's own fields match (everything but platforms and
    /// capacity, which depend on other aggregates and on the clock).
    fn fields_match(&self, actor: &ActorEntry) -> bool {
        let (a, f) = (&actor.entry.state, self.filter);
        let focus_ok = f.focus.is_empty()
            || text(a, "focus")
                .is_some_and(|focus| f.focus.iter().any(|w| w == focus || (focus == "both" && w != "both")));
        self.statuses.contains(&a.status)
            && any_in(list(a, "need_areas"), &self.areas)
            && any_in(list(a, "target_groups"), &self.target_groups)
            && any_in(list(a, "life_situations"), &self.life_situations)
            && any_in(list(a, "places"), &self.places)
            && one_in(text(a, "kind"), &f.kinds)
            && one_in(text(a, "service_type"), &f.service_types)
            && one_in(text(a, "founder"), &f.founders)
            && one_in(text(a, "sector"), &f.sectors)
            && focus_ok
            && f.crisis.is_none_or(|want| flag(a, "crisis_network") == want)
            && any_in(list(a, "forms"), &f.forms)
            && f.online.is_none_or(|want| flag(a, "online") == want)
            && self.custom.iter().all(|(field, value)| custom_matches(a.fields.get(field), value))
            && czech::matches(&actor.search, &self.words)
    }
}

/// The facts about one actor a query derives from other aggregates.
struct Derived {
    platforms: Vec<Uuid>,
    free: bool,
}

/// Facet counts keyed by borrowed values while counting.
#[derive(Default)]
struct Counts<'m> {
    values: BTreeMap<&'static str, BTreeMap<&'m str, usize>>,
    platforms: BTreeMap<Uuid, usize>,
}

impl<'m> Counts<'m> {
    fn count(&mut self, facet: &'static str, value: &'m str) {
        *self.values.entry(facet).or_default().entry(value).or_default() += 1;
    }

    fn add(&mut self, actor: &'m ActorState, derived: &Derived) {
        for facet in ["need_areas", "target_groups", "life_situations", "places", "forms"] {
            for value in list(actor, facet) {
                self.count(facet, value);
            }
        }
        for facet in ["kind", "service_type", "founder", "sector", "focus"] {
            if let Some(value) = text(actor, facet) {
                self.count(facet, value);
            }
        }
        let yes_no = |b: bool| if b { "true" } else { "false" };
        self.count("crisis_network", yes_no(flag(actor, "crisis_network")));
        self.count("online", yes_no(flag(actor, "online")));
        self.count("status", actor.status.code());
        self.count("free_capacity", yes_no(derived.free));
        self.count("in_no_platform", yes_no(derived.platforms.is_empty()));
        for platform in &derived.platforms {
            *self.platforms.entry(*platform).or_default() += 1;
        }
    }

    fn finish(self) -> Facets {
        let mut facets: Facets = self
            .values
            .into_iter()
            .map(|(facet, values)| (facet, values.into_iter().map(|(v, n)| (v.to_owned(), n)).collect()))
            .collect();
        if !self.platforms.is_empty() {
            facets.insert("platforms", self.platforms.into_iter().map(|(p, n)| (p.to_string(), n)).collect());
        }
        facets
    }
}

/// Runs a directory query over one network at `now`.
pub fn query(model: &Model, network: &Slug, q: &DirectoryQuery, now: DateTime<Utc>) -> DirectoryPage {
    let stale_days = model.networks.get(network).map_or(14, |n| n.state.stale_days());
    let prepared = Prepared::new(&q.filter);
    let f = &q.filter;
    let mut counts = Counts::default();
    let mut hits: Vec<&ActorEntry> = Vec::new();
    for id in model.actors_by_network.get(network).into_iter().flatten() {
        let Some(actor) = model.actors.get(id) else { continue };
        if !prepared.fields_match(actor) {
            continue;
        }
        let derived = Derived {
            platforms: model.active_platforms_of(id),
            free: has_free_capacity(&actor.entry.state, stale_days, now),
        };
        let platforms_ok = (f.platforms.is_empty() || f.platforms.iter().any(|p| derived.platforms.contains(p)))
            && f.in_no_platform.is_none_or(|want| derived.platforms.is_empty() == want)
            && f.free_capacity.is_none_or(|want| derived.free == want);
        if platforms_ok {
            counts.add(&actor.entry.state, &derived);
            hits.push(actor);
        }
    }
    let facets = counts.finish();
    match q.sort {
        Sort::Name => hits.sort_by(|a, b| a.sort_key.cmp(&b.sort_key)),
        Sort::Updated => hits.sort_by_key(|a| std::cmp::Reverse(a.entry.position)),
    }
    let per_page = q.per_page.clamp(1, MAX_PER_PAGE);
    let page = q.page.max(1);
    let items = hits.iter().skip((page - 1).saturating_mul(per_page)).take(per_page).map(|a| a.id).collect();
    DirectoryPage { total: hits.len(), page, per_page, items, facets }
}
