//! The OpenAPI document covers every route of the table, its references
//! resolve, and the human page works without scripts.

use serde_json::Value;

use crate::helpers::spawn_app;

fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[actix_web::test]
async fn the_openapi_document_describes_every_route_and_every_reference_resolves() {
    let app = spawn_app().await;
    let doc = app.get("/api/v1/openapi.json").await.expect(200).body;
    assert_eq!(doc["openapi"], "3.1.0");
    let mut ids = std::collections::BTreeSet::new();
    for route in uzel::http::ROUTES {
        let operation = &doc["paths"][route.path][route.method.to_lowercase()];
        assert!(operation["operationId"].is_string(), "{} {} is undocumented", route.method, route.path);
        // One handler may serve networks and regions; each operation keeps an id of its own.
        assert!(
            ids.insert(operation["operationId"].to_string()),
            "{route:?}: operationId {} twice",
            operation["operationId"]
        );
        assert!(operation["responses"].is_object());
        if route.body.is_some() {
            assert!(
                operation["requestBody"]["content"]["application/json"]["schema"].is_object(),
                "{route:?} has no body schema"
            );
        }
        if route.writes {
            let answer = &operation["responses"][if route.method == "POST" { "201" } else { "200" }]["content"]["application/json"]
                ["schema"];
            assert_eq!(answer["$ref"], "#/components/schemas/Written", "{route:?}");
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected reference {r}"));
        assert!(doc["components"]["schemas"][name].is_object(), "{r} does not resolve");
    }
    let post_actor = &doc["paths"]["/api/v1/networks/{network}/actors"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"];
    let name = post_actor["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
    assert!(doc["components"]["schemas"][name]["properties"]["fields"].is_object(), "the actor body names its fields");
}

#[actix_web::test]
async fn the_api_page_lists_every_route_without_scripts() {
    let app = spawn_app().await;
    let page = app.get("/api/v1/docs").await.expect(200);
    assert!(page.content_type.starts_with("text/html"));
    let html = page.body.as_str().expect("HTML text");
    for route in uzel::http::ROUTES {
        assert!(html.contains(&route.path.replace('&', "&amp;")), "{} is missing", route.path);
    }
    assert!(!html.contains("<script"), "the page works without scripts");
    assert!(!html.contains("http://") && !html.contains("https://"), "no external assets");
}

#[actix_web::test]
async fn a_request_body_requires_only_the_fields_without_a_default() {
    let app = spawn_app().await;
    let doc = app.get("/api/v1/openapi.json").await.expect(200).body;
    let required = |name: &str| doc["components"]["schemas"][name]["required"].clone();
    assert_eq!(required("ContactBody"), serde_json::json!(["name"]), "e-mail, phone, role, public have defaults");
    assert_eq!(required("CapacityBody"), serde_json::json!(["unit", "free"]));
    // What the server then accepts: a contact with its name alone.
    app.tachov().await;
    let actor = app.actor(serde_json::json!({"name": "Poradna"})).await;
    let path = format!("/api/v1/networks/tachov/actors/{actor}/contacts");
    app.post(&path, serde_json::json!({"name": "Jana Vzorová"})).await.expect(201);
}

#[actix_web::test]
async fn the_query_parameters_a_route_reads_are_declared_and_read_as_declared() {
    let app = spawn_app().await;
    let doc = app.get("/api/v1/openapi.json").await.expect(200).body;
    let query = |path: &str| -> Vec<(String, Value)> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path} has parameters"))
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| (p["name"].as_str().unwrap().to_owned(), p["schema"].clone()))
            .collect()
    };
    let directory = query("/api/v1/networks/{network}/actors");
    let named = |list: &[(String, Value)], name: &str| list.iter().find(|(n, _)| n == name).map(|(_, s)| s.clone());
    for name in ["need_area", "place", "status", "focus", "q", "page", "per_page", "sort", "as_of", "clock"] {
        assert!(named(&directory, name).is_some(), "the directory declares {name}");
    }
    assert_eq!(named(&directory, "need_area").unwrap()["type"], "array", "a filter may be repeated");
    let changes = query("/api/v1/networks/{network}/changes");
    assert!(["from", "to", "clock", "min_position"].iter().all(|n| named(&changes, n).is_some()), "{changes:?}");
    let board = query("/api/v1/board/posts");
    assert!(["from", "limit", "kinds", "networks"].iter().all(|n| named(&board, n).is_some()), "{board:?}");
    assert!(named(&query("/api/v1/networks/{network}/report"), "year").is_some());
    // No parameter twice, and none may be null.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let mut names: Vec<&str> = operation["parameters"]
                .as_array()
                .map(|ps| ps.iter().filter(|p| p["in"] == "query").filter_map(|p| p["name"].as_str()).collect())
                .unwrap_or_default();
            let count = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), count, "{method} {path} declares a parameter twice");
            assert!(!operation["parameters"].to_string().contains("\"null\""), "{method} {path}: a null parameter");
        }
    }

    // What the server reads as declared: a repeated filter, and
    // `min_position` on a route that has no query type of its own.
    app.tachov().await;
    app.actor(serde_json::json!({"name": "Poradna", "need_areas": ["health"]})).await;
    let found = app.get("/api/v1/networks/tachov/actors?need_area=health&need_area=safety").await.expect(200).body;
    assert_eq!(found["total"], 1, "{found}");
    let refused = app.get("/api/v1/networks/tachov/actors?need_area=nowhere").await;
    assert!(refused.status == 400 || refused.status == 422, "{refused:?}");
    let past_the_end = app.get("/api/v1/auth/me?min_position=999999999").await;
    assert_eq!(past_the_end.status, 400, "{past_the_end:?}");
    assert!(past_the_end.body["detail"].as_str().unwrap_or_default().contains("past the end"), "{past_the_end:?}");
    let not_a_number = app.get("/api/v1/auth/me?min_position=abc").await;
    assert_eq!(not_a_number.status, 400);
    assert!(not_a_number.body["detail"].as_str().unwrap_or_default().contains("min_position"));
}
