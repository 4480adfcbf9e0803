//! Finding commands: decided against the finding's state, with its sources
//! and target groups checked against the network.

use uuid::Uuid;

use super::{App, AppError, Decision, Meta, Written};
use crate::domain::DomainError;
use crate::domain::error::Problems;
use crate::domain::finding::{FindingCommand, FindingDraft, FindingState, Source};
use crate::domain::ids::Slug;
use crate::domain::network::TermKind;
use crate::events::DomainEvent;
use crate::projections::Model;

/// Refuses sources and target groups that are not the network's.
fn check_links(model: &Model, network: &Slug, draft: &FindingDraft) -> Result<(), DomainError> {
    let mut problems = Problems::default();
    let group = |id: &Uuid| {
        model.networks.get(network).and_then(|n| n.state.terms.get(id)).is_some_and(|t| t.kind == TermKind::TargetGroup)
    };
    for (i, source) in draft.sources.iter().enumerate() {
        let known = match source {
            Source::ActorNote { actor, note } => {
                model.is_actor_of(network, actor)
                    && model.actors.get(actor).is_some_and(|a| a.entry.state.notes.contains_key(note))
            }
            Source::PlatformOutcome { platform, outcome } => model
                .platforms
                .get(platform)
                .is_some_and(|p| p.state.network.as_ref() == Some(network) && p.state.outcomes.contains_key(outcome)),
            Source::Gap { target_group, .. } => group(target_group),
        };
        if !known {
            let what = match source {
                Source::ActorNote { actor, note } => format!("note {note} of actor {actor}"),
                Source::PlatformOutcome { platform, outcome } => format!("outcome {outcome} of platform {platform}"),
                Source::Gap { area, target_group } => {
                    format!("the gap in {} for target group {target_group}", area.code())
                }
            };
            problems.add(format!("sources[{i}]"), format!("{what} is not a record of network {network}"));
        }
    }
    for (i, id) in draft.target_groups.iter().enumerate() {
        if !group(id) {
            problems.add(format!("target_groups[{i}]"), format!("{id} is not a target group of network {network}"));
        }
    }
    problems.finish()
}

impl App {
    /// Runs a command on finding `id` of network `slug`.
    pub async fn finding(
        &self,
        slug: &Slug,
        id: Uuid,
        command: FindingCommand,
        meta: &Meta,
    ) -> Result<Written, AppError> {
        self.execute(id.to_string(), meta, |model, _| {
            if !model.networks.contains_key(slug) {
                return Err(DomainError::NotFound(format!("network {slug}")).into());
            }
            let entry = model.findings.get(&id);
            if let Some(entry) = entry
                && entry.state.network.as_ref() != Some(slug)
            {
                return Err(DomainError::NotFound(format!("finding {id}")).into());
            }
            if let FindingCommand::Record { draft, .. } | FindingCommand::Revise { draft } = &command {
                check_links(model, slug, draft)?;
            }
            let state = entry.map(|e| e.state.clone()).unwrap_or_else(FindingState::default);
            let events = state.decide(command.clone())?;
            let events = events.into_iter().map(DomainEvent::Finding).collect();
            Decision::on("finding", id, entry, slug.to_string(), events)
        })
        .await
    }
}
