//! A batch decided against the log itself, looked up under the lock: the
//! writer's way when it does not know all a batch's streams, after another
//! writer committed, or when a transaction sent whole did not commit.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use tokio_postgres::Client;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use super::columns::{Columns, Head};
use super::decide::{Staged, stage};
use super::rows::storage;
use super::statements::{APPEND_LOCK, Prepared};
use super::writer::{Answer, Request};
use crate::log::codec::to_micros;
use crate::log::error::LogError;
use crate::log::types::{Position, StreamName};

/// The transaction in two round trips: the lock and what the batch is
/// decided against; then the insert with the commit. Statements sent
/// together run in order, each after the one before it.
/// Also where the log ended before the batch.
pub(super) async fn looked_up(
    client: &Client,
    prepared: &Prepared,
    batch: &[Request],
) -> Result<(Vec<Answer>, Staged, Head), LogError> {
    let ids: Vec<Uuid> = batch.iter().flat_map(|r| r.events.iter().map(|e| e.event_id)).collect();
    let streams: Vec<&str> = batch.iter().map(|r| r.stream.as_str()).collect();
    let (id_params, stream_params): ([&(dyn ToSql + Sync); 1], [&(dyn ToSql + Sync); 1]) = ([&ids], [&streams]);
    let (_, _, head, stored, versions) = tokio::try_join!(
        client.execute(&prepared.begin, &[]),
        client.execute(&prepared.lock, &[&APPEND_LOCK]),
        client.query_opt(&prepared.head, &[]),
        client.query(&prepared.ids, &id_params),
        client.query(&prepared.versions, &stream_params),
    )
    .map_err(storage)?;
    let (head, last_recorded) = match head {
        Some(row) => {
            let head = Head { position: row.get::<_, i64>(0) as Position, event_id: Some(row.get(2)) };
            (head, row.get::<_, i64>(1))
        }
        None => (Head::EMPTY, i64::MIN),
    };
    let mut staged = Staged {
        next_position: head.position + 1,
        last_recorded: DateTime::from_timestamp_micros(last_recorded).unwrap_or(DateTime::<Utc>::MIN_UTC),
        events: Vec::new(),
        versions: versions.iter().map(|r| (r.get::<_, String>(0), Some(r.get::<_, i64>(1) as u64))).collect(),
        ids: HashMap::with_capacity(stored.len()),
    };
    for row in &stored {
        let stream = StreamName::parse(&row.get::<_, String>(2))
            .map_err(|e| LogError::Corrupt { at: format!("event {}", row.get::<_, Uuid>(0)), reason: e.to_string() })?;
        staged.ids.insert(row.get(0), (row.get::<_, i64>(1) as Position, stream, row.get::<_, i64>(3) as u64));
    }
    let now = to_micros(Utc::now());
    let answers: Vec<Answer> = batch.iter().map(|request| stage(&mut staged, request, now)).collect();
    if staged.events.is_empty() {
        client.execute(&prepared.commit, &[]).await.map_err(storage)?;
    } else {
        let columns = Columns::of(&staged.events);
        let (inserted, _) =
            tokio::try_join!(columns.insert(client, &prepared.insert, head), client.execute(&prepared.commit, &[]))
                .map_err(storage)?;
        if !inserted {
            // The lock was held throughout: another writer cannot have
            // committed. Nothing was written; say so rather than acknowledge.
            return Err(LogError::Storage("the log moved while this writer held the append lock".into()));
        }
    }
    Ok((answers, staged, head))
}
