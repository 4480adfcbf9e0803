//! The yearly review as a page, over real HTTP: records not reviewed for
//! 12 months listed, ticked and marked reviewed at once; the yearly report
//! one link away; a case manager does not open it.

use awc::http::StatusCode;
use chrono::{Duration, Utc};
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::spawn_app;
use crate::pages::{Form, post, send, sign_in};

#[actix_web::test]
async fn records_due_for_review_are_marked_reviewed_in_place() {
    let app = spawn_app().await;
    let since = Utc::now() - Duration::days(500);
    app.put("/api/v1/regions/plzensky", json!({"name": "Plzeňský kraj", "effective_at": since})).await.expect(201);
    app.put("/api/v1/networks/tachov", json!({"name": "ORP Tachov", "region": "plzensky", "effective_at": since}))
        .await
        .expect(201);
    let old = app
        .post("/api/v1/networks/tachov/actors", json!({"fields": {"name": "Poradna Déčko"}, "effective_at": since}))
        .await
        .expect(201)
        .id();
    let fresh = app.actor(json!({"name": "Klub Kotec"})).await;
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let cookie = sign_in(&app, "koordinator").await;
    let page = send(&app, "GET", "/site/tachov/revize", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains(&format!("href=\"/site/tachov/akter/{old}\">Poradna Déčko</a>")), "{}", page.text);
    assert!(!page.text.contains(&format!("/akter/{fresh}\"")), "entered this year: not due");
    assert!(page.text.contains("href=\"/api/v1/networks/tachov/report/page\""), "the yearly report is linked");
    let mut form = Form::of(&page.text, "/site/tachov/revize");
    form.tick("actors", &old);
    assert_eq!(post(&app, "/site/tachov/revize", &cookie, &form).await.status, StatusCode::SEE_OTHER);
    let revision = app.get("/api/v1/networks/tachov/revision").await.expect(200);
    assert_eq!(revision.body["actors"], json!([]), "{}", revision.text);
    let page = send(&app, "GET", "/site/tachov/revize", &cookie, None).await;
    assert!(!page.text.contains("Poradna Déčko"), "reviewed: no longer due");
    let cm = sign_in(&app, "cm-tachov").await;
    assert_eq!(send(&app, "GET", "/site/tachov/revize", &cm, None).await.status, StatusCode::FORBIDDEN);
}
