//! The socket with real clients: subscription and filters, posting over the
//! socket, malformed and oversize messages, heartbeats, encodings, origin.

use std::time::Duration;

use prost::Message as _;
use serde_json::{Value, json};
use uzel::board::hub::BoardConfig;
use uzel::proto::board::v1 as pb;

use super::client::{Msg, Options, Ws};
use super::{announce, catch_up, connect, host, setup};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn a_subscriber_gets_what_its_filters_admit_history_then_live() {
    let app = spawn_app().await;
    let actor = setup(&app).await;
    let first = announce(&app, &actor, 5).await;
    app.post(
        "/api/v1/networks/tachov/board/posts",
        json!({"kind": "news", "title": "Zpráva", "need_areas": ["health"]}),
    )
    .await
    .expect(201);
    let mut capacity = connect(&app, None, "?from=0&kinds=capacity").await;
    let mut health = connect(&app, None, "?from=0&need_areas=health").await;
    let (posts, _) = catch_up(&mut capacity).await;
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["position"], first);
    let figures = &posts[0]["capacity"];
    assert_eq!((&figures["unit"], &figures["free"], &figures["stale"]), (&json!("bed"), &json!(5), &json!(false)));
    let announced = chrono::DateTime::parse_from_rfc3339(figures["announced_at"].as_str().unwrap()).unwrap();
    let stale_at = chrono::DateTime::parse_from_rfc3339(figures["stale_at"].as_str().unwrap()).unwrap();
    assert_eq!(stale_at - announced, chrono::Duration::days(14), "stale after the network's 14 days");
    assert_eq!(posts[0]["actor_name"], "Azylový dům Tachov");
    let (posts, _) = catch_up(&mut health).await;
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["kind"], "news");
    // Live now.
    let live = announce(&app, &actor, 4).await;
    let frame = capacity.json(5).await;
    assert_eq!((frame["type"].as_str(), frame["position"].as_u64()), (Some("post"), Some(live)));
    app.post(
        "/api/v1/networks/tachov/board/posts",
        json!({"kind": "project", "title": "Projekt", "need_areas": ["health"]}),
    )
    .await
    .expect(201);
    let frame = health.json(5).await;
    assert_eq!(frame["kind"], "project", "the capacity announcement was filtered out: {frame}");
    // No `from`: the current board (the latest capacity per unit), then live.
    let mut current = connect(&app, None, "?kinds=capacity").await;
    let (posts, _) = catch_up(&mut current).await;
    assert_eq!(posts.iter().map(|p| p["position"].as_u64().unwrap()).collect::<Vec<_>>(), vec![live]);
    // A subscribe message replaces the subscription.
    current.send_json(json!({"type": "subscribe", "from": 0, "kinds": ["news"]})).await;
    let (before, _) = current.until("live", 5).await;
    let kinds: Vec<_> = before.iter().filter(|f| f["type"] == "post").map(|f| f["kind"].clone()).collect();
    assert_eq!(kinds, vec![json!("news")]);
}

#[actix_web::test]
async fn clients_post_over_the_socket_and_get_an_ack_with_the_position_or_a_problem() {
    let app = spawn_app().await;
    let actor = setup(&app).await;
    let mut ws = connect(&app, None, "?from=0").await;
    catch_up(&mut ws).await;
    ws.send_json(json!({"type": "capacity", "ref": "c1", "network": "tachov", "actor": actor,
        "capacity": {"unit": "bed", "free": 7, "waiting": 2}}))
        .await;
    let mut frames = [ws.json(5).await, ws.json(5).await];
    frames.sort_by_key(|f| f["type"].as_str().unwrap().to_owned());
    let (ack, post) = (&frames[0], &frames[1]);
    assert_eq!((ack["type"].as_str(), ack["ref"].as_str()), (Some("ack"), Some("c1")), "{ack}");
    assert_eq!(ack["position"], post["position"], "the ack carries the post's position");
    assert_eq!(post["capacity"]["waiting"], 2);
    ws.send_json(json!({"type": "publish", "ref": "p1", "network": "tachov",
        "post": {"kind": "place_wanted", "title": "Pobyt pro Petra Nováka"}}))
        .await;
    let error = ws.json(5).await;
    assert_eq!(error["type"], "error");
    assert_eq!(error["ref"], "p1");
    assert_eq!(error["problem"]["status"], 422);
    assert_eq!(error["problem"]["errors"][0]["field"], "title");
    ws.send_json(json!({"type": "capacity", "ref": "c2", "network": "tachov", "actor": actor,
        "capacity": {"unit": "room", "free": 1}}))
        .await;
    let error = ws.json(5).await;
    assert_eq!((error["type"].as_str(), error["problem"]["status"].as_u64()), (Some("error"), Some(422)), "{error}");
    ws.send_json(json!({"type": "capacity", "ref": "c3", "network": "decin", "actor": actor,
        "capacity": {"unit": "bed", "free": 1}}))
        .await;
    assert_eq!(ws.json(5).await["problem"]["status"], 404);
}

#[actix_web::test]
async fn a_malformed_message_gets_an_error_frame_and_the_connection_survives_an_oversize_one_closes_it() {
    let app = spawn_app().await;
    let actor = setup(&app).await;
    let mut ws = connect(&app, None, "").await;
    ws.send_text("{not json").await;
    let error = ws.json(5).await;
    assert_eq!((error["type"].as_str(), error["problem"]["status"].as_u64()), (Some("error"), Some(400)));
    ws.send_json(json!({"type": "dance", "ref": "d"})).await;
    let error = ws.json(5).await;
    assert_eq!(error["ref"], "d", "the reference is echoed even when the message is unknown: {error}");
    ws.send_json(json!({"type": "subscribe", "kinds": ["gossip"], "ref": "s"})).await;
    let error = ws.json(5).await;
    assert!(error["problem"]["detail"].as_str().unwrap().contains("the kinds are"), "{error}");
    ws.send_frame(2, b"\xff\x00not protobuf").await.unwrap();
    assert_eq!(ws.json(5).await["type"], "error");
    // Still alive: a subscription works.
    ws.send_json(json!({"type": "subscribe", "from": 0})).await;
    catch_up(&mut ws).await;
    let position = announce(&app, &actor, 1).await;
    assert_eq!(ws.json(5).await["position"], position);
    // 64 KiB is the limit.
    let big = format!("{{\"type\":\"subscribe\",\"networks\":[\"{}\"]}}", "a".repeat(70_000));
    ws.send_text(&big).await;
    match tokio::time::timeout(Duration::from_secs(5), ws.recv()).await {
        Ok(Ok(Msg::Close(code, reason))) => {
            assert_eq!(code, 1009, "{reason}");
            assert!(reason.contains(&format!("resume from {position}")), "{reason}");
        }
        other => panic!("expected a close frame, got {other:?}"),
    }
}

#[actix_web::test]
async fn a_client_that_does_not_answer_pings_is_closed_one_that_does_stays() {
    let app = spawn_app().await;
    setup(&app).await;
    app.app.board.configure(BoardConfig {
        heartbeat: Duration::from_millis(200),
        timeout: Duration::from_millis(700),
        ..BoardConfig::default()
    });
    let mut silent = connect(&app, None, "").await;
    silent.answer_pings = false;
    let mut alive = connect(&app, None, "").await;
    // The other client reads all along, answering every ping (the client does
    // so in recv): it is still open well past the timeout.
    let answering = actix_web::rt::spawn(async move {
        let deadline = tokio::time::Instant::now() + Duration::from_millis(2500);
        loop {
            match tokio::time::timeout_at(deadline, alive.recv()).await {
                Err(_) => return None,
                Ok(Ok(Msg::Text(_))) => {}
                other => return Some(format!("{other:?}")),
            }
        }
    });
    let mut pings = 0;
    let code = loop {
        match tokio::time::timeout(Duration::from_secs(5), silent.recv()).await {
            Ok(Ok(Msg::Ping(_))) => pings += 1,
            Ok(Ok(Msg::Close(code, reason))) => {
                assert!(reason.contains("heartbeat"), "{reason}");
                break code;
            }
            other => panic!("expected pings then a close, got {other:?}"),
        }
    };
    assert_eq!(code, 4001);
    assert!(pings >= 2, "the server pinged first ({pings})");
    assert_eq!(answering.await.unwrap(), None, "the answering client was closed");
    let metrics = app.get("/metrics").await.text;
    assert!(metrics.contains("uzel_board_timed_out_total 1"), "{metrics}");
}

/// The content of a protobuf post, as JSON, field by field (written here,
/// independently of the server's own conversion).
fn proto_to_json(position: u64, p: &pb::BoardPost) -> Value {
    let mut v = json!({
        "type": "post", "position": position, "op": p.op, "post": p.post, "kind": p.kind,
        "network": p.network, "region": p.region, "audience": p.audience, "actor": p.actor,
        "actor_name": p.actor_name, "platform": p.platform, "platform_name": p.platform_name,
        "need_areas": p.need_areas, "title": p.title, "text": p.text, "at": p.at, "author": p.author, "note": p.note,
    });
    if let Some(until) = &p.valid_until {
        v["valid_until"] = json!(until);
    }
    if let Some(c) = &p.capacity {
        v["capacity"] = json!({"unit": c.unit, "free": c.free, "announced_at": c.announced_at, "stale": c.stale,
            "stale_at": c.stale_at});
        if let Some(o) = c.occupied {
            v["capacity"]["occupied"] = json!(o);
        }
        if let Some(w) = c.waiting {
            v["capacity"]["waiting"] = json!(w);
        }
    }
    if let Some(e) = &p.event {
        v["event"] = json!({"starts_at": e.starts_at, "place": e.place, "for_whom": e.for_whom});
        if let Some(end) = &e.ends_at {
            v["event"]["ends_at"] = json!(end);
        }
    }
    if let Some(o) = &p.offer {
        v["offer"] = json!({"id": o.id, "actor": o.actor, "actor_name": o.actor_name, "text": o.text});
        if let Some(h) = &o.hold_until {
            v["offer"]["hold_until"] = json!(h);
        }
    }
    if let Some(o) = &p.outcome {
        v["outcome"] = json!({"kind": o.kind, "meeting": o.meeting, "owner": o.owner});
        if let Some(d) = &o.due {
            v["outcome"]["due"] = json!(d);
        }
    }
    v
}

#[actix_web::test]
async fn protobuf_and_json_subscribers_receive_the_same_content() {
    let app = spawn_app().await;
    let actor = setup(&app).await;
    let options = Options {
        headers: vec![("Authorization", format!("Bearer {}", app.admin_token))],
        protocol: Some("uzel.board.v1.protobuf"),
        ..Options::default()
    };
    let mut binary = Ws::connect(&host(&app), "/api/v1/board/ws", options).await.expect("the socket opens");
    assert_eq!(binary.protocol.as_deref(), Some("uzel.board.v1.protobuf"));
    let mut text = connect(&app, None, "?from=0").await;
    catch_up(&mut text).await;
    // Subscribe over protobuf.
    let subscribe = pb::ClientFrame {
        r#ref: "s".into(),
        frame: Some(pb::client_frame::Frame::Subscribe(pb::Subscribe { from: Some(0), ..Default::default() })),
    };
    binary.send_frame(2, &subscribe.encode_to_vec()).await.unwrap();
    let mut live = false;
    while !live {
        let Msg::Binary(bytes) = binary.recv().await.unwrap() else { panic!("binary frames only") };
        live = matches!(pb::ServerFrame::decode(&bytes[..]).unwrap().frame, Some(pb::server_frame::Frame::Live(_)));
    }
    // Every kind of content, posted over both encodings.
    announce(&app, &actor, 9).await;
    let platform = app
        .post("/api/v1/networks/tachov/platforms", json!({"fields": {"name": "Platforma", "platform_type": "formal", "members": [actor], "need_areas": ["safety"]}}))
        .await
        .expect(201)
        .id();
    let meeting = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7a02";
    app.put(
        &format!("/api/v1/networks/tachov/platforms/{platform}/meetings/{meeting}/held"),
        json!({"date": chrono::Utc::now().to_rfc3339(), "attendees": [actor]}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/networks/tachov/platforms/{platform}/meetings/{meeting}/outcomes"),
        json!({"kind": "task", "text": "Leták pro rodiče", "owner": actor, "due": "2030-01-01T00:00:00Z"}),
    )
    .await
    .expect(201);
    let publish = pb::ClientFrame {
        r#ref: "p".into(),
        frame: Some(pb::client_frame::Frame::Publish(pb::Publish {
            network: "tachov".into(),
            kind: "event".into(),
            title: "Seminář".into(),
            text: "pro pěstouny".into(),
            need_areas: vec!["relationships".into()],
            event: Some(pb::EventInfo {
                starts_at: "2027-01-10T09:00:00Z".into(),
                ends_at: Some("2027-01-10T12:00:00Z".into()),
                place: "Tachov".into(),
                for_whom: "pěstouni".into(),
            }),
            ..Default::default()
        })),
    };
    binary.send_frame(2, &publish.encode_to_vec()).await.unwrap();
    let mut from_binary = Vec::new();
    let mut acked = None;
    while from_binary.len() < 3 || acked.is_none() {
        let Msg::Binary(bytes) = binary.recv().await.unwrap() else { panic!("binary frames only") };
        let frame = pb::ServerFrame::decode(&bytes[..]).unwrap();
        match frame.frame {
            Some(pb::server_frame::Frame::Post(post)) => from_binary.push(proto_to_json(frame.position, &post)),
            Some(pb::server_frame::Frame::Ack(ack)) => acked = Some((ack.r#ref, frame.position)),
            other => panic!("unexpected {other:?}"),
        }
    }
    let mut from_text = Vec::new();
    while from_text.len() < 3 {
        from_text.push(text.json(5).await);
    }
    assert_eq!(from_binary, from_text);
    let (reference, position) = acked.unwrap();
    assert_eq!((reference.as_str(), position), ("p", from_text[2]["position"].as_u64().unwrap()));
    let kinds: Vec<_> = from_text.iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["capacity", "meeting_outcome", "event"]);
    assert_eq!(from_text[1]["outcome"]["due"], "2030-01-01T00:00:00Z");
}

#[actix_web::test]
async fn the_socket_needs_a_sign_in_and_a_cookie_from_another_site_is_refused() {
    let app = spawn_app().await;
    setup(&app).await;
    let refused = Ws::connect(&host(&app), "/api/v1/board/ws", Options::default()).await.err().expect("refused");
    assert_eq!(refused.0, 401, "{}", refused.1);
    assert!(refused.1.contains("/problems/unauthorized"), "{}", refused.1);
    let login = app
        .send_as(
            crate::helpers::As::Anonymous,
            "POST",
            "/api/v1/auth/login",
            Some(json!({"username": "root", "password": "root-password"})),
            &[],
        )
        .await
        .expect(200);
    let cookie =
        login.cookies.iter().find(|c| c.starts_with("uzel_session=")).unwrap().split(';').next().unwrap().to_owned();
    let with = |origin: &str| Options {
        headers: vec![("Cookie", cookie.clone()), ("Origin", origin.to_owned())],
        ..Options::default()
    };
    let refused =
        Ws::connect(&host(&app), "/api/v1/board/ws", with("http://evil.example")).await.err().expect("refused");
    assert_eq!(refused.0, 403, "{}", refused.1);
    let mut own = Ws::connect(&host(&app), "/api/v1/board/ws", with(&app.address)).await.expect("own origin");
    assert_eq!(own.json(5).await["type"], "welcome");
    let bad = Ws::connect(
        &host(&app),
        "/api/v1/board/ws?kinds=gossip",
        Options { headers: vec![("Authorization", format!("Bearer {}", app.admin_token))], ..Options::default() },
    )
    .await
    .err()
    .expect("refused");
    assert_eq!(bad.0, 400, "{}", bad.1);
}
