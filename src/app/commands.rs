//! The commands of each aggregate, as the HTTP API and the command line
//! issue them: each finds the aggregate's state in the model, checks that it
//! belongs to the network named, and decides.

use uuid::Uuid;

use super::{App, AppError, Decision, Meta, Written};
use crate::domain::DomainError;
use crate::domain::actor::{ActorCommand, ActorState};
use crate::domain::ids::Slug;
use crate::domain::needs::{NeedsCommand, NeedsState};
use crate::domain::network::{NetworkCommand, NetworkState, RegionCommand, RegionState};
use crate::domain::platform::{PlatformCommand, PlatformState};
use crate::events::DomainEvent;
use crate::projections::Model;

fn not_found(what: String) -> DomainError {
    DomainError::NotFound(what)
}

/// The network, if it exists.
fn network<'a>(model: &'a Model, slug: &Slug) -> Result<&'a NetworkState, DomainError> {
    model.networks.get(slug).map(|n| &n.state).ok_or_else(|| not_found(format!("network {slug}")))
}

impl App {
    /// Runs a region command.
    pub async fn region(&self, slug: &Slug, command: RegionCommand, meta: &Meta) -> Result<Written, AppError> {
        self.execute(slug.to_string(), meta, |model, _| {
            let entry = model.regions.get(slug);
            let state = entry.map(|e| e.state.clone()).unwrap_or_else(RegionState::default);
            Decision::on(
                "region",
                slug,
                entry,
                String::new(),
                state.decide(command.clone())?.into_iter().map(DomainEvent::Region).collect(),
            )
        })
        .await
    }

    /// Runs a network command.
    pub async fn network(&self, slug: &Slug, command: NetworkCommand, meta: &Meta) -> Result<Written, AppError> {
        self.execute(slug.to_string(), meta, |model, _| {
            let entry = model.networks.get(slug);
            let state = entry.map(|e| e.state.clone()).unwrap_or_default();
            let region_exists = match &command {
                NetworkCommand::Register { region, .. } => {
                    model.regions.get(region).is_some_and(|r| r.state.slug.is_some())
                }
                _ => true,
            };
            Decision::on(
                "network",
                slug,
                entry,
                slug.to_string(),
                state.decide(command.clone(), region_exists)?.into_iter().map(DomainEvent::Network).collect(),
            )
        })
        .await
    }

    /// Runs an actor command on actor `id` of network `slug`.
    pub async fn actor(&self, slug: &Slug, id: Uuid, command: ActorCommand, meta: &Meta) -> Result<Written, AppError> {
        self.execute(id.to_string(), meta, |model, ctx| {
            let net = network(model, slug)?;
            let entry = model.actors.get(&id).map(|a| &a.entry);
            if let Some(entry) = entry
                && entry.state.network.as_ref() != Some(slug)
            {
                // Another network's actor does not exist here.
                return Err(not_found(format!("actor {id}")).into());
            }
            let state = entry.map(|e| e.state.clone()).unwrap_or_else(ActorState::default);
            Decision::on(
                "actor",
                id,
                entry,
                slug.to_string(),
                state.decide(net, command.clone(), ctx)?.into_iter().map(DomainEvent::Actor).collect(),
            )
        })
        .await
    }

    /// Runs a platform command on platform `id` of network `slug`.
    pub async fn platform(
        &self,
        slug: &Slug,
        id: Uuid,
        command: PlatformCommand,
        meta: &Meta,
    ) -> Result<Written, AppError> {
        self.execute(id.to_string(), meta, |model, ctx| {
            network(model, slug)?;
            let entry = model.platforms.get(&id);
            if let Some(entry) = entry
                && entry.state.network.as_ref() != Some(slug)
            {
                return Err(not_found(format!("platform {id}")).into());
            }
            let state = entry.map(|e| e.state.clone()).unwrap_or_else(PlatformState::default);
            let actors = |actor: &Uuid| model.is_actor_of(slug, actor);
            Decision::on(
                "platform",
                id,
                entry.map(|e| &**e),
                slug.to_string(),
                state.decide(command.clone(), &actors, ctx)?.into_iter().map(DomainEvent::Platform).collect(),
            )
        })
        .await
    }

    /// Runs a needs-map command on network `slug`.
    pub async fn needs(&self, slug: &Slug, command: NeedsCommand, meta: &Meta) -> Result<Written, AppError> {
        self.execute(slug.to_string(), meta, |model, _| {
            network(model, slug)?;
            let entry = model.needs.get(slug);
            let state = entry.map(|e| e.state.clone()).unwrap_or_else(NeedsState::default);
            let actors = |actor: &Uuid| model.is_actor_of(slug, actor);
            Decision::on(
                "needs",
                slug,
                entry,
                slug.to_string(),
                state.decide(command.clone(), &actors)?.into_iter().map(DomainEvent::Needs).collect(),
            )
        })
        .await
    }

    /// Erases a contact person of an actor: deletes their key (every sealed
    /// copy becomes unreadable at once), then records the erasure.
    pub async fn erase_contact(
        &self,
        slug: &Slug,
        actor: Uuid,
        person: Uuid,
        meta: &Meta,
    ) -> Result<Written, AppError> {
        {
            self.caught_up().await?;
            let model = self.models.read();
            let entry = model.actors.get(&actor).filter(|a| a.entry.state.network.as_ref() == Some(slug));
            if !entry.is_some_and(|a| a.entry.state.contacts.contains_key(&person)) {
                return Err(not_found(format!("contact person {person} of actor {actor}")).into());
            }
            // Refuse a stale If-Match before the key is gone: erasure cannot
            // be undone, so it happens only when the record of it will be
            // written too.
            let version = entry.map(|a| a.entry.version);
            if let Some(expected) = meta.expected
                && version != Some(expected)
            {
                return Err(AppError::VersionMismatch { current: version });
            }
        }
        self.keys.erase(person)?;
        self.actor(slug, actor, ActorCommand::RecordErasure { id: person }, meta).await
    }
}
