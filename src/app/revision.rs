//! The yearly revision command: mark a network's records reviewed, one or
//! many at once, as one event on the network's stream.

use uuid::Uuid;

use super::{App, AppError, Decision, Meta, Written};
use crate::domain::DomainError;
use crate::domain::ids::Slug;
use crate::domain::revision::{Known, Reviewed, decide};
use crate::events::DomainEvent;
use crate::projections::Model;

/// A network's records in the model.
struct InNetwork<'a> {
    model: &'a Model,
    network: &'a Slug,
}

impl Known for InNetwork<'_> {
    fn actor(&self, id: &Uuid) -> bool {
        self.model.is_actor_of(self.network, id)
    }

    fn platform(&self, id: &Uuid) -> bool {
        self.model.platforms.get(id).is_some_and(|p| p.state.network.as_ref() == Some(self.network))
    }

    fn activity(&self, id: &Uuid) -> bool {
        self.model.needs.get(self.network).is_some_and(|n| n.state.activities.contains_key(id))
    }
}

impl App {
    /// Marks records of network `slug` reviewed (the yearly revision),
    /// effective at the meta's date: not before any of them was entered.
    pub async fn review(&self, slug: &Slug, marked: Reviewed, meta: &Meta) -> Result<Written, AppError> {
        self.execute(slug.to_string(), meta, |model, ctx| {
            let entry = model.networks.get(slug).ok_or_else(|| DomainError::NotFound(format!("network {slug}")))?;
            let event = decide(marked.clone(), &InNetwork { model, network: slug })?;
            let entered = marked
                .actors
                .iter()
                .filter_map(|id| model.actors.get(id).and_then(|a| a.entry.state.registered_at).map(|at| (id, at)))
                .chain(
                    marked
                        .platforms
                        .iter()
                        .filter_map(|id| model.platforms.get(id).and_then(|p| p.state.founded_at).map(|at| (id, at))),
                )
                .find(|(_, at)| ctx.effective_at < *at);
            if let Some((id, at)) = entered {
                return Err(DomainError::invalid(
                    "effective_at",
                    format!("{id} was entered on {}; a review cannot take effect before that", at.format("%Y-%m-%d")),
                )
                .into());
            }
            Decision::on("network", slug, Some(entry), slug.to_string(), vec![DomainEvent::Network(event)])
        })
        .await
    }
}
