//! Rust types generated from `proto/` at build time (see `build.rs`).
//! The comments in the `.proto` files are the reference documentation of
//! every field.

/// The log's own records (`proto/uzel/log/v1/`).
pub mod log {
    /// Version 1 of the stored envelope.
    pub mod v1 {
        include!(concat!(env!("OUT_DIR"), "/uzel.log.v1.rs"));
    }
}

/// Payloads of the domain's events (`proto/uzel/events/v1/`).
pub mod events {
    /// Version 1 of the event payloads.
    pub mod v1 {
        include!(concat!(env!("OUT_DIR"), "/uzel.events.v1.rs"));
    }
}

/// The notice board's websocket messages (`proto/board.proto`).
#[allow(clippy::large_enum_variant)]
pub mod board {
    /// Version 1 of the board's messages.
    pub mod v1 {
        include!(concat!(env!("OUT_DIR"), "/uzel.board.v1.rs"));
    }
}
