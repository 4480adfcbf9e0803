use chrono::{Duration, Utc};
use serde_json::json;

use crate::helpers::spawn_app;

#[actix_web::test]
async fn platforms_record_meetings_outcomes_and_show_on_their_actors() {
    let app = spawn_app().await;
    app.tachov().await;
    let ospod = app.actor(json!({"name": "OSPOD Tachov", "need_areas": ["safety"]})).await;
    let police = app.actor(json!({"name": "Městská policie Tachov", "need_areas": ["safety"]})).await;
    let school = app.actor(json!({"name": "ZŠ Zárečná", "need_areas": ["learning"]})).await;
    let founded_at = (Utc::now() - Duration::days(20)).to_rfc3339();
    let platform = app
        .post(
            "/api/v1/networks/tachov/platforms",
            json!({"fields": {
                "name": "Platforma pro bezpečnost", "platform_type": "formal", "coordinators": [ospod], "members": [police],
                "frequency_per_year": 4, "topics": ["bezpečnost ve městě"], "need_areas": ["safety"], "written_outputs": true
            }, "effective_at": founded_at}),
        )
        .await
        .expect(201)
        .id();
    let base = format!("/api/v1/networks/tachov/platforms/{platform}");
    let meeting = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b90";
    let held_at = (Utc::now() - Duration::days(2)).to_rfc3339();
    app.put(
        &format!("{base}/meetings/{meeting}/held"),
        json!({"date": held_at, "attendees": [ospod, police, school], "others": 2, "minutes": "zápis"}),
    )
    .await
    .expect(200);
    let too_early = (Utc::now() - Duration::days(40)).to_rfc3339();
    let early = app
        .put(&format!("{base}/meetings/0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b91/held"), json!({"date": too_early}))
        .await
        .problem(422, "validation");
    assert!(early.body["detail"].as_str().unwrap().contains("before the platform"), "{}", early.body);
    let task = app
        .post(&format!("{base}/meetings/{meeting}/outcomes"), json!({"kind": "task", "text": "Leták pro rodiče", "owner": school, "due": (Utc::now() - Duration::days(1)).to_rfc3339()}))
        .await
        .expect(201)
        .id();
    app.post(
        &format!("{base}/meetings/{meeting}/outcomes"),
        json!({"kind": "task", "text": "x", "owner": "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b99"}),
    )
    .await
    .problem(422, "validation");
    let upcoming = app
        .post(
            &format!("{base}/meetings"),
            json!({"date": (Utc::now() + Duration::days(30)).to_rfc3339(), "place": "MěÚ", "agenda": "plán"}),
        )
        .await
        .expect(201);
    let view = app.get(&format!("{base}?min_position={}", upcoming.position())).await.expect(200);
    assert_eq!(view.body["meetings"].as_array().unwrap().len(), 2);
    assert_eq!(view.body["attendance"]["held_last_12_months"], 1);
    assert_eq!(view.body["attendance"]["scheduled_upcoming"], 1);
    assert_eq!(view.body["open_tasks_by_owner"][&school], json!([task]));
    assert_eq!(view.body["meetings"][1]["outcomes"][0]["overdue"], true);
    let ospod_view = app.get(&format!("/api/v1/networks/tachov/actors/{ospod}")).await.expect(200);
    assert_eq!(ospod_view.body["platforms"][0]["role"], "coordinator");
    let done = app.put(&format!("{base}/outcomes/{task}/status"), json!({"status": "done"})).await.expect(200);
    let view = app.get(&format!("{base}?min_position={}", done.position())).await.expect(200);
    assert!(view.body["open_tasks_by_owner"].as_object().unwrap().is_empty());
    let listed = app.get("/api/v1/networks/tachov/platforms").await.expect(200);
    assert_eq!(listed.body[0]["members"], 2);
    let orphans = app.get("/api/v1/networks/tachov/actors?in_no_platform=true").await.expect(200);
    assert_eq!(
        orphans.body["items"][0]["name"], "ZŠ Zárečná",
        "membership is derived from the platform, never typed twice"
    );
    let ended = app.post(&format!("{base}/end"), json!({})).await.expect(200);
    app.post(&format!("{base}/meetings"), json!({"date": Utc::now().to_rfc3339()})).await.problem(409, "conflict");
    let after = app
        .get(&format!("/api/v1/networks/tachov/actors?in_no_platform=true&min_position={}", ended.position()))
        .await
        .expect(200);
    assert_eq!(after.body["total"], 3, "an ended platform counts for nobody");
}

#[actix_web::test]
async fn the_needs_map_and_coverage_show_what_nobody_covers() {
    let app = spawn_app().await;
    let (group, _, place) = app.tachov().await;
    let other_group = app
        .post("/api/v1/networks/tachov/terms", json!({"kind": "target_group", "name": "11–15 let"}))
        .await
        .expect(201)
        .id();
    let other_place =
        app.post("/api/v1/networks/tachov/terms", json!({"kind": "place", "name": "Bor"})).await.expect(201).id();
    let ddm = app.actor(json!({"name": "DDM Tachov", "need_areas": ["learning"], "focus": "prevention", "target_groups": [group], "places": [place]})).await;
    app.actor(json!({"name": "SVP", "need_areas": ["behaviour"], "focus": "intervention", "target_groups": [group, other_group], "places": [place]})).await;
    app.post("/api/v1/networks/tachov/needs/forms", json!({"area": "learning", "text": "Dítě chodí rádo do školy"}))
        .await
        .expect(201);
    app.post("/api/v1/networks/tachov/needs/activities", json!({"fields": {"text": "Kroužek primární prevence", "area": "learning", "stage": "prevention", "actors": [ddm], "actor_kinds": ["DDM", "městská policie"]}}))
        .await
        .expect(201);
    let orphan = app
        .post(
            "/api/v1/networks/tachov/needs/activities",
            json!({"fields": {"text": "Vrstevnické programy", "area": "relationships", "stage": "prevention"}}),
        )
        .await
        .expect(201);
    app.post(
        "/api/v1/networks/tachov/needs/activities",
        json!({"fields": {"text": "x", "area": "love", "stage": "prevention"}}),
    )
    .await
    .problem(422, "validation");
    let needs = app.get(&format!("/api/v1/networks/tachov/needs?min_position={}", orphan.position())).await.expect(200);
    assert_eq!(needs.body["areas"][3]["area"], "learning");
    assert_eq!(needs.body["areas"][3]["forms"][0]["text"], "Dítě chodí rádo do školy");
    let coverage = app.get("/api/v1/networks/tachov/coverage").await.expect(200);
    let body = &coverage.body;
    assert_eq!(body["areas"][3]["actors"], 1);
    assert_eq!(body["areas"][3]["by_target_group"][&group]["prevention"], 1);
    assert!(body["uncovered"].as_array().unwrap().contains(&json!({"area": "learning", "target_group": other_group})));
    assert!(body["prevention_gaps"].as_array().unwrap().contains(&json!({"area": "behaviour", "target_group": group})));
    assert_eq!(body["places_unserved"], json!([other_place]));
    assert_eq!(body["activities_without_actors"], json!([orphan.id()]));
    assert_eq!(body["actors_in_no_platform"].as_array().unwrap().len(), 2);
    assert_eq!(body["need_areas_without_platform"].as_array().unwrap().len(), 6);
    assert_eq!(
        body["activities_without_platform"].as_array().unwrap().len(),
        2,
        "no platform addresses any activity yet"
    );
    let ddm_view = app.get(&format!("/api/v1/networks/tachov/actors/{ddm}")).await.expect(200);
    assert_eq!(ddm_view.body["activities"][0]["text"], "Kroužek primární prevence");
    let region = app.get("/api/v1/regions/plzensky").await.expect(200);
    assert_eq!(region.body["networks"][0]["actors"], 2);
    assert_eq!(region.body["networks"][0]["need_areas_covered"], 2);
}
