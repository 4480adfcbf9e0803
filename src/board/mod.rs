//! The live notice board: capacity, events, projects, news, meeting
//! outcomes and "place wanted" requests, fed by the log and served over a
//! websocket (`/api/v1/board/ws`) and HTTP. The contract is in
//! `docs/board.md`.
//!
//! - `frame.rs` — what an event shows on the board, encoded once as JSON
//!   and as protobuf (`proto/board.proto`);
//! - `post.rs` — a post as clients receive it, in JSON and protobuf form;
//! - `history.rs` — the newest frames and the current board, beside the
//!   read model; `catchup.rs` — frames after a position, from memory or,
//!   older than the window, from the log;
//! - `reader.rs` — who sees which frame, and subscription filters;
//!   `intern.rs` — equal readers and filters shared by a thread's
//!   connections;
//! - `protocol.rs` — client and server messages in both encodings;
//! - `subscription.rs` — history, then live, by position;
//! - `socket.rs` — one websocket connection: subscribe, catch up, go live,
//!   heartbeats, slow clients; `socket/messages.rs` — the client's
//!   messages and commands; `socket/outgoing.rs` — sends, and closing a
//!   client too slow for them; `socket/access.rs` — the credential checked
//!   again when users change; `handshake.rs` — what its opening
//!   request says (credential, origin, subprotocol, query subscription);
//! - `outbox.rs` — a connection's outgoing queue, written straight into
//!   its socket by one task per thread (`outbox/writer.rs`; the socket is
//!   the connection's after the handshake: `http/upgrade.rs`);
//! - `relay.rs` — one relay per server thread between the projector and
//!   that thread's subscriptions; `sink.rs` — a subscription's place at
//!   it, through which the relay writes live frames to idle sockets itself;
//! - `hub.rs` — settings, shutdown and counters all connections share.

pub mod catchup;
pub mod frame;
pub mod handshake;
pub mod history;
pub mod hub;
pub mod intern;
pub mod outbox;
pub mod post;
pub mod protocol;
pub mod reader;
pub mod relay;
pub mod sink;
pub mod socket;
pub mod subscription;
