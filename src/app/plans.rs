//! Plan commands: decided against the plan's state, with the actors and
//! platforms a step names checked against the plan's network.

use uuid::Uuid;

use super::{App, AppError, Decision, Meta, Written};
use crate::domain::DomainError;
use crate::domain::error::Problems;
use crate::domain::ids::Slug;
use crate::domain::plan::{PlanCommand, PlanState};
use crate::events::DomainEvent;
use crate::log::StreamName;
use crate::projections::Model;

/// Refuses actors and platforms of other networks named by a step.
fn check_links(model: &Model, network: &Slug, command: &PlanCommand) -> Result<(), DomainError> {
    if let PlanCommand::LinkTask { platform, outcome, .. } = command {
        let task = model
            .platforms
            .get(platform)
            .filter(|p| p.state.network.as_ref() == Some(network))
            .and_then(|p| p.state.outcomes.get(outcome))
            .is_some_and(|o| o.kind == crate::domain::platform::OutcomeKind::Task);
        if !task {
            return Err(DomainError::invalid(
                "outcome",
                format!("{outcome} is not a task of platform {platform} of network {network}"),
            ));
        }
        return Ok(());
    }
    let PlanCommand::AddStep { step, .. } = command else { return Ok(()) };
    let mut problems = Problems::default();
    for (i, actor) in step.actors.iter().enumerate() {
        if !model.is_actor_of(network, actor) {
            problems.add(format!("actors[{i}]"), format!("{actor} is not an actor of network {network}"));
        }
    }
    for (i, platform) in step.platforms.iter().enumerate() {
        if model.platforms.get(platform).and_then(|p| p.state.network.as_ref()) != Some(network) {
            problems.add(format!("platforms[{i}]"), format!("{platform} is not a platform of network {network}"));
        }
    }
    for (i, finding) in step.findings.iter().enumerate() {
        if model.findings.get(finding).and_then(|f| f.state.network.as_ref()) != Some(network) {
            problems.add(format!("findings[{i}]"), format!("{finding} is not a finding of network {network}"));
        }
    }
    problems.finish()
}

impl App {
    /// Runs a command on plan `id` of network `slug`.
    pub async fn plan(&self, slug: &Slug, id: Uuid, command: PlanCommand, meta: &Meta) -> Result<Written, AppError> {
        self.execute(id.to_string(), meta, |model, _| {
            if !model.networks.contains_key(slug) {
                return Err(DomainError::NotFound(format!("network {slug}")).into());
            }
            let entry = model.plans.get(&id);
            if let Some(entry) = entry
                && entry.state.network.as_ref() != Some(slug)
            {
                return Err(DomainError::NotFound(format!("plan {id}")).into());
            }
            check_links(model, slug, &command)?;
            let state = entry.map(|e| e.state.clone()).unwrap_or_else(PlanState::default);
            let events = state.decide(id, command.clone())?;
            Ok(Decision {
                stream: StreamName::new("plan", id).map_err(|e| DomainError::Conflict(e.to_string()))?,
                version: entry.map(|e| e.version),
                network: slug.to_string(),
                events: events.into_iter().map(DomainEvent::Plan).collect(),
                position: entry.map_or(0, |e| e.position),
            })
        })
        .await
    }
}
