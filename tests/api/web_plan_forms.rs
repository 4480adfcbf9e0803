//! Writing plans from their pages, over real HTTP: a coordinator starts a
//! plan, adds a section, a recommendation and a step (a refused step keeps
//! what was typed, a second send of the same form writes nothing new),
//! and records a year's evaluation twice (the earlier version kept, the
//! year-to-year view marks the year evaluated); a regional coordinator does
//! the same for the region's plan under `/kraj/`.

use awc::http::StatusCode;
use serde_json::{Value, json};
use uzel::domain::ids::Slug;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::{TestApp, spawn_app};
use crate::pages::{Form, post, send, sign_in};

/// Follows the redirect of a write that succeeded; the page it lands on.
async fn saved(app: &TestApp, cookie: &str, path: &str, form: &Form) -> String {
    let answer = post(app, path, cookie, form).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}: {}", answer.text);
    let page = send(app, "GET", answer.location.split('#').next().unwrap(), cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    page.text
}

async fn the_plan(app: &TestApp, api: &str) -> Value {
    let plans = app.get(&format!("{api}/plans")).await.expect(200).body;
    let id = plans[0]["id"].as_str().expect("a plan").to_owned();
    app.get(&format!("{api}/plans/{id}")).await.expect(200).body
}

#[actix_web::test]
async fn a_coordinator_writes_a_plan_and_evaluates_its_year_from_the_pages() {
    let app = spawn_app().await;
    app.tachov().await;
    let ospod = app.actor(json!({"name": "OSPOD Tachov"})).await;
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    let cookie = sign_in(&app, "koordinator").await;
    let api = "/api/v1/networks/tachov";

    // Start a plan.
    let list = send(&app, "GET", "/site/tachov/plan", &cookie, None).await;
    let mut start = Form::of(&list.text, "/site/tachov/plan");
    start.set("title", "Plán sítě 2026–2028").set("od", "2026").set("do", "2028");
    let page = saved(&app, &cookie, "/site/tachov/plan", &start).await;
    assert!(page.contains("Plán sítě 2026–2028") && page.contains("Uloženo"), "{page}");
    let plan = the_plan(&app, api).await;
    let id = plan["id"].as_str().unwrap().to_owned();
    assert_eq!(plan["sections"].as_array().unwrap().len(), 4, "the standard's four sections");
    let base = format!("/site/tachov/plan/{id}");

    // A plan whose last year comes before its first is refused, said in place.
    let list = send(&app, "GET", "/site/tachov/plan", &cookie, None).await;
    let mut backwards = Form::of(&list.text, "/site/tachov/plan");
    backwards.set("title", "Obráceně").set("od", "2028").set("do", "2026");
    let refused = post(&app, "/site/tachov/plan", &cookie, &backwards).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert!(refused.text.contains("value=\"Obráceně\""), "what was typed is kept");

    // A fifth section.
    let form_page = send(&app, "GET", &format!("{base}/oddil"), &cookie, None).await;
    let mut section = Form::of(&form_page.text, &format!("{base}/oddil"));
    section.set("title", "Dobrovolnictví").set("practice", "Dobrovolníci působí jen ve dvou školách.");
    let page = saved(&app, &cookie, &format!("{base}/oddil"), &section).await;
    assert!(page.contains("Dobrovolníci působí jen ve dvou školách."), "{page}");
    let first = the_plan(&app, api).await["sections"][0]["id"].as_str().unwrap().to_owned();

    // A recommendation in the first section.
    let section_path = format!("{base}/oddil/{first}");
    let section_page = send(&app, "GET", &section_path, &cookie, None).await;
    assert_eq!(section_page.status, StatusCode::OK);
    let recommend_path = format!("{section_path}/doporuceni");
    let mut recommend = Form::of(&section_page.text, &recommend_path);
    recommend.set("text", "Posílit prevenci ve školách");
    let page = saved(&app, &cookie, &recommend_path, &recommend).await;
    assert!(page.contains("1. Posílit prevenci ve školách"), "{page}");
    let recommendation =
        the_plan(&app, api).await["sections"][0]["recommendations"][0]["id"].as_str().unwrap().to_owned();
    assert!(page.contains(&format!("{base}/krok?doporuceni={recommendation}")), "a step is one link away");

    // A step without its text is refused; the deadline typed is kept.
    let step_page = send(&app, "GET", &format!("{base}/krok?doporuceni={recommendation}"), &cookie, None).await;
    assert!(step_page.text.contains(&format!("value=\"{recommendation}\" selected")), "the recommendation chosen");
    let step_path = format!("{base}/krok");
    let mut step = Form::of(&step_page.text, &step_path);
    step.set("termin", "30. 6. 2027").tick("actors", &ospod).tick("need_areas", "learning");
    let refused = post(&app, &step_path, &cookie, &step).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("value=\"30. 6. 2027\""), "{}", refused.text);
    assert!(refused.text.contains("href=\"#text\""), "the problem links to the field");
    step.set("text", "Zapojit metodiky prevence do platformy");
    let page = saved(&app, &cookie, &step_path, &step).await;
    assert!(page.contains("Zapojit metodiky prevence do platformy"), "{page}");
    assert!(page.contains(&format!("href=\"/site/tachov/akter/{ospod}\">OSPOD Tachov</a>")), "responsible linked");
    assert!(page.contains("30. 6. 2027"), "the deadline shown");
    // The same form again (a double click, a retry) adds nothing.
    assert_eq!(post(&app, &step_path, &cookie, &step).await.status, StatusCode::SEE_OTHER);
    let steps = the_plan(&app, api).await["sections"][0]["recommendations"][0]["steps"].as_array().unwrap().len();
    assert_eq!(steps, 1, "one step, however often the form is sent");

    // The year's evaluation, twice.
    let years = send(&app, "GET", &format!("{base}/hodnoceni"), &cookie, None).await;
    assert!(years.text.contains("zatím nehodnoceno"), "{}", years.text);
    let year_path = format!("{base}/hodnoceni/2026");
    let year_page = send(&app, "GET", &year_path, &cookie, None).await;
    assert!(year_page.text.contains("Co se v síti za rok změnilo"), "{}", year_page.text);
    let step_id =
        the_plan(&app, api).await["sections"][0]["recommendations"][0]["steps"][0]["id"].as_str().unwrap().to_owned();
    let mut evaluate = Form::of(&year_page.text, &year_path);
    evaluate.set("summary", "První rok: začali jsme.").set(&format!("vysledek-{step_id}"), "Metodici zapojeni.");
    let page = saved(&app, &cookie, &year_path, &evaluate).await;
    assert!(page.contains("První rok: začali jsme.") && page.contains("Metodici zapojeni."), "{page}");
    let mut again = Form::of(&page, &year_path);
    again.set("summary", "První rok: začali jsme, ale pomalu.");
    let page = saved(&app, &cookie, &year_path, &again).await;
    assert!(page.contains("Dřívější znění") && page.contains("První rok: začali jsme.</li>"), "{page}");
    let years = send(&app, "GET", &format!("{base}/hodnoceni"), &cookie, None).await;
    assert!(years.text.contains("zaznamenáno") && !years.text.contains("zatím nehodnoceno"), "{}", years.text);
    let api_year = app.get(&format!("{api}/plans/{id}/evaluations/2026")).await.expect(200).body;
    assert_eq!(api_year["versions"].as_array().unwrap().len(), 2, "{api_year}");
    assert_eq!(api_year["evaluation"]["outcomes"][0]["text"], "Metodici zapojeni.");
}

#[actix_web::test]
async fn a_regional_coordinator_writes_the_regions_plan_and_a_case_manager_cannot() {
    let app = spawn_app().await;
    app.tachov().await;
    let region = Slug::parse("plzensky").unwrap();
    user(&app, "kraj", vec![Grant::RegionalCoordinator { region }]).await;
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let cookie = sign_in(&app, "kraj").await;

    let home = send(&app, "GET", "/kraj/plzensky", &cookie, None).await;
    assert!(home.text.contains("href=\"/kraj/plzensky/plan\""), "the region's plan linked from its page");
    let list = send(&app, "GET", "/kraj/plzensky/plan", &cookie, None).await;
    assert_eq!(list.status, StatusCode::OK);
    let mut start = Form::of(&list.text, "/kraj/plzensky/plan");
    start.set("title", "Krajský plán 2026–2027").set("od", "2026").set("do", "2027");
    let page = saved(&app, &cookie, "/kraj/plzensky/plan", &start).await;
    assert!(page.contains("Krajský plán 2026–2027"), "{page}");
    assert!(page.contains("/api/v1/regions/plzensky/plans/"), "the region's document linked");
    let plan = the_plan(&app, "/api/v1/regions/plzensky").await;
    assert_eq!(plan["owner"], json!({"kind": "region", "slug": "plzensky"}), "{plan}");

    let cm = sign_in(&app, "cm-tachov").await;
    let path = format!("/kraj/plzensky/plan/{}", plan["id"].as_str().unwrap());
    let not_theirs = send(&app, "GET", &path, &cm, None).await;
    assert_eq!(not_theirs.status, StatusCode::NOT_FOUND, "{}", not_theirs.text);
    assert!(!not_theirs.text.contains("Krajský plán"), "nothing of the plan shown");
}
