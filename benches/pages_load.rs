//! The web application's pages under load, against the real binary on
//! loopback: `cargo bench --bench pages_load` (`UZEL_PAGE_USERS`, default
//! 32 concurrent users; `UZEL_PAGE_SECONDS` per page, default 5;
//! `UZEL_BENCH_RUNS`, default 3).
//!
//! It starts `uzel demo`, signs a coordinator in through the sign-in form
//! (a session cookie, as a browser has), and has N users, each on its own
//! keep-alive connection, fetch one page after another as fast as the
//! server answers: the directory, the directory filtered, an actor's page
//! and the network's overview; and, without signing in, the public "Kam se
//! obrátit" with a search. For each it reports the latency (from
//! sending the request to having the whole page; loopback, so the server's
//! time and a little more) at p50, p99 and max, the pages per second, and
//! the bytes a browser transfers for the page: the HTML plus the one
//! stylesheet and the one script. Next to them, in the same run, the peer:
//! `/healthz` (a handler that does nothing) under the same load, what the
//! HTTP stack alone costs. The median of the runs is printed last.

#[allow(dead_code)]
#[path = "common/http_client.rs"]
mod http_client;

use std::sync::Arc;
use std::time::{Duration, Instant};

use http_client::{Connection, demo};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What one page did under load.
#[derive(Clone, Debug, Default)]
struct Figures {
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    per_second: f64,
    bytes: usize,
}

async fn load(port: u16, path: &str, cookie: &str, users: usize, seconds: u64) -> Figures {
    let path: Arc<str> = path.into();
    let cookie: Arc<str> = cookie.into();
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..users {
        let (path, cookie) = (path.clone(), cookie.clone());
        tasks.push(tokio::spawn(async move {
            let mut connection = Connection::open(port).await;
            let mut times = Vec::new();
            let mut bytes = 0;
            while Instant::now() < until {
                let start = Instant::now();
                let answer = connection.send("GET", &path, &cookie, None).await;
                times.push(start.elapsed());
                assert_eq!(answer.status, 200, "{path} answers 200");
                bytes = answer.body.len();
            }
            (times, bytes)
        }));
    }
    let mut times = Vec::new();
    let mut bytes = 0;
    for task in tasks {
        let (t, b) = task.await.expect("a user");
        times.extend(t);
        bytes = b;
    }
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)].as_secs_f64() * 1000.0;
    Figures {
        p50_ms: at(0.50),
        p99_ms: at(0.99),
        max_ms: times.last().map_or(0.0, |t| t.as_secs_f64() * 1000.0),
        per_second: times.len() as f64 / seconds as f64,
        bytes,
    }
}

/// One run: the pages and the peer, each under `users` for `seconds`.
async fn run(users: usize, public_users: usize, seconds: u64) -> Vec<(String, Figures)> {
    let (port, _server, _dir) = demo().await;
    let mut c = Connection::open(port).await;
    let signed = c.send("POST", "/prihlaseni", "", Some("username=tachov.koordinator&password=demo&dal=")).await;
    assert_eq!(signed.status, 303, "the coordinator signs in");
    let cookie = signed.header("set-cookie").split(';').next().unwrap_or("").to_owned();
    let directory = c.send("GET", "/site/tachov/adresar", &cookie, None).await;
    let html = String::from_utf8_lossy(&directory.body).to_string();
    let at = html.find("href=\"/site/tachov/akter/").expect("an actor in the directory") + 6;
    let actor = html[at..].split('"').next().unwrap().to_owned();
    let assets = c.send("GET", "/assets/uzel.css", "", None).await.body.len()
        + c.send("GET", "/assets/uzel.js", "", None).await.body.len();
    let pages = [
        ("directory".to_owned(), "/site/tachov/adresar".to_owned()),
        ("directory, filtered".to_owned(), "/site/tachov/adresar?need_area=safety&focus=intervention".to_owned()),
        ("actor page".to_owned(), actor),
        ("network overview".to_owned(), "/site/tachov".to_owned()),
        (format!("public page ({public_users} users)"), "/?sit=tachov&oblast=safety".to_owned()),
        ("peer: /healthz".to_owned(), "/healthz".to_owned()),
    ];
    let mut out = Vec::new();
    for (name, path) in pages {
        // Warm the caches the first requests fill (a fresh connection: the
        // server closes one idle longer than its keep-alive).
        Connection::open(port).await.send("GET", &path, &cookie, None).await;
        let (who, many) = if name.starts_with("public") { ("", public_users) } else { (cookie.as_str(), users) };
        let mut figures = load(port, &path, who, many, seconds).await;
        if !name.starts_with("peer") {
            figures.bytes += assets;
        }
        out.push((format!("{name} ({path})"), figures));
    }
    out
}

fn main() {
    let users = env("UZEL_PAGE_USERS", 32);
    let public_users = env("UZEL_PUBLIC_USERS", 64);
    let seconds = env("UZEL_PAGE_SECONDS", 5) as u64;
    let runs = env("UZEL_BENCH_RUNS", 3).max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let mut all: Vec<Vec<(String, Figures)>> = Vec::new();
    for i in 0..runs {
        let figures = runtime.block_on(run(users, public_users, seconds));
        println!("run {} of {runs}, {users} concurrent users:", i + 1);
        for (name, f) in &figures {
            println!(
                "  {name}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {:.0} pages/s, {} bytes with its assets",
                f.p50_ms, f.p99_ms, f.max_ms, f.per_second, f.bytes
            );
        }
        all.push(figures);
    }
    println!("median of {runs} runs, {users} concurrent users:");
    for (i, (name, _)) in all[0].iter().enumerate() {
        let median = |pick: fn(&Figures) -> f64| {
            let mut values: Vec<f64> = all.iter().map(|r| pick(&r[i].1)).collect();
            values.sort_by(f64::total_cmp);
            values[values.len() / 2]
        };
        println!(
            "  {name}: p50 {:.2} ms, p99 {:.2} ms, {:.0} pages/s, {} bytes with its assets",
            median(|f| f.p50_ms),
            median(|f| f.p99_ms),
            median(|f| f.per_second),
            all[0][i].1.bytes
        );
    }
}
