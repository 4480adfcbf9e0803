//! Audit: how records changed, read from their streams in the log.
//!
//! - `history.rs` — the history of one actor or platform: every change,
//!   newest first, with its author, when it was recorded and when it took
//!   effect, and the fields it changed (old and new);
//! - `timeline.rs` — each clock's order of the log (when recorded, when
//!   effective) and the checkpoints along it;
//! - `asof.rs` — the read model on any past date, folded from the nearest
//!   checkpoint;
//! - `changeset.rs` — what changed in a network between two dates (its
//!   shape; `changeset/span.rs` reads and computes it), and
//!   `planning.rs` — how findings, plan steps and procedures moved;
//! - `revision.rs` — the records due for the yearly revision;
//! - `report.rs` — the yearly report of a network or region, and
//!   `charts.rs` — its charts as SVG.

pub mod asof;
pub mod changeset;
pub mod charts;
pub mod history;
pub mod planning;
pub mod report;
pub mod revision;
pub mod timeline;
