//! Sign-in: sessions in cookies with CSRF tokens, API tokens revoked at
//! once, password changes ending sessions, throttled guessing.

use serde_json::json;

use crate::helpers::{Answer, As, TestApp, spawn_app};

/// Creates a coordinator of a fresh `tachov` called `jana`.
async fn jana(app: &TestApp) {
    app.tachov().await;
    app.post(
        "/api/v1/users",
        json!({"username": "jana", "display_name": "Jana", "password": "správné-heslo", "grants": [{"role": "coordinator", "network": "tachov"}]}),
    )
    .await
    .expect(201);
}

async fn login(app: &TestApp, password: &str) -> Answer {
    app.send_as(
        As::Anonymous,
        "POST",
        "/api/v1/auth/login",
        Some(json!({"username": "jana", "password": password})),
        &[],
    )
    .await
}

/// The session secret from a login's `set-cookie`.
fn cookie(answer: &Answer) -> String {
    let header = answer.cookies.iter().find(|c| c.starts_with("uzel_session=")).expect("a session cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(header.contains(attribute), "{attribute} in {header}");
    }
    header.trim_start_matches("uzel_session=").split(';').next().unwrap().to_owned()
}

#[actix_web::test]
async fn a_session_cookie_works_until_logout_and_writes_need_the_csrf_token() {
    let app = spawn_app().await;
    jana(&app).await;
    let answer = login(&app, "správné-heslo").await.expect(200);
    assert_eq!(answer.body["username"], "jana");
    assert_eq!(answer.body["grants"], json!([{"role": "coordinator", "network": "tachov"}]));
    let csrf = answer.body["csrf_token"].as_str().unwrap().to_owned();
    let session = cookie(&answer);
    let me = app.send_as(As::Session(&session, None), "GET", "/api/v1/auth/me", None, &[]).await.expect(200);
    assert_eq!(me.body["csrf_token"], csrf.as_str());

    // A cross-site form post carries the cookie but not the token.
    let path = "/api/v1/networks/tachov/terms";
    let forged = app
        .send_as(As::Session(&session, None), "POST", path, Some(json!({"kind": "place", "name": "Bor"})), &[])
        .await
        .problem(403, "csrf");
    assert!(forged.body["detail"].as_str().unwrap().contains("x-csrf-token"));
    let wrong = app
        .send_as(As::Session(&session, Some("0000")), "POST", path, Some(json!({"kind": "place", "name": "Bor"})), &[])
        .await;
    wrong.problem(403, "csrf");
    let network = app.get("/api/v1/networks/tachov").await.expect(200);
    assert!(!network.text.contains("Bor"), "a refused write wrote nothing");
    let made = app
        .send_as(As::Session(&session, Some(&csrf)), "POST", path, Some(json!({"kind": "place", "name": "Bor"})), &[])
        .await
        .expect(201);
    let position = made.position();
    let all = uzel::log::EventFilter::all();
    let read = app.app.log.read_all(uzel::log::ReadFrom::At(position), uzel::log::Direction::Forward, 1, &all);
    let event = read.await.unwrap().events.remove(0);
    let jana = app.app.user_named("jana").unwrap();
    assert_eq!(event.author, format!("user:{jana}"), "every event records its author");

    let out = app.send_as(As::Session(&session, Some(&csrf)), "POST", "/api/v1/auth/logout", None, &[]).await;
    out.expect(204);
    app.send_as(As::Session(&session, None), "GET", "/api/v1/auth/me", None, &[]).await.problem(401, "unauthorized");
    app.send_as(
        As::Session(&session, Some(&csrf)),
        "POST",
        path,
        Some(json!({"kind": "place", "name": "Hošťka"})),
        &[],
    )
    .await
    .problem(401, "unauthorized");
}

#[actix_web::test]
async fn a_password_change_ends_every_session_and_the_old_password() {
    let app = spawn_app().await;
    jana(&app).await;
    let session = cookie(&login(&app, "správné-heslo").await.expect(200));
    let jana = app.app.user_named("jana").unwrap();
    app.put(&format!("/api/v1/users/{jana}/password"), json!({"password": "krátké"})).await.problem(422, "validation");
    app.put(&format!("/api/v1/users/{jana}/password"), json!({"password": "nové-dlouhé-heslo"})).await.expect(200);
    app.send_as(As::Session(&session, None), "GET", "/api/v1/auth/me", None, &[]).await.problem(401, "unauthorized");
    login(&app, "správné-heslo").await.problem(401, "unauthorized");
    login(&app, "nové-dlouhé-heslo").await.expect(200);
}

#[actix_web::test]
async fn a_revoked_token_opens_nothing_from_the_next_request_on() {
    let app = spawn_app().await;
    jana(&app).await;
    let body = json!({"username": "jana", "password": "správné-heslo", "name": "skript"});
    let issued = app.send_as(As::Anonymous, "POST", "/api/v1/auth/token", Some(body), &[]).await.expect(201);
    let token = issued.body["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("uzel_"));
    let id = issued.body["id"].as_str().unwrap().to_owned();
    let listed = app.send_as(As::Token(&token), "GET", "/api/v1/auth/tokens", None, &[]).await.expect(200);
    assert!(!listed.text.contains(&token), "a token's secret is shown once only");
    assert_eq!(listed.body[0]["name"], "skript");
    app.send_as(As::Token(&token), "GET", "/api/v1/networks/tachov/actors", None, &[]).await.expect(200);
    for _ in 0..20 {
        // Revoke and use at once, again and again: never one request too many.
        let issued =
            app.send_as(As::Token(&token), "POST", "/api/v1/auth/tokens", Some(json!({"name": "krátký"})), &[]);
        let issued = issued.await.expect(201);
        let (short, short_id) = (issued.body["token"].as_str().unwrap().to_owned(), issued.id_of("id"));
        app.send_as(As::Token(&short), "GET", "/api/v1/auth/me", None, &[]).await.expect(200);
        let path = format!("/api/v1/auth/tokens/{short_id}");
        app.send_as(As::Token(&short), "DELETE", &path, None, &[]).await.expect(200);
        app.send_as(As::Token(&short), "GET", "/api/v1/auth/me", None, &[]).await.problem(401, "unauthorized");
    }
    app.send_as(As::Token(&token), "DELETE", &format!("/api/v1/auth/tokens/{id}"), None, &[]).await.expect(200);
    app.send_as(As::Token(&token), "GET", "/api/v1/networks/tachov/actors", None, &[])
        .await
        .problem(401, "unauthorized");
    let bogus = app.send_as(As::Token("uzel_nonsense"), "GET", "/api/v1/auth/me", None, &[]).await;
    bogus.problem(401, "unauthorized");
}

#[actix_web::test]
async fn guessing_passwords_gets_throttled_per_account() {
    let app = spawn_app().await;
    jana(&app).await;
    for _ in 0..5 {
        login(&app, "hádám").await.problem(401, "unauthorized");
    }
    let throttled = login(&app, "správné-heslo").await.problem(429, "throttled");
    assert!(throttled.body["detail"].as_str().unwrap().contains("try again"));
    // An unknown account is refused the same way as a wrong password.
    let unknown = app
        .send_as(As::Anonymous, "POST", "/api/v1/auth/login", Some(json!({"username": "nikdo", "password": "x"})), &[])
        .await
        .problem(401, "unauthorized");
    assert_eq!(unknown.body["detail"], "the username or the password is wrong");
}
