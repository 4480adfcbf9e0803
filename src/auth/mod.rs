//! Who is asking, and what they may do.
//!
//! - `secret.rs` — random secrets and their hashes;
//! - `credentials.rs` — password hashes (argon2id) beside the log;
//! - `sessions.rs` — web sessions with their CSRF tokens;
//! - `throttle.rs` — login throttling per account and address;
//! - `access.rs` — the access rules every route declares, and their check;
//! - `policy.rs` — the rules that look at one record: plans and findings,
//!   filters, procedures, history, grants, board posts;
//! - `redact.rs` — what of a view a reader of the network may not see.

pub mod access;
pub mod credentials;
pub mod policy;
pub mod redact;
pub mod secret;
pub mod sessions;
pub mod throttle;

use uuid::Uuid;

use crate::domain::ids::Slug;
use crate::domain::user::Grant;
use crate::projections::Model;

/// The stores behind sign-in.
pub struct Auth {
    /// Password hashes.
    pub credentials: credentials::Credentials,
    /// Web sessions.
    pub sessions: sessions::Sessions,
    /// Login throttling.
    pub throttle: throttle::Throttle,
}

/// The author recorded on events caused by `user` (`None`: anonymous).
pub fn author_of(user: Option<Uuid>) -> String {
    user.map_or_else(|| "anonymous".to_owned(), |u| format!("user:{u}"))
}

/// How a request proved who it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Via {
    /// Nothing: an anonymous visitor.
    Nothing,
    /// A bearer token.
    Token,
    /// A session cookie, whose CSRF token writes must echo.
    Session {
        /// The session's CSRF token.
        csrf: String,
    },
}

/// Who is asking, with the roles granted to them.
#[derive(Clone, Debug)]
pub struct Principal {
    /// The user, if signed in.
    pub user: Option<Uuid>,
    /// Their roles.
    pub grants: Vec<Grant>,
    /// How they proved it.
    pub via: Via,
}

impl Principal {
    /// An anonymous visitor (the public).
    pub fn anonymous() -> Self {
        Self { user: None, grants: Vec::new(), via: Via::Nothing }
    }

    /// A signed-in user with the grants the model holds for them.
    pub fn user(model: &Model, user: Uuid, via: Via) -> Self {
        let grants = model.users.get(&user).map(|u| u.state.grants.clone()).unwrap_or_default();
        Self { user: Some(user), grants, via }
    }

    /// The author recorded on the events this principal causes.
    pub fn author(&self) -> String {
        author_of(self.user)
    }

    /// Whether signed in.
    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }

    /// Whether an admin.
    pub fn is_admin(&self) -> bool {
        self.grants.contains(&Grant::Admin)
    }

    /// Whether a coordinator of `network` (or an admin).
    pub fn coordinates(&self, network: &Slug) -> bool {
        self.is_admin() || self.grants.iter().any(|g| matches!(g, Grant::Coordinator { network: n } if n == network))
    }

    /// Whether a regional coordinator of the region `network` belongs to.
    pub fn regional_for(&self, network: &Slug, model: &Model) -> bool {
        let region = model.networks.get(network).and_then(|n| n.state.region.as_ref());
        region.is_some_and(|r| self.reads_region(r))
    }

    /// Whether a regional coordinator of `region` (or an admin).
    pub fn reads_region(&self, region: &Slug) -> bool {
        self.is_admin()
            || self.grants.iter().any(|g| matches!(g, Grant::RegionalCoordinator { region: r } if r == region))
    }

    /// Whether the principal has any role that reads `network`.
    pub fn reads_network(&self, network: &Slug, model: &Model) -> bool {
        self.is_admin() || self.grants.iter().any(|g| g.network() == Some(network)) || self.regional_for(network, model)
    }

    /// Whether the only roles in `network` are case manager ones: such a
    /// principal reads the designated fields through shared filters only.
    pub fn only_case_manager(&self, network: &Slug, model: &Model) -> bool {
        let in_network: Vec<&Grant> = self.grants.iter().filter(|g| g.network() == Some(network)).collect();
        !self.is_admin()
            && !self.regional_for(network, model)
            && !in_network.is_empty()
            && in_network.iter().all(|g| matches!(g, Grant::CaseManager { .. }))
    }

    /// Whether the principal keeps `actor` of `network` (coordinators keep
    /// every actor).
    pub fn keeps_actor(&self, network: &Slug, actor: &Uuid) -> bool {
        self.coordinates(network)
            || self
                .grants
                .iter()
                .any(|g| matches!(g, Grant::Actor { network: n, actor: a } if n == network && a == actor))
    }

    /// The platforms the principal is a member of: as a platform member,
    /// or through an actor account whose actor coordinates or belongs to
    /// the platform. The one rule both the HTTP views and the board go by.
    pub fn member_platforms(&self, model: &Model) -> Vec<Uuid> {
        let mut platforms = Vec::new();
        for grant in &self.grants {
            match grant {
                Grant::PlatformMember { platform, .. } => platforms.push(*platform),
                Grant::Actor { actor, .. } => platforms.extend(model.memberships.get(actor).into_iter().flatten()),
                _ => {}
            }
        }
        platforms
    }

    /// Whether the principal takes part in `platform` of `network` as a
    /// person: a platform member's account, or a coordinator of the
    /// network. They read the platform's evaluations.
    pub fn platform_member(&self, network: &Slug, platform: &Uuid) -> bool {
        self.coordinates(network)
            || self.grants.iter().any(
                |g| matches!(g, Grant::PlatformMember { network: n, platform: p } if n == network && p == platform),
            )
    }

    /// Whether the principal follows `platform` of `network`: its members
    /// ([`Principal::member_platforms`]) and the network's coordinators.
    pub fn follows_platform(&self, network: &Slug, platform: &Uuid, model: &Model) -> bool {
        self.coordinates(network)
            || (model.platforms.get(platform).is_some_and(|p| p.state.network.as_ref() == Some(network))
                && self.member_platforms(model).contains(platform))
    }
}
