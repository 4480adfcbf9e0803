//! The network on a past date: `?as_of=` on the read models' routes, on the
//! effective clock (the default) and the recorded clock, at the instants
//! just before and at each change.

use serde_json::json;

use crate::helpers::{TestApp, spawn_app};

/// The instant one microsecond before `at` (RFC 3339 with microseconds).
fn before(at: &str) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(at).unwrap() - chrono::Duration::microseconds(1);
    t.to_utc().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn q(at: &str) -> String {
    at.replace('+', "%2B")
}

async fn name_at(app: &TestApp, actor: &str, query: &str) -> Option<String> {
    let answer = app.get(&format!("/api/v1/networks/tachov/actors/{actor}?{query}")).await;
    match answer.status.as_u16() {
        200 => Some(answer.body["fields"]["name"].as_str().unwrap().to_owned()),
        404 => None,
        other => panic!("{other}: {}", answer.text),
    }
}

#[actix_web::test]
async fn as_of_a_date_answers_with_what_was_in_effect_and_as_recorded_with_what_was_known() {
    let app = spawn_app().await;
    // The network has existed since 2025; its terms were added today.
    let since = json!("2025-01-01T00:00:00Z");
    app.put("/api/v1/regions/plzensky", json!({"name": "Plzeňský kraj", "effective_at": since})).await.expect(201);
    let network = json!({"name": "ORP Tachov", "orp_code": "3214", "region": "plzensky", "effective_at": since});
    app.put("/api/v1/networks/tachov", network).await.expect(201);
    let term = |kind: &'static str, name: &'static str| {
        let app = &app;
        async move { app.post("/api/v1/networks/tachov/terms", json!({"kind": kind, "name": name})).await.expect(201).id() }
    };
    let (group, place) = (term("target_group", "6–10 let").await, term("place", "Tachov").await);
    let fields = json!({"name": "Poradna", "need_areas": ["learning"], "focus": "prevention",
        "target_groups": [group], "places": [place]});
    let entered = app
        .post("/api/v1/networks/tachov/actors", json!({"fields": fields, "effective_at": "2026-01-05T00:00:00Z"}))
        .await
        .expect(201);
    let id = entered.id();
    let a = format!("/api/v1/networks/tachov/actors/{id}");
    app.patch(&a, json!({"fields": {"name": "Poradna pro rodinu"}, "effective_at": "2026-03-01T10:00:00Z"}))
        .await
        .expect(200);
    // Closed on 30 June, entered later (now).
    let closed = app
        .put(&format!("{a}/status"), json!({"status": "temporarily_closed", "effective_at": "2026-06-30T00:00:00Z"}))
        .await
        .expect(200);
    app.get(&format!("{a}?min_position={}", closed.position())).await.expect(200);

    // Effective clock: the instant before each change and the instant of it.
    assert_eq!(name_at(&app, &id, &format!("as_of={}", q(&before("2026-01-05T00:00:00Z")))).await, None);
    assert_eq!(name_at(&app, &id, "as_of=2026-01-05T00:00:00Z").await.as_deref(), Some("Poradna"));
    let just_before = before("2026-03-01T10:00:00Z");
    assert_eq!(name_at(&app, &id, &format!("as_of={}", q(&just_before))).await.as_deref(), Some("Poradna"));
    assert_eq!(name_at(&app, &id, "as_of=2026-03-01T10:00:00Z").await.as_deref(), Some("Poradna pro rodinu"));
    let status = |query: String| {
        let app = &app;
        let a = a.clone();
        async move { app.get(&format!("{a}?{query}")).await.expect(200).body["status"].clone() }
    };
    assert_eq!(status("as_of=2026-06-29".into()).await, "active");
    assert_eq!(status("as_of=2026-06-30".into()).await, "temporarily_closed", "a date is the end of that day");
    assert_eq!(status(String::new()).await, "temporarily_closed");

    // Recorded clock: what the database knew when each change was recorded.
    let history = app.get(&format!("{a}/history")).await.expect(200).body;
    let recorded = |i: usize| history[i]["recorded_at"].as_str().unwrap().to_owned();
    let (registered_at, renamed_at, closed_at) = (recorded(2), recorded(1), recorded(0));
    let on_record = |at: &str| format!("clock=recorded&as_of={}", q(at));
    assert_eq!(name_at(&app, &id, &on_record(&before(&registered_at))).await, None, "not yet entered");
    assert_eq!(name_at(&app, &id, &on_record(&registered_at)).await.as_deref(), Some("Poradna"));
    assert_eq!(name_at(&app, &id, &on_record(&before(&renamed_at))).await.as_deref(), Some("Poradna"));
    assert_eq!(name_at(&app, &id, &on_record(&renamed_at)).await.as_deref(), Some("Poradna pro rodinu"));
    assert_eq!(status(on_record(&before(&closed_at))).await, "active", "the closure was not known yet");
    assert_eq!(status(on_record(&closed_at)).await, "temporarily_closed");
    // Effective on 1 July, recorded before the closure was entered: the
    // database did not know; effective on 1 July as known now: closed.
    assert_eq!(status("as_of=2026-07-01".into()).await, "temporarily_closed");

    // The directory, coverage, capacities, platforms and needs answer as of a date too.
    let directory = |query: &str| {
        let app = &app;
        let query = query.to_owned();
        async move { app.get(&format!("/api/v1/networks/tachov/actors?{query}")).await.expect(200).body }
    };
    assert_eq!(directory("as_of=2026-01-04").await["total"], 0);
    assert_eq!(directory("as_of=2026-02-01").await["items"][0]["name"], "Poradna");
    assert_eq!(directory("as_of=2026-04-01&status=active").await["total"], 1);
    assert_eq!(directory("as_of=2026-07-01&status=active").await["total"], 0);
    let coverage = |date: &str| {
        let app = &app;
        let date = date.to_owned();
        async move { app.get(&format!("/api/v1/networks/tachov/coverage?as_of={date}")).await.expect(200).body }
    };
    assert_eq!(coverage("2026-01-04").await["areas"][3]["actors"], 0);
    assert_eq!(coverage("2026-02-01").await["areas"][3]["actors"], 1);
    for path in ["capacities", "platforms", "needs"] {
        app.get(&format!("/api/v1/networks/tachov/{path}?as_of=2026-02-01")).await.expect(200);
    }
}

#[actix_web::test]
async fn a_date_that_is_not_one_or_before_the_network_existed_gets_a_clear_answer() {
    let app = spawn_app().await;
    app.tachov().await;
    let wrong = app.get("/api/v1/networks/tachov/actors?as_of=30.6.2025").await.problem(400, "bad-request");
    assert!(wrong.text.contains("2025-06-30"), "says what to send: {}", wrong.text);
    let clock = app.get("/api/v1/networks/tachov/coverage?as_of=2026-01-01&clock=wall").await;
    assert_eq!(clock.status.as_u16(), 400, "{}", clock.text);
    let ahead = app.get("/api/v1/networks/tachov/platforms?as_of=2099-01-01").await.problem(400, "bad-request");
    assert!(ahead.text.contains("31 days"), "{}", ahead.text);
    let early = app.get("/api/v1/networks/tachov/actors?as_of=2001-01-01").await.problem(404, "not-found");
    assert!(early.text.contains("did not exist on 2001-01-01"), "{}", early.text);
    app.get("/api/v1/regions/plzensky?as_of=2001-01-01").await.problem(404, "not-found");
    app.get("/api/v1/regions/plzensky?as_of=2099-01-01&clock=recorded").await.expect(200);
    // A network entered today did not exist yesterday on either clock.
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    for clock in ["effective", "recorded"] {
        let path = format!("/api/v1/networks/tachov/coverage?as_of={yesterday}&clock={clock}");
        app.get(&path).await.problem(404, "not-found");
    }
}
