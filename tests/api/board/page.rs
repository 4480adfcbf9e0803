//! The board page in a real browser (headless Chromium): sign in, the live
//! board, announcing capacity, and reconnecting by itself after a server
//! restart without missing or repeating a post.

use serde_json::json;
use uzel::domain::user::Grant;

use super::{setup, tachov};
use crate::browser::Browser;
use crate::helpers::{spawn_app, spawn_at};

/// A script: how many posts on the page have this title.
fn count(title: &str) -> String {
    format!("return {}", posts_titled(title))
}

/// A script: whether exactly one post on the page has this title.
fn once(title: &str) -> String {
    format!("return {} === 1", posts_titled(title))
}

fn posts_titled(title: &str) -> String {
    format!(
        "Array.from(document.querySelectorAll('#prispevky .titulek')).filter(e => e.textContent === {title:?}).length"
    )
}

#[actix_web::test]
async fn an_actor_signs_in_sees_the_board_live_announces_capacity_and_the_page_resumes_after_a_restart() {
    let app = spawn_app().await;
    let actor = setup(&app).await;
    let meta = uzel::app::Meta { author: "system:test".into(), ..Default::default() };
    let user = uuid::Uuid::now_v7();
    app.app.create_user(user, "azyl-tachov", "Azylový dům", "heslo-azylu-123", &meta).await.unwrap();
    let grant = Grant::Actor { network: tachov(), actor: uuid::Uuid::parse_str(&actor).unwrap() };
    app.app.user(user, uzel::domain::user::UserCommand::Grant { grant }, &meta).await.unwrap();
    app.post("/api/v1/networks/tachov/board/posts", json!({"kind": "news", "title": "Starší zpráva"}))
        .await
        .expect(201);

    let browser = Browser::start().await;
    browser.open(&format!("{}/board", app.address)).await;
    browser.wait_until("return !document.getElementById('prihlaseni').hidden", 20, "the sign-in form").await;
    assert_eq!(browser.run("return document.documentElement.lang").await, "cs");
    browser.type_into("#jmeno", "azyl-tachov").await;
    browser.type_into("#heslo", "heslo-azylu-123").await;
    browser.click("#prihlaseni-form button").await;
    browser.wait_until("return document.body.dataset.live === '1'", 20, "the live board").await;
    assert_eq!(browser.run(&count("Starší zpráva")).await, 1, "history arrives");

    // Live: a post made elsewhere appears.
    app.post(
        "/api/v1/networks/tachov/board/posts",
        json!({"kind": "event", "title": "Den otevřených dveří",
        "event": {"starts_at": "2027-03-01T09:00:00Z", "place": "Tachov"}}),
    )
    .await
    .expect(201);
    browser.wait_until(&once("Den otevřených dveří"), 20, "the live post").await;

    // Announce capacity from the page.
    browser
        .wait_until("return document.getElementById('kapacita-jednotka').options.length > 0", 20, "the actor's units")
        .await;
    browser.type_into("#kapacita-volno", "4").await;
    browser.type_into("#kapacita-poznamka", "od pondělí").await;
    browser.click("#kapacita-form button").await;
    browser
        .wait_until(
            "return document.getElementById('kapacita-vysledek').textContent.startsWith('Oznámeno')",
            20,
            "the ack",
        )
        .await;
    let frames = app.get("/api/v1/board/posts?kinds=capacity").await.expect(200).body;
    let capacity = &frames["frames"][0];
    assert_eq!(capacity["capacity"]["free"], 4, "{frames}");
    assert_eq!(capacity["text"], "od pondělí");
    assert_eq!(capacity["author"], format!("user:{user}"), "written as the signed-in actor");
    browser
        .wait_until("return document.querySelectorAll('.druh-capacity').length === 1", 20, "the capacity post")
        .await;

    // Restart the server on the same port: the page reconnects by itself
    // and resumes; a post made while it was away appears once.
    let address = app.address.trim_start_matches("http://").to_owned();
    let dir = app.stop().await;
    browser.wait_until("return document.body.dataset.live !== '1'", 20, "the page to notice").await;
    let app = spawn_at(dir, &address).await;
    app.post("/api/v1/networks/tachov/board/posts", json!({"kind": "news", "title": "Po restartu"})).await.expect(201);
    browser.wait_until("return document.body.dataset.live === '1'", 30, "the page to reconnect").await;
    browser.wait_until(&once("Po restartu"), 20, "the post after the restart").await;
    for title in ["Starší zpráva", "Den otevřených dveří", "Po restartu"] {
        assert_eq!(browser.run(&count(title)).await, 1, "{title} once");
    }
    browser.quit().await;
}

#[actix_web::test]
async fn a_stale_announcement_is_marked_and_a_service_without_capacity_is_told_why_it_cannot_announce() {
    let app = spawn_app().await;
    app.tachov().await;
    let entered = (chrono::Utc::now() - chrono::Duration::days(60)).to_rfc3339();
    let fields =
        json!({"name": "Azylový dům Tachov", "need_areas": ["safety"], "capacities": [{"unit": "bed", "max": 20}]});
    let shelter = app
        .post("/api/v1/networks/tachov/actors", json!({"fields": fields, "effective_at": entered}))
        .await
        .expect(201)
        .id();
    // Free places announced three weeks ago, entered today: stale.
    let ago = (chrono::Utc::now() - chrono::Duration::days(21)).to_rfc3339();
    app.post(
        &format!("/api/v1/networks/tachov/actors/{shelter}/capacity"),
        json!({"unit": "bed", "free": 7, "effective_at": ago}),
    )
    .await
    .expect(201);
    let school = app.actor(json!({"name": "ZŠ Zárečná", "need_areas": ["learning"]})).await;
    let meta = uzel::app::Meta { author: "system:test".into(), ..Default::default() };
    let user = uuid::Uuid::now_v7();
    app.app.create_user(user, "skola-tachov", "Škola", "heslo-skoly-123", &meta).await.unwrap();
    let grant = Grant::Actor { network: tachov(), actor: uuid::Uuid::parse_str(&school).unwrap() };
    app.app.user(user, uzel::domain::user::UserCommand::Grant { grant }, &meta).await.unwrap();

    let browser = Browser::start().await;
    browser.open(&format!("{}/board", app.address)).await;
    browser.wait_until("return !document.getElementById('prihlaseni').hidden", 20, "the sign-in form").await;
    browser.type_into("#jmeno", "skola-tachov").await;
    browser.type_into("#heslo", "heslo-skoly-123").await;
    browser.click("#prihlaseni-form button").await;
    browser.wait_until("return document.body.dataset.live === '1'", 20, "the live board").await;
    browser.wait_until("return !document.getElementById('kapacita-zadna').hidden", 20, "the no-capacity message").await;
    assert_eq!(browser.run("return document.querySelector('#kapacita-form button').disabled").await, true);
    browser.wait_until("return document.querySelectorAll('.druh-capacity').length === 1", 20, "the announcement").await;
    let title = browser.run("return document.querySelector('.druh-capacity .titulek').textContent").await;
    let title = title.as_str().unwrap_or_default().to_owned();
    assert!(title.contains("už neplatí") && !title.contains("volných"), "{title}");
    assert_eq!(
        browser.run("return document.querySelector('.druh-capacity').classList.contains('zastarale')").await,
        true
    );
    browser.quit().await;
}
