//! Whatever bytes arrive as a request, the answer is well formed: an HTTP
//! answer that is never a server error and always carries the request id
//! and the security headers; an error is a problem (or, for a page, an
//! HTML page), whether a route answered it or the HTTP parser refused the
//! request before any route (`src/http/parser_answers.rs`). The requests
//! are heads — mostly well formed, partly garbled, some far too large —
//! and writes whose bodies are framed well or badly (a length longer than
//! the body, chunks that lie). The server serves on after all of them.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

use crate::helpers::spawn_app;

/// A part of a request: a known good one, any bytes, or characters that
/// matter to the parser.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    let tricky = b" \t:/%?#\r\nAaZz09-_.~\x00\x7f\xc3\xa9".to_vec();
    prop_oneof![
        3 => prop::sample::select(vec![
            b"GET".to_vec(),
            b"POST".to_vec(),
            b"/healthz".to_vec(),
            b"/api/v1/networks".to_vec(),
            b"/site/tachov/adresar?q=%C5%A1".to_vec(),
            b"HTTP/1.1".to_vec(),
            b"Host".to_vec(),
            b"localhost".to_vec(),
        ]),
        1 => proptest::collection::vec(any::<u8>(), 0..40),
        2 => proptest::collection::vec(prop::sample::select(tricky), 0..40),
        1 => (1usize..200_000).prop_map(|n| vec![b'a'; n]),
    ]
}

/// One of `good` most of the time, otherwise any piece.
fn mostly(good: &[&'static str]) -> impl Strategy<Value = Vec<u8>> + use<> {
    let good: Vec<Vec<u8>> = good.iter().map(|g| g.as_bytes().to_vec()).collect();
    prop_oneof![6 => prop::sample::select(good), 1 => piece()]
}

/// A request: a head alone (`head`), or a well-formed head with a body
/// framed well or badly (`with_body`).
fn request() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![head(), with_body()]
}

/// A request head: a request line and a few header lines, ended by a blank
/// line — mostly well formed, so that routes answer as well as the parser.
fn head() -> impl Strategy<Value = Vec<u8>> {
    let method = mostly(&["GET", "POST", "PUT", "DELETE", "OPTIONS"]);
    let target = mostly(&[
        "/healthz",
        "/api/v1/networks",
        "/api/v1/networks/tachov/actors?need_area=safety",
        "/api/v1/board/ws",
        "/site/tachov/adresar?q=%C5%A1",
        "/prihlaseni",
        "/assets/uzel.css",
        "/nikde",
    ]);
    let version = mostly(&["HTTP/1.1", "HTTP/1.0"]);
    let name = mostly(&["Host", "Accept", "Cookie", "Authorization", "Content-Type", "X-Request-Id", "Origin"]);
    let value =
        mostly(&["localhost", "*/*", "uzel_session=x", "Bearer x", "application/json", "abc-1", "http://localhost"]);
    let host = prop::bool::weighted(0.85);
    (method, target, version, host, proptest::collection::vec((name, value), 0..4)).prop_map(
        |(method, target, version, host, headers)| {
            let mut out = [method, b" ".to_vec(), target, b" ".to_vec(), version, b"\r\n".to_vec()].concat();
            if host {
                out.extend_from_slice(b"Host: localhost\r\n");
            }
            for (name, value) in headers {
                out.extend([name, b": ".to_vec(), value, b"\r\n".to_vec()].concat());
            }
            out.extend_from_slice(b"\r\n");
            out
        },
    )
}

/// A write with a body: its content, type and framing — none, a length
/// (right, or longer than what follows), or chunks (well formed or not).
fn with_body() -> impl Strategy<Value = Vec<u8>> {
    let target = prop::sample::select(vec![
        "POST /api/v1/auth/token",
        "POST /prihlaseni",
        "POST /api/v1/networks/tachov/actors",
        "PUT /api/v1/networks/tachov/actors/0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b8a",
        "POST /site/tachov/novy-akter",
    ]);
    let kind = prop::sample::select(vec!["application/json", "application/x-www-form-urlencoded", "text/plain"]);
    let content = prop_oneof![
        Just(br#"{"username": "root", "password": "x", "name": "t"}"#.to_vec()),
        Just(b"username=root&password=x&csrf=y".to_vec()),
        Just(br#"{"name": 1, "need_areas": ["love"]}"#.to_vec()),
        proptest::collection::vec(any::<u8>(), 0..300),
    ];
    (target, kind, content, 0u8..5, 1usize..40).prop_map(|(target, kind, content, framing, more)| {
        let mut out = format!("{target} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {kind}\r\n").into_bytes();
        let chunked = |content: &[u8], good: bool| {
            let mut body = format!("{:x}\r\n", content.len() + usize::from(!good) * more).into_bytes();
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n0\r\n\r\n");
            body
        };
        let (framing, body) = match framing {
            0 => (String::new(), Vec::new()),
            1 => (format!("Content-Length: {}\r\n", content.len()), content),
            2 => (format!("Content-Length: {}\r\n", content.len() + more), content),
            3 => ("Transfer-Encoding: chunked\r\n".to_owned(), chunked(&content, true)),
            _ => ("Transfer-Encoding: chunked\r\n".to_owned(), chunked(&content, false)),
        };
        out.extend(framing.into_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend(body);
        out
    })
}

/// Sends `request`, closes the sending side and reads the answer.
fn exchange(address: &str, request: &[u8]) -> Vec<u8> {
    let mut socket = TcpStream::connect(address).expect("connects");
    socket.set_read_timeout(Some(Duration::from_secs(15))).expect("a timeout");
    // The server may answer and close before it has read everything.
    let _ = socket.write_all(request);
    let _ = socket.shutdown(Shutdown::Write);
    let mut answer = Vec::new();
    let _ = socket.read_to_end(&mut answer);
    answer
}

/// Checks the first answer in `bytes`.
fn well_formed(bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) =
        text.split_once("\r\n\r\n").ok_or_else(|| TestCaseError::fail(format!("no answer: {text:?}")))?;
    let header = |name: &str| {
        head.lines()
            .skip(1)
            .find_map(|l| l.split_once(':').filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim()))
            .unwrap_or_default()
    };
    let status: u16 = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    prop_assert!(head.starts_with("HTTP/1.") && (100..500).contains(&status), "{head}");
    prop_assert!(!header("x-request-id").is_empty(), "no request id: {head}");
    prop_assert_eq!(header("x-content-type-options"), "nosniff", "{}", head);
    if status >= 400 {
        let kind = header("content-type");
        if kind == "application/problem+json" {
            let length: usize = header("content-length").parse().unwrap_or(usize::MAX);
            let problem: Value = serde_json::from_str(body.get(..length).unwrap_or(body))
                .map_err(|e| TestCaseError::fail(format!("{e}: {body:?}")))?;
            prop_assert_eq!(problem["status"].as_u64(), Some(u64::from(status)), "{}", problem);
        } else {
            prop_assert!(kind.starts_with("text/html"), "an error neither a problem nor a page: {head}");
        }
    }
    Ok(())
}

#[actix_web::test]
async fn whatever_bytes_arrive_the_answer_is_well_formed_and_never_a_server_error() {
    let app = spawn_app().await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let ran = actix_web::rt::task::spawn_blocking(move || {
        let mut runner = TestRunner::new(Config { cases: 96, failure_persistence: None, ..Config::default() });
        runner.run(&request(), |request| well_formed(&exchange(&address, &request))).map_err(|e| e.to_string())
    })
    .await
    .expect("the cases ran");
    assert_eq!(ran, Ok(()));
    app.get("/healthz").await.expect(200);
}
