//! What a node's writer knows of the log from its own commits, and
//! deciding a batch against it — exact for as long as no other writer
//! (another node, `uzel migrate`) commits, which the guarded INSERT
//! checks under the lock.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::columns::Head;
use super::decide::{Staged, stage};
use super::writer::{Answer, Request};
use crate::log::codec::to_micros;

/// The most streams [`Known`] remembers; past it, it starts again.
const KNOWN_STREAMS: usize = 100_000;

/// The log as the writer's own commits (and those it has sent) leave it.
pub(super) struct Known {
    /// Where the log ends.
    pub(super) head: Head,
    /// The last event's `recorded_at`.
    pub(super) last_recorded: DateTime<Utc>,
    /// The last version of each stream this writer committed to since.
    versions: HashMap<String, u64>,
}

impl Known {
    /// What is known of a log that ends at `head` after looking it up,
    /// before any of its streams is.
    pub(super) fn at(head: Head, last_recorded: DateTime<Utc>) -> Self {
        Self { head, last_recorded, versions: HashMap::new() }
    }

    /// What the writer knows once `staged` has committed.
    pub(super) fn advance(&mut self, staged: &Staged) {
        self.head = self.head.after(&staged.events);
        self.last_recorded = staged.last_recorded;
        if self.versions.len() >= KNOWN_STREAMS {
            self.versions.clear();
        }
        self.versions
            .extend(staged.versions.iter().filter_map(|(stream, version)| Some((stream.clone(), (*version)?))));
    }

    /// The batch decided against what is known; `None` if one of its
    /// streams is not known, or if nothing would be written (such a batch
    /// is decided against the log itself).
    pub(super) fn decide(&self, batch: &[Request]) -> Option<(Vec<Answer>, Staged)> {
        let versions = batch
            .iter()
            .map(|r| self.versions.get(r.stream.as_str()).map(|v| (r.stream.as_str().to_owned(), Some(*v))))
            .collect::<Option<HashMap<_, _>>>()?;
        let mut staged = Staged {
            next_position: self.head.position + 1,
            last_recorded: self.last_recorded,
            events: Vec::new(),
            versions,
            ids: HashMap::new(),
        };
        let now = to_micros(Utc::now());
        let answers: Vec<Answer> = batch.iter().map(|request| stage(&mut staged, request, now)).collect();
        (!staged.events.is_empty()).then_some((answers, staged))
    }
}
