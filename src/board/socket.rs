//! `GET /api/v1/board/ws`: the board over a websocket (actix-ws).
//!
//! One task per connection; actix-ws does the handshake and reads the
//! client's messages; after the handshake the socket is the connection's
//! (`http/upgrade.rs`), and it writes through its own queue straight into
//! it (`outbox.rs`). A subscription takes its sink at the relay **first**,
//! then reads the board's history after `from` (or the current board),
//! then goes live, dropping what it already sent by position — so a client
//! resuming from its last position misses nothing and receives nothing
//! twice. While live and idle, the relay writes frames into the queue
//! itself (`sink.rs`); the connection takes back what it delivered before
//! acting on anything. A sink that lags re-reads the history; it never
//! skips. Close codes (docs/board.md):
//!
//! - 1000 the client closed; 1001 the server is shutting down;
//! - 1008 the credentials stopped working (signed out, token revoked);
//! - 1009 a client message over the size limit;
//! - 1011 the board's history could not be read (try again later);
//! - 1013 the database cannot be reached (try again later);
//! - 4000 too slow: the outgoing queue stayed full past the limit;
//! - 4001 no heartbeat: nothing heard from the client past the timeout.
//!
//! Every close reason ends with `resume from N`.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::Poll;
use std::time::Duration;

use actix_web::body::BoxBody;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{AggregatedMessage, CloseCode, CloseReason, Message, ProtocolError};
use tokio::time::Instant;

use super::frame::Frame;
use super::handshake::{Credential, check_open, check_origin, credential, offers, query_subscription};
use super::intern;
use super::outbox::{Outbox, Refused};
use super::protocol::{self, Encoding, Out};
use super::reader::{Filter, Reader};
use super::sink::Armed;
use super::subscription::{Next, Subscription};
use crate::app::App;
use crate::auth::Principal;
use crate::http::error::ApiError;
use crate::http::support::State;
use crate::http::upgrade::Takeover;
use crate::log::Position;

mod access;
mod messages;
mod outgoing;

/// How long a closing connection waits for room for its close frame.
const CLOSE_WAIT: Duration = Duration::from_secs(10);

/// `GET /api/v1/board/ws`: upgrades to a websocket on the board.
pub async fn ws(
    app: State,
    req: HttpRequest,
    body: web::Payload,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    check_open(&app.board)?;
    check_origin(&req, &principal)?;
    let initial = query_subscription(&req)?;
    if let Some((from, _)) = &initial {
        super::handshake::check_from(*from, app.log.last_position())?;
    }
    let encoding = if offers(&req, protocol::PROTOBUF) { Encoding::Protobuf } else { Encoding::Json };
    let (response, session, stream) =
        actix_ws::handle_with_protocols(&req, body, &[protocol::PROTOBUF, protocol::JSON]).map_err(|e| {
            ApiError::bad_request(format!("{e}: this address speaks websocket; connect with a websocket client"))
        })?;
    // The connection writes through its own queue (`outbox.rs`), straight
    // into the socket once the handshake's answer is out (`http/upgrade.rs`),
    // not through actix-ws's session and the HTTP response's body.
    drop(session);
    let mut handshake = None;
    let mut response = response.map_body(|_, body| {
        handshake = Some(body);
        BoxBody::new(())
    });
    let outbox = Outbox::new();
    let config = app.board.config();
    let stream =
        stream.max_frame_size(config.max_frame).aggregate_continuations().max_continuation_size(config.max_frame);
    let connection = Connection {
        app: app.get_ref().clone(),
        reader: intern::reader(Reader::of(&principal, &app.models.read())),
        access_seen: app.models.access_changed(),
        credential: credential(&req, &principal),
        principal,
        encoding,
        outbox: outbox.clone(),
        delivered: 0,
        uncounted: 0,
    };
    // The connection's state lives in one box its future points to: an
    // `async fn` keeps its arguments twice (as arguments and as the body's
    // locals), and this future lives as long as the socket.
    let (connection, stream, initial) = (Box::new(connection), Box::pin(stream), initial.map(Box::new));
    response.extensions_mut().insert(Takeover::new(move |socket| async move {
        // actix-ws's body for this answer, kept unread: dropping it tells
        // the incoming message stream that the connection is gone.
        let _handshake = handshake;
        outbox.attach(socket);
        connection.serve(stream, initial).await;
        outbox.detach();
    }));
    Ok(response)
}

/// One open connection.
struct Connection {
    app: App,
    principal: Principal,
    credential: Option<Credential>,
    reader: Rc<Reader>,
    access_seen: u64,
    encoding: Encoding,
    outbox: Outbox,
    /// The last position sent to the client.
    delivered: Position,
    /// Frames sent and not yet added to the hub's counter (added in batches:
    /// one shared counter per frame would bounce between cores).
    uncounted: u64,
}

/// Waits for the next heartbeat (or shutdown) and hands the receiver back.
async fn next_tick(mut heartbeat: tokio::sync::watch::Receiver<u64>) -> tokio::sync::watch::Receiver<u64> {
    // An error means the hub is gone (the server stops): no more ticks.
    if heartbeat.changed().await.is_err() {
        std::future::pending::<()>().await;
    }
    heartbeat
}

/// What woke the connection.
enum Wake {
    Shutdown,
    Client(Option<Result<AggregatedMessage, ProtocolError>>),
    Tick,
    Board(Next),
}

impl Connection {
    /// Runs the connection, writing into a blocked socket whenever it has
    /// room, until the connection ends.
    async fn serve(
        self: Box<Self>,
        stream: Pin<Box<actix_ws::AggregatedMessageStream>>,
        initial: Option<Box<(Option<Position>, Filter)>>,
    ) {
        let outbox = self.outbox.clone();
        let mut run = std::pin::pin!(self.run(stream, initial));
        let mut drive = std::pin::pin!(outbox.drive());
        let mut driving = true;
        std::future::poll_fn(|cx| {
            if driving && drive.as_mut().poll(cx).is_ready() {
                driving = false;
            }
            run.as_mut().poll(cx)
        })
        .await
    }

    async fn run(
        mut self: Box<Self>,
        mut stream: Pin<Box<actix_ws::AggregatedMessageStream>>,
        initial: Option<Box<(Option<Position>, Filter)>>,
    ) {
        let hub = Arc::clone(&self.app.board);
        hub.connections.fetch_add(1, Ordering::Relaxed);
        let config = hub.config();
        // The heartbeat's wait lives as long as the connection: waiting on
        // the watch registers with a list all connections share, and doing
        // that again for every frame made threads contend during a fan-out.
        let mut tick = std::pin::pin!(next_tick(hub.heartbeats()));
        let mut heard = Instant::now();
        let mut subscription: Option<Subscription> = None;
        let head = self.app.log.last_position();
        let user = self.principal.user.map(|u| u.to_string()).unwrap_or_default();
        let secs = |d: Duration| u32::try_from(d.as_secs()).unwrap_or(u32::MAX);
        let welcome = protocol::welcome(
            self.encoding,
            head,
            secs(config.heartbeat),
            secs(config.timeout),
            u32::try_from(config.max_frame).unwrap_or(u32::MAX),
            &user,
        );
        let mut closing: Option<(CloseCode, String)> = None;
        if self.send(welcome, config.slow_after).await.is_err() {
            closing = Some((CloseCode::Away, String::new()));
        }
        if let Some(initial) = initial {
            let (from, filter) = *initial;
            subscription = Some(Box::pin(self.subscribe(from, filter)).await);
        }
        while closing.is_none() {
            if hub.is_shutting_down() {
                closing = Some((CloseCode::Away, "the server is shutting down".into()));
                break;
            }
            if hub.store_unreachable() {
                closing = Some((CloseCode::Again, "the database cannot be reached just now".into()));
                break;
            }
            let wake = {
                // Polled by hand, in this order (the client first): the
                // task of an idle connection keeps only these three.
                let mut message = std::pin::pin!(stream.recv());
                let arm = |examined, filter| Armed {
                    outbox: self.outbox.clone(),
                    filter,
                    reader: Rc::clone(&self.reader),
                    encoding: self.encoding,
                    access_seen: self.access_seen,
                    examined,
                };
                let mut next = std::pin::pin!(async {
                    match subscription.as_mut() {
                        Some(subscription) => subscription.next(&self.app, &arm).await,
                        None => std::future::pending().await,
                    }
                });
                std::future::poll_fn(|cx| {
                    if let Poll::Ready(message) = message.as_mut().poll(cx) {
                        return Poll::Ready(Wake::Client(message));
                    }
                    if let Poll::Ready(heartbeat) = tick.as_mut().poll(cx) {
                        tick.set(next_tick(heartbeat));
                        return Poll::Ready(if hub.is_shutting_down() { Wake::Shutdown } else { Wake::Tick });
                    }
                    next.as_mut().poll(cx).map(Wake::Board)
                })
                .await
            };
            self.take_delivered(&mut subscription);
            closing = match wake {
                Wake::Shutdown => Some((CloseCode::Away, "the server is shutting down".into())),
                Wake::Client(None) => break,
                Wake::Client(Some(Err(ProtocolError::Overflow))) => {
                    Some((CloseCode::Size, format!("a message was larger than {} bytes", config.max_frame)))
                }
                Wake::Client(Some(Err(e))) => Some((CloseCode::Protocol, format!("websocket protocol error: {e}"))),
                Wake::Client(Some(Ok(message))) => {
                    heard = Instant::now();
                    // Boxed: commands are rare and their futures large; the
                    // task of an idle connection stays small.
                    Box::pin(self.on_message(message, &mut subscription, config.slow_after)).await
                }
                Wake::Tick if heard.elapsed() > config.timeout => {
                    self.count_delivered();
                    hub.timed_out.fetch_add(1, Ordering::Relaxed);
                    Some((CloseCode::Other(4001), "no heartbeat from the client".into()))
                }
                Wake::Tick => {
                    self.count_delivered();
                    // A ping that finds the queue full is skipped: the
                    // queue's messages show the connection is alive.
                    match self.outbox.push(Message::Ping(Default::default())) {
                        Ok(()) | Err(Refused::Full(_)) => None,
                        Err(Refused::Closed) => break,
                    }
                }
                Wake::Board(Next::Closed) => Some((CloseCode::Away, "the server is shutting down".into())),
                Wake::Board(Next::Unreadable) => {
                    Some((CloseCode::Error, "the board's history could not be read just now".into()))
                }
                Wake::Board(Next::Live(position)) => {
                    let result = self.send(protocol::live(self.encoding, position), config.slow_after).await;
                    self.sent(result)
                }
                Wake::Board(Next::Frame(frame)) => self.deliver(&frame, &subscription, config.slow_after).await,
            };
        }
        self.take_delivered(&mut subscription);
        self.count_delivered();
        if let Some((code, why)) = closing {
            let description = format!("{why}; resume from {}", self.delivered);
            let reason = CloseReason { code, description: Some(description) };
            // The close frame waits for room in the queue: a slow client gets
            // it after what it has not read yet; one that reads nothing at
            // all for CLOSE_WAIT is just disconnected.
            let closed = async {
                if self.outbox.close(Some(reason)).await.is_ok() {
                    self.outbox.flushed().await;
                }
            };
            let _ = Box::pin(tokio::time::timeout(CLOSE_WAIT, closed)).await;
        }
        hub.connections.fetch_sub(1, Ordering::Relaxed);
    }

    /// Sends `frame` if the subscription admits it and the reader sees it.
    async fn deliver(
        &mut self,
        frame: &Frame,
        subscription: &Option<Subscription>,
        slow_after: Duration,
    ) -> Option<(CloseCode, String)> {
        if let Some(closing) = self.refresh_reader().await {
            return Some(closing);
        }
        let admitted = subscription.as_ref().is_some_and(|s| s.filter.admits(frame));
        if !admitted || !self.reader.sees(frame) {
            return None;
        }
        let out = match self.encoding {
            Encoding::Json => Out::Text(frame.json.clone()),
            Encoding::Protobuf => Out::Binary(frame.proto.clone()),
        };
        let result = self.send(out, slow_after).await;
        if result.is_ok() {
            self.delivered = frame.position;
            self.uncounted += 1;
            if self.uncounted == 64 {
                self.count_delivered();
            }
        }
        self.sent(result)
    }

    /// Takes over what the relay delivered itself.
    fn take_delivered(&mut self, subscription: &mut Option<Subscription>) {
        if let Some(subscription) = subscription.as_mut() {
            let (delivered, count) = subscription.take_delivered();
            if let Some(position) = delivered {
                self.delivered = position;
            }
            self.uncounted += count;
        }
    }

    fn count_delivered(&mut self) {
        self.app.board.delivered.fetch_add(std::mem::take(&mut self.uncounted), Ordering::Relaxed);
    }

    /// Starts a subscription: the live receiver first, then the history
    /// after `from` (or the current board).
    async fn subscribe(&mut self, from: Option<Position>, filter: Filter) -> Subscription {
        let live = super::relay::subscribe(&self.app.models);
        let head = self.app.log.last_position();
        let mut subscription = Subscription::new(filter, live);
        match from {
            Some(from) => subscription.examined = from,
            None => {
                let model = self.app.models.read();
                subscription.examined = model.board().last().map_or(0, |f| f.position);
                subscription.backlog = model.board().current(self.app.now()).into();
                subscription.catching_up = false;
            }
        }
        let from = from.unwrap_or(0);
        if from < self.delivered {
            self.delivered = from;
        }
        let out = protocol::subscribed(self.encoding, self.delivered, from, head);
        let _ = self.send(out, self.app.board.config().slow_after).await;
        subscription
    }
}
