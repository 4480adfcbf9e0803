//! The platforms' pages as a browser without scripts uses them, over real
//! HTTP: a coordinator plans a meeting, records it as held (attendance,
//! minutes), adds two decisions and a task with its owner and due date,
//! moves the task on in place; the task is on its owner's page; problems
//! are said next to their fields with what was typed kept; and only
//! coordinators get the forms.

use awc::http::StatusCode;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::{TestApp, spawn_app};
use crate::pages::{Form, post, send, sign_in};

/// A platform coordinated by one actor with another as member; their ids.
async fn platform(app: &TestApp) -> (String, String, String) {
    app.tachov().await;
    let ospod = app.actor(json!({"name": "OSPOD Tachov"})).await;
    let school = app.actor(json!({"name": "ZŠ Zárečná"})).await;
    let platform = app
        .post(
            "/api/v1/networks/tachov/platforms",
            json!({"fields": {"name": "Platforma pro bezpečnost", "platform_type": "interdisciplinary",
                "coordinators": [ospod], "members": [school], "frequency_per_year": 4},
                "effective_at": chrono::Utc::now() - chrono::Duration::days(30)}),
        )
        .await
        .expect(201)
        .id();
    (platform, ospod, school)
}

#[actix_web::test]
async fn a_coordinator_plans_a_meeting_records_it_with_outcomes_and_the_task_reaches_its_owner() {
    let app = spawn_app().await;
    let (platform, ospod, school) = platform(&app).await;
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    let cookie = sign_in(&app, "koordinator").await;
    let list = send(&app, "GET", "/site/tachov/platformy", &cookie, None).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.text.contains("Platforma pro bezpečnost") && list.text.contains("platforma mezioborové spolupráce"));
    let page_path = format!("/site/tachov/platforma/{platform}");
    assert!(list.text.contains(&format!("href=\"{page_path}\"")));

    // Plan: a date it cannot read is said next to the field, what was typed kept.
    let page = send(&app, "GET", &page_path, &cookie, None).await;
    assert!(page.text.contains("OSPOD Tachov") && page.text.contains(&format!("/site/tachov/akter/{school}")));
    let schedule_path = format!("{page_path}/schuzky");
    let mut plan = Form::of(&page.text, &schedule_path);
    plan.set("date", "příští úterý").set("place", "MěÚ Tachov, zasedačka").set("agenda", "Bezpečná cesta do školy");
    let refused = post(&app, &schedule_path, &cookie, &plan).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Zadejte datum (například 5. 12. 2026)"), "{}", refused.text);
    assert_eq!(Form::of(&refused.text, &schedule_path).get("agenda"), "Bezpečná cesta do školy");
    let ahead = (chrono::Utc::now() + chrono::Duration::days(14)).date_naive();
    plan.set("date", &ahead.format("%Y-%m-%d").to_string()).set("cas", "14:30");
    let planned = post(&app, &schedule_path, &cookie, &plan).await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.text);
    assert_eq!(post(&app, &schedule_path, &cookie, &plan).await.status, StatusCode::SEE_OTHER, "sent twice");
    let api = app.get(&format!("/api/v1/networks/tachov/platforms/{platform}")).await.expect(200);
    assert_eq!(api.body["meetings"].as_array().map(Vec::len), Some(1), "planned once: {}", api.text);
    let planned_id = api.body["meetings"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(api.body["meetings"][0]["place"], "MěÚ Tachov, zasedačka");

    // A meeting held today that was never planned: its page records it.
    let page = send(&app, "GET", &page_path, &cookie, None).await;
    assert!(page.text.contains(&format!("{page_path}/schuzka/{planned_id}")), "the planned meeting links its page");
    let unplanned = page.text.split("schuzka/").nth(2).and_then(|s| s.split('"').next()).map(str::to_owned);
    let meeting_path = format!("{page_path}/schuzka/{}", unplanned.expect("a link to record an unplanned meeting"));
    let meeting = send(&app, "GET", &meeting_path, &cookie, None).await;
    assert_eq!(meeting.status, StatusCode::OK, "{}", meeting.text);
    let held_path = format!("{meeting_path}/konani");
    let mut held = Form::of(&meeting.text, &held_path);
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    held.set("date", &today).set("cas", "00:00").tick("attendees", &ospod).tick("attendees", &school);
    held.set("others", "dva").set("minutes", "Dohodli jsme společný postup.");
    let refused = post(&app, &held_path, &cookie, &held).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Zadejte celé číslo."), "{}", refused.text);
    let kept = Form::of(&refused.text, &held_path);
    assert_eq!(kept.get("minutes"), "Dohodli jsme společný postup.");
    assert_eq!(kept.0.iter().filter(|(k, _)| k == "attendees").count(), 2, "the ticked boxes stay ticked");
    held.set("others", "2");
    let recorded = post(&app, &held_path, &cookie, &held).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.text);
    assert_eq!(recorded.location, format!("{meeting_path}?ulozeno=1"));

    // Two decisions and one task with its owner and due date.
    let outcome_path = format!("{meeting_path}/vystupy");
    for text in ["Škola zapojí metodika prevence.", "Setkání bude čtvrtletně."] {
        let page = send(&app, "GET", &meeting_path, &cookie, None).await;
        let mut form = Form::of(&page.text, &outcome_path);
        form.set("kind", "decision").set("text", text);
        assert_eq!(post(&app, &outcome_path, &cookie, &form).await.status, StatusCode::SEE_OTHER);
    }
    let page = send(&app, "GET", &meeting_path, &cookie, None).await;
    let mut task = Form::of(&page.text, &outcome_path);
    let due = (chrono::Utc::now() + chrono::Duration::days(30)).date_naive();
    task.set("kind", "task").set("text", "Připravit mapu bezpečných cest.").set("owner", &school);
    task.set("due", &due.format("%Y-%m-%d").to_string());
    assert_eq!(post(&app, &outcome_path, &cookie, &task).await.status, StatusCode::SEE_OTHER);
    assert_eq!(post(&app, &outcome_path, &cookie, &task).await.status, StatusCode::SEE_OTHER, "sent twice");

    let page = send(&app, "GET", &meeting_path, &cookie, None).await;
    let text = &page.text;
    assert!(text.contains("Škola zapojí metodika prevence.") && text.contains("Setkání bude čtvrtletně."), "{text}");
    assert!(text.contains("Dohodli jsme společný postup.") && text.contains("2 další osoby"), "{text}");
    let api = app.get(&format!("/api/v1/networks/tachov/platforms/{platform}")).await.expect(200);
    let outcomes: Vec<&serde_json::Value> =
        api.body["meetings"].as_array().unwrap().iter().flat_map(|m| m["outcomes"].as_array().unwrap()).collect();
    assert_eq!(outcomes.len(), 3, "{}", api.text);
    let task = outcomes.iter().find(|o| o["kind"] == "task").expect("the task");
    assert_eq!(task["owner"], school.as_str());
    assert!(task["due"].as_str().unwrap().starts_with(&due.format("%Y-%m-%d").to_string()));

    // The network's overview: the planned meeting and the open task, each a link.
    let overview = send(&app, "GET", "/site/tachov", &cookie, None).await;
    let text = &overview.text;
    assert!(
        text.contains(&format!("href=\"{page_path}/schuzka/{planned_id}\">Platforma pro bezpečnost</a> – ")),
        "{text}"
    );
    assert!(text.contains("Připravit mapu bezpečných cest.</a> – ZŠ Zárečná"), "{text}");
    assert!(text.contains("href=\"/api/v1/networks/tachov/report/page\""), "the yearly report one link away");

    // The task is on its owner's page; moved on in place, it leaves the list.
    let owner_page = send(&app, "GET", &format!("/site/tachov/akter/{school}"), &cookie, None).await;
    assert!(owner_page.text.contains("Připravit mapu bezpečných cest."), "{}", owner_page.text);
    let task_path = format!("{page_path}/ukol/{}/stav", task["id"].as_str().unwrap());
    let mut done = Form::of(&page.text, &task_path);
    done.set("status", "done");
    let moved = post(&app, &task_path, &cookie, &done).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    assert_eq!(moved.location, format!("{meeting_path}?ulozeno=1"), "back where it was moved on");
    let owner_page = send(&app, "GET", &format!("/site/tachov/akter/{school}"), &cookie, None).await;
    assert!(!owner_page.text.contains("Připravit mapu bezpečných cest."));
    let mut away = done.clone();
    away.set("zpet", "https://example.org/");
    assert_eq!(post(&app, &task_path, &cookie, &away).await.location, format!("{page_path}?ulozeno=1"));

    // The planned one is called off with a reason.
    let planned_path = format!("{page_path}/schuzka/{planned_id}");
    let page = send(&app, "GET", &planned_path, &cookie, None).await;
    let mut cancel = Form::of(&page.text, &format!("{planned_path}/zruseni"));
    cancel.set("reason", "nemoc koordinátora");
    assert_eq!(post(&app, &format!("{planned_path}/zruseni"), &cookie, &cancel).await.status, StatusCode::SEE_OTHER);
    let page = send(&app, "GET", &page_path, &cookie, None).await;
    assert!(page.text.contains("zrušeno: nemoc koordinátora"), "{}", page.text);
}

#[actix_web::test]
async fn only_coordinators_get_the_platforms_forms() {
    let app = spawn_app().await;
    let (platform, _, school) = platform(&app).await;
    let school_id = uuid::Uuid::parse_str(&school).unwrap();
    user(&app, "skola", vec![Grant::Actor { network: tachov(), actor: school_id }]).await;
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let service = sign_in(&app, "skola").await;
    let cm = sign_in(&app, "cm-tachov").await;
    let page_path = format!("/site/tachov/platforma/{platform}");
    let page = send(&app, "GET", &page_path, &service, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text.contains("/schuzky\""), "no planning form for a service");
    let forged = [("csrf", crate::pages::csrf_of(&page.text)), ("date", "2030-01-01".into())];
    let forged: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = send(&app, "POST", &format!("{page_path}/schuzky"), &service, Some(&forged)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, "GET", &page_path, &cm, None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, "GET", "/site/tachov/platformy", &cm, None).await.status, StatusCode::FORBIDDEN);
    let fresh = format!("{page_path}/schuzka/{}", uuid::Uuid::now_v7());
    assert_eq!(send(&app, "GET", &fresh, &service, None).await.status, StatusCode::NOT_FOUND, "no meeting to show");
    let api = app.get(&format!("/api/v1/networks/tachov/platforms/{platform}")).await.expect(200);
    assert_eq!(api.body["meetings"], json!([]));
}
