//! The outbox against real loopback sockets.

use super::*;
use actix_codec::Decoder;
use actix_http::ws::Frame;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};

fn text(text: impl Into<bytestring::ByteString>) -> Message {
    Message::Text(text.into())
}

/// A connected pair of real sockets: the server's end (shared, as a
/// connection shares it) and the client's.
async fn sockets() -> (Socket, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
    let (server, _) = listener.accept().await.unwrap();
    (Rc::new(server), client)
}

/// Reads from the client's end until `count` frames arrived.
async fn frames(client: &mut TcpStream, count: usize) -> Vec<Frame> {
    // The client's side of the codec reads server frames (unmasked).
    let mut codec = Codec::new().client_mode().max_size(1 << 20);
    let mut buffer = BytesMut::new();
    let mut got = Vec::new();
    while got.len() < count {
        while let Some(frame) = codec.decode(&mut buffer).expect("a valid frame") {
            got.push(frame);
        }
        if got.len() < count {
            let n = client.read_buf(&mut buffer).await.unwrap();
            assert!(n > 0, "the socket closed after {} frames", got.len());
        }
    }
    got
}

async fn local<F: std::future::Future>(f: F) -> F::Output {
    tokio::task::LocalSet::new().run_until(f).await
}

#[tokio::test]
async fn queued_messages_reach_the_socket_in_order_as_websocket_frames() {
    local(async {
        let (server, mut client) = sockets().await;
        let outbox = Outbox::new();
        outbox.push(text("one")).unwrap();
        outbox.attach(server);
        outbox.push(Message::Binary(Bytes::from_static(b"two"))).unwrap();
        outbox.push(Message::Ping(Bytes::from(vec![b'p'; 300]))).unwrap();
        let got = frames(&mut client, 3).await;
        assert!(matches!(&got[0], Frame::Text(t) if &t[..] == b"one"), "queued before attach, sent first");
        assert!(matches!(&got[1], Frame::Binary(b) if &b[..] == b"two"));
        assert!(matches!(&got[2], Frame::Ping(p) if p.len() == MAX_CONTROL), "a ping is cut to 125 bytes");
        assert!(outbox.shared.borrow().out.capacity() == 0, "an idle queue keeps no buffer");
    })
    .await
}

#[tokio::test]
async fn frames_encoded_once_go_out_as_they_are_alone_or_behind_others() {
    local(async {
        let (server, mut client) = sockets().await;
        let outbox = Outbox::new();
        outbox.attach(server);
        let frame = encode_once(text("shared"));
        outbox.push_encoded(frame.clone()).unwrap();
        let got = frames(&mut client, 1).await;
        assert!(matches!(&got[0], Frame::Text(t) if &t[..] == b"shared"), "alone: written as it is");
        outbox.push(text("before")).unwrap();
        outbox.push_encoded(frame).unwrap();
        let got = frames(&mut client, 2).await;
        assert!(matches!(&got[0], Frame::Text(t) if &t[..] == b"before"));
        assert!(matches!(&got[1], Frame::Text(t) if &t[..] == b"shared"), "behind a message: in order");
    })
    .await
}

#[tokio::test]
async fn a_full_queue_refuses_until_the_socket_takes_it() {
    local(async {
        let (server, mut client) = sockets().await;
        let outbox = Outbox::new();
        for i in 0..CAPACITY {
            outbox.push(text(i.to_string())).unwrap();
        }
        assert!(matches!(outbox.push(text("over")), Err(Refused::Full(_))));
        outbox.attach(server);
        outbox.room().await;
        outbox.push(text("next")).unwrap();
        let got = frames(&mut client, CAPACITY + 1).await;
        assert!(matches!(&got[CAPACITY], Frame::Text(t) if &t[..] == b"next"));
    })
    .await
}

#[tokio::test]
async fn a_client_that_does_not_read_blocks_its_socket_and_gets_everything_once_it_reads() {
    local(async {
        let (server, mut client) = sockets().await;
        let outbox = Outbox::new();
        outbox.attach(server);
        let drive = outbox.clone();
        let driver = tokio::task::spawn_local(async move { drive.drive().await });
        // Large frames until the kernel's buffers are full and the
        // queue with them.
        let big = Bytes::from(vec![7u8; 64 * 1024]);
        let mut sent = 0;
        loop {
            match outbox.push(Message::Binary(big.clone())) {
                Ok(()) => sent += 1,
                Err(Refused::Full(_)) => break,
                Err(Refused::Closed) => panic!("the socket is open"),
            }
            tokio::task::yield_now().await;
            assert!(sent < 10_000, "the queue never filled");
        }
        assert!(outbox.shared.borrow().blocked, "the socket took no more");
        outbox.push(text("last")).unwrap_err();
        // The client reads: the socket has room again, then the queue.
        let reading = tokio::task::spawn_local(async move {
            let got = frames(&mut client, sent + 2).await;
            (got, client)
        });
        outbox.room().await;
        outbox.push(text("last")).unwrap();
        outbox.close(None).await.unwrap();
        let (got, _client) = reading.await.unwrap();
        assert!(got[..sent].iter().all(|f| matches!(f, Frame::Binary(b) if b.len() == big.len())));
        assert!(matches!(&got[sent], Frame::Text(t) if &t[..] == b"last"), "nothing lost, nothing reordered");
        assert!(matches!(&got[sent + 1], Frame::Close(None)));
        driver.await.unwrap();
        assert!(outbox.shared.borrow().finished, "the driver returns once the close frame is written");
    })
    .await
}

#[tokio::test]
async fn a_close_ends_the_queue_and_nothing_follows_it() {
    local(async {
        let (server, mut client) = sockets().await;
        let outbox = Outbox::new();
        outbox.attach(server);
        let long = "é".repeat(100);
        let reason = CloseReason { code: actix_ws::CloseCode::Away, description: Some(long) };
        outbox.push(Message::Close(Some(reason))).unwrap();
        assert!(matches!(outbox.push(text("late")), Err(Refused::Closed)));
        outbox.drive().await;
        let got = frames(&mut client, 1).await;
        let [Frame::Close(Some(reason))] = &got[..] else { panic!("one close frame, got {got:?}") };
        let description = reason.description.as_deref().unwrap();
        assert!(description.len() <= MAX_CONTROL - 2 && description.starts_with('é'), "cut on a character boundary");
    })
    .await
}

#[tokio::test]
async fn a_detached_queue_refuses() {
    local(async {
        let (server, _client) = sockets().await;
        let outbox = Outbox::new();
        outbox.attach(server);
        outbox.detach();
        assert!(matches!(outbox.push(text("gone")), Err(Refused::Closed)));
        assert!(outbox.shared.borrow().socket.is_none(), "the socket is let go");
    })
    .await
}
