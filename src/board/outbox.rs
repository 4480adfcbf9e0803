//! A websocket connection's outgoing queue, written straight into its
//! socket.
//!
//! Messages are queued (at most [`CAPACITY`]); a queue that was empty puts
//! itself on its thread's list, and one task per thread writes every
//! listed queue, each with one system call. A post that the relay queues
//! for thousands of sockets is thus written by one task, without waking a
//! task per socket. A socket whose client does not read far enough to take
//! what was written is *blocked*: the connection's own task then waits for
//! room in it ([`Outbox::drive`]), and meanwhile the queue fills; a
//! connection that finds it full waits for room, and the socket decides
//! how long (the slow-client limit). Nothing is buffered beyond the queue
//! and the frames one write did not take.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use actix_codec::Encoder;
use actix_http::ws::{Codec, Message};
use actix_web::web::{Bytes, BytesMut};
use actix_ws::CloseReason;
use bytes::Buf;

use self::writer::WRITER;
use crate::http::upgrade::Socket;

mod writer;

/// Messages a connection may queue before it waits for its client.
pub const CAPACITY: usize = 32;

/// RFC 6455: a control frame carries at most 125 bytes.
const MAX_CONTROL: usize = 125;

/// Why a message was not queued.
#[derive(Debug)]
pub enum Refused {
    /// The queue is full: wait for [`Outbox::room`] and try again.
    Full(Message),
    /// The socket is gone (or a close was queued): nothing more goes out.
    Closed,
}

/// A queued message, or a frame encoded once for every socket that gets it
/// (a server's frames are not masked, so they are the same bytes for all).
enum Item {
    Message(Message),
    Encoded(Bytes),
}

/// Encodes `message` as a websocket frame from the server.
pub fn encode_once(message: Message) -> Bytes {
    let mut out = BytesMut::new();
    // Encoding a data frame into memory cannot fail.
    let _ = Codec::new().encode(message, &mut out);
    out.freeze()
}

#[derive(Default)]
struct Shared {
    queue: VecDeque<Item>,
    /// Frames encoded and not yet taken by the socket (none while idle).
    out: BytesMut,
    /// The socket, once the handshake's answer is written; until then
    /// messages wait in the queue.
    socket: Option<Socket>,
    codec: Codec,
    /// On the thread's list of queues to write.
    listed: bool,
    /// The socket took less than it was given; the connection's task
    /// writes the rest when it has room.
    blocked: bool,
    /// A close frame was queued, or the socket is gone: nothing more can be
    /// queued.
    closed: bool,
    /// The close frame is in `out`: once `out` is written, nothing follows.
    last: bool,
    /// Nothing more goes out: the close frame is written, or the socket
    /// failed or was let go.
    finished: bool,
    /// The connection's task, waiting for room in a blocked socket or for
    /// the end.
    driver: Option<Waker>,
    /// The connection, waiting for room in the queue.
    room: Option<Waker>,
}

/// A connection's outgoing queue; clones share it.
#[derive(Clone, Default)]
pub struct Outbox {
    shared: Rc<RefCell<Shared>>,
}

impl Outbox {
    /// A queue not yet connected to its socket: messages wait until
    /// [`Outbox::attach`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Connects the queue to its socket; what waits is written.
    pub fn attach(&self, socket: Socket) {
        self.shared.borrow_mut().socket = Some(socket);
        self.list();
    }

    /// Lets the socket go: nothing more is queued or written.
    pub fn detach(&self) {
        let mut shared = self.shared.borrow_mut();
        shared.socket = None;
        shared.fail();
    }

    /// Queues `message` for the socket, if there is room.
    pub fn push(&self, message: Message) -> Result<(), Refused> {
        if matches!(message, Message::Close(_)) {
            self.enqueue(Item::Message(message))?;
            self.shared.borrow_mut().closed = true;
            return Ok(());
        }
        self.enqueue(Item::Message(message))
    }

    /// Queues a frame made by [`encode_once`], if there is room.
    pub fn push_encoded(&self, frame: Bytes) -> Result<(), Refused> {
        self.enqueue(Item::Encoded(frame))
    }

    fn enqueue(&self, item: Item) -> Result<(), Refused> {
        {
            let mut shared = self.shared.borrow_mut();
            if shared.closed {
                return Err(Refused::Closed);
            }
            if shared.queue.len() >= CAPACITY {
                return Err(Refused::Full(match item {
                    Item::Message(message) => message,
                    Item::Encoded(frame) => Message::Binary(frame),
                }));
            }
            shared.queue.push_back(item);
            if shared.listed || shared.blocked || shared.socket.is_none() {
                return Ok(());
            }
        }
        self.list();
        Ok(())
    }

    /// Messages queued and not yet encoded for the socket.
    #[cfg(test)]
    pub fn queued(&self) -> usize {
        self.shared.borrow().queue.len()
    }

    /// Puts the queue on its thread's list of queues to write.
    fn list(&self) {
        let mut shared = self.shared.borrow_mut();
        if shared.listed || shared.socket.is_none() {
            return;
        }
        shared.listed = true;
        drop(shared);
        WRITER.with(|writer| writer.borrow_mut().list(Rc::clone(&self.shared)));
    }

    /// Waits until the queue has room or the socket is gone.
    pub async fn room(&self) {
        std::future::poll_fn(|cx| {
            let mut shared = self.shared.borrow_mut();
            if shared.closed || shared.queue.len() < CAPACITY {
                return Poll::Ready(());
            }
            keep(&mut shared.room, cx.waker());
            Poll::Pending
        })
        .await
    }

    /// Queues `message`, waiting for room as long as it takes (callers
    /// bound the wait).
    pub async fn send(&self, mut message: Message) -> Result<(), Refused> {
        loop {
            match self.push(message) {
                Err(Refused::Full(back)) => message = back,
                done => return done,
            }
            self.room().await;
        }
    }

    /// Queues a close frame (its reason cut to what a control frame holds);
    /// nothing can be queued after it.
    pub async fn close(&self, reason: Option<CloseReason>) -> Result<(), Refused> {
        self.send(Message::Close(reason)).await
    }

    /// Writes into a blocked socket whenever it has room; returns once
    /// nothing more goes out (the close frame is written, or the socket
    /// failed). Poll it in the connection's task for as long as the
    /// connection lives.
    pub async fn drive(&self) {
        std::future::poll_fn(|cx| self.poll_drive(cx, false)).await
    }

    /// Like [`Outbox::drive`], and also returns once everything queued is
    /// written.
    pub async fn flushed(&self) {
        std::future::poll_fn(|cx| self.poll_drive(cx, true)).await
    }

    fn poll_drive(&self, cx: &mut Context<'_>, flushed: bool) -> Poll<()> {
        let mut shared = self.shared.borrow_mut();
        loop {
            if shared.finished || (flushed && shared.queue.is_empty() && shared.out.is_empty()) {
                return Poll::Ready(());
            }
            if !shared.blocked {
                break;
            }
            let Some(socket) = shared.socket.clone() else { break };
            match socket.poll_write_ready(cx) {
                Poll::Pending => break,
                Poll::Ready(Err(_)) => shared.fail(),
                Poll::Ready(Ok(())) => {
                    shared.blocked = false;
                    shared.write();
                }
            }
        }
        keep(&mut shared.driver, cx.waker());
        Poll::Pending
    }
}

impl Shared {
    /// Writes what is queued until the socket takes no more.
    fn write(&mut self) {
        let Some(socket) = self.socket.clone() else { return };
        // The usual case, one frame made once for many sockets: written
        // from where it is, without a copy.
        if self.out.is_empty() && self.queue.len() == 1 && matches!(self.queue.front(), Some(Item::Encoded(_))) {
            let Some(Item::Encoded(frame)) = self.queue.pop_front() else { unreachable!("just matched") };
            self.wake_room();
            match write_to(&socket, &frame) {
                Ok(n) if n == frame.len() => return self.idle(),
                Ok(n) => self.out.extend_from_slice(&frame[n..]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => self.out.extend_from_slice(&frame),
                Err(_) => return self.fail(),
            }
        }
        loop {
            if self.out.is_empty() {
                if self.queue.is_empty() {
                    break;
                }
                self.encode();
            }
            match write_to(&socket, &self.out) {
                Ok(n) => self.out.advance(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.blocked = true;
                    self.wake_driver();
                    return;
                }
                Err(_) => return self.fail(),
            }
        }
        self.idle();
    }

    /// Everything queued is written.
    fn idle(&mut self) {
        // No buffer kept.
        self.out = BytesMut::new();
        if self.last {
            self.finished = true;
        }
        if self.closed {
            self.wake_driver();
        }
    }

    /// Encodes the whole queue into `out` as websocket frames.
    fn encode(&mut self) {
        let size: usize = self.queue.iter().map(|m| 14 + item_len(m)).sum();
        self.out.reserve(size);
        while let Some(item) = self.queue.pop_front() {
            let message = match item {
                Item::Encoded(frame) => {
                    self.out.extend_from_slice(&frame);
                    continue;
                }
                Item::Message(message) => message,
            };
            let close = matches!(message, Message::Close(_));
            if self.codec.encode(fit(message), &mut self.out).is_err() {
                return self.fail();
            }
            if close {
                self.last = true;
                self.queue.clear();
                break;
            }
        }
        self.wake_room();
    }

    /// Nothing more goes out.
    fn fail(&mut self) {
        self.closed = true;
        self.finished = true;
        self.queue.clear();
        self.out = BytesMut::new();
        self.wake_room();
        self.wake_driver();
    }

    fn wake_room(&mut self) {
        if let Some(room) = self.room.take() {
            room.wake();
        }
    }

    fn wake_driver(&mut self) {
        if let Some(driver) = self.driver.take() {
            driver.wake();
        }
    }
}

/// Writes `bytes` into the socket. The socket is seldom full, so the
/// write goes straight to it first: that spares a look at the runtime's
/// readiness record, memory a fan-out to thousands of sockets would
/// otherwise touch once per socket. A full socket is written again through
/// the runtime, which then clears the readiness it recorded, so that
/// `poll_write_ready` waits for room (a write through the runtime that
/// finds room meanwhile takes it).
fn write_to(socket: &tokio::net::TcpStream, bytes: &[u8]) -> io::Result<usize> {
    match socket2::SockRef::from(socket).send(bytes) {
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => socket.try_write(bytes),
        done => done,
    }
}

fn item_len(item: &Item) -> usize {
    match item {
        Item::Encoded(frame) => frame.len(),
        Item::Message(Message::Text(text)) => text.len(),
        Item::Message(Message::Binary(bytes) | Message::Ping(bytes) | Message::Pong(bytes)) => bytes.len(),
        Item::Message(_) => MAX_CONTROL,
    }
}

/// Keeps `waker` in `slot`, without a new reference (an atomic count on
/// the task) when the slot holds it already.
pub fn keep(slot: &mut Option<Waker>, waker: &Waker) {
    if !slot.as_ref().is_some_and(|kept| kept.will_wake(waker)) {
        *slot = Some(waker.clone());
    }
}

/// Cuts a control frame's payload to what RFC 6455 allows (browsers close
/// the connection on a longer one).
fn fit(message: Message) -> Message {
    match message {
        Message::Close(Some(mut reason)) => {
            if let Some(description) = reason.description.as_mut() {
                // Two bytes of the payload are the code.
                let mut end = (MAX_CONTROL - 2).min(description.len());
                while !description.is_char_boundary(end) {
                    end -= 1;
                }
                description.truncate(end);
            }
            Message::Close(Some(reason))
        }
        Message::Ping(bytes) if bytes.len() > MAX_CONTROL => Message::Ping(bytes.slice(..MAX_CONTROL)),
        Message::Pong(bytes) if bytes.len() > MAX_CONTROL => Message::Pong(bytes.slice(..MAX_CONTROL)),
        other => other,
    }
}

#[cfg(test)]
mod tests;
