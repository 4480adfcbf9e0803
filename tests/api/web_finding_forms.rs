//! Findings written from their pages, over real HTTP: a coordinator
//! records a finding resting on a coverage gap and an actor's note (the
//! sources offered by the form), rewrites it, and sets it aside — refused
//! without a reason, the problem shown by the status form.

use awc::http::StatusCode;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::spawn_app;
use crate::pages::{Form, post, send, sign_in};

#[actix_web::test]
async fn a_coordinator_records_rewrites_and_sets_aside_a_finding_from_the_pages() {
    let app = spawn_app().await;
    let (group, _, _) = app.tachov().await;
    let school = app.actor(json!({"name": "ZŠ Tachov"})).await;
    let note = app
        .post(
            &format!("/api/v1/networks/tachov/actors/{school}/notes"),
            json!({"text": "Děti po rozvodu rodičů nemají kam", "private": false}),
        )
        .await
        .expect(201)
        .id();
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    let cookie = sign_in(&app, "koordinator").await;

    let list = send(&app, "GET", "/site/tachov/zjisteni", &cookie, None).await;
    assert!(list.text.contains("href=\"/site/tachov/zjisteni/nove\""), "recording is one link away");
    let page = send(&app, "GET", "/site/tachov/zjisteni/nove", &cookie, None).await;
    let gap = format!("m:health:{group}");
    let from_note = format!("n:{school}:{note}");
    assert!(page.text.contains(&format!("value=\"{gap}\"")), "the coverage gap offered: {}", page.text);
    assert!(page.text.contains("Děti po rozvodu rodičů nemají kam"), "the note offered");
    let mut record = Form::of(&page.text, "/site/tachov/zjisteni/nove");
    record
        .set("title", "Chybí terapie pro děti 6–10 let")
        .tick("need_areas", "health")
        .tick("target_groups", &group)
        .tick("sources", &gap)
        .tick("sources", &from_note);
    let done = post(&app, "/site/tachov/zjisteni/nove", &cookie, &record).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let findings = app.get("/api/v1/networks/tachov/findings").await.expect(200).body;
    assert_eq!(findings.as_array().unwrap().len(), 1);
    let id = findings[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(findings[0]["sources"].as_array().unwrap().len(), 2, "{findings}");
    let list = send(&app, "GET", "/site/tachov/zjisteni", &cookie, None).await;
    assert!(list.text.contains("Chybí terapie pro děti 6–10 let"), "{}", list.text);
    assert!(list.text.contains(&format!("href=\"/site/tachov/akter/{school}#poznamky\"")), "the note's actor linked");

    // Rewrite it: the form holds what the finding says, sources ticked.
    let path = format!("/site/tachov/zjisteni/{id}");
    let edit = send(&app, "GET", &path, &cookie, None).await;
    assert!(edit.text.contains(&format!("value=\"{gap}\" checked")), "{}", edit.text);
    let mut revise = Form::of(&edit.text, &path);
    revise.set("title", "Chybí terapie pro mladší školáky");
    assert_eq!(post(&app, &path, &cookie, &revise).await.status, StatusCode::SEE_OTHER);
    let findings = app.get("/api/v1/networks/tachov/findings").await.expect(200).body;
    assert_eq!(findings[0]["title"], "Chybí terapie pro mladší školáky");
    assert_eq!(findings[0]["sources"].as_array().unwrap().len(), 2, "the sources kept");

    // Setting it aside needs a reason.
    let status_path = format!("{path}/stav");
    let edit = send(&app, "GET", &path, &cookie, None).await;
    let mut aside = Form::of(&edit.text, &status_path);
    aside.set("status", "set_aside").set("reason", "");
    let refused = post(&app, &status_path, &cookie, &aside).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("href=\"#reason\""), "{}", refused.text);
    aside.set("reason", "řeší krajská síť");
    assert_eq!(post(&app, &status_path, &cookie, &aside).await.status, StatusCode::SEE_OTHER);
    let list = send(&app, "GET", "/site/tachov/zjisteni", &cookie, None).await;
    assert!(list.text.contains("řeší krajská síť"), "{}", list.text);
}
