//! Agreed procedures as pages, over real HTTP: a coordinator agrees one
//! binding an actor, agrees a new version (refused without saying what
//! changes), and withdraws it (refused without a reason); the bound
//! actor's account reads the version in force and nothing of the older
//! wording; a case manager, bound by nothing, reads none.

use awc::http::StatusCode;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::spawn_app;
use crate::pages::{Form, post, send, sign_in};

#[actix_web::test]
async fn a_coordinator_agrees_revises_and_withdraws_a_procedure_and_each_role_reads_its_part() {
    let app = spawn_app().await;
    app.tachov().await;
    let school = app.actor(json!({"name": "ZŠ Tachov"})).await;
    let ospod = app.actor(json!({"name": "OSPOD Tachov"})).await;
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    user(&app, "skola", vec![Grant::Actor { network: tachov(), actor: school.parse().unwrap() }]).await;
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let cookie = sign_in(&app, "koordinator").await;

    let list = send(&app, "GET", "/site/tachov/postupy", &cookie, None).await;
    assert_eq!(list.status, StatusCode::OK);
    let mut agree = Form::of(&list.text, "/site/tachov/postupy");
    agree
        .set("title", "Škola informuje OSPOD")
        .set("text", "Škola volá OSPOD týž den, kdy zjistí zanedbání péče.")
        .tick("actors", &school)
        .tick("actors", &ospod);
    let done = post(&app, "/site/tachov/postupy", &cookie, &agree).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    // Sent again (a double click): nothing new.
    assert_eq!(post(&app, "/site/tachov/postupy", &cookie, &agree).await.status, StatusCode::SEE_OTHER);
    let procedures = app.get("/api/v1/networks/tachov/procedures").await.expect(200).body;
    assert_eq!(procedures.as_array().unwrap().len(), 1, "{procedures}");
    let id = procedures[0]["id"].as_str().unwrap().to_owned();
    let page = send(&app, "GET", "/site/tachov/postupy", &cookie, None).await;
    assert!(page.text.contains("Škola volá OSPOD týž den"), "{}", page.text);
    assert!(page.text.contains(&format!("href=\"/site/tachov/akter/{school}\">ZŠ Tachov</a>")), "bound actors linked");

    // A new version must say what it changes.
    let path = format!("/site/tachov/postupy/{id}");
    let edit = send(&app, "GET", &path, &cookie, None).await;
    assert!(edit.text.contains("value=\"Škola informuje OSPOD\""), "the form holds the wording in force");
    let mut revise = Form::of(&edit.text, &path);
    revise.set("text", "Škola volá OSPOD do dvou hodin od zjištění zanedbání péče.");
    let refused = post(&app, &path, &cookie, &revise).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("href=\"#note\""), "{}", refused.text);
    assert!(refused.text.contains("do dvou hodin"), "what was typed is kept");
    revise.set("note", "zkrácena lhůta");
    assert_eq!(post(&app, &path, &cookie, &revise).await.status, StatusCode::SEE_OTHER);
    let page = send(&app, "GET", "/site/tachov/postupy", &cookie, None).await;
    assert!(page.text.contains("do dvou hodin") && page.text.contains("Všechny verze (2)"), "{}", page.text);
    assert!(page.text.contains("zkrácena lhůta"), "the version's note");

    // The bound school reads the version in force only; the case manager nothing.
    let school_cookie = sign_in(&app, "skola").await;
    let theirs = send(&app, "GET", "/site/tachov/postupy", &school_cookie, None).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(theirs.text.contains("do dvou hodin"), "{}", theirs.text);
    assert!(!theirs.text.contains("týž den") && !theirs.text.contains("Všechny verze"), "older wording hidden");
    assert!(!theirs.text.contains("Dohodnout nový postup"), "no form for a service");
    let cm = sign_in(&app, "cm-tachov").await;
    let none = send(&app, "GET", "/site/tachov/postupy", &cm, None).await;
    assert!(none.text.contains("Zatím žádný dohodnutý postup") && !none.text.contains("Škola informuje"));
    assert_eq!(send(&app, "GET", &path, &school_cookie, None).await.status, StatusCode::FORBIDDEN);

    // Withdrawing needs a reason.
    let edit = send(&app, "GET", &path, &cookie, None).await;
    let withdraw_path = format!("{path}/zruseni");
    let mut withdraw = Form::of(&edit.text, &withdraw_path);
    let refused = post(&app, &withdraw_path, &cookie, &withdraw).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("href=\"#reason\""), "{}", refused.text);
    withdraw.set("reason", "nahrazeno krajskou metodikou");
    assert_eq!(post(&app, &withdraw_path, &cookie, &withdraw).await.status, StatusCode::SEE_OTHER);
    let page = send(&app, "GET", "/site/tachov/postupy", &cookie, None).await;
    assert!(page.text.contains("Zrušeno") && page.text.contains("nahrazeno krajskou metodikou"), "{}", page.text);
}
