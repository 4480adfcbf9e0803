//! Snapshots of the read models: a start from one and the events after it
//! equals a rebuild from the whole log; contact persons stay sealed in it,
//! so an erasure holds there too; one that does not read is skipped; a
//! server saves one when it stops and starts from it.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use uzel::board::history::History;
use uzel::events::PersonalData;
use uzel::live::snapshot::{MAGIC, NAME};
use uzel::live::{ReadModels, Reading, rebuild};
use uzel::log::EventLog;
use uzel::projections::Model;

use crate::helpers::{TestApp, spawn_app, spawn_in};

/// The first key of two maps whose values differ, if any.
fn first_difference<K: Ord + Clone + std::fmt::Debug, V: PartialEq>(
    a: impl IntoIterator<Item = (K, V)>,
    b: impl IntoIterator<Item = (K, V)>,
) -> Option<K> {
    let a: BTreeMap<K, V> = a.into_iter().collect();
    let b: BTreeMap<K, V> = b.into_iter().collect();
    a.keys().chain(b.keys()).find(|k| a.get(*k) != b.get(*k)).cloned()
}

/// Asserts that two models hold the same records, indexes, schedule and
/// current board.
fn assert_same((a, board_a): (&Model, &History), (b, board_b): (&Model, &History)) {
    assert_eq!(a.position, b.position, "position");
    macro_rules! same {
        ($field:ident) => {
            assert_eq!(
                first_difference(a.$field.iter(), b.$field.iter()),
                None,
                concat!("the first record of `", stringify!($field), "` that differs")
            );
        };
    }
    same!(regions);
    same!(networks);
    same!(actors);
    same!(platforms);
    same!(needs);
    same!(memberships);
    same!(actors_by_network);
    same!(platforms_by_network);
    for (slug, index) in &a.directories {
        let other = &b.directories[slug];
        assert_eq!(index.slots, other.slots, "slots");
        assert_eq!(index.order, other.order, "order");
        assert_eq!(index.bits, other.bits, "bits");
        assert_eq!(index.free_until, other.free_until, "free");
        assert_eq!(index.search, other.search, "search");
        assert_eq!(index.positions, other.positions, "positions");
    }
    same!(directories);
    same!(users);
    same!(usernames);
    same!(tokens);
    same!(calendar_tokens);
    same!(findings);
    same!(procedures);
    same!(plans);
    same!(posts);
    assert_eq!(a.schedule.pending_positions(), b.schedule.pending_positions(), "changes waiting for their date");
    assert_eq!(a.schedule.applied(), b.schedule.applied(), "what each record applied on the effective clock");
    let now = chrono::Utc::now();
    let board = |h: &History| h.current(now).iter().map(|f| (f.position, f.json.to_string())).collect::<Vec<_>>();
    assert_eq!(board(board_a), board(board_b), "the current board");
    let newest = |h: &History| h.last().map(|f| (f.position, f.json.to_string()));
    assert_eq!(newest(board_a), newest(board_b), "the newest frame");
}

/// The model and the board of a read of the live models.
fn parts<'a>(read: &'a Reading<'_>) -> (&'a Model, &'a History) {
    (read, read.board())
}

fn days(n: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(n)).to_rfc3339()
}

/// Actors with contacts and capacity, a platform, posts and a change that
/// waits for its date; returns the actors' ids.
async fn network(app: &TestApp) -> (String, String) {
    let (group, _, place) = app.tachov().await;
    let fields = json!({"name": "Poradna", "target_groups": [group], "places": [place], "need_areas": ["health"],
        "capacities": [{"unit": "bed", "max": 4}]});
    let a = app.post("/api/v1/networks/tachov/actors", json!({"fields": fields, "effective_at": days(-200)})).await;
    let a = a.expect(201).id();
    let b = app.actor(json!({"name": "Azylový dům", "need_areas": ["safety"]})).await;
    for (actor, name) in [(&a, "Jana Vzorová"), (&b, "Petr Tajemný")] {
        let contact = json!({"name": name, "email": "kontakt@example.org", "role": "vedoucí"});
        app.post(&format!("/api/v1/networks/tachov/actors/{actor}/contacts"), contact).await.expect(201);
    }
    app.post(&format!("/api/v1/networks/tachov/actors/{a}/capacity"), json!({"unit": "bed", "free": 2}))
        .await
        .expect(201);
    let members = json!({"fields": {"name": "Tým", "platform_type": "mini_team", "members": [a, b]}});
    app.post("/api/v1/networks/tachov/platforms", members).await.expect(201);
    app.post("/api/v1/networks/tachov/board/posts", json!({"kind": "news", "title": "Zpráva před"})).await.expect(201);
    let later = json!({"fields": {"address": "Budoucí 1"}, "effective_at": days(30)});
    app.patch(&format!("/api/v1/networks/tachov/actors/{a}"), later).await.expect(200);
    (a, b)
}

async fn caught_up(app: &TestApp) {
    let last = app.app.log.last_position();
    assert!(app.app.models.wait_for(last, Duration::from_secs(10)).await, "the models reach {last}");
}

#[actix_web::test]
async fn a_start_from_a_snapshot_and_the_events_after_it_equals_a_rebuild() {
    let app = spawn_app().await;
    let (a, b) = network(&app).await;
    caught_up(&app).await;
    let (log, keys): (Arc<dyn EventLog>, Arc<dyn PersonalData>) = (app.app.log.clone(), app.app.keys.clone());
    let (at, size) = app.app.models.save_snapshot(log.as_ref(), keys.as_ref()).await.expect("a snapshot");
    assert_eq!(at, log.last_position());
    let stored = log.snapshots().expect("sled keeps snapshots").load_snapshot(NAME, None).await.unwrap().unwrap();
    assert_eq!((stored.position, stored.data.len()), (at, size));
    assert!(stored.data.starts_with(MAGIC));
    for secret in ["Jana Vzorová", "Petr Tajemný", "kontakt@example.org"] {
        let found = stored.data.windows(secret.len()).any(|w| w == secret.as_bytes());
        assert!(!found, "{secret} is sealed in the snapshot, never in the clear");
    }

    // After the snapshot: a change dated back (its record folds again), an
    // erasure, a new actor, capacity, posts, another change for later.
    let base = format!("/api/v1/networks/tachov/actors/{a}");
    app.patch(&base, json!({"fields": {"address": "Stará 2"}, "effective_at": days(-100)})).await.expect(200);
    let person = app.get(&format!("/api/v1/networks/tachov/actors/{b}")).await.expect(200).body["contacts"][0]["id"]
        .as_str()
        .expect("a contact id")
        .to_owned();
    app.post(&format!("/api/v1/networks/tachov/actors/{b}/contacts/{person}/erasure"), json!({})).await.expect(200);
    let c = app.actor(json!({"name": "Nová služba", "need_areas": ["learning"]})).await;
    app.post(&format!("{base}/capacity"), json!({"unit": "bed", "free": 0})).await.expect(201);
    let news = app.post("/api/v1/networks/tachov/board/posts", json!({"kind": "news", "title": "Zpráva po"})).await;
    app.post(&format!("/api/v1/board/posts/{}/withdrawal", news.expect(201).id()), json!({})).await.expect(200);
    app.patch(
        &format!("/api/v1/networks/tachov/actors/{c}"),
        json!({"fields": {"address": "Za rok 5"}, "effective_at": days(20)}),
    )
    .await
    .expect(200);
    caught_up(&app).await;

    let started = ReadModels::start(log.clone(), keys.clone()).await.expect("started");
    let last = log.last_position();
    assert_eq!(started.started().snapshot, Some(at), "it started from the snapshot");
    assert_eq!(started.started().folded, last - at, "and folded only the events after it");
    let rebuilt = rebuild(log.clone(), keys.clone()).await.expect("a rebuild");
    assert_same(parts(&started.read()), (&rebuilt.model, &rebuilt.board));
    assert_same(parts(&started.read()), parts(&app.app.models.read()));
    {
        let model = started.read();
        let erased =
            model.actors[&b.parse().unwrap()].entry.state.contacts.values().next().cloned().expect("a contact");
        assert!(erased.erased && erased.name.is_empty(), "erased after the snapshot: erased in the started model");
        assert_eq!(model.schedule.pending_positions().len(), 2, "both changes for later still wait");
        assert_eq!(started.past.stats().events, last as usize, "every event is on the as-of lines");
    }
    app.app.shut_down().await.expect("closes");
    started.stopped().await;
}

#[actix_web::test]
async fn a_snapshot_that_does_not_read_is_skipped_for_an_older_one_or_the_log() {
    let app = spawn_app().await;
    network(&app).await;
    caught_up(&app).await;
    let (log, keys): (Arc<dyn EventLog>, Arc<dyn PersonalData>) = (app.app.log.clone(), app.app.keys.clone());
    let (good, _) = app.app.models.save_snapshot(log.as_ref(), keys.as_ref()).await.expect("a snapshot");
    let store = log.snapshots().expect("sled keeps snapshots");
    let valid = store.load_snapshot(NAME, None).await.unwrap().unwrap().data;
    app.actor(json!({"name": "Další"})).await;
    caught_up(&app).await;
    let last = log.last_position();

    // Damaged body, another format version, not a snapshot at all: each
    // newer than the good one, each skipped.
    let mut damaged = valid.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0xff;
    let mut other_version = valid.clone();
    other_version[8..12].copy_from_slice(&999u32.to_le_bytes());
    for bad in [damaged, other_version, b"garbage".to_vec()] {
        store.save_snapshot(NAME, last, &bad).await.expect("stored");
        let started = ReadModels::start(log.clone(), keys.clone()).await.expect("started");
        assert_eq!(started.started().snapshot, Some(good), "the older, readable snapshot is used");
        assert_same(parts(&started.read()), parts(&app.app.models.read()));
    }
    app.app.shut_down().await.expect("closes");
}

#[actix_web::test]
async fn with_no_readable_snapshot_the_models_are_rebuilt_from_the_log() {
    let app = spawn_app().await;
    network(&app).await;
    caught_up(&app).await;
    let (log, keys): (Arc<dyn EventLog>, Arc<dyn PersonalData>) = (app.app.log.clone(), app.app.keys.clone());
    let store = log.snapshots().expect("sled keeps snapshots");
    store.save_snapshot(NAME, log.last_position(), b"uzel-rm\n\x01\0\0\0garbage").await.expect("stored");
    let started = ReadModels::start(log.clone(), keys.clone()).await.expect("started");
    assert_eq!(started.started().snapshot, None, "rebuilt");
    assert_same(parts(&started.read()), parts(&app.app.models.read()));
    app.app.shut_down().await.expect("closes");
}

#[actix_web::test]
async fn a_server_saves_a_snapshot_when_it_stops_and_starts_from_it() {
    let app = spawn_app().await;
    let (a, _) = network(&app).await;
    caught_up(&app).await;
    let actor_before = app.get(&format!("/api/v1/networks/tachov/actors/{a}")).await.expect(200).body;
    let directory_before = app.get("/api/v1/networks/tachov/actors").await.expect(200).body;
    let board_before = app.get("/api/v1/board/posts").await.expect(200).body["frames"].clone();
    let last = app.app.log.last_position();
    let dir = app.stop().await;
    let app = spawn_in(dir).await;
    let started = app.app.models.started();
    assert_eq!(started.snapshot, Some(last), "the snapshot saved at the stop");
    assert_eq!(app.get(&format!("/api/v1/networks/tachov/actors/{a}")).await.expect(200).body, actor_before);
    assert_eq!(app.get("/api/v1/networks/tachov/actors").await.expect(200).body, directory_before);
    assert_eq!(app.get("/api/v1/board/posts").await.expect(200).body["frames"], board_before);
    let contact = &actor_before["contacts"][0]["name"];
    assert_eq!(contact, "Jana Vzorová", "the contact person opened again with the person's key");
}
