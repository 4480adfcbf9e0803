//! The access rules on every frame: each role subscribes to everything and
//! receives exactly what it may see — over the socket and over HTTP — and
//! the canaries (a private offer, a platform-only post, the other region's
//! news) never reach anyone else.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::connect;
use crate::access::world::{self, Role};
use crate::helpers::{As, spawn_app};

const OFFER: &str = "KANÁR-soukromá-nabídka";
const PLATFORM_ONLY: &str = "KANÁR-jen-pro-platformu";
const FOREIGN: &str = "KANÁR-jiný-kraj";
const REGION_WIDE: &str = "Krajská zpráva";
const NETWORK_NEWS: &str = "Zpráva sítě";

#[actix_web::test]
async fn every_role_receives_exactly_the_frames_it_may_see() {
    let app = spawn_app().await;
    let w = world::build(&app).await;
    let token = |role: Role| w.tokens[&role].clone();
    let post = |who: Role, network: &str, body: serde_json::Value| {
        let app = &app;
        let token = token(who);
        let path = format!("/api/v1/networks/{network}/board/posts");
        async move { app.send_as(As::Token(&token), "POST", &path, Some(body), &[]).await.expect(201) }
    };
    post(Role::Coordinator, "tachov", json!({"kind": "news", "title": NETWORK_NEWS})).await;
    post(Role::Coordinator, "tachov", json!({"kind": "news", "title": REGION_WIDE, "reach": "region"})).await;
    post(
        Role::Member,
        "tachov",
        json!({"kind": "news", "title": PLATFORM_ONLY, "reach": "platform", "platform": w.own.platform}),
    )
    .await;
    post(Role::Admin, "decin", json!({"kind": "news", "title": FOREIGN})).await;
    let request = post(
        Role::CaseManager,
        "tachov",
        json!({"kind": "place_wanted", "title": "Respitní pobyt, sourozenci 6–10 let"}),
    )
    .await
    .id();
    let offer = app
        .send_as(
            As::Token(&token(Role::Actor)),
            "POST",
            &format!("/api/v1/board/posts/{request}/offers"),
            Some(json!({"text": OFFER})),
            &[],
        )
        .await
        .expect(201);
    // Nobody posts in a network they have no role in, and only a platform's
    // people post to it.
    app.send_as(
        As::Token(&token(Role::Member)),
        "POST",
        "/api/v1/networks/decin/board/posts",
        Some(json!({"kind": "news", "title": "x"})),
        &[],
    )
    .await
    .problem(404, "not-found");
    app.send_as(
        As::Token(&token(Role::CaseManager)),
        "POST",
        "/api/v1/networks/tachov/board/posts",
        Some(json!({"kind": "news", "title": "x", "reach": "platform", "platform": w.own.platform})),
        &[],
    )
    .await
    .problem(403, "forbidden");
    let everything = [NETWORK_NEWS, REGION_WIDE, PLATFORM_ONLY, FOREIGN, OFFER];
    let mut expected: BTreeMap<Role, BTreeSet<&str>> = BTreeMap::new();
    let all_tachov = [NETWORK_NEWS, REGION_WIDE];
    expected.insert(Role::Admin, [NETWORK_NEWS, REGION_WIDE, PLATFORM_ONLY, FOREIGN].into());
    expected.insert(Role::Coordinator, [NETWORK_NEWS, REGION_WIDE, PLATFORM_ONLY].into());
    expected.insert(Role::CaseManager, [NETWORK_NEWS, REGION_WIDE, OFFER].into());
    // The actor coordinates the platform, so it is one of its people.
    expected.insert(Role::Actor, [NETWORK_NEWS, REGION_WIDE, PLATFORM_ONLY, OFFER].into());
    expected.insert(Role::Member, [NETWORK_NEWS, REGION_WIDE, PLATFORM_ONLY].into());
    expected.insert(Role::Regional, all_tachov.into());
    for role in [Role::Admin, Role::Coordinator, Role::CaseManager, Role::Actor, Role::Member, Role::Regional] {
        let t = token(role);
        let mut ws = connect(&app, Some(&t), "?from=0").await;
        let (frames, _) = super::catch_up(&mut ws).await;
        let socket_text: String = frames.iter().map(|f| f.to_string()).collect();
        let http = app
            .send_as(
                As::Token(&t),
                "GET",
                &format!("/api/v1/board/posts?from=0&min_position={}", offer.position()),
                None,
                &[],
            )
            .await
            .expect(200)
            .text;
        for (channel, text) in [("socket", &socket_text), ("history", &http)] {
            let got: BTreeSet<&str> = everything.iter().copied().filter(|c| text.contains(c)).collect();
            assert_eq!(got, expected[&role], "{role:?} over the {channel}");
        }
        // The place-wanted request itself reaches every reader of tachov.
        assert!(socket_text.contains("Respitní pobyt"), "{role:?}");
    }
    // Nobody signed out gets the socket.
    let refused = super::client::Ws::connect(&super::host(&app), "/api/v1/board/ws", Default::default()).await;
    assert_eq!(refused.err().map(|e| e.0), Some(401));
}

#[actix_web::test]
async fn a_revoked_token_closes_its_socket_and_a_lost_role_stops_the_frames() {
    let app = spawn_app().await;
    let w = world::build(&app).await;
    let member = w.tokens[&Role::Member].clone();
    let mut ws = connect(&app, Some(&member), "?from=0").await;
    super::catch_up(&mut ws).await;
    // The member loses the platform role: platform posts stop reaching it.
    let tachov = uzel::domain::ids::Slug::parse("tachov").unwrap();
    let platform = uuid::Uuid::parse_str(&w.own.platform).unwrap();
    let meta = uzel::app::Meta { author: "system:test".into(), ..Default::default() };
    let grant = uzel::domain::user::Grant::PlatformMember { network: tachov, platform };
    app.app.user(w.users[&Role::Member], uzel::domain::user::UserCommand::Revoke { grant }, &meta).await.unwrap();
    let coordinator = w.tokens[&Role::Coordinator].clone();
    app.send_as(
        As::Token(&coordinator),
        "POST",
        "/api/v1/networks/tachov/board/posts",
        Some(json!({"kind": "news", "title": PLATFORM_ONLY, "reach": "platform", "platform": w.own.platform})),
        &[],
    )
    .await
    .expect(201);
    // Its token is revoked: the socket closes with 1008 at the next frame.
    let id = w.token_ids[&Role::Member].clone();
    app.send_as(As::Token(&member), "DELETE", &format!("/api/v1/auth/tokens/{id}"), None, &[]).await.expect(200);
    app.send_as(
        As::Token(&coordinator),
        "POST",
        "/api/v1/networks/tachov/board/posts",
        Some(json!({"kind": "news", "title": "Pro všechny"})),
        &[],
    )
    .await
    .expect(201);
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(5), ws.recv()).await {
            Ok(Ok(super::client::Msg::Text(text))) => {
                assert!(!text.contains(PLATFORM_ONLY), "a frame after the role was revoked: {text}");
            }
            Ok(Ok(super::client::Msg::Close(code, _))) => {
                assert_eq!(code, 1008);
                break;
            }
            other => panic!("expected a close, got {other:?}"),
        }
    }
}
