//! The board under load, against the real binary on loopback:
//! `cargo bench --bench board_load` (`UZEL_BOARD_CLIENTS`, default 10,000;
//! `UZEL_BENCH_RUNS`, default 3). With `UZEL_BOARD_STORE` (a `postgres://`
//! address with `{db}` for the database, which each run creates) it runs the
//! board on PostgreSQL instead: one node, then two — posts made on one,
//! subscribers on the other (`benches/postgres.sh` does this).
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
#[path = "common/board_peer.rs"]
mod peer;
#[path = "common/pg.rs"]
mod pg;
#[path = "common/probe.rs"]
mod probe;

// The same allocator as the product, so the peer's memory compares.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use client::{Options, Ws};
use fanout_client::Receivers;
use peer::{peer_run, peer_server};
use probe::{cpu_seconds, env, http, position_of, rss_kib};

/// Posts measured one at a time for the fan-out latency.
const LATENCY_POSTS: u64 = 50;

/// `UZEL_BENCH_VERBOSE`: print each post's figures and when the latency
/// phase starts and ends.
fn verbose() -> bool {
    std::env::var_os("UZEL_BENCH_VERBOSE").is_some()
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

/// Where the board under test runs.
#[derive(Clone, Copy)]
enum Target<'a> {
    /// `uzel demo` on a data directory: one node.
    Dir,
    /// `uzel demo` on a fresh PostgreSQL database made from `template`
    /// (`{db}` in it names the database); with `second`, the subscribers
    /// are on a second node serving the same database, and the posts still
    /// go to the first.
    Postgres { template: &'a str, second: bool },
}

/// Starts `uzel {args} --listen …` and waits until it is ready.
async fn start_node(args: &[&str]) -> (Server, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_uzel"))
            .args(args)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(["--metrics-from", "127.0.0.1", "--log-level", "warn"])
            .stdout(Stdio::null())
            .spawn()
            .expect("uzel starts"),
    );
    for _ in 0..1200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok()
            && http(port, "GET", "/readyz", None, None).await.0 == 200
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (server, port)
}

/// The log position a node's read models have applied.
async fn applied(port: u16) -> u64 {
    let (_, ready) = http(port, "GET", "/readyz", None, None).await;
    serde_json::from_str::<serde_json::Value>(&ready).unwrap()["log_position"].as_u64().unwrap()
}

async fn board_run(n: usize, target: Target<'_>) -> Figures {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (first, port, second) = match target {
        Target::Dir => {
            let (server, port) = start_node(&["demo", "--data", data.to_str().unwrap()]).await;
            (server, port, None)
        }
        Target::Postgres { template, second } => {
            let url = pg::fresh_database(template).await;
            let (server, port) = start_node(&["demo", "--store", &url]).await;
            let other = if second { Some(start_node(&["serve", "--store", &url]).await) } else { None };
            (server, port, other)
        }
    };
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
    let head = applied(port).await;
    // The subscribers' node: the second if there is one, once it has
    // applied what the first has.
    let (watched, watched_port) = match &second {
        Some((server, other)) => {
            while applied(*other).await < head {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            (server.0.id(), *other)
        }
        None => (first.0.id(), port),
    };
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
    let figures = measure(watched, watched_port, &path, Some(&token), n, true, post).await;
    let (_, metrics) = http(port, "GET", "/metrics", None, None).await;
    commits(&metrics);
    drop(second);
    drop(first);
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
    if count.is_nan() {
        // A log that keeps no commit times (PostgreSQL).
        return;
    }
    let quick = value("uzel_log_commit_seconds_bucket{le=\"0.05\"}");
    println!(
        "  board server: {count} commits, {} over 50 ms, slowest {:.1} ms",
        count - quick,
        value("uzel_log_commit_seconds_max") * 1e3
    );
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
    let store = std::env::var("UZEL_BOARD_STORE").ok();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async move {
        let mut results: Vec<(&str, Vec<Figures>)> = Vec::new();
        for run in 1..=runs {
            let mut round: Vec<(&str, Figures)> = Vec::new();
            match store.as_deref() {
                // On PostgreSQL: one node, then posts on one node and the
                // subscribers on another.
                Some(template) => {
                    round.push(("one node", board_run(n, Target::Postgres { template, second: false }).await));
                    round.push(("two nodes", board_run(n, Target::Postgres { template, second: true }).await));
                }
                None => {
                    round.push(("board", board_run(n, Target::Dir).await));
                    round.push(("peer", peer_run(n, "UZEL_BOARD_PEER").await));
                    round.push(("floor", peer_run(n, "UZEL_BOARD_FLOOR").await));
                }
            }
            for (name, figures) in round {
                report(&format!("run {run} {name} ({n} subscribers)"), &figures);
                match results.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, all)) => all.push(figures),
                    None => results.push((name, vec![figures])),
                }
            }
        }
        summarise(runs, &results);
    });
}

/// The median of each figure over the runs.
fn summarise(runs: usize, results: &[(&str, Vec<Figures>)]) {
    let median = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v[v.len() / 2]
    };
    for (name, figures) in results {
        println!(
            "median of {runs} runs, {name}: {:.0} B per idle socket; p99 {:.1} ms; server processor time per post {:.1} ms; {:.0} deliveries/s",
            median(figures.iter().map(|f| f.per_socket_bytes as f64).collect()),
            median(figures.iter().map(|f| f.p99.as_secs_f64() * 1e3).collect()),
            median(figures.iter().map(|f| f.server_cpu_per_post.as_secs_f64() * 1e3).collect()),
            median(figures.iter().map(|f| f.deliveries_per_second).collect())
        );
    }
}
