//! Tests of the event log: the conformance suite on the sled backend, the
//! sled backend's own rules, crash safety against the real binary, the
//! offline checker, golden files of the stored format, and property tests.
//! One test binary, so the crate is linked once.

mod conformance;
mod crash;
mod golden;
mod helpers;
mod props;
mod saved_index;
mod sled_backend;
