//! The board's offline notice on PostgreSQL, in a real browser (headless
//! Chromium): a coordinator's open directory page on node A says "Bez
//! spojení" while the database cannot be reached (the board closes its
//! sockets with 1013), and, once the database is back, shows a capacity
//! announced meanwhile through node B — without a reload, and without
//! either node being restarted.

use serde_json::json;

use crate::browser::{Browser, shot};
use crate::postgres_nodes::{send, two_nodes};
use crate::postgres_server::own_server;

#[actix_web::test]
async fn an_open_page_says_it_is_offline_while_postgresql_is_away_and_catches_up_when_back() {
    let cluster = own_server();
    let url = cluster.fresh_database();
    let (a, b, bearer) = two_nodes(&url, "offline").await;
    let auth = [("Authorization", bearer.as_str())];
    let shelter = json!({"fields": {"name": "Noclehárna Na Výsluní", "need_areas": ["material"],
        "capacities": [{"unit": "bed", "max": 10}]}});
    let (status, created) = send(&a, "POST", "/api/v1/networks/tachov/actors", &auth, Some(shelter)).await;
    assert_eq!(status, 201, "{created}");
    let shelter = created["id"].as_str().expect("the actor's id").to_owned();

    let browser = Browser::signed_in(&format!("http://{}", a.address), "tachov.koordinator", "demo").await;
    browser.open(&format!("http://{}/site/tachov/adresar", a.address)).await;
    browser
        .wait_until(
            "return document.querySelector('main').innerText.includes('Noclehárna Na Výsluní')",
            10,
            "the shelter listed",
        )
        .await;
    browser.run("window.__otevreno = true; return 1").await;

    // The database goes away: the page says so, while node A still serves it.
    cluster.crash();
    browser
        .wait_until(
            "return (document.getElementById('spojeni') || {innerText: ''}).innerText.includes('Bez spojení')",
            20,
            "the page saying it is offline",
        )
        .await;
    browser.screenshot(&shot("adresar-bez-spojeni-postgresql.png")).await;

    // Back: B writes again without a restart, and A's page shows it.
    cluster.start_again();
    let capacity = format!("/api/v1/networks/tachov/actors/{shelter}/capacity");
    let started = std::time::Instant::now();
    loop {
        let (status, body) = send(&b, "POST", &capacity, &auth, Some(json!({"unit": "bed", "free": 2}))).await;
        match status {
            201 => break,
            503 if started.elapsed() < std::time::Duration::from_secs(30) => {
                actix_web::rt::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            _ => panic!("the announcement through B once the database is back: {status} {body}"),
        }
    }
    browser
        .wait_until(
            "return document.querySelector('main').innerText.includes('2 volná lůžka') && !document.getElementById('spojeni')",
            30,
            "the announcement made through B, once back",
        )
        .await;
    assert_eq!(browser.run("return window.__otevreno === true").await, true, "without a reload");
    browser.quit().await;
}
