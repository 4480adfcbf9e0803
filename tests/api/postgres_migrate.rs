//! `uzel migrate --from DIR --to postgres://…`: a data directory's log and
//! the stores beside it copied as they are, verified, resumable, and
//! refused into a database that holds another log; a node then serves the
//! database with the same records, tokens and contact persons, while the
//! export, import and erase-person commands work on the database too.

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

    // The commands that work on a store work on the database while nodes
    // serve it: an export, an import's dry run, and an erasure — which the
    // serving node holds at once (it forgets the person's key).
    let out = tempfile::tempdir().unwrap();
    let book = out.path().join("tachov.xlsx");
    let book = book.to_str().unwrap();
    let (ok, text) = uzel(&["export", "xlsx", "--store", &url, "--network", "tachov", "--out", book]);
    assert!(ok, "{text}");
    assert_eq!(&std::fs::read(book).unwrap()[..2], b"PK", "an .xlsx workbook");
    let (ok, text) = uzel(&["import", "--store", &url, "--network", "tachov", "--file", book, "--as", "root"]);
    assert!(ok && text.contains("nanečisto"), "{text}");
    let person = after["contacts"][0]["id"].as_str().unwrap();
    let erase = ["erase-person", "--store", &url, "--network", "tachov", "--actor", &actor.to_string()];
    let (ok, text) = uzel(&[&erase[..], &["--person", person]].concat());
    assert!(ok && text.contains("erased"), "{text}");
    let after_position = text.split("log position ").nth(1).unwrap_or_default();
    let position: String = after_position.chars().take_while(char::is_ascii_digit).collect();
    let path = format!("{base}?min_position={position}");
    let (status, erased) = send(&pg, "GET", &path, &[("Authorization", bearer.as_str())], None).await;
    assert_eq!(status, 200, "{erased}");
    assert_eq!(erased["contacts"][0]["erased"], true, "{erased}");
    assert!(!erased.to_string().contains("Jana Vzorová"), "the serving node forgot the person: {erased}");
    drop(pg);

    // Another log's database is refused, and left as it was.
    let other = server().fresh_database();
    let (ok, _) = uzel(&["log-load", "--store", &other, "--writers", "1", "--events", "3"]);
    assert!(ok);
    let (ok, refused) = uzel(&["migrate", "--from", from, "--to", &other]);
    assert!(!ok && refused.contains("another"), "{refused}");
}
