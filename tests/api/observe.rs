//! What the server logs, seen from outside: the real binary's standard
//! error, one line per request with its status and id; a calendar link's
//! key never in it; `/metrics` for an admin or a configured address only.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A `uzel serve` process whose standard error is kept line by line.
struct Served {
    child: Child,
    port: u16,
    lines: Arc<Mutex<Vec<String>>>,
    _dir: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    async fn start(args: &[&str], env: &[(&str, &str)]) -> Served {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_uzel"));
        command.arg("serve").args(args).stdout(Stdio::null()).stderr(Stdio::piped());
        command.env("UZEL_DATA", dir.path()).env("UZEL_LISTEN", format!("127.0.0.1:{port}"));
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("uzel serve starts");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let kept = Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                kept.lock().unwrap().push(line);
            }
        });
        let served = Served { child, port, lines, _dir: dir };
        let started = Instant::now();
        while served.get("/readyz", &[]).await.map(|r| r.0) != Some(200) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server is not ready: {:?}",
                served.lines().iter().take(20).collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        served
    }

    /// Status, headers and body of a GET, or `None` while nothing listens.
    async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Option<(u16, awc::http::header::HeaderMap, String)> {
        let mut request = awc::Client::default().get(format!("http://127.0.0.1:{}{path}", self.port));
        for header in headers {
            request = request.insert_header(*header);
        }
        let mut response = request.send().await.ok()?;
        let body = response.body().await.ok()?;
        Some((response.status().as_u16(), response.headers().clone(), String::from_utf8_lossy(&body).into_owned()))
    }

    /// Sends raw bytes and reads the answer until the server closes.
    async fn raw(&self, request: &[u8]) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut socket = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.expect("connects");
        socket.write_all(request).await.expect("sent");
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(10), socket.read_to_end(&mut answer)).await;
        String::from_utf8_lossy(&answer).into_owned()
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// The lines that mention `text`, once the server has written one.
    async fn lines_with(&self, text: &str) -> Vec<String> {
        let started = Instant::now();
        loop {
            let found: Vec<String> = self.lines().into_iter().filter(|l| l.contains(text)).collect();
            if !found.is_empty() || started.elapsed() > Duration::from_secs(10) {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[actix_web::test]
async fn a_request_is_one_json_line_with_its_route_status_and_id_and_a_key_in_a_path_is_never_logged() {
    let served = Served::start(&["--log-format", "json"], &[]).await;

    let (status, headers, _) = served.get("/healthz", &[("x-request-id", "obs-health-1")]).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(headers.get("x-request-id").unwrap(), "obs-health-1", "the client's id is echoed");
    let lines = served.lines_with("obs-health-1").await;
    assert_eq!(lines.len(), 1, "one line per request: {lines:?}");
    let line: Value = serde_json::from_str(&lines[0]).expect("a JSON line");
    assert_eq!(line["status"], 200);
    assert_eq!(line["method"], "GET");
    assert_eq!(line["route"], "/healthz");
    assert_eq!(line["level"], "INFO");
    assert!(line["latency_ms"].as_f64().is_some(), "{line}");
    assert_eq!(line["user"], "-", "nobody signed in");

    let key = "obsSecretCalendarKey0123456789";
    let (status, ..) =
        served.get(&format!("/api/v1/calendar/{key}"), &[("x-request-id", "obs-calendar-1")]).await.unwrap();
    assert_eq!(status, 404);
    let lines = served.lines_with("obs-calendar-1").await;
    let line: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(line["route"], "/api/v1/calendar/{token}", "the route's pattern, not its path");
    assert!(served.lines().iter().all(|l| !l.contains(key)), "the key is in no line");

    // An id that is not a plain short token is replaced by one of the server's.
    let (_, headers, _) = served.get("/healthz", &[("x-request-id", "bad id\twith spaces")]).await.unwrap();
    let given = headers.get("x-request-id").unwrap().to_str().unwrap().to_owned();
    assert_eq!(given.len(), 32, "a fresh id: {given}");
    assert_eq!(served.lines_with(&given).await.len(), 1);

    // A request the HTTP parser refuses before any route gets its line too,
    // with the id its answer names.
    let answer = served.raw(b"GARBAGE\r\n\r\n").await;
    let id = answer
        .lines()
        .find_map(|l| l.strip_prefix("x-request-id: "))
        .unwrap_or_else(|| panic!("no id: {answer}"))
        .to_owned();
    let lines = served.lines_with(&id).await;
    assert_eq!(lines.len(), 1, "one line: {lines:?}");
    let line: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(line["status"], 400, "{line}");
    assert_eq!(line["route"], "(refused by the HTTP parser)", "{line}");
    // A client's malformed request is not the server's error: no ERROR line
    // of the parser's own beside ours.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let errors: Vec<String> = served.lines().into_iter().filter(|l| l.contains("\"ERROR\"")).collect();
    assert!(errors.is_empty(), "{errors:?}");

    // Metrics are not for the public.
    let (status, headers, body) = served.get("/metrics", &[]).await.unwrap();
    assert_eq!(status, 401, "{body}");
    assert_eq!(headers.get("content-type").unwrap(), "application/problem+json");
    assert!(body.contains("--metrics-from"), "{body}");
}

#[actix_web::test]
async fn readable_lines_by_default_and_metrics_for_a_configured_address_from_the_environment() {
    let served = Served::start(&[], &[("UZEL_METRICS_FROM", "127.0.0.1")]).await;
    let (status, _, body) = served.get("/metrics", &[("x-request-id", "obs-metrics-1")]).await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("uzel_http_responses_total{class=\"2xx\"}"), "{body}");
    assert!(body.contains("uzel_projector_skipped_total 0"), "{body}");
    let lines = served.lines_with("obs-metrics-1").await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(serde_json::from_str::<Value>(&lines[0]).is_err(), "not JSON: {}", lines[0]);
    for part in ["INFO", "answered", "route=\"/metrics\"", "status=200", "request_id=obs-metrics-1"] {
        assert!(lines[0].contains(part), "{part} in {}", lines[0]);
    }
}

#[test]
fn every_serve_option_is_documented_with_its_environment_variable() {
    let help = Command::new(env!("CARGO_BIN_EXE_uzel")).args(["serve", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    for variable in [
        "UZEL_DATA",
        "UZEL_LISTEN",
        "UZEL_WORKERS",
        "UZEL_METRICS_FROM",
        "UZEL_TRUSTED_PROXIES",
        "UZEL_LOG_FORMAT",
        "UZEL_LOG_LEVEL",
    ] {
        assert!(text.contains(&format!("[env: {variable}")), "{variable} in:\n{text}");
    }
}

#[test]
fn a_directory_that_cannot_be_opened_is_a_clear_startup_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("db"), b"not a sled file").unwrap();
    let not_a_dir = dir.path().join("db");
    let out = Command::new(env!("CARGO_BIN_EXE_uzel"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(&not_a_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("cannot open the data directory"), "{text}");
}
