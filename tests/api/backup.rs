//! Online backup: a consistent copy at one position while 32 writers keep
//! writing; restore; check; and `uzel backup` reaching a running server
//! through its control file.

use std::cell::RefCell;
use std::process::{Command, Stdio};
use std::rc::Rc;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{As, spawn_app, spawn_in};

const WRITERS: usize = 32;

fn uzel(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_uzel")).args(args).stdin(Stdio::null()).output().unwrap()
}

#[actix_web::test]
async fn a_backup_under_32_writers_holds_exactly_the_writes_up_to_its_position() {
    let app = Rc::new(spawn_app().await);
    let (group, ..) = app.tachov().await;
    // (actor id, position, acknowledged before the backup was asked for)
    let acks: Rc<RefCell<Vec<(String, u64, bool)>>> = Rc::default();
    let asked = Rc::new(std::cell::Cell::new(false));
    let stop = Rc::new(std::cell::Cell::new(false));
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let (app, acks, asked, stop, group) = (app.clone(), acks.clone(), asked.clone(), stop.clone(), group.clone());
        writers.push(actix_web::rt::spawn(async move {
            let mut n = 0;
            while !stop.get() {
                let fields =
                    json!({"name": format!("Služba {w}-{n}"), "target_groups": [group], "need_areas": ["safety"]});
                let body = json!({ "fields": fields });
                let answer = app.post("/api/v1/networks/tachov/actors", body).await;
                if answer.status.as_u16() != 201 {
                    return format!("writer {w}: {} {}", answer.status, answer.text);
                }
                // Acknowledged before the backup was asked for?
                let before = !asked.get();
                acks.borrow_mut().push((answer.id(), answer.position(), before));
                n += 1;
            }
            String::new()
        }));
    }
    let started = Instant::now();
    while acks.borrow().len() < 300 {
        assert!(started.elapsed() < Duration::from_secs(120), "the writers stalled at {}", acks.borrow().len());
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
    let target = tempfile::tempdir().unwrap();
    let to = target.path().join("zaloha");
    asked.set(true);
    let backup = app.post("/api/v1/admin/backups", json!({"to": to.display().to_string()})).await.expect(201);
    let position = backup.body["position"].as_u64().unwrap();
    // The writers go on after the copy, then stop.
    let after = acks.borrow().len();
    while acks.borrow().len() < after + 200 {
        assert!(started.elapsed() < Duration::from_secs(240), "the writers stalled at {}", acks.borrow().len());
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
    stop.set(true);
    for writer in writers {
        assert_eq!(writer.await.unwrap(), "", "every write is acknowledged");
    }
    let acks = acks.borrow().clone();
    assert!(acks.iter().any(|a| a.1 > position), "writes went on past the backup's position");
    for (id, at, before) in &acks {
        if *before {
            assert!(*at <= position, "{id} was acknowledged at {at} before the backup, which is at {position}");
        }
    }

    let check = uzel(&["check", "--data", to.to_str().unwrap()]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.contains(&format!("(last position {position})")), "{text}");

    let restored = target.path().join("obnoveno");
    let restore = uzel(&["restore", "--from", to.to_str().unwrap(), "--data", restored.to_str().unwrap()]);
    assert!(restore.status.success(), "{}", String::from_utf8_lossy(&restore.stderr));
    let into_used = uzel(&["restore", "--from", to.to_str().unwrap(), "--data", app.dir.path().to_str().unwrap()]);
    assert_eq!(into_used.status.code(), Some(1), "a restore never overwrites");
    assert!(String::from_utf8_lossy(&into_used.stderr).contains("never overwrites"));

    // The restored directory: every write up to the position, none after.
    let dir = tempfile::TempDir::new_in(target.path()).unwrap();
    std::fs::remove_dir(dir.path()).unwrap();
    std::fs::rename(&restored, dir.path()).unwrap();
    let copy = spawn_in(dir).await;
    let model = copy.app.models.read().actors.keys().map(|id| id.to_string()).collect::<std::collections::HashSet<_>>();
    for (id, at, _) in &acks {
        assert_eq!(model.contains(id), *at <= position, "{id} at {at}, backup at {position}");
    }
    // The restored server signs the same users in.
    let me = copy.send_as(As::Token(&app.admin_token), "GET", "/api/v1/auth/me", None, &[]).await;
    assert_eq!(me.status, 200, "the token of the original works on the copy: {}", me.text);
}

#[actix_web::test]
async fn a_backup_is_refused_to_the_public_a_relative_path_and_a_directory_with_files() {
    let app = spawn_app().await;
    let target = tempfile::tempdir().unwrap();
    let to = target.path().join("b").display().to_string();
    let anonymous = app.send_as(As::Anonymous, "POST", "/api/v1/admin/backups", Some(json!({"to": to})), &[]).await;
    assert_eq!(anonymous.status, 401);
    let forged = app
        .send_as(
            As::Anonymous,
            "POST",
            "/api/v1/admin/backups",
            Some(json!({"to": to})),
            &[("x-uzel-control", "guess")],
        )
        .await;
    assert_eq!(forged.status, 401, "a wrong control key opens nothing");
    app.post("/api/v1/admin/backups", json!({"to": "relative/dir"})).await.problem(422, "validation");
    let used = app.post("/api/v1/admin/backups", json!({"to": target.path().display().to_string()})).await;
    assert_eq!(used.status, 201, "an empty directory takes a backup: {}", used.text);
    let again = app.post("/api/v1/admin/backups", json!({"to": target.path().display().to_string()})).await;
    let again = again.problem(422, "validation");
    assert!(again.text.contains("new or empty directory"), "{}", again.text);
}

#[actix_web::test]
async fn uzel_backup_reaches_the_server_that_holds_the_directory_and_check_reads_a_read_only_copy() {
    backup_through("serve").await;
}

#[actix_web::test]
async fn uzel_backup_reaches_a_running_demo_too() {
    backup_through("demo").await;
}

/// `uzel backup --data DIR` while `uzel {command} --data DIR` serves it.
async fn backup_through(command: &str) {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_uzel"))
        .args([command, "--log-level", "warn", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(dir.path())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !dir.path().join("control.json").exists() {
        assert!(started.elapsed() < Duration::from_secs(120), "`uzel {command}` writes its control file");
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    let target = tempfile::tempdir().unwrap();
    let to = target.path().join("zaloha");
    let out = uzel(&["backup", "--data", dir.path().to_str().unwrap(), "--to", to.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("the server writes the backup while it serves"), "{text}");
    assert!(text.contains("ok: positions"), "the backup is checked: {text}");
    let health = awc::Client::default().get(format!("http://127.0.0.1:{port}/healthz")).send().await.unwrap();
    assert_eq!(health.status().as_u16(), 200, "the server still serves");
    stop_child(&mut server);

    // A directory this user cannot write is checked through a copy.
    set_read_only(&to, true);
    let check = uzel(&["check", "--data", to.to_str().unwrap()]);
    set_read_only(&to, false);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

fn stop_child(child: &mut std::process::Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn set_read_only(dir: &std::path::Path, read_only: bool) {
    for entry in walk(dir) {
        let mut permissions = std::fs::metadata(&entry).unwrap().permissions();
        permissions.set_readonly(read_only);
        std::fs::set_permissions(&entry, permissions).unwrap();
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut all = vec![dir.to_owned()];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { all.extend(walk(&path)) } else { all.push(path) }
    }
    all
}
