//! State survives a restart, and read models rebuilt from the log equal the
//! live ones.

use serde_json::json;

use crate::helpers::{spawn_app, spawn_in};

#[actix_web::test]
async fn the_state_after_a_restart_equals_the_state_before() {
    let app = spawn_app().await;
    let (group, ..) = app.tachov().await;
    let id = app.actor(json!({"name": "KOTEC", "target_groups": [group], "need_areas": ["safety"]})).await;
    app.post(
        &format!("/api/v1/networks/tachov/actors/{id}/contacts"),
        json!({"name": "Jana Vzorová", "email": "jana@example.org"}),
    )
    .await
    .expect(201);
    let last =
        app.post(&format!("/api/v1/networks/tachov/actors/{id}/notes"), json!({"text": "poznámka"})).await.expect(201);
    let before = app
        .get(&format!("/api/v1/networks/tachov/actors/{id}?min_position={}", last.position()))
        .await
        .expect(200)
        .body;
    let directory_before = app.get("/api/v1/networks/tachov/actors").await.expect(200).body;
    let dir = app.stop().await;
    let app = spawn_in(dir).await;
    let after = app.get(&format!("/api/v1/networks/tachov/actors/{id}")).await.expect(200).body;
    assert_eq!(after, before);
    assert_eq!(app.get("/api/v1/networks/tachov/actors").await.expect(200).body, directory_before);
    assert_eq!(after["contacts"][0]["name"], "Jana Vzorová", "the key survived beside the log");
}

#[actix_web::test]
async fn read_models_rebuilt_from_the_log_equal_the_live_ones() {
    let app = spawn_app().await;
    let (group, _, place) = app.tachov().await;
    let a =
        app.actor(json!({"name": "A", "target_groups": [group], "places": [place], "need_areas": ["health"]})).await;
    let b = app.actor(json!({"name": "B", "need_areas": ["safety"], "capacities": [{"unit": "bed", "max": 3}]})).await;
    app.post(&format!("/api/v1/networks/tachov/actors/{b}/capacity"), json!({"unit": "bed", "free": 1}))
        .await
        .expect(201);
    let last = app
        .post(
            "/api/v1/networks/tachov/platforms",
            json!({"fields": {"name": "P", "platform_type": "mini_team", "members": [a, b]}}),
        )
        .await
        .expect(201);
    app.get(&format!("/readyz?min_position={}", last.position())).await;
    assert!(app.app.models.wait_for(last.position(), std::time::Duration::from_secs(5)).await);
    let keys: std::sync::Arc<dyn uzel::events::PersonalData> = app.app.keys.clone();
    let rebuilt = uzel::projections::rebuild(app.app.log.as_ref(), keys.as_ref()).await.expect("rebuild");
    let live = app.app.models.read();
    assert_eq!(rebuilt.position, live.position);
    assert_eq!(format!("{:?}", rebuilt.networks), format!("{:?}", live.networks));
    let sorted = |m: &uzel::projections::Model| {
        let mut actors: Vec<_> =
            m.actors.iter().map(|(id, a)| format!("{id}{:?}{:?}", a.entry.state, a.entry.version)).collect();
        actors.sort();
        actors
    };
    assert_eq!(sorted(&rebuilt), sorted(&live));
    assert_eq!(
        format!("{:?}", rebuilt.memberships.get(&a.parse().unwrap())),
        format!("{:?}", live.memberships.get(&a.parse().unwrap()))
    );
}

#[actix_web::test]
async fn a_shut_down_app_frees_its_directory_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let meta = uzel::app::Meta { author: "system:test".into(), ..Default::default() };
    for round in 0..5 {
        // The projector has let go of the directory when `shut_down`
        // returns, so the lock is free once sled's own threads are done.
        let app = uzel::server::open_app(dir.path()).await.unwrap_or_else(|e| panic!("round {round}: {e}"));
        let name = format!("user{round}");
        app.create_user(uuid::Uuid::now_v7(), &name, "", "password-of-test", &meta).await.expect("a user");
        assert!(app.models.wait_for(app.log.last_position(), std::time::Duration::from_secs(5)).await);
        assert_eq!(app.models.read().users.len(), round + 1, "every earlier round's user is there");
        app.shut_down().await.expect("closes");
        drop(app);
        // sled's own threads finish their last writes, then the lock is free.
        assert!(uzel::log::sled_released(dir.path(), std::time::Duration::from_secs(10)).await);
    }
}
