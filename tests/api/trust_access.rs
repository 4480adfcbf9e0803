//! Access and personal data, as issue-by-issue users met them: findings stay
//! with the coordinators, case managers read the directory cut to what was
//! designated for them, a platform's member actors read its outcomes over
//! HTTP as on the board, sign-in throttling holds under concurrency, and an
//! erased contact stays erased when an old key comes back.

use chrono::{Duration, Utc};
use serde_json::{Value, json};
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::{As, spawn_app, spawn_in};

#[actix_web::test]
async fn finding_titles_are_shown_only_to_those_who_read_findings() {
    let app = spawn_app().await;
    app.tachov().await;
    let finding =
        app.post("/api/v1/networks/tachov/findings", json!({"title": "KANÁR-zjištění"})).await.expect(201).id();
    let plan = app.post("/api/v1/networks/tachov/plans", json!({"title": "Plán", "from": 2026, "to": 2028})).await;
    let id = plan.expect(201).id();
    let p = format!("/api/v1/networks/tachov/plans/{id}");
    let section = app.get(&p).await.expect(200).body["sections"][2]["id"].as_str().unwrap().to_owned();
    let rec = app.post(&format!("{p}/recommendations"), json!({"section": section, "text": "Doporučení"})).await;
    let step = json!({"recommendation": rec.expect(201).id(), "text": "Krok", "findings": [finding]});
    app.post(&format!("{p}/steps"), step).await.expect(201);
    let published = app.put(&format!("{p}/publication"), json!({"published": true})).await.expect(200);
    let at = format!("?min_position={}", published.position());
    assert!(app.get(&format!("{p}{at}")).await.expect(200).text.contains("KANÁR-zjištění"), "the coordinator sees it");

    let public_path = format!("/api/v1/networks/tachov/public/plans/{id}{at}");
    let public = app.send_as(As::Anonymous, "GET", &public_path, None, &[]).await.expect(200);
    assert!(!public.text.contains("KANÁR-zjištění"), "{}", public.text);
    let document_path = format!("/api/v1/networks/tachov/public/plans/{id}/document");
    let document = app.send_as(As::Anonymous, "GET", &document_path, None, &[]).await;
    assert!(!document.text.contains("KANÁR-zjištění"));
    let (manager, _) = user(&app, "case-manager", vec![Grant::CaseManager { network: tachov() }]).await;
    let read = app.send_as(As::Token(&manager), "GET", &format!("{p}{at}"), None, &[]).await.expect(200);
    assert!(!read.text.contains("KANÁR-zjištění"), "{}", read.text);
    let doc = app.send_as(As::Token(&manager), "GET", &format!("{p}/document"), None, &[]).await.expect(200);
    assert!(!doc.text.contains("KANÁR-zjištění"));
}

#[actix_web::test]
async fn case_managers_read_the_directory_cut_to_the_designated_fields() {
    let app = spawn_app().await;
    app.tachov().await;
    app.put("/api/v1/networks/tachov/settings", json!({"designated_fields": ["name", "need_areas", "phone"]}))
        .await
        .expect(200);
    let school = app
        .actor(json!({"name": "ZŠ Zárečná", "need_areas": ["learning"], "kind": "škola", "phone": "+420 777 111 222",
            "description": "KANÁR-popis", "crisis_network": true}))
        .await;
    app.actor(json!({"name": "Poradna", "need_areas": ["health"], "kind": "poradna"})).await;
    let platform = json!({"fields": {"name": "Platforma", "platform_type": "formal", "members": [school]}});
    let w = app.post("/api/v1/networks/tachov/platforms", platform).await.expect(201);
    let (manager, _) = user(&app, "case-manager", vec![Grant::CaseManager { network: tachov() }]).await;
    let get = |path: String| {
        let (app, manager) = (&app, manager.clone());
        async move { app.send_as(As::Token(&manager), "GET", &path, None, &[]).await }
    };
    let page = get(format!("/api/v1/networks/tachov/actors?min_position={}", w.position())).await.expect(200);
    assert_eq!(page.body["total"], 2, "{}", page.text);
    let item = &page.body["items"].as_array().unwrap().iter().find(|i| i["name"] == "ZŠ Zárečná").unwrap().clone();
    assert_eq!(item["need_areas"], json!(["learning"]));
    assert!(item["kind"].is_null(), "kind is not designated: {item}");
    assert_eq!(item["crisis_network"], false, "not designated");
    assert_eq!(item["platforms"], 0);
    let facets: Vec<&String> = page.body["facets"].as_object().unwrap().keys().collect();
    assert!(facets.iter().all(|f| *f == "need_areas" || *f == "free_capacity"), "{facets:?}");
    // Filters on designated fields; search by name only.
    let learning = get("/api/v1/networks/tachov/actors?need_area=learning".into()).await.expect(200);
    assert_eq!(learning.body["total"], 1);
    let by_text = get("/api/v1/networks/tachov/actors?q=KAN%C3%81R".into()).await.expect(200);
    assert_eq!(by_text.body["total"], 0, "the description is not searched for them");
    let by_name = get("/api/v1/networks/tachov/actors?q=zarecna".into()).await.expect(200);
    assert_eq!(by_name.body["total"], 1);
    get("/api/v1/networks/tachov/actors?kind=%C5%A1kola".into()).await.problem(403, "forbidden");
    get("/api/v1/networks/tachov/actors?crisis=true".into()).await.problem(403, "forbidden");
    get(format!("/api/v1/networks/tachov/actors?platform={}", w.id())).await.problem(403, "forbidden");
    // The actor: the name and the designated fields, nothing else.
    let view = get(format!("/api/v1/networks/tachov/actors/{school}")).await.expect(200).body;
    let fields: Vec<&String> = view["fields"].as_object().unwrap().keys().collect();
    assert_eq!(fields, vec!["name", "need_areas", "phone"], "{view}");
    assert_eq!(view["platforms"], json!([]), "{view}");
    assert_eq!(view["activities"], json!([]));
    assert!(view["reviewed_at"].is_null() && view["registered_at"].is_null(), "{view}");
    assert!(!view.to_string().contains("KANÁR"));
}

#[actix_web::test]
async fn a_platforms_member_actors_read_its_outcomes_over_http_as_on_the_board() {
    let app = spawn_app().await;
    app.tachov().await;
    let ospod = app.actor(json!({"name": "OSPOD Tachov", "need_areas": ["safety"]})).await;
    let school = app.actor(json!({"name": "ZŠ Zárečná", "need_areas": ["learning"]})).await;
    let outsider = app.actor(json!({"name": "Jiná služba", "need_areas": ["health"]})).await;
    let fields = json!({"name": "Platforma", "platform_type": "formal", "coordinators": [ospod], "members": [school]});
    let founded = (Utc::now() - Duration::days(20)).to_rfc3339();
    let platform =
        app.post("/api/v1/networks/tachov/platforms", json!({"fields": fields, "effective_at": founded})).await;
    let base = format!("/api/v1/networks/tachov/platforms/{}", platform.expect(201).id());
    let meeting = "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7b90";
    let held = (Utc::now() - Duration::days(2)).to_rfc3339();
    app.put(&format!("{base}/meetings/{meeting}/held"), json!({"date": held, "minutes": "KANÁR-zápis"}))
        .await
        .expect(200);
    let outcome = json!({"kind": "decision", "text": "KANÁR-rozhodnutí"});
    let w = app.post(&format!("{base}/meetings/{meeting}/outcomes"), outcome).await.expect(201);
    let at = format!("?min_position={}", w.position());
    let (member, _) =
        user(&app, "skola", vec![Grant::Actor { network: tachov(), actor: school.parse().unwrap() }]).await;
    let (other, _) =
        user(&app, "jina", vec![Grant::Actor { network: tachov(), actor: outsider.parse().unwrap() }]).await;
    let read = |token: String, path: String| {
        let app = &app;
        async move { app.send_as(As::Token(&token), "GET", &path, None, &[]).await.expect(200).text }
    };
    let view = read(member.clone(), format!("{base}{at}")).await;
    let board = read(member, format!("/api/v1/board/posts{at}")).await;
    assert!(view.contains("KANÁR-rozhodnutí") && view.contains("KANÁR-zápis"), "{view}");
    assert!(board.contains("KANÁR-rozhodnutí"), "{board}");
    let view = read(other.clone(), format!("{base}{at}")).await;
    let board = read(other, format!("/api/v1/board/posts{at}")).await;
    assert!(!view.contains("KANÁR"), "{view}");
    assert!(!board.contains("KANÁR"), "{board}");
}

#[actix_web::test]
async fn sign_in_throttling_holds_under_a_hundred_simultaneous_attempts() {
    let app = spawn_app().await;
    user(&app, "jana", vec![]).await;
    let url = format!("{}/api/v1/auth/token", app.address);
    let mut attempts = Vec::new();
    for n in 0..100 {
        let url = url.clone();
        attempts.push(actix_web::rt::spawn(async move {
            let client = awc::Client::builder().timeout(std::time::Duration::from_secs(120)).finish();
            let body = json!({"username": "jana", "password": format!("wrong-{n}"), "name": "x"});
            client.post(&url).send_json(&body).await.map(|r| r.status().as_u16()).unwrap_or(0)
        }));
    }
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }
    let through = statuses.iter().filter(|s| **s != 429).count();
    assert!(through <= 5, "{through} attempts reached the password check: {statuses:?}");
    assert!(statuses.iter().all(|s| *s == 401 || *s == 429), "{statuses:?}");
    // A username far too long is refused before any hashing.
    let long = "x".repeat(300);
    let refused = app
        .send_as(
            As::Anonymous,
            "POST",
            "/api/v1/auth/token",
            Some(json!({"username": long, "password": "p", "name": "x"})),
            &[],
        )
        .await
        .problem(422, "validation");
    assert_eq!(refused.failing_fields(), vec!["username"]);
}

#[actix_web::test]
async fn an_erased_contact_stays_erased_when_an_old_key_comes_back() {
    let app = spawn_app().await;
    app.tachov().await;
    let actor = app.actor(json!({"name": "Poradna", "need_areas": ["health"]})).await;
    let base = format!("/api/v1/networks/tachov/actors/{actor}");
    let person = app
        .post(
            &format!("{base}/contacts"),
            json!({"name": "Jana Vzorová", "role": "KANÁR-vedoucí", "phone": "+420 777 000 111"}),
        )
        .await
        .expect(201)
        .id();
    // A backup of the keys, taken before the erasure.
    let dir = app.stop().await;
    let old_key = {
        let db = sled::open(dir.path()).unwrap();
        let key = db.open_tree("person_keys").unwrap().get(uuid::Uuid::parse_str(&person).unwrap().as_bytes());
        key.unwrap().expect("the person has a key")
    };
    released(&dir).await;
    let app = spawn_in(dir).await;
    app.post(&format!("{base}/contacts/{person}/erasure"), json!({})).await.expect(200);
    let view = app.get(&base).await.expect(200).body;
    assert_eq!(view["contacts"][0]["erased"], true);
    assert_eq!(view["contacts"][0]["role"], "", "the role goes with the name: {view}");
    // The old key is restored into the directory.
    let dir = app.stop().await;
    {
        let db = sled::open(dir.path()).unwrap();
        let keys = db.open_tree("person_keys").unwrap();
        keys.insert(uuid::Uuid::parse_str(&person).unwrap().as_bytes(), old_key).unwrap();
        keys.flush().unwrap();
    }
    released(&dir).await;
    let app = spawn_in(dir).await;
    let view: Value = app.get(&base).await.expect(200).body;
    assert_eq!(view["contacts"][0]["erased"], true, "{view}");
    assert!(!view.to_string().contains("Jana") && !view.to_string().contains("KANÁR"), "{view}");
    let history = app.get(&format!("{base}/history")).await.expect(200).text;
    assert!(!history.contains("Jana Vzorová") && !history.contains("KANÁR"), "{history}");
}

/// Waits until the test's own sled handle, dropped just now, has let go of
/// the directory: sled's background thread holds the lock a moment longer.
async fn released(dir: &tempfile::TempDir) {
    let free = uzel::log::sled_released(dir.path(), std::time::Duration::from_secs(10)).await;
    assert!(free, "sled let go of the directory");
}
