//! Faults under load, with real uzel nodes and 32 HTTP writers posting on
//! the board through two of them:
//!
//! - PostgreSQL goes away and comes back (a cluster of this test's own,
//!   stopped as a crash would stop it, `pg_ctl -m immediate`, and started
//!   again). Meanwhile writes answer 503 with `Retry-After`, reads keep
//!   being answered, the board closes its sockets with 1013 and refuses new
//!   ones; afterwards both nodes write again without a restart, every
//!   acknowledged post is on both, and a subscriber resumes from where it
//!   was.
//! - A node is killed (`kill -9`): every post it acknowledged is on the
//!   nodes that remain and on one started afterwards.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::board::client::{Msg, Options, Ws};
use crate::postgres_nodes::{Node, node, send, session_cookie};
use crate::postgres_server::own_server;

/// What the writers saw.
#[derive(Default)]
struct Seen {
    /// Titles acknowledged (201), with their positions.
    acknowledged: Vec<(String, u64)>,
    /// 503 answers, and whether each carried `Retry-After`.
    unavailable: Vec<bool>,
    /// Any other status.
    other: Vec<(u16, String)>,
}

/// Posts news on `node` as `writer` until `stop`, recording every answer.
async fn write_until(
    node: Arc<String>,
    bearer: Arc<String>,
    writer: usize,
    stop: Arc<Mutex<bool>>,
    seen: Arc<Mutex<Seen>>,
) {
    let client = awc::Client::builder().timeout(Duration::from_secs(30)).finish();
    let mut n = 0;
    while !*stop.lock().unwrap() {
        n += 1;
        let title = format!("w{writer}-{n}");
        let sent = client
            .post(format!("http://{node}/api/v1/networks/tachov/board/posts"))
            .insert_header(("Authorization", bearer.as_str()))
            .send_json(&json!({"kind": "news", "title": title}))
            .await;
        let Ok(mut response) = sent else {
            // Not answered: neither acknowledged nor refused.
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let status = response.status().as_u16();
        let retry_after = response.headers().contains_key("retry-after");
        let body: Value = response.json().limit(1 << 20).await.unwrap_or(Value::Null);
        {
            let mut seen = seen.lock().unwrap();
            match status {
                201 => seen.acknowledged.push((title, body["position"].as_u64().expect("a position"))),
                503 => seen.unavailable.push(retry_after),
                _ => seen.other.push((status, body.to_string())),
            }
        }
        if status == 503 {
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The writer a title came from (`w{writer}-{n}`).
fn writer_of(title: &str) -> usize {
    title[1..].split('-').next().and_then(|w| w.parse().ok()).expect("a writer's title")
}

/// Every news title on the board after position `after`, read on `node`
/// once it has applied `min_position`, page by page up to the head.
pub async fn titles(node: &Node, bearer: &str, after: u64, min_position: u64) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut from = after;
    loop {
        let path = format!("/api/v1/board/posts?kinds=news&from={from}&limit=1000&min_position={min_position}");
        let (status, page) = send(node, "GET", &path, &[("Authorization", bearer)], None).await;
        assert_eq!(status, 200, "{page}");
        let frames = page["frames"].as_array().expect("frames");
        found.extend(
            frames.iter().filter(|f| f["type"] == "post").filter_map(|f| f["title"].as_str().map(str::to_owned)),
        );
        let (position, head) = (page["position"].as_u64().unwrap(), page["head"].as_u64().unwrap());
        if position >= head || position == from {
            return found;
        }
        from = position;
    }
}

/// Waits up to `seconds` for `done` to hold, checking every 100 ms.
async fn eventually(seconds: u64, what: &str, mut done: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while !done().await {
        assert!(started.elapsed() < Duration::from_secs(seconds), "{what} within {seconds} s");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Nodes A and B on the database at `url` (`postgres_nodes::two_nodes`),
/// a coordinator's bearer token, and the log's head before any load.
async fn two_nodes(url: &str, name: &str) -> (Node, Node, String, u64) {
    let (a, b, bearer) = crate::postgres_nodes::two_nodes(url, name).await;
    let (_, head) = send(&a, "GET", "/api/v1/board/posts?limit=1", &[("Authorization", bearer.as_str())], None).await;
    (a, b, bearer, head["head"].as_u64().expect("the log's head"))
}

/// 32 writers posting until stopped, even ones on A and odd ones on B.
struct Load {
    stop: Arc<Mutex<bool>>,
    seen: Arc<Mutex<Seen>>,
    writers: Vec<actix_web::rt::task::JoinHandle<()>>,
}

impl Load {
    fn start(a: &Node, b: &Node, bearer: &str) -> Self {
        let stop = Arc::new(Mutex::new(false));
        let seen = Arc::new(Mutex::new(Seen::default()));
        let bearer = Arc::new(bearer.to_owned());
        let writers = (0..32)
            .map(|w| {
                let address = Arc::new(if w % 2 == 0 { a.address.clone() } else { b.address.clone() });
                actix_web::rt::spawn(write_until(address, Arc::clone(&bearer), w, Arc::clone(&stop), Arc::clone(&seen)))
            })
            .collect();
        Self { stop, seen, writers }
    }

    /// Stops the writers and hands back what they saw: only 201 and 503.
    async fn finish(self) -> Seen {
        *self.stop.lock().unwrap() = true;
        for writer in self.writers {
            writer.await.unwrap();
        }
        let seen = Arc::try_unwrap(self.seen).ok().unwrap().into_inner().unwrap();
        assert!(seen.other.is_empty(), "only 201 or 503: {:?}", seen.other);
        seen
    }
}

#[actix_web::test]
async fn postgresql_stopped_and_started_under_load_loses_no_acknowledged_write() {
    let cluster = own_server();
    let url = cluster.fresh_database();
    let (a, b, bearer, start) = two_nodes(&url, "outage").await;

    // A subscriber on B, news only.
    let options = Options { headers: vec![("Authorization", bearer.clone())], ..Options::default() };
    let mut ws = Ws::connect(&b.address, "/api/v1/board/ws?kinds=news", options.clone()).await.expect("B's board");
    assert_eq!(ws.json(10).await["type"], "welcome");

    // 32 writers, half on each node.
    let load = Load::start(&a, &b, &bearer);
    let seen = Arc::clone(&load.seen);
    let acknowledged = || seen.lock().unwrap().acknowledged.len();
    eventually(30, "writes acknowledged before the outage", async || acknowledged() >= 100).await;

    // The subscriber's last position before the outage.
    let mut last_seen = 0;
    let reading = Instant::now();
    while reading.elapsed() < Duration::from_secs(1)
        && let Ok(Ok(Msg::Text(text))) = tokio::time::timeout(Duration::from_millis(200), ws.recv()).await
    {
        let frame: Value = serde_json::from_str(&text).unwrap();
        last_seen = frame["position"].as_u64().unwrap_or(last_seen).max(last_seen);
    }

    // A session started on B before the outage.
    let cookie = session_cookie(&b).await;
    let (status, me) = send(&b, "GET", "/api/v1/auth/me", &[("Cookie", cookie.as_str())], None).await;
    assert_eq!((status, me["username"].as_str()), (200, Some("tachov.koordinator")), "{me}");

    cluster.crash();
    // Writes are refused with Retry-After.
    eventually(30, "writes refused with 503", async || seen.lock().unwrap().unavailable.len() >= 10).await;
    assert!(seen.lock().unwrap().unavailable.iter().all(|&r| r), "every 503 carries Retry-After");
    // Reads keep being answered, from the read models.
    let (status, read) =
        send(&b, "GET", "/api/v1/networks/tachov/actors", &[("Authorization", bearer.as_str())], None).await;
    assert_eq!(status, 200, "reads keep serving while the database is away: {read}");
    // The session cannot be checked meanwhile: its user is told to try
    // again, not taken for a visitor.
    let (status, me) = send(&b, "GET", "/api/v1/auth/me", &[("Cookie", cookie.as_str())], None).await;
    assert_eq!(status, 503, "a session is not checked against a database that is away: {me}");
    assert!(me["detail"].as_str().unwrap_or_default().contains("sessions"), "{me}");
    // The board closes its sockets with 1013 (the client says "offline")
    // and refuses new ones until the database is back.
    let closed = loop {
        match tokio::time::timeout(Duration::from_secs(20), ws.recv()).await {
            Ok(Ok(Msg::Close(code, reason))) => break (code, reason),
            Ok(Ok(Msg::Text(text))) => {
                let frame: Value = serde_json::from_str(&text).unwrap();
                last_seen = frame["position"].as_u64().unwrap_or(last_seen).max(last_seen);
            }
            Ok(Ok(_)) => {}
            other => panic!("the board socket closes with a reason: {other:?}"),
        }
    };
    assert_eq!(closed.0, 1013, "{closed:?}");
    assert!(closed.1.contains("resume from"), "{closed:?}");
    let refused = Ws::connect(&b.address, "/api/v1/board/ws?kinds=news", options.clone()).await;
    assert_eq!(refused.err().map(|(status, _)| status), Some(503), "a new board socket is refused meanwhile");

    // Back: both nodes write again without a restart.
    actix_web::rt::time::sleep(Duration::from_secs(1)).await;
    cluster.start_again();
    let before = acknowledged();
    eventually(60, "writes acknowledged on both nodes after the outage", async || {
        let seen = seen.lock().unwrap();
        let fresh = &seen.acknowledged[before.min(seen.acknowledged.len())..];
        let on = |parity: usize| fresh.iter().any(|(t, _)| writer_of(t) % 2 == parity);
        on(0) && on(1)
    })
    .await;
    drop(seen);
    let seen = load.finish().await;
    let (status, me) = send(&b, "GET", "/api/v1/auth/me", &[("Cookie", cookie.as_str())], None).await;
    assert_eq!((status, me["username"].as_str()), (200, Some("tachov.koordinator")), "the session is back: {me}");

    // Every acknowledged post is on both nodes.
    let top = seen.acknowledged.iter().map(|(_, p)| *p).max().unwrap();
    let wanted: BTreeSet<String> = seen.acknowledged.iter().map(|(t, _)| t.clone()).collect();
    for (name, on) in [("A", &a), ("B", &b)] {
        let found = titles(on, &bearer, start, top).await;
        let missing: Vec<&String> = wanted.difference(&found).collect();
        assert!(missing.is_empty(), "node {name} lost {} acknowledged posts: {missing:?}", missing.len());
    }

    // The subscriber resumes on B from its last position: the first post
    // it gets is the one after.
    let path = format!("/api/v1/board/ws?kinds=news&from={last_seen}");
    let mut resumed = Ws::connect(&b.address, &path, options).await.expect("B's board is back");
    let (before_live, _) = resumed.until("live", 30).await;
    let resumed_positions: Vec<u64> =
        before_live.iter().filter(|f| f["type"] == "post").filter_map(|f| f["position"].as_u64()).collect();
    assert!(resumed_positions.iter().all(|&p| p > last_seen), "nothing repeated");
    let expected = seen.acknowledged.iter().filter(|(_, p)| *p > last_seen).count();
    assert_eq!(resumed_positions.len(), expected, "nothing missed: every acknowledged post after {last_seen}");
}

#[actix_web::test]
async fn a_node_killed_under_load_loses_no_acknowledged_write() {
    let url = crate::postgres_server::server().fresh_database();
    let (a, b, bearer, start) = two_nodes(&url, "kill").await;
    let load = Load::start(&a, &b, &bearer);
    let seen = Arc::clone(&load.seen);
    let on_b = |seen: &Seen| seen.acknowledged.iter().filter(|(t, _)| writer_of(t) % 2 == 1).count();
    eventually(60, "writes acknowledged by B", async || on_b(&seen.lock().unwrap()) >= 100).await;

    // B dies mid-load: its writers' requests in flight are never answered.
    let _ = std::process::Command::new("kill").args(["-KILL", &b.id().to_string()]).status();
    drop(b);
    let after_kill = seen.lock().unwrap().acknowledged.len();
    eventually(60, "A goes on acknowledging", async || seen.lock().unwrap().acknowledged.len() >= after_kill + 100)
        .await;
    drop(seen);
    let seen = load.finish().await;

    // Every post either node acknowledged is on A and on a node started now.
    let c = node(&["serve", "--store", &url]).await;
    let top = seen.acknowledged.iter().map(|(_, p)| *p).max().unwrap();
    let wanted: BTreeSet<String> = seen.acknowledged.iter().map(|(t, _)| t.clone()).collect();
    assert!(on_b(&seen) >= 100, "B acknowledged posts before it died");
    for (name, on) in [("A", &a), ("C", &c)] {
        let found = titles(on, &bearer, start, top).await;
        let missing: Vec<&String> = wanted.difference(&found).collect();
        assert!(missing.is_empty(), "node {name} lacks {} acknowledged posts: {missing:?}", missing.len());
    }
}
