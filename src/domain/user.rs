//! Users and what they may do: accounts, the roles granted to them per
//! network and region, and their API tokens. Event-sourced like everything
//! else, so who granted what to whom, and when, is part of the audit.
//! Passwords are not here: their hashes live beside the log
//! (`crate::auth::credentials`), only the fact of a change is an event.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::DomainError;
use super::ids::Slug;
use super::text::{optional_text, required_text};

/// A role granted to a user, with what it is bound to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "role", rename_all = "snake_case", deny_unknown_fields)]
pub enum Grant {
    /// Runs the server: creates regions, networks and their first
    /// coordinators.
    Admin,
    /// Does everything in one network and reads its private notes.
    Coordinator {
        /// The network.
        network: Slug,
    },
    /// Reads the fields the coordinator designated, through the saved
    /// filters shared with case managers.
    CaseManager {
        /// The network.
        network: Slug,
    },
    /// Keeps one actor's entry, contact persons and capacity.
    Actor {
        /// The network.
        network: Slug,
        /// The actor entry.
        actor: Uuid,
    },
    /// Follows one platform's meetings, outcomes and evaluations.
    PlatformMember {
        /// The network.
        network: Slug,
        /// The platform.
        platform: Uuid,
    },
    /// Reads every network of a region (private notes excepted).
    RegionalCoordinator {
        /// The region.
        region: Slug,
    },
}

impl Grant {
    /// The role's name.
    pub fn role(&self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Coordinator { .. } => "coordinator",
            Self::CaseManager { .. } => "case_manager",
            Self::Actor { .. } => "actor",
            Self::PlatformMember { .. } => "platform_member",
            Self::RegionalCoordinator { .. } => "regional_coordinator",
        }
    }

    /// The network the grant is bound to, if any.
    pub fn network(&self) -> Option<&Slug> {
        match self {
            Self::Coordinator { network }
            | Self::CaseManager { network }
            | Self::Actor { network, .. }
            | Self::PlatformMember { network, .. } => Some(network),
            Self::Admin | Self::RegionalCoordinator { .. } => None,
        }
    }
}

impl fmt::Display for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Admin => write!(f, "admin"),
            Self::Coordinator { network } => write!(f, "coordinator of {network}"),
            Self::CaseManager { network } => write!(f, "case manager in {network}"),
            Self::Actor { network, actor } => write!(f, "actor {actor} in {network}"),
            Self::PlatformMember { network, platform } => write!(f, "member of platform {platform} in {network}"),
            Self::RegionalCoordinator { region } => write!(f, "regional coordinator of {region}"),
        }
    }
}

/// An API token of a user; only a hash of the secret is kept.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Token {
    /// What the owner calls it, e.g. "kapacity z informačního systému".
    pub name: String,
    /// SHA-256 of the secret.
    pub hash: [u8; 32],
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Revoked tokens stay listed but open nothing.
    pub revoked: bool,
    /// What it opens.
    pub scope: TokenScope,
}

/// What a token opens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// The API, as its user.
    #[default]
    Api,
    /// Only the user's calendar feed of meetings (a URL a calendar
    /// application keeps; it opens nothing else).
    Calendar,
}

/// A user's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UserState {
    /// The login name, once created.
    pub username: Option<String>,
    /// The name shown.
    pub display_name: String,
    /// The roles granted.
    pub grants: Vec<Grant>,
    /// API tokens by id.
    pub tokens: BTreeMap<Uuid, Token>,
    /// When the password last changed: sessions older than this are dead.
    pub password_changed_at: Option<DateTime<Utc>>,
}

/// What decides a user command needs from outside the user: whether a
/// username is taken, and whether a grant names things that exist.
pub struct UserCtx<'a> {
    /// Now.
    pub now: DateTime<Utc>,
    /// Whether another user has this username.
    pub username_taken: &'a dyn Fn(&str) -> bool,
    /// Why a grant names something that does not exist, if it does.
    pub check_grant: &'a dyn Fn(&Grant) -> Result<(), String>,
}

/// What can be asked of a user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserCommand {
    /// Create the account.
    Create { username: String, display_name: String },
    /// Grant a role.
    Grant { grant: Grant },
    /// Take a role back.
    Revoke { grant: Grant },
    /// Record that the password changed (the hash is stored elsewhere).
    RecordPasswordChange,
    /// Create a token with the hash of its secret.
    CreateToken { id: Uuid, name: String, hash: [u8; 32], scope: TokenScope },
    /// Revoke an API token.
    RevokeToken { id: Uuid },
}

/// What happened to a user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserEvent {
    /// `user.created`
    Created { username: String, display_name: String },
    /// `user.granted`
    Granted { grant: Grant },
    /// `user.revoked`
    Revoked { grant: Grant },
    /// `user.password_changed`
    PasswordChanged,
    /// `user.token_created`
    TokenCreated { id: Uuid, name: String, hash: [u8; 32], scope: TokenScope },
    /// `user.token_revoked`
    TokenRevoked { id: Uuid },
}

/// Checks a username: 3 to 64 lowercase letters, digits, `.`, `_`, `-`.
pub fn check_username(name: &str) -> Result<String, String> {
    let name = name.trim().to_lowercase();
    let ok = (3..=64).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok { Ok(name) } else { Err("a username is 3 to 64 letters without diacritics, digits, '.', '_' or '-'".into()) }
}

impl UserState {
    /// Decides a command.
    pub fn decide(&self, command: UserCommand, ctx: &UserCtx<'_>) -> Result<Vec<UserEvent>, DomainError> {
        use UserCommand as C;
        use UserEvent as E;
        if let C::Create { username, display_name } = command {
            if self.username.is_some() {
                return Err(DomainError::Conflict("this user exists already".into()));
            }
            let username = check_username(&username).map_err(|e| DomainError::invalid("username", e))?;
            if (ctx.username_taken)(&username) {
                return Err(DomainError::invalid("username", format!("the username {username:?} is taken")));
            }
            let display_name = optional_text("display_name", &display_name, 120)
                .map_err(|e| DomainError::invalid("display_name", e))?;
            return Ok(vec![E::Created { username, display_name }]);
        }
        if self.username.is_none() {
            return Err(DomainError::NotFound("user".into()));
        }
        Ok(match command {
            C::Create { .. } => unreachable!("handled above"),
            C::Grant { grant } if self.grants.contains(&grant) => vec![],
            C::Grant { grant } => {
                (ctx.check_grant)(&grant).map_err(|e| DomainError::invalid("grant", e))?;
                vec![E::Granted { grant }]
            }
            C::Revoke { grant } if !self.grants.contains(&grant) => {
                return Err(DomainError::NotFound(format!("the grant {grant}")));
            }
            C::Revoke { grant } => vec![E::Revoked { grant }],
            C::RecordPasswordChange => vec![E::PasswordChanged],
            C::CreateToken { id, name, hash, scope } => {
                if self.tokens.contains_key(&id) {
                    return Err(DomainError::Conflict(format!("token {id} exists already")));
                }
                let name = required_text("name", &name, 120).map_err(|e| DomainError::invalid("name", e))?;
                vec![E::TokenCreated { id, name, hash, scope }]
            }
            C::RevokeToken { id } => match self.tokens.get(&id) {
                None => return Err(DomainError::NotFound(format!("token {id}"))),
                Some(token) if token.revoked => vec![],
                Some(_) => vec![E::TokenRevoked { id }],
            },
        })
    }

    /// Applies an event recorded at `at`.
    pub fn apply(&mut self, event: &UserEvent, at: DateTime<Utc>) {
        use UserEvent as E;
        match event {
            E::Created { username, display_name } => {
                self.username = Some(username.clone());
                self.display_name = display_name.clone();
            }
            E::Granted { grant } => self.grants.push(grant.clone()),
            E::Revoked { grant } => self.grants.retain(|g| g != grant),
            E::PasswordChanged => self.password_changed_at = Some(at),
            E::TokenCreated { id, name, hash, scope } => {
                let token = Token { name: name.clone(), hash: *hash, created_at: at, revoked: false, scope: *scope };
                self.tokens.insert(*id, token);
            }
            E::TokenRevoked { id } => {
                if let Some(token) = self.tokens.get_mut(id) {
                    token.revoked = true;
                }
            }
        }
    }
}
