//! The commands of users: accounts, grants, passwords, API tokens. The
//! password hash is stored beside the log before the change is recorded in
//! it, so a recorded change always has its hash.

use uuid::Uuid;

use super::{App, AppError, Decision, Meta, Written};
use crate::auth::secret;
use crate::domain::DomainError;
use crate::domain::user::{Grant, TokenScope, UserCommand, UserCtx};
use crate::events::DomainEvent;
use crate::projections::Model;

/// The prefix of API token secrets, so they are recognisable in a leak scan.
pub const TOKEN_PREFIX: &str = "uzel_";

/// A token as its owner receives it, once.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct IssuedToken {
    /// The token's id (to list and revoke it).
    pub id: Uuid,
    /// The secret to send as `Authorization: Bearer …`; shown only now.
    pub token: String,
    /// The log position of its creation.
    pub position: u64,
}

/// Why a grant names something that does not exist.
fn check_grant(model: &Model, grant: &Grant) -> Result<(), String> {
    let network = |slug| model.networks.get(slug).is_some_and(|n| n.state.region.is_some());
    match grant {
        Grant::Admin => Ok(()),
        Grant::Coordinator { network: n } | Grant::CaseManager { network: n } if network(n) => Ok(()),
        Grant::Actor { network: n, actor } if network(n) => {
            if model.is_actor_of(n, actor) {
                Ok(())
            } else {
                Err(format!("actor {actor} is not in network {n}"))
            }
        }
        Grant::PlatformMember { network: n, platform } if network(n) => {
            if model.platforms.get(platform).is_some_and(|p| p.state.network.as_ref() == Some(n)) {
                Ok(())
            } else {
                Err(format!("platform {platform} is not in network {n}"))
            }
        }
        Grant::RegionalCoordinator { region } => {
            if model.regions.get(region).is_some_and(|r| r.state.slug.is_some()) {
                Ok(())
            } else {
                Err(format!("region {region} does not exist"))
            }
        }
        other => {
            Err(format!("network {} does not exist", other.network().map(ToString::to_string).unwrap_or_default()))
        }
    }
}

impl App {
    /// Runs a user command on user `id`.
    pub async fn user(&self, id: Uuid, command: UserCommand, meta: &Meta) -> Result<Written, AppError> {
        self.execute(id.to_string(), meta, |model, ctx| {
            let entry = model.users.get(&id);
            let state = entry.map(|e| e.state.clone()).unwrap_or_default();
            let taken = |name: &str| model.usernames.get(name).is_some_and(|u| *u != id);
            let grants = |grant: &Grant| check_grant(model, grant);
            let user_ctx = UserCtx { now: ctx.now, username_taken: &taken, check_grant: &grants };
            Decision::on(
                "user",
                id,
                entry,
                grant_network(&command),
                state.decide(command.clone(), &user_ctx)?.into_iter().map(DomainEvent::User).collect(),
            )
        })
        .await
    }

    /// A network's coordinator grants (`give`) or takes back a role of
    /// `network` to the user called `username`: only roles bound to this
    /// network (admins grant the rest).
    pub async fn network_role(
        &self,
        network: &crate::domain::ids::Slug,
        username: &str,
        grant: Grant,
        give: bool,
        meta: &Meta,
    ) -> Result<Written, AppError> {
        if !crate::auth::policy::coordinator_grants(network, &grant) {
            return Err(DomainError::invalid(
                "grant",
                format!("a coordinator grants roles of network {network} only (admins grant the rest)"),
            )
            .into());
        }
        let user = self
            .user_named(username)
            .ok_or_else(|| DomainError::invalid("username", format!("no user is called {username:?}")))?;
        let command = if give { UserCommand::Grant { grant } } else { UserCommand::Revoke { grant } };
        self.user(user, command, meta).await
    }

    /// The user called `username`, if any.
    pub fn user_named(&self, username: &str) -> Option<Uuid> {
        let name = username.trim().to_lowercase();
        self.models.read().usernames.get(&name).copied()
    }

    /// Creates account `id` with a password.
    pub async fn create_user(
        &self,
        id: Uuid,
        username: &str,
        display_name: &str,
        password: &str,
        meta: &Meta,
    ) -> Result<Written, AppError> {
        check_password(password)?;
        // Refuse a bad or taken name before hashing, so nothing is stored.
        self.caught_up().await?;
        let name = crate::domain::user::check_username(username).map_err(|e| DomainError::invalid("username", e))?;
        if self.user_named(&name).is_some() {
            return Err(DomainError::invalid("username", format!("the username {name:?} is taken")).into());
        }
        let command = UserCommand::Create { username: username.to_owned(), display_name: display_name.to_owned() };
        self.auth.credentials.set(id, password).await.map_err(busy)?;
        self.user(id, command, meta).await
    }

    /// Sets a user's password and records the change, which ends their
    /// sessions.
    pub async fn set_password(&self, id: Uuid, password: &str, meta: &Meta) -> Result<Written, AppError> {
        self.caught_up().await?;
        if !self.models.read().users.contains_key(&id) {
            return Err(DomainError::NotFound(format!("user {id}")).into());
        }
        check_password(password)?;
        self.auth.credentials.set(id, password).await.map_err(busy)?;
        self.user(id, UserCommand::RecordPasswordChange, meta).await
    }

    /// Issues an API token for a user.
    pub async fn issue_token(&self, user: Uuid, name: &str, meta: &Meta) -> Result<IssuedToken, AppError> {
        self.issue_scoped_token(user, name, TokenScope::Api, meta).await
    }

    /// Issues a token that opens what `scope` says.
    pub async fn issue_scoped_token(
        &self,
        user: Uuid,
        name: &str,
        scope: TokenScope,
        meta: &Meta,
    ) -> Result<IssuedToken, AppError> {
        let token = format!("{TOKEN_PREFIX}{}", secret::fresh());
        let id = Uuid::now_v7();
        let command = UserCommand::CreateToken { id, name: name.to_owned(), hash: secret::hash(&token), scope };
        let written = self.user(user, command, meta).await?;
        Ok(IssuedToken { id, token, position: written.position })
    }
}

/// Refuses a password shorter than the minimum.
fn check_password(password: &str) -> Result<(), AppError> {
    let min = crate::auth::credentials::MIN_PASSWORD;
    if password.chars().count() < min {
        return Err(DomainError::invalid("password", format!("a password needs at least {min} characters")).into());
    }
    Ok(())
}

fn busy(error: String) -> AppError {
    AppError::Busy(format!("the password store failed: {error}"))
}

/// The network a grant command concerns, for the event's metadata.
fn grant_network(command: &UserCommand) -> String {
    match command {
        UserCommand::Grant { grant } | UserCommand::Revoke { grant } => {
            grant.network().map(ToString::to_string).unwrap_or_default()
        }
        _ => String::new(),
    }
}
