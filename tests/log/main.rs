//! Tests of the event log: the conformance suite on the sled and PostgreSQL
//! backends, each backend's own rules, crash safety against the real
//! binary, the offline checker, golden files of the stored format, and
//! property tests.
//! One test binary, so the crate is linked once.

mod conformance;
mod crash;
mod golden;
mod helpers;
mod postgres_backend;
#[path = "../common/postgres.rs"]
mod postgres_server;
mod props;
mod saved_index;
mod sled_backend;
