//! The coordinator's journeys of the web application in a real browser
//! (headless Chromium through fantoccini), each with its screenshots under
//! `target/screenshots/` for review: find a service by filters, edit it
//! and see the change in its history (scripts on and off); two people
//! editing the same actor; recording a meeting with its outcomes and a
//! task; a coverage gap turning covered; a page following the board live;
//! signing in and editing with the keyboard alone.

use fantoccini::key::Key;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::browser::{Browser, shot};
use crate::helpers::{TestApp, spawn_app};

/// A small network: two actors, a platform of them, and its coordinators.
struct World {
    ospod: String,
    shelter: String,
    platform: String,
    group: String,
    place: String,
}

async fn world(app: &TestApp) -> World {
    let (group, _, place) = app.tachov().await;
    let ospod = app
        .actor(json!({"name": "OSPOD Tachov", "kind": "OSPOD", "need_areas": ["safety"], "target_groups": [group],
            "places": [place], "focus": "intervention"}))
        .await;
    let shelter = app
        .actor(json!({"name": "Azylový dům Tachov", "kind": "azylový dům", "need_areas": ["material"],
            "places": [place], "capacities": [{"unit": "bed", "max": 10}]}))
        .await;
    let platform = app
        .post(
            "/api/v1/networks/tachov/platforms",
            json!({"fields": {"name": "Platforma pro bezpečnost", "platform_type": "interdisciplinary",
                "coordinators": [ospod], "members": [shelter], "frequency_per_year": 4},
                "effective_at": chrono::Utc::now() - chrono::Duration::days(30)}),
        )
        .await
        .expect(201)
        .id();
    for name in ["jana", "petr"] {
        user(app, name, vec![Grant::Coordinator { network: tachov() }]).await;
    }
    World { ospod, shelter, platform, group, place }
}

/// A browser signed in as `name` (password `password-of-test`).
async fn signed_in(app: &TestApp, name: &str, scripts: bool) -> Browser {
    let browser = Browser::start_with(scripts).await;
    browser.open(&format!("{}/prihlaseni", app.address)).await;
    browser.type_into("#jmeno", name).await;
    browser.type_into("#heslo", "password-of-test").await;
    browser.click("form.formular button").await;
    browser.wait_for_url("/site/tachov").await;
    browser
}

async fn body_text(browser: &Browser) -> String {
    browser.run("return document.querySelector('main').innerText").await.as_str().unwrap_or_default().to_owned()
}

#[actix_web::test]
async fn find_a_service_by_filters_edit_two_fields_and_see_the_history_with_scripts_on_and_off() {
    let app = spawn_app().await;
    let w = world(&app).await;
    for scripts in [true, false] {
        let suffix = if scripts { "" } else { "-bez-skriptu" };
        let browser = signed_in(&app, "jana", scripts).await;
        browser.open(&format!("{}/site/tachov/adresar", app.address)).await;
        browser.run("window.__stejnaStranka = true; return 1").await;
        for (name, value) in [("need_area", "safety"), ("target_group", w.group.as_str()), ("place", w.place.as_str())]
        {
            browser.click(&format!("input[name={name}][value='{value}']")).await;
            if scripts {
                // Applied as ticked: the address follows before the next box.
                let check = format!("return location.search.includes('{value}')");
                browser.wait_until(&check, 10, "the filter applied in place").await;
            }
        }
        if scripts {
            // The filters apply as they are ticked: no button, no reload.
            browser
                .wait_until(
                    "return document.querySelector('#vysledky').textContent.includes('Nalezeno: 1')",
                    10,
                    "filters applied in place",
                )
                .await;
            assert_eq!(browser.run("return window.__stejnaStranka === true").await, true, "the page was not reloaded");
            assert!(browser.url().await.contains("need_area=safety"), "the address keeps the filters");
        } else {
            browser.click("form.filtry button[type=submit]").await;
            browser
                .wait_until(
                    "return document.querySelector('#vysledky').textContent.includes('Nalezeno: 1')",
                    10,
                    "the filtered page",
                )
                .await;
        }
        browser.screenshot(&shot(&format!("adresar-filtry{suffix}.png"))).await;
        browser.click(&format!("a[href^='/site/tachov/akter/{}']", w.ospod)).await;
        browser.wait_for_url(&format!("/akter/{}", w.ospod)).await;
        browser.click("a.tlacitko[href$='/upravit']").await;
        browser.wait_for_url("/upravit").await;
        let kind = if scripts { "OSPOD – sociálně-právní ochrana" } else { "orgán sociálně-právní ochrany" };
        let phone = if scripts { "+420 374 774 111" } else { "+420 374 774 222" };
        browser.replace("#kind", kind).await;
        browser.replace("#phone", phone).await;
        browser.screenshot(&shot(&format!("akter-uprava{suffix}.png"))).await;
        browser.run("window.__formular = true; return 1").await;
        browser.click("#formular button[type=submit]").await;
        browser.wait_until("return !!document.querySelector('.potvrzeni')", 10, "saved").await;
        let in_place = browser.run("return window.__formular === true").await;
        assert_eq!(in_place, scripts, "with scripts the form is sent in place, without them by the browser");
        assert!(browser.url().await.ends_with(&format!("/akter/{}?ulozeno=1", w.ospod)), "the address follows");
        let text = body_text(&browser).await;
        assert!(text.contains("Uloženo."), "{text}");
        let history = browser.run("return document.querySelector('#historie').parentElement.innerText").await;
        let history = history.as_str().unwrap_or_default();
        assert!(history.contains(&format!("→ {kind}")) && history.contains(&format!("→ {phone}")), "{history}");
        assert!(history.contains("jana"), "who: {history}");
        browser.screenshot(&shot(&format!("akter-historie{suffix}.png"))).await;
        browser.quit().await;
    }
}

#[actix_web::test]
async fn two_people_edit_the_same_actor_and_the_second_merges() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let jana = signed_in(&app, "jana", true).await;
    let petr = signed_in(&app, "petr", false).await;
    let edit = format!("{}/site/tachov/akter/{}/upravit", app.address, w.shelter);
    jana.open(&edit).await;
    petr.open(&edit).await;
    jana.replace("#kind", "azylový dům pro matky s dětmi").await;
    jana.click("#formular button[type=submit]").await;
    jana.wait_until("return !!document.querySelector('.potvrzeni')", 10, "her save").await;

    petr.replace("#kind", "azylové ubytování").await;
    petr.replace("#opening_hours", "nonstop").await;
    petr.click("#formular button[type=submit]").await;
    petr.wait_until("return !!document.querySelector('.upozorneni')", 10, "the merge notice").await;
    let text = body_text(&petr).await;
    assert!(text.contains("Záznam mezitím upravil někdo jiný") && text.contains("jana"), "{text}");
    assert!(text.contains("Mezitím změněno na azylový dům pro matky s dětmi"), "{text}");
    petr.screenshot(&shot("akter-konflikt.png")).await;
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{}", w.shelter)).await.expect(200);
    assert_eq!(record.body["fields"]["kind"], "azylový dům pro matky s dětmi", "nothing overwritten");
    // He takes her wording and keeps his opening hours.
    petr.replace("#kind", "azylový dům pro matky s dětmi").await;
    petr.click("#formular button[type=submit]").await;
    petr.wait_until("return !!document.querySelector('.potvrzeni')", 10, "his save").await;
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{}", w.shelter)).await.expect(200);
    assert_eq!(record.body["fields"]["opening_hours"], "nonstop");
    assert_eq!(record.body["fields"]["kind"], "azylový dům pro matky s dětmi");
    jana.quit().await;
    petr.quit().await;
}

#[actix_web::test]
async fn a_coordinator_plans_and_records_a_meeting_and_the_member_and_owner_see_it() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let platform_id = uuid::Uuid::parse_str(&w.platform).unwrap();
    user(&app, "clen", vec![Grant::PlatformMember { network: tachov(), platform: platform_id }]).await;
    let browser = signed_in(&app, "jana", false).await;
    let page = format!("{}/site/tachov/platforma/{}", app.address, w.platform);
    browser.open(&page).await;
    // Plan one: date inputs are set as the browser's picker would set them.
    let ahead = (chrono::Utc::now() + chrono::Duration::days(20)).date_naive().format("%Y-%m-%d").to_string();
    browser.run(&format!("document.getElementById('date').value = '{ahead}'; return 1")).await;
    browser.type_into("#place", "MěÚ Tachov").await;
    browser.type_into("#agenda", "Bezpečná cesta do školy").await;
    browser.click("#naplanovat-formular button").await;
    browser.wait_until("return !!document.querySelector('.potvrzeni')", 10, "planned").await;
    // Record one that was never planned, held today.
    browser.click("section[aria-labelledby=naplanovat] p a").await;
    browser.wait_until("return !!document.getElementById('konani-formular')", 10, "the meeting's page").await;
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    browser.run(&format!("document.getElementById('date').value = '{today}'; return 1")).await;
    browser.click(&format!("input[name=attendees][value='{}']", w.ospod)).await;
    browser.click(&format!("input[name=attendees][value='{}']", w.shelter)).await;
    browser.type_into("#others", "2").await;
    browser.type_into("#minutes", "Dohodnut společný postup při výjezdech.").await;
    browser.click("#konani-formular button").await;
    browser.wait_until("return !!document.querySelector('#vystup-formular')", 10, "the held meeting").await;
    for decision in ["Škola zapojí metodika prevence.", "Setkání bude čtvrtletně."] {
        browser.type_into("#text", decision).await;
        browser.click("#vystup-formular button").await;
        browser.wait_until(&format!("return document.body.innerText.includes({decision:?})"), 10, "the decision").await;
    }
    browser.run("document.getElementById('kind').value = 'task'; return 1").await;
    browser.type_into("#text", "Připravit mapu bezpečných cest.").await;
    browser.run(&format!("document.getElementById('owner').value = '{}'; return 1", w.shelter)).await;
    let due = (chrono::Utc::now() + chrono::Duration::days(30)).date_naive().format("%Y-%m-%d").to_string();
    browser.run(&format!("document.getElementById('due').value = '{due}'; return 1")).await;
    browser.click("#vystup-formular button").await;
    browser
        .wait_until("return document.body.innerText.includes('Připravit mapu bezpečných cest.')", 10, "the task")
        .await;
    browser.screenshot(&shot("schuzka-zapis.png")).await;
    browser.quit().await;

    // A member sees the outcomes; the task is on its owner's page.
    let member = Browser::start_with(false).await;
    member.open(&format!("{}/prihlaseni", app.address)).await;
    member.type_into("#jmeno", "clen").await;
    member.type_into("#heslo", "password-of-test").await;
    member.click("form.formular button").await;
    member.wait_until("return !document.querySelector('#jmeno')", 10, "signed in").await;
    member.open(&page).await;
    let text = body_text(&member).await;
    assert!(
        text.contains("Škola zapojí metodika prevence.") && text.contains("Připravit mapu bezpečných cest."),
        "{text}"
    );
    assert!(!text.contains("Naplánovat setkání"), "a member plans nothing");
    member.open(&format!("{}/site/tachov/akter/{}", app.address, w.shelter)).await;
    let text = body_text(&member).await;
    assert!(text.contains("Otevřené úkoly") && text.contains("Připravit mapu bezpečných cest."), "{text}");
    member.screenshot(&shot("ukol-u-vlastnika.png")).await;
    member.quit().await;
}

#[actix_web::test]
async fn a_gap_of_the_coverage_turns_covered_when_an_actor_takes_it_up() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let browser = signed_in(&app, "jana", true).await;
    browser.open(&format!("{}/site/tachov/pokryti", app.address)).await;
    let cell = format!("td.mezera a[href*='need_area=learning&target_group={}']", w.group);
    assert_eq!(browser.elements(&cell).await.len(), 1, "learning × the group is a gap");
    browser.screenshot(&shot("pokryti-mezera.png")).await;
    browser.open(&format!("{}/site/tachov/akter/{}/upravit", app.address, w.ospod)).await;
    browser.click("input[name=need_areas][value=learning]").await;
    browser.click("#formular button[type=submit]").await;
    browser.wait_until("return !!document.querySelector('.potvrzeni')", 10, "saved").await;
    browser.open(&format!("{}/site/tachov/pokryti", app.address)).await;
    assert!(browser.elements(&cell).await.is_empty(), "no longer a gap");
    // Covered, by an intervening actor only: marked as missing prevention.
    let covered = format!("td.bez-prevence a[href*='need_area=learning&target_group={}']", w.group);
    assert_eq!(browser.elements(&covered).await.len(), 1);
    browser.screenshot(&shot("pokryti-pokryto.png")).await;
    browser.quit().await;
}

#[actix_web::test]
async fn a_page_follows_the_board_and_shows_new_capacity_without_a_reload() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let browser = signed_in(&app, "jana", true).await;
    browser.open(&format!("{}/site/tachov/akter/{}", app.address, w.shelter)).await;
    browser.run("window.__bezNacteni = true; return 1").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    app.post(&format!("/api/v1/networks/tachov/actors/{}/capacity", w.shelter), json!({"unit": "bed", "free": 3}))
        .await
        .expect(201);
    browser
        .wait_until("return document.querySelector('main').innerText.includes('3 volná lůžka')", 15, "the new capacity")
        .await;
    assert_eq!(browser.run("return window.__bezNacteni === true").await, true, "updated in place");
    // What is being typed is never replaced: a notice offers the reload instead.
    browser.type_into("#poznamka-text", "Rozepsaná poznámka").await;
    app.post(&format!("/api/v1/networks/tachov/actors/{}/capacity", w.shelter), json!({"unit": "bed", "free": 5}))
        .await
        .expect(201);
    browser.wait_until("return !!document.getElementById('zmena')", 15, "the reload notice").await;
    assert_eq!(browser.run("return document.getElementById('poznamka-text').value").await, "Rozepsaná poznámka");
    browser.screenshot(&shot("akter-zive.png")).await;
    browser.quit().await;
}

#[actix_web::test]
async fn signing_in_and_editing_work_with_the_keyboard_alone() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let browser = Browser::start_with(true).await;
    browser.open(&format!("{}/prihlaseni", app.address)).await;
    let focused = "return document.activeElement && document.activeElement.id";
    browser.press(Key::Tab).await;
    assert_eq!(browser.run("return document.activeElement.className").await, "skip", "the skip link comes first");
    let mut presses = 1;
    while browser.run(focused).await != "jmeno" {
        browser.press(Key::Tab).await;
        presses += 1;
        assert!(presses < 30, "the username field is reachable by Tab");
    }
    browser.type_here("jana").await;
    browser.press(Key::Tab).await;
    assert_eq!(browser.run(focused).await, "heslo");
    browser.type_here("password-of-test").await;
    browser.press(Key::Enter).await;
    browser.wait_for_url("/site/tachov").await;

    // The edit page: the skip link leads into the content, then to the name.
    browser.open(&format!("{}/site/tachov/akter/{}/upravit", app.address, w.shelter)).await;
    browser.press(Key::Tab).await;
    assert_eq!(browser.run("return document.activeElement.className").await, "skip", "the skip link comes first");
    let visible = browser.run("return document.activeElement.getBoundingClientRect().top >= 0").await;
    assert_eq!(visible, true, "and shows itself when focused");
    browser.press(Key::Enter).await;
    browser.press(Key::Tab).await;
    browser.press(Key::Tab).await;
    assert_eq!(browser.run(focused).await, "name", "back link, then the name");
    let outline = browser.run("return getComputedStyle(document.activeElement).outlineStyle").await;
    assert_ne!(outline, "none", "focus is visible");
    browser.press(Key::End).await;
    browser.type_here(" (Tachov)").await;
    browser.press(Key::Enter).await;
    browser.wait_until("return !!document.querySelector('.potvrzeni')", 10, "saved").await;
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{}", w.shelter)).await.expect(200);
    assert_eq!(record.body["fields"]["name"], "Azylový dům Tachov (Tachov)");
    browser.quit().await;
}

#[actix_web::test]
async fn a_service_announces_beds_in_two_actions_and_a_case_managers_open_page_shows_them_live() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let shelter = uuid::Uuid::parse_str(&w.shelter).unwrap();
    user(&app, "azyl", vec![Grant::Actor { network: tachov(), actor: shelter }]).await;
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    app.put("/api/v1/networks/tachov/settings", json!({"designated_fields": ["name", "need_areas"]})).await.expect(200);
    let cm = Browser::signed_in(&app.address, "cm-tachov", "password-of-test").await;
    cm.open(&format!("{}/site/tachov/adresar", app.address)).await;
    cm.run("window.__otevreno = true; return 1").await;
    assert!(!body_text(&cm).await.contains("2 volná lůžka"));

    // The service: sign in (one), announce (two).
    let service = Browser::start_with(true).await;
    service.open(&format!("{}/prihlaseni", app.address)).await;
    service.type_into("#jmeno", "azyl").await;
    service.type_into("#heslo", "password-of-test").await;
    service.click("form.formular button").await;
    service.wait_until("return !!document.getElementById('bed-free')", 10, "the service's page with its beds").await;
    service.type_into("#bed-free", "2").await;
    let friday = (chrono::Utc::now() + chrono::Duration::days(4)).date_naive().format("%Y-%m-%d").to_string();
    service.run(&format!("document.getElementById('bed-valid_until').value = '{friday}'; return 1")).await;
    service.click("#kapacita-bed button").await;
    service.wait_until("return !!document.querySelector('.potvrzeni')", 10, "announced").await;
    service.screenshot(&shot("sluzba-kapacita.png")).await;

    cm.wait_until(
        "return document.querySelector('main').innerText.includes('2 volná lůžka')",
        5,
        "the beds on the case manager's page",
    )
    .await;
    assert_eq!(cm.run("return window.__otevreno === true").await, true, "without a reload");
    cm.screenshot(&shot("case-manager-zive.png")).await;
    cm.quit().await;
    service.quit().await;
}

#[actix_web::test]
async fn a_member_sees_a_new_outcome_arrive_live_and_a_non_member_never_does() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let other = app
        .post(
            "/api/v1/networks/tachov/platforms",
            json!({"fields": {"name": "Jiná platforma", "platform_type": "formal",
            "coordinators": [w.ospod]}, "effective_at": chrono::Utc::now() - chrono::Duration::days(30)}),
        )
        .await
        .expect(201)
        .id();
    let platform = uuid::Uuid::parse_str(&w.platform).unwrap();
    user(&app, "clen", vec![Grant::PlatformMember { network: tachov(), platform }]).await;
    user(
        &app,
        "jiny-clen",
        vec![Grant::PlatformMember { network: tachov(), platform: uuid::Uuid::parse_str(&other).unwrap() }],
    )
    .await;
    let held = uuid::Uuid::now_v7();
    app.put(
        &format!("/api/v1/networks/tachov/platforms/{}/meetings/{held}/held", w.platform),
        json!({"date": chrono::Utc::now() - chrono::Duration::days(1)}),
    )
    .await
    .expect(200);
    let mut browsers = Vec::new();
    for name in ["clen", "jiny-clen"] {
        let browser = Browser::start_with(true).await;
        browser.open(&format!("{}/prihlaseni", app.address)).await;
        browser.type_into("#jmeno", name).await;
        browser.type_into("#heslo", "password-of-test").await;
        browser.click("form.formular button").await;
        browser.wait_for_url("/moje-platformy").await;
        browser.run("window.__bezNacteni = true; return 1").await;
        browsers.push(browser);
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    app.post(
        &format!("/api/v1/networks/tachov/platforms/{}/meetings/{held}/outcomes", w.platform),
        json!({"kind": "decision", "text": "Nové rozhodnutí platformy."}),
    )
    .await
    .expect(201);
    let (member, other_member) = (&browsers[0], &browsers[1]);
    member
        .wait_until(
            "return document.querySelector('main').innerText.includes('Nové rozhodnutí platformy.')",
            10,
            "the outcome, live",
        )
        .await;
    assert_eq!(member.run("return window.__bezNacteni === true").await, true, "without a reload");
    member.screenshot(&shot("clen-zive.png")).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    other_member.open(&format!("{}/site/tachov/moje-platformy", app.address)).await;
    assert!(!body_text(other_member).await.contains("Nové rozhodnutí platformy."), "a non-member never sees it");
    for browser in browsers {
        browser.quit().await;
    }
}
