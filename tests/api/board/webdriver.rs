//! Headless Chromium driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`, installed by `scripts/test`): a chromedriver process
//! on a free port and a few WebDriver commands over HTTP.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A browser session; the driver is killed when it is dropped.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

fn find(program: &str, env: &str) -> String {
    if let Ok(path) = std::env::var(env) {
        return path;
    }
    let path = format!("/usr/bin/{program}");
    assert!(
        std::path::Path::new(&path).exists(),
        "{path} is missing: the browser tests need Debian's chromium and chromium-driver; \
         `scripts/test` installs them (or set {env})"
    );
    path
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    pub async fn start() -> Self {
        Self::start_with(true).await
    }

    /// Starts a session whose pages run their scripts, or not (the pages
    /// must work without them; WebDriver's own commands still work).
    pub async fn start_with(scripts: bool) -> Self {
        let driver_path = find("chromedriver", "UZEL_CHROMEDRIVER");
        let chromium = find("chromium", "UZEL_CHROMIUM");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let client = awc::Client::default();
        for _ in 0..100 {
            if let Ok(mut r) = client.get(format!("{base}/status")).send().await
                && r.json::<Value>().await.is_ok_and(|v| v["value"]["ready"] == true)
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain(std::iter::once(format!("--user-data-dir={}", profile.path().display())))
        .collect::<Vec<_>>();
        let prefs = if scripts { json!({}) } else { json!({"profile.managed_default_content_settings.javascript": 2}) };
        let capabilities = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args, "prefs": prefs}}}});
        let mut browser = Self { driver, base, session: String::new(), _profile: profile };
        let answer = browser.call("POST", "/session", Some(capabilities)).await;
        browser.session = answer["sessionId"].as_str().expect("a session").to_owned();
        browser
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let client = awc::Client::builder().timeout(Duration::from_secs(60)).finish();
        let url = format!("{}{path}", self.base);
        let request = match method {
            "POST" => client.post(url),
            "DELETE" => client.delete(url),
            _ => client.get(url),
        };
        let mut response = match body {
            Some(body) => request.send_json(&body).await,
            None => request.send().await,
        }
        .expect("chromedriver answers");
        let value: Value = response.json().limit(16 << 20).await.expect("JSON from chromedriver");
        assert!(response.status().is_success(), "WebDriver {method} {path}: {value}");
        value.get("value").cloned().unwrap_or(value)
    }

    fn at(&self, path: &str) -> String {
        format!("/session/{}{path}", self.session)
    }

    /// Opens `url`.
    pub async fn open(&self, url: &str) {
        self.call("POST", &self.at("/url"), Some(json!({"url": url}))).await;
    }

    /// The element matching `css`.
    pub async fn element(&self, css: &str) -> String {
        let found = self.call("POST", &self.at("/element"), Some(json!({"using": "css selector", "value": css}))).await;
        found[ELEMENT].as_str().expect("an element").to_owned()
    }

    /// Types `text` into the element matching `css`.
    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self.element(css).await;
        self.call("POST", &self.at(&format!("/element/{element}/value")), Some(json!({"text": text}))).await;
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) {
        let element = self.element(css).await;
        self.call("POST", &self.at(&format!("/element/{element}/click")), Some(json!({}))).await;
    }

    /// The address the browser shows.
    pub async fn url(&self) -> String {
        self.call("GET", &self.at("/url"), None).await.as_str().unwrap_or_default().to_owned()
    }

    /// The elements matching `css`.
    pub async fn elements(&self, css: &str) -> Vec<String> {
        let found =
            self.call("POST", &self.at("/elements"), Some(json!({"using": "css selector", "value": css}))).await;
        found.as_array().into_iter().flatten().filter_map(|e| e[ELEMENT].as_str().map(str::to_owned)).collect()
    }

    /// The visible text of an element.
    pub async fn text(&self, element: &str) -> String {
        self.call("GET", &self.at(&format!("/element/{element}/text")), None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// An element's attribute (or property) `name`.
    pub async fn attribute(&self, element: &str, name: &str) -> String {
        let value = self.call("GET", &self.at(&format!("/element/{element}/attribute/{name}")), None).await;
        value.as_str().unwrap_or_default().to_owned()
    }

    /// Writes a screenshot of the page to `path` (PNG), for review.
    pub async fn screenshot(&self, path: &std::path::Path) {
        let encoded = self.call("GET", &self.at("/screenshot"), None).await;
        let bytes = base64_decode(encoded.as_str().unwrap_or_default());
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("the screenshots' folder");
        }
        std::fs::write(path, bytes).expect("the screenshot is written");
    }

    /// Runs `script` in the page and returns its value.
    pub async fn run(&self, script: &str) -> Value {
        self.call("POST", &self.at("/execute/sync"), Some(json!({"script": script, "args": []}))).await
    }

    /// Waits until `script` returns true, at most `seconds`.
    pub async fn wait_until(&self, script: &str, seconds: u64, what: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
        loop {
            if self.run(script).await == Value::Bool(true) {
                return;
            }
            if tokio::time::Instant::now() > deadline {
                let text = self.run("return document.body.innerText").await;
                panic!("timed out waiting for {what}; the page shows:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Browser {
    /// Ends the session (Chromium exits) and the driver.
    pub async fn quit(self) {
        self.call("DELETE", &self.at(""), None).await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (WebDriver's screenshots), without a dependency for it.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn base64_decodes_what_it_should() {
    assert_eq!(base64_decode("dXplbA=="), b"uzel");
    assert_eq!(base64_decode("c8OtxaU="), "síť".as_bytes());
}
