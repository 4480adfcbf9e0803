//! Coverage and gaps of a network: need area × target group (× place),
//! prevention and intervention, and everything nobody covers.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use uuid::Uuid;

use crate::domain::actor::{ActorState, Status};
use crate::domain::ids::Slug;
use crate::domain::links::linked_actors;
use crate::domain::need_area::NeedArea;
use crate::domain::network::TermKind;
use crate::domain::platform::PlatformState;
use crate::domain::value::Value;
use crate::projections::model::Model;

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
    /// Activities of the needs map (the topics of cooperation) whose need
    /// area no active platform addresses: white spots of the platforms.
    pub activities_without_platform: Vec<Uuid>,
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
    let activities_without_platform = model
        .needs
        .get(network)
        .map(|n| {
            n.state
                .activities
                .iter()
                .filter(|(_, f)| f.get("area").and_then(Value::as_text).is_some_and(|area| !addressed.contains(area)))
                .map(|(id, _)| *id)
                .collect()
        })
        .unwrap_or_default();
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
        activities_without_platform,
        areas,
    }
}

fn list_of(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_list).map(<[String]>::to_vec).unwrap_or_default()
}
