//! The history of one record: every change newest first, with the author,
//! when it was recorded and when it took effect, and the changed fields;
//! cut to what the reader may see.

use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::{As, spawn_app};

#[actix_web::test]
async fn an_actors_history_lists_every_change_newest_first_with_both_dates_and_old_and_new_values() {
    let app = spawn_app().await;
    app.tachov().await;
    let entered = app
        .post(
            "/api/v1/networks/tachov/actors",
            json!({"fields": {"name": "Poradna", "need_areas": ["safety"]},
            "effective_at": "2026-01-05T00:00:00Z"}),
        )
        .await
        .expect(201);
    let id = entered.id();
    let a = format!("/api/v1/networks/tachov/actors/{id}");
    app.patch(&a, json!({"fields": {"name": "Poradna pro rodinu", "web": "poradna.cz"}})).await.expect(200);
    // Closed on 30 June, entered later.
    app.put(&format!("{a}/status"), json!({"status": "temporarily_closed", "effective_at": "2026-06-30T00:00:00Z"}))
        .await
        .expect(200);
    app.post(&format!("{a}/notes"), json!({"text": "KANÁR-soukromé", "private": true})).await.expect(201);
    let history = app.get(&format!("{a}/history")).await.expect(200).body;
    let list = history.as_array().unwrap();
    let types: Vec<&str> = list.iter().map(|c| c["type"].as_str().unwrap()).collect();
    // Newest first on the effective clock: the closure entered last took
    // effect on 30 June, before the rename made today.
    assert_eq!(types, vec!["actor.note_added", "actor.changed", "actor.status_changed", "actor.registered"]);
    let effective: Vec<&str> = list.iter().map(|c| c["effective_at"].as_str().unwrap()).collect();
    assert!(effective.windows(2).all(|w| w[0] >= w[1]), "newest first: {effective:?}");
    assert_eq!(list[3]["effective_at"], "2026-01-05T00:00:00Z");
    assert_ne!(list[3]["recorded_at"], list[3]["effective_at"], "recorded now, effective in January");
    assert_eq!(list[2]["effective_at"], "2026-06-30T00:00:00Z");
    assert!(list[2]["position"].as_u64() > list[1]["position"].as_u64(), "recorded after the rename");
    assert_eq!(list[2]["detail"], json!({"from": "active", "to": "temporarily_closed"}));
    let changes = &list[1]["changes"];
    let name = changes.as_array().unwrap().iter().find(|c| c["field"] == "name").unwrap();
    assert_eq!((&name["old"], &name["new"]), (&json!("Poradna"), &json!("Poradna pro rodinu")));
    assert!(changes.as_array().unwrap().iter().any(|c| c["field"] == "web" && c["old"].is_null()));
    assert!(list.iter().all(|c| c["author"].as_str().unwrap().starts_with("user:")));
    assert_eq!(list[0]["detail"]["text"], "KANÁR-soukromé", "the coordinator (admin) sees the private note");
    // Another reader of the network: the private note's text is cut out.
    let (member, _) =
        user(&app, "clen-site", vec![Grant::Actor { network: tachov(), actor: uuid::Uuid::parse_str(&id).unwrap() }])
            .await;
    let seen = app.send_as(As::Token(&member), "GET", &format!("{a}/history"), None, &[]).await.expect(200);
    assert!(!seen.text.contains("KANÁR-soukromé"), "{}", seen.text);
    assert_eq!(seen.body[0]["detail"]["private"], true);
    // Case managers read through shared filters, not histories; other networks do not exist.
    let (manager, _) = user(&app, "casemanager", vec![Grant::CaseManager { network: tachov() }]).await;
    app.send_as(As::Token(&manager), "GET", &format!("{a}/history"), None, &[]).await.problem(403, "forbidden");
    app.get(&format!("/api/v1/networks/tachov/actors/{}/history", uuid::Uuid::now_v7()))
        .await
        .problem(404, "not-found");
    let limited = app.get(&format!("{a}/history?limit=2")).await.expect(200).body;
    assert_eq!(limited.as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn a_platforms_history_shows_evaluations_only_to_its_people() {
    let app = spawn_app().await;
    app.tachov().await;
    let actor = app.actor(json!({"name": "Škola"})).await;
    let p = app
        .post(
            "/api/v1/networks/tachov/platforms",
            json!({"fields": {"name": "Platforma", "platform_type": "formal", "members": [actor]}}),
        )
        .await
        .expect(201)
        .id();
    let path = format!("/api/v1/networks/tachov/platforms/{p}");
    app.post(&format!("{path}/evaluations"), json!({"text": "KANÁR-hodnocení"})).await.expect(201);
    app.patch(&path, json!({"fields": {"frequency_per_year": 6}})).await.expect(200);
    let history = app.get(&format!("{path}/history")).await.expect(200).body;
    let types: Vec<&str> = history.as_array().unwrap().iter().map(|c| c["type"].as_str().unwrap()).collect();
    assert_eq!(types, vec!["platform.changed", "platform.evaluated", "platform.founded"]);
    assert_eq!(history[1]["detail"]["text"], "KANÁR-hodnocení");
    let (stranger, _) = user(
        &app,
        "akter-skoly",
        vec![Grant::Actor { network: tachov(), actor: uuid::Uuid::parse_str(&actor).unwrap() }],
    )
    .await;
    let seen = app.send_as(As::Token(&stranger), "GET", &format!("{path}/history"), None, &[]).await.expect(200);
    assert!(!seen.text.contains("KANÁR-hodnocení"), "{}", seen.text);
    let (member, _) = user(
        &app,
        "clen-platformy",
        vec![Grant::PlatformMember { network: tachov(), platform: uuid::Uuid::parse_str(&p).unwrap() }],
    )
    .await;
    let seen = app.send_as(As::Token(&member), "GET", &format!("{path}/history"), None, &[]).await.expect(200);
    assert!(seen.text.contains("KANÁR-hodnocení"));
}
