//! The database schema, created and migrated by the binary: versioned
//! migrations, each applied once in a transaction, recorded in
//! `uzel_schema`. A database whose schema is newer than this build knows is
//! refused: an older uzel must not write into a shape it does not know.

use tokio_postgres::Client;

use super::rows::storage;
use crate::log::error::LogError;

/// The migrations, in order; the schema's version is how many are applied.
const MIGRATIONS: &[&str] = &[
    // 1: the log, the snapshots of read models, the stores beside the log.
    "CREATE TABLE events (
         position bigint PRIMARY KEY,
         stream text NOT NULL,
         category text NOT NULL,
         version bigint NOT NULL,
         event_id uuid NOT NULL UNIQUE,
         event_type text NOT NULL,
         schema bigint NOT NULL,
         recorded_at bigint NOT NULL,
         effective_at bigint NOT NULL,
         network text NOT NULL,
         author text NOT NULL,
         correlation_id uuid,
         causation_id uuid,
         payload bytea NOT NULL,
         UNIQUE (stream, version)
     );
     CREATE INDEX events_by_type ON events (event_type, position);
     CREATE TABLE snapshots (
         name text NOT NULL,
         position bigint NOT NULL,
         data bytea NOT NULL,
         PRIMARY KEY (name, position)
     );
     CREATE TABLE side (
         store text NOT NULL,
         key bytea NOT NULL,
         value bytea NOT NULL,
         PRIMARY KEY (store, key)
     );",
    // 2: of the event types, only the erasures are indexed (an index over
    // every type cost each append a seventh of its time, and only the
    // erasures are ever looked up by type).
    "DROP INDEX events_by_type;
     CREATE INDEX events_erasures ON events (position) WHERE event_type = 'actor.contact_erased';",
];

/// The one event type the database indexes by position: the erasures,
/// which every start reads before anything else (`personal::reapply_erasures`).
pub const INDEXED_TYPE: &str = "actor.contact_erased";

/// The schema version this build writes and reads.
pub const VERSION: i32 = MIGRATIONS.len() as i32;

/// The advisory lock migrations hold, so two nodes starting at once do not
/// migrate twice.
const MIGRATION_LOCK: i64 = 0x0075_7a65_6c6d_6967; // "uzelmig"

/// Brings the schema up to [`VERSION`]; refuses one newer than it.
pub async fn migrate(client: &mut Client) -> Result<i32, LogError> {
    let tx = client.transaction().await.map_err(storage)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await.map_err(storage)?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS uzel_schema (version integer NOT NULL)").await.map_err(storage)?;
    let found: i32 = match tx.query_opt("SELECT version FROM uzel_schema", &[]).await.map_err(storage)? {
        Some(row) => row.get(0),
        None => {
            tx.execute("INSERT INTO uzel_schema (version) VALUES (0)", &[]).await.map_err(storage)?;
            0
        }
    };
    if found > VERSION {
        return Err(LogError::NewerSchema { found, supported: VERSION });
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(migration).await.map_err(storage)?;
        tracing::info!(version = index + 1, "migrated the database schema");
    }
    tx.execute("UPDATE uzel_schema SET version = $1", &[&VERSION]).await.map_err(storage)?;
    tx.commit().await.map_err(storage)?;
    Ok(found)
}
