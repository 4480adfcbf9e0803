//! Retries and bodies: an exact retry with an `Idempotency-Key` gets exactly
//! the first answer (across a restart too), the key sent with another
//! request is refused and writes nothing, a body that is there must parse,
//! concurrent writers of one record without `If-Match` all get through, and
//! a board subscription from past the head is refused with the head.

use serde_json::{Value, json};

use crate::board::client::{Options, Ws};
use crate::board::{connect, host, setup};
use crate::helpers::{TestApp, spawn_app, spawn_in};

/// Sends `body` as it is, with `content_type`, as the admin.
async fn raw(app: &TestApp, method: &str, path: &str, content_type: &str, body: &'static str) -> (u16, Value) {
    let client = awc::Client::default();
    let url = format!("{}{path}", app.address);
    let request = match method {
        "POST" => client.post(&url),
        _ => client.put(&url),
    };
    let mut response = request
        .insert_header(("authorization", format!("Bearer {}", app.admin_token)))
        .insert_header(("content-type", content_type))
        .send_body(body)
        .await
        .expect("the server answers");
    let bytes = response.body().await.expect("a body");
    (response.status().as_u16(), serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn last_position(app: &TestApp) -> u64 {
    app.app.log.last_position()
}

#[actix_web::test]
async fn a_retry_gets_the_first_answer_and_a_reused_key_writes_nothing() {
    let app = spawn_app().await;
    app.tachov().await;
    let key = uuid::Uuid::now_v7().to_string();
    let headers = [("idempotency-key", key.as_str())];
    let body = json!({"fields": {"name": "Poradna", "need_areas": ["learning"]}});
    let first = app.with_headers("POST", "/api/v1/networks/tachov/actors", Some(body.clone()), &headers).await;
    let first = first.expect(201);
    let again = app.with_headers("POST", "/api/v1/networks/tachov/actors", Some(body.clone()), &headers).await;
    let again = again.expect(201);
    assert_eq!(again.body, first.body, "the same id, position and version");
    assert_eq!(again.etag, first.etag);
    let id = first.id();
    app.get(&format!("/api/v1/networks/tachov/actors/{id}")).await.expect(200);

    // The key with a different body, or at another address: refused, nothing written.
    let before = last_position(&app).await;
    let other = json!({"fields": {"name": "Jiná poradna", "need_areas": ["learning"]}});
    app.with_headers("POST", "/api/v1/networks/tachov/actors", Some(other), &headers)
        .await
        .problem(422, "idempotency-key-reused");
    app.with_headers("PATCH", &format!("/api/v1/networks/tachov/actors/{id}"), Some(body.clone()), &headers)
        .await
        .problem(422, "idempotency-key-reused");
    assert_eq!(last_position(&app).await, before, "nothing was written");
    let directory = app.get("/api/v1/networks/tachov/actors").await.expect(200).body;
    assert_eq!(directory["total"], 1, "{directory}");

    // A refused request keeps no answer: fixed, it may go under its key.
    let key2 = uuid::Uuid::now_v7().to_string();
    let headers2 = [("idempotency-key", key2.as_str())];
    let bad = json!({"fields": {"name": ""}});
    app.with_headers("POST", "/api/v1/networks/tachov/actors", Some(bad), &headers2).await.problem(422, "validation");
    let fixed = json!({"fields": {"name": "Třetí", "need_areas": ["health"]}});
    app.with_headers("POST", "/api/v1/networks/tachov/actors", Some(fixed), &headers2).await.expect(201);

    // Answers carrying secrets are not kept: each token request gets its own token.
    crate::board::user(&app, "jana", vec![]).await;
    let login = json!({"username": "jana", "password": "password-of-test", "name": "skript"});
    let key3 = uuid::Uuid::now_v7().to_string();
    let headers3 = [("idempotency-key", key3.as_str())];
    let one = app.with_headers("POST", "/api/v1/auth/token", Some(login.clone()), &headers3).await.expect(201);
    let two = app.with_headers("POST", "/api/v1/auth/token", Some(login), &headers3).await.expect(201);
    assert_ne!(one.body["token"], two.body["token"], "no secret is replayed from storage");

    // Across a restart.
    let dir = app.stop().await;
    let app = spawn_in(dir).await;
    let after = app.with_headers("POST", "/api/v1/networks/tachov/actors", Some(body), &headers).await.expect(201);
    assert_eq!(after.body, first.body);
}

#[actix_web::test]
async fn a_body_that_is_there_must_parse() {
    let app = spawn_app().await;
    app.tachov().await;
    let id = app.actor(json!({"name": "Poradna", "need_areas": ["learning"]})).await;
    let reviews = format!("/api/v1/networks/tachov/actors/{id}/reviews");
    let before = last_position(&app).await;
    let (status, problem) = raw(&app, "POST", &reviews, "application/json", "{\"effective_at\": ").await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["type"], "/problems/bad-request");
    let (status, _) =
        raw(&app, "POST", &reviews, "application/json", "{\"efective_at\": \"2026-01-01T00:00:00Z\"}").await;
    assert_eq!(status, 400, "an unknown field is not ignored");
    let (status, _) = raw(&app, "POST", &reviews, "text/plain", "please review").await;
    assert_eq!(status, 415);
    assert_eq!(last_position(&app).await, before, "nothing was written");
    let (status, _) = raw(&app, "POST", &reviews, "application/json", "").await;
    assert_eq!(status, 201, "no body at all is fine");

    let platform = app
        .post("/api/v1/networks/tachov/platforms", json!({"fields": {"name": "Platforma", "platform_type": "formal"}}))
        .await;
    let platform = platform.expect(201).id();
    let end = format!("/api/v1/networks/tachov/platforms/{platform}/end");
    let (status, _) = raw(&app, "POST", &end, "application/json", "[1, 2").await;
    assert_eq!(status, 400);
    let view = app.get(&format!("/api/v1/networks/tachov/platforms/{platform}")).await.expect(200).body;
    assert!(view["ended_at"].is_null(), "a body that does not parse ends nothing: {view}");
}

#[actix_web::test]
async fn thirty_two_writers_of_one_record_without_if_match_all_get_through_in_turn() {
    let app = spawn_app().await;
    let actor = setup(&app).await;
    let url = format!("{}/api/v1/networks/tachov/actors/{actor}/capacity", app.address);
    let mut writers = Vec::new();
    for n in 0..32u32 {
        let (url, token) = (url.clone(), app.admin_token.clone());
        writers.push(actix_web::rt::spawn(async move {
            let client = awc::Client::builder().timeout(std::time::Duration::from_secs(60)).finish();
            let mut response = client
                .post(&url)
                .insert_header(("authorization", format!("Bearer {token}")))
                .send_json(&json!({"unit": "bed", "free": n}))
                .await
                .expect("the server answers");
            let body = response.body().await.unwrap_or_default();
            (response.status().as_u16(), String::from_utf8_lossy(&body).into_owned())
        }));
    }
    let mut versions = Vec::new();
    for writer in writers {
        let (status, body) = writer.await.unwrap();
        assert_eq!(status, 201, "{body}");
        let body: Value = serde_json::from_str(&body).unwrap();
        versions.push(body["version"].as_u64().unwrap());
    }
    versions.sort_unstable();
    versions.dedup();
    assert_eq!(versions.len(), 32, "each write has its own version");
    let series = app.get(&format!("/api/v1/networks/tachov/actors/{actor}/capacity")).await.expect(200).body;
    assert_eq!(series.as_array().unwrap().len(), 32);
}

#[actix_web::test]
async fn a_board_subscription_from_past_the_head_is_refused_with_the_head() {
    let app = spawn_app().await;
    setup(&app).await;
    let head = last_position(&app).await;
    let options =
        Options { headers: vec![("Authorization", format!("Bearer {}", app.admin_token))], ..Options::default() };
    let refused = Ws::connect(&host(&app), &format!("/api/v1/board/ws?from={}", head + 1000), options).await;
    let Err((status, body)) = refused else { panic!("the upgrade was accepted") };
    assert_eq!(status, 400, "{body}");
    assert!(body.contains(&format!("({head})")), "the answer names the head: {body}");

    let mut ws: Ws = connect(&app, None, "").await;
    ws.send_json(json!({"type": "subscribe", "ref": "s1", "from": head + 5})).await;
    let error = ws.json(5).await;
    assert_eq!(error["type"], "error", "{error}");
    assert_eq!(error["ref"], "s1");
    assert!(error.to_string().contains(&format!("({head})")), "{error}");
    // From the head itself: accepted.
    ws.send_json(json!({"type": "subscribe", "ref": "s2", "from": head})).await;
    let subscribed = ws.json(5).await;
    assert_eq!(subscribed["type"], "subscribed", "{subscribed}");
}
