//! `uzel backup --store` and `uzel restore --store`: a PostgreSQL log
//! copied by `pg_dump` while a node serves it and writes, restored into an
//! empty database (checked), refused over a database that holds a log, and
//! served again with every write acknowledged before the backup.

use std::cell::{Cell, RefCell};
use std::process::{Command, Stdio};
use std::rc::Rc;

use serde_json::json;

use crate::postgres_faults::titles;
use crate::postgres_nodes::{node, send};
use crate::postgres_server::server;

fn uzel(args: Vec<String>) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_uzel")).args(args).stdin(Stdio::null()).output().unwrap()
}

#[actix_web::test]
async fn a_postgresql_log_backed_up_while_a_node_writes_is_restored_into_an_empty_database() {
    let url = server().fresh_database();
    let a = node(&["demo", "--store", &url]).await;
    let sign_in = json!({"username": "tachov.koordinator", "password": "demo", "name": "zaloha"});
    let (status, token) = send(&a, "POST", "/api/v1/auth/token", &[], Some(sign_in)).await;
    assert_eq!(status, 201, "{token}");
    let bearer = format!("Bearer {}", token["token"].as_str().unwrap());
    let post = |title: String| json!({"kind": "news", "title": title});
    let path = "/api/v1/networks/tachov/board/posts";
    let mut before = Vec::new();
    for n in 0..20 {
        let title = format!("Před zálohou {n}");
        let (status, written) =
            send(&a, "POST", path, &[("Authorization", bearer.as_str())], Some(post(title.clone()))).await;
        assert_eq!(status, 201, "{written}");
        before.push(title);
    }

    // A writer keeps writing while the backup runs.
    let (stop, during) = (Rc::new(Cell::new(false)), Rc::new(RefCell::new(0)));
    let writer = {
        let (stop, during, address, bearer) = (stop.clone(), during.clone(), a.address.clone(), bearer.clone());
        actix_web::rt::spawn(async move {
            let client = awc::Client::default();
            while !stop.get() {
                let title = format!("Během zálohy {}", during.borrow());
                let sent = client
                    .post(format!("http://{address}/api/v1/networks/tachov/board/posts"))
                    .insert_header(("Authorization", bearer.as_str()))
                    .send_json(&json!({"kind": "news", "title": title}))
                    .await;
                assert_eq!(sent.expect("A answers").status().as_u16(), 201);
                *during.borrow_mut() += 1;
            }
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("zaloha").display().to_string();
    let args = vec!["backup".into(), "--store".into(), url.clone(), "--to".into(), to.clone()];
    let backup = actix_web::rt::task::spawn_blocking(move || uzel(args)).await.unwrap();
    stop.set(true);
    writer.await.unwrap();
    let said = String::from_utf8_lossy(&backup.stdout);
    assert!(backup.status.success(), "{said}{}", String::from_utf8_lossy(&backup.stderr));
    assert!(said.contains("backup of the PostgreSQL log"), "{said}");
    assert!(*during.borrow() > 0, "the node wrote while the backup ran");

    // Into a database that holds a log: refused.
    let over = uzel(vec!["restore".into(), "--from".into(), to.clone(), "--store".into(), url.clone()]);
    assert!(!over.status.success());
    assert!(String::from_utf8_lossy(&over.stderr).contains("never overwrites"), "{over:?}");

    // Into an empty database: restored and checked.
    let restored = server().fresh_database();
    let back = uzel(vec!["restore".into(), "--from".into(), to, "--store".into(), restored.clone()]);
    let said = String::from_utf8_lossy(&back.stdout);
    assert!(back.status.success(), "{said}{}", String::from_utf8_lossy(&back.stderr));
    assert!(said.contains("restored"), "{said}");

    // Served again: every post acknowledged before the backup is there,
    // and the token made before it still works.
    let b = node(&["serve", "--store", &restored]).await;
    let found = titles(&b, &bearer, 0, 0).await;
    let missing: Vec<&String> = before.iter().filter(|t| !found.contains(*t)).collect();
    assert!(missing.is_empty(), "lost in the backup: {missing:?}");
}
