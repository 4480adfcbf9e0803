//! The board benchmark's receiving side: a few event-loop threads (mio), each
//! reading its share of the subscribers' sockets, so that on a machine where
//! client and server share the cores the client takes as little of them as
//! it can (a task per socket on an async runtime cost the server about a
//! quarter of the machine). Sockets are opened and subscribed beforehand
//! (with the async test client) and handed over here.
//!
//! Each thread records, for every post frame, its position and when it was
//! read; it answers pings (the server closes sockets that stay silent) and
//! counts sockets the server closed.

use std::io::{ErrorKind, Read, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token};

/// (position, when read) of every post frame a thread's sockets received.
pub type Seen = Arc<Mutex<Vec<(u64, Instant)>>>;

/// The running client.
pub struct Receivers {
    /// Post frames received, across all sockets.
    pub delivered: Arc<AtomicU64>,
    /// Sockets the server closed (or that failed).
    pub closed: Arc<AtomicU64>,
    /// What each thread saw.
    pub seen: Vec<Seen>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<Vec<u64>>>,
}

impl Receivers {
    /// Stops the threads; how many post frames each socket received.
    pub fn finish(mut self) -> Vec<u64> {
        self.stop.store(true, Ordering::Relaxed);
        self.threads.drain(..).flat_map(|t| t.join().unwrap_or_default()).collect()
    }
}

impl Drop for Receivers {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

struct Socket {
    stream: TcpStream,
    buffer: Vec<u8>,
    open: bool,
    /// Post frames received.
    count: u64,
}

/// Starts `threads` event loops over `sockets` (each a connected, subscribed
/// websocket and the bytes already read past its handshake).
pub fn start(sockets: Vec<(std::net::TcpStream, Vec<u8>)>, threads: usize) -> Receivers {
    let delivered = Arc::new(AtomicU64::new(0));
    let closed = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut shards: Vec<Vec<Socket>> = (0..threads.max(1)).map(|_| Vec::new()).collect();
    let count = shards.len();
    for (i, (stream, buffer)) in sockets.into_iter().enumerate() {
        stream.set_nonblocking(true).expect("a non-blocking socket");
        shards[i % count].push(Socket { stream: TcpStream::from_std(stream), buffer, open: true, count: 0 });
    }
    let mut seen = Vec::new();
    let mut handles = Vec::new();
    for shard in shards {
        let mine: Seen = Arc::default();
        seen.push(Arc::clone(&mine));
        let (delivered, closed, stop) = (Arc::clone(&delivered), Arc::clone(&closed), Arc::clone(&stop));
        handles.push(std::thread::spawn(move || run(shard, &mine, &delivered, &closed, &stop)));
    }
    Receivers { delivered, closed, seen, stop, threads: handles }
}

fn run(
    mut sockets: Vec<Socket>,
    seen: &Seen,
    delivered: &AtomicU64,
    closed: &AtomicU64,
    stop: &AtomicBool,
) -> Vec<u64> {
    let mut poll = Poll::new().expect("a poll");
    for (i, socket) in sockets.iter_mut().enumerate() {
        poll.registry().register(&mut socket.stream, Token(i), Interest::READABLE).expect("register a socket");
    }
    let mut events = Events::with_capacity(1024);
    let mut chunk = vec![0u8; 64 << 10];
    let mut found = Vec::new();
    // Bytes read before the hand-over may hold frames already.
    let pending: Vec<usize> = (0..sockets.len()).filter(|&i| !sockets[i].buffer.is_empty()).collect();
    let now = Instant::now();
    for i in pending {
        frames(&mut sockets[i], now, &mut found, closed);
    }
    let nap = nap();
    while !stop.load(Ordering::Relaxed) {
        let wait = if nap.is_some() { Some(Duration::ZERO) } else { Some(Duration::from_millis(100)) };
        if poll.poll(&mut events, wait).is_err() {
            continue;
        }
        if events.is_empty() {
            if let Some(nap) = nap {
                std::thread::sleep(nap);
            }
            continue;
        }
        for event in events.iter() {
            let socket = &mut sockets[event.token().0];
            if !socket.open {
                continue;
            }
            loop {
                match socket.stream.read(&mut chunk) {
                    Ok(0) => {
                        socket.open = false;
                        closed.fetch_add(1, Ordering::Relaxed);
                        break;
                    }
                    Ok(n) => {
                        socket.buffer.extend_from_slice(&chunk[..n]);
                        frames(socket, Instant::now(), &mut found, closed);
                        // A short read drained the socket; data arriving later
                        // raises a new (edge-triggered) event. This saves a
                        // read that would only say "would block".
                        if n < chunk.len() {
                            break;
                        }
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(_) => {
                        socket.open = false;
                        closed.fetch_add(1, Ordering::Relaxed);
                        break;
                    }
                }
            }
        }
        if !found.is_empty() {
            delivered.fetch_add(found.len() as u64, Ordering::Relaxed);
            seen.lock().unwrap().append(&mut found);
        }
    }
    sockets.iter().map(|s| s.count).collect()
}

/// `UZEL_BENCH_CLIENT_NAP_US` (default 1,000; 0: wait in `epoll_wait`):
/// how long a thread with nothing to read sleeps before it looks again.
/// On loopback, waking a receiver that waits in `epoll_wait` is work done
/// inside the *server's* send (an inter-processor interrupt, on a virtual
/// machine an exit to the host): about a tenth of the server's time in a
/// fan-out. Clients on other machines cost the server nothing of the
/// kind. A frame is stamped when it is read, so the nap can only make
/// the measured latency longer, by at most its length.
fn nap() -> Option<Duration> {
    let us: u64 = std::env::var("UZEL_BENCH_CLIENT_NAP_US").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000);
    (us > 0).then(|| Duration::from_micros(us))
}

/// Takes the complete frames out of the socket's buffer: a post frame's
/// position goes to `found` with the time it was read (`at`), a ping is
/// answered, a close ends the socket.
fn frames(socket: &mut Socket, at: Instant, found: &mut Vec<(u64, Instant)>, closed: &AtomicU64) {
    let mut start = 0;
    loop {
        let b = &socket.buffer[start..];
        if b.len() < 2 {
            break;
        }
        let (length, header) = match b[1] & 0x7f {
            126 if b.len() >= 4 => (u16::from_be_bytes([b[2], b[3]]) as usize, 4),
            127 if b.len() >= 10 => (u64::from_be_bytes(b[2..10].try_into().unwrap()) as usize, 10),
            126 | 127 => break,
            n => (n as usize, 2),
        };
        if b.len() < header + length {
            break;
        }
        let payload = &b[header..header + length];
        match b[0] & 0x0f {
            1 | 2 => {
                if let Some(position) = position_of(payload) {
                    found.push((position, at));
                    socket.count += 1;
                }
            }
            9 => pong(&mut socket.stream, payload),
            8 => {
                socket.open = false;
                closed.fetch_add(1, Ordering::Relaxed);
            }
            _ => {}
        }
        start += header + length;
    }
    socket.buffer.drain(..start);
}

/// The `"position":N` of a post frame (not of the other frame types).
fn position_of(payload: &[u8]) -> Option<u64> {
    const TYPE: &[u8] = b"\"type\":\"post\"";
    const KEY: &[u8] = b"\"position\":";
    payload.windows(TYPE.len()).position(|w| w == TYPE)?;
    let at = payload.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    let digits = payload[at..].iter().take_while(|b| b.is_ascii_digit());
    Some(digits.fold(0, |n, d| n * 10 + u64::from(d - b'0')))
}

/// Answers a ping (masked, as clients must); a pong that does not fit in the
/// socket's buffer now is skipped (the server only needs to hear something).
fn pong(stream: &mut TcpStream, payload: &[u8]) {
    let mask = [0x37u8, 0xfa, 0x21, 0x3d];
    let mut frame = vec![0x8a, 0x80 | payload.len() as u8];
    frame.extend_from_slice(&mask);
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    let _ = stream.write(&frame);
}
