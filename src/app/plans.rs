//! Plan commands: decided against the plan's state, with the actors,
//! platforms and findings a step names checked against the plan's owner —
//! the network, or any network of the region for a region's plan.

use uuid::Uuid;

use super::{App, AppError, Decision, Meta, Written};
use crate::domain::DomainError;
use crate::domain::error::Problems;
use crate::domain::ids::Slug;
use crate::domain::plan::{Owner, PlanCommand, PlanState};
use crate::events::DomainEvent;
use crate::projections::Model;

/// The networks whose records a plan of `owner` may name.
pub fn networks_of(model: &Model, owner: &Owner) -> Vec<Slug> {
    match owner {
        Owner::Network(slug) => vec![slug.clone()],
        Owner::Region(region) => model
            .networks
            .iter()
            .filter(|(_, n)| n.state.region.as_ref() == Some(region))
            .map(|(slug, _)| slug.clone())
            .collect(),
    }
}

/// The owner's name: the network's or the region's.
pub fn owner_name(model: &Model, owner: &Owner) -> String {
    let name = match owner {
        Owner::Network(slug) => model.networks.get(slug).map(|n| n.state.name.clone()),
        Owner::Region(slug) => model.regions.get(slug).map(|r| r.state.name.clone()),
    };
    name.unwrap_or_default()
}

/// Whether the owner is registered.
fn owner_exists(model: &Model, owner: &Owner) -> bool {
    match owner {
        Owner::Network(slug) => model.networks.contains_key(slug),
        Owner::Region(slug) => model.regions.contains_key(slug),
    }
}

/// Refuses actors, platforms, findings and tasks outside the owner.
fn check_links(model: &Model, owner: &Owner, command: &PlanCommand) -> Result<(), DomainError> {
    let networks = networks_of(model, owner);
    let platform_within = |id: &Uuid| {
        model.platforms.get(id).and_then(|p| p.state.network.as_ref()).is_some_and(|n| networks.contains(n))
    };
    if let PlanCommand::LinkTask { platform, outcome, .. } = command {
        let task = platform_within(platform)
            && model
                .platforms
                .get(platform)
                .and_then(|p| p.state.outcomes.get(outcome))
                .is_some_and(|o| o.kind == crate::domain::platform::OutcomeKind::Task);
        if !task {
            return Err(DomainError::invalid(
                "outcome",
                format!("{outcome} is not a task of platform {platform} of {owner}"),
            ));
        }
        return Ok(());
    }
    let PlanCommand::AddStep { step, .. } = command else { return Ok(()) };
    let mut problems = Problems::default();
    for (i, actor) in step.actors.iter().enumerate() {
        if !networks.iter().any(|n| model.is_actor_of(n, actor)) {
            problems.add(format!("actors[{i}]"), format!("{actor} is not an actor of {owner}"));
        }
    }
    for (i, platform) in step.platforms.iter().enumerate() {
        if !platform_within(platform) {
            problems.add(format!("platforms[{i}]"), format!("{platform} is not a platform of {owner}"));
        }
    }
    for (i, finding) in step.findings.iter().enumerate() {
        if !model.findings.get(finding).and_then(|f| f.state.network.as_ref()).is_some_and(|n| networks.contains(n)) {
            problems.add(format!("findings[{i}]"), format!("{finding} is not a finding of {owner}"));
        }
    }
    for (i, gap) in step.gaps.iter().enumerate() {
        let group = networks.iter().filter_map(|n| model.networks.get(n)).any(|n| {
            n.state
                .terms
                .get(&gap.target_group)
                .is_some_and(|t| t.kind == crate::domain::network::TermKind::TargetGroup)
        });
        if !group {
            problems.add(
                format!("gaps[{i}].target_group"),
                format!("{} is not a target group of {owner}", gap.target_group),
            );
        }
    }
    problems.finish()
}

impl App {
    /// Runs a command on plan `id` of `owner` (a network or a region).
    pub async fn plan(&self, owner: &Owner, id: Uuid, command: PlanCommand, meta: &Meta) -> Result<Written, AppError> {
        self.execute(id.to_string(), meta, |model, _| {
            if !owner_exists(model, owner) {
                return Err(DomainError::NotFound(owner.to_string()).into());
            }
            let entry = model.plans.get(&id);
            if let Some(entry) = entry
                && !entry.state.owned_by(owner)
            {
                return Err(DomainError::NotFound(format!("plan {id}")).into());
            }
            check_links(model, owner, &command)?;
            let state = entry.map(|e| e.state.clone()).unwrap_or_else(PlanState::default);
            let events = state.decide(id, command.clone())?;
            let events = events.into_iter().map(DomainEvent::Plan).collect();
            Decision::on("plan", id, entry, owner.network().map(ToString::to_string).unwrap_or_default(), events)
        })
        .await
    }
}
