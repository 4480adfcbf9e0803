//! Never missed, never twice: resuming at random points while posts stream
//! in, a server restart mid-stream, and a client too slow to keep up.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::json;
use uzel::board::hub::BoardConfig;

use super::client::{Msg, Options, Ws};
use super::{connect, history, host, setup};
use crate::helpers::{TestApp, spawn_app, spawn_in};

/// Posts `count` capacity announcements from `workers` concurrent writers,
/// each for its own actor (as many services announce at once).
async fn stream_posts(app: &TestApp, actors: &[String], count: u32, workers: u32) {
    let per = count / workers;
    let mut tasks = Vec::new();
    for w in 0..workers {
        let actor = &actors[w as usize % actors.len()];
        let client = awc::Client::default();
        let url = format!("{}/api/v1/networks/tachov/actors/{actor}/capacity", app.address);
        let token = app.admin_token.clone();
        tasks.push(actix_web::rt::spawn(async move {
            for i in 0..per {
                let answer = client
                    .post(&url)
                    .insert_header(("authorization", format!("Bearer {token}")))
                    .send_json(&json!({"unit": "bed", "free": w * 10_000 + i}))
                    .await
                    .expect("the server answers");
                assert_eq!(answer.status().as_u16(), 201);
            }
        }));
    }
    for task in tasks {
        task.await.expect("a writer");
    }
}

/// Reads post frames into `seen` until `stop` of them, the end, or a close;
/// returns the close frame if one came.
async fn read_some(ws: &mut Ws, seen: &mut Vec<u64>, stop: usize) -> Option<(u16, String)> {
    let mut got = 0;
    while got < stop {
        match tokio::time::timeout(Duration::from_secs(10), ws.recv()).await {
            Ok(Ok(Msg::Text(text))) => {
                let frame: serde_json::Value = serde_json::from_str(&text).unwrap();
                if frame["type"] == "post" {
                    seen.push(frame["position"].as_u64().unwrap());
                    got += 1;
                }
            }
            Ok(Ok(Msg::Close(code, reason))) => return Some((code, reason)),
            Ok(Ok(_)) => {}
            Ok(Err(_)) | Err(_) => return None,
        }
    }
    None
}

/// Tachov with eight actors that have beds.
async fn many(app: &TestApp) -> Vec<String> {
    let mut actors = vec![setup(app).await];
    for i in 1..8 {
        actors.push(
            app.actor(json!({"name": format!("Služba {i}"), "capacities": [{"unit": "bed", "max": 100000}]})).await,
        );
    }
    actors
}

fn assert_exactly_once(seen: &[u64], expected: &[u64]) {
    let unique: BTreeSet<u64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "{} frames were received twice", seen.len() - unique.len());
    let wanted: BTreeSet<u64> = expected.iter().copied().collect();
    let missed: Vec<_> = wanted.difference(&unique).collect();
    assert!(missed.is_empty(), "{} frames were missed, e.g. {:?}", missed.len(), &missed[..missed.len().min(5)]);
    assert_eq!(unique, wanted, "frames nobody posted");
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "frames arrive in position order");
}

/// Streams `total` posts while a client reads a random number of frames,
/// drops the socket and resumes from its last position, again and again;
/// returns how many times it resumed.
async fn resume_at_random_points(app: &TestApp, total: u32) -> usize {
    let actors = many(app).await;
    let producer = stream_posts(app, &actors, total, 8);
    let consumer = async {
        let mut seen = Vec::new();
        let mut reconnects = 0;
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        while seen.len() < total as usize {
            let from = seen.last().copied().unwrap_or(0);
            let mut ws = connect(app, None, &format!("?from={from}")).await;
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let stop = 1 + (rng % 300) as usize;
            read_some(&mut ws, &mut seen, stop).await;
            reconnects += 1;
            // Dropping the socket mid-stream is the disconnect.
        }
        (seen, reconnects)
    };
    let ((), (seen, reconnects)) = futures_join(producer, consumer).await;
    let expected: Vec<u64> = history(app, "").await.iter().map(|f| f["position"].as_u64().unwrap()).collect();
    assert_eq!(expected.len(), total as usize);
    assert_exactly_once(&seen, &expected);
    reconnects
}

#[actix_web::test]
async fn a_client_resuming_at_random_points_while_posts_stream_in_misses_nothing_and_sees_nothing_twice() {
    let app = spawn_app().await;
    let reconnects = resume_at_random_points(&app, 2400).await;
    assert!(reconnects > 10, "the client resumed {reconnects} times");
}

#[actix_web::test]
async fn frames_older_than_the_memory_window_come_from_the_log_and_still_exactly_once() {
    // A frame read again from the log is the frame that was sent.
    let app = spawn_app().await;
    let actors = many(&app).await;
    stream_posts(&app, &actors, 80, 4).await;
    let from_memory = history(&app, "").await;
    app.app.models.set_board_window(10);
    assert_eq!(history(&app, "").await, from_memory);
    // One page runs on from the log into memory: it is empty only at the end.
    let page = app.get("/api/v1/board/posts?from=0&limit=1000").await.expect(200).body;
    assert_eq!(page["frames"].as_array().unwrap().len(), from_memory.len());

    let app = spawn_app().await;
    // Only the newest 40 frames stay in memory: most resumes, and the history
    // read over HTTP, go back to the log.
    app.app.models.set_board_window(40);
    let reconnects = resume_at_random_points(&app, 1200).await;
    assert!(reconnects > 5, "the client resumed {reconnects} times");
    assert!(!app.app.models.read().board().covers(0), "the window did drop frames");
    // A client away since the start gets every frame again, in order.
    let all: Vec<u64> = history(&app, "").await.iter().map(|f| f["position"].as_u64().unwrap()).collect();
    let mut ws = connect(&app, None, "?from=0").await;
    let mut seen = Vec::new();
    read_some(&mut ws, &mut seen, all.len()).await;
    assert_exactly_once(&seen, &all);
}

/// Runs two futures to completion on the current task.
async fn futures_join<A: std::future::Future, B: std::future::Future>(a: A, b: B) -> (A::Output, B::Output) {
    tokio::join!(a, b)
}

#[actix_web::test]
async fn after_a_server_restart_mid_stream_the_client_resumes_from_the_close_reason() {
    let app = spawn_app().await;
    let actors = many(&app).await;
    stream_posts(&app, &actors, 100, 4).await;
    let mut ws = connect(&app, None, "?from=0").await;
    let mut seen = Vec::new();
    read_some(&mut ws, &mut seen, 60).await;
    let writer = stream_posts(&app, &actors, 200, 4);
    let reader = read_some(&mut ws, &mut seen, 150);
    tokio::join!(writer, reader);
    let dir = app.stop().await;
    let (code, reason) = read_some(&mut ws, &mut seen, usize::MAX).await.expect("a close frame");
    assert_eq!(code, 1001, "{reason}");
    let resume: u64 = reason.rsplit("resume from ").next().unwrap().parse().expect("a position in the reason");
    assert_eq!(Some(&resume), seen.last(), "the close names the last frame delivered");
    let app = spawn_in(dir).await;
    let mut ws = connect(&app, None, &format!("?from={resume}")).await;
    let tail = stream_posts(&app, &actors, 100, 4);
    let expected_total = 400;
    let reader = async {
        while seen.len() < expected_total {
            let left = expected_total - seen.len();
            if read_some(&mut ws, &mut seen, left).await.is_some() {
                panic!("closed again");
            }
        }
    };
    tokio::join!(tail, reader);
    let expected: Vec<u64> = history(&app, "").await.iter().map(|f| f["position"].as_u64().unwrap()).collect();
    assert_exactly_once(&seen, &expected);
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[actix_web::test]
async fn a_client_too_slow_to_keep_up_is_closed_and_resumes_others_are_unaffected() {
    let app = spawn_app().await;
    let actors = many(&app).await;
    app.app.board.configure(BoardConfig { slow_after: Duration::from_millis(500), ..BoardConfig::default() });
    let options = Options {
        headers: vec![("Authorization", format!("Bearer {}", app.admin_token))],
        receive_buffer: Some(4096),
        ..Options::default()
    };
    let mut slow = Ws::connect(&host(&app), "/api/v1/board/ws?from=0", options).await.expect("opens");
    let mut fast = connect(&app, None, "?from=0").await;
    let rss_before = rss_kib();
    // Post until the server gives up on the slow client (it never reads).
    let mut posted = 0;
    let mut fast_seen = Vec::new();
    while !app.get("/metrics").await.text.contains("uzel_board_slow_closed_total 1") {
        assert!(posted < 20_000, "the slow client was never closed");
        let writer = stream_posts(&app, &actors, 400, 8);
        let reader = read_some(&mut fast, &mut fast_seen, 400);
        let (_, closed) = tokio::join!(writer, reader);
        assert!(closed.is_none(), "the fast client was closed: {closed:?}");
        posted += 400;
    }
    let grown_mib = rss_kib().saturating_sub(rss_before) / 1024;
    assert!(grown_mib < 200, "memory grew by {grown_mib} MiB while a client stalled");
    let expected: Vec<u64> = history(&app, "").await.iter().map(|f| f["position"].as_u64().unwrap()).collect();
    assert_exactly_once(&fast_seen, &expected);
    // The slow client reads what reached it, in order, then the close.
    let mut slow_seen = Vec::new();
    let (code, reason) = read_some(&mut slow, &mut slow_seen, usize::MAX).await.expect("a close frame");
    assert_eq!(code, 4000, "{reason}");
    let resume: u64 = reason.rsplit("resume from ").next().unwrap().parse().unwrap();
    assert_eq!(Some(&resume), slow_seen.last());
    assert!(slow_seen.len() < expected.len(), "it was behind");
    let mut again = connect(&app, None, &format!("?from={resume}")).await;
    let left = expected.len() - slow_seen.len();
    read_some(&mut again, &mut slow_seen, left).await;
    assert_exactly_once(&slow_seen, &expected);
    let metrics = app.get("/metrics").await.text;
    assert!(metrics.contains("uzel_board_connections 2"), "the slow connection is gone: {metrics}");
}

#[actix_web::test]
async fn a_rebuild_that_derives_only_the_newest_frames_shows_the_same_board() {
    let app = spawn_app().await;
    let actors = many(&app).await;
    stream_posts(&app, &actors, 64, 8).await;
    let post = app.post("/api/v1/networks/tachov/board/posts", json!({"kind": "news", "title": "Stará zpráva"})).await;
    post.expect(201);
    stream_posts(&app, &actors, 32, 4).await;
    let head = app.app.log.last_position();
    app.get(&format!("/api/v1/board/posts?min_position={head}")).await.expect(200);
    let now = app.app.now();
    let live: Vec<String> = app.app.models.read().board().current(now).iter().map(|f| f.json.to_string()).collect();
    // Every frame of the newest 10 events only: the old announcements are
    // derived once each at the end, the old news is on the board.
    let rebuilt = uzel::live::rebuild_with_tail(app.app.log.clone(), app.app.keys.clone(), None, 10)
        .await
        .expect("the log reads");
    assert_eq!(rebuilt.model.position, head);
    let current: Vec<String> = rebuilt.board.current(now).iter().map(|f| f.json.to_string()).collect();
    assert_eq!(current, live, "the same current board");
    assert!(current.iter().any(|f| f.contains("Stará zpráva")));
    assert!(!rebuilt.board.covers(head - 11) && rebuilt.board.covers(head - 10));
}
