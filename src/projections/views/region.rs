//! A region's networks side by side.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{attendance, coverage, review_due};
use crate::domain::actor::{ActorState, Status};
use crate::domain::ids::Slug;
use crate::domain::platform::PlatformState;
use crate::projections::freshness::has_free_capacity;
use crate::projections::model::Model;

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
    /// Meetings a year its active platforms plan, together (their
    /// frequencies).
    pub meetings_planned_per_year: usize,
    /// Active actors whose records are due for review (not reviewed for
    /// 12 months).
    pub records_due_for_review: usize,
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
                meetings_planned_per_year: platforms
                    .iter()
                    .filter(|p| p.ended_at.is_none())
                    .filter_map(|p| attendance(p, now).planned_per_year)
                    .map(|n| usize::try_from(n).unwrap_or(0))
                    .sum(),
                records_due_for_review: actors.iter().filter(|a| review_due(a, now)).count(),
                need_areas_covered: coverage.areas.iter().filter(|a| a.total.actors > 0).count(),
                uncovered_cells: coverage.uncovered.len(),
            }
        })
        .collect();
    networks.sort_by_key(|n| crate::projections::czech::sort_key(&n.name));
    Some(RegionView { region: slug.clone(), name: entry.state.name.clone(), networks })
}
