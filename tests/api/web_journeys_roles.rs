//! The other roles' journeys in a real browser (headless Chromium through
//! fantoccini), each with its screenshots under `target/screenshots/`: a
//! case manager asks for a place (an identifying request refused with the
//! reason shown as it is typed and after sending), a service offers, the
//! case manager shares the offer and resolves the request; the regional
//! coordinator compares two networks and drills into one read-only; the
//! coordinator opens the change set of the last year and the directory as
//! it was six months ago; a parent finds a service by need and place
//! without signing in; an open page says it is offline while the server is
//! down and, back, shows what it missed without a reload.

use chrono::{Duration, Utc};
use serde_json::json;
use uzel::domain::ids::Slug;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::browser::{Browser, shot};
use crate::helpers::{TestApp, spawn_app};

/// A browser signed in as `name` (password `password-of-test`), on the page
/// its role lands on.
async fn signed_in(app: &TestApp, name: &str) -> Browser {
    Browser::signed_in(&app.address, name, "password-of-test").await
}

async fn main_text(browser: &Browser) -> String {
    browser.run("return document.querySelector('main').innerText").await.as_str().unwrap_or_default().to_owned()
}

/// Waits until the page's main part says `text`.
async fn until_says(browser: &Browser, text: &str, what: &str) {
    let script = format!("return document.querySelector('main').innerText.includes({})", json!(text));
    browser.wait_until(&script, 10, what).await;
}

#[actix_web::test]
async fn a_case_manager_asks_for_a_place_a_service_offers_and_the_request_is_resolved() {
    let app = spawn_app().await;
    app.tachov().await;
    let shelter = app
        .actor(json!({"name": "Azylový dům Tachov", "need_areas": ["material"],
            "capacities": [{"unit": "bed", "max": 10}]}))
        .await;
    user(&app, "azyl", vec![Grant::Actor { network: tachov(), actor: shelter.parse().unwrap() }]).await;
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;

    let cm = signed_in(&app, "cm-tachov").await;
    cm.open(&format!("{}/site/tachov/poptavky", app.address)).await;
    cm.type_into("#title", "Lůžko pro matku").await;
    cm.type_into("#text", "Jana Nováková, nar. 5.3.2015, bytem Tachov").await;
    // Said as it is typed, before anything is sent.
    cm.wait_until(
        "return document.getElementById('kontrola-vysledek').innerText.includes('Text vypadá, že obsahuje údaje')",
        10,
        "the identifying data named while typing",
    )
    .await;
    cm.screenshot(&shot("poptavka-kontrola.png")).await;
    // And refused when sent anyway, the reason by the field.
    cm.click("#poptavka-formular button[type=submit]").await;
    cm.wait_until("return !!document.querySelector('.chyby')", 10, "the refusal").await;
    assert!(main_text(&cm).await.contains("Text vypadá, že obsahuje údaje"), "{}", main_text(&cm).await);
    assert!(!app.get("/api/v1/board/posts").await.text.contains("Lůžko pro matku"), "nothing written");
    cm.replace("#text", "Matka se 2 dětmi (3 a 7 let), od pondělí, ORP Tachov.").await;
    cm.click("label[for='need_areas-5']").await;
    cm.click("#poptavka-formular button[type=submit]").await;
    cm.wait_until("return !!document.querySelector('.potvrzeni')", 10, "the request sent").await;
    until_says(&cm, "Lůžko pro matku", "the request among the case manager's").await;

    // The service sees the request and offers a bed.
    let service = signed_in(&app, "azyl").await;
    until_says(&service, "Lůžko pro matku", "the request on the service's page").await;
    service.type_into("textarea[id^='nabidka-']", "Volné lůžko od pondělí.").await;
    service.click("form[action*='/nabidka/'] button").await;
    service.wait_until("return !!document.querySelector('.potvrzeni')", 10, "the offer sent").await;
    service.screenshot(&shot("sluzba-nabidka.png")).await;

    // The case manager shares the offer and resolves the request.
    cm.open(&format!("{}/site/tachov/poptavky", app.address)).await;
    until_says(&cm, "Azylový dům Tachov: Volné lůžko od pondělí.", "the offer").await;
    cm.click("form[action*='/sdilet/'] button").await;
    until_says(&cm, "sdíleno", "the offer shared").await;
    cm.fill_and_click("input[id^='poznamka-']", "Umístěno.", "form[action$='/vyreseno'] button").await;
    until_says(&cm, "Umístěno.", "the request resolved").await;
    cm.screenshot(&shot("poptavka-vyresena.png")).await;
    service.open(&format!("{}/", app.address)).await;
    until_says(&service, "vyřízena", "the service sees its offer's request resolved").await;
    cm.quit().await;
    service.quit().await;
}

#[actix_web::test]
async fn the_regional_coordinator_compares_two_networks_and_reads_one() {
    let app = spawn_app().await;
    app.tachov().await;
    app.put("/api/v1/networks/domazlice", json!({"name": "ORP Domažlice", "region": "plzensky"})).await.expect(201);
    app.actor(json!({"name": "OSPOD Tachov"})).await;
    app.post("/api/v1/networks/domazlice/actors", json!({"fields": {"name": "OSPOD Domažlice"}})).await.expect(201);
    app.post("/api/v1/networks/domazlice/actors", json!({"fields": {"name": "SVP Domažlice"}})).await.expect(201);
    user(&app, "kraj", vec![Grant::RegionalCoordinator { region: Slug::parse("plzensky").unwrap() }]).await;

    let browser = signed_in(&app, "kraj").await;
    browser.wait_for_url("/kraj/plzensky").await;
    let rows: Vec<String> = browser
        .run("return Array.from(document.querySelectorAll('tbody tr')).map(r => r.innerText)")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].starts_with("ORP Domažlice\t2") && rows[1].starts_with("ORP Tachov\t1"), "side by side: {rows:?}");
    browser.screenshot(&shot("kraj-srovnani.png")).await;
    browser.click("a[href='/site/domazlice']").await;
    browser.wait_for_url("/site/domazlice").await;
    browser.open(&format!("{}/site/domazlice/adresar", app.address)).await;
    until_says(&browser, "SVP Domažlice", "the network's directory").await;
    assert!(browser.elements("a[href$='/novy-akter']").await.is_empty(), "read-only: no new actor");
    assert!(browser.elements("form[method=post][action*='/site/']").await.is_empty(), "read-only: no forms");
    browser.quit().await;
}

#[actix_web::test]
async fn the_coordinator_reads_the_last_years_changes_and_the_directory_six_months_ago() {
    let app = spawn_app().await;
    let since = Utc::now() - Duration::days(400);
    app.put("/api/v1/regions/plzensky", json!({"name": "Plzeňský kraj", "effective_at": since})).await.expect(201);
    let network = json!({"name": "ORP Tachov", "region": "plzensky", "effective_at": since});
    app.put("/api/v1/networks/tachov", network).await.expect(201);
    let entered = json!({"fields": {"name": "Poradna"}, "effective_at": Utc::now() - Duration::days(250)});
    let actor = app.post("/api/v1/networks/tachov/actors", entered).await.expect(201).id();
    let renamed = json!({"fields": {"name": "Poradna pro rodinu"}, "effective_at": Utc::now() - Duration::days(30)});
    app.patch(&format!("/api/v1/networks/tachov/actors/{actor}"), renamed).await.expect(200);
    user(&app, "jana", vec![Grant::Coordinator { network: tachov() }]).await;

    let browser = signed_in(&app, "jana").await;
    browser.click("a[href='/site/tachov/zmeny']").await;
    browser.wait_for_url("/site/tachov/zmeny").await;
    until_says(&browser, "Poradna pro rodinu", "the rename in the last year's changes").await;
    let text = main_text(&browser).await;
    assert!(text.contains("Poradna") && text.contains("→"), "old → new: {text}");
    browser.screenshot(&shot("zmeny-za-rok.png")).await;

    browser.click("a[href='/site/tachov/adresar']").await;
    browser.wait_for_url("/site/tachov/adresar").await;
    let then = (Utc::now() - Duration::days(182)).date_naive();
    browser.click("details.k-datu-volba summary").await;
    browser.run(&format!("document.getElementById('k').value = '{}'; return 1", then.format("%Y-%m-%d"))).await;
    browser.click("details.k-datu-volba button[type=submit]").await;
    until_says(&browser, &format!("Stav k {}", then.format("%-d. %-m. %Y")), "the banner").await;
    let text = main_text(&browser).await;
    assert!(text.contains("Poradna") && !text.contains("Poradna pro rodinu"), "the name of then: {text}");
    browser.screenshot(&shot("adresar-pred-pul-rokem.png")).await;
    browser.quit().await;
}

#[actix_web::test]
async fn a_parent_finds_a_service_by_need_and_place_without_signing_in() {
    let app = spawn_app().await;
    let (_, _, place) = app.tachov().await;
    let bor = app.post("/api/v1/networks/tachov/terms", json!({"kind": "place", "name": "Bor"})).await.expect(201).id();
    app.actor(json!({"name": "Azylový dům Tachov", "description": "Ubytování pro matky s dětmi v tísni.",
        "need_areas": ["safety"], "places": [place]}))
        .await;
    app.actor(json!({"name": "Krizové centrum Bor", "need_areas": ["safety"], "places": [bor]})).await;
    app.actor(json!({"name": "ZŠ Tachov", "need_areas": ["learning"], "places": [place]})).await;

    let browser = Browser::start_with(true).await;
    browser.open(&format!("{}/", app.address)).await;
    browser.run("document.getElementById('sit').value = 'tachov'; return 1").await;
    browser.click("label[for='oblast-safety']").await;
    browser.click("form.verejne button[type=submit]").await;
    until_says(&browser, "Azylový dům Tachov", "the services that help with safety").await;
    let text = main_text(&browser).await;
    assert!(text.contains("Krizové centrum Bor") && !text.contains("ZŠ Tachov"), "{text}");
    browser.run(&format!("document.getElementById('misto').value = '{place}'; return 1")).await;
    browser.click("form.verejne button[type=submit]").await;
    browser
        .wait_until(
            "return !document.querySelector('main').innerText.includes('Krizové centrum Bor')",
            10,
            "only the place's services",
        )
        .await;
    let text = main_text(&browser).await;
    assert!(text.contains("Azylový dům Tachov") && text.contains("Ubytování pro matky s dětmi v tísni."), "{text}");
    browser.screenshot(&shot("verejnost-hledani.png")).await;
    browser.quit().await;
}

#[actix_web::test]
async fn an_open_page_says_it_is_offline_while_the_server_is_down_and_catches_up_when_back() {
    let app = spawn_app().await;
    app.tachov().await;
    let shelter = app
        .actor(json!({"name": "Azylový dům Tachov", "need_areas": ["material"],
            "capacities": [{"unit": "bed", "max": 10}]}))
        .await;
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let listen = app.address.trim_start_matches("http://").to_owned();
    let cm = signed_in(&app, "cm-tachov").await;
    cm.open(&format!("{}/site/tachov/adresar", app.address)).await;
    cm.run("window.__otevreno = true; return 1").await;
    assert!(!main_text(&cm).await.contains("volná lůžka"));

    // The server goes away: the page says so.
    let dir = app.stop().await;
    cm.wait_until(
        "return (document.getElementById('spojeni') || {innerText: ''}).innerText.includes('Bez spojení')",
        10,
        "the page saying it is offline",
    )
    .await;
    cm.screenshot(&shot("adresar-bez-spojeni.png")).await;
    // Meanwhile the shelter announces beds (through a server elsewhere, so
    // the page cannot have seen it).
    let elsewhere = crate::helpers::spawn_in(dir).await;
    elsewhere
        .post(&format!("/api/v1/networks/tachov/actors/{shelter}/capacity"), json!({"unit": "bed", "free": 2}))
        .await
        .expect(201);
    let dir = elsewhere.stop().await;

    // Back at its address: the page resumes from where it was and shows it.
    let back = crate::helpers::spawn_at(dir, &listen).await;
    cm.wait_until(
        "return document.querySelector('main').innerText.includes('2 volná lůžka') && !document.getElementById('spojeni')",
        20,
        "the missed announcement, once back",
    )
    .await;
    assert_eq!(cm.run("return window.__otevreno === true").await, true, "without a reload");
    cm.quit().await;
    drop(back);
}
