//! `uzel migrate --from DIR --to postgres://…`: a data directory's log and
//! the stores beside it copied as they are, verified, resumable, and
//! refused into a database that holds another log; a node then serves the
//! database with the same records, tokens and contact persons.

use std::process::Command;

use serde_json::json;

use crate::helpers::spawn_app;
use crate::postgres_nodes::{node, send};
use crate::postgres_server::server;

fn uzel(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_uzel")).args(args).output().expect("uzel runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[actix_web::test]
async fn a_data_directory_moves_to_postgresql_as_it_is() {
    let app = spawn_app().await;
    app.tachov().await;
    let actor = app.actor(json!({"name": "Poradna pro rodinu"})).await;
    let base = format!("/api/v1/networks/tachov/actors/{actor}");
    app.post(&format!("{base}/contacts"), json!({"name": "Jana Vzorová", "email": "jana@example.org"}))
        .await
        .expect(201);
    let before = app.get(&base).await.expect(200).body;
    let token = app.admin_token.clone();
    let dir = app.stop().await;
    let from = dir.path().to_str().unwrap();
    let url = server().fresh_database();

    let (ok, text) = uzel(&["migrate", "--from", from, "--to", &url]);
    assert!(ok, "{text}");
    assert!(text.contains("ok: ") && text.contains("consistent"), "verified: {text}");
    let (ok, again) = uzel(&["migrate", "--from", from, "--to", &url]);
    assert!(ok && again.contains("resuming after position") && again.contains("copied 0 events"), "{again}");
    let (ok, check) = uzel(&["check", "--store", &url]);
    assert!(ok, "{check}");

    // A node on the database: the same actor, its contact person readable
    // (the keys came along), the same token.
    let pg = node(&["serve", "--store", &url]).await;
    let bearer = format!("Bearer {token}");
    let (status, after) = send(&pg, "GET", &base, &[("Authorization", bearer.as_str())], None).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["fields"], before["fields"]);
    assert_eq!(after["contacts"][0]["name"], "Jana Vzorová", "{after}");
    assert_eq!(after["version"], before["version"]);
    drop(pg);

    // Another log's database is refused, and left as it was.
    let other = server().fresh_database();
    let (ok, _) = uzel(&["log-load", "--store", &other, "--writers", "1", "--events", "3"]);
    assert!(ok);
    let (ok, refused) = uzel(&["migrate", "--from", from, "--to", &other]);
    assert!(!ok && refused.contains("another"), "{refused}");
}
