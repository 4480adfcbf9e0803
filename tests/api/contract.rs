//! The API's contract: problem answers, body limits, unknown fields,
//! optimistic concurrency, idempotent retries, read-your-writes.

use serde_json::{Value, json};

use crate::helpers::spawn_app;

#[actix_web::test]
async fn unknown_fields_malformed_json_and_big_bodies_get_clear_problems() {
    let app = spawn_app().await;
    app.tachov().await;
    let unknown = app
        .post("/api/v1/networks/tachov/actors", json!({"fields": {"name": "X"}, "colour": "red"}))
        .await
        .problem(400, "bad-request");
    assert!(unknown.body["detail"].as_str().unwrap().contains("unknown field `colour`"), "{}", unknown.body);
    let big = "x".repeat(300 << 10);
    app.post("/api/v1/networks/tachov/actors", json!({"fields": {"name": big}}))
        .await
        .problem(413, "payload-too-large");
    app.get("/api/v1/nothing/here").await.problem(404, "not-found");
    // A path served with other methods: 405, with what it is served with.
    let wrong = app.delete("/api/v1/networks/tachov/actors").await.problem(405, "method-not-allowed");
    assert!(wrong.body["detail"].as_str().unwrap().contains("GET, POST"), "{}", wrong.body);
    let wrong_type = app
        .post("/api/v1/networks/tachov/actors", json!({"fields": {"name": {"nested": true}}}))
        .await
        .problem(422, "validation");
    assert_eq!(wrong_type.failing_fields(), vec!["name"]);
}

#[actix_web::test]
async fn if_match_gives_optimistic_concurrency_with_the_current_version() {
    let app = spawn_app().await;
    app.tachov().await;
    let id = app.actor(json!({"name": "KOTEC"})).await;
    let path = format!("/api/v1/networks/tachov/actors/{id}");
    let ok = app
        .with_headers("PATCH", &path, Some(json!({"fields": {"name": "KOTEC o.p.s."}})), &[("If-Match", "\"0\"")])
        .await
        .expect(200);
    assert_eq!(ok.body["version"], 1);
    let stale = app
        .with_headers("PATCH", &path, Some(json!({"fields": {"name": "Jiný"}})), &[("If-Match", "0")])
        .await
        .problem(409, "version-conflict");
    assert_eq!(stale.body["current_version"], 1);
    app.with_headers("PATCH", &path, Some(json!({"fields": {"name": "Jiný"}})), &[("If-Match", "abc")])
        .await
        .problem(400, "bad-request");
    let actor = app.get(&format!("{path}?min_position={}", ok.position())).await.expect(200);
    assert_eq!(actor.body["fields"]["name"], "KOTEC o.p.s.");
}

#[actix_web::test]
async fn a_retried_write_with_the_same_idempotency_key_returns_the_first_answer_and_writes_nothing() {
    let app = spawn_app().await;
    app.tachov().await;
    let key = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b8a";
    let body = json!({"id": "0192f3c4-8d1e-7c3a-9b1f-000000000001", "fields": {"name": "KOTEC"}});
    let first = app
        .with_headers("POST", "/api/v1/networks/tachov/actors", Some(body.clone()), &[("Idempotency-Key", key)])
        .await
        .expect(201);
    let after_first = app.app.log.last_position();
    let retry =
        app.with_headers("POST", "/api/v1/networks/tachov/actors", Some(body), &[("Idempotency-Key", key)]).await;
    assert_eq!(retry.body["position"], first.body["position"]);
    assert_eq!(retry.body["version"], first.body["version"]);
    assert_eq!(app.app.log.last_position(), after_first, "the retry wrote nothing");
    let other = json!({"id": "0192f3c4-8d1e-7c3a-9b1f-000000000002", "fields": {"name": "DOMUS"}});
    app.with_headers("POST", "/api/v1/networks/tachov/actors", Some(other), &[("Idempotency-Key", key)])
        .await
        .problem(422, "idempotency-key-reused");
    assert_eq!(app.app.log.last_position(), after_first, "a reused key writes nothing");
    app.with_headers(
        "POST",
        "/api/v1/networks/tachov/actors",
        Some(json!({"fields": {"name": "X"}})),
        &[("Idempotency-Key", "nope")],
    )
    .await
    .problem(400, "bad-request");
}

#[actix_web::test]
async fn min_position_waits_for_the_write_and_refuses_positions_past_the_log() {
    let app = spawn_app().await;
    app.tachov().await;
    let written = app.post("/api/v1/networks/tachov/actors", json!({"fields": {"name": "KOTEC"}})).await.expect(201);
    let read =
        app.get(&format!("/api/v1/networks/tachov/actors?min_position={}", written.position())).await.expect(200);
    assert_eq!(read.body["total"], 1);
    app.get(&format!("/api/v1/networks/tachov/actors?min_position={}", written.position() + 1000))
        .await
        .problem(400, "bad-request");
    app.get("/healthz").await.expect(200);
    let ready = app.get("/readyz").await.expect(200);
    assert_eq!(ready.body["applied_position"], ready.body["log_position"]);
}

#[actix_web::test]
async fn every_route_in_the_table_answers_and_never_with_a_server_error() {
    let app = spawn_app().await;
    app.tachov().await;
    let id = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b8a";
    for route in uzel::http::ROUTES {
        let path = route
            .path
            .replace("{region}", "plzensky")
            .replace("{network}", "tachov")
            .split('/')
            .map(|part| if part.starts_with('{') { id } else { part })
            .collect::<Vec<_>>()
            .join("/");
        let body = (route.method != "GET" && route.method != "DELETE").then(|| json!({"garbage": true}));
        let answer = app.with_headers(route.method, &path, body, &[]).await;
        assert!(answer.status.as_u16() < 500, "{} {} answered {}: {}", route.method, path, answer.status, answer.body);
        assert_ne!(answer.status.as_u16(), 405, "{} {} is not routed", route.method, route.path);
    }
}

/// Sends raw bytes and reads the answer until the server closes.
async fn raw(address: &str, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(address.trim_start_matches("http://")).await.expect("connects");
    // The server may answer and close before it has read everything.
    let _ = socket.write_all(request).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), socket.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

/// What the HTTP parser refuses before any route — a request head over its
/// limit, a malformed request line or header — is a problem like every
/// other answer (`docs/api.md`, "Errors"), never a 5xx, with its request id
/// logged; the server serves on.
#[actix_web::test]
async fn a_request_the_http_parser_refuses_gets_a_problem_and_the_server_serves_on() {
    let app = spawn_app().await;
    let huge = format!("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "a".repeat(300_000));
    let long_uri = format!("GET /healthz?{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(300_000));
    let longer_than_a_uri = format!("GET /healthz?{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(70_000));
    let many_headers: String = (0..100).map(|i| format!("X-H{i}: {i}\r\n")).collect();
    let many_headers = format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{many_headers}\r\n");
    // A header name longer than a header name can be (it would panic the
    // parser), alone and after a request answered first.
    let long_name = format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{}: v\r\n\r\n", "a".repeat(70_000));
    let long_name_after_one = format!("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n{long_name}");
    // A request answered first, then one the parser refuses.
    let after_one = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nBad Header\r\n\r\n";
    let cases: [(&[u8], u16, &str); 9] = [
        (huge.as_bytes(), 431, "request-header-fields-too-large"),
        (long_uri.as_bytes(), 431, "request-header-fields-too-large"),
        (longer_than_a_uri.as_bytes(), 400, "bad-request"),
        (many_headers.as_bytes(), 431, "request-header-fields-too-large"),
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400, "bad-request"),
        (b"GARBAGE\r\n\r\n", 400, "bad-request"),
        (after_one, 400, "bad-request"),
        (long_name.as_bytes(), 431, "request-header-fields-too-large"),
        (long_name_after_one.as_bytes(), 431, "request-header-fields-too-large"),
    ];
    for (request, status, kind) in cases {
        let mut answer = raw(&app.address, request).await;
        if request == after_one || request == long_name_after_one.as_bytes() {
            let first = answer.find("\r\n\r\n").expect("a first answer");
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
            let length: usize = header(&answer[..first], "content-length").parse().expect("a length");
            answer = answer[first + 4 + length..].to_owned();
        }
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no head: {answer:?}"));
        assert!(head.starts_with(&format!("HTTP/1.1 {status} ")), "{head}");
        assert_eq!(header(head, "content-type"), "application/problem+json", "{head}");
        assert_eq!(header(head, "connection"), "close", "{head}");
        assert_eq!(header(head, "x-content-type-options"), "nosniff", "{head}");
        assert_eq!(header(head, "content-length"), body.len().to_string(), "{head}");
        assert!(!header(head, "x-request-id").is_empty(), "{head}");
        let problem: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body:?}"));
        assert_eq!(problem["status"], status, "{problem}");
        assert_eq!(problem["type"], format!("/problems/{kind}"), "{problem}");
        assert!(!problem["detail"].as_str().unwrap_or_default().is_empty(), "{problem}");
    }
    app.get("/healthz").await.expect(200);
}

/// A request head that does not arrive within the client request timeout
/// (5 s) is answered 408 as a problem, and the connection closed.
#[actix_web::test]
async fn a_request_head_that_comes_too_slowly_is_answered_408_as_a_problem() {
    let app = spawn_app().await;
    let answer = raw(&app.address, b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await;
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no head: {answer:?}"));
    assert!(head.starts_with("HTTP/1.1 408 "), "{head}");
    assert_eq!(header(head, "content-type"), "application/problem+json", "{head}");
    let problem: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body:?}"));
    assert_eq!(problem["type"], "/problems/request-timeout", "{problem}");
    assert_eq!(problem["status"], 408, "{problem}");
}

/// A header's value in a head, or "" when it is missing.
fn header<'a>(head: &'a str, name: &str) -> &'a str {
    head.lines()
        .find_map(|line| line.split_once(':').filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim()))
        .unwrap_or_default()
}
