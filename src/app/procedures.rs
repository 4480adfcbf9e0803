//! Procedure commands: decided against the procedure's state, with its
//! owner platform and the actors it binds checked against the network.

use uuid::Uuid;

use super::{App, AppError, Decision, Meta, Written};
use crate::domain::DomainError;
use crate::domain::error::Problems;
use crate::domain::ids::Slug;
use crate::domain::procedure::{ProcedureCommand, ProcedureState};
use crate::events::DomainEvent;
use crate::projections::Model;

fn check_links(model: &Model, network: &Slug, command: &ProcedureCommand) -> Result<(), DomainError> {
    let mut problems = Problems::default();
    let (platform, wording) = match command {
        ProcedureCommand::Agree { platform, wording, .. } => (*platform, wording),
        ProcedureCommand::Revise { wording } => (None, wording),
        ProcedureCommand::Withdraw { .. } => return Ok(()),
    };
    if let Some(platform) = platform
        && model.platforms.get(&platform).and_then(|p| p.state.network.as_ref()) != Some(network)
    {
        problems.add("platform", format!("{platform} is not a platform of network {network}"));
    }
    for (i, actor) in wording.actors.iter().enumerate() {
        if !model.is_actor_of(network, actor) {
            problems.add(format!("actors[{i}]"), format!("{actor} is not an actor of network {network}"));
        }
    }
    problems.finish()
}

impl App {
    /// Runs a command on procedure `id` of network `slug`.
    pub async fn procedure(
        &self,
        slug: &Slug,
        id: Uuid,
        command: ProcedureCommand,
        meta: &Meta,
    ) -> Result<Written, AppError> {
        self.execute(id.to_string(), meta, |model, _| {
            if !model.networks.contains_key(slug) {
                return Err(DomainError::NotFound(format!("network {slug}")).into());
            }
            let entry = model.procedures.get(&id);
            if let Some(entry) = entry
                && entry.state.network.as_ref() != Some(slug)
            {
                return Err(DomainError::NotFound(format!("procedure {id}")).into());
            }
            check_links(model, slug, &command)?;
            let state = entry.map(|e| e.state.clone()).unwrap_or_else(ProcedureState::default);
            let events = state.decide(command.clone())?;
            let events = events.into_iter().map(DomainEvent::Procedure).collect();
            Decision::on("procedure", id, entry, slug.to_string(), events)
        })
        .await
    }
}
