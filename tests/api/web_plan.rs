//! The network's plan as pages, over real HTTP: the plans listed, a plan
//! with its sections, recommendations and steps; a step moved on in place
//! (reopening a done one refused without a reason, in Czech); publishing
//! the plan; the document one link away; for coordinators only.

use awc::http::StatusCode;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::spawn_app;
use crate::pages::{Form, post, send, sign_in};

#[actix_web::test]
async fn a_coordinator_moves_a_step_on_and_publishes_the_plan() {
    let app = spawn_app().await;
    app.tachov().await;
    let ospod = app.actor(json!({"name": "OSPOD Tachov"})).await;
    let n = "/api/v1/networks/tachov";
    let plan = app
        .post(&format!("{n}/plans"), json!({"title": "Plán sítě 2026–2028", "from": 2026, "to": 2028}))
        .await
        .expect(201)
        .id();
    let view = app.get(&format!("{n}/plans/{plan}")).await.expect(200);
    let section = view.body["sections"][0]["id"].as_str().unwrap().to_owned();
    let recommendation = app
        .post(
            &format!("{n}/plans/{plan}/recommendations"),
            json!({"section": section, "text": "Posílit prevenci ve školách"}),
        )
        .await
        .expect(201)
        .id();
    let step = app
        .post(
            &format!("{n}/plans/{plan}/steps"),
            json!({"recommendation": recommendation, "text": "Zapojit metodiky prevence do platformy",
            "actors": [ospod]}),
        )
        .await
        .expect(201)
        .id();
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let cookie = sign_in(&app, "koordinator").await;

    let list = send(&app, "GET", "/site/tachov/plan", &cookie, None).await;
    assert!(list.text.contains(&format!("href=\"/site/tachov/plan/{plan}\">Plán sítě 2026–2028</a>")), "{}", list.text);
    let path = format!("/site/tachov/plan/{plan}");
    let page = send(&app, "GET", &path, &cookie, None).await;
    let text = &page.text;
    assert!(
        text.contains("1. Posílit prevenci ve školách") && text.contains("Zapojit metodiky prevence do platformy"),
        "{text}"
    );
    assert!(
        text.contains(&format!("href=\"/site/tachov/akter/{ospod}\">OSPOD Tachov</a>")),
        "responsible actors linked"
    );
    assert!(
        text.contains(&format!("href=\"/api/v1/networks/tachov/plans/{plan}/document\"")),
        "the document one click away"
    );

    let step_path = format!("{path}/krok/{step}");
    let mut done = Form::of(text, &step_path);
    done.set("status", "done");
    assert_eq!(post(&app, &step_path, &cookie, &done).await.status, StatusCode::SEE_OTHER);
    let page = send(&app, "GET", &path, &cookie, None).await;
    assert!(page.text.contains("Stav: splněno") || page.text.contains("splněno"), "{}", page.text);
    let mut reopen = Form::of(&page.text, &step_path);
    reopen.set("status", "in_progress").set("reason", "");
    let refused = post(&app, &step_path, &cookie, &reopen).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Uveďte důvod."), "{}", refused.text);

    let publish = format!("{path}/zverejneni");
    let published = post(&app, &publish, &cookie, &Form::of(&page.text, &publish)).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    let view = app.get(&format!("{n}/plans/{plan}")).await.expect(200);
    assert!(view.body["published"].is_string(), "{}", view.text);
    let cm = sign_in(&app, "cm-tachov").await;
    assert_eq!(send(&app, "GET", &path, &cm, None).await.status, StatusCode::FORBIDDEN);

    // The findings, with their sources, linked from the plan.
    let group = app.get(n).await.body["target_groups"][0]["id"].as_str().unwrap().to_owned();
    app.post(
        &format!("{n}/findings"),
        json!({"title": "Chybí prevence pro 6–10 let", "text": "Zjištěno při mapování.",
        "sources": [{"kind": "gap", "area": "safety", "target_group": group}]}),
    )
    .await
    .expect(201);
    let findings = send(&app, "GET", "/site/tachov/zjisteni", &cookie, None).await;
    let text = &findings.text;
    assert!(text.contains("<h2>Chybí prevence pro 6–10 let</h2>") && text.contains("mezera v pokrytí"), "{text}");
    assert!(text.contains("href=\"/site/tachov/pokryti\">BEZPEČÍ × 6–10 let</a>"), "{text}");
    assert_eq!(send(&app, "GET", "/site/tachov/zjisteni", &cm, None).await.status, StatusCode::FORBIDDEN);
}
