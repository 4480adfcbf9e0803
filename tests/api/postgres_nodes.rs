//! Several real uzel processes on one PostgreSQL database (a throwaway
//! cluster, `tests/common/postgres.rs`): a write answered by one node is
//! read on another with `min_position`, a session started on one is known
//! on the other, a token or an account made on one works on the other at
//! once, failed sign-ins are counted across nodes, and a board subscriber on one receives a post made on the
//! other.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::board::client::{Options, Ws};
use crate::postgres_server::server;

/// One uzel process.
pub struct Node {
    child: Child,
    /// `127.0.0.1:port`.
    pub address: String,
}

impl Node {
    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// Starts `uzel {args} --listen …` and waits until it is ready.
pub async fn node(args: &[&str]) -> Node {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let address = format!("127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_uzel"))
        .args(args)
        .args(["--listen", &address, "--log-level", "warn"])
        .stdout(Stdio::null())
        .spawn()
        .expect("uzel starts");
    let node = Node { child, address };
    let started = Instant::now();
    loop {
        if let Ok(response) = awc::Client::default().get(format!("http://{}/readyz", node.address)).send().await
            && response.status().as_u16() == 200
        {
            return node;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "uzel {args:?} became ready");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Signs the demo's Tachov coordinator in on `node` for a browser session;
/// its cookie, as `uzel_session=…`.
pub async fn session_cookie(node: &Node) -> String {
    let login = json!({"username": "tachov.koordinator", "password": "demo"});
    let client = awc::Client::default();
    let response = client.post(format!("http://{}/api/v1/auth/login", node.address)).send_json(&login).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    response
        .headers()
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.split(';').next().filter(|c| c.starts_with("uzel_session=")))
        .expect("a session cookie")
        .to_owned()
}

/// Nodes A (`uzel demo`, which builds the demo into the database) and B
/// (`uzel serve`) on the database at `url`, and a bearer token of the
/// demo's Tachov coordinator, its token named `name`.
pub async fn two_nodes(url: &str, name: &str) -> (Node, Node, String) {
    let a = node(&["demo", "--store", url]).await;
    let b = node(&["serve", "--store", url]).await;
    let sign_in = json!({"username": "tachov.koordinator", "password": "demo", "name": name});
    let (status, token) = send(&a, "POST", "/api/v1/auth/token", &[], Some(sign_in)).await;
    assert_eq!(status, 201, "{token}");
    let bearer = format!("Bearer {}", token["token"].as_str().unwrap());
    (a, b, bearer)
}

pub async fn send(
    node: &Node,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> (u16, Value) {
    let client = awc::Client::builder().timeout(Duration::from_secs(30)).finish();
    let mut request = client.request(method.parse().unwrap(), format!("http://{}{path}", node.address));
    for (name, value) in headers {
        request = request.insert_header((*name, *value));
    }
    let mut response = match body {
        Some(body) => request.send_json(&body).await,
        None => request.send().await,
    }
    .expect("the node answers");
    let bytes = response.body().limit(1 << 22).await.expect("a body");
    (response.status().as_u16(), serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[actix_web::test]
async fn nodes_on_one_database_share_writes_sessions_and_the_board() {
    let url = server().fresh_database();
    // Node A builds the demo into the database and serves it; node B
    // serves the same database.
    let (a, b, bearer) = two_nodes(&url, "nodes").await;
    let auth = [("Authorization", bearer.as_str())];

    // Credentials made on A work on B at once, not after B's next
    // wake-up: B catches up with the shared log before it calls a token
    // or an account unknown. Several rounds, each racing B's follower.
    let admin = json!({"username": "admin", "password": "demo", "name": "admin"});
    let (status, admin) = send(&a, "POST", "/api/v1/auth/token", &[], Some(admin)).await;
    assert_eq!(status, 201, "{admin}");
    let admin = format!("Bearer {}", admin["token"].as_str().unwrap());
    for round in 0..8 {
        let sign_in = json!({"username": "tachov.koordinator", "password": "demo", "name": format!("round {round}")});
        let (status, fresh) = send(&a, "POST", "/api/v1/auth/token", &[], Some(sign_in)).await;
        assert_eq!(status, 201, "{fresh}");
        let made_at = fresh["position"].clone();
        let fresh = format!("Bearer {}", fresh["token"].as_str().unwrap());
        let (status, me) = send(&b, "GET", "/api/v1/auth/me", &[("Authorization", fresh.as_str())], None).await;
        assert_eq!(status, 200, "round {round}: a token made on A (position {made_at}) is known on B: {me}");

        let username = format!("novy.uzivatel{round}");
        let account = json!({"username": username, "password": "heslo-na-zacatek"});
        let (status, made) =
            send(&a, "POST", "/api/v1/users", &[("Authorization", admin.as_str())], Some(account)).await;
        assert_eq!(status, 201, "{made}");
        let login = json!({"username": username, "password": "heslo-na-zacatek", "name": "b"});
        let (status, signed) = send(&b, "POST", "/api/v1/auth/token", &[], Some(login)).await;
        assert_eq!(status, 201, "round {round}: an account made on A signs in on B: {signed}");
    }

    // Failed sign-ins are counted across nodes: five wrong passwords spread
    // over A and B, and the right one is refused on either (one node alone
    // would have seen three or two).
    let wrong = json!({"username": "novy.uzivatel0", "password": "spatne-heslo", "name": "x"});
    for node in [&a, &b, &a, &b, &a] {
        let (status, refused) = send(node, "POST", "/api/v1/auth/token", &[], Some(wrong.clone())).await;
        assert_eq!(status, 401, "{refused}");
    }
    let right = json!({"username": "novy.uzivatel0", "password": "heslo-na-zacatek", "name": "x"});
    for node in [&b, &a] {
        let (status, throttled) = send(node, "POST", "/api/v1/auth/token", &[], Some(right.clone())).await;
        assert_eq!(status, 429, "the nodes count failures together: {throttled}");
    }

    // Simultaneous guesses at another account, half on each node: exactly
    // the limit reach the password check (401); the rest are refused (429).
    let guesses: Vec<_> = (0..16)
        .map(|n| {
            let address = if n % 2 == 0 { a.address.clone() } else { b.address.clone() };
            actix_web::rt::spawn(async move {
                let guess = json!({"username": "novy.uzivatel1", "password": format!("hadam-{n}"), "name": "x"});
                let client = awc::Client::builder().timeout(Duration::from_secs(30)).finish();
                let sent = client.post(format!("http://{address}/api/v1/auth/token")).send_json(&guess).await;
                sent.expect("the node answers").status().as_u16()
            })
        })
        .collect();
    let mut answers = Vec::new();
    for guess in guesses {
        answers.push(guess.await.expect("the guess was sent"));
    }
    let checked = answers.iter().filter(|s| **s == 401).count();
    assert_eq!(checked, uzel::auth::throttle::PER_ACCOUNT, "exactly the limit across both nodes: {answers:?}");
    assert!(answers.iter().all(|s| *s == 401 || *s == 429), "{answers:?}");

    // The token made on A opens the board on B (news only).
    let options = Options { headers: vec![("Authorization", bearer.clone())], ..Options::default() };
    let mut ws = Ws::connect(&b.address, "/api/v1/board/ws?kinds=news", options).await.expect("B's board opens");
    assert_eq!(ws.json(10).await["type"], "welcome");

    // A post on A: read on B with min_position, and live on B's socket.
    let post = json!({"kind": "news", "title": "Zpráva z uzlu A"});
    let (status, written) = send(&a, "POST", "/api/v1/networks/tachov/board/posts", &auth, Some(post)).await;
    assert_eq!(status, 201, "{written}");
    let position = written["position"].as_u64().unwrap();
    let (status, board) = send(&b, "GET", &format!("/api/v1/board/posts?min_position={position}"), &auth, None).await;
    assert_eq!(status, 200, "{board}");
    assert!(board.to_string().contains("Zpráva z uzlu A"), "B reads A's write: {board}");
    let started = Instant::now();
    let seen = loop {
        let message = ws.json(10).await;
        if message.to_string().contains("Zpráva z uzlu A") {
            break message["position"].as_u64().expect("a frame's position");
        }
        assert!(started.elapsed() < Duration::from_secs(20), "B's subscriber receives A's post");
    };

    // B goes away; its subscriber resumes on a third node from the last
    // frame it saw: the next post, and not the one before.
    drop(ws);
    let _ = Command::new("kill").args(["-KILL", &b.child.id().to_string()]).status();
    drop(b);
    let c = node(&["serve", "--store", &url]).await;
    let later = json!({"kind": "news", "title": "Druhá zpráva"});
    let (status, _) = send(&a, "POST", "/api/v1/networks/tachov/board/posts", &auth, Some(later)).await;
    assert_eq!(status, 201);
    let options = Options { headers: vec![("Authorization", bearer.clone())], ..Options::default() };
    let path = format!("/api/v1/board/ws?kinds=news&from={seen}");
    let mut resumed = Ws::connect(&c.address, &path, options).await.expect("C's board opens");
    let (before, _) = resumed.until("live", 20).await;
    let title = |f: &Value| f["title"].as_str().unwrap_or_default().to_owned();
    let mut titles: Vec<String> = before.iter().filter(|f| f["type"] == "post").map(title).collect();
    if titles.is_empty() {
        // Not in the catch-up: it comes live.
        titles.push(title(&resumed.json(10).await));
    }
    assert_eq!(titles, vec!["Druhá zpráva".to_owned()], "nothing missed, nothing repeated");

    // A session started on C is known on A.
    let cookie = session_cookie(&c).await;
    let (status, me) = send(&a, "GET", "/api/v1/auth/me", &[("Cookie", cookie.as_str())], None).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["username"], "tachov.koordinator");

    // A position no node has reached yet is waited for, then 503 with a
    // reason, not 400: another node may have written it.
    let (status, busy) =
        send(&c, "GET", &format!("/api/v1/auth/me?min_position={}", position + 1_000_000), &auth, None).await;
    assert_eq!(status, 503, "{busy}");
    assert!(busy["detail"].as_str().unwrap_or_default().contains("not seen position"), "{busy}");
}
