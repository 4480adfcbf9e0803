//! Deciding each append of a batch against the log as the writer knows it
//! (as the sled backend's writer does): a retry answers with the
//! originals, a wrong expected version writes nothing, the rest get the
//! next positions and versions.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::writer::{Answer, Request};
use crate::log::error::AppendError;
use crate::log::types::{AppendResult, Position, RecordedEvent, StreamName};

/// The events staged in one transaction.
pub(super) struct Staged {
    pub(super) next_position: Position,
    pub(super) last_recorded: DateTime<Utc>,
    pub(super) events: Vec<Arc<RecordedEvent>>,
    /// Stream versions as the batch leaves them.
    pub(super) versions: HashMap<String, Option<u64>>,
    /// Event ids stored (before or in this batch): position, stream, version.
    pub(super) ids: HashMap<Uuid, (Position, StreamName, u64)>,
}

/// Decides one append of the batch (as the sled backend's writer does).
pub(super) fn stage(staged: &mut Staged, request: &Request, now: DateTime<Utc>) -> Answer {
    if let Some(answer) = replay(staged, request) {
        return answer;
    }
    let current = staged.versions.get(request.stream.as_str()).copied().flatten();
    if !request.expected.admits(current) {
        return Err(AppendError::WrongExpectedVersion {
            stream: request.stream.clone(),
            expected: request.expected,
            current,
        });
    }
    let first_position = staged.next_position;
    let mut version = current.map_or(0, |v| v + 1);
    // Cloned: if the commit finds the log moved, the batch is decided again.
    for new in request.events.iter().cloned() {
        let event = new.recorded(&request.stream, staged.next_position, version, now, staged.last_recorded);
        staged.last_recorded = event.recorded_at;
        staged.ids.insert(event.event_id, (event.position, event.stream.clone(), event.version));
        staged.events.push(Arc::new(event));
        staged.next_position += 1;
        version += 1;
    }
    let version = version - 1;
    staged.versions.insert(request.stream.as_str().to_owned(), Some(version));
    Ok(AppendResult { first_position, last_position: staged.next_position - 1, version, replayed: false })
}

/// If the append's event ids are stored already (or staged earlier in the
/// batch), the answer with the originals; `None` if none is stored.
fn replay(staged: &Staged, request: &Request) -> Option<Answer> {
    let originals: Vec<Option<&(Position, StreamName, u64)>> =
        request.events.iter().map(|e| staged.ids.get(&e.event_id)).collect();
    let stored = originals.iter().flatten().count();
    if stored == 0 {
        return None;
    }
    let conflict = |index: usize, detail: String| {
        let event_id = request.events[index].event_id;
        Some(Err(AppendError::IdempotencyConflict { event_id, detail }))
    };
    if stored < originals.len() {
        let index = originals.iter().position(Option::is_some).unwrap_or(0);
        let new = originals.len() - stored;
        return conflict(index, format!("but {new} of the append's {} events are new", originals.len()));
    }
    let found: Vec<&(Position, StreamName, u64)> = originals.into_iter().flatten().collect();
    if let Some(index) = found.iter().position(|(_, stream, _)| *stream != request.stream) {
        return conflict(index, format!("in stream {}, not in {}", found[index].1, request.stream));
    }
    let (first_position, _, _) = *found[0];
    let (last_position, _, version) = *found[found.len() - 1];
    Some(Ok(AppendResult { first_position, last_position, version, replayed: true }))
}
