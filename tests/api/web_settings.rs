//! The network's settings page over real HTTP: taxonomy terms added (a
//! duplicate refused in Czech), renamed and retired; a custom category
//! that the actor form then offers; what case managers see and when
//! capacity goes stale; roles granted and taken back by name — and the
//! page is the coordinators' only.

use awc::http::StatusCode;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::spawn_app;
use crate::pages::{Form, post, send, sign_in};

const SETTINGS: &str = "/site/tachov/nastaveni";

#[actix_web::test]
async fn a_coordinator_keeps_the_taxonomies_categories_sharing_and_roles() {
    let app = spawn_app().await;
    app.tachov().await;
    let actor = app.actor(json!({"name": "Klub Kotec"})).await;
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    user(&app, "nova.cm", vec![]).await;
    let cookie = sign_in(&app, "koordinator").await;
    let page = send(&app, "GET", SETTINGS, &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("value=\"6–10 let\""), "the terms, each renamable in place: {}", page.text);

    // A term; the same name again is refused next to its field, the kind kept.
    let add = format!("{SETTINGS}/pojmy");
    let mut term = Form::of(&page.text, &add);
    term.set("kind", "target_group").set("name", "11–15 let");
    assert_eq!(post(&app, &add, &cookie, &term).await.status, StatusCode::SEE_OTHER);
    let page = send(&app, "GET", SETTINGS, &cookie, None).await;
    let mut again = Form::of(&page.text, &add);
    again.set("kind", "target_group").set("name", "11–15 let");
    let refused = post(&app, &add, &cookie, &again).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("href=\"#name\">Síť už položku s tímto názvem má.</a>"), "{}", refused.text);
    assert_eq!(Form::of(&refused.text, &add).get("kind"), "target_group");
    let network = app.get("/api/v1/networks/tachov").await.expect(200);
    let id = network.body["target_groups"]
        .as_array()
        .and_then(|a| a.iter().find(|v| v["name"] == "11–15 let"))
        .and_then(|v| v["id"].as_str())
        .unwrap_or_else(|| panic!("the term: {}", network.text))
        .to_owned();
    let rename = format!("{SETTINGS}/pojmy/{id}");
    let mut renamed = Form::of(&page.text, &rename);
    renamed.set("name", "11–14 let");
    assert_eq!(post(&app, &rename, &cookie, &renamed).await.status, StatusCode::SEE_OTHER);
    assert!(app.get("/api/v1/networks/tachov").await.text.contains("11–14 let"));
    let retire = format!("{rename}/vyradit");
    let page = send(&app, "GET", SETTINGS, &cookie, None).await;
    assert_eq!(post(&app, &retire, &cookie, &Form::of(&page.text, &retire)).await.status, StatusCode::SEE_OTHER);
    let page = send(&app, "GET", SETTINGS, &cookie, None).await;
    assert!(!page.text.contains("11–14 let"), "retired terms are not offered");

    // A custom category, then offered by the actor's form.
    let categories = format!("{SETTINGS}/kategorie");
    let mut category = Form::of(&page.text, &categories);
    category.set("name", "Jazyky").set("kind", "many_of").set("allowed", "čeština\nukrajinština");
    assert_eq!(post(&app, &categories, &cookie, &category).await.status, StatusCode::SEE_OTHER);
    let edit = send(&app, "GET", &format!("/site/tachov/akter/{actor}/upravit"), &cookie, None).await;
    assert!(edit.text.contains("<legend>Jazyky</legend>") && edit.text.contains("ukrajinština"), "{}", edit.text);

    // What case managers see; a stale limit out of range is refused in place.
    let sharing = format!("{SETTINGS}/sdileni");
    let page = send(&app, "GET", SETTINGS, &cookie, None).await;
    let mut share = Form::of(&page.text, &sharing);
    share.tick("designated", "name").tick("designated", "phone").set("stale_days", "0");
    let refused = post(&app, &sharing, &cookie, &share).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Zadejte počet dní od 1 do 365."), "{}", refused.text);
    assert_eq!(Form::of(&refused.text, &sharing).0.iter().filter(|(k, _)| k == "designated").count(), 2);
    share.set("stale_days", "7");
    assert_eq!(post(&app, &sharing, &cookie, &share).await.status, StatusCode::SEE_OTHER);
    let network = app.get("/api/v1/networks/tachov").await.expect(200);
    assert_eq!(network.body["designated_fields"], json!(["name", "phone"]), "{}", network.text);
    assert_eq!(network.body["capacity_stale_days"], 7);

    // Saved filters are listed and removed here too (saved in the directory).
    let filter = uuid::Uuid::now_v7();
    app.put(
        &format!("/api/v1/networks/tachov/filters/{filter}"),
        json!({"name": "Krizová lůžka", "query": "crisis=true", "audience": "case_managers"}),
    )
    .await
    .expect(201);
    let page = send(&app, "GET", SETTINGS, &cookie, None).await;
    assert!(page.text.contains("href=\"/site/tachov/adresar?crisis=true\">Krizová lůžka</a>"), "{}", page.text);
    let remove = format!("/site/tachov/adresar/filtry/{filter}/odebrat");
    let removed = post(&app, &remove, &cookie, &Form::of(&page.text, &remove)).await;
    assert_eq!(removed.location, "/site/tachov/nastaveni#filtry", "back where it was removed from");
    assert!(!send(&app, "GET", SETTINGS, &cookie, None).await.text.contains("Krizová lůžka"));

    // Roles by username: unknown refused; granted, used, taken back.
    let roles = format!("{SETTINGS}/role");
    let page = send(&app, "GET", SETTINGS, &cookie, None).await;
    let mut grant = Form::of(&page.text, &roles);
    grant.set("username", "nikdo").set("role", "case_manager");
    let refused = post(&app, &roles, &cookie, &grant).await;
    assert!(refused.text.contains("Uživatel s tímto jménem neexistuje"), "{}", refused.text);
    grant.set("username", "nova.cm").set("role", "actor");
    let refused = post(&app, &roles, &cookie, &grant).await;
    assert!(refused.text.contains("href=\"#actor\">Vyberte z nabídky.</a>"), "{}", refused.text);
    grant.set("role", "case_manager");
    assert_eq!(post(&app, &roles, &cookie, &grant).await.status, StatusCode::SEE_OTHER);
    let cm = sign_in(&app, "nova.cm").await;
    assert_eq!(send(&app, "GET", "/site/tachov/adresar", &cm, None).await.status, StatusCode::OK);
    assert_eq!(send(&app, "GET", SETTINGS, &cm, None).await.status, StatusCode::FORBIDDEN, "not theirs");
    let page = send(&app, "GET", SETTINGS, &cookie, None).await;
    assert!(page.text.contains("<td>nova.cm</td>") && page.text.contains("case manager"), "{}", page.text);
    let take_back = format!("{roles}/odebrat");
    let form = Form::of(&page.text[page.text.find("<td>nova.cm</td>").unwrap()..], &take_back);
    assert_eq!(form.get("username"), "nova.cm");
    assert_eq!(post(&app, &take_back, &cookie, &form).await.status, StatusCode::SEE_OTHER);
    let grants = app.get("/api/v1/networks/tachov/grants").await.expect(200);
    assert!(!grants.text.contains("nova.cm"), "{}", grants.text);
}
