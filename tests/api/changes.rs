//! What changed between two dates, on a hand-built scenario with every kind
//! of change, against values written out here.

use chrono::{Duration, NaiveTime, Utc};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

/// Noon UTC `days` days before today, as RFC 3339.
fn ago(days: i64) -> String {
    let day = Utc::now().date_naive() - Duration::days(days);
    day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap())
        .and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The date `days` days before today.
fn date(days: i64) -> String {
    (Utc::now().date_naive() - Duration::days(days)).format("%Y-%m-%d").to_string()
}

async fn enter(app: &TestApp, name: &str, area: &str, group: &str, days: i64) -> String {
    let fields = json!({"name": name, "need_areas": [area], "target_groups": [group], "focus": "both"});
    app.post("/api/v1/networks/tachov/actors", json!({"fields": fields, "effective_at": ago(days)}))
        .await
        .expect(201)
        .id()
}

async fn status(app: &TestApp, actor: &str, to: &str, days: i64) {
    let path = format!("/api/v1/networks/tachov/actors/{actor}/status");
    app.put(&path, json!({"status": to, "effective_at": ago(days)})).await.expect(200);
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect()
}

fn area<'a>(body: &'a Value, code: &str) -> (&'a Value, &'a Value) {
    let found = body["coverage"]["areas"].as_array().unwrap().iter().find(|a| a["area"] == code).unwrap();
    (&found["before"], &found["after"])
}

#[actix_web::test]
async fn a_change_set_lists_every_kind_of_change_between_two_dates() {
    let app = spawn_app().await;
    let since = ago(400);
    app.put("/api/v1/regions/plzensky", json!({"name": "Plzeňský kraj", "effective_at": since})).await.expect(201);
    let network = json!({"name": "ORP Tachov", "orp_code": "3214", "region": "plzensky", "effective_at": since});
    app.put("/api/v1/networks/tachov", network).await.expect(201);
    let term = |name: &'static str| {
        let app = &app;
        let body = json!({"kind": "target_group", "name": name, "effective_at": ago(300)});
        async move { app.post("/api/v1/networks/tachov/terms", body).await.expect(201).id() }
    };
    let (g1, g2) = (term("6–10 let").await, term("11–15 let").await);
    // Before the period (it runs from 180 days ago to today).
    let shelter = enter(&app, "Azylový dům", "safety", &g1, 300).await;
    let ddm = enter(&app, "DDM", "learning", &g2, 300).await;
    let club = enter(&app, "Klub", "relationships", &g1, 300).await;
    let clinic = enter(&app, "Poradna", "health", &g2, 300).await;
    let units = json!({"fields": {"capacities": [{"unit": "bed", "max": 5}]}, "effective_at": ago(300)});
    app.patch(&format!("/api/v1/networks/tachov/actors/{shelter}"), units).await.expect(200);
    let capacity = |free: u32, days: i64| {
        let app = &app;
        let path = format!("/api/v1/networks/tachov/actors/{shelter}/capacity");
        async move {
            let body = json!({"unit": "bed", "free": free, "occupied": 5 - free, "effective_at": ago(days)});
            app.post(&path, body).await.expect(201);
        }
    };
    capacity(3, 190).await;
    let platform = |name: &'static str, per_year: u32, days: i64| {
        let app = &app;
        let fields =
            json!({"name": name, "platform_type": "formal", "coordinators": [shelter], "frequency_per_year": per_year});
        async move {
            let body = json!({"fields": fields, "effective_at": ago(days)});
            app.post("/api/v1/networks/tachov/platforms", body).await.expect(201).id()
        }
    };
    let safety = platform("Platforma pro bezpečnost", 4, 300).await;
    // In the period.
    enter(&app, "SVP", "behaviour", &g1, 150).await;
    status(&app, &club, "ended", 120).await;
    status(&app, &clinic, "temporarily_closed", 100).await;
    status(&app, &clinic, "active", 50).await;
    let renamed = json!({"fields": {"name": "DDM Tachov", "web": "ddm-tachov.cz"}, "effective_at": ago(90)});
    app.patch(&format!("/api/v1/networks/tachov/actors/{ddm}"), renamed).await.expect(200);
    capacity(2, 170).await;
    capacity(1, 160).await;
    let base = format!("/api/v1/networks/tachov/platforms/{safety}");
    let meeting = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b90";
    for (id, days) in [(meeting, 140), ("0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b91", 40)] {
        app.put(&format!("{base}/meetings/{id}/held"), json!({"date": ago(days)})).await.expect(200);
    }
    let task = |text: &'static str| {
        let app = &app;
        let path = format!("{base}/meetings/{meeting}/outcomes");
        async move { app.post(&path, json!({"kind": "task", "text": text, "due": ago(5)})).await.expect(201).id() }
    };
    task("Leták pro rodiče").await;
    let done = task("Seznam kontaktů").await;
    app.put(&format!("{base}/outcomes/{done}/status"), json!({"status": "done"})).await.expect(200);
    let schools = platform("Platforma pro školy", 12, 60).await;
    let ended = app
        .post(&format!("/api/v1/networks/tachov/platforms/{schools}/end"), json!({"effective_at": ago(10)}))
        .await
        .expect(200);

    let path =
        format!("/api/v1/networks/tachov/changes?from={}&to={}&min_position={}", date(180), date(0), ended.position());
    let body = app.get(&path).await.expect(200).body;
    let actors = &body["actors"];
    assert_eq!((&actors["active_before"], &actors["active_after"]), (&json!(4), &json!(4)));
    assert_eq!(names(&actors["added"]), vec!["SVP"]);
    assert_eq!(names(&actors["ended"]), vec!["Klub"]);
    assert_eq!(names(&actors["temporarily_closed"]), vec!["Poradna"]);
    assert_eq!(names(&actors["reopened"]), vec!["Poradna"]);
    assert_eq!(actors["added"][0]["effective_at"], ago(150));
    assert!(actors["added"][0]["author"].as_str().unwrap().starts_with("user:"));
    assert_eq!(names(&actors["changed"]), vec!["DDM Tachov"]);
    let edits = actors["changed"][0]["changes"].as_array().unwrap();
    assert_eq!(edits.len(), 2);
    let name = edits.iter().find(|c| c["field"] == "name").unwrap();
    assert_eq!(
        (&name["old"], &name["new"], &name["effective_at"]),
        (&json!("DDM"), &json!("DDM Tachov"), &json!(ago(90)))
    );
    let web = edits.iter().find(|c| c["field"] == "web").unwrap();
    assert_eq!((&web["old"], &web["new"]), (&Value::Null, &json!("https://ddm-tachov.cz")));

    assert_eq!(area(&body, "relationships"), (&json!(1), &json!(0)));
    assert_eq!(area(&body, "behaviour"), (&json!(0), &json!(1)));
    assert_eq!(area(&body, "safety"), (&json!(1), &json!(1)));
    assert_eq!(area(&body, "health"), (&json!(1), &json!(1)), "closed and reopened within the period");
    assert_eq!(body["coverage"]["became_covered"], json!([{"area": "behaviour", "target_group": g1}]));
    assert_eq!(body["coverage"]["became_uncovered"], json!([{"area": "relationships", "target_group": g1}]));
    assert_eq!(body["coverage"]["target_groups_became_uncovered"], json!([]));

    let series = body["capacity"].as_array().unwrap();
    assert_eq!(series.len(), 1, "{series:?}");
    assert_eq!(
        (&series[0]["name"], &series[0]["unit"], &series[0]["announcements"]),
        (&json!("Azylový dům"), &json!("bed"), &json!(2))
    );
    let free: Vec<u64> = series[0]["series"].as_array().unwrap().iter().map(|p| p["free"].as_u64().unwrap()).collect();
    assert_eq!(free, vec![2, 1]);
    // 181 days; fresh (at most 14 days old at a day's end) on days 1–4 (the
    // announcement 190 days ago), 11–34 (those of 170 and 160 days ago).
    let share = series[0]["fresh_days_share"].as_f64().unwrap();
    assert!((share - 28.0 / 181.0).abs() < 1e-9, "{share}");

    let platforms = &body["platforms"];
    assert_eq!(names(&platforms["founded"]), vec!["Platforma pro školy"]);
    assert_eq!(names(&platforms["ended"]), vec!["Platforma pro školy"]);
    let meetings: Vec<(String, u64, u64, u64)> = platforms["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let n = |k: &str| m[k].as_u64().unwrap();
            (m["name"].as_str().unwrap().to_owned(), n("held"), n("cancelled"), n("planned"))
        })
        .collect();
    // 4 a year over 181 days: 1 due; 12 a year over the 50 days it existed: 1 due.
    assert_eq!(
        meetings,
        vec![("Platforma pro bezpečnost".to_owned(), 2, 0, 1), ("Platforma pro školy".to_owned(), 0, 0, 1)]
    );
    assert_eq!(body["tasks"], json!({"opened": 2, "done": 1, "dropped": 0, "overdue": 1}));

    // The region's change set holds the network's.
    let region = app.get(&format!("/api/v1/regions/plzensky/changes?from={}&to={}", date(180), date(0))).await;
    let region = region.expect(200).body;
    assert_eq!(region["networks"][0]["actors"]["added"], body["actors"]["added"]);
    // On the recorded clock everything was entered today.
    let today = app.get(&format!("/api/v1/networks/tachov/changes?clock=recorded&from={}", date(0))).await;
    let today = today.expect(200).body;
    assert_eq!(names(&today["actors"]["added"]), vec!["Azylový dům", "DDM Tachov", "Klub", "Poradna", "SVP"]);
    assert_eq!(today["actors"]["active_before"], 0);
}

#[actix_web::test]
async fn a_period_that_is_not_one_is_refused_with_what_to_send() {
    let app = spawn_app().await;
    app.tachov().await;
    let backwards = app.get("/api/v1/networks/tachov/changes?from=2026-06-01&to=2026-01-01").await;
    assert!(backwards.problem(400, "bad-request").text.contains("from must be before to"));
    let wrong = app.get("/api/v1/networks/tachov/changes?from=leden").await.problem(400, "bad-request");
    assert!(wrong.text.contains("2025-01-01"), "{}", wrong.text);
    app.get("/api/v1/networks/tachov/changes?from=1990-01-01&to=2026-01-01").await.problem(400, "bad-request");
    app.get("/api/v1/regions/nikde/changes").await.problem(404, "not-found");
    let ahead = (Utc::now() + Duration::days(40)).to_rfc3339();
    let body = json!({"kind": "place", "name": "Bor", "effective_at": ahead});
    app.post("/api/v1/networks/tachov/terms", body).await.problem(422, "validation");
}
