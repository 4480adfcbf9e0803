//! Posts over HTTP: who may post what, "place wanted" without identifying
//! data, private offers, sharing, resolving, withdrawing, expiry, history.

use serde_json::json;
use uzel::domain::user::Grant;

use super::{setup, tachov, user};
use crate::helpers::{As, spawn_app};

#[actix_web::test]
async fn a_place_wanted_request_with_identifying_data_is_refused_with_an_explanation() {
    let app = spawn_app().await;
    setup(&app).await;
    let (manager, _) = user(&app, "casemanager", vec![Grant::CaseManager { network: tachov() }]).await;
    let post = |title: &str, text: &str| json!({"kind": "place_wanted", "title": title, "text": text, "need_areas": ["safety"]});
    for (title, text, field) in [
        ("Respitní pobyt pro Janu Novákovou", "", "title"),
        ("Respitní pobyt", "matka volá z 777 123 456", "text"),
        ("Pobyt", "chlapec nar. 12.3.2015", "text"),
        ("Pobyt", "bydlí Masarykova 12, Tachov", "text"),
        ("Pobyt", "pište na rodina@seznam.cz", "text"),
    ] {
        let answer = app
            .send_as(As::Token(&manager), "POST", "/api/v1/networks/tachov/board/posts", Some(post(title, text)), &[])
            .await
            .problem(422, "validation");
        assert_eq!(answer.failing_fields(), vec![field.to_owned()], "{}", answer.body);
        assert!(answer.text.contains("without names"), "the refusal explains: {}", answer.body);
    }
    // The described need passes.
    let ok = post("Respitní pobyt, dva sourozenci 6–10 let", "od příštího týdne, ORP Tachov");
    app.send_as(As::Token(&manager), "POST", "/api/v1/networks/tachov/board/posts", Some(ok), &[]).await.expect(201);
    // Nothing refused was written.
    let frames = app.get("/api/v1/board/posts?from=0").await.expect(200).body["frames"].as_array().unwrap().len();
    assert_eq!(frames, 1);
}

#[actix_web::test]
async fn offers_stay_between_asker_and_offerer_until_shared_and_only_the_asker_resolves() {
    let app = spawn_app().await;
    let actor = setup(&app).await;
    let other = app.actor(json!({"name": "Jiná služba"})).await;
    let uuid = |s: &str| uuid::Uuid::parse_str(s).unwrap();
    let (manager, _) = user(&app, "casemanager", vec![Grant::CaseManager { network: tachov() }]).await;
    let (offerer, _) = user(&app, "akter", vec![Grant::Actor { network: tachov(), actor: uuid(&actor) }]).await;
    let (bystander, _) = user(&app, "jiny-akter", vec![Grant::Actor { network: tachov(), actor: uuid(&other) }]).await;
    fn as_(t: &str) -> As<'_> {
        As::Token(t)
    }
    let request = app
        .send_as(as_(&manager), "POST", "/api/v1/networks/tachov/board/posts",
            Some(json!({"kind": "place_wanted", "title": "Krizové ubytování, matka se 2 dětmi", "need_areas": ["material"]})), &[])
        .await
        .expect(201);
    let post = request.id();
    // A bystander cannot resolve or share; an actor cannot ask for places.
    app.send_as(
        as_(&bystander),
        "POST",
        "/api/v1/networks/tachov/board/posts",
        Some(json!({"kind": "place_wanted", "title": "Pobyt"})),
        &[],
    )
    .await
    .problem(403, "forbidden");
    let offer = app
        .send_as(as_(&offerer), "POST", &format!("/api/v1/board/posts/{post}/offers"),
            Some(json!({"text": "KANÁR-nabídka: máme pokoj od pondělí", "hold_until": (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339()})), &[])
        .await
        .expect(201);
    let offer_id = offer.id();
    // A retried offer (same Idempotency-Key) answers the same offer, written once.
    let retry = json!({"text": "Druhá nabídka: přistýlka"});
    let key = [("Idempotency-Key", "0192f3c4-8d1e-7c3a-9b1f-2f0e5d6c7a55")];
    let offers = format!("/api/v1/board/posts/{post}/offers");
    let first = app.send_as(as_(&offerer), "POST", &offers, Some(retry.clone()), &key).await.expect(201);
    let again = app.send_as(as_(&offerer), "POST", &offers, Some(retry), &key).await.expect(201);
    assert_eq!((first.id(), first.position()), (again.id(), again.position()));
    let seen_by_asker = app
        .send_as(
            as_(&manager),
            "GET",
            &format!("/api/v1/board/posts?from=0&min_position={}", again.position()),
            None,
            &[],
        )
        .await
        .expect(200)
        .text;
    assert_eq!(seen_by_asker.matches("Druhá nabídka").count(), 1, "{seen_by_asker}");
    let seen = |token: String| {
        let app = &app;
        let min = offer.position();
        async move {
            app.send_as(As::Token(&token), "GET", &format!("/api/v1/board/posts?from=0&min_position={min}"), None, &[])
                .await
                .expect(200)
                .text
                .contains("KANÁR-nabídka")
        }
    };
    assert!(seen(manager.clone()).await, "the asker sees the offer");
    assert!(seen(offerer.clone()).await, "the offerer sees its offer");
    assert!(!seen(bystander.clone()).await, "another actor does not");
    assert!(!seen(app.admin_token.clone()).await, "nor does an admin");
    app.send_as(as_(&bystander), "POST", &format!("/api/v1/board/posts/{post}/offers/{offer_id}/sharing"), None, &[])
        .await
        .problem(403, "forbidden");
    app.send_as(as_(&offerer), "POST", &format!("/api/v1/board/posts/{post}/resolution"), Some(json!({})), &[])
        .await
        .problem(403, "forbidden");
    app.send_as(as_(&manager), "POST", &format!("/api/v1/board/posts/{post}/offers/{offer_id}/sharing"), None, &[])
        .await
        .expect(200);
    assert!(seen(bystander.clone()).await, "a shared offer reaches the audience");
    app.send_as(
        as_(&manager),
        "POST",
        &format!("/api/v1/board/posts/{post}/resolution"),
        Some(json!({"note": "vyřešeno"})),
        &[],
    )
    .await
    .expect(200);
    app.send_as(
        as_(&offerer),
        "POST",
        &format!("/api/v1/board/posts/{post}/offers"),
        Some(json!({"text": "ještě"})),
        &[],
    )
    .await
    .problem(409, "conflict");
    // The current board no longer shows the resolved request.
    let current = app.get("/api/v1/board/posts").await.expect(200).body;
    assert!(current["frames"].as_array().unwrap().iter().all(|f| f["post"] != post.as_str()), "{current}");
}

#[actix_web::test]
async fn actors_post_for_themselves_coordinators_for_anyone_and_withdrawn_or_expired_posts_leave_the_board() {
    let app = spawn_app().await;
    let actor = setup(&app).await;
    let other = app.actor(json!({"name": "Jiná služba"})).await;
    let (own, _) =
        user(&app, "akter", vec![Grant::Actor { network: tachov(), actor: uuid::Uuid::parse_str(&actor).unwrap() }])
            .await;
    let news = |actor: &str| json!({"kind": "news", "title": "Nová skupina pro rodiče", "actor": actor});
    app.send_as(As::Token(&own), "POST", "/api/v1/networks/tachov/board/posts", Some(news(&other)), &[])
        .await
        .problem(403, "forbidden");
    let mine = app
        .send_as(
            As::Token(&own),
            "POST",
            "/api/v1/networks/tachov/board/posts",
            Some(json!({"kind": "project", "title": "Nový projekt"})),
            &[],
        )
        .await
        .expect(201)
        .id();
    let event = app
        .post("/api/v1/networks/tachov/board/posts", json!({"kind": "event", "title": "Den otevřených dveří", "actor": other,
            "need_areas": ["learning"], "event": {"starts_at": "2030-05-01T09:00:00Z", "place": "MěÚ Tachov"}, "valid_until": "2030-05-02T00:00:00Z"}))
        .await;
    // More than a year ahead is refused: posts are renewed, not left forever.
    event.problem(422, "validation");
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    let short = app
        .post(
            "/api/v1/networks/tachov/board/posts",
            json!({"kind": "news", "title": "Krátká zpráva", "valid_until": soon}),
        )
        .await
        .expect(201)
        .id();
    app.post("/api/v1/networks/tachov/board/posts", json!({"kind": "event", "title": "Bez data"}))
        .await
        .problem(422, "validation");
    async fn current(app: &crate::helpers::TestApp) -> Vec<String> {
        let body = app.get("/api/v1/board/posts").await.expect(200).body;
        body["frames"].as_array().unwrap().iter().map(|f| f["post"].as_str().unwrap().to_owned()).collect()
    }
    let now = current(&app).await;
    assert!(now.contains(&mine) && now.contains(&short), "{now:?}");
    app.send_as(
        As::Token(&own),
        "POST",
        &format!("/api/v1/board/posts/{mine}/withdrawal"),
        Some(json!({"note": "zrušeno"})),
        &[],
    )
    .await
    .expect(200);
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let later = current(&app).await;
    assert!(!later.contains(&mine), "withdrawn: {later:?}");
    assert!(!later.contains(&short), "expired: {later:?}");
    // The history keeps everything, in position order.
    let all = super::history(&app, "").await;
    let ops: Vec<_> = all.iter().map(|f| f["op"].as_str().unwrap()).collect();
    assert_eq!(ops, vec!["published", "published", "withdrawn"]);
    let positions: Vec<u64> = all.iter().map(|f| f["position"].as_u64().unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
}

#[actix_web::test]
async fn the_history_takes_the_sockets_filters_and_refuses_bad_ones() {
    let app = spawn_app().await;
    let actor = setup(&app).await;
    super::announce(&app, &actor, 3).await;
    app.post(
        "/api/v1/networks/tachov/board/posts",
        json!({"kind": "news", "title": "Zpráva", "need_areas": ["health"]}),
    )
    .await
    .expect(201);
    let kinds = |q: &str| {
        let app = &app;
        let q = q.to_owned();
        async move {
            super::history(app, &q).await.iter().map(|f| f["kind"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        }
    };
    assert_eq!(kinds("&kinds=capacity").await, vec!["capacity"]);
    assert_eq!(kinds("&need_areas=health").await, vec!["news"]);
    assert_eq!(kinds("&need_areas=safety").await, vec!["capacity"], "the actor's need areas");
    assert_eq!(kinds(&format!("&actors={actor}")).await, vec!["capacity"]);
    assert_eq!(kinds("&networks=decin").await, Vec::<String>::new());
    app.get("/api/v1/board/posts?kinds=gossip").await.problem(400, "bad-request");
    app.get("/api/v1/board/posts?from=x").await.problem(400, "bad-request");
}
