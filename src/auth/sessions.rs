//! Web sessions: a random secret in an HttpOnly cookie, its hash in a store
//! beside the log with the user, when it started and ends, and its CSRF
//! token. Sessions end at logout, at expiry, and when the password changes.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::secret;

/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;

/// A session as stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Session {
    /// Whose.
    pub user: Uuid,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
    /// The token cookie-authenticated writes must echo in `X-CSRF-Token`.
    pub csrf: String,
}

/// The store: secret hash → session, beside the log (so every node on one
/// database knows every session).
#[derive(Clone)]
pub struct Sessions {
    tree: std::sync::Arc<dyn crate::log::SideStore>,
}

impl Sessions {
    /// The store in `tree`.
    pub fn new(tree: std::sync::Arc<dyn crate::log::SideStore>) -> Self {
        Self { tree }
    }

    /// Starts a session; returns its secret and CSRF token.
    pub async fn start(&self, user: Uuid, now: DateTime<Utc>) -> Result<(String, String), String> {
        let (secret, csrf) = (secret::fresh(), secret::fresh());
        let session =
            Session { user, started_at: now, ends_at: now + Duration::hours(SESSION_HOURS), csrf: csrf.clone() };
        let value = serde_json::to_vec(&session).map_err(|e| e.to_string())?;
        self.tree.put(&secret::hash(&secret), &value).await?;
        Ok((secret, csrf))
    }

    /// The live session of a secret at `now` (none if it is unknown or
    /// has ended); an error if the store cannot be read — the caller's
    /// thread is not blocked while it is (on PostgreSQL, a round trip).
    pub async fn find(&self, secret: &str, now: DateTime<Utc>) -> Result<Option<Session>, String> {
        let Some(value) = self.tree.fetch(&secret::hash(secret)).await? else { return Ok(None) };
        let session: Option<Session> = serde_json::from_slice(&value).ok();
        Ok(session.filter(|s| now < s.ends_at))
    }

    /// Ends a session.
    pub async fn end(&self, secret: &str) -> Result<(), String> {
        self.tree.delete(&secret::hash(secret)).await
    }
}
