//! The journeys done on a phone, in a real browser as wide as one (390 CSS
//! pixels): a parent's "Kam se obrátit" search without signing in (UI.md:
//! "works on a phone"), a service signing in between visits to announce
//! free beds, and a coordinator looking at the network's overview, the
//! directory (its filters folded, its results as cards) and an actor. On
//! each page nothing reaches past the screen's
//! edge (no sideways scrolling; a wide table may scroll inside its own
//! box), and the buttons are large enough to tap. Screenshots under
//! `target/screenshots/telefon-*.png`.

use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::browser::{Browser, shot};
use crate::helpers::spawn_app;

/// Asserts that the page on `browser` fits the phone's screen.
async fn fits(browser: &Browser, page: &str) {
    let seen = browser.overflow().await;
    let (width, scrolled) = (seen["width"].as_u64().unwrap_or(0), seen["page"].as_u64().unwrap_or(u64::MAX));
    assert!(width > 0 && width <= 400, "{page}: laid out for a phone, not {width} px");
    assert!(scrolled <= width, "{page}: the page is {scrolled} px wide on a {width} px screen: {seen}");
    assert_eq!(seen["wide"], json!([]), "{page}: these reach past the screen's edge");
}

/// The height of the element `css`, in CSS pixels.
async fn height(browser: &Browser, css: &str) -> f64 {
    let script = format!("return document.querySelector({}).getBoundingClientRect().height", json!(css));
    browser.run(&script).await.as_f64().unwrap_or(0.0)
}

/// How the directory's results are laid out: whether the column headings
/// show, whether the table scrolls sideways, the shelter's free capacity,
/// the column name shown before it (null when none is) and where it ends.
const CARDS: &str = "
    const table = document.querySelector('table.karty');
    const cell = [...table.querySelectorAll('td')].find(td => td.innerText.includes('lůžk'));
    const before = getComputedStyle(cell, '::before').content;
    return {
        headings: table.tHead.getBoundingClientRect().height > 1,
        scrolls: table.scrollWidth > table.clientWidth + 1,
        named: before === 'none' || before === 'normal' ? null : cell.dataset.sloupec,
        free: cell.innerText.trim(),
        freeRight: cell.getBoundingClientRect().right,
    };
";

/// Whether the fold `css` (a `details`) is open, and whether its summary
/// shows.
fn fold(css: &str) -> String {
    format!(
        "const fold = document.querySelector({}); \
         return {{ open: fold.open, summary: getComputedStyle(fold.querySelector('summary')).display !== 'none' }};",
        json!(css)
    )
}

/// The directory's filters; the signed-in menu.
const FILTERS: &str = "details.filtry-vse";
const MENU: &str = "details.nabidka";

/// WCAG 2.2's least target size (2.5.8), in CSS pixels.
const TARGET: f64 = 24.0;

#[actix_web::test]
async fn a_parent_finds_a_service_on_a_phone() {
    let app = spawn_app().await;
    let (_, _, place) = app.tachov().await;
    app.actor(json!({"name": "Azylový dům Tachov", "description": "Ubytování pro matky s dětmi v tísni, \
        nonstop linka a doprovod na úřady.", "need_areas": ["safety"], "places": [place],
        "phone": "+420 374 123 456", "web": "https://azyl-tachov.example.cz/kontakty-a-oteviraci-doba-pro-rodiny"}))
        .await;
    app.actor(
        json!({"name": "Krizové centrum pro děti a rodiny v Tachově", "need_areas": ["safety"], "places": [place]}),
    )
    .await;

    let browser = Browser::start_with(true).await;
    let width = browser.phone().await;
    assert!(width <= 400, "the window is as wide as a phone: {width}");
    browser.open(&format!("{}/", app.address)).await;
    fits(&browser, "the search").await;
    assert!(height(&browser, "form.verejne button[type=submit]").await >= TARGET, "the search button can be tapped");
    browser.run("document.getElementById('sit').value = 'tachov'; return 1").await;
    browser.click("label[for='oblast-safety']").await;
    browser.click("form.verejne button[type=submit]").await;
    browser
        .wait_until(
            "return document.querySelector('main').innerText.includes('Krizové centrum pro děti a rodiny v Tachově')",
            10,
            "the services that help with safety",
        )
        .await;
    let text = browser.run("return document.querySelector('main').innerText").await;
    assert!(text.as_str().is_some_and(|t| t.contains("Azylový dům Tachov")), "{text}");
    fits(&browser, "the services found").await;
    browser.screenshot(&shot("telefon-kam-se-obratit.png")).await;
    browser.quit().await;
}

#[actix_web::test]
async fn a_service_announces_free_beds_on_a_phone() {
    let app = spawn_app().await;
    app.tachov().await;
    let shelter = app
        .actor(json!({"name": "Azylový dům Tachov", "need_areas": ["material"],
            "capacities": [{"unit": "bed", "max": 10}]}))
        .await;
    user(&app, "azyl", vec![Grant::Actor { network: tachov(), actor: shelter.parse().unwrap() }]).await;

    let browser = Browser::start_with(true).await;
    browser.phone().await;
    browser.open(&format!("{}/prihlaseni", app.address)).await;
    fits(&browser, "signing in").await;
    assert!(height(&browser, "form.formular button").await >= TARGET, "the sign-in button can be tapped");
    browser.type_into("#jmeno", "azyl").await;
    browser.type_into("#heslo", "password-of-test").await;
    browser.click("form.formular button").await;
    browser.wait_until("return !!document.getElementById('bed-free')", 10, "the service's page with its beds").await;
    fits(&browser, "the service's page").await;
    assert!(height(&browser, "#kapacita-bed button").await >= TARGET, "the announce button can be tapped");
    browser.type_into("#bed-free", "2").await;
    let friday = (chrono::Utc::now() + chrono::Duration::days(4)).date_naive().format("%Y-%m-%d").to_string();
    browser.run(&format!("document.getElementById('bed-valid_until').value = '{friday}'; return 1")).await;
    browser.click("#kapacita-bed button").await;
    browser.wait_until("return !!document.querySelector('.potvrzeni')", 10, "announced").await;
    fits(&browser, "the service's page after announcing").await;
    let free = app.get(&format!("/api/v1/networks/tachov/actors/{shelter}")).await.expect(200).body;
    assert!(free.to_string().contains("\"free\":2"), "the announcement is stored: {free}");
    browser.screenshot(&shot("telefon-sluzba-kapacita.png")).await;
    browser.quit().await;
}

#[actix_web::test]
async fn a_coordinator_looks_up_the_network_on_a_phone() {
    let app = spawn_app().await;
    let (_, _, place) = app.tachov().await;
    let shelter = app
        .actor(json!({"name": "Azylový dům Tachov", "need_areas": ["material", "safety"], "places": [place],
            "capacities": [{"unit": "bed", "max": 10}]}))
        .await;
    app.actor(json!({"name": "Pedagogicko-psychologická poradna Plzeňského kraje, pracoviště Tachov",
        "need_areas": ["learning", "behaviour"], "places": [place]}))
        .await;
    app.post(&format!("/api/v1/networks/tachov/actors/{shelter}/capacity"), json!({"unit": "bed", "free": 2}))
        .await
        .expect(201);
    user(&app, "jana", vec![Grant::Coordinator { network: tachov() }]).await;

    let browser = Browser::signed_in(&app.address, "jana", "password-of-test").await;
    // On a desktop the filters stand beside the results: no link down to them.
    browser.open(&format!("{}/site/tachov/adresar", app.address)).await;
    let shown = "return getComputedStyle(document.querySelector('.na-vysledky')).display !== 'none'";
    assert_eq!(browser.run(shown).await, json!(false), "no link to the results beside them");
    assert_eq!(
        browser.run(&fold(FILTERS)).await,
        json!({"open": true, "summary": false}),
        "the filters open, with no fold"
    );
    assert_eq!(browser.run(&fold(MENU)).await, json!({"open": true, "summary": false}), "the menu open, with no fold");
    let table = browser.run(CARDS).await;
    assert_eq!((&table["headings"], &table["named"]), (&json!(true), &json!(null)), "a table on a desktop: {table}");
    browser.phone().await;
    browser.open(&format!("{}/site/tachov", app.address)).await;
    browser
        .wait_until("return document.querySelector('main').innerText.includes('Azylový dům Tachov')", 10, "free beds")
        .await;
    fits(&browser, "the network's overview").await;
    // The long menu folds under one button, and a tap opens it.
    assert_eq!(browser.run(&fold(MENU)).await, json!({"open": false, "summary": true}), "the menu folded on a phone");
    assert!(height(&browser, "details.nabidka > summary").await >= TARGET, "the menu can be tapped");
    let heading = "return Math.round(document.querySelector('main h1').getBoundingClientRect().top)";
    let top = browser.run(heading).await.as_i64().unwrap_or(i64::MAX);
    browser.screenshot(&shot("telefon-prehled-site.png")).await;
    browser.click("details.nabidka > summary").await;
    assert_eq!(browser.run(&fold(MENU)).await["open"], json!(true), "a tap opens the menu");
    let below = browser.run(heading).await.as_i64().unwrap_or(0);
    assert!(below > top + 100, "the menu's links stood folded above the heading: {top} → {below}");
    fits(&browser, "the menu").await;
    browser.screenshot(&shot("telefon-nabidka.png")).await;
    browser.click("nav a[href='/site/tachov/adresar']").await;
    browser
        .wait_until("return document.querySelector('main').innerText.includes('Nalezeno: 2')", 10, "the directory")
        .await;
    fits(&browser, "the directory").await;
    assert!(height(&browser, ".adresar-filtry button[type=submit]").await >= TARGET, "the filter button can be tapped");
    // The results are cards: nothing to scroll sideways for, each value
    // named, the free beds on the screen.
    let cards = browser.run(CARDS).await;
    assert_eq!(cards["headings"], json!(false), "the column headings give way to names in the cards: {cards}");
    assert_eq!(cards["scrolls"], json!(false), "the results do not scroll sideways: {cards}");
    assert_eq!((&cards["named"], &cards["free"]), (&json!("Volná kapacita"), &json!("2 volná lůžka")), "{cards}");
    assert!(cards["freeRight"].as_f64().unwrap_or(f64::MAX) <= 390.0, "the free beds on the screen: {cards}");
    browser.screenshot(&shot("telefon-adresar.png")).await;
    // The filters start folded: the results follow the search.
    assert_eq!(
        browser.run(&fold(FILTERS)).await,
        json!({"open": false, "summary": true}),
        "the filters folded on a phone"
    );
    let results_top = "return Math.round(document.getElementById('vysledky').getBoundingClientRect().top)";
    let top = browser.run(results_top).await.as_i64().unwrap_or(i64::MAX);
    assert!(top < 844, "the results start on the first screen: {top}");
    assert!(height(&browser, "details.filtry-vse > summary").await >= TARGET, "the fold can be tapped");
    // Unfolded, the form is long: the results are one tap away.
    browser.click("details.filtry-vse > summary").await;
    assert_eq!(browser.run(&fold(FILTERS)).await["open"], json!(true), "a tap unfolds the filters");
    fits(&browser, "the directory's filters").await;
    assert_eq!(browser.run(shown).await, json!(true), "the link to the results on a phone");
    let below = browser.run(results_top).await.as_i64().unwrap_or(0);
    assert!(below > 844, "the results start below the first screen: {below}");
    browser.click(".na-vysledky a").await;
    browser
        .wait_until(
            "const t = document.getElementById('vysledky').getBoundingClientRect().top; \
             return window.scrollY > 0 && t >= 0 && t < window.innerHeight / 2",
            5,
            "the results on the screen",
        )
        .await;
    // A filter applies at once and the filters stay unfolded, saying how
    // many are in use.
    browser.click("input[name=free_capacity]").await;
    browser
        .wait_until("return document.querySelector('main').innerText.includes('Nalezeno: 1')", 10, "one with free beds")
        .await;
    assert_eq!(browser.run(&fold(FILTERS)).await["open"], json!(true), "still unfolded after the results changed");
    let summary = browser.run("return document.querySelector('details.filtry-vse > summary').innerText").await;
    assert_eq!(summary, json!("Filtry a řazení (použito: 1)"));
    browser.screenshot(&shot("telefon-adresar-filtry.png")).await;
    browser.open(&format!("{}/site/tachov/akter/{shelter}", app.address)).await;
    browser.wait_until("return !!document.querySelector('main h1')", 10, "the actor's page").await;
    fits(&browser, "an actor's page").await;
    browser.screenshot(&shot("telefon-akter.png")).await;
    browser.quit().await;
}
