//! The log's indexes, held in memory: each stream's positions by version,
//! each event id's position, and each event type's positions. Built when
//! the log opens (`rebuild.rs`: from the indexes saved at the last close and
//! the records after them, or from the whole log); updated by the writer
//! after every commit.
//!
//! Why in memory: in sled every key costs about as much to write as a small
//! record, so persisting index entries per event would cut write throughput
//! to a third. They are saved whole instead, at close (`index_store.rs`),
//! and checked against the log when loaded.

use std::collections::HashMap;

use uuid::Uuid;

use crate::log::types::{Direction, Position, ReadFrom, RecordedEvent, StreamName};

/// Stream positions by version, event ids' positions, and the positions
/// of each event type (EventStoreDB's `$et-` streams: a reader of one rare
/// type reads those events only).
#[derive(Debug, Default)]
pub struct Index {
    streams: HashMap<StreamName, Vec<Position>>,
    ids: HashMap<Uuid, Position>,
    types: HashMap<String, Vec<Position>>,
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
        self.add_parts(event.stream.as_str(), event.version, event.event_id, &event.event_type, event.position)
    }

    /// The positions of the events of `event_type`, none past `committed`.
    pub fn positions_of_type(&self, event_type: &str, committed: Position) -> Vec<Position> {
        let all = self.types.get(event_type).map_or(&[][..], Vec::as_slice);
        all[..all.partition_point(|&p| p <= committed)].to_vec()
    }

    /// Adds an event by its parts (a record peeked at, not decoded); the
    /// stream's name is copied only for a stream not seen before.
    pub fn add_parts(
        &mut self,
        stream: &str,
        version: u64,
        id: Uuid,
        event_type: &str,
        position: Position,
    ) -> Result<(), String> {
        let positions = self.streams.get_mut(stream);
        let due = positions.as_ref().map_or(0, |p| p.len() as u64);
        if version != due {
            return Err(format!("position {position}: stream {stream} version {version} where {due} was due"));
        }
        claim(&mut self.ids, id, position).map_err(|why| format!("position {position}: {why}"))?;
        match positions {
            Some(positions) => positions.push(position),
            None => {
                self.streams.insert(StreamName::trusted(stream.to_owned()), vec![position]);
            }
        }
        add_type(&mut self.types, event_type, position);
        Ok(())
    }

    /// The index of runs of the log that follow each other, in order; says
    /// where the first that do not join up went wrong.
    pub fn from_runs(runs: Vec<Run>) -> Result<Self, (Position, String)> {
        let mut index = Index::default();
        for run in runs {
            if index.ids.is_empty() {
                index.ids = run.ids;
            } else {
                index.ids.reserve(run.ids.len());
                for (id, position) in run.ids {
                    if let Some(other) = index.ids.insert(id, position) {
                        let (first, second) = (other.min(position), other.max(position));
                        return Err((second, format!("event id {id} is stored at position {first} already")));
                    }
                }
            }
            for (event_type, positions) in run.types {
                index.types.entry(event_type).or_default().extend(positions);
            }
            for (stream, (first, positions)) in run.streams {
                let all = index.streams.get_mut(&stream);
                let due = all.as_ref().map_or(0, |all| all.len() as u64);
                if first != due {
                    let at = positions.first().copied().unwrap_or_default();
                    return Err((at, format!("stream {stream} version {first} where {due} was due")));
                }
                match all {
                    Some(all) => all.extend(positions),
                    None => {
                        index.streams.insert(stream, positions);
                    }
                }
            }
        }
        Ok(index)
    }

    /// The index as bytes (`index_store.rs` keeps them): each stream's name
    /// and positions, then each event id and its position, little-endian.
    pub fn encode(&self) -> Vec<u8> {
        let events: usize = self.streams.values().map(Vec::len).sum();
        let names: usize = self.streams.keys().map(|s| s.as_str().len() + 8).sum();
        let mut out = Vec::with_capacity(16 + names + events * 8 + self.ids.len() * 24);
        out.extend_from_slice(&(self.streams.len() as u64).to_le_bytes());
        for (stream, positions) in &self.streams {
            out.extend_from_slice(&(stream.as_str().len() as u32).to_le_bytes());
            out.extend_from_slice(stream.as_str().as_bytes());
            out.extend_from_slice(&(positions.len() as u32).to_le_bytes());
            for position in positions {
                out.extend_from_slice(&position.to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.ids.len() as u64).to_le_bytes());
        for (id, position) in &self.ids {
            out.extend_from_slice(id.as_bytes());
            out.extend_from_slice(&position.to_le_bytes());
        }
        out.extend_from_slice(&(self.types.len() as u64).to_le_bytes());
        for (event_type, positions) in &self.types {
            out.extend_from_slice(&(event_type.len() as u32).to_le_bytes());
            out.extend_from_slice(event_type.as_bytes());
            out.extend_from_slice(&(positions.len() as u32).to_le_bytes());
            for position in positions {
                out.extend_from_slice(&position.to_le_bytes());
            }
        }
        out
    }

    /// The index [`Index::encode`] wrote; fails on bytes it did not write.
    pub fn decode(bytes: &[u8]) -> Result<Self, String> {
        let mut bytes = Reader(bytes);
        let count = bytes.word()?;
        let mut streams = HashMap::with_capacity(count.min(bytes.0.len() / 16));
        for _ in 0..count {
            let len = bytes.half()?;
            let name = std::str::from_utf8(bytes.take(len)?).map_err(|_| "a stream name is not UTF-8")?;
            let stream = StreamName::parse(name).map_err(|e| e.to_string())?;
            let n = bytes.half()?;
            let positions: Vec<Position> =
                bytes.take(n.checked_mul(8).ok_or("too many positions")?)?.chunks_exact(8).map(le_u64).collect();
            if positions.windows(2).any(|w| w[0] >= w[1]) {
                return Err(format!("the positions of stream {name} are out of order"));
            }
            streams.insert(stream, positions);
        }
        let count = bytes.word()?;
        let mut ids = HashMap::with_capacity(count.min(bytes.0.len() / 24));
        for _ in 0..count {
            let pair = bytes.take(24)?;
            let id = Uuid::from_slice(&pair[..16]).map_err(|e| e.to_string())?;
            ids.insert(id, le_u64(&pair[16..]));
        }
        let count = bytes.word()?;
        let mut types = HashMap::with_capacity(count.min(bytes.0.len() / 16));
        for _ in 0..count {
            let len = bytes.half()?;
            let name = std::str::from_utf8(bytes.take(len)?).map_err(|_| "an event type is not UTF-8")?.to_owned();
            let n = bytes.half()?;
            let positions: Vec<Position> =
                bytes.take(n.checked_mul(8).ok_or("too many positions")?)?.chunks_exact(8).map(le_u64).collect();
            types.insert(name, positions);
        }
        if !bytes.0.is_empty() {
            return Err("the index runs on past its end".into());
        }
        Ok(Self { streams, ids, types })
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

/// The index of one run of consecutive events, built on its own: a rebuild
/// splits the log into runs, one per core, and joins them in order
/// ([`Index::from_runs`]).
#[derive(Debug, Default)]
pub struct Run {
    /// Each stream's first version in the run, and its positions.
    streams: HashMap<StreamName, (u64, Vec<Position>)>,
    ids: HashMap<Uuid, Position>,
    types: HashMap<String, Vec<Position>>,
}

impl Run {
    /// A run room for about `events` events.
    pub fn with_capacity(events: usize) -> Self {
        Self { streams: HashMap::new(), ids: HashMap::with_capacity(events), types: HashMap::new() }
    }

    /// Adds the next event of the run by its parts; the stream's name is
    /// copied only for a stream not seen before in the run.
    pub fn add(
        &mut self,
        stream: &str,
        version: u64,
        id: Uuid,
        event_type: &str,
        position: Position,
    ) -> Result<(), String> {
        claim(&mut self.ids, id, position)?;
        match self.streams.get_mut(stream) {
            Some((first, positions)) => {
                let due = *first + positions.len() as u64;
                if version != due {
                    return Err(format!("stream {stream} version {version} where {due} was due"));
                }
                positions.push(position);
            }
            None => {
                self.streams.insert(StreamName::trusted(stream.to_owned()), (version, vec![position]));
            }
        }
        add_type(&mut self.types, event_type, position);
        Ok(())
    }
}

/// Notes that event `id` is at `position`, unless it is stored already.
fn claim(ids: &mut HashMap<Uuid, Position>, id: Uuid, position: Position) -> Result<(), String> {
    match ids.insert(id, position) {
        None => Ok(()),
        Some(p) => {
            ids.insert(id, p);
            Err(format!("event id {id} is stored at position {p} already"))
        }
    }
}

/// Notes `position` under its event type; the type's name is copied only
/// the first time.
fn add_type(types: &mut HashMap<String, Vec<Position>>, event_type: &str, position: Position) {
    match types.get_mut(event_type) {
        Some(positions) => positions.push(position),
        None => {
            types.insert(event_type.to_owned(), vec![position]);
        }
    }
}

fn le_u64(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().unwrap_or_default())
}

/// Reads [`Index::encode`]'s bytes from the front.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let (head, tail) = self.0.split_at_checked(n).ok_or("the index is cut short")?;
        self.0 = tail;
        Ok(head)
    }

    fn word(&mut self) -> Result<usize, String> {
        usize::try_from(le_u64(self.take(8)?)).map_err(|_| "a count is too large".into())
    }

    fn half(&mut self) -> Result<usize, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap_or_default()) as usize)
    }
}
