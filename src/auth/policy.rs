//! Who may see or do what with one record: the rules that look at the
//! record itself, beside each route's rule (`access.rs`) — plans and the
//! findings behind them, saved filters, agreed procedures, what of a
//! record's history a reader sees, roles a coordinator may grant, and who
//! posts what on the board.

use uuid::Uuid;

use super::Principal;
use crate::audit::history::Sight;
use crate::domain::ids::Slug;
use crate::domain::network::Audience;
use crate::domain::plan::Owner;
use crate::domain::user::Grant;
use crate::projections::Model;

/// Whether `principal` plans for `owner`: a network's coordinators and its
/// region's, or a region's own coordinators.
fn plans_for(principal: &Principal, owner: &Owner, model: &Model) -> bool {
    match owner {
        Owner::Network(network) => principal.coordinates(network) || principal.regional_for(network, model),
        Owner::Region(region) => principal.reads_region(region),
    }
}

/// Whether `principal` reads every plan of `owner`, published or not
/// (everyone else reads the published ones and the steps that concern
/// them).
pub fn reads_all_plans(principal: &Principal, owner: &Owner, model: &Model) -> bool {
    plans_for(principal, owner, model)
}

/// Whether `principal` reads the findings of mapping of a plan's `owner`
/// (the rule of the findings' own routes, `NetworkCoordination`). Everyone
/// else reads plans without their steps' links to findings.
pub fn reads_findings(principal: &Principal, owner: &Owner, model: &Model) -> bool {
    plans_for(principal, owner, model)
}

/// Whether `principal` (a reader of `network`) may run a saved filter
/// shared with `audience`.
pub fn runs_filter(principal: &Principal, network: &Slug, audience: Audience, model: &Model) -> bool {
    audience == Audience::CaseManagers || principal.coordinates(network) || principal.regional_for(network, model)
}

/// What of an agreed procedure a reader sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcedureSight {
    /// Every version: the network's and the region's coordinators.
    Versions,
    /// The version in force: the people it binds (its platform's, the
    /// actors it names).
    InForce,
}

/// What `principal` sees of a procedure of `network` that belongs to
/// `platform` and whose version in force names `actors` (`live`: the model
/// now, whatever date is read).
pub fn procedure_sight(
    principal: &Principal,
    network: &Slug,
    platform: Option<Uuid>,
    actors: &[Uuid],
    live: &Model,
) -> Option<ProcedureSight> {
    if principal.coordinates(network) || principal.regional_for(network, live) {
        return Some(ProcedureSight::Versions);
    }
    let concerns = platform.is_some_and(|p| principal.follows_platform(network, &p, live))
        || actors.iter().any(|a| principal.keeps_actor(network, a));
    concerns.then_some(ProcedureSight::InForce)
}

/// What of an actor's history of `network` `principal` sees: private notes
/// only as one of its coordinators.
pub fn actor_history(principal: &Principal, network: &Slug) -> Sight {
    Sight { private_notes: principal.coordinates(network), ..Sight::default() }
}

/// What of platform `platform`'s history `principal` sees: evaluations as
/// one of its members, minutes and outcomes also as one of its people or a
/// regional coordinator.
pub fn platform_history(principal: &Principal, network: &Slug, platform: Uuid, model: &Model) -> Sight {
    Sight {
        private_notes: false,
        evaluations: principal.platform_member(network, &platform),
        minutes: principal.follows_platform(network, &platform, model) || principal.regional_for(network, model),
    }
}

/// Whether a coordinator of `network` may grant or take back `grant`:
/// roles bound to this network only (admins grant the rest).
pub fn coordinator_grants(network: &Slug, grant: &Grant) -> bool {
    grant.network() == Some(network)
}

/// The one actor an actor account keeps in `network`, if exactly one.
pub fn own_actor(principal: &Principal, network: &Slug) -> Option<Uuid> {
    let mut actors = principal.grants.iter().filter_map(|g| match g {
        Grant::Actor { network: n, actor } if n == network => Some(*actor),
        _ => None,
    });
    match (actors.next(), actors.next()) {
        (Some(actor), None) => Some(actor),
        _ => None,
    }
}

/// Whether `principal` may ask the board of `network` for a place (a
/// case manager or a coordinator of the network).
pub fn asks_for_places(principal: &Principal, network: &Slug) -> bool {
    principal.coordinates(network)
        || principal.grants.iter().any(|g| matches!(g, Grant::CaseManager { network: n } if n == network))
}
