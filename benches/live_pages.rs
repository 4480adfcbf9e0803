//! A capacity announcement reaching open pages, against the real binary on
//! loopback: `cargo bench --bench live_pages` (`UZEL_LIVE_PAGES`, default
//! 200 open pages; `UZEL_LIVE_ANNOUNCEMENTS`, default 10 per run;
//! `UZEL_BENCH_RUNS`, default 3).
//!
//! It starts `uzel demo`, signs the case manager in (a session cookie, as
//! a browser has) and opens N directory pages, each doing what the page's
//! script (`/assets/uzel.js`) does: load the page, read its live part
//! (`#zive`: the network, the kinds of posts, the log position it was
//! rendered at), open the board's socket with the session and subscribe
//! from that position; on a post frame, wait the script's debounce and
//! fetch the page again. The service (`tachov.akter`, with an API token)
//! then announces its capacity, one announcement at a time; for each page
//! the bench measures, from the moment the announcement is sent, when the
//! frame arrives and when the page it fetched again shows the
//! announcement (the page's live position is at or past the write's).
//! It reports both at p50, p99 and max over N × announcements: the frame
//! is the peer (the board's delivery alone), the page is what a person
//! sees.

#[allow(dead_code)]
#[path = "../tests/api/board/client.rs"]
mod client;
#[path = "common/http_client.rs"]
mod http_client;

use std::sync::Arc;
use std::time::{Duration, Instant};

use client::{Msg, Options, Ws};
use http_client::{Connection, demo};
use tokio::sync::{Mutex, mpsc};

/// The script's wait between a frame and fetching the page again (it lets
/// a burst of changes cost one fetch); `changed()` in `uzel.js`.
const DEBOUNCE: Duration = Duration::from_millis(300);

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// An attribute's value in `html` after `marker`.
fn attribute<'a>(html: &'a str, name: &str) -> &'a str {
    let key = format!("{name}=\"");
    let at = html.find(&key).unwrap_or_else(|| panic!("{name} in the page")) + key.len();
    html[at..].split('"').next().unwrap_or("")
}

/// One open page: what it measured per announcement (frame, page).
type Seen = (u64, Duration, Duration);

async fn open_page(
    port: u16,
    cookie: Arc<str>,
    page: &'static str,
    start: Arc<Mutex<Instant>>,
    out: mpsc::UnboundedSender<Seen>,
) {
    let mut http = Connection::open(port).await;
    let first = http.send("GET", page, &cookie, None).await;
    assert_eq!(first.status, 200, "{page} opens");
    let html = String::from_utf8_lossy(&first.body).to_string();
    let site = attribute(&html, "data-site").to_owned();
    let kinds: Vec<String> = attribute(&html, "data-druhy").split_whitespace().map(str::to_owned).collect();
    let from: u64 = attribute(&html, "data-pozice").parse().expect("the page's position");
    let options = Options {
        headers: vec![("Cookie", cookie.to_string()), ("Origin", format!("http://127.0.0.1:{port}"))],
        protocol: Some("uzel.board.v1.json"),
        receive_buffer: None,
    };
    let mut ws = Ws::connect(&format!("127.0.0.1:{port}"), "/api/v1/board/ws", options).await.expect("the socket");
    ws.send_json(serde_json::json!({"type": "subscribe", "from": from, "networks": [site], "kinds": kinds,
        "actors": [], "platforms": []}))
        .await;
    loop {
        let text = match ws.recv().await {
            Ok(Msg::Text(text)) => text,
            Ok(Msg::Close(..)) | Err(_) => return,
            Ok(_) => continue,
        };
        let frame: serde_json::Value = serde_json::from_str(&text).expect("a JSON frame");
        if frame["type"] != "post" {
            continue;
        }
        let position = frame["position"].as_u64().unwrap_or(0);
        let began = *start.lock().await;
        let framed = began.elapsed();
        tokio::time::sleep(DEBOUNCE).await;
        let again = http.send("GET", page, &cookie, None).await;
        let html = String::from_utf8_lossy(&again.body).to_string();
        let shown: u64 = attribute(&html, "data-pozice").parse().unwrap_or(0);
        assert!(shown >= position, "the page fetched again shows the announcement");
        let _ = out.send((position, framed, began.elapsed()));
    }
}

/// Figures of one run: (frame p50, p99, max; page p50, p99, max) in ms.
type Figures = [f64; 6];

async fn run(pages: usize, announcements: usize) -> Figures {
    let (port, _server, _dir) = demo().await;
    let mut c = Connection::open(port).await;
    let signed = c.send("POST", "/prihlaseni", "", Some("username=tachov.casemanager&password=demo&dal=")).await;
    assert_eq!(signed.status, 303, "the case manager signs in");
    let cookie: Arc<str> = signed.header("set-cookie").split(';').next().unwrap_or("").into();
    let service = c.send("POST", "/prihlaseni", "", Some("username=tachov.akter&password=demo&dal=")).await;
    let service_cookie = service.header("set-cookie").split(';').next().unwrap_or("").to_owned();
    let home = c.send("GET", "/", &service_cookie, None).await;
    let actor = home.header("location").rsplit('/').next().expect("the service's page").to_owned();
    let issued = c
        .send_json("POST", "/api/v1/auth/token", "", r#"{"username":"tachov.akter","password":"demo","name":"bench"}"#)
        .await;
    let token: serde_json::Value = serde_json::from_slice(&issued.body).expect("a token");
    let token = token["token"].as_str().expect("the token's secret").to_owned();
    let path = format!("/api/v1/networks/tachov/actors/{actor}");
    let entry: serde_json::Value = serde_json::from_slice(&c.send_json("GET", &path, &token, "").await.body).unwrap();
    let unit = entry["fields"]["capacities"][0]["unit"].as_str().expect("a registered capacity").to_owned();
    let max = entry["fields"]["capacities"][0]["max"].as_u64().unwrap_or(1);

    let start = Arc::new(Mutex::new(Instant::now()));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut tasks = Vec::new();
    for _ in 0..pages {
        tasks.push(tokio::spawn(open_page(port, cookie.clone(), "/site/tachov/adresar", start.clone(), tx.clone())));
    }
    // Every page open and subscribed before the first announcement.
    tokio::time::sleep(Duration::from_secs(2) + Duration::from_millis(10 * pages as u64)).await;
    let mut frames = Vec::new();
    let mut shown = Vec::new();
    for i in 0..announcements {
        let body = format!(r#"{{"unit":"{unit}","free":{}}}"#, (i as u64 % max) + 1);
        *start.lock().await = Instant::now();
        let answer = c.send_json("POST", &format!("{path}/capacity"), &token, &body).await;
        assert_eq!(answer.status, 201, "{}", String::from_utf8_lossy(&answer.body));
        let written: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
        let position = written["position"].as_u64().unwrap();
        let mut seen = 0;
        while seen < pages {
            let (at, frame, page) =
                tokio::time::timeout(Duration::from_secs(30), rx.recv()).await.expect("every page sees it").unwrap();
            if at == position {
                frames.push(frame);
                shown.push(page);
                seen += 1;
            }
        }
        // Let the pages settle before the next announcement.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    for task in tasks {
        task.abort();
    }
    let figures = |times: &mut Vec<Duration>| {
        times.sort();
        let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)].as_secs_f64() * 1000.0;
        [at(0.5), at(0.99), times.last().map_or(0.0, |t| t.as_secs_f64() * 1000.0)]
    };
    let f = figures(&mut frames);
    let p = figures(&mut shown);
    [f[0], f[1], f[2], p[0], p[1], p[2]]
}

fn main() {
    let pages = env("UZEL_LIVE_PAGES", 200);
    let announcements = env("UZEL_LIVE_ANNOUNCEMENTS", 10);
    let runs = env("UZEL_BENCH_RUNS", 3).max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let mut all = Vec::new();
    for i in 0..runs {
        let f = runtime.block_on(run(pages, announcements));
        println!(
            "run {} of {runs}, {pages} open directory pages × {announcements} announcements: \
             frame p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; page shows it p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            i + 1,
            f[0],
            f[1],
            f[2],
            f[3],
            f[4],
            f[5]
        );
        all.push(f);
    }
    let median = |k: usize| {
        let mut v: Vec<f64> = all.iter().map(|f| f[k]).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "median of {runs} runs: peer (the frame alone) p50 {:.1} ms, p99 {:.1} ms; \
         the page shows the announcement p50 {:.1} ms, p99 {:.1} ms (the script waits {} ms of it)",
        median(0),
        median(1),
        median(3),
        median(4),
        DEBOUNCE.as_millis()
    );
}
