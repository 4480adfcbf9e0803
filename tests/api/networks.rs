use serde_json::json;

use crate::helpers::spawn_app;

#[actix_web::test]
async fn regions_and_networks_are_registered_listed_and_renamed() {
    let app = spawn_app().await;
    let (group, ..) = app.tachov().await;
    app.put("/api/v1/regions/ustecky", json!({"name": "Ústecký kraj"})).await.expect(201);
    app.put("/api/v1/networks/decin", json!({"name": "ORP Děčín", "orp_code": "4202", "region": "ustecky"}))
        .await
        .expect(201);
    let renamed = app.put("/api/v1/networks/tachov", json!({"name": "ORP Tachov (síť)"})).await.expect(200);
    let networks = app.get(&format!("/api/v1/networks?min_position={}", renamed.position())).await.expect(200);
    let names: Vec<_> =
        networks.body.as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, vec!["ORP Děčín", "ORP Tachov (síť)"], "Czech name order");
    let tachov = app.get("/api/v1/networks/tachov").await.expect(200);
    assert_eq!(tachov.body["orp_code"], "3214");
    assert_eq!(tachov.body["region"], "plzensky");
    assert_eq!(tachov.body["target_groups"][0]["id"], group);
    let regions = app.get("/api/v1/regions").await.expect(200);
    assert_eq!(regions.body.as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn a_network_needs_an_existing_region_and_cannot_move() {
    let app = spawn_app().await;
    app.tachov().await;
    let missing = app
        .put("/api/v1/networks/most", json!({"name": "ORP Most", "region": "ustecky"}))
        .await
        .problem(422, "validation");
    assert_eq!(missing.failing_fields(), vec!["region"]);
    app.put("/api/v1/networks/most", json!({"name": "ORP Most"})).await.problem(422, "validation");
    app.put("/api/v1/networks/tachov", json!({"name": "x", "region": "ustecky"})).await.problem(422, "validation");
    app.put("/api/v1/networks/D%C4%9B%C4%8D%C3%ADn", json!({"name": "x", "region": "plzensky"}))
        .await
        .problem(422, "validation");
    app.get("/api/v1/networks/nowhere").await.problem(404, "not-found");
}

#[actix_web::test]
async fn taxonomies_categories_filters_and_settings_are_kept_per_network() {
    let app = spawn_app().await;
    let (group, ..) = app.tachov().await;
    let category = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b8a";
    app.put(
        &format!("/api/v1/networks/tachov/categories/{category}"),
        json!({"name": "Jazyky", "kind": "many_of", "allowed": ["čeština", "ukrajinština"]}),
    )
    .await
    .expect(201);
    app.put(&format!("/api/v1/networks/tachov/categories/{category}"), json!({"name": "Jazyky", "kind": "one_of"}))
        .await
        .problem(422, "validation");
    let filter = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b8b";
    app.put(
        &format!("/api/v1/networks/tachov/filters/{filter}"),
        json!({"name": "Krize", "query": format!("crisis=true&target_group={group}"), "audience": "case_managers"}),
    )
    .await
    .expect(201);
    let bad = app
        .put(
            &format!("/api/v1/networks/tachov/filters/{filter}"),
            json!({"name": "x", "query": "colour=red", "audience": "case_managers"}),
        )
        .await
        .problem(422, "validation");
    assert_eq!(bad.failing_fields(), vec!["query.colour"]);
    app.put("/api/v1/networks/tachov/settings", json!({"designated_fields": ["name", "phone", "shoe_size"]}))
        .await
        .problem(422, "validation");
    let set = app
        .put(
            "/api/v1/networks/tachov/settings",
            json!({"designated_fields": ["name", "phone"], "capacity_stale_days": 7}),
        )
        .await
        .expect(200);
    let network = app.get(&format!("/api/v1/networks/tachov?min_position={}", set.position())).await.expect(200);
    assert_eq!(network.body["designated_fields"], json!(["name", "phone"]));
    assert_eq!(network.body["capacity_stale_days"], 7);
    assert_eq!(network.body["categories"][0]["allowed"], json!(["čeština", "ukrajinština"]));
    assert_eq!(network.body["filters"][0]["audience"], "case_managers");
    let template = app.get("/api/v1/networks/tachov/template").await.expect(200);
    assert_eq!(template.body["custom_fields"][0]["code"], format!("custom.{category}"));
    assert_eq!(template.body["need_areas"].as_array().unwrap().len(), 6);
    let renamed =
        app.patch(&format!("/api/v1/networks/tachov/terms/{group}"), json!({"name": "6–11 let"})).await.expect(200);
    app.delete(&format!("/api/v1/networks/tachov/terms/{group}")).await.expect(200);
    let network =
        app.get(&format!("/api/v1/networks/tachov?min_position={}", renamed.position() + 1)).await.expect(200);
    assert_eq!(network.body["target_groups"][0]["name"], "6–11 let");
    assert_eq!(network.body["target_groups"][0]["retired"], true);
}
