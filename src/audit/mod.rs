//! Audit: how records changed, read from their streams in the log.
//!
//! - `history.rs` — the history of one actor or platform: every change,
//!   newest first, with its author, when it was recorded and when it took
//!   effect, and the fields it changed (old and new).

pub mod history;
