//! Everything people type renders as text on every page: names, notes,
//! minutes, terms and categories holding `<script>`, quotes, `&` and Czech
//! diacritics come back escaped (never as markup), and every page is sent
//! with a content security policy that allows no inline script.

use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::spawn_app;
use crate::pages::{send, sign_in};

const EVIL: &str = "Zlý \"název\" <script>alert(1)</script> & Šťáva";
const ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";

#[actix_web::test]
async fn what_people_type_renders_as_text_on_every_page() {
    let app = spawn_app().await;
    app.tachov().await;
    let n = "/api/v1/networks/tachov";
    app.post(&format!("{n}/terms"), json!({"kind": "target_group", "name": EVIL})).await.expect(201);
    let category = uuid::Uuid::now_v7();
    app.put(&format!("{n}/categories/{category}"), json!({"name": EVIL, "kind": "text"})).await.expect(201);
    let actor = app
        .actor(json!({"name": EVIL, "description": EVIL, "kind": EVIL, "need_areas": ["safety"],
            format!("custom.{category}"): EVIL}))
        .await;
    app.post(&format!("{n}/actors/{actor}/notes"), json!({"text": EVIL})).await.expect(201);
    app.post(&format!("{n}/actors/{actor}/contacts"), json!({"name": EVIL, "role": EVIL})).await.expect(201);
    let platform = app
        .post(
            &format!("{n}/platforms"),
            json!({"fields": {"name": EVIL, "platform_type": "formal", "coordinators": [actor], "topics": [EVIL]},
                "effective_at": chrono::Utc::now() - chrono::Duration::days(10)}),
        )
        .await
        .expect(201)
        .id();
    let meeting = uuid::Uuid::now_v7();
    let held = json!({"date": chrono::Utc::now() - chrono::Duration::days(1), "place": EVIL, "agenda": EVIL,
        "attendees": [actor], "minutes": EVIL});
    app.put(&format!("{n}/platforms/{platform}/meetings/{meeting}/held"), held).await.expect(200);
    app.post(
        &format!("{n}/platforms/{platform}/meetings/{meeting}/outcomes"),
        json!({"kind": "task", "text": EVIL, "owner": actor}),
    )
    .await
    .expect(201);
    let activity = app
        .post(
            &format!("{n}/needs/activities"),
            json!({"fields": {"text": EVIL, "area": "safety", "stage": "prevention",
            "actor_kinds": [EVIL], "local_practice": EVIL, "actors": [actor]}}),
        )
        .await
        .expect(201)
        .id();
    app.post(&format!("{n}/needs/forms"), json!({"area": "safety", "text": EVIL})).await.expect(201);
    let filter = uuid::Uuid::now_v7();
    app.put(
        &format!("{n}/filters/{filter}"),
        json!({"name": EVIL, "query": "need_area=safety", "audience": "coordinators"}),
    )
    .await
    .expect(201);
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    let cookie = sign_in(&app, "koordinator").await;

    let pages = [
        "/site/tachov".to_owned(),
        "/site/tachov/adresar".to_owned(),
        "/site/tachov/adresar?q=%C5%A0%C5%A5%C3%A1va".to_owned(),
        format!("/site/tachov/akter/{actor}"),
        format!("/site/tachov/akter/{actor}/upravit"),
        format!("/site/tachov/akter/{actor}/kontakty"),
        "/site/tachov/novy-akter".to_owned(),
        "/site/tachov/potreby".to_owned(),
        format!("/site/tachov/potreby/aktivita/{activity}"),
        "/site/tachov/pokryti".to_owned(),
        "/site/tachov/platformy".to_owned(),
        format!("/site/tachov/platforma/{platform}"),
        format!("/site/tachov/platforma/{platform}/schuzka/{meeting}"),
        "/site/tachov/nastaveni".to_owned(),
    ];
    for path in &pages {
        let page = send(&app, "GET", path, &cookie, None).await;
        assert_eq!(page.status.as_u16(), 200, "{path}: {}", page.text);
        assert!(!page.text.contains("<script>alert(1)"), "{path} renders typed text as markup");
        assert!(!page.text.contains("\"název\""), "{path} leaves a quote unescaped");
        assert!(page.text.contains(ESCAPED), "{path} shows the typed text, escaped");
        assert!(page.text.contains("Šťáva"), "{path} keeps the diacritics");
    }
    let public = send(&app, "GET", "/?sit=tachov&oblast=safety", "", None).await;
    assert!(!public.text.contains("<script>alert(1)") && public.text.contains(ESCAPED), "{}", public.text);
    let csv = send(&app, "GET", "/site/tachov/adresar.csv", &cookie, None).await;
    assert!(csv.text.contains("<script>alert(1)</script>"), "a download is data, not a page: kept as typed");
    for path in &pages {
        let csp = send(&app, "GET", path, &cookie, None).await.csp;
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
    }
}
