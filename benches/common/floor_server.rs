//! The floor for the board's fan-out on this machine: a websocket broadcast
//! server with no framework at all — two event-loop threads (mio), the
//! handshake answered by hand, one pre-encoded frame written to every
//! socket with one `write` each. Whatever it costs is the kernel's and the
//! load client's share; no server on these cores can do with less.
//!
//! `POST /post/N` broadcasts frame N (answered `201 {"position":N}`); any
//! other request with a `Sec-WebSocket-Key` becomes a subscriber.

use std::io::{ErrorKind, Read, Write};
use std::sync::Arc;
use std::sync::mpsc;

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

const LISTENER: Token = Token(usize::MAX);
const WAKER: Token = Token(usize::MAX - 1);

/// What a worker thread is told.
enum Job {
    /// A new connection to serve.
    Connection(TcpStream),
    /// A frame for every subscriber.
    Frame(Arc<[u8]>),
}

struct Worker {
    jobs: mpsc::Sender<Job>,
    waker: Arc<Waker>,
}

impl Worker {
    fn send(&self, job: Job) {
        if self.jobs.send(job).is_ok() {
            let _ = self.waker.wake();
        }
    }
}

/// Serves on `port` until the process ends.
pub fn serve(port: u16) {
    let address = format!("127.0.0.1:{port}").parse().expect("an address");
    let mut listener = TcpListener::bind(address).expect("bind");
    let mut workers = Vec::new();
    let mut receivers = Vec::new();
    for _ in 0..2 {
        let poll = Poll::new().expect("a poll");
        let waker = Arc::new(Waker::new(poll.registry(), WAKER).expect("a waker"));
        let (jobs, receiver) = mpsc::channel();
        workers.push(Worker { jobs, waker });
        receivers.push((poll, receiver));
    }
    let workers = Arc::new(workers);
    for (poll, receiver) in receivers {
        let all = Arc::clone(&workers);
        std::thread::spawn(move || work(poll, &receiver, &all));
    }
    let mut poll = Poll::new().expect("a poll");
    poll.registry().register(&mut listener, LISTENER, Interest::READABLE).expect("register the listener");
    let mut events = Events::with_capacity(64);
    let mut next = 0;
    loop {
        if poll.poll(&mut events, None).is_err() {
            continue;
        }
        while let Ok((stream, _)) = listener.accept() {
            workers[next % workers.len()].send(Job::Connection(stream));
            next += 1;
        }
    }
}

struct Connection {
    stream: TcpStream,
    request: Vec<u8>,
    subscribed: bool,
}

fn work(mut poll: Poll, jobs: &mpsc::Receiver<Job>, workers: &[Worker]) {
    // Indexed by token; a closed connection leaves a hole.
    let mut connections: Vec<Option<Connection>> = Vec::new();
    let mut events = Events::with_capacity(1024);
    let mut chunk = vec![0u8; 16 << 10];
    loop {
        if poll.poll(&mut events, None).is_err() {
            continue;
        }
        for event in events.iter() {
            if event.token() == WAKER {
                continue;
            }
            let key = event.token().0;
            let Some(Some(connection)) = connections.get_mut(key) else { continue };
            let mut gone = false;
            loop {
                match connection.stream.read(&mut chunk) {
                    Ok(0) => {
                        gone = true;
                        break;
                    }
                    Ok(n) if !connection.subscribed => connection.request.extend_from_slice(&chunk[..n]),
                    // A subscriber's pongs and the like: nothing to do.
                    Ok(_) => {}
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(_) => {
                        gone = true;
                        break;
                    }
                }
            }
            if !gone && !connection.subscribed {
                gone = answer(connection, workers);
            }
            if gone && let Some(mut connection) = connections[key].take() {
                let _ = poll.registry().deregister(&mut connection.stream);
            }
        }
        while let Ok(job) = jobs.try_recv() {
            match job {
                Job::Connection(mut stream) => {
                    let token = Token(connections.len());
                    poll.registry().register(&mut stream, token, Interest::READABLE).expect("register");
                    connections.push(Some(Connection { stream, request: Vec::new(), subscribed: false }));
                }
                Job::Frame(frame) => {
                    for connection in connections.iter_mut().flatten().filter(|c| c.subscribed) {
                        // A subscriber whose buffer is full misses the frame:
                        // the load client counts it as not delivered.
                        let _ = connection.stream.write(&frame);
                    }
                }
            }
        }
    }
}

/// Answers a complete request: a post (broadcast, then close: true) or a
/// websocket handshake (the connection subscribes).
fn answer(connection: &mut Connection, workers: &[Worker]) -> bool {
    let Some(end) = connection.request.windows(4).position(|w| w == b"\r\n\r\n") else { return false };
    let head = String::from_utf8_lossy(&connection.request[..end]).into_owned();
    if let Some(path) = head.strip_prefix("POST /post/") {
        let position: u64 = path.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0);
        let frame: Arc<[u8]> = encode(post_frame(position).as_bytes()).into();
        for worker in workers {
            worker.send(Job::Frame(Arc::clone(&frame)));
        }
        let body = format!(r#"{{"position":{position}}}"#);
        let response =
            format!("HTTP/1.1 201 Created\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        let _ = connection.stream.write_all(response.as_bytes());
        return true;
    }
    let key = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim().eq_ignore_ascii_case("sec-websocket-key").then(|| value.trim().to_owned())
    });
    let Some(key) = key else { return true };
    let accept = actix_http::ws::hash_key(key.as_bytes());
    let response = format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {}\r\n\r\n",
        String::from_utf8_lossy(&accept)
    );
    let _ = connection.stream.write_all(response.as_bytes());
    connection.subscribed = true;
    connection.request = Vec::new();
    false
}

/// The JSON of post frame `position`, as the peers broadcast it (the
/// board's frames look alike).
pub fn post_frame(position: u64) -> String {
    format!(
        r#"{{"type":"post","position":{position},"op":"published","kind":"news","title":"zátěž","text":"","network":"tachov"}}"#
    )
}

/// An unmasked text frame (server to client).
fn encode(payload: &[u8]) -> Vec<u8> {
    let mut frame = vec![0x81];
    match payload.len() {
        n if n < 126 => frame.push(n as u8),
        n if n <= 0xffff => {
            frame.push(126);
            frame.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            frame.push(127);
            frame.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    frame.extend_from_slice(payload);
    frame
}
