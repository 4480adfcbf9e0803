//! Headless Chromium driven over WebDriver with fantoccini (Debian's
//! `chromium` and `chromium-driver`, installed by `scripts/test`): a
//! chromedriver process on a free port, one browser session with its own
//! profile, and the few things the tests do with it.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// A browser session; the driver is killed when it is dropped.
pub struct Browser {
    client: Client,
    driver: Child,
    /// The window's size: a desktop's, or a phone's ([`Browser::phone`]).
    window: std::sync::Mutex<(u32, u32)>,
    _profile: tempfile::TempDir,
}

/// A desktop's window, wide and high.
const DESKTOP: (u32, u32) = (1280, 1000);
/// A phone's held upright, in CSS pixels.
const PHONE: (u32, u32) = (390, 844);

/// What on the page reaches past the screen's right edge: the page's
/// width against the screen's, and the first few elements that stick out
/// (those inside a box that scrolls sideways of its own do not count).
const OVERFLOW: &str = "
    const width = document.documentElement.clientWidth;
    const scrollsInside = e => {
        for (let a = e.parentElement; a; a = a.parentElement) {
            const o = getComputedStyle(a).overflowX;
            if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
        }
        return false;
    };
    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
    const wide = [...document.querySelectorAll('body *')]
        .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.right > width + 1 && !scrollsInside(e); })
        .slice(0, 5)
        .map(e => name(e) + ' ends at ' + Math.round(e.getBoundingClientRect().right));
    return { width, page: document.documentElement.scrollWidth, wide };
";

fn find(program: &str, env: &str) -> String {
    if let Ok(path) = std::env::var(env) {
        return path;
    }
    let path = format!("/usr/bin/{program}");
    assert!(
        Path::new(&path).exists(),
        "{path} is missing: the browser tests need Debian's chromium and chromium-driver; \
         `scripts/test` installs them (or set {env})"
    );
    path
}

/// Where a screenshot named `name` is written for review.
pub fn shot(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots").join(name)
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    pub async fn start() -> Self {
        Self::start_with(true).await
    }

    /// A session (scripts on) signed in as `username` on the server at
    /// `address` (`http://…`) through its sign-in form.
    pub async fn signed_in(address: &str, username: &str, password: &str) -> Self {
        let browser = Self::start_with(true).await;
        browser.open(&format!("{address}/prihlaseni")).await;
        browser.type_into("#jmeno", username).await;
        browser.type_into("#heslo", password).await;
        browser.click("form.formular button").await;
        browser.wait_until("return !document.getElementById('heslo')", 10, "signed in").await;
        browser
    }

    /// Starts a session whose pages run their scripts, or not (the pages
    /// must work without them; WebDriver's own commands still work).
    pub async fn start_with(scripts: bool) -> Self {
        let driver_path = find("chromedriver", "UZEL_CHROMEDRIVER");
        let chromium = find("chromium", "UZEL_CHROMIUM");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        // A process group of its own, Chromium included, so that a test
        // that fails before it quits leaves no browser behind (`Drop`).
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--lang=cs",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain(std::iter::once(format!("--window-size={},{}", DESKTOP.0, DESKTOP.1)))
        .chain(std::iter::once(format!("--user-data-dir={}", profile.path().display())))
        .collect();
        let prefs = if scripts { json!({}) } else { json!({"profile.managed_default_content_settings.javascript": 2}) };
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert("goog:chromeOptions".into(), json!({"binary": chromium, "args": args, "prefs": prefs}));
        let url = format!("http://127.0.0.1:{port}");
        let mut client = None;
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(capabilities.clone()).connect(&url).await {
                Ok(c) => {
                    client = Some(c);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
        Self {
            client: client.expect("a WebDriver session"),
            driver,
            window: std::sync::Mutex::new(DESKTOP),
            _profile: profile,
        }
    }

    /// Makes the window a phone's held upright ([`PHONE`]) for the rest of
    /// the session, screenshots included; the width the page then lays out
    /// for (`window.innerWidth`).
    pub async fn phone(&self) -> u64 {
        *self.window.lock().unwrap() = PHONE;
        self.client.set_window_size(PHONE.0, PHONE.1).await.expect("the window resized");
        self.run("return window.innerWidth").await.as_u64().unwrap_or(0)
    }

    /// Makes the window a desktop's again ([`DESKTOP`]).
    pub async fn desktop(&self) {
        *self.window.lock().unwrap() = DESKTOP;
        self.client.set_window_size(DESKTOP.0, DESKTOP.1).await.expect("the window resized");
    }

    /// What on the open page reaches past the screen's right edge: the
    /// screen's width (`width`), the page's (`page`) and the first few
    /// elements that stick out (`wide`; those inside a box that scrolls
    /// sideways of its own do not count).
    pub async fn overflow(&self) -> serde_json::Value {
        self.run(OVERFLOW).await
    }

    /// The fantoccini client, for what these helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `url`.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("the page opens");
    }

    /// The element matching `css`.
    pub async fn element(&self, css: &str) -> Element {
        self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Types `text` into the element matching `css`.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.element(css).await.send_keys(text).await.expect("typed");
    }

    /// Empties the input matching `css` and types `text`.
    pub async fn replace(&self, css: &str, text: &str) {
        let input = self.element(css).await;
        input.clear().await.expect("cleared");
        input.send_keys(text).await.expect("typed");
    }

    /// Types `text` into the input matching `input` and clicks `button` in
    /// one step: a live page that swaps its part between the two would
    /// otherwise lose what was typed.
    pub async fn fill_and_click(&self, input: &str, text: &str, button: &str) {
        self.element(input).await;
        let script = "const [i, t, b] = arguments; const field = document.querySelector(i); \
                      field.value = t; document.querySelector(b).click(); return true;";
        self.client
            .execute(script, vec![Value::from(input), Value::from(text), Value::from(button)])
            .await
            .unwrap_or_else(|e| panic!("cannot fill {input} and click {button}: {e}"));
    }

    /// Clicks the element matching `css`. A live page may swap its part
    /// (a board frame arrived) between finding the element and clicking
    /// it: then the element is found again in the new part, as a person
    /// would click again.
    pub async fn click(&self, css: &str) {
        for _ in 0..10 {
            match self.element(css).await.click().await {
                Ok(()) => return,
                Err(e) if e.to_string().contains("stale element") => {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot click {css}: {e}"),
            }
        }
        panic!("cannot click {css}: the page kept replacing it");
    }

    /// Presses `key` in the element that has the focus.
    pub async fn press(&self, key: Key) {
        let active = self.client.active_element().await.expect("a focused element");
        active.send_keys(&char::from(key).to_string()).await.expect("the key is pressed");
    }

    /// Types `text` into the element that has the focus.
    pub async fn type_here(&self, text: &str) {
        let active = self.client.active_element().await.expect("a focused element");
        active.send_keys(text).await.expect("typed");
    }

    /// The address the browser shows.
    pub async fn url(&self) -> String {
        self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default()
    }

    /// The elements matching `css`.
    pub async fn elements(&self, css: &str) -> Vec<Element> {
        self.client.find_all(Locator::Css(css)).await.unwrap_or_default()
    }

    /// The visible text of an element.
    pub async fn text(&self, element: &Element) -> String {
        element.text().await.unwrap_or_default()
    }

    /// An element's attribute `name`.
    pub async fn attribute(&self, element: &Element, name: &str) -> String {
        element.attr(name).await.ok().flatten().unwrap_or_default()
    }

    /// Writes a screenshot of the whole page to `path` (PNG), for review.
    pub async fn screenshot(&self, path: &Path) {
        let height = self
            .run("window.scrollTo(0, 0); return document.documentElement.scrollHeight")
            .await
            .as_u64()
            .unwrap_or(1000);
        let (width, high) = *self.window.lock().unwrap();
        let _ = self.client.set_window_size(width, u32::try_from(height.clamp(600, 6000)).unwrap_or(high)).await;
        let bytes = self.client.screenshot().await.expect("a screenshot");
        let _ = self.client.set_window_size(width, high).await;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("the screenshots' folder");
        }
        std::fs::write(path, bytes).expect("the screenshot is written");
    }

    /// Runs `script` in the page and returns its value.
    pub async fn run(&self, script: &str) -> Value {
        self.client.execute(script, Vec::new()).await.unwrap_or_else(|e| panic!("the script fails: {e}\n{script}"))
    }

    /// Runs an asynchronous `script` (it calls `arguments[0]` with its
    /// result) and returns that result.
    pub async fn run_async(&self, script: &str) -> Value {
        self.client.execute_async(script, Vec::new()).await.unwrap_or_else(|e| panic!("the script fails: {e}"))
    }

    /// Waits until `script` returns true, at most `seconds`.
    pub async fn wait_until(&self, script: &str, seconds: u64, what: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
        loop {
            if self.client.execute(script, Vec::new()).await.is_ok_and(|v| v == Value::Bool(true)) {
                return;
            }
            if tokio::time::Instant::now() > deadline {
                let text = self.run("return document.body.innerText").await;
                panic!("timed out waiting for {what}; the page shows:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the address ends with `end`, at most 10 seconds.
    pub async fn wait_for_url(&self, end: &str) -> String {
        let mut url = String::new();
        for _ in 0..100 {
            url = self.url().await;
            if url.split('?').next().is_some_and(|u| u.ends_with(end)) {
                return url;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the browser did not reach {end}: {url}");
    }

    /// Ends the session (Chromium exits) and the driver.
    pub async fn quit(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The driver's whole group: Chromium outlives a driver killed alone.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.driver.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
