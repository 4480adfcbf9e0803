//! The events of one commit as columns — one array per column — and the
//! INSERT that unnests them: one statement for the lot.

use std::sync::Arc;

use tokio_postgres::Statement;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use super::statements::APPEND_LOCK;
use crate::log::types::{Position, RecordedEvent};

/// Where the log ends: the last position and its event's id (none in an
/// empty log).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Head {
    /// The last position; 0 in an empty log.
    pub(super) position: Position,
    /// The id of the event there.
    pub(super) event_id: Option<Uuid>,
}

impl Head {
    /// The head of an empty log.
    pub(super) const EMPTY: Self = Self { position: 0, event_id: None };

    /// Where the log ends once `events` (consecutive, continuing the log)
    /// are in it; itself if there are none.
    pub(super) fn after(self, events: &[Arc<RecordedEvent>]) -> Self {
        events.last().map_or(self, |e| Self { position: e.position, event_id: Some(e.event_id) })
    }
}

/// Takes the append lock (`$17`, held until the transaction ends), then
/// inserts the events where the log ends at position `$15` with the event
/// `$16` — nothing if it ends elsewhere or with another event (a
/// transaction sent before this one did not commit). Sent on its own, it
/// is a transaction of its own, committed before the server answers.
/// Other nodes hear of the commit from the writer's herald (`herald.rs`).
///
/// The guard reads the snapshot the statement started with, which may be
/// older than the lock: a writer that committed in between (another node,
/// `uzel migrate`) is caught by the unique index on positions instead —
/// it took the first position this batch was decided to take.
///
/// The arrays are unnested in the select list (zipped row by row), not in
/// a `FROM UNNEST(…)`, which would copy every row into a tuple store first.
pub(super) const INSERT: &str = "WITH locked AS (SELECT pg_advisory_xact_lock($17::bigint)) \
     INSERT INTO events (position, stream, category, version, event_id, event_type, \
     schema, recorded_at, effective_at, network, author, correlation_id, causation_id, payload) \
     SELECT unnest($1::bigint[]), unnest($2::text[]), unnest($3::text[]), unnest($4::bigint[]), unnest($5::uuid[]), \
     unnest($6::text[]), unnest($7::bigint[]), unnest($8::bigint[]), unnest($9::bigint[]), unnest($10::text[]), \
     unnest($11::text[]), unnest($12::uuid[]), unnest($13::uuid[]), unnest($14::bytea[]) \
     WHERE EXISTS (SELECT FROM locked) \
     AND coalesce((SELECT (position, event_id) = ($15::bigint, $16::uuid) FROM events ORDER BY position DESC LIMIT 1), \
     $15::bigint = 0)";

/// The columns of events to insert, one array each (the INSERT unnests
/// them: one statement for the lot).
pub(super) struct Columns<'a> {
    positions: Vec<i64>,
    streams: Vec<&'a str>,
    categories: Vec<&'a str>,
    versions: Vec<i64>,
    ids: Vec<Uuid>,
    types: Vec<&'a str>,
    schemas: Vec<i64>,
    recorded: Vec<i64>,
    effective: Vec<i64>,
    networks: Vec<&'a str>,
    authors: Vec<&'a str>,
    correlations: Vec<Option<Uuid>>,
    causations: Vec<Option<Uuid>>,
    payloads: Vec<&'a [u8]>,
}

impl<'a> Columns<'a> {
    /// The columns of `events`.
    pub(super) fn of(events: &'a [Arc<RecordedEvent>]) -> Self {
        let number = |f: fn(&RecordedEvent) -> i64| events.iter().map(|e| f(e)).collect::<Vec<i64>>();
        let text = |f: fn(&'a RecordedEvent) -> &'a str| events.iter().map(|e| f(e)).collect::<Vec<&'a str>>();
        Self {
            positions: number(|e| e.position as i64),
            streams: text(|e| e.stream.as_str()),
            categories: text(|e| e.stream.category()),
            versions: number(|e| e.version as i64),
            ids: events.iter().map(|e| e.event_id).collect(),
            types: text(|e| &e.event_type),
            schemas: number(|e| i64::from(e.schema)),
            recorded: number(|e| e.recorded_at.timestamp_micros()),
            effective: number(|e| e.effective_at.timestamp_micros()),
            networks: text(|e| &e.network),
            authors: text(|e| &e.author),
            correlations: events.iter().map(|e| e.correlation_id).collect(),
            causations: events.iter().map(|e| e.causation_id).collect(),
            payloads: events.iter().map(|e| e.payload.as_ref()).collect(),
        }
    }

    /// Runs the prepared [`INSERT`] on `client` (a connection or a
    /// transaction): the events are inserted if the log ends at `after`
    /// (its position and its event), and nothing is otherwise. Whether
    /// they were.
    pub(super) async fn insert(
        &self,
        client: &impl tokio_postgres::GenericClient,
        statement: &Statement,
        after: Head,
    ) -> Result<bool, tokio_postgres::Error> {
        let (position, event_id) = (after.position as i64, after.event_id);
        let params: [&(dyn ToSql + Sync); 17] = [
            &self.positions,
            &self.streams,
            &self.categories,
            &self.versions,
            &self.ids,
            &self.types,
            &self.schemas,
            &self.recorded,
            &self.effective,
            &self.networks,
            &self.authors,
            &self.correlations,
            &self.causations,
            &self.payloads,
            &position,
            &event_id,
            &APPEND_LOCK,
        ];
        Ok(client.execute(statement, &params).await? > 0)
    }
}
