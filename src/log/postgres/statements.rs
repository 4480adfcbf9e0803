//! The writer's connection and its statements, prepared once per
//! connection (a statement prepared anew costs a round trip and a plan
//! every time) and each shaped so that its one plan is an index step.

use std::sync::Arc;

use tokio_postgres::{Client, Statement};

use super::columns::INSERT;
use super::connect::Connector;
use super::rows::storage;
use crate::log::error::LogError;

/// The advisory lock every append transaction holds until it commits.
pub const APPEND_LOCK: i64 = 0x0075_7a65_6c6c_6f67; // "uzellog"

/// The writer's statements on one connection.
pub(super) struct Prepared {
    pub(super) begin: Statement,
    pub(super) commit: Statement,
    pub(super) rollback: Statement,
    pub(super) lock: Statement,
    /// The last event: position, `recorded_at`, id.
    pub(super) head: Statement,
    /// The stored events among ids: id, position, stream, version.
    pub(super) ids: Statement,
    /// The last version of each of the streams: stream, version.
    pub(super) versions: Statement,
    /// The guarded INSERT ([`INSERT`]).
    pub(super) insert: Statement,
}

impl Prepared {
    async fn on(client: &Client) -> Result<Self, LogError> {
        let prepare = |sql: &'static str| client.prepare(sql);
        let (begin, commit, rollback, lock, head, ids, versions, insert) = tokio::try_join!(
            prepare("BEGIN"),
            prepare("COMMIT"),
            prepare("ROLLBACK"),
            prepare("SELECT pg_advisory_xact_lock($1)"),
            prepare("SELECT position, recorded_at, event_id FROM events ORDER BY position DESC LIMIT 1"),
            // Each id by one index step (`event_id = ANY($1)` would be a
            // sequential scan in a generic plan made while the table is small).
            prepare(
                "SELECT e.event_id, e.position, e.stream, e.version FROM unnest($1::uuid[]) AS i(id) CROSS JOIN LATERAL \
                 (SELECT event_id, position, stream, version FROM events WHERE events.event_id = i.id LIMIT 1) AS e"
            ),
            // Each stream's last version by one backward index step (a
            // max() over the stream would read every event of it).
            prepare(
                "SELECT s.stream, v.version FROM unnest($1::text[]) AS s(stream) CROSS JOIN LATERAL \
                 (SELECT version FROM events WHERE events.stream = s.stream ORDER BY version DESC LIMIT 1) AS v"
            ),
            prepare(INSERT),
        )
        .map_err(storage)?;
        Ok(Self { begin, commit, rollback, lock, head, ids, versions, insert })
    }
}

/// A connection for the writer, with its statements prepared.
pub(super) async fn connect(connector: &Connector) -> Result<(Arc<Client>, Arc<Prepared>), LogError> {
    let client = connector.connect().await?;
    // The writer's statements are planned once per connection (planning
    // anew at every execution cost its backend an eighth of its time), and
    // each is an index step: with sequential scans and sorts priced out,
    // a plan made while the statistics say the table is tiny stays an
    // index step as the table grows (it would otherwise scan it all, batch
    // after batch, until the next ANALYZE).
    client
        .batch_execute("SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off; SET enable_sort = off")
        .await
        .map_err(storage)?;
    let prepared = Prepared::on(&client).await?;
    Ok((Arc::new(client), Arc::new(prepared)))
}
