//! The homes of a platform member and a regional coordinator, over real
//! HTTP: each lands on their own page after signing in; the member sees
//! their platform's next meeting with its agenda, its open tasks and the
//! last decisions, and no other platform; the regional coordinator sees the
//! region's networks side by side, each a link; neither gets the other's.

use awc::http::StatusCode;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::spawn_app;
use crate::pages::{send, sign_in};

#[actix_web::test]
async fn a_member_and_a_regional_coordinator_land_on_their_own_pages() {
    let app = spawn_app().await;
    app.tachov().await;
    let ospod = app.actor(json!({"name": "OSPOD Tachov"})).await;
    app.post(
        "/api/v1/networks/tachov/actors",
        json!({"fields": {"name": "Stará poradna"}, "effective_at": chrono::Utc::now() - chrono::Duration::days(400)}),
    )
    .await
    .expect(201);
    let mut platforms = Vec::new();
    for name in ["Platforma pro bezpečnost", "Tajná pracovní skupina"] {
        let id = app
            .post(
                "/api/v1/networks/tachov/platforms",
                json!({"fields": {"name": name, "platform_type": "formal", "frequency_per_year": 4,
                "coordinators": [ospod]}, "effective_at": chrono::Utc::now() - chrono::Duration::days(30)}),
            )
            .await
            .expect(201)
            .id();
        platforms.push(id);
    }
    let p = &platforms[0];
    let held = uuid::Uuid::now_v7();
    app.put(
        &format!("/api/v1/networks/tachov/platforms/{p}/meetings/{held}/held"),
        json!({"date": chrono::Utc::now() - chrono::Duration::days(2), "minutes": "zápis"}),
    )
    .await
    .expect(200);
    for (kind, text) in [("decision", "Setkání bude čtvrtletně."), ("task", "Připravit mapu bezpečných cest.")] {
        app.post(
            &format!("/api/v1/networks/tachov/platforms/{p}/meetings/{held}/outcomes"),
            json!({"kind": kind, "text": text, "owner": ospod}),
        )
        .await
        .expect(201);
    }
    app.post(&format!("/api/v1/networks/tachov/platforms/{p}/meetings"),
        json!({"date": chrono::Utc::now() + chrono::Duration::days(10), "place": "MěÚ Tachov", "agenda": "Bezpečná cesta do školy"}))
        .await
        .expect(201);
    let n = "/api/v1/networks/tachov";
    let plan =
        app.post(&format!("{n}/plans"), json!({"title": "Plán", "from": 2026, "to": 2028})).await.expect(201).id();
    let section = app.get(&format!("{n}/plans/{plan}")).await.body["sections"][0]["id"].as_str().unwrap().to_owned();
    let recommendation = app
        .post(&format!("{n}/plans/{plan}/recommendations"), json!({"section": section, "text": "Bezpečí dětí"}))
        .await
        .expect(201)
        .id();
    app.post(
        &format!("{n}/plans/{plan}/steps"),
        json!({"recommendation": recommendation, "text": "Zmapovat bezpečné cesty do škol", "platforms": [p]}),
    )
    .await
    .expect(201);
    user(&app, "clen", vec![Grant::PlatformMember { network: tachov(), platform: uuid::Uuid::parse_str(p).unwrap() }])
        .await;
    user(
        &app,
        "kraj",
        vec![Grant::RegionalCoordinator { region: uzel::domain::ids::Slug::parse("plzensky").unwrap() }],
    )
    .await;

    let member = sign_in(&app, "clen").await;
    assert_eq!(send(&app, "GET", "/", &member, None).await.location, "/site/tachov/moje-platformy");
    let page = send(&app, "GET", "/site/tachov/moje-platformy", &member, None).await;
    let text = &page.text;
    assert!(text.contains("Platforma pro bezpečnost") && !text.contains("Tajná pracovní skupina"), "{text}");
    assert!(
        text.contains("Bezpečná cesta do školy") && text.contains("MěÚ Tachov"),
        "the next meeting and its agenda: {text}"
    );
    assert!(text.contains("Připravit mapu bezpečných cest.") && text.contains("Setkání bude čtvrtletně."), "{text}");
    assert!(text.contains("href=\"/site/tachov/moje-platformy\""), "the menu leads here");
    assert!(
        text.contains("Kroky plánu, za které platforma odpovídá")
            && text.contains("Zmapovat bezpečné cesty do škol – naplánováno"),
        "{text}"
    );
    assert_eq!(send(&app, "GET", "/kraj/plzensky", &member, None).await.status, StatusCode::NOT_FOUND);

    let regional = sign_in(&app, "kraj").await;
    assert_eq!(send(&app, "GET", "/", &regional, None).await.location, "/kraj/plzensky");
    let page = send(&app, "GET", "/kraj/plzensky", &regional, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("<a href=\"/site/tachov\">ORP Tachov</a>"), "{}", page.text);
    // Held in 12 months against planned a year (two platforms, four each), and
    // the records not reviewed for a year (the one entered 400 days ago).
    assert!(page.text.contains("1 / 8 <strong class=\"pozor\">pod plánem</strong>"), "{}", page.text);
    let region = app.get("/api/v1/regions/plzensky").await.expect(200).body;
    assert_eq!(region["networks"][0]["meetings_planned_per_year"], 8, "{region}");
    assert_eq!(region["networks"][0]["records_due_for_review"], 1, "{region}");
    assert_eq!(
        send(&app, "GET", "/site/tachov", &regional, None).await.status,
        StatusCode::OK,
        "drills into the network"
    );
}
