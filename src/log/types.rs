//! The vocabulary of the log: stream names, expected versions, the events a
//! writer hands in and the events the log hands back.

use std::fmt;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::error::InvalidInput;

/// A global position in the log: 1 is the first event ever written, and
/// positions are gap-free. Position 0 means "before the first event".
pub type Position = u64;

/// The longest stream name the log accepts, in bytes.
pub const MAX_STREAM_NAME_LEN: usize = 200;
/// The longest event type name the log accepts, in bytes.
pub const MAX_EVENT_TYPE_LEN: usize = 100;
/// The longest network identifier the log accepts, in bytes.
pub const MAX_NETWORK_LEN: usize = 64;
/// The longest author identifier the log accepts, in bytes.
pub const MAX_AUTHOR_LEN: usize = 128;
/// The largest payload of one event, in bytes. Events are small facts;
/// documents and pictures do not belong in them. The limit also keeps every
/// record well inside one sled log segment (see `docs/durability.md`).
pub const MAX_PAYLOAD_LEN: usize = 64 << 10;
/// The most events one append may carry.
pub const MAX_EVENTS_PER_APPEND: usize = 10_000;
/// The largest total payload of one append, in bytes.
pub const MAX_APPEND_BYTES: usize = 16 << 20;

/// The name of a stream, `{category}-{id}`: the events of one aggregate
/// instance, e.g. `actor-0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b8a`.
///
/// Parsed once, so a value of this type is always valid: the category is
/// lowercase ASCII letters, digits and `_`, starting with a letter; the id is
/// non-empty printable text without whitespace; the whole name is at most
/// [`MAX_STREAM_NAME_LEN`] bytes.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StreamName(String);

impl StreamName {
    /// Parses `{category}-{id}`, saying what is wrong when it is not one.
    pub fn parse(name: &str) -> Result<Self, InvalidInput> {
        let bad = |why: &str| {
            InvalidInput::new(
                "stream",
                format!("stream name {name:?} {why}; a stream is named `{{category}}-{{id}}`, e.g. `actor-42`"),
            )
        };
        if name.len() > MAX_STREAM_NAME_LEN {
            return Err(bad(&format!("is longer than {MAX_STREAM_NAME_LEN} bytes")));
        }
        let Some((category, id)) = name.split_once('-') else {
            return Err(bad("has no `-` between category and id"));
        };
        if !valid_category(category) {
            return Err(bad("has a category that is not lowercase letters, digits and `_` starting with a letter"));
        }
        if id.is_empty() {
            return Err(bad("has an empty id"));
        }
        if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("has whitespace or control characters in its id"));
        }
        Ok(Self(name.to_owned()))
    }

    /// Takes a name read back from storage, where every name was parsed on
    /// the way in; `uzel check` re-validates stored names independently.
    pub(crate) fn trusted(name: String) -> Self {
        debug_assert!(Self::parse(&name).is_ok(), "stored stream name {name:?}");
        Self(name)
    }

    /// Builds `{category}-{id}` from its parts, checking both.
    pub fn new(category: &str, id: impl fmt::Display) -> Result<Self, InvalidInput> {
        Self::parse(&format!("{category}-{id}"))
    }

    /// The whole name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The category: everything before the first `-`.
    pub fn category(&self) -> &str {
        category_of(&self.0)
    }

    /// The id: everything after the first `-`.
    pub fn id(&self) -> &str {
        self.0.split_once('-').map_or("", |(_, id)| id)
    }
}

/// The category of a stream name: everything before the first `-`.
pub fn category_of(stream: &str) -> &str {
    stream.split_once('-').map_or(stream, |(category, _)| category)
}

fn valid_category(category: &str) -> bool {
    let mut chars = category.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Looks a stream up by its text (the hash of a `String` is its `str`'s).
impl std::borrow::Borrow<str> for StreamName {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StreamName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for StreamName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// What the writer believes about the stream's current state; the append
/// succeeds only if it holds (optimistic concurrency, as in EventStoreDB).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpectedVersion {
    /// No check: append whatever the stream holds.
    Any,
    /// The stream must not exist yet (no event in it).
    NoStream,
    /// The stream must exist (at least one event).
    Exists,
    /// The stream's last event must have exactly this version.
    Exact(u64),
}

impl ExpectedVersion {
    /// Whether a stream whose last version is `current` (`None`: no stream)
    /// satisfies this expectation.
    pub fn admits(self, current: Option<u64>) -> bool {
        match self {
            Self::Any => true,
            Self::NoStream => current.is_none(),
            Self::Exists => current.is_some(),
            Self::Exact(v) => current == Some(v),
        }
    }
}

impl fmt::Display for ExpectedVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Any => f.write_str("any"),
            Self::NoStream => f.write_str("no stream"),
            Self::Exists => f.write_str("an existing stream"),
            Self::Exact(v) => write!(f, "version {v}"),
        }
    }
}

/// An event a writer hands to the log. The log adds the position, stream,
/// version and `recorded_at`.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    /// Identity and idempotency key (UUID v7 by convention).
    pub event_id: Uuid,
    /// What happened, e.g. `actor.registered`.
    pub event_type: String,
    /// Version of the payload schema of this type, from 1.
    pub schema: u32,
    /// When the change takes effect; `None` means when it is recorded.
    pub effective_at: Option<DateTime<Utc>>,
    /// For history brought in from elsewhere (the demo's thirteen months, a
    /// migration): when it was recorded there. The log keeps it only as far
    /// as `recorded_at` stays non-decreasing with position and not in the
    /// future (it is raised to the last recorded instant, lowered to now);
    /// `None` — every write through the API — is now.
    pub recorded_at: Option<DateTime<Utc>>,
    /// The network the event belongs to; empty for none.
    pub network: String,
    /// Who caused the event.
    pub author: String,
    /// Groups the events of one request.
    pub correlation_id: Option<Uuid>,
    /// The event or command that caused this one.
    pub causation_id: Option<Uuid>,
    /// Protobuf bytes of the payload message.
    pub payload: Bytes,
}

impl NewEvent {
    /// A new event of `event_type` (schema 1) with a fresh UUID v7 id and no
    /// network, author, effective date or correlation.
    pub fn new(event_type: impl Into<String>, payload: impl Into<Bytes>) -> Self {
        Self {
            event_id: Uuid::now_v7(),
            event_type: event_type.into(),
            schema: 1,
            effective_at: None,
            recorded_at: None,
            network: String::new(),
            author: String::new(),
            correlation_id: None,
            causation_id: None,
            payload: payload.into(),
        }
    }

    /// Sets the event id (for idempotent retries with a known id).
    pub fn with_id(mut self, event_id: Uuid) -> Self {
        self.event_id = event_id;
        self
    }

    /// Sets the payload schema number.
    pub fn with_schema(mut self, schema: u32) -> Self {
        self.schema = schema;
        self
    }

    /// Sets the network the event belongs to.
    pub fn with_network(mut self, network: impl Into<String>) -> Self {
        self.network = network.into();
        self
    }

    /// Sets the author.
    pub fn with_author(mut self, author: impl Into<String>) -> Self {
        self.author = author.into();
        self
    }

    /// Sets when the change takes effect.
    pub fn with_effective_at(mut self, at: DateTime<Utc>) -> Self {
        self.effective_at = Some(at);
        self
    }

    /// Sets when the event was recorded where it comes from (see
    /// [`NewEvent::recorded_at`]).
    pub fn with_recorded_at(mut self, at: DateTime<Utc>) -> Self {
        self.recorded_at = Some(at);
        self
    }

    /// Sets the correlation and causation ids.
    pub fn with_cause(mut self, correlation: Option<Uuid>, causation: Option<Uuid>) -> Self {
        self.correlation_id = correlation;
        self.causation_id = causation;
        self
    }

    /// About how many bytes the event's record takes in storage.
    pub fn record_bytes(&self) -> usize {
        64 + self.event_type.len() + self.network.len() + self.author.len() + self.payload.len()
    }

    /// Checks the limits and character sets of every field; `index` names
    /// the event's place in its append in the error.
    pub fn validate(&self, index: usize) -> Result<(), InvalidInput> {
        let field = |name: &str| format!("events[{index}].{name}");
        let t = &self.event_type;
        if t.is_empty() || t.len() > MAX_EVENT_TYPE_LEN {
            return Err(InvalidInput::new(
                field("type"),
                format!("event type must be 1 to {MAX_EVENT_TYPE_LEN} bytes, got {}", t.len()),
            ));
        }
        if !t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')) {
            return Err(InvalidInput::new(
                field("type"),
                format!("event type {t:?} may hold only lowercase letters, digits, `.`, `_`, `-`"),
            ));
        }
        if self.schema == 0 {
            return Err(InvalidInput::new(field("schema"), "schema numbers start at 1"));
        }
        if self.network.len() > MAX_NETWORK_LEN || self.network.chars().any(char::is_control) {
            return Err(InvalidInput::new(
                field("network"),
                format!("network must be at most {MAX_NETWORK_LEN} bytes without control characters"),
            ));
        }
        if self.author.len() > MAX_AUTHOR_LEN || self.author.chars().any(char::is_control) {
            return Err(InvalidInput::new(
                field("author"),
                format!("author must be at most {MAX_AUTHOR_LEN} bytes without control characters"),
            ));
        }
        if self.payload.len() > MAX_PAYLOAD_LEN {
            return Err(InvalidInput::new(
                field("payload"),
                format!("payload is {} bytes; the limit is {MAX_PAYLOAD_LEN}", self.payload.len()),
            ));
        }
        Ok(())
    }
}

/// An event as the log stores it and hands it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedEvent {
    /// Global position, from 1, gap-free.
    pub position: Position,
    /// The stream the event belongs to.
    pub stream: StreamName,
    /// Version within the stream, from 0, gap-free.
    pub version: u64,
    /// Identity and idempotency key.
    pub event_id: Uuid,
    /// What happened, e.g. `actor.registered`.
    pub event_type: String,
    /// Version of the payload schema.
    pub schema: u32,
    /// When the log committed it (UTC, microsecond precision, never
    /// decreasing with position).
    pub recorded_at: DateTime<Utc>,
    /// When the change takes effect (UTC, microsecond precision).
    pub effective_at: DateTime<Utc>,
    /// The network it belongs to; empty for none.
    pub network: String,
    /// Who caused it.
    pub author: String,
    /// Groups the events of one request.
    pub correlation_id: Option<Uuid>,
    /// The event or command that caused it.
    pub causation_id: Option<Uuid>,
    /// Protobuf bytes of the payload message.
    pub payload: Bytes,
}

/// What a successful append reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppendResult {
    /// Position of the first event of the append.
    pub first_position: Position,
    /// Position of the last event of the append.
    pub last_position: Position,
    /// Stream version of the last event of the append: the version to expect
    /// in the next append to this stream.
    pub version: u64,
    /// True when every event was already stored (an idempotent retry): the
    /// positions are the original ones and nothing was written.
    pub replayed: bool,
}

/// Where a read starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadFrom {
    /// The first event (forward) — for a backward read, nothing precedes it.
    Start,
    /// The last event (backward) — for a forward read, nothing follows it.
    End,
    /// This version (stream reads) or position (`$all` reads), inclusive.
    At(u64),
}

/// Which way a read walks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Oldest first.
    Forward,
    /// Newest first.
    Backward,
}

/// Narrows a read of the whole log or a subscription. An empty list admits
/// everything; several lists must all admit an event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Stream categories, e.g. `actor`.
    pub categories: Vec<String>,
    /// Event types, e.g. `actor.registered`.
    pub event_types: Vec<String>,
    /// Networks.
    pub networks: Vec<String>,
}

impl EventFilter {
    /// The filter that admits every event.
    pub fn all() -> Self {
        Self::default()
    }

    /// Whether the filter admits every event.
    pub fn is_all(&self) -> bool {
        self.categories.is_empty() && self.event_types.is_empty() && self.networks.is_empty()
    }

    /// Whether the filter admits an event of this stream, type and network.
    pub fn admits(&self, stream: &str, event_type: &str, network: &str) -> bool {
        let ok = |list: &[String], value: &str| list.is_empty() || list.iter().any(|v| v == value);
        ok(&self.categories, category_of(stream)) && ok(&self.event_types, event_type) && ok(&self.networks, network)
    }

    /// Whether the filter admits `event`.
    pub fn matches(&self, event: &RecordedEvent) -> bool {
        self.admits(event.stream.as_str(), &event.event_type, &event.network)
    }
}

/// A page of a read of the whole log.
#[derive(Clone, Debug, Default)]
pub struct AllSlice {
    /// The events that passed the filter, in the read's direction.
    pub events: Vec<RecordedEvent>,
    /// The last position the read examined (filtered out or not): a
    /// forward read continues at `last_examined + 1`. 0 when nothing was
    /// examined.
    pub last_examined: Position,
    /// True when the read reached the end of the log in its direction.
    pub end_of_log: bool,
}
