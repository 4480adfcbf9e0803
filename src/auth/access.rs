//! The access rule each route declares, and its check against a principal.
//! Enforced on the server for every route (the route table gives every route
//! a rule; the authorization matrix test checks every route against every
//! role). A principal who cannot read a network is told it does not exist
//! (404); one who can read it but not do this is refused (403); an anonymous
//! visitor is asked to sign in (401). The rules that look at one record
//! itself are `policy.rs`.

use uuid::Uuid;

use super::Principal;
use crate::domain::ids::Slug;
use crate::projections::Model;

/// Who may use a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    SignedIn,
    /// Admins.
    Admin,
    /// Admins and the regional coordinators of `{region}` (who also write
    /// what the region keeps: its plans).
    RegionCoordination,
    /// Anyone with a role in `{network}` or its region.
    NetworkRead,
    /// As `NetworkRead`, but not case managers, who read through the filters
    /// shared with them.
    NetworkPlanning,
    /// The coordinators of `{network}` and of its region, to read what is
    /// kept for them (the findings of mapping).
    NetworkCoordination,
    /// The coordinators of `{network}`.
    NetworkWrite,
    /// The coordinators of `{network}` and the actor role bound to `{actor}`.
    ActorWrite,
    /// Readers of `{network}` for filters shared with case managers; the
    /// network's (and region's) coordinators for the rest.
    SavedFilter,
}

impl Access {
    /// The rule's stable code (`x-access` in the OpenAPI document).
    pub fn code(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::SignedIn => "signed_in",
            Self::Admin => "admin",
            Self::RegionCoordination => "region_coordination",
            Self::NetworkRead => "network_read",
            Self::NetworkPlanning => "network_planning",
            Self::NetworkCoordination => "network_coordination",
            Self::NetworkWrite => "network_write",
            Self::ActorWrite => "actor_write",
            Self::SavedFilter => "saved_filter",
        }
    }

    /// Who may use a route with this rule, in Czech.
    pub fn describe_cs(self) -> &'static str {
        match self {
            Self::Public => "kdokoli",
            Self::SignedIn => "přihlášení",
            Self::Admin => "správce",
            Self::RegionCoordination => "krajský koordinátor",
            Self::NetworkRead => "kdokoli s rolí v síti nebo v jejím kraji",
            Self::NetworkPlanning => "role v síti kromě case managerů",
            Self::NetworkCoordination => "koordinátor sítě a krajský koordinátor",
            Self::NetworkWrite => "koordinátor sítě",
            Self::ActorWrite => "koordinátor sítě a účet aktéra",
            Self::SavedFilter => "role v síti; case manager jen filtry sdílené s ním",
        }
    }
}

/// Why a request is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Denial {
    /// Not signed in (401).
    SignIn,
    /// Signed in, but not allowed (403).
    Forbidden(String),
    /// Not there for this principal (404): its existence is not revealed.
    Hidden(String),
}

/// The path parameters a rule looks at.
#[derive(Clone, Debug, Default)]
pub struct Params {
    /// `{region}`.
    pub region: Option<String>,
    /// `{network}`.
    pub network: Option<String>,
    /// `{actor}`.
    pub actor: Option<String>,
    /// `{filter}`.
    pub filter: Option<String>,
}

fn network_of(params: &Params) -> Result<Slug, Denial> {
    let text = params.network.as_deref().unwrap_or("");
    Slug::parse(text).map_err(|_| Denial::Hidden(format!("network {text:?} does not exist")))
}

/// Checks `access` for `principal` on a request with `params`.
pub fn check(access: Access, principal: &Principal, params: &Params, model: &Model) -> Result<(), Denial> {
    if access == Access::Public {
        return Ok(());
    }
    if !principal.signed_in() {
        return Err(Denial::SignIn);
    }
    let forbidden = |what: &str| Err(Denial::Forbidden(format!("your roles do not allow {what}")));
    match access {
        Access::Public | Access::SignedIn => Ok(()),
        Access::Admin if principal.is_admin() => Ok(()),
        Access::Admin => forbidden("this; it is for admins"),
        Access::RegionCoordination => {
            let text = params.region.as_deref().unwrap_or("");
            match Slug::parse(text) {
                Ok(region) if principal.reads_region(&region) => Ok(()),
                _ => Err(Denial::Hidden(format!("region {text:?} does not exist"))),
            }
        }
        _ => {
            let network = network_of(params)?;
            if !principal.reads_network(&network, model) {
                return Err(Denial::Hidden(format!("network {network} does not exist")));
            }
            match access {
                Access::NetworkRead => Ok(()),
                Access::NetworkPlanning if principal.only_case_manager(&network, model) => {
                    forbidden("this to case managers; use the filters shared with you")
                }
                Access::NetworkPlanning => Ok(()),
                Access::NetworkCoordination
                    if principal.coordinates(&network) || principal.regional_for(&network, model) =>
                {
                    Ok(())
                }
                Access::NetworkCoordination => forbidden("this; it is kept for the network's coordinators"),
                Access::NetworkWrite if principal.coordinates(&network) => Ok(()),
                Access::NetworkWrite => forbidden("changes here; they are for the network's coordinators"),
                Access::ActorWrite => {
                    let actor = params.actor.as_deref().and_then(|a| Uuid::parse_str(a).ok());
                    if actor.is_some_and(|a| principal.keeps_actor(&network, &a)) {
                        Ok(())
                    } else {
                        forbidden("changes to this actor; they are for its own account and the coordinators")
                    }
                }
                Access::SavedFilter => {
                    let filter = params.filter.as_deref().and_then(|f| Uuid::parse_str(f).ok());
                    let audience =
                        filter.and_then(|f| model.networks.get(&network)?.state.filters.get(&f).map(|f| f.audience));
                    match audience {
                        // A filter that does not exist: the handler says so.
                        None => Ok(()),
                        Some(audience) if super::policy::runs_filter(principal, &network, audience, model) => Ok(()),
                        Some(_) => forbidden("this filter; it is kept for the network's coordinators"),
                    }
                }
                Access::Public | Access::SignedIn | Access::Admin | Access::RegionCoordination => {
                    unreachable!("handled above")
                }
            }
        }
    }
}
