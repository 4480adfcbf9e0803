//! uzel: maps, plans and evaluates Czech networks of services for children and
//! families at risk, on a durable, append-only event log.
//!
//! # Layout
//!
//! Every change is an event appended to one log; everything else is derived
//! from that log. A newcomer reads in this order:
//!
//! - [`log`] — the event log and its contract (EventStoreDB semantics):
//!   - `log/types.rs` — stream names, expected versions, new and recorded
//!     events, append results, read filters;
//!   - `log/rules.rs` — what both backends apply alike: an append's checks,
//!     how a new event is recorded, a whole-log read's bounds;
//!   - `log/error.rs` — what an append or a read can fail with;
//!   - `log/codec.rs` — the stored record format (a format byte and the
//!     protobuf envelope of `proto/uzel/log/v1/envelope.proto`);
//!   - `log/subscription.rs` — catch-up subscriptions over any backend:
//!     history from the log, then live, with no gap and no duplicate;
//!   - `log/snapshot.rs` — the snapshot store projections start from;
//!   - `log/side.rs` — the stores beside the log (password hashes,
//!     sessions, personal-data keys, idempotent answers, sign-in counts),
//!     one trait over sled trees and the database's `side` table;
//!   - `log/verify.rs` — a log checked through the contract alone
//!     (`uzel check --store`);
//!   - `log/framed.rs` — the frame around a saved image (magic, format
//!     version, checksum);
//!   - `log/probe.rs` — probe events that exercise the log (load and crash
//!     tests, benchmarks);
//!   - `log/commit_times.rs` — how long commits took to become durable, a
//!     histogram for `/metrics`;
//!   - `log/sled/` — the embedded backend: opening a directory safely
//!     (`meta.rs`), the key layout (`keys.rs`), chunks of records
//!     (`chunk.rs`), the in-memory stream and idempotency indexes
//!     (`index.rs`), built at open from the indexes saved at the last close
//!     (`index_store.rs`) and the records after them, or from the whole log
//!     (`rebuild.rs`), the group-commit writer thread (`writer.rs`) and the
//!     syncer thread that makes its batches durable (`syncer.rs`), reads
//!     (`reads.rs`), snapshots (`snapshots.rs`) and the offline verifier
//!     behind `uzel check` (`check.rs`);
//!   - `log/postgres/` — the backend several nodes share: the schema and
//!     its migrations (`schema.rs`), connections on the log's own runtime
//!     (`connect.rs`), the group-commit writer serialised across nodes by
//!     an advisory lock (`writer.rs`) with its statements (`statements.rs`),
//!     how it decides a batch (`decide.rs`) against what it knows
//!     (`known.rs`) or looks up (`lookup.rs`), the transactions it sends
//!     ahead (`flight.rs`) and the guarded INSERT of its columns (`columns.rs`),
//!     the follower that publishes commits
//!     in position order (`follower.rs`), the herald that announces the
//!     node's commits to the others (`herald.rs`), rows and reads
//!     (`rows.rs`), the stores beside the log in one table (`side.rs`), the
//!     copy of a whole log (`import.rs`).
//! - [`domain`] — the three templates as pure aggregates, `decide(state,
//!   command) -> events | error` and `apply(state, event)`, no I/O:
//!   regions (`region.rs`) and networks with their taxonomies, categories,
//!   saved filters (`network.rs`), actors (`actor.rs`, fields in `actor_fields.rs`,
//!   status, notes, contacts and capacity in `actor_parts.rs`),
//!   platforms with meetings and outcomes (`platform.rs`), the needs map
//!   (`needs.rs`), posts on the notice board (`post.rs`) and the check of
//!   "place wanted" requests for identifying data (`identifying.rs`); the
//!   planning cycle — findings (`finding.rs`), the plan with its steps
//!   (`plan/`), agreed procedures (`procedure.rs`), the yearly revision
//!   (`revision.rs`); field
//!   values and field-by-field changes (`value.rs`),
//!   directory filters (`filter.rs`); users with their roles and API tokens
//!   (`user.rs`); tests in `domain/tests/`.
//! - [`events`] — the catalogue of event types and the codecs between domain
//!   events and their protobuf payloads (`proto/uzel/events/`); contact
//!   persons are sealed on the way in ([`personal`] holds the keys and
//!   tombstones again, on opening, every key an erasure names).
//! - [`app`] — command handling, the one place that joins the domain and the
//!   log: decide against the read model, append with its stream version,
//!   retry on conflicts; `If-Match`; writers of one record in turn
//!   (`queue.rs`); the answers kept for idempotency keys
//!   (`idempotency.rs`); user commands, passwords and tokens (`users.rs`).
//! - [`auth`] — who is asking and what they may do: password hashes
//!   (`credentials.rs`), sessions (`sessions.rs`), login throttling
//!   (`throttle.rs`), secrets (`secret.rs`), the access rule of every route
//!   and its check (`access.rs`), the rules that look at one record
//!   (`policy.rs`), and what of a view a reader may not see
//!   (`redact.rs`).
//! - [`projections`] — the read model folded from the log (`model.rs`):
//!   "now" on the effective clock — changes dated ahead wait, changes dated
//!   back refold their record (`effective.rs`) — with the directory index
//!   per network (`index.rs`, `bits.rs`), the directory query
//!   (`directory.rs`), the views coordinators ask for (`views/`: actors,
//!   platforms, coverage, regions, plans and their yearly evaluation),
//!   Czech search and order (`czech.rs`), and cached answers that expire
//!   with the capacity they count (`cache.rs`). It knows nothing of what
//!   follows the model: a [`projections::Follower`] is told of each event
//!   the model applied.
//! - [`live`] — where the model, the board and the as-of clocks meet in a
//!   running server: the projector thread that folds each committed event
//!   and lets the board's history and the clocks follow (`projector.rs`),
//!   a start from a snapshot or the whole log (`start.rs`), and the
//!   snapshots themselves (`snapshot.rs`, saved by `saver.rs`).
//! - [`audit`] — how records changed: the history of one actor or platform
//!   from its stream (`history.rs`), cut to what the reader may see; both
//!   clocks' orders of the log with checkpoints (`timeline.rs`); the model on
//!   any past date (`asof.rs`); what changed between two dates
//!   (`changeset.rs`, `planning.rs`); the records due for the yearly
//!   revision (`revision.rs`); the yearly report and its SVG charts
//!   (`report.rs`, `charts.rs`).
//! - [`board`] — the live notice board (`docs/board.md`): what an event
//!   shows on the board, encoded once as JSON and protobuf (`frame.rs`),
//!   the frames in position order (`history.rs`), who sees which frame and
//!   subscription filters (`reader.rs`; equal ones shared per thread:
//!   `intern.rs`), the websocket messages
//!   (`protocol.rs`), one connection — catch-up, live, heartbeats, slow
//!   clients (`socket.rs`), commands (`socket/messages.rs`), sends and
//!   slow closes (`socket/outgoing.rs`), credentials checked again when
//!   users change (`socket/access.rs`) — its outgoing
//!   queue, written straight into the socket (`outbox.rs`),
//!   the per-thread relay that writes live frames to idle sockets through
//!   each subscription's sink (`relay.rs`, `sink.rs`), and what connections
//!   share (`hub.rs`); its commands are in `app/board.rs`.
//! - [`http`] — the JSON API under `/api/v1` (actix-web): the route table
//!   (`table.rs`, each route with its access rule), the guard in front of
//!   every handler (`guard.rs`), writes with an idempotency key
//!   (`idempotency.rs`), reads as of a date (`at.rs`), security
//!   headers (`headers.rs`), the network or region a path names, checked
//!   to exist (`named.rs`), handlers by resource (`routes/`), requests to
//!   switch protocols, whose socket a handler takes over (`upgrade.rs`), the printable
//!   pages of the yearly report and the plan document (`report_page.rs`,
//!   `plan_document.rs`), problem answers (`error.rs`; the HTTP parser's own
//!   answers made problems on each connection, `parser_answers.rs`), the OpenAPI
//!   document and its page (`openapi.rs`), static assets (`assets.rs`,
//!   `assets/`: the stylesheet, the pages' script, the board page and its
//!   script), the client's address behind a trusted proxy and who reads
//!   `/metrics` (`peer.rs`).
//! - [`observe`] — what operators see: log lines (`tracing`, readable or
//!   JSON), one per request with its id (`request.rs`), and the process's
//!   counters for `/metrics` (`counters.rs`).
//! - [`web`] — the pages for people, in Czech (and English): sign-in, the
//!   network's overview, the directory (saved filters, CSV/XLSX), actors'
//!   pages and forms (optimistic edits that merge), notes and contacts, the
//!   needs map, coverage, platforms and meetings, the network's settings,
//!   any of them as on a past date; maud templates, forms that work with
//!   scripts off, one script for filters and live parts (`web/mod.rs` lists
//!   the files).
//! - [`interop`] — the three templates of seed 004 as an `.xlsx` workbook
//!   (a network's, a region's) and back, the public directory in Open
//!   Referral HSDS 3.1, iCalendar and Atom feeds (`interop/mod.rs` lists the
//!   files; `docs/interop.md`).
//! - [`server`] — opening the data and serving it (typed start errors, the
//!   serve options); [`store`] — where the data is: a directory, or a
//!   PostgreSQL database several nodes share (`--data` / `--store`);
//!   [`control`] — the control file through
//!   which `uzel backup` reaches the server holding a directory; [`demo`] — the
//!   demo networks built from the source documents (Tachov with seed 004's
//!   plan, published; a short plan of the Ústecký kraj), and their users.
//! - [`czech`] — Czech as people write it: plural forms, capacity units,
//!   dates and numbers, for pages, board titles and reports.
//! - [`proto`] — the Rust code generated from `proto/` at build time.
//! - [`cli`] — the command line (`src/main.rs` only calls [`cli::run`]):
//!   `serve`, `demo`, `check`, `log-load`, `erase-person`, `admin`, `backup`
//!   and `restore` (of a directory, or of a PostgreSQL database through
//!   `pg_dump`: `cli/pg_backup.rs`), `migrate`, `export`, `import`.
//!
//! Concurrency in one sentence: appends from any number of tasks queue on a
//! bounded channel; one writer thread decides and writes whatever is waiting
//! as one chunk, a syncer thread makes everything written so far durable with
//! one flush (group commit), then answers the appends and publishes the
//! events to subscribers on a broadcast channel that never blocks it.
//!
//! The design in prose, with its figures, is in `docs/architecture.md`,
//! `docs/durability.md` and `docs/api.md`.

pub mod app;
pub mod audit;
pub mod auth;
pub mod board;
pub mod cli;
pub mod control;
pub mod czech;
pub mod demo;
pub mod domain;
pub mod events;
pub mod http;
pub mod interop;
pub mod live;
pub mod log;
pub mod observe;
pub mod personal;
pub mod projections;
pub mod proto;
pub mod server;
pub mod store;
pub mod web;

/// The allocator: the read path allocates and frees millions of small
/// strings per second, where glibc's allocator spent a third of the time.
/// Built without transparent huge pages (`no_thp`): with them, every idle
/// board socket cost 8 KB more resident memory (its connection buffers sat
/// on huge pages, touched or not).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
