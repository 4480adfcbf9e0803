//! Bringing a whole log into the database as it is (`uzel migrate`):
//! positions, stream versions, ids and both instants kept, page by page,
//! each page committed under the append lock and only where the
//! database's log ends — so a copy that stopped resumes, and a page meant
//! for another log is refused.

use std::sync::Arc;

use tokio_postgres::{Client, Statement};

use super::columns::{Columns, INSERT};
use super::follower::CHANNEL;
use super::herald::announcement;
use super::rows::storage;
use super::statements::APPEND_LOCK;
use crate::log::error::{InvalidInput, LogError};
use crate::log::types::{Position, RecordedEvent};

/// A connection that appends recorded events as they are.
pub struct Importer {
    client: Client,
    insert: Statement,
}

impl Importer {
    /// An importer on `client`.
    pub(super) async fn on(client: Client) -> Result<Self, LogError> {
        let insert = client.prepare(INSERT).await.map_err(storage)?;
        Ok(Self { client, insert })
    }

    /// The last position in the database and the id of its event.
    pub async fn head(&self) -> Result<(Position, Option<uuid::Uuid>), LogError> {
        let head = super::rows::last_event(&self.client).await?;
        Ok((head.position, head.event_id))
    }

    /// Appends `events` (consecutive positions) where the database's log
    /// ends, in one transaction; refuses them if it ends elsewhere.
    pub async fn append(&mut self, events: Vec<RecordedEvent>) -> Result<(), LogError> {
        let Some(first) = events.first().map(|e| e.position) else { return Ok(()) };
        let tx = self.client.transaction().await.map_err(storage)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&APPEND_LOCK]).await.map_err(storage)?;
        let head = super::rows::last_event(&tx).await?;
        if first != head.position + 1 {
            return Err(InvalidInput::new(
                "position",
                format!("the database's log ends at {}; events from {first} do not follow it", head.position),
            )
            .into());
        }
        let events: Vec<Arc<RecordedEvent>> = events.into_iter().map(Arc::new).collect();
        // Under the lock the log still ends at `head`: this inserts.
        Columns::of(&events).insert(&tx, &self.insert, head).await.map_err(storage)?;
        // Announced on commit as no node's: every node reads the copied events.
        let last = events.last().map_or(head.position, |e| e.position);
        tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &announcement(last, "")]).await.map_err(storage)?;
        tx.commit().await.map_err(storage)
    }

    /// Brings the table's statistics up to date after a bulk copy, so that
    /// the planner knows how big the log is from the first start on.
    pub async fn analyze(&self) -> Result<(), LogError> {
        self.client.batch_execute("ANALYZE events").await.map_err(storage)
    }
}
