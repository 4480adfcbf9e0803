//! The notice board: posts over HTTP, the websocket with real clients
//! (filters, resume, restart, slow clients, heartbeats, frames, encodings),
//! and the access rules on every frame.

mod access;
pub mod client;
mod page;
mod posts;
mod resume;
mod socket;

use serde_json::{Value, json};

use self::client::{Options, Ws};
use crate::helpers::TestApp;

/// Tachov with one actor that has 100 beds; returns the actor's id.
pub async fn setup(app: &TestApp) -> String {
    app.tachov().await;
    app.actor(json!({"name": "Azylový dům Tachov", "need_areas": ["safety", "material"],
        "capacities": [{"unit": "bed", "max": 100000}]}))
        .await
}

/// `127.0.0.1:port` of the app.
pub fn host(app: &TestApp) -> String {
    app.address.trim_start_matches("http://").to_owned()
}

/// Opens the board as the admin (or `token`), with a query.
pub async fn connect(app: &TestApp, token: Option<&str>, query: &str) -> Ws {
    let token = token.unwrap_or(&app.admin_token);
    let options = Options { headers: vec![("Authorization", format!("Bearer {token}"))], ..Options::default() };
    let mut ws = Ws::connect(&host(app), &format!("/api/v1/board/ws{query}"), options).await.expect("the socket opens");
    let welcome = ws.json(5).await;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    ws
}

/// Announces `free` beds of `actor`; returns the position.
pub async fn announce(app: &TestApp, actor: &str, free: u32) -> u64 {
    app.post(&format!("/api/v1/networks/tachov/actors/{actor}/capacity"), json!({"unit": "bed", "free": free}))
        .await
        .expect(201)
        .position()
}

/// The board's history as the admin sees it, after `from`, all pages.
pub async fn history(app: &TestApp, query: &str) -> Vec<Value> {
    let mut frames = Vec::new();
    let mut from = 0;
    loop {
        let answer = app.get(&format!("/api/v1/board/posts?from={from}&limit=1000{query}")).await.expect(200);
        let page = answer.body["frames"].as_array().cloned().unwrap_or_default();
        from = answer.body["position"].as_u64().expect("a position");
        if page.is_empty() {
            return frames;
        }
        frames.extend(page);
    }
}

/// Post frames until `live`, and the live frame's position.
pub async fn catch_up(ws: &mut Ws) -> (Vec<Value>, u64) {
    let (before, live) = ws.until("live", 10).await;
    let posts = before.into_iter().filter(|f| f["type"] == "post").collect();
    (posts, live["position"].as_u64().expect("a position"))
}

/// A user with `grants` and an API token; returns (token, user id).
pub async fn user(app: &TestApp, name: &str, grants: Vec<uzel::domain::user::Grant>) -> (String, uuid::Uuid) {
    let meta = uzel::app::Meta { author: "system:test".into(), ..Default::default() };
    let id = uuid::Uuid::now_v7();
    app.app.create_user(id, name, name, "password-of-test", &meta).await.expect("a user");
    for grant in grants {
        app.app.user(id, uzel::domain::user::UserCommand::Grant { grant }, &meta).await.expect("a grant");
    }
    (app.app.issue_token(id, "board", &meta).await.expect("a token").token, id)
}

/// The slug `tachov`.
pub fn tachov() -> uzel::domain::ids::Slug {
    uzel::domain::ids::Slug::parse("tachov").unwrap()
}
