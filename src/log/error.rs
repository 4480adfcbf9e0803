//! What the log can fail with. Every error says what was wrong and, where a
//! caller can act, what to do about it.

use std::path::PathBuf;

use uuid::Uuid;

use super::types::{ExpectedVersion, StreamName};

/// Input the log refuses before writing anything: a field and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidInput {
    /// The failing field, e.g. `events[2].type`.
    pub field: String,
    /// What is wrong with it and what would be accepted.
    pub reason: String,
}

impl InvalidInput {
    /// An error about `field`.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { field: field.into(), reason: reason.into() }
    }
}

/// Why an append wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AppendError {
    /// The stream is not where the writer expected it: reload and decide
    /// again.
    #[error(
        "stream {stream} was expected at {expected} but is {}; reload it and retry",
        current.map_or_else(|| "absent".to_owned(), |v| format!("at version {v}"))
    )]
    WrongExpectedVersion {
        /// The stream appended to.
        stream: StreamName,
        /// What the writer expected.
        expected: ExpectedVersion,
        /// The stream's last version (`None`: no such stream).
        current: Option<u64>,
    },
    /// Some of the append's event ids are stored already but not all of
    /// them, or they are stored in another stream: the retry does not match
    /// the original append.
    #[error("event {event_id} is already stored {detail}; a retry must resend exactly the original append")]
    IdempotencyConflict {
        /// The first conflicting event id.
        event_id: Uuid,
        /// Where the id is stored and how the retry differs.
        detail: String,
    },
    /// The append itself is malformed.
    #[error("invalid append: {0}")]
    Invalid(#[from] InvalidInput),
    /// The log is closed (shutting down); nothing was written.
    #[error("the event log is closed; nothing was written")]
    Closed,
    /// The storage failed; the log refuses writes until restarted.
    #[error("storage failure, nothing acknowledged: {0}")]
    Storage(String),
}

/// Why a read or an administrative operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// The storage failed underneath.
    #[error("storage failure: {0}")]
    Storage(String),
    /// A stored record does not decode: the data is damaged.
    #[error("corrupt record at {at}: {reason}; run `uzel check` on the data directory")]
    Corrupt {
        /// Which record.
        at: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The directory is not a uzel log.
    #[error("{path} is not a uzel data directory: {reason}")]
    NotALog {
        /// The directory given.
        path: PathBuf,
        /// What was found there instead.
        reason: String,
    },
    /// The directory holds a log written by a newer uzel.
    #[error("{path} holds a log in format {found}, newer than this uzel reads (up to {supported}); run a newer uzel")]
    NewerFormat {
        /// The directory given.
        path: PathBuf,
        /// Its format number.
        found: u32,
        /// The newest format this build reads.
        supported: u32,
    },
    /// The database holds a schema written by a newer uzel.
    #[error(
        "the database's schema is at version {found}, newer than this uzel knows (up to {supported}); run a newer uzel"
    )]
    NewerSchema {
        /// Its version.
        found: i32,
        /// The newest version this build knows.
        supported: i32,
    },
    /// Another process has the directory open.
    #[error("{path} is in use by another uzel process; stop it first or use another --data directory")]
    Locked {
        /// The directory given.
        path: PathBuf,
    },
    /// The read's arguments are malformed.
    #[error("invalid read: {0}")]
    Invalid(#[from] InvalidInput),
    /// The log is closed.
    #[error("the event log is closed")]
    Closed,
}

impl From<sled::Error> for LogError {
    fn from(e: sled::Error) -> Self {
        Self::Storage(e.to_string())
    }
}
