//! The yearly revision: records not reviewed (nor entered) in a year are
//! listed; a coordinator marks many at once as one event — all or nothing.

use chrono::{Duration, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

fn ago(days: i64) -> String {
    (Utc::now() - Duration::days(days)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn enter(app: &TestApp, name: &str, days: i64) -> String {
    let body = json!({"fields": {"name": name}, "effective_at": ago(days)});
    app.post("/api/v1/networks/tachov/actors", body).await.expect(201).id()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap().to_owned()).collect()
}

#[actix_web::test]
async fn records_not_reviewed_in_a_year_are_listed_and_marked_reviewed_many_at_once() {
    let app = spawn_app().await;
    let since = ago(800);
    app.put("/api/v1/regions/plzensky", json!({"name": "Plzeňský kraj", "effective_at": since})).await.expect(201);
    let network = json!({"name": "ORP Tachov", "orp_code": "3214", "region": "plzensky", "effective_at": since});
    app.put("/api/v1/networks/tachov", network).await.expect(201);
    let old = enter(&app, "Stará poradna", 500).await;
    let older = enter(&app, "Azylový dům", 600).await;
    enter(&app, "Nová služba", 100).await;
    let reviewed = enter(&app, "Prověřená služba", 500).await;
    let ended = enter(&app, "Zaniklá služba", 500).await;
    let a = |id: &str| format!("/api/v1/networks/tachov/actors/{id}");
    app.post(&format!("{}/reviews", a(&reviewed)), json!({"effective_at": ago(200)})).await.expect(201);
    app.put(&format!("{}/status", a(&ended)), json!({"status": "ended", "effective_at": ago(300)})).await.expect(200);
    let fields = json!({"name": "Platforma pro bezpečnost", "platform_type": "formal"});
    let platform = app
        .post("/api/v1/networks/tachov/platforms", json!({"fields": fields, "effective_at": ago(400)}))
        .await
        .expect(201)
        .id();
    let activity = json!({"fields": {"text": "Kroužek prevence", "area": "learning", "stage": "prevention"}, "effective_at": ago(450)});
    let activity = app.post("/api/v1/networks/tachov/needs/activities", activity).await.expect(201);
    let due = app.get(&format!("/api/v1/networks/tachov/revision?min_position={}", activity.position())).await;
    let due = due.expect(200).body;
    assert_eq!(
        ids(&due["actors"]),
        vec![older.clone(), old.clone()],
        "longest waiting first; recent, reviewed and ended not due"
    );
    assert_eq!(ids(&due["platforms"]), vec![platform.clone()]);
    assert_eq!(ids(&due["activities"]), vec![activity.id()]);
    assert_eq!((&due["records"], &due["up_to_date"]), (&json!(6), &json!(2)));
    assert!(due["actors"][1]["reviewed_at"].is_null());
    let entered = chrono::DateTime::parse_from_rfc3339(due["actors"][1]["entered_at"].as_str().unwrap()).unwrap();
    let expected = chrono::DateTime::parse_from_rfc3339(&ago(500)).unwrap();
    assert!((expected - entered).num_seconds().abs() <= 5, "entered 500 days ago: {entered}");
    let two_years = app.get("/api/v1/networks/tachov/revision?months=24").await.expect(200).body;
    assert_eq!(ids(&two_years["actors"]), Vec::<String>::new());

    // One unknown record refuses the whole revision: nothing is marked.
    let stranger = uuid::Uuid::now_v7().to_string();
    let refused = app
        .post("/api/v1/networks/tachov/revision", json!({"actors": [old, stranger], "platforms": [platform]}))
        .await
        .problem(422, "validation");
    assert_eq!(refused.failing_fields(), vec!["actors[1]"]);
    app.post("/api/v1/networks/tachov/revision", json!({})).await.problem(422, "validation");
    let early = json!({"actors": [old], "effective_at": ago(550)});
    let early = app.post("/api/v1/networks/tachov/revision", early).await.problem(422, "validation");
    assert!(early.text.contains("a review cannot take effect before"), "{}", early.text);
    let still = app.get("/api/v1/networks/tachov/revision").await.expect(200).body;
    assert_eq!(ids(&still["actors"]).len(), 2);

    let all = json!({"actors": [old, older, old], "platforms": [platform], "activities": [activity.id()]});
    let marked = app.post("/api/v1/networks/tachov/revision", all).await.expect(201);
    let after = app.get(&format!("/api/v1/networks/tachov/revision?min_position={}", marked.position())).await;
    let after = after.expect(200).body;
    assert_eq!(
        (ids(&after["actors"]).len(), ids(&after["platforms"]).len(), ids(&after["activities"]).len()),
        (0, 0, 0)
    );
    assert_eq!(after["up_to_date"], 6);
    let actor = app.get(&a(&old)).await.expect(200).body;
    assert_eq!(actor["review_due"], false);
    assert!(actor["reviewed_at"].is_string());
    let view = app.get(&format!("/api/v1/networks/tachov/platforms/{platform}")).await.expect(200).body;
    assert_eq!((view["review_due"].clone(), view["reviewed_at"].is_string()), (json!(false), true));
    let needs = app.get("/api/v1/networks/tachov/needs").await.expect(200).body;
    assert!(needs["areas"][3]["activities"][0]["reviewed_at"].is_string());
    // The revision is itself audited: the day before, nothing was reviewed.
    let yesterday = (Utc::now() - Duration::days(1)).format("%Y-%m-%d");
    let before = app.get(&format!("{}?as_of={yesterday}", a(&old))).await.expect(200).body;
    assert!(before["reviewed_at"].is_null());
    assert_eq!(before["review_due"], true);
}
