//! The board under load, against the real binary on loopback:
//! `cargo bench --bench board_load` (`UZEL_BOARD_CLIENTS`, default 10,000;
//! `UZEL_BENCH_RUNS`, default 3).
//!
//! It starts `uzel demo`, signs in as a coordinator, opens N websocket
//! subscribers (filter: news), and measures
//! 1. memory per idle socket: the server's RSS before and after the
//!    subscribers connect, divided by N;
//! 2. fan-out latency: one post at a time, from the moment the HTTP write is
//!    sent to the moment each subscriber has the frame (p50, p99, max over
//!    N × 50 deliveries), with how long the writes themselves took (the
//!    durable commit: the board publishes only committed posts), and the
//!    processor time per post of the server and of this bench process
//!    (the load client) over those posts, from `/proc/<pid>/stat`;
//! 3. sustained deliveries per second: 8 writers post as fast as they can for
//!    a few seconds; deliveries counted across all subscribers.
//!
//! Next to it, in the same run, the peer: a bare actix-ws broadcast server
//! (the same runtime and websocket stack, no log, no board, no access
//! checks, one pre-encoded frame) with the same N subscribers, so the
//! board's own cost is the difference; and the floor: a broadcast server
//! with no framework (`common/floor_server.rs`: two event-loop threads, one
//! `write` per socket), what the kernel and the load client alone cost.
//! Client and servers share the
//! machine's cores; the receiving client is an event-loop thread
//! (`common/fanout_client.rs`; `UZEL_BENCH_CLIENT_THREADS`, default 1) so
//! that it takes as little of them as it can; with nothing to read it naps
//! (`UZEL_BENCH_CLIENT_NAP_US`, default 1,000; 0 waits in `epoll_wait`).
//! After each board run it prints how long the server's commits took (its
//! `/metrics`). `UZEL_BENCH_VERBOSE=1` prints every post's write time and
//! first, median and last delivery.

#[allow(dead_code)]
#[path = "../tests/api/board/client.rs"]
mod client;
#[path = "common/fanout_client.rs"]
mod fanout_client;
#[path = "common/floor_server.rs"]
mod floor_server;

// The same allocator as the product, so the peer's memory compares.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use client::{Options, Ws};
use fanout_client::Receivers;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Posts measured one at a time for the fan-out latency.
const LATENCY_POSTS: u64 = 50;

/// `UZEL_BENCH_VERBOSE`: print each post's figures and when the latency
/// phase starts and ends.
fn verbose() -> bool {
    std::env::var_os("UZEL_BENCH_VERBOSE").is_some()
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

async fn http(port: u16, method: &str, path: &str, token: Option<&str>, body: Option<&str>) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let body = body.unwrap_or("");
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}Content-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read");
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Processor time (user and system) a process has used so far, in
/// seconds: `/proc/<pid>/stat` counts it in ticks of 1/100 s.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name, which is in parentheses: the
    // state is the first; user time the twelfth, system time the 13th.
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn position_of(text: &str) -> Option<u64> {
    let at = text.find("\"position\":")? + "\"position\":".len();
    let digits: String = text[at..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Opens `n` subscribers at `path` (with the async test client), then hands
/// their sockets to the event-loop receivers, one thread per core.
async fn subscribe(port: u16, path: &str, token: Option<&str>, n: usize, board: bool) -> Receivers {
    let address = format!("127.0.0.1:{port}");
    let mut sockets = Vec::with_capacity(n);
    while sockets.len() < n {
        let batch = (n - sockets.len()).min(250);
        let mut tasks = Vec::new();
        for _ in 0..batch {
            let address = address.clone();
            let path = path.to_owned();
            let headers = token.map(|t| vec![("Authorization", format!("Bearer {t}"))]).unwrap_or_default();
            tasks.push(tokio::spawn(async move {
                let options = Options { headers, ..Options::default() };
                let mut ws = Ws::connect(&address, &path, options).await.expect("a socket");
                if board {
                    // welcome, subscribed, live
                    ws.until("live", 30).await;
                }
                let (stream, rest) = ws.into_parts();
                (stream.into_std().expect("a std socket"), rest)
            }));
        }
        for task in tasks {
            sockets.push(task.await.expect("connect task"));
        }
    }
    fanout_client::start(sockets, env("UZEL_BENCH_CLIENT_THREADS", 1))
}

async fn wait_for(counter: &AtomicU64, target: u64, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while counter.load(Ordering::Relaxed) < target {
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    true
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

struct Figures {
    per_socket_bytes: u64,
    p50: Duration,
    p99: Duration,
    max: Duration,
    /// How long the writes took (HTTP POST to its answer: the durable commit).
    write_p50: Duration,
    write_max: Duration,
    /// Processor time per post in the latency phase: the server's, and the
    /// bench process's (the load client, and the writer of the posts).
    server_cpu_per_post: Duration,
    client_cpu_per_post: Duration,
    deliveries_per_second: f64,
    closed: u64,
}

/// A post over HTTP (the board) or a broadcast (the peer): returns its
/// position.
type Poster = Arc<dyn Fn(u64) -> std::pin::Pin<Box<dyn std::future::Future<Output = u64> + Send>> + Send + Sync>;

async fn measure(
    server_pid: u32,
    port: u16,
    path: &str,
    token: Option<&str>,
    n: usize,
    board: bool,
    post: Poster,
) -> Figures {
    let rss_before = rss_kib(server_pid);
    let subscribers = subscribe(port, path, token, n, board).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_after = rss_kib(server_pid);
    let per_socket_bytes = rss_after.saturating_sub(rss_before) * 1024 / n as u64;
    // Latency: one post at a time.
    if verbose() {
        // The monotonic clock, to match with `perf record -k CLOCK_MONOTONIC`.
        eprintln!("latency phase starts {:?}", Instant::now());
    }
    let mut sent = Vec::new();
    let mut writes = Vec::new();
    let cpu_before = (cpu_seconds(server_pid), cpu_seconds(std::process::id()));
    for i in 0..LATENCY_POSTS {
        let target = subscribers.delivered.load(Ordering::Relaxed) + n as u64;
        let start = Instant::now();
        let position = post(i).await;
        writes.push(start.elapsed());
        sent.push((position, start));
        if !wait_for(&subscribers.delivered, target, Duration::from_secs(30)).await {
            eprintln!("post {i}: not every subscriber got it within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let per_post = |before: f64, after: f64| Duration::from_secs_f64((after - before).max(0.0) / LATENCY_POSTS as f64);
    let server_cpu_per_post = per_post(cpu_before.0, cpu_seconds(server_pid));
    let client_cpu_per_post = per_post(cpu_before.1, cpu_seconds(std::process::id()));
    // Each post's deliveries, by position.
    let index: std::collections::HashMap<u64, usize> = sent.iter().enumerate().map(|(i, (p, _))| (*p, i)).collect();
    let mut per_post: Vec<Vec<Duration>> = vec![Vec::new(); sent.len()];
    for seen in &subscribers.seen {
        for (position, at) in seen.lock().unwrap().iter() {
            if let Some(&i) = index.get(position) {
                per_post[i].push(at.duration_since(sent[i].1));
            }
        }
    }
    if verbose() {
        eprintln!("latency phase ends {:?}", Instant::now());
        for (i, mine) in per_post.iter_mut().enumerate() {
            mine.sort();
            let ms = |d: Duration| d.as_secs_f64() * 1e3;
            eprintln!(
                "post {i}: write {:.1} ms; first {:.1}, p50 {:.1}, last {:.1} ms",
                ms(writes[i]),
                ms(mine.first().copied().unwrap_or_default()),
                ms(percentile(mine, 0.5)),
                ms(mine.last().copied().unwrap_or_default())
            );
        }
    }
    let mut latencies = per_post.concat();
    latencies.sort();
    writes.sort();
    // Sustained: 8 writers, as fast as they can, for 5 s.
    let before = subscribers.delivered.load(Ordering::Relaxed);
    let posted = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let mut writers = Vec::new();
    for w in 0..8u64 {
        let post = Arc::clone(&post);
        let posted = Arc::clone(&posted);
        writers.push(tokio::spawn(async move {
            let mut i = 0;
            while start.elapsed() < Duration::from_secs(5) {
                post(1_000_000 * (w + 1) + i).await;
                posted.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
        }));
    }
    for writer in writers {
        writer.await.expect("a writer");
    }
    let target = before + posted.load(Ordering::Relaxed) * n as u64;
    let complete = wait_for(&subscribers.delivered, target, Duration::from_secs(120)).await;
    let elapsed = start.elapsed().as_secs_f64();
    let deliveries = subscribers.delivered.load(Ordering::Relaxed) - before;
    let closed = subscribers.closed.load(Ordering::Relaxed);
    let counts = subscribers.finish();
    let metrics = if board && (verbose() || !complete) {
        http(port, "GET", "/metrics", None, None).await.1
    } else {
        String::new()
    };
    if board && verbose() {
        let lagged = metrics.lines().find(|l| l.starts_with("uzel_board_lagged_total"));
        eprintln!("{}", lagged.unwrap_or("uzel_board_lagged_total missing"));
    }
    if !complete {
        let expected = LATENCY_POSTS + posted.load(Ordering::Relaxed);
        let short = counts.iter().filter(|&&c| c < expected).count();
        let over = counts.iter().filter(|&&c| c > expected).count();
        eprintln!(
            "not every post reached every subscriber: {short} sockets got fewer than {expected} posts, {over} more (fewest {:?}, most {:?})",
            counts.iter().min(),
            counts.iter().max()
        );
        if board {
            eprintln!(
                "{}",
                metrics
                    .lines()
                    .filter(|l| l.starts_with("uzel_board") || l.starts_with("uzel_log_p"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
    Figures {
        per_socket_bytes,
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
        max: latencies.last().copied().unwrap_or_default(),
        write_p50: percentile(&writes, 0.5),
        write_max: writes.last().copied().unwrap_or_default(),
        server_cpu_per_post,
        client_cpu_per_post,
        deliveries_per_second: deliveries as f64 / elapsed,
        closed,
    }
}

fn report(name: &str, f: &Figures) {
    println!(
        "{name}: {} B per idle socket; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (write p50 {:.1} ms, max {:.1} ms); processor time per post: server {:.1} ms, client {:.1} ms; {:.0} deliveries/s; {} closed",
        f.per_socket_bytes,
        f.p50.as_secs_f64() * 1e3,
        f.p99.as_secs_f64() * 1e3,
        f.max.as_secs_f64() * 1e3,
        f.write_p50.as_secs_f64() * 1e3,
        f.write_max.as_secs_f64() * 1e3,
        f.server_cpu_per_post.as_secs_f64() * 1e3,
        f.client_cpu_per_post.as_secs_f64() * 1e3,
        f.deliveries_per_second,
        f.closed
    );
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn board_run(n: usize) -> Figures {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_uzel"))
            .args(["demo", "--data"])
            .arg(dir.path().join("data"))
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(["--metrics-from", "127.0.0.1", "--log-level", "warn"])
            .stdout(Stdio::null())
            .spawn()
            .expect("uzel starts"),
    );
    for _ in 0..600 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok()
            && http(port, "GET", "/readyz", None, None).await.0 == 200
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (status, body) = http(
        port,
        "POST",
        "/api/v1/auth/token",
        None,
        Some(r#"{"username": "tachov.koordinator", "password": "demo", "name": "bench"}"#),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let token: String = serde_json::from_str::<serde_json::Value>(&body).unwrap()["token"].as_str().unwrap().to_owned();
    let (_, ready) = http(port, "GET", "/readyz", None, None).await;
    let head = serde_json::from_str::<serde_json::Value>(&ready).unwrap()["log_position"].as_u64().unwrap();
    let poster_token = token.clone();
    let post: Poster = Arc::new(move |i| {
        let token = poster_token.clone();
        Box::pin(async move {
            let body = format!(r#"{{"kind": "news", "title": "zátěž {i}"}}"#);
            let (status, answer) =
                http(port, "POST", "/api/v1/networks/tachov/board/posts", Some(&token), Some(&body)).await;
            assert_eq!(status, 201, "{answer}");
            position_of(&answer).expect("a position")
        })
    });
    let path = format!("/api/v1/board/ws?from={head}&kinds=news");
    let figures = measure(server.0.id(), port, &path, Some(&token), n, true, post).await;
    let (_, metrics) = http(port, "GET", "/metrics", None, None).await;
    commits(&metrics);
    drop(server);
    figures
}

/// Prints how long the server's commits took over the whole run (from its
/// `/metrics`): a post reaches no subscriber before its commit is durable,
/// so a slow disk flush shows in the latency.
fn commits(metrics: &str) {
    let value = |name: &str| {
        metrics.lines().find_map(|line| line.strip_prefix(name)?.trim().parse::<f64>().ok()).unwrap_or(f64::NAN)
    };
    let count = value("uzel_log_commit_seconds_count");
    let quick = value("uzel_log_commit_seconds_bucket{le=\"0.05\"}");
    println!(
        "  board server: {count} commits, {} over 50 ms, slowest {:.1} ms",
        count - quick,
        value("uzel_log_commit_seconds_max") * 1e3
    );
}

/// The peer: a bare actix-ws broadcast server in a child process of this
/// bench (`UZEL_BOARD_PEER=port`).
fn peer_server(port: u16) {
    use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
    type Tx = web::Data<tokio::sync::broadcast::Sender<bytestring::ByteString>>;
    async fn ws(req: HttpRequest, body: web::Payload, tx: Tx) -> actix_web::Result<HttpResponse> {
        let (response, mut session, _stream) = actix_ws::handle(&req, body)?;
        let mut rx = tx.subscribe();
        actix_web::rt::spawn(async move {
            while let Ok(frame) = rx.recv().await {
                if session.text(frame).await.is_err() {
                    return;
                }
            }
        });
        Ok(response)
    }
    async fn post(tx: Tx, path: web::Path<u64>) -> HttpResponse {
        let position = path.into_inner();
        let _ = tx.send(floor_server::post_frame(position).into());
        HttpResponse::Created().body(format!(r#"{{"position":{position}}}"#))
    }
    let (tx, _) = tokio::sync::broadcast::channel::<bytestring::ByteString>(4096);
    let tx = web::Data::new(tx);
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            App::new().app_data(tx.clone()).route("/ws", web::get().to(ws)).route("/post/{n}", web::post().to(post))
        })
        .workers(2)
        .bind(("127.0.0.1", port))
        .expect("bind")
        .run()
        .await
        .expect("peer runs");
    });
}

/// A peer in a child process of this bench: the bare actix-ws server
/// (`UZEL_BOARD_PEER=port`) or the floor (`UZEL_BOARD_FLOOR=port`).
async fn peer_run(n: usize, variable: &str) -> Figures {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let server = Server(
        Command::new(std::env::current_exe().unwrap())
            .env(variable, port.to_string())
            .stdout(Stdio::null())
            .spawn()
            .expect("the peer starts"),
    );
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let counter = Arc::new(AtomicU64::new(1));
    let post: Poster = Arc::new(move |_| {
        let counter = Arc::clone(&counter);
        Box::pin(async move {
            let position = counter.fetch_add(1, Ordering::Relaxed);
            http(port, "POST", &format!("/post/{position}"), None, None).await;
            position
        })
    });
    let figures = measure(server.0.id(), port, "/ws", None, n, false, post).await;
    drop(server);
    figures
}

fn main() {
    if let Ok(port) = std::env::var("UZEL_BOARD_PEER") {
        peer_server(port.parse().expect("a port"));
        return;
    }
    if let Ok(port) = std::env::var("UZEL_BOARD_FLOOR") {
        floor_server::serve(port.parse().expect("a port"));
        return;
    }
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let n = env("UZEL_BOARD_CLIENTS", 10_000);
    let runs = env("UZEL_BENCH_RUNS", 3);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async move {
        let mut board = Vec::new();
        let mut peer = Vec::new();
        let mut floor = Vec::new();
        for run in 1..=runs {
            let b = board_run(n).await;
            report(&format!("run {run} board ({n} subscribers)"), &b);
            let p = peer_run(n, "UZEL_BOARD_PEER").await;
            report(&format!("run {run} peer, bare actix-ws broadcast ({n} subscribers)"), &p);
            let f = peer_run(n, "UZEL_BOARD_FLOOR").await;
            report(&format!("run {run} floor, no framework ({n} subscribers)"), &f);
            board.push(b);
            peer.push(p);
            floor.push(f);
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(|a, b| a.partial_cmp(b).unwrap());
            v[v.len() / 2]
        };
        for (name, figures) in [("board", &board), ("peer", &peer), ("floor", &floor)] {
            let mut memory: Vec<f64> = figures.iter().map(|f| f.per_socket_bytes as f64).collect();
            let mut p99: Vec<f64> = figures.iter().map(|f| f.p99.as_secs_f64() * 1e3).collect();
            let mut rate: Vec<f64> = figures.iter().map(|f| f.deliveries_per_second).collect();
            let mut cpu: Vec<f64> = figures.iter().map(|f| f.server_cpu_per_post.as_secs_f64() * 1e3).collect();
            println!(
                "median of {runs} runs, {name}: {:.0} B per idle socket; p99 {:.1} ms; server processor time per post {:.1} ms; {:.0} deliveries/s",
                median(&mut memory),
                median(&mut p99),
                median(&mut cpu),
                median(&mut rate)
            );
        }
    });
}
