use serde_json::json;

use crate::helpers::spawn_app;

#[actix_web::test]
async fn the_directory_filters_searches_sorts_in_czech_and_counts_facets() {
    let app = spawn_app().await;
    let (group, _, place) = app.tachov().await;
    app.actor(json!({"name": "Chodníček z. s.", "need_areas": ["learning"], "focus": "prevention", "places": [place]}))
        .await;
    app.actor(json!({"name": "Hasiči Tachov", "need_areas": ["safety"], "focus": "prevention"})).await;
    app.actor(json!({"name": "Člověk v tísni", "need_areas": ["material", "safety"], "focus": "both", "crisis_network": true, "target_groups": [group], "address": "Děčínská 5"})).await;
    app.actor(
        json!({"name": "Azylový dům", "need_areas": ["safety"], "focus": "intervention", "crisis_network": true}),
    )
    .await;
    let ended = app.actor(json!({"name": "Bývalý klub", "need_areas": ["safety"]})).await;
    let last = app
        .put(&format!("/api/v1/networks/tachov/actors/{ended}/status"), json!({"status": "ended"}))
        .await
        .expect(200);
    let all = app.get(&format!("/api/v1/networks/tachov/actors?min_position={}", last.position())).await.expect(200);
    let names = |answer: &crate::helpers::Answer| -> Vec<String> {
        answer.body["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(
        names(&all),
        vec!["Azylový dům", "Člověk v tísni", "Hasiči Tachov", "Chodníček z. s."],
        "Czech order; ended actors are left out"
    );
    assert_eq!(all.body["facets"]["need_areas"]["safety"], 3);
    assert_eq!(all.body["facets"]["crisis_network"]["true"], 2);
    let safety_prevention =
        app.get("/api/v1/networks/tachov/actors?need_area=safety&focus=prevention").await.expect(200);
    assert_eq!(names(&safety_prevention), vec!["Člověk v tísni", "Hasiči Tachov"], "both counts as prevention");
    let three = app
        .get(&format!("/api/v1/networks/tachov/actors?need_area=safety&crisis=true&target_group={group}"))
        .await
        .expect(200);
    assert_eq!(names(&three), vec!["Člověk v tísni"]);
    let search = app.get("/api/v1/networks/tachov/actors?q=DECINSKA").await.expect(200);
    assert_eq!(names(&search), vec!["Člověk v tísni"], "search ignores case and diacritics");
    let by_place = app.get(&format!("/api/v1/networks/tachov/actors?place={place}")).await.expect(200);
    assert_eq!(names(&by_place), vec!["Chodníček z. s."]);
    let ended_only = app.get("/api/v1/networks/tachov/actors?status=ended").await.expect(200);
    assert_eq!(names(&ended_only), vec!["Bývalý klub"]);
    let page = app.get("/api/v1/networks/tachov/actors?per_page=2&page=2").await.expect(200);
    assert_eq!(
        (page.body["total"].as_u64(), names(&page)),
        (Some(4), vec!["Hasiči Tachov".to_owned(), "Chodníček z. s.".to_owned()])
    );
    let orphans = app.get("/api/v1/networks/tachov/actors?in_no_platform=true").await.expect(200);
    assert_eq!(orphans.body["total"], 4);
    let beyond = app.get("/api/v1/networks/tachov/actors?per_page=2&page=9").await.expect(200);
    assert_eq!((beyond.body["total"].as_u64(), names(&beyond).len()), (Some(4), 0), "a page past the end is empty");
    let recent = app.get("/api/v1/networks/tachov/actors?sort=updated&per_page=1").await.expect(200);
    assert_eq!(names(&recent), vec!["Azylový dům"], "the most recently changed first");
}

#[actix_web::test]
async fn malformed_filters_are_refused_with_every_reason() {
    let app = spawn_app().await;
    app.tachov().await;
    let bad = app
        .get("/api/v1/networks/tachov/actors?need_area=love&crisis=maybe&colour=red")
        .await
        .problem(422, "validation");
    assert_eq!(bad.failing_fields(), vec!["need_area", "crisis", "colour"]);
    app.get("/api/v1/networks/tachov/actors?per_page=0").await.problem(400, "bad-request");
    app.get("/api/v1/networks/tachov/actors?place=0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b8a")
        .await
        .problem(422, "validation");
}

#[actix_web::test]
async fn saved_filters_run_the_same_query_and_free_capacity_needs_a_fresh_announcement() {
    let app = spawn_app().await;
    app.tachov().await;
    let shelter = app
        .actor(json!({"name": "Azylový dům", "crisis_network": true, "capacities": [{"unit": "bed", "max": 4}]}))
        .await;
    app.actor(json!({"name": "Poradna", "crisis_network": true})).await;
    let filter = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b8c";
    app.put(
        &format!("/api/v1/networks/tachov/filters/{filter}"),
        json!({"name": "Volná krizová místa", "query": "crisis=true&free_capacity=true", "audience": "case_managers"}),
    )
    .await
    .expect(201);
    let none = app.get(&format!("/api/v1/networks/tachov/filters/{filter}/actors")).await.expect(200);
    assert_eq!(none.body["total"], 0);
    let announced = app
        .post(&format!("/api/v1/networks/tachov/actors/{shelter}/capacity"), json!({"unit": "bed", "free": 2}))
        .await
        .expect(201);
    app.get(&format!("/api/v1/networks/tachov/actors?min_position={}", announced.position())).await.expect(200);
    let one = app.get(&format!("/api/v1/networks/tachov/filters/{filter}/actors")).await.expect(200);
    assert_eq!(one.body["items"][0]["name"], "Azylový dům");
    let capacities = app.get("/api/v1/networks/tachov/capacities").await.expect(200);
    assert_eq!(capacities.body[0]["capacity"]["free"], 2);
}
