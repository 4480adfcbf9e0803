//! The resources the other files touch lightly: removals, platform changes,
//! evaluations and cancellations, needs-map edits, the capacity series, and
//! erasure from the command line.

use std::process::Command;

use chrono::{Duration, Utc};
use serde_json::json;

use crate::helpers::{spawn_app, spawn_in};

#[actix_web::test]
async fn notes_and_contacts_are_removed_and_capacity_keeps_its_series() {
    let app = spawn_app().await;
    app.tachov().await;
    let id = app.actor(json!({"name": "Azylový dům", "capacities": [{"unit": "bed", "max": 8}]})).await;
    let base = format!("/api/v1/networks/tachov/actors/{id}");
    let note = app.post(&format!("{base}/notes"), json!({"text": "x"})).await.expect(201).id();
    let person = app.post(&format!("{base}/contacts"), json!({"name": "Petr Ukázkový"})).await.expect(201).id();
    app.delete(&format!("{base}/notes/{note}")).await.expect(200);
    app.delete(&format!("{base}/notes/{note}")).await.problem(404, "not-found");
    app.delete(&format!("{base}/contacts/{person}")).await.expect(200);
    for free in [1, 2, 3] {
        app.post(&format!("{base}/capacity"), json!({"unit": "bed", "free": free})).await.expect(201);
    }
    let last = app
        .post(
            &format!("{base}/capacity"),
            json!({"unit": "bed", "free": 4, "valid_until": (Utc::now() + Duration::days(3)).to_rfc3339()}),
        )
        .await
        .expect(201);
    let series = app.get(&format!("{base}/capacity?min_position={}", last.position())).await.expect(200);
    let frees: Vec<_> = series.body.as_array().unwrap().iter().map(|a| a["free"].as_u64().unwrap()).collect();
    assert_eq!(frees, vec![4, 3, 2, 1], "newest first, none lost");
    assert!(series.body[0]["valid_until"].is_string());
    let actor = app.get(&base).await.expect(200);
    assert!(actor.body["notes"].as_array().unwrap().is_empty());
    assert!(actor.body["contacts"].as_array().unwrap().is_empty());
    app.get("/api/v1/networks/tachov/actors/0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b8a/capacity")
        .await
        .problem(404, "not-found");
}

#[actix_web::test]
async fn platforms_change_get_evaluated_and_cancel_meetings() {
    let app = spawn_app().await;
    app.tachov().await;
    let ospod = app.actor(json!({"name": "OSPOD"})).await;
    let platform = app
        .post(
            "/api/v1/networks/tachov/platforms",
            json!({"fields": {"name": "Tým pro mládež", "platform_type": "formal", "coordinators": [ospod]}}),
        )
        .await
        .expect(201)
        .id();
    let base = format!("/api/v1/networks/tachov/platforms/{platform}");
    app.patch(&base, json!({"fields": {"topics": ["záškoláctví"], "frequency_per_year": 6, "platform_type": "party"}}))
        .await
        .problem(422, "validation");
    app.patch(&base, json!({"fields": {"topics": ["záškoláctví"], "frequency_per_year": 6}})).await.expect(200);
    app.post(&format!("{base}/evaluations"), json!({"text": "Funguje, chybí rodiče."})).await.expect(201);
    app.post(&format!("{base}/evaluations"), json!({"text": " "})).await.problem(422, "validation");
    let meeting = app
        .post(
            &format!("{base}/meetings"),
            json!({"date": (Utc::now() + Duration::days(10)).to_rfc3339(), "place": "MěÚ"}),
        )
        .await
        .expect(201)
        .id();
    let cancelled =
        app.post(&format!("{base}/meetings/{meeting}/cancellation"), json!({"reason": "nemoc"})).await.expect(200);
    app.post(&format!("{base}/meetings/{meeting}/cancellation"), json!({"reason": "znovu"}))
        .await
        .problem(409, "conflict");
    let view = app.get(&format!("{base}?min_position={}", cancelled.position())).await.expect(200);
    assert_eq!(view.body["fields"]["topics"], json!(["záškoláctví"]));
    assert_eq!(view.body["evaluations"][0]["text"], "Funguje, chybí rodiče.");
    assert_eq!(view.body["meetings"][0]["state"], "cancelled");
    assert_eq!(view.body["attendance"]["planned_per_year"], 6);
}

#[actix_web::test]
async fn the_needs_map_is_edited_and_forms_removed() {
    let app = spawn_app().await;
    app.tachov().await;
    let form = app
        .post("/api/v1/networks/tachov/needs/forms", json!({"area": "health", "text": "Dítě chodí k lékaři"}))
        .await
        .expect(201)
        .id();
    app.post("/api/v1/networks/tachov/needs/forms", json!({"area": "love", "text": "x"}))
        .await
        .problem(400, "bad-request");
    let activity = app
        .post(
            "/api/v1/networks/tachov/needs/activities",
            json!({"fields": {"text": "Očkování", "area": "health", "stage": "prevention"}}),
        )
        .await
        .expect(201)
        .id();
    app.patch(
        &format!("/api/v1/networks/tachov/needs/activities/{activity}"),
        json!({"fields": {"stage": "intervention", "local_practice": "pediatři"}}),
    )
    .await
    .expect(200);
    app.patch(&format!("/api/v1/networks/tachov/needs/activities/{activity}"), json!({"fields": {"stage": "later"}}))
        .await
        .problem(422, "validation");
    app.delete(&format!("/api/v1/networks/tachov/needs/forms/{form}")).await.expect(200);
    let needs = app.get("/api/v1/networks/tachov/needs").await.expect(200);
    let health = &needs.body["areas"][2];
    assert!(health["forms"].as_array().unwrap().is_empty());
    assert_eq!(health["activities"][0]["fields"]["stage"], "intervention");
    let removed = app.delete(&format!("/api/v1/networks/tachov/needs/activities/{activity}")).await.expect(200);
    let needs =
        app.get(&format!("/api/v1/networks/tachov/needs?min_position={}", removed.position())).await.expect(200);
    assert!(needs.body["areas"][2]["activities"].as_array().unwrap().is_empty());
    app.delete(&format!("/api/v1/networks/tachov/needs/activities/{activity}")).await.problem(404, "not-found");
}

#[actix_web::test]
async fn erase_person_on_the_command_line_erases_for_good() {
    let app = spawn_app().await;
    app.tachov().await;
    let id = app.actor(json!({"name": "DOMUS"})).await;
    let person = app
        .post(
            &format!("/api/v1/networks/tachov/actors/{id}/contacts"),
            json!({"name": "Jana Vzorová", "phone": "+420 777 000 333"}),
        )
        .await
        .expect(201)
        .id();
    let dir = app.stop().await;
    let uzel = env!("CARGO_BIN_EXE_uzel");
    let erase = |person: &str| {
        Command::new(uzel)
            .args(["erase-person", "--network", "tachov", "--actor", &id, "--person", person, "--data"])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let bad = erase("not-a-uuid");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a contact person id"));
    let done = erase(&person);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let app = spawn_in(dir).await;
    let actor = app.get(&format!("/api/v1/networks/tachov/actors/{id}")).await.expect(200);
    assert_eq!(actor.body["contacts"][0]["erased"], true);
    assert!(actor.body["contacts"][0]["phone"].is_null());
}
