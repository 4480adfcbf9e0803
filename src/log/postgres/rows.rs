//! Rows of the `events` table and the reads over them. Every read is
//! bounded by the position this node has published (`upto`), so a reader
//! never sees an event its live subscribers have not been offered, and
//! never sees position N+1 without N.

use bytes::Bytes;
use chrono::DateTime;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use super::columns::Head;
use crate::log::error::LogError;
use crate::log::rules::read_bounds;
use crate::log::types::{AllSlice, Direction, EventFilter, Position, ReadFrom, RecordedEvent, StreamName};

/// The most events one read hands back (as the sled backend).
pub const MAX_READ: usize = 100_000;
/// The most positions one read of the whole log examines.
pub const MAX_EXAMINED: u64 = 262_144;

/// The columns every read selects, in the order [`event`] reads them.
pub const COLUMNS: &str = "position, stream, version, event_id, event_type, schema, recorded_at, effective_at, \
                           network, author, correlation_id, causation_id, payload";

/// A storage error from PostgreSQL.
pub fn storage(e: tokio_postgres::Error) -> LogError {
    // The server's own message says what failed ("db error" alone does
    // not); its detail, which may quote values, is left out.
    match e.as_db_error() {
        Some(db) => LogError::Storage(format!("PostgreSQL: {} (SQLSTATE {})", db.message(), db.code().code())),
        None => LogError::Storage(format!("PostgreSQL: {e}")),
    }
}

fn corrupt(at: String, reason: impl Into<String>) -> LogError {
    LogError::Corrupt { at, reason: reason.into() }
}

/// The event of a row selected with [`COLUMNS`].
pub fn event(row: &Row) -> Result<RecordedEvent, LogError> {
    let position: i64 = row.get(0);
    let at = || format!("position {position}");
    let stream: String = row.get(1);
    let micros = |i: usize| {
        let value: i64 = row.get(i);
        DateTime::from_timestamp_micros(value).ok_or_else(|| corrupt(at(), format!("a time of {value} µs")))
    };
    Ok(RecordedEvent {
        position: u64::try_from(position).map_err(|_| corrupt(at(), "a negative position"))?,
        stream: StreamName::parse(&stream).map_err(|e| corrupt(at(), e.to_string()))?,
        version: u64::try_from(row.get::<_, i64>(2)).map_err(|_| corrupt(at(), "a negative version"))?,
        event_id: row.get(3),
        event_type: row.get(4),
        schema: u32::try_from(row.get::<_, i64>(5)).map_err(|_| corrupt(at(), "a schema out of range"))?,
        recorded_at: micros(6)?,
        effective_at: micros(7)?,
        network: row.get(8),
        author: row.get(9),
        correlation_id: row.get::<_, Option<Uuid>>(10),
        causation_id: row.get::<_, Option<Uuid>>(11),
        payload: Bytes::from(row.get::<_, Vec<u8>>(12)),
    })
}

/// Up to `max` events of `stream` from version `from` in `direction`.
pub async fn read_stream(
    client: &tokio_postgres::Client,
    upto: Position,
    stream: &StreamName,
    from: ReadFrom,
    direction: Direction,
    max: usize,
) -> Result<Vec<RecordedEvent>, LogError> {
    let max = max.min(MAX_READ) as i64;
    let (bound, order) = match (direction, from) {
        (Direction::Forward, ReadFrom::Start) => ("version >= $3", "ASC"),
        (Direction::Forward, ReadFrom::End) => return Ok(Vec::new()),
        (Direction::Forward, ReadFrom::At(_)) => ("version >= $3", "ASC"),
        (Direction::Backward, ReadFrom::Start) => return Ok(Vec::new()),
        (Direction::Backward, ReadFrom::End) => ("version <= $3", "DESC"),
        (Direction::Backward, ReadFrom::At(_)) => ("version <= $3", "DESC"),
    };
    let version: i64 = match from {
        ReadFrom::Start => 0,
        ReadFrom::End => i64::MAX,
        ReadFrom::At(v) => i64::try_from(v).unwrap_or(i64::MAX),
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM events WHERE stream = $1 AND position <= $2 AND {bound} ORDER BY version {order} LIMIT $4"
    );
    let upto = upto as i64;
    let rows = client.query(&sql, &[&stream.as_str(), &upto, &version, &max]).await.map_err(storage)?;
    rows.iter().map(event).collect()
}

/// Adds `filter`'s conditions to a query and its parameters.
fn narrow<'a>(sql: &mut String, params: &mut Vec<&'a (dyn ToSql + Sync)>, filter: &'a EventFilter) {
    if !filter.categories.is_empty() {
        sql.push_str(&format!(" AND category = ANY(${})", params.len() + 1));
        params.push(&filter.categories);
    }
    if !filter.event_types.is_empty() {
        sql.push_str(&format!(" AND event_type = ANY(${})", params.len() + 1));
        params.push(&filter.event_types);
    }
    if !filter.networks.is_empty() {
        sql.push_str(&format!(" AND network = ANY(${})", params.len() + 1));
        params.push(&filter.networks);
    }
}

/// The events at `positions` (sorted, at most `upto`) that pass `filter`,
/// in position order: one query per 10,000 positions, however scattered.
pub async fn events_at(
    client: &tokio_postgres::Client,
    upto: Position,
    positions: &[Position],
    filter: &EventFilter,
) -> Result<Vec<RecordedEvent>, LogError> {
    let mut out = Vec::with_capacity(positions.len());
    for chunk in positions.chunks(10_000) {
        let wanted: Vec<i64> = chunk.iter().filter(|p| **p <= upto).map(|p| *p as i64).collect();
        let mut sql = format!("SELECT {COLUMNS} FROM events WHERE position = ANY($1)");
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&wanted];
        narrow(&mut sql, &mut params, filter);
        sql.push_str(" ORDER BY position");
        for row in client.query(&sql, &params).await.map_err(storage)? {
            out.push(event(&row)?);
        }
    }
    Ok(out)
}

/// Up to `max` events of the whole log that pass `filter`, from `from` in
/// `direction`, examining at most [`MAX_EXAMINED`] positions.
pub async fn read_all(
    client: &tokio_postgres::Client,
    upto: Position,
    from: ReadFrom,
    direction: Direction,
    max: usize,
    filter: &EventFilter,
) -> Result<AllSlice, LogError> {
    let max = max.min(MAX_READ);
    let (low, high) = read_bounds(from, direction, upto);
    let mut slice = AllSlice::default();
    if low > high || max == 0 {
        slice.end_of_log = low > high;
        return Ok(slice);
    }
    // The positions this read may examine: without a filter, exactly a
    // page of them (positions are gap-free), so that the plan never sorts
    // more than a page — whatever the table's statistics say (right after
    // a bulk load they say the table is small, and PostgreSQL then sorted
    // the whole range for every page).
    let span = if filter.is_all() { (max as u64).min(MAX_EXAMINED) } else { MAX_EXAMINED };
    let (low_examined, high_examined) = match direction {
        Direction::Forward => (low, high.min(low.saturating_add(span - 1))),
        Direction::Backward => (low.max(high.saturating_sub(span - 1)), high),
    };
    let order = if direction == Direction::Forward { "ASC" } else { "DESC" };
    let mut sql = format!("SELECT {COLUMNS} FROM events WHERE position BETWEEN $1 AND $2");
    let (a, b, limit) = (low_examined as i64, high_examined as i64, max as i64);
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![&a, &b, &limit];
    narrow(&mut sql, &mut params, filter);
    sql.push_str(&format!(" ORDER BY position {order} LIMIT $3"));
    let rows = client.query(&sql, &params).await.map_err(storage)?;
    for row in &rows {
        slice.events.push(event(row)?);
    }
    // A full page was examined up to its last event; otherwise the whole
    // range was.
    slice.last_examined = match (slice.events.len() >= max, slice.events.last(), direction) {
        (true, Some(last), _) => last.position,
        (_, _, Direction::Forward) => high_examined,
        (_, _, Direction::Backward) => low_examined,
    };
    slice.end_of_log = match direction {
        Direction::Forward => slice.last_examined >= high,
        Direction::Backward => slice.last_examined == low,
    };
    Ok(slice)
}

/// The last position committed to the log (0 for an empty one).
pub async fn head(client: &impl tokio_postgres::GenericClient) -> Result<Position, LogError> {
    let row = client.query_one("SELECT coalesce(max(position), 0) FROM events", &[]).await.map_err(storage)?;
    Ok(row.get::<_, i64>(0) as Position)
}

/// Where the log ends: its last position and that event's id.
pub async fn last_event(client: &impl tokio_postgres::GenericClient) -> Result<Head, LogError> {
    let row = client
        .query_opt("SELECT position, event_id FROM events ORDER BY position DESC LIMIT 1", &[])
        .await
        .map_err(storage)?;
    Ok(row.map_or(Head::EMPTY, |r| Head { position: r.get::<_, i64>(0) as Position, event_id: Some(r.get(1)) }))
}
