//! A real server on port 0 over a temporary data directory, and a client.

use awc::http::StatusCode;
use serde_json::{Value, json};

/// A running server for one test.
pub struct TestApp {
    /// `http://127.0.0.1:{port}`.
    pub address: String,
    /// The data directory (removed when the test ends).
    pub dir: tempfile::TempDir,
    /// The app behind the server.
    pub app: uzel::app::App,
    handle: actix_web::dev::ServerHandle,
    /// An API token of the admin `root`, sent by default.
    pub admin_token: String,
    /// The position of the last write answered: reads wait for it, as a
    /// client that wants to see its own writes does (`min_position`).
    last_write: std::sync::atomic::AtomicU64,
}

/// An answer: status, headers we look at, and the body as JSON.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub etag: Option<String>,
    /// The raw `set-cookie` headers.
    pub cookies: Vec<String>,
    /// The body as text, as sent.
    pub text: String,
    /// The body's bytes (a workbook's, say).
    pub bytes: Vec<u8>,
    pub body: Value,
}

impl Answer {
    /// The `position` of a write's answer.
    pub fn position(&self) -> u64 {
        self.body["position"].as_u64().unwrap_or_else(|| panic!("no position in {}", self.body))
    }

    /// A string member of the answer.
    pub fn id_of(&self, key: &str) -> String {
        self.body[key].as_str().unwrap_or_else(|| panic!("no {key} in {}", self.body)).to_owned()
    }

    /// The `id` of a write's answer.
    pub fn id(&self) -> String {
        self.body["id"].as_str().unwrap_or_else(|| panic!("no id in {}", self.body)).to_owned()
    }

    /// Asserts the status, showing the body when it is another.
    pub fn expect(self, status: u16) -> Self {
        assert_eq!(self.status.as_u16(), status, "{}", self.body);
        self
    }

    /// Asserts a problem+json answer of `status` whose type ends in `kind`.
    pub fn problem(self, status: u16, kind: &str) -> Self {
        assert_eq!(self.status.as_u16(), status, "{}", self.body);
        assert_eq!(self.content_type, "application/problem+json", "{}", self.body);
        assert_eq!(self.body["type"], format!("/problems/{kind}"), "{}", self.body);
        assert_eq!(self.body["status"], status);
        assert!(self.body["title"].as_str().is_some_and(|t| !t.is_empty()));
        self
    }

    /// The fields a validation problem names.
    pub fn failing_fields(&self) -> Vec<String> {
        self.body["errors"].as_array().map_or_else(Vec::new, |errors| {
            errors.iter().map(|e| e["field"].as_str().unwrap_or_default().to_owned()).collect()
        })
    }
}

/// Starts a server over a fresh data directory.
pub async fn spawn_app() -> TestApp {
    spawn_in(tempfile::tempdir().expect("temporary directory")).await
}

/// Starts a server over `dir`.
pub async fn spawn_in(dir: tempfile::TempDir) -> TestApp {
    spawn_at(dir, "127.0.0.1:0").await
}

/// Starts a server over `dir` listening on `listen`.
pub async fn spawn_at(dir: tempfile::TempDir, listen: &str) -> TestApp {
    let running = uzel::server::start(dir.path(), listen).await.expect("server starts");
    let handle = running.server.handle();
    actix_web::rt::spawn(running.server);
    let admin_token = root_token(&running.app).await;
    TestApp {
        address: format!("http://127.0.0.1:{}", running.port),
        dir,
        app: running.app,
        admin_token,
        handle,
        last_write: std::sync::atomic::AtomicU64::new(0),
    }
}

/// The admin `root` (created the first time, as `uzel admin` would) and a
/// fresh API token of theirs.
async fn root_token(app: &uzel::app::App) -> String {
    let meta = uzel::app::Meta { author: "system:test".into(), ..Default::default() };
    let id = match app.user_named("root") {
        Some(id) => id,
        None => {
            let id = uuid::Uuid::now_v7();
            app.create_user(id, "root", "Root", "root-password", &meta).await.expect("create root");
            let grant = uzel::domain::user::UserCommand::Grant { grant: uzel::domain::user::Grant::Admin };
            app.user(id, grant, &meta).await.expect("grant admin");
            id
        }
    };
    app.issue_token(id, "tests", &meta).await.expect("a token").token
}

/// Who a request is sent as.
#[derive(Clone, Copy, Debug)]
pub enum As<'a> {
    /// Nobody: the public.
    Anonymous,
    /// A bearer token.
    Token(&'a str),
    /// A session cookie and, if given, the CSRF token.
    Session(&'a str, Option<&'a str>),
}

impl TestApp {
    /// Stops the server and closes the log; returns the data directory.
    pub async fn stop(self) -> tempfile::TempDir {
        uzel::server::stop(&self.app, &self.handle).await;
        self.app.shut_down().await.expect("close the log");
        // The server's workers drop their copies of the app as they wind
        // down, then sled's own threads finish: the lock is free after both.
        drop(self.app);
        let free = uzel::log::sled_released(self.dir.path(), std::time::Duration::from_secs(10)).await;
        assert!(free, "sled let go of the directory");
        self.dir
    }

    async fn send(&self, method: &str, path: &str, body: Option<Value>, headers: &[(&str, &str)]) -> Answer {
        let token = self.admin_token.clone();
        self.send_as(As::Token(&token), method, path, body, headers).await
    }

    /// Waits until the read models have applied the last write answered
    /// here (what a person's next page shows; pages do not take
    /// `min_position`).
    pub async fn settled(&self) {
        let last = self.last_write.load(std::sync::atomic::Ordering::SeqCst);
        for _ in 0..2000 {
            if self.app.models.position() >= last {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        panic!("the read models did not reach position {last} in 10 s");
    }

    /// Sends a request as `who`.
    pub async fn send_as(
        &self,
        who: As<'_>,
        method: &str,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let client = awc::Client::builder().timeout(std::time::Duration::from_secs(30)).finish();
        let last = self.last_write.load(std::sync::atomic::Ordering::SeqCst);
        let url =
            if method == "GET" && path.starts_with("/api/v1/networks") && !path.contains("min_position") && last > 0 {
                let glue = if path.contains('?') { '&' } else { '?' };
                format!("{}{path}{glue}min_position={last}", self.address)
            } else {
                format!("{}{path}", self.address)
            };
        let mut request = match method {
            "GET" => client.get(&url),
            "POST" => client.post(&url),
            "PUT" => client.put(&url),
            "PATCH" => client.patch(&url),
            "DELETE" => client.delete(&url),
            other => panic!("no method {other}"),
        };
        match who {
            As::Anonymous => {}
            As::Token(token) => request = request.insert_header(("authorization", format!("Bearer {token}"))),
            As::Session(cookie, csrf) => {
                request = request.insert_header(("cookie", format!("uzel_session={cookie}")));
                if let Some(csrf) = csrf {
                    request = request.insert_header(("x-csrf-token", csrf));
                }
            }
        }
        for (name, value) in headers {
            request = request.insert_header((*name, *value));
        }
        let mut response = match body {
            Some(body) => request.send_json(&body).await,
            None => request.send().await,
        }
        .expect("the server answers");
        let bytes = response.body().limit(64 << 20).await.expect("a body");
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let answer = Answer {
            status: response.status(),
            content_type: header("content-type").unwrap_or_default(),
            etag: header("etag"),
            cookies: response
                .headers()
                .get_all("set-cookie")
                .filter_map(|v| v.to_str().ok())
                .map(str::to_owned)
                .collect(),
            text: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
            body: if bytes.is_empty() {
                Value::Null
            } else {
                serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
            },
        };
        if let Some(position) = answer.body.get("position").and_then(Value::as_u64) {
            self.last_write.fetch_max(position, std::sync::atomic::Ordering::SeqCst);
        }
        answer
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send("GET", path, None, &[]).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send("POST", path, Some(body), &[]).await
    }
    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.send("PUT", path, Some(body), &[]).await
    }
    pub async fn patch(&self, path: &str, body: Value) -> Answer {
        self.send("PATCH", path, Some(body), &[]).await
    }
    pub async fn delete(&self, path: &str) -> Answer {
        self.send("DELETE", path, None, &[]).await
    }
    pub async fn with_headers(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        self.send(method, path, body, headers).await
    }

    /// A region `plzensky` and a network `tachov` with one term of each kind;
    /// returns (target group, life situation, place) ids.
    pub async fn tachov(&self) -> (String, String, String) {
        self.put("/api/v1/regions/plzensky", json!({"name": "Plzeňský kraj"})).await.expect(201);
        self.put("/api/v1/networks/tachov", json!({"name": "ORP Tachov", "orp_code": "3214", "region": "plzensky"}))
            .await
            .expect(201);
        let term = |kind: &'static str, name: &'static str| async move {
            self.post("/api/v1/networks/tachov/terms", json!({"kind": kind, "name": name})).await.expect(201).id()
        };
        (
            term("target_group", "6–10 let").await,
            term("life_situation", "rozvod rodičů").await,
            term("place", "Tachov").await,
        )
    }

    /// Enters an actor in `tachov` with these fields; returns its id.
    pub async fn actor(&self, fields: Value) -> String {
        self.post("/api/v1/networks/tachov/actors", json!({"fields": fields})).await.expect(201).id()
    }
}
