//! What each reader sees of what they may read: case managers the
//! designated fields, other roles no evaluations or minutes, the public the
//! "where to turn" directory; security headers; the admin command line.

use std::io::Write;
use std::process::{Command, Stdio};

use super::world::{self, EVALUATION, HIDDEN_CONTACT, PRIVATE_NOTE, PUBLIC_CONTACT, Role};
use crate::helpers::{As, spawn_app};

#[actix_web::test]
async fn each_reader_sees_only_what_their_role_allows() {
    let app = spawn_app().await;
    let w = world::build(&app).await;
    let get = |role: Role, path: String| {
        let token = w.tokens.get(&role).cloned();
        let app = &app;
        async move {
            let who = token.as_deref().map_or(As::Anonymous, As::Token);
            app.send_as(who, "GET", &path, None, &[]).await
        }
    };
    let actor = format!("/api/v1/networks/tachov/actors/{}", w.own.actor);
    // The case manager: the name and the designated fields, no notes, no contacts.
    let seen = get(Role::CaseManager, actor.clone()).await.expect(200);
    let fields: Vec<&String> = seen.body["fields"].as_object().unwrap().keys().collect();
    assert_eq!(fields, ["description", "name", "need_areas"], "{}", seen.body);
    assert_eq!(seen.body["notes"], serde_json::json!([]));
    assert_eq!(seen.body["contacts"], serde_json::json!([]));
    // Through the filter shared with them: summaries without undesignated fields, facets of the designated
    // fields only.
    let run = get(Role::CaseManager, format!("/api/v1/networks/tachov/filters/{}/actors", w.own.shared_filter));
    let run = run.await.expect(200);
    assert_eq!(run.body["items"][0]["name"], "Poradna Slunce");
    assert_eq!(run.body["items"][0]["need_areas"], serde_json::json!(["safety"]));
    let facets: Vec<&String> = run.body["facets"].as_object().unwrap().keys().collect();
    assert!(
        facets.iter().all(|f| ["description", "name", "need_areas", "free_capacity"].contains(&f.as_str())),
        "{facets:?}"
    );
    let kept = get(Role::CaseManager, format!("/api/v1/networks/tachov/filters/{}/actors", w.own.coordinators_filter));
    kept.await.problem(403, "forbidden");
    let network = get(Role::CaseManager, "/api/v1/networks/tachov".into()).await.expect(200);
    assert_eq!(network.body["filters"].as_array().unwrap().len(), 1, "only the filter shared with them");
    // Another role of the network: shared notes and every field, no private note.
    let member = get(Role::Member, actor.clone()).await.expect(200);
    assert!(member.text.contains("Sdílená poznámka") && !member.text.contains(PRIVATE_NOTE));
    assert!(member.text.contains(HIDDEN_CONTACT), "contacts are for the network");
    let coordinator = get(Role::Coordinator, actor.clone()).await.expect(200);
    assert!(coordinator.text.contains(PRIVATE_NOTE));
    let regional = get(Role::Regional, actor).await.expect(200);
    assert!(!regional.text.contains(PRIVATE_NOTE), "no private notes for the region");

    // Platforms: evaluations for coordinators and members; minutes and outcomes also for the accounts of
    // member actors (as the board shows them outcomes), not for other roles.
    let platform = format!("/api/v1/networks/tachov/platforms/{}", w.own.platform);
    let by_member = get(Role::Member, platform.clone()).await.expect(200);
    assert!(by_member.text.contains(EVALUATION) && by_member.text.contains("zápis z jednání"));
    let by_actor = get(Role::Actor, platform.clone()).await.expect(200);
    // The actor account's actor coordinates the platform.
    assert!(!by_actor.text.contains(EVALUATION), "evaluations are for the platform's people");
    assert!(by_actor.text.contains("zápis z jednání"), "{}", by_actor.text);
    assert!(by_actor.body["meetings"][0]["outcomes"].as_array().is_some_and(|o| !o.is_empty()), "{}", by_actor.text);
    let by_region = get(Role::Regional, platform).await.expect(200);
    assert!(!by_region.text.contains(EVALUATION) && by_region.text.contains("Leták"));

    // An actor's account changes its own entry only.
    let own = format!("/api/v1/networks/tachov/actors/{}", w.own.actor);
    let other = format!("/api/v1/networks/tachov/actors/{}", w.own.other_actor);
    let token = w.tokens[&Role::Actor].clone();
    let change = serde_json::json!({"fields": {"opening_hours": "Po–Pá 8–16"}});
    app.send_as(As::Token(&token), "PATCH", &own, Some(change.clone()), &[]).await.expect(200);
    app.send_as(As::Token(&token), "PATCH", &other, Some(change), &[]).await.problem(403, "forbidden");
    let capacity = serde_json::json!({"unit": "client", "free": 2});
    app.send_as(As::Token(&token), "POST", &format!("{other}/capacity"), Some(capacity), &[])
        .await
        .problem(403, "forbidden");

    // The public: where to turn, and nothing more.
    let public = get(Role::Public, "/api/v1/networks/tachov/public".into()).await.expect(200);
    assert!(public.text.contains(PUBLIC_CONTACT) && public.text.contains("Pomáhá rodinám"));
    for secret in [HIDDEN_CONTACT, PRIVATE_NOTE, "tajné číslo", "skryta@example.org"] {
        assert!(!public.text.contains(secret), "{secret} in the public directory");
    }
    assert_eq!(public.body["actors"][0]["helps_with"], serde_json::json!(["BEZPEČÍ"]));
    get(Role::Public, "/api/v1/networks/tachov/actors".into()).await.problem(401, "unauthorized");
    // Coordinators grant roles of their own network only.
    let coordinator = w.tokens[&Role::Coordinator].clone();
    let grant = |network: &str| serde_json::json!({"username": "casemanager", "grant": {"role": "case_manager", "network": network}});
    let to = "/api/v1/networks/tachov/grants";
    app.send_as(As::Token(&coordinator), "POST", to, Some(grant("decin")), &[]).await.problem(422, "validation");
    app.send_as(As::Token(&coordinator), "POST", "/api/v1/networks/tachov/revocations", Some(grant("tachov")), &[])
        .await
        .expect(200);
    let after = get(Role::CaseManager, format!("/api/v1/networks/tachov/actors/{}", w.own.actor)).await;
    after.problem(404, "not-found");
}

#[actix_web::test]
async fn every_answer_carries_the_security_headers() {
    let app = spawn_app().await;
    let client = awc::Client::default();
    for path in ["/api/v1/docs", "/api/v1/networks/nowhere/actors", "/healthz"] {
        let response = client.get(format!("{}{path}", app.address)).send().await.unwrap();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let csp = header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("referrer-policy"), "same-origin");
    }
    let mut page = client.get(format!("{}/api/v1/docs", app.address)).send().await.unwrap();
    let html = String::from_utf8(page.body().limit(1 << 22).await.unwrap().to_vec()).unwrap();
    assert!(
        !html.contains("<script") && !html.contains("<style") && !html.contains("style="),
        "no inline script or style"
    );
}

fn uzel(data: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_uzel"))
        .args(["admin"])
        .args(args)
        .arg("--data")
        .arg(data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[actix_web::test]
async fn the_admin_command_line_creates_users_grants_and_resets_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let ok = |out: std::process::Output| {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    ok(uzel(dir.path(), &["create-user", "--username", "spravce"], "dlouhé-heslo\n"));
    ok(uzel(dir.path(), &["grant", "--username", "spravce", "--role", "admin"], ""));
    let short = uzel(dir.path(), &["create-user", "--username", "petr"], "krátké\n");
    assert!(!short.status.success() && String::from_utf8_lossy(&short.stderr).contains("at least 8"));
    let missing = uzel(dir.path(), &["grant", "--username", "spravce", "--role", "coordinator"], "");
    assert!(String::from_utf8_lossy(&missing.stderr).contains("needs --network"));
    let nobody = uzel(dir.path(), &["grant", "--username", "nikdo", "--role", "admin"], "");
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("no user is called"));
    ok(uzel(dir.path(), &["reset-password", "--username", "spravce"], "jiné-dlouhé-heslo\n"));

    let app = crate::helpers::spawn_in(dir).await;
    let login = |password: &str| {
        let body = serde_json::json!({"username": "spravce", "password": password, "name": "t"});
        app.send_as(As::Anonymous, "POST", "/api/v1/auth/token", Some(body), &[])
    };
    login("dlouhé-heslo").await.problem(401, "unauthorized");
    let token = login("jiné-dlouhé-heslo").await.expect(201).id_of("token");
    let users = app.send_as(As::Token(&token), "GET", "/api/v1/users", None, &[]).await.expect(200);
    let spravce = users.body.as_array().unwrap().iter().find(|u| u["username"] == "spravce").unwrap().clone();
    assert_eq!(spravce["grants"], serde_json::json!([{"role": "admin"}]));
}
