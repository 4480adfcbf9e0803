//! "Now" is the world as it is today: a read without `as_of` equals
//! `as_of=now` on the effective clock, whatever order changes were entered
//! in — a change dated ahead waits for its day, a change dated back does not
//! replace a newer one, and a record's history reads old → new along the
//! effective timeline.

use chrono::{Duration, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

fn stamp(at: chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn days(n: i64) -> String {
    stamp(Utc::now() + Duration::days(n))
}

async fn network_with_actor(app: &TestApp, fields: Value) -> String {
    let (group, _, place) = app.tachov().await;
    let mut all = json!({"name": "Poradna", "need_areas": ["learning"], "focus": "prevention",
        "target_groups": [group], "places": [place], "address": "Stará 2"});
    for (k, v) in fields.as_object().unwrap() {
        all[k] = v.clone();
    }
    let id = app
        .post("/api/v1/networks/tachov/actors", json!({"fields": all, "effective_at": days(-120)}))
        .await
        .expect(201)
        .id();
    format!("/api/v1/networks/tachov/actors/{id}")
}

/// The actor's view without `as_of` and with `as_of=now`, minus what names
/// the model it came from.
async fn plain_and_now(app: &TestApp, path: &str) -> (Value, Value) {
    let plain = app.get(path).await.expect(200).body;
    let now = stamp(Utc::now()).replace('+', "%2B");
    let at_now = app.get(&format!("{path}?as_of={now}")).await.expect(200).body;
    (plain, at_now)
}

#[actix_web::test]
async fn a_change_dated_ahead_is_scheduled_and_applies_on_its_day_without_a_restart() {
    let app = spawn_app().await;
    let a = network_with_actor(&app, json!({})).await;
    let ahead = days(14);
    let written = app.patch(&a, json!({"fields": {"address": "Nová 1"}, "effective_at": ahead})).await.expect(200);
    let view = app.get(&format!("{a}?min_position={}", written.position())).await.expect(200).body;
    assert_eq!(view["fields"]["address"], "Stará 2", "not in effect yet: {view}");
    assert_eq!(view["scheduled"][0]["changes"][0]["new"], "Nová 1", "{view}");
    assert_eq!(view["scheduled"][0]["changes"][0]["old"], "Stará 2", "{view}");
    assert_eq!(view["version"], written.body["version"], "the version to expect moves at once");
    let (plain, now) = plain_and_now(&app, &a).await;
    assert_eq!(plain["fields"], now["fields"]);
    let directory = app.get("/api/v1/networks/tachov/actors?q=Nov%C3%A1").await.expect(200).body;
    assert_eq!(directory["total"], 0, "the directory does not show it yet: {directory}");
    // In effect as of its date.
    let then = app.get(&format!("{a}?as_of={}", ahead.replace('+', "%2B"))).await.expect(200).body;
    assert_eq!(then["fields"]["address"], "Nová 1");

    // One dated two seconds ahead applies when its time comes.
    let soon = stamp(Utc::now() + Duration::seconds(2));
    app.patch(&a, json!({"fields": {"name": "Poradna Nová"}, "effective_at": soon})).await.expect(200);
    // A directory answer cached before it applies must not outlive it.
    let before = app.get("/api/v1/networks/tachov/actors").await.expect(200).body;
    assert_eq!(before["items"][0]["name"], "Poradna", "{before}");
    let mut applied = false;
    for n in 0..100 {
        // Other writes keep coming meanwhile: they must not hold it back.
        let news = json!({"kind": "news", "title": format!("Zpráva {n}")});
        app.post("/api/v1/networks/tachov/board/posts", news).await.expect(201);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let view = app.get(&a).await.expect(200).body;
        if view["fields"]["name"] == "Poradna Nová" {
            applied = true;
            assert_eq!(view["scheduled"].as_array().unwrap().len(), 1, "only the 14-day change still waits");
            break;
        }
    }
    assert!(applied, "the change dated two seconds ahead was not applied within ten seconds");
    let after = app.get("/api/v1/networks/tachov/actors").await.expect(200).body;
    assert_eq!(after["items"][0]["name"], "Poradna Nová", "the directory learnt it too: {after}");
}

#[actix_web::test]
async fn edits_entered_out_of_effective_order_leave_the_newest_in_effect_and_a_consistent_history() {
    let app = spawn_app().await;
    let a = network_with_actor(&app, json!({})).await;
    // 1 November first, then 1 October entered afterwards.
    app.patch(&a, json!({"fields": {"address": "Nová 1"}, "effective_at": days(-30)})).await.expect(200);
    let late = app.patch(&a, json!({"fields": {"address": "Stará 2a"}, "effective_at": days(-60)})).await.expect(200);
    let view = app.get(&format!("{a}?min_position={}", late.position())).await.expect(200).body;
    assert_eq!(view["fields"]["address"], "Nová 1", "the later-effective edit stays in effect");
    let (plain, now) = plain_and_now(&app, &a).await;
    assert_eq!(plain["fields"], now["fields"]);
    assert_eq!(plain["version"], late.body["version"]);

    let history = app.get(&format!("{a}/history")).await.expect(200).body;
    let lines: Vec<&Value> = history.as_array().unwrap().iter().filter(|l| l["changes"].is_array()).collect();
    let address = |line: &Value| {
        line["changes"].as_array().unwrap().iter().find(|c| c["field"] == "address").cloned().unwrap_or(Value::Null)
    };
    let chain: Vec<Value> = lines.iter().map(|l| address(l)).filter(|c| !c.is_null()).collect();
    assert_eq!(chain.len(), 3, "{history}");
    assert_eq!(chain[0]["old"], "Stará 2a", "1 Nov: Stará 2a → Nová 1: {history}");
    assert_eq!(chain[0]["new"], "Nová 1");
    assert_eq!(chain[1]["old"], "Stará 2", "1 Oct: Stará 2 → Stará 2a");
    assert_eq!(chain[1]["new"], "Stará 2a");
    for pair in chain.windows(2) {
        assert_eq!(pair[0]["old"], pair[1]["new"], "each line's old is the next older line's new");
    }
    assert!(history[0]["recorded_at"].is_string(), "when it was recorded is shown too");
}

#[actix_web::test]
async fn a_back_dated_capacity_announcement_does_not_replace_a_newer_one() {
    let app = spawn_app().await;
    let a = network_with_actor(&app, json!({"capacities": [{"unit": "bed", "max": 10}]})).await;
    app.post(&format!("{a}/capacity"), json!({"unit": "bed", "free": 5})).await.expect(201);
    let late = app
        .post(&format!("{a}/capacity"), json!({"unit": "bed", "free": 1, "effective_at": days(-21)}))
        .await
        .expect(201);
    let view = app.get(&format!("{a}?min_position={}", late.position())).await.expect(200).body;
    let bed = view["capacity"].as_array().unwrap().iter().find(|c| c["unit"] == "bed").unwrap().clone();
    assert_eq!(bed["free"], 5, "{view}");
    let rows = app.get("/api/v1/networks/tachov/capacities").await.expect(200).body;
    assert_eq!(rows[0]["capacity"]["free"], 5, "{rows}");
    let board = app.get("/api/v1/board/posts").await.expect(200).body;
    let frames: Vec<&Value> = board["frames"].as_array().unwrap().iter().filter(|f| f["kind"] == "capacity").collect();
    assert_eq!(frames.len(), 1, "{board}");
    assert_eq!(frames[0]["capacity"]["free"], 5);
    assert!(frames[0]["capacity"]["announced_at"].is_string());
    assert!(frames[0]["capacity"]["stale_at"].is_string());
    assert_eq!(frames[0]["capacity"]["stale"], false);
    assert_eq!(frames[0]["title"], "Poradna: 5 volných lůžek");
    // The series keeps both, each at the date it held.
    let series = app.get(&format!("{a}/capacity")).await.expect(200).body;
    assert_eq!(series.as_array().unwrap().len(), 2);
    // Capacity is what is free now: it is not announced ahead.
    app.post(&format!("{a}/capacity"), json!({"unit": "bed", "free": 3, "effective_at": days(2)}))
        .await
        .problem(422, "validation");
}

#[actix_web::test]
async fn the_order_changes_were_entered_in_does_not_survive_a_restart_either() {
    let app = spawn_app().await;
    let a = network_with_actor(&app, json!({})).await;
    app.patch(&a, json!({"fields": {"address": "Nová 1"}, "effective_at": days(-30)})).await.expect(200);
    app.patch(&a, json!({"fields": {"address": "Stará 2a"}, "effective_at": days(-60)})).await.expect(200);
    let w = app.patch(&a, json!({"fields": {"name": "Později"}, "effective_at": days(10)})).await.expect(200);
    app.get(&format!("{a}?min_position={}", w.position())).await.expect(200);
    let dir = app.stop().await;
    let app = crate::helpers::spawn_in(dir).await;
    let view = app.get(&a).await.expect(200).body;
    assert_eq!(view["fields"]["address"], "Nová 1");
    assert_eq!(view["fields"]["name"], "Poradna");
    assert_eq!(view["scheduled"][0]["changes"][0]["new"], "Později");
}

#[actix_web::test]
async fn reviews_are_changes_in_the_history_and_the_change_set() {
    let app = spawn_app().await;
    let a = network_with_actor(&app, json!({})).await;
    let id = a.rsplit('/').next().unwrap().to_owned();
    let from = stamp(Utc::now() - Duration::days(1));
    app.post(&format!("{a}/reviews"), json!({})).await.expect(201);
    let bulk = app.post("/api/v1/networks/tachov/revision", json!({"actors": [id]})).await;
    assert!(bulk.status.is_success(), "{}", bulk.text);
    let history = app.get(&format!("{a}/history?min_position={}", bulk.position())).await.expect(200).body;
    let kinds: Vec<&str> = history.as_array().unwrap().iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"actor.reviewed"), "{kinds:?}");
    assert!(kinds.contains(&"network.records_reviewed"), "{kinds:?}");
    let to = stamp(Utc::now() + Duration::seconds(1));
    let changes = app
        .get(&format!(
            "/api/v1/networks/tachov/changes?from={}&to={}",
            from.replace('+', "%2B"),
            to.replace('+', "%2B")
        ))
        .await
        .expect(200)
        .body;
    let reviewed = changes["actors"]["reviewed"].as_array().unwrap_or_else(|| panic!("{changes}"));
    assert_eq!(reviewed.len(), 2, "{changes}");
    assert!(reviewed.iter().all(|r| r["id"] == id.as_str()));
}

#[actix_web::test]
async fn free_capacity_stops_being_listed_the_moment_its_announcement_expires() {
    let app = spawn_app().await;
    let a = network_with_actor(&app, json!({"capacities": [{"unit": "bed", "max": 10}]})).await;
    let until = stamp(Utc::now() + Duration::seconds(2));
    let w = app.post(&format!("{a}/capacity"), json!({"unit": "bed", "free": 3, "valid_until": until})).await;
    let w = w.expect(201);
    let free = format!("/api/v1/networks/tachov/actors?free_capacity=true&min_position={}", w.position());
    assert_eq!(app.get(&free).await.expect(200).body["total"], 1);
    // No event comes after: the cached answer must still expire with the announcement.
    let expires = chrono::DateTime::parse_from_rfc3339(&until).unwrap();
    while Utc::now() + Duration::milliseconds(400) < expires {
        assert_eq!(app.get(&free).await.expect(200).body["total"], 1);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let left = (expires.to_utc() - Utc::now()).to_std().unwrap_or_default();
    tokio::time::sleep(left + std::time::Duration::from_millis(100)).await;
    assert_eq!(app.get(&free).await.expect(200).body["total"], 0, "expired at {until}");
}
