//! The needs map and coverage pages over real HTTP, as a browser without
//! scripts uses them: a coordinator adds a form and an activity linking
//! actors, an activity without actors shows as a gap until one is linked,
//! an uncovered cell of the coverage matrix turns covered when an actor
//! takes up the need area, each cell links to the directory filtered to it.

use awc::http::StatusCode;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::spawn_app;
use crate::pages::{Form, post, send, sign_in};

#[actix_web::test]
async fn a_coordinator_maps_needs_and_a_gap_cell_turns_covered() {
    let app = spawn_app().await;
    let (group, _, place) = app.tachov().await;
    let school = app
        .actor(json!({"name": "ZŠ Zárečná", "need_areas": ["learning"], "target_groups": [group],
            "places": [place], "focus": "prevention"}))
        .await;
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    let cookie = sign_in(&app, "koordinator").await;

    // Coverage: learning × 6–10 covered (preventively), safety × 6–10 not.
    let coverage = send(&app, "GET", "/site/tachov/pokryti", &cookie, None).await;
    assert_eq!(coverage.status, StatusCode::OK);
    let safety_cell = format!("href=\"/site/tachov/adresar?need_area=safety&amp;target_group={group}\">nepokryto</a>");
    assert!(coverage.text.contains(&safety_cell), "{}", coverage.text);
    let learning_cell =
        format!("href=\"/site/tachov/adresar?need_area=learning&amp;target_group={group}\"><strong>1</strong>");
    assert!(coverage.text.contains(&learning_cell), "{}", coverage.text);
    let directory =
        send(&app, "GET", &format!("/site/tachov/adresar?need_area=learning&target_group={group}"), &cookie, None)
            .await;
    assert!(
        directory.text.contains("Nalezeno: 1") && directory.text.contains("ZŠ Zárečná"),
        "the cell's link leads to its actors"
    );
    let of_place = send(&app, "GET", &format!("/site/tachov/pokryti?misto={place}"), &cookie, None).await;
    assert!(of_place.text.contains(&format!("value=\"{place}\" selected")), "the place filter holds");

    // The map: a form of a need area, then an activity with an empty text (refused, what was ticked kept).
    let map = send(&app, "GET", "/site/tachov/potreby", &cookie, None).await;
    assert_eq!(map.status, StatusCode::OK);
    let mut form = Form::of(&map.text, "/site/tachov/potreby/formy");
    form.set("area", "relationships").set("text", "dítě má alespoň jednoho blízkého dospělého");
    assert_eq!(post(&app, "/site/tachov/potreby/formy", &cookie, &form).await.status, StatusCode::SEE_OTHER);
    assert_eq!(post(&app, "/site/tachov/potreby/formy", &cookie, &form).await.status, StatusCode::SEE_OTHER);
    let needs = app.get("/api/v1/networks/tachov/needs").await.expect(200);
    assert_eq!(needs.body["areas"][0]["forms"].as_array().map(Vec::len), Some(1), "added once: {}", needs.text);

    let mut activity = Form::of(&map.text, "/site/tachov/potreby/aktivity");
    activity.set("area", "safety").set("stage", "prevention").set("actor_kinds", "škola\nOSPOD");
    activity.tick("actors", &school);
    let refused = post(&app, "/site/tachov/potreby/aktivity", &cookie, &activity).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("href=\"#text\">Vyplňte toto pole.</a>"), "{}", refused.text);
    let kept = Form::of(&refused.text, "/site/tachov/potreby/aktivity");
    assert_eq!(kept.get("actors"), school, "the ticked actor stays ticked");
    assert_eq!(kept.get("actor_kinds"), "škola\nOSPOD");

    // Without an actor it is a gap of coverage; linking one closes it.
    let mut lonely = kept.clone();
    lonely.0.retain(|(k, _)| k != "actors");
    lonely.set("text", "Bezpečná cesta do školy");
    let added = post(&app, "/site/tachov/potreby/aktivity", &cookie, &lonely).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
    let id = added.location.rsplit("#aktivita-").next().unwrap().to_owned();
    let coverage = send(&app, "GET", "/site/tachov/pokryti", &cookie, None).await;
    let gap = format!("href=\"/site/tachov/potreby/aktivita/{id}\">Bezpečná cesta do školy</a>");
    assert!(
        section(&coverage.text, "bez-aktera").contains(&gap),
        "an activity without actors is a gap: {}",
        coverage.text
    );
    let edit_path = format!("/site/tachov/potreby/aktivita/{id}");
    let page = send(&app, "GET", &edit_path, &cookie, None).await;
    let mut edit = Form::of(&page.text, &edit_path);
    assert_eq!(edit.get("actor_kinds"), "škola\nOSPOD", "the form shows the activity");
    edit.tick("actors", &school);
    assert_eq!(post(&app, &edit_path, &cookie, &edit).await.status, StatusCode::SEE_OTHER);
    let map = send(&app, "GET", "/site/tachov/potreby", &cookie, None).await;
    assert!(map.text.contains(&format!("href=\"/site/tachov/akter/{school}\">ZŠ Zárečná</a>")), "{}", map.text);
    let coverage = send(&app, "GET", "/site/tachov/pokryti", &cookie, None).await;
    assert!(!section(&coverage.text, "bez-aktera").contains(&gap), "linked: no longer a gap");
    assert!(section(&coverage.text, "aktivity-bez-platformy").contains(&gap), "no platform takes safety up");

    // The school takes up safety: the cell turns covered.
    let actor_path = format!("/site/tachov/akter/{school}/upravit");
    let page = send(&app, "GET", &actor_path, &cookie, None).await;
    let mut actor = Form::of(&page.text, &actor_path);
    actor.tick("need_areas", "safety");
    assert_eq!(post(&app, &actor_path, &cookie, &actor).await.status, StatusCode::SEE_OTHER);
    let coverage = send(&app, "GET", "/site/tachov/pokryti", &cookie, None).await;
    assert!(!coverage.text.contains(&safety_cell), "covered now");
    let covered = format!("href=\"/site/tachov/adresar?need_area=safety&amp;target_group={group}\"><strong>1</strong>");
    assert!(coverage.text.contains(&covered), "{}", coverage.text);

    // Removing the activity.
    let remove = Form::of(&page_of(&app, &edit_path, &cookie).await, &format!("{edit_path}/odebrat"));
    assert_eq!(post(&app, &format!("{edit_path}/odebrat"), &cookie, &remove).await.status, StatusCode::SEE_OTHER);
    let needs = app.get("/api/v1/networks/tachov/needs").await.expect(200);
    assert_eq!(needs.body["areas"][1]["activities"], json!([]), "{}", needs.text);
}

/// The section of `page` headed by the heading with `id`.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!("id=\"{id}\"")).expect("the section");
    let end = page[start..].find("</section>").map_or(page.len(), |e| start + e);
    &page[start..end]
}

async fn page_of(app: &crate::helpers::TestApp, path: &str, cookie: &str) -> String {
    send(app, "GET", path, cookie, None).await.text
}

#[actix_web::test]
async fn the_map_and_coverage_are_for_coordinators_and_planners_only() {
    let app = spawn_app().await;
    app.tachov().await;
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let cm = sign_in(&app, "cm-tachov").await;
    assert_eq!(send(&app, "GET", "/site/tachov/potreby", &cm, None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, "GET", "/site/tachov/pokryti", &cm, None).await.status, StatusCode::FORBIDDEN);
    let visitor = send(&app, "GET", "/site/tachov/pokryti", "", None).await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
}
