//! The log's indexes, held in memory: each stream's positions by version,
//! and each event id's position. Rebuilt from the chunks when the log
//! opens; updated by the writer after every commit.
//!
//! Why in memory: in sled every key costs about as much to write as a small
//! record, so persisting two index entries per event would cut write
//! throughput to a third. Rebuilding reads the log once at start (about a
//! second per million events, see `docs/durability.md`), and an index built
//! from the log can never disagree with it.

use std::collections::HashMap;

use uuid::Uuid;

use crate::log::types::{Direction, Position, ReadFrom, RecordedEvent, StreamName};

/// Stream positions by version, and event ids' positions.
#[derive(Debug, Default)]
pub struct Index {
    streams: HashMap<StreamName, Vec<Position>>,
    ids: HashMap<Uuid, Position>,
}

impl Index {
    /// The version of the stream's last event, `None` if it has none.
    pub fn version(&self, stream: &StreamName) -> Option<u64> {
        self.streams.get(stream).and_then(|p| (p.len() as u64).checked_sub(1))
    }

    /// The version of the stream's last event at or before `committed`.
    pub fn version_at(&self, stream: &StreamName, committed: Position) -> Option<u64> {
        let positions = self.streams.get(stream)?;
        (positions.partition_point(|&p| p <= committed) as u64).checked_sub(1)
    }

    /// Where an event id is stored.
    pub fn position_of_id(&self, id: &Uuid) -> Option<Position> {
        self.ids.get(id).copied()
    }

    /// Number of streams.
    pub fn streams(&self) -> usize {
        self.streams.len()
    }

    /// Positions of up to `max` versions of `stream` from `from` in
    /// `direction`, none past `committed`.
    pub fn positions(
        &self,
        stream: &StreamName,
        from: ReadFrom,
        direction: Direction,
        max: usize,
        committed: Position,
    ) -> Vec<Position> {
        let Some(all) = self.streams.get(stream) else {
            return Vec::new();
        };
        let durable = all.partition_point(|&p| p <= committed);
        let all = &all[..durable];
        let from = match from {
            ReadFrom::Start => 0,
            ReadFrom::End => u64::MAX,
            ReadFrom::At(v) => v,
        };
        match direction {
            Direction::Forward => {
                let start = usize::try_from(from).unwrap_or(usize::MAX).min(all.len());
                all[start..].iter().take(max).copied().collect()
            }
            Direction::Backward => {
                let end = usize::try_from(from).map_or(all.len(), |v| v.saturating_add(1)).min(all.len());
                all[..end].iter().rev().take(max).copied().collect()
            }
        }
    }

    /// Adds a committed event. Fails, changing nothing, if its version does
    /// not follow its stream's last one or its id is indexed already: the
    /// log would be inconsistent.
    pub fn add(&mut self, event: &RecordedEvent) -> Result<(), String> {
        let due = self.version(&event.stream).map_or(0, |v| v + 1);
        if event.version != due {
            return Err(format!(
                "position {}: stream {} version {} where {due} was due",
                event.position, event.stream, event.version
            ));
        }
        if let Some(p) = self.ids.get(&event.event_id) {
            return Err(format!(
                "position {}: event id {} is stored at position {p} already",
                event.position, event.event_id
            ));
        }
        self.ids.insert(event.event_id, event.position);
        match self.streams.get_mut(&event.stream) {
            Some(positions) => positions.push(event.position),
            None => {
                self.streams.insert(event.stream.clone(), vec![event.position]);
            }
        }
        Ok(())
    }

    /// Roughly how many bytes the index holds.
    pub fn memory_bytes(&self) -> usize {
        let ids = self.ids.capacity() * (size_of::<Uuid>() + size_of::<Position>() + 1);
        let streams: usize = self
            .streams
            .iter()
            .map(|(name, positions)| 64 + name.as_str().len() + positions.capacity() * size_of::<Position>())
            .sum();
        ids + streams
    }
}
