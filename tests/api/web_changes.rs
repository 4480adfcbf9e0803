//! "What changed between two dates" as a page, over real HTTP: the last
//! year by default — actors added, a field edit old → new with who and
//! when, coverage per need area before and after, meetings against plan —
//! and a period before the changes showing none of them.

use awc::http::StatusCode;
use chrono::{Duration, Utc};
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::spawn_app;
use crate::pages::{send, sign_in};

#[actix_web::test]
async fn the_change_set_reads_as_a_page() {
    let app = spawn_app().await;
    let since = Utc::now() - Duration::days(500);
    app.put("/api/v1/regions/plzensky", json!({"name": "Plzeňský kraj", "effective_at": since})).await.expect(201);
    app.put("/api/v1/networks/tachov", json!({"name": "ORP Tachov", "region": "plzensky", "effective_at": since}))
        .await
        .expect(201);
    let actor = app
        .post(
            "/api/v1/networks/tachov/actors",
            json!({"fields": {"name": "Poradna", "kind": "poradna", "need_areas": ["health"]},
            "effective_at": Utc::now() - Duration::days(100)}),
        )
        .await
        .expect(201)
        .id();
    app.patch(&format!("/api/v1/networks/tachov/actors/{actor}"), json!({"fields": {"kind": "rodinná poradna"}}))
        .await
        .expect(200);
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    let cookie = sign_in(&app, "koordinator").await;
    let page = send(&app, "GET", "/site/tachov/zmeny", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = &page.text;
    assert!(text.contains("Aktivních aktérů na začátku a na konci: <strong>0 → 1</strong>"), "{text}");
    assert!(text.contains(&format!("href=\"/site/tachov/akter/{actor}\">Poradna</a>")), "added: {text}");
    assert!(
        text.contains("<span class=\"stare\">poradna</span> → <span class=\"nove\">rodinná poradna</span>"),
        "{text}"
    );
    assert!(
        text.contains("<th scope=\"row\">ZDRAVÍ</th><td class=\"n\">0</td><td class=\"n\">1</td>"),
        "coverage: {text}"
    );
    let before = (Utc::now() - Duration::days(300)).date_naive();
    let early = send(
        &app,
        "GET",
        &format!("/site/tachov/zmeny?od={}&do={}", before - Duration::days(30), before),
        &cookie,
        None,
    )
    .await;
    assert!(early.text.contains("<strong>0 → 0</strong>") && !early.text.contains("rodinná poradna"), "{}", early.text);
    let nonsense = send(&app, "GET", "/site/tachov/zmeny?od=vcera", &cookie, None).await;
    assert!(nonsense.text.contains("Zadejte datum"), "{}", nonsense.text);
}
