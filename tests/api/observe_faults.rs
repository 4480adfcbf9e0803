//! A write the storage fails: the client gets a 503 that keeps the cause to
//! itself, and the server's log has the cause, under the request's id.
//! The fault is put in the log's way by a wrapper that fails appends on
//! demand; everything else is the real sled log.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Value, json};
use tokio::sync::broadcast;
use uzel::log::*;

/// Fails every append while `failing` is set.
struct Faulty {
    inner: Arc<dyn EventLog>,
    failing: Arc<AtomicBool>,
}

#[async_trait::async_trait]
impl EventLog for Faulty {
    async fn append(
        &self,
        stream: &StreamName,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<AppendResult, AppendError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(AppendError::Storage("No space left on device (os error 28)".into()));
        }
        self.inner.append(stream, expected, events).await
    }
    async fn read_stream(
        &self,
        stream: &StreamName,
        from: ReadFrom,
        direction: Direction,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, LogError> {
        self.inner.read_stream(stream, from, direction, max).await
    }
    async fn read_all(
        &self,
        from: ReadFrom,
        direction: Direction,
        max: usize,
        filter: &EventFilter,
    ) -> Result<AllSlice, LogError> {
        self.inner.read_all(from, direction, max, filter).await
    }
    fn last_position(&self) -> Position {
        self.inner.last_position()
    }
    async fn event_position(&self, event_id: &uuid::Uuid) -> Result<Option<(Position, u64)>, LogError> {
        self.inner.event_position(event_id).await
    }
    async fn stream_version(&self, stream: &StreamName) -> Result<Option<u64>, LogError> {
        self.inner.stream_version(stream).await
    }
    fn live(&self) -> broadcast::Receiver<CommittedBatch> {
        self.inner.live()
    }
    async fn close(&self) -> Result<(), LogError> {
        self.inner.close().await
    }
}

/// The log lines of this test binary that mention a request id of this
/// file (`obs-fault-…`), as JSON.
fn captured() -> &'static Mutex<Vec<String>> {
    static LINES: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    LINES.get_or_init(|| {
        let subscriber = tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_writer(|| Capture(Vec::new()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other log subscriber in the tests");
        Mutex::new(Vec::new())
    })
}

struct Capture(Vec<u8>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        let text = String::from_utf8_lossy(&self.0);
        if text.contains("obs-fault-") {
            captured().lock().unwrap().extend(text.lines().map(str::to_owned));
        }
    }
}

#[actix_web::test]
async fn a_storage_failure_is_a_503_to_the_client_and_its_cause_in_the_log() {
    captured();
    let dir = tempfile::tempdir().unwrap();
    let failing = Arc::new(AtomicBool::new(false));
    let switch = Arc::clone(&failing);
    let app = uzel::server::open_app_over(dir.path(), move |inner| Arc::new(Faulty { inner, failing: switch }))
        .await
        .expect("opens");
    let running = uzel::server::serve(app, &uzel::server::Options::on("127.0.0.1:0")).expect("serves");
    let app = running.app.clone();
    actix_web::rt::spawn(running.server);
    let meta = uzel::app::Meta { author: "system:test".into(), ..Default::default() };
    let root = uuid::Uuid::now_v7();
    app.create_user(root, "root", "Root", "root-password", &meta).await.unwrap();
    app.user(root, uzel::domain::user::UserCommand::Grant { grant: uzel::domain::user::Grant::Admin }, &meta)
        .await
        .unwrap();
    let token = app.issue_token(root, "tests", &meta).await.unwrap().token;

    failing.store(true, Ordering::SeqCst);
    let mut response = awc::Client::default()
        .put(format!("http://127.0.0.1:{}/api/v1/regions/plzensky", running.port))
        .insert_header(("authorization", format!("Bearer {token}")))
        .insert_header(("x-request-id", "obs-fault-1"))
        .send_json(&json!({"name": "Plzeňský kraj"}))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers().get("x-request-id").unwrap(), "obs-fault-1");
    let body: Value = response.json().await.unwrap();
    assert!(!body["detail"].as_str().unwrap().contains("No space"), "the cause stays in the server: {body}");

    let lines: Vec<Value> = {
        let started = std::time::Instant::now();
        loop {
            let lines: Vec<Value> =
                captured().lock().unwrap().iter().filter_map(|l| serde_json::from_str(l).ok()).collect();
            if lines.len() >= 2 || started.elapsed().as_secs() > 10 {
                break lines;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    };
    let cause = lines.iter().find(|l| l["level"] == "ERROR" && l["span"]["request_id"] == "obs-fault-1");
    let cause = cause.unwrap_or_else(|| panic!("a line with the cause under the request's id: {lines:?}"));
    assert!(cause["cause"].as_str().unwrap().contains("No space left on device"), "{cause}");
    let answered = lines.iter().find(|l| l["message"] == "answered" && l["request_id"] == "obs-fault-1").unwrap();
    assert_eq!(answered["status"], 503);
    assert_eq!(answered["level"], "WARN", "a 503 is a warning; its cause is the ERROR line");
    assert_eq!(answered["route"], "/api/v1/regions/{region}");
    assert_eq!(answered["user"], root.to_string(), "the user's id, never a name");

    failing.store(false, Ordering::SeqCst);
    let status = awc::Client::default()
        .put(format!("http://127.0.0.1:{}/api/v1/regions/plzensky", running.port))
        .insert_header(("authorization", format!("Bearer {token}")))
        .send_json(&json!({"name": "Plzeňský kraj"}))
        .await
        .unwrap()
        .status();
    assert_eq!(status.as_u16(), 201, "the write goes through once the storage is back");
}
