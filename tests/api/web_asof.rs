//! Pages as they were on a date, over real HTTP: the directory and an
//! actor's page on the effective clock (a banner says so, links keep the
//! date, no forms), an actor not yet in the network then, a date the page
//! cannot read, and the recorded clock knowing nothing entered later.

use awc::http::StatusCode;
use chrono::{Duration, Utc};
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::spawn_app;
use crate::pages::{send, sign_in};

#[actix_web::test]
async fn the_directory_and_an_actor_as_they_were_on_a_date() {
    let app = spawn_app().await;
    let since = Utc::now() - Duration::days(400);
    app.put("/api/v1/regions/plzensky", json!({"name": "Plzeňský kraj", "effective_at": since})).await.expect(201);
    let network = json!({"name": "ORP Tachov", "region": "plzensky", "effective_at": since});
    app.put("/api/v1/networks/tachov", network).await.expect(201);
    let entered = json!({"fields": {"name": "Poradna"}, "effective_at": Utc::now() - Duration::days(200)});
    let actor = app.post("/api/v1/networks/tachov/actors", entered).await.expect(201).id();
    let renamed = json!({"fields": {"name": "Poradna pro rodinu"}, "effective_at": Utc::now() - Duration::days(30)});
    app.patch(&format!("/api/v1/networks/tachov/actors/{actor}"), renamed).await.expect(200);
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    let cookie = sign_in(&app, "koordinator").await;

    let then = (Utc::now() - Duration::days(60)).date_naive();
    let banner = format!("Stav k {}", then.format("%-d. %-m. %Y"));
    let directory =
        send(&app, "GET", &format!("/site/tachov/adresar?k={}", then.format("%Y-%m-%d")), &cookie, None).await;
    assert_eq!(directory.status, StatusCode::OK);
    let text = &directory.text;
    assert!(text.contains(&banner) && text.contains("Zpět na dnešní stav"), "{text}");
    assert!(text.contains(">Poradna</a>") && !text.contains("Poradna pro rodinu"), "the name of then: {text}");
    let link = format!("href=\"/site/tachov/akter/{actor}?k={}\"", then.format("%Y-%m-%d"));
    assert!(text.contains(&link), "links keep the date: {text}");
    assert!(!text.contains("/novy-akter"), "no forms in the past");
    assert!(text.contains("name=\"k\" value=\""), "the filter form keeps the date");

    // Typed the Czech way, the same date.
    let czech =
        send(&app, "GET", &format!("/site/tachov/akter/{actor}?k={}", then.format("%-d.%-m.%Y")), &cookie, None).await;
    assert_eq!(czech.status, StatusCode::OK);
    assert!(czech.text.contains(&banner) && czech.text.contains("<h1>Poradna</h1>"), "{}", czech.text);
    assert!(!czech.text.contains("/upravit\"") && !czech.text.contains("/poznamky\""), "read-only");
    let today = send(&app, "GET", &format!("/site/tachov/akter/{actor}"), &cookie, None).await;
    assert!(today.text.contains("<h1>Poradna pro rodinu</h1>"), "{}", today.text);
    assert!(!today.text.contains("Zpět na dnešní stav"), "today has no banner");

    // The needs map as it was: the activity agreed today is not there yet,
    // and nothing can be written in the past.
    app.post(
        "/api/v1/networks/tachov/needs/activities",
        json!({"fields": {"text": "Očkování", "area": "health", "stage": "prevention"}}),
    )
    .await
    .expect(201);
    let needs_then =
        send(&app, "GET", &format!("/site/tachov/potreby?k={}", then.format("%Y-%m-%d")), &cookie, None).await;
    assert_eq!(needs_then.status, StatusCode::OK);
    assert!(needs_then.text.contains(&banner) && !needs_then.text.contains("Očkování"), "{}", needs_then.text);
    assert!(!needs_then.text.contains("method=\"post\" action=\"/site/tachov/potreby"), "read-only");
    let needs_now = send(&app, "GET", "/site/tachov/potreby", &cookie, None).await;
    assert!(
        needs_now.text.contains("Očkování") && needs_now.text.contains("Zobrazit stav k jinému datu"),
        "{}",
        needs_now.text
    );

    // Coverage and the platforms as they were, with the same banner.
    for page in ["pokryti", "platformy"] {
        let then_page =
            send(&app, "GET", &format!("/site/tachov/{page}?k={}", then.format("%Y-%m-%d")), &cookie, None).await;
        assert_eq!(then_page.status, StatusCode::OK, "{page}");
        assert!(then_page.text.contains(&banner), "{page}: {}", then_page.text);
    }
    let far = (Utc::now() + Duration::days(90)).date_naive().format("%Y-%m-%d").to_string();
    let ahead = send(&app, "GET", &format!("/site/tachov/pokryti?k={far}"), &cookie, None).await;
    assert_eq!(ahead.status, StatusCode::BAD_REQUEST);
    assert!(ahead.text.contains("Pro toto datum nelze stav ukázat"), "{}", ahead.text);

    // Before it was entered; a date that is not one; the recorded clock.
    let early = (Utc::now() - Duration::days(300)).date_naive().format("%Y-%m-%d").to_string();
    let before = send(&app, "GET", &format!("/site/tachov/akter/{actor}?k={early}"), &cookie, None).await;
    assert_eq!(before.status, StatusCode::NOT_FOUND);
    assert!(before.text.contains("K tomuto datu aktér v síti nebyl."), "{}", before.text);
    let nonsense = send(&app, "GET", &format!("/site/tachov/akter/{actor}?k=loni"), &cookie, None).await;
    assert!(nonsense.text.contains("Zadejte datum, například 5. 12. 2026."), "{}", nonsense.text);
    let recorded = format!("/site/tachov/adresar?k={}&hodiny=zapsano", then.format("%Y-%m-%d"));
    let recorded = send(&app, "GET", &recorded, &cookie, None).await;
    assert!(
        recorded.text.contains("data, kdy byly změny zapsány") && recorded.text.contains("Nalezeno: 0"),
        "{}",
        recorded.text
    );
}
