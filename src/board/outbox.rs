//! A websocket connection's outgoing queue and the response body that
//! drains it, both on the connection's server thread.
//!
//! actix-ws hands a connection a `Session` that sends through a
//! thread-safe channel to the response body; a connection task and its
//! body always run on the same thread, so here they share one queue
//! without atomics or locks, and a send that finds room costs no
//! allocation and no waiting. The queue is bounded ([`CAPACITY`]): a
//! connection whose client does not read waits for room, and the socket
//! decides how long (the slow-client limit).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use actix_codec::Encoder;
use actix_http::ws::{Codec, Message, ProtocolError};
use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::web::{Bytes, BytesMut};
use actix_ws::CloseReason;

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

#[derive(Default)]
struct Shared {
    queue: VecDeque<Message>,
    /// The body, waiting for messages.
    body: Option<Waker>,
    /// The connection, waiting for room.
    room: Option<Waker>,
    /// The body is gone, or a close frame was queued.
    closed: bool,
}

/// The connection's end: queues messages for its socket.
#[derive(Clone)]
pub struct Outbox {
    shared: Rc<RefCell<Shared>>,
}

/// The response body's end: encodes queued messages as websocket frames.
pub struct Body {
    shared: Rc<RefCell<Shared>>,
    codec: Codec,
    /// Ended after a close frame.
    done: bool,
    /// The body actix-ws made for this response, kept unread: dropping it
    /// tells the incoming message stream that the connection is gone.
    _handshake: BoxBody,
}

/// A connected pair; `handshake` is the body the websocket handshake
/// produced, dropped together with the new one.
pub fn pair(handshake: BoxBody) -> (Outbox, Body) {
    let shared = Rc::new(RefCell::new(Shared::default()));
    let body = Body { shared: Rc::clone(&shared), codec: Codec::new(), done: false, _handshake: handshake };
    (Outbox { shared }, body)
}

impl Outbox {
    /// Queues `message` for the socket, if there is room.
    pub fn push(&self, message: Message) -> Result<(), Refused> {
        let mut shared = self.shared.borrow_mut();
        if shared.closed {
            return Err(Refused::Closed);
        }
        if shared.queue.len() >= CAPACITY {
            return Err(Refused::Full(message));
        }
        if matches!(message, Message::Close(_)) {
            shared.closed = true;
        }
        shared.queue.push_back(message);
        if let Some(body) = shared.body.take() {
            body.wake();
        }
        Ok(())
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

impl MessageBody for Body {
    type Error = ProtocolError;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let mut shared = this.shared.borrow_mut();
        if shared.queue.is_empty() {
            keep(&mut shared.body, cx.waker());
            return Poll::Pending;
        }
        let mut buffer = BytesMut::new();
        while let Some(message) = shared.queue.pop_front() {
            let close = matches!(message, Message::Close(_));
            this.codec.encode(fit(message), &mut buffer)?;
            if close {
                this.done = true;
                shared.queue.clear();
                break;
            }
        }
        if let Some(room) = shared.room.take() {
            room.wake();
        }
        Poll::Ready(Some(Ok(buffer.freeze())))
    }
}

impl Drop for Body {
    fn drop(&mut self) {
        let mut shared = self.shared.borrow_mut();
        shared.closed = true;
        shared.queue.clear();
        if let Some(room) = shared.room.take() {
            room.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_codec::Decoder;
    use actix_http::ws::Frame;
    use actix_web::body::MessageBody;

    fn text(text: impl Into<bytestring::ByteString>) -> Message {
        Message::Text(text.into())
    }

    fn body_bytes(body: &mut Body) -> Poll<Option<Bytes>> {
        let waker = Waker::noop();
        let mut cx = Context::from_waker(waker);
        Pin::new(body).poll_next(&mut cx).map(|b| b.map(|r| r.expect("encodes")))
    }

    fn frames(bytes: Bytes) -> Vec<Frame> {
        // The client's side of the codec reads server frames (unmasked).
        let mut codec = Codec::new().client_mode();
        let mut buffer = BytesMut::from(&bytes[..]);
        std::iter::from_fn(|| codec.decode(&mut buffer).expect("a valid frame")).collect()
    }

    #[test]
    fn queued_messages_leave_in_order_as_websocket_frames() {
        let (outbox, mut body) = pair(BoxBody::new(()));
        assert!(body_bytes(&mut body).is_pending(), "nothing queued yet");
        outbox.push(text("one")).unwrap();
        outbox.push(Message::Binary(Bytes::from_static(b"two"))).unwrap();
        outbox.push(Message::Ping(Bytes::from(vec![b'p'; 300]))).unwrap();
        let Poll::Ready(Some(bytes)) = body_bytes(&mut body) else { panic!("frames ready") };
        let got = frames(bytes);
        assert_eq!(got.len(), 3);
        assert!(matches!(&got[0], Frame::Text(t) if &t[..] == b"one"));
        assert!(matches!(&got[1], Frame::Binary(b) if &b[..] == b"two"));
        assert!(matches!(&got[2], Frame::Ping(p) if p.len() == MAX_CONTROL), "a ping is cut to 125 bytes");
    }

    #[tokio::test]
    async fn a_full_queue_refuses_until_the_body_drains_it() {
        let (outbox, mut body) = pair(BoxBody::new(()));
        for i in 0..CAPACITY {
            outbox.push(text(i.to_string())).unwrap();
        }
        assert!(matches!(outbox.push(text("over")), Err(Refused::Full(_))));
        let waiting = outbox.room();
        let mut waiting = std::pin::pin!(waiting);
        assert!(futures_poll(waiting.as_mut()).is_pending(), "no room yet");
        assert!(body_bytes(&mut body).is_ready());
        assert!(futures_poll(waiting.as_mut()).is_ready(), "room after the body took the queue");
        outbox.push(text("next")).unwrap();
    }

    #[test]
    fn a_close_ends_the_body_and_nothing_follows_it() {
        let (outbox, mut body) = pair(BoxBody::new(()));
        let long = "é".repeat(100);
        let reason = CloseReason { code: actix_ws::CloseCode::Away, description: Some(long) };
        outbox.push(Message::Close(Some(reason))).unwrap();
        assert!(matches!(outbox.push(text("late")), Err(Refused::Closed)));
        let Poll::Ready(Some(bytes)) = body_bytes(&mut body) else { panic!("the close frame") };
        let got = frames(bytes);
        let [Frame::Close(Some(reason))] = &got[..] else { panic!("one close frame, got {got:?}") };
        let description = reason.description.as_deref().unwrap();
        assert!(description.len() <= MAX_CONTROL - 2 && description.starts_with('é'), "cut on a character boundary");
        assert!(matches!(body_bytes(&mut body), Poll::Ready(None)), "the body ends after the close");
    }

    #[test]
    fn a_dropped_body_closes_the_outbox() {
        let (outbox, body) = pair(BoxBody::new(()));
        drop(body);
        assert!(matches!(outbox.push(text("gone")), Err(Refused::Closed)));
    }

    fn futures_poll<F: std::future::Future>(future: Pin<&mut F>) -> Poll<F::Output> {
        let mut cx = Context::from_waker(Waker::noop());
        future.poll(&mut cx)
    }
}
