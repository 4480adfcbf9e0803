//! Command handling: the one place that joins the domain and the log.
//!
//! A command is decided against the aggregate's state in the read model (a
//! cache kept current by the log) and appended with the stream version the
//! model recorded as the expected one. If the model was behind, the append
//! fails with a version conflict, the handler waits for the model to catch
//! up and decides again — so a stale cache costs a retry, never a wrong
//! write. A client's `If-Match` version replaces that expectation (and a
//! mismatch is the client's conflict). An `Idempotency-Key` fixes the event
//! ids, so a retried request finds its events stored and gets the first
//! answer back without writing anything.
//!
//! - `commands.rs` — each aggregate's commands; `users.rs` — users,
//!   passwords and tokens; `board.rs` — the board's posts and offers;
//!   `revision.rs` — the yearly revision; `plans.rs` — the network's plan;
//!   `findings.rs` — findings of mapping; `procedures.rs` — agreed procedures.

pub mod board;
pub mod commands;
pub mod findings;
pub mod idempotency;
pub mod plans;
pub mod procedures;
pub mod queue;
pub mod revision;
pub mod users;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::DomainError;
use crate::domain::actor::Ctx;
use crate::events::{self, DomainEvent, PersonalData};
use crate::live::ReadModels;
use crate::log::{AppendError, EventLog, ExpectedVersion, LogError, NewEvent, Position, StreamName};
use crate::personal::PersonKeys;
use crate::projections::Model;

/// How long a command waits for the read model to catch up with the log.
const CATCH_UP: Duration = Duration::from_secs(5);
/// How often a command is decided again after a conflict with a concurrent
/// writer.
const RETRIES: usize = 5;

/// The answer to every write: what was written to, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Written {
    /// The entity written to (a slug or a UUID).
    pub id: String,
    /// The log position of the last event written (or of the entity's last
    /// event, if the command changed nothing).
    pub position: Position,
    /// The entity's version now: send it as `If-Match` to change it again.
    pub version: Option<u64>,
}

/// Who writes, and how.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    /// The author recorded on every event.
    pub author: String,
    /// When the change takes effect; `None` is now.
    pub effective_at: Option<DateTime<Utc>>,
    /// The version the client expects (`If-Match`).
    pub expected: Option<u64>,
    /// The client's idempotency key.
    pub idempotency_key: Option<Uuid>,
    /// When it was recorded, for history built in bulk (the demo builder);
    /// never set from a request: the log records API writes at now.
    pub recorded_at: Option<DateTime<Utc>>,
}

/// Why a command wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The domain refused it.
    #[error("{0}")]
    Domain(#[from] DomainError),
    /// `If-Match` does not hold.
    #[error("the entity is at version {}, not at the version sent in If-Match", current.map_or_else(|| "none".to_owned(), |v| v.to_string()))]
    VersionMismatch {
        /// The entity's version now (`None`: it does not exist).
        current: Option<u64>,
    },
    /// The idempotency key was used for another request.
    #[error("{0}")]
    IdempotencyConflict(String),
    /// The log refused or failed.
    #[error("{0}")]
    Append(AppendError),
    /// A read of the log failed.
    #[error("{0}")]
    Log(#[from] LogError),
    /// The principal may not do this.
    #[error("{0:?}")]
    Denied(crate::auth::access::Denial),
    /// The read model did not catch up in time, or concurrent writers kept
    /// winning.
    #[error("{0}")]
    Busy(String),
}

/// The application: the log, the personal-data keys and the read models.
#[derive(Clone)]
pub struct App {
    /// The event log.
    pub log: Arc<dyn EventLog>,
    /// Keys of personal data.
    pub keys: Arc<PersonKeys>,
    /// The read models.
    pub models: Arc<ReadModels>,
    /// Passwords, sessions and login throttling.
    pub auth: Arc<crate::auth::Auth>,
    /// What the board's connections share.
    pub board: Arc<crate::board::hub::Hub>,
    /// The answers to writes sent with an idempotency key.
    pub answers: Arc<idempotency::Answers>,
    /// Imports under way, for the pages that follow them.
    pub imports: Arc<crate::interop::jobs::Jobs>,
    /// Who is around the server: trusted proxies, metrics scrapers.
    pub peers: Arc<crate::http::peer::Peers>,
    /// Writers of one record, in turn.
    queues: Arc<queue::Queues>,
    clock: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
}

/// What a decision comes to: the stream, its version before, its events.
pub struct Decision {
    /// The stream written to.
    pub stream: StreamName,
    /// The version the decision was made at (`None`: new stream).
    pub version: Option<u64>,
    /// The network the events belong to (empty for none).
    pub network: String,
    /// The events to append.
    pub events: Vec<DomainEvent>,
    /// The position of the entity's last event, for a decision that writes
    /// nothing.
    pub position: Position,
}

impl Decision {
    /// The decision to append `events` to stream `{category}-{id}` (an id
    /// or a slug), whose read-model `entry` (if any) gives the version
    /// decided at. Every command comes to one.
    pub fn on<S>(
        category: &str,
        id: impl std::fmt::Display,
        entry: Option<&crate::projections::model::Entry<S>>,
        network: String,
        events: Vec<DomainEvent>,
    ) -> Result<Self, AppError> {
        Ok(Self {
            stream: StreamName::new(category, id).map_err(|e| DomainError::Conflict(e.to_string()))?,
            version: entry.map(|e| e.version),
            network,
            events,
            position: entry.map_or(0, |e| e.position),
        })
    }
}

impl App {
    /// An application over `log`, with `keys`, `models` and `auth`, on the
    /// system clock.
    pub fn new(
        log: Arc<dyn EventLog>,
        keys: Arc<PersonKeys>,
        models: Arc<ReadModels>,
        auth: Arc<crate::auth::Auth>,
        answers: Arc<idempotency::Answers>,
    ) -> Self {
        let board: Arc<crate::board::hub::Hub> = Arc::default();
        if let Some(reachable) = log.reachability() {
            board.follow_store(reachable);
        }
        Self {
            log,
            keys,
            models,
            auth,
            board,
            answers,
            imports: Arc::default(),
            peers: Arc::default(),
            queues: Arc::default(),
            clock: Arc::new(Utc::now),
        }
    }

    /// Closes the log and waits until the projector has let go of it.
    /// Once every clone of the app is dropped after this, the data
    /// directory is free for another process (or another open in this
    /// one).
    pub async fn shut_down(&self) -> Result<(), LogError> {
        let closed = self.log.close().await;
        self.models.stopped().await;
        closed
    }

    /// Waits (at most a few seconds) until the read models have applied
    /// everything committed to the log so far — by any node, on a log
    /// several share: a token, an account or a link made a moment ago is
    /// then known here. True once they have (look again: the record may
    /// have arrived since the first look); false if the wait ran out.
    pub async fn catch_up_with_the_log(&self) -> bool {
        let Ok(head) = self.log.committed_head().await else { return false };
        self.models.wait_for(head, CATCH_UP).await
    }

    /// Now, by the app's clock.
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The command context for `meta`.
    pub fn ctx(&self, meta: &Meta) -> Ctx {
        let now = self.now();
        Ctx { now, effective_at: meta.effective_at.unwrap_or(now) }
    }

    /// Waits until the read model has applied everything the log holds.
    pub async fn caught_up(&self) -> Result<(), AppError> {
        let last = self.log.last_position();
        if self.models.wait_for(last, CATCH_UP).await {
            Ok(())
        } else {
            Err(AppError::Busy("the read models are catching up with the log; try again shortly".into()))
        }
    }

    /// Decides with `decide` against the current model and appends the
    /// events, retrying on conflicts with concurrent writers. `decide` may
    /// refuse with any [`AppError`] (a domain rule, or who is asking).
    pub async fn execute(
        &self,
        id: String,
        meta: &Meta,
        decide: impl Fn(&Model, Ctx) -> Result<Decision, AppError>,
    ) -> Result<Written, AppError> {
        if let Some(written) = self.replayed(&id, meta).await? {
            return Ok(written);
        }
        if let Some(at) = meta.effective_at
            && at > self.now() + crate::domain::actor::MAX_FUTURE_EFFECT
        {
            return Err(AppError::Domain(DomainError::invalid(
                "effective_at",
                "a change can take effect at most 31 days ahead; enter it closer to the date",
            )));
        }
        // One writer of a record at a time, in arrival order: each decides
        // against the write before it, so writers without If-Match do not
        // conflict. (A conflict can still come from another node or another
        // record's command on the same stream: decided again below.)
        let _turn = self.queues.turn(&id).await;
        for _ in 0..RETRIES {
            self.caught_up().await?;
            let decision = decide(&self.models.read(), self.ctx(meta))?;
            if let Some(expected) = meta.expected
                && decision.version != Some(expected)
            {
                return Err(AppError::VersionMismatch { current: decision.version });
            }
            if decision.events.is_empty() {
                return Ok(Written { id, position: decision.position, version: decision.version });
            }
            let new_events = self.encode(&decision, meta)?;
            let expected = decision.version.map_or(ExpectedVersion::NoStream, ExpectedVersion::Exact);
            match self.log.append(&decision.stream, expected, new_events).await {
                Ok(result) => return Ok(Written { id, position: result.last_position, version: Some(result.version) }),
                // The model had not seen a concurrent write yet: decide again.
                Err(AppendError::WrongExpectedVersion { stream, expected, current }) if meta.expected.is_none() => {
                    tracing::debug!(%stream, ?expected, ?current, "an append conflicted; deciding again");
                    continue;
                }
                Err(AppendError::WrongExpectedVersion { current, .. }) => {
                    return Err(AppError::VersionMismatch { current });
                }
                Err(AppendError::IdempotencyConflict { .. }) => {
                    return Err(AppError::IdempotencyConflict(
                        "this Idempotency-Key was used for another request; use a new key for a new request".into(),
                    ));
                }
                Err(other) => return Err(AppError::Append(other)),
            }
        }
        Err(AppError::Busy("concurrent changes kept conflicting with this one; try again".into()))
    }

    /// The event ids of a request: fixed by its idempotency key, or fresh.
    fn event_id(meta: &Meta, index: usize) -> Uuid {
        match meta.idempotency_key {
            Some(key) => {
                let mut bytes = *key.as_bytes();
                let index = index as u16;
                bytes[14] ^= (index >> 8) as u8;
                bytes[15] ^= index as u8;
                Uuid::from_bytes(bytes)
            }
            None => Uuid::now_v7(),
        }
    }

    /// If this request's events are stored already (a retry with the same
    /// idempotency key), the first answer.
    async fn replayed(&self, id: &str, meta: &Meta) -> Result<Option<Written>, AppError> {
        if meta.idempotency_key.is_none() {
            return Ok(None);
        }
        let mut last = None;
        for index in 0..usize::from(u16::MAX) {
            match self.log.event_position(&Self::event_id(meta, index)).await? {
                Some(found) => last = Some(found),
                None => break,
            }
        }
        Ok(last.map(|(position, version)| Written { id: id.to_owned(), position, version: Some(version) }))
    }

    fn encode(&self, decision: &Decision, meta: &Meta) -> Result<Vec<NewEvent>, AppError> {
        let keys: &dyn PersonalData = self.keys.as_ref();
        let correlation = Uuid::now_v7();
        decision
            .events
            .iter()
            .enumerate()
            .map(|(index, event)| {
                let (event_type, payload) = events::encode(event, keys).map_err(|e| {
                    AppError::Domain(DomainError::Conflict(format!("personal data cannot be stored: {e}")))
                })?;
                let mut new = NewEvent::new(event_type, payload)
                    .with_id(Self::event_id(meta, index))
                    .with_network(decision.network.clone())
                    .with_author(meta.author.clone())
                    .with_cause(Some(correlation), None);
                if let Some(at) = meta.effective_at {
                    new = new.with_effective_at(at);
                }
                if let Some(at) = meta.recorded_at {
                    new = new.with_recorded_at(at);
                }
                Ok(new)
            })
            .collect()
    }
}
