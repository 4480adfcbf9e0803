use serde_json::json;

use crate::helpers::spawn_app;

#[actix_web::test]
async fn an_actor_is_entered_read_back_and_changed_field_by_field() {
    let app = spawn_app().await;
    let (group, situation, place) = app.tachov().await;
    let created = app
        .post(
            "/api/v1/networks/tachov/actors",
            json!({"fields": {
                "name": "KOTEC, o.p.s.", "kind": "sociální služba", "service_type": "SAS",
                "founder": "ngo", "sector": "social_affairs", "target_groups": [group], "life_situations": [situation],
                "places": [place], "web": "kotec.cz", "email": "info@kotec.example", "phone": "+420 777 000 111",
                "forms": ["field", "outpatient"], "online": true, "need_areas": ["safety", "relationships"],
                "focus": "both", "crisis_network": true, "crisis_contact": "linka 24/7",
                "capacities": [{"unit": "client", "max": 12}]
            }}),
        )
        .await
        .expect(201);
    assert_eq!(created.body["version"], 0);
    assert_eq!(created.etag.as_deref(), Some("\"0\""));
    let id = created.id();
    let actor =
        app.get(&format!("/api/v1/networks/tachov/actors/{id}?min_position={}", created.position())).await.expect(200);
    assert_eq!(actor.body["fields"]["web"], "https://kotec.cz");
    assert_eq!(actor.body["fields"]["need_areas"], json!(["relationships", "safety"]), "in the fixed order of areas");
    assert_eq!(actor.body["status"], "active");
    assert_eq!(actor.body["capacity"][0]["max"], 12);
    assert_eq!(actor.body["capacity"][0]["stale"], true, "no announcement yet");
    let changed = app
        .patch(
            &format!("/api/v1/networks/tachov/actors/{id}"),
            json!({"fields": {"web": null, "opening_hours": "Po–Pá 8–16"}}),
        )
        .await
        .expect(200);
    assert_eq!(changed.body["version"], 1);
    let actor =
        app.get(&format!("/api/v1/networks/tachov/actors/{id}?min_position={}", changed.position())).await.expect(200);
    assert!(actor.body["fields"].get("web").is_none());
    assert_eq!(actor.body["fields"]["opening_hours"], "Po–Pá 8–16");
    let same = app
        .patch(&format!("/api/v1/networks/tachov/actors/{id}"), json!({"fields": {"opening_hours": "Po–Pá 8–16"}}))
        .await
        .expect(200);
    assert_eq!(same.body["version"], 1, "a change that changes nothing writes nothing");
}

#[actix_web::test]
async fn invalid_fields_are_all_named_and_nothing_is_written() {
    let app = spawn_app().await;
    app.tachov().await;
    let before = app.app.log.last_position();
    let answer = app
        .post(
            "/api/v1/networks/tachov/actors",
            json!({"fields": {"need_areas": ["love"], "email": "nope", "places": ["0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b8a"], "shoe_size": 44}}),
        )
        .await
        .problem(422, "validation");
    let mut fields = answer.failing_fields();
    fields.sort();
    assert_eq!(fields, vec!["email", "name", "need_areas", "places", "shoe_size"]);
    assert!(answer.body["detail"].as_str().unwrap().contains("unknown need area"));
    assert_eq!(app.app.log.last_position(), before);
}

#[actix_web::test]
async fn status_review_notes_and_capacity_follow_the_rules() {
    let app = spawn_app().await;
    app.tachov().await;
    let id = app.actor(json!({"name": "Azylový dům", "capacities": [{"unit": "bed", "max": 10}]})).await;
    let base = format!("/api/v1/networks/tachov/actors/{id}");
    app.post(&format!("{base}/capacity"), json!({"unit": "bed", "free": 11})).await.problem(422, "validation");
    app.post(&format!("{base}/capacity"), json!({"unit": "client", "free": 1})).await.problem(422, "validation");
    let announced = app
        .post(
            &format!("{base}/capacity"),
            json!({"unit": "bed", "free": 3, "occupied": 7, "waiting": 2, "note": "jen matky s dětmi"}),
        )
        .await
        .expect(201);
    let actor = app.get(&format!("{base}?min_position={}", announced.position())).await.expect(200);
    assert_eq!(actor.body["capacity"][0]["free"], 3);
    assert_eq!(actor.body["capacity"][0]["stale"], false);
    assert_eq!(actor.body["free_capacity"], true);
    let note =
        app.post(&format!("{base}/notes"), json!({"text": "Chtějí supervizi", "private": true})).await.expect(201).id();
    app.put(&format!("{base}/notes/{note}"), json!({"text": "Chtějí společnou supervizi", "private": true}))
        .await
        .expect(200);
    app.post(&format!("{base}/reviews"), json!({})).await.expect(201);
    let closed = app.put(&format!("{base}/status"), json!({"status": "temporarily_closed"})).await.expect(200);
    app.post(&format!("{base}/capacity"), json!({"unit": "bed", "free": 1})).await.problem(409, "conflict");
    let actor = app.get(&format!("{base}?min_position={}", closed.position())).await.expect(200);
    assert_eq!(actor.body["status"], "temporarily_closed");
    assert_eq!(actor.body["notes"][0]["text"], "Chtějí společnou supervizi");
    assert_eq!(actor.body["review_due"], false);
    app.put(&format!("{base}/status"), json!({"status": "gone"})).await.problem(400, "bad-request");
    app.post(&format!("{base}/capacity"), json!({"unit": "bed", "free": 1, "effective_at": "2099-01-01T00:00:00Z"}))
        .await
        .problem(422, "validation");
}

#[actix_web::test]
async fn contact_persons_are_sealed_and_erasure_is_for_good() {
    let app = spawn_app().await;
    app.tachov().await;
    let id = app.actor(json!({"name": "DOMUS"})).await;
    let base = format!("/api/v1/networks/tachov/actors/{id}");
    let person = app
        .post(&format!("{base}/contacts"), json!({"name": "Jana Vzorová", "email": "jana@example.org", "phone": "+420 777 000 222", "role": "vedoucí", "public": true}))
        .await
        .expect(201)
        .id();
    app.post(&format!("{base}/contacts"), json!({"name": "X", "email": "bad"})).await.problem(422, "validation");
    let raw = std::fs::read(app.dir.path().join("db")).unwrap();
    assert!(!raw.windows(12).any(|w| w == "Jana Vzorová".as_bytes()), "the name never reaches the log in the clear");
    let erased = app.post(&format!("{base}/contacts/{person}/erasure"), json!({})).await.expect(200);
    let actor = app.get(&format!("{base}?min_position={}", erased.position())).await.expect(200);
    let contact = &actor.body["contacts"][0];
    assert_eq!(contact["erased"], true);
    assert_eq!(contact["name"], "");
    assert!(contact["email"].is_null());
    assert_eq!(contact["role"], "", "with one person in a role, the role names them: it goes too");
    assert_eq!(contact["public"], true, "what says nothing of the person stays");
    app.put(&format!("{base}/contacts/{person}"), json!({"name": "Jana Vzorová"})).await.problem(409, "conflict");
    app.post(&format!("{base}/contacts/00000000-0000-7000-8000-000000000000/erasure"), json!({}))
        .await
        .problem(404, "not-found");
}

#[actix_web::test]
async fn actors_of_another_network_are_not_found_here() {
    let app = spawn_app().await;
    app.tachov().await;
    app.put("/api/v1/regions/ustecky", json!({"name": "Ústecký kraj"})).await.expect(201);
    app.put("/api/v1/networks/decin", json!({"name": "ORP Děčín", "region": "ustecky"})).await.expect(201);
    let id = app.actor(json!({"name": "KOTEC"})).await;
    app.get(&format!("/api/v1/networks/decin/actors/{id}")).await.problem(404, "not-found");
    app.patch(&format!("/api/v1/networks/decin/actors/{id}"), json!({"fields": {"name": "Převzato"}}))
        .await
        .problem(404, "not-found");
    app.get("/api/v1/networks/tachov/actors/not-a-uuid").await.problem(404, "not-found");
}
