//! A service's own page over real HTTP: signed in, the service lands on it
//! and announces free beds in one more action (problems said in Czech next
//! to the field); it sees last week's announcements, answers a case
//! manager's "place wanted" with an offer and follows the offer's state,
//! and posts news on the board — and another service cannot open it.

use awc::http::StatusCode;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::{As, spawn_app};
use crate::pages::{Form, post, send};

#[actix_web::test]
async fn a_service_announces_capacity_in_two_actions_answers_requests_and_posts_news() {
    let app = spawn_app().await;
    app.tachov().await;
    let shelter = app
        .actor(json!({"name": "Azylový dům Tachov", "need_areas": ["material"], "capacities": [{"unit": "bed", "max": 10}]}))
        .await;
    let other = app.actor(json!({"name": "Klub Kotec"})).await;
    let shelter_id = uuid::Uuid::parse_str(&shelter).unwrap();
    user(&app, "azyl", vec![Grant::Actor { network: tachov(), actor: shelter_id }]).await;
    let (cm, _) = user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let other_id = uuid::Uuid::parse_str(&other).unwrap();
    user(&app, "kotec", vec![Grant::Actor { network: tachov(), actor: other_id }]).await;

    // Action one: sign in — and land on the service's page.
    let form = [("username", "azyl"), ("password", "password-of-test"), ("dal", "")];
    let signed = send(&app, "POST", "/prihlaseni", "", Some(&form)).await;
    let cookie = signed.session.expect("signed in");
    let home = send(&app, "GET", &signed.location, &cookie, None).await;
    let page_path = format!("/site/tachov/sluzba/{shelter}");
    assert_eq!(home.location, page_path, "an actor account's home is its service's page");
    let page = send(&app, "GET", &page_path, &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Oznámit volnou kapacitu") && page.text.contains("(nejvýše 10)"), "{}", page.text);

    // Action two: announce. A count that is not one, and more than registered, are said in place.
    let announce = format!("{page_path}/kapacita");
    let mut beds = Form::of(&page.text, &announce);
    beds.set("free", "dvě");
    let refused = post(&app, &announce, &cookie, &beds).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Zadejte celé číslo."), "{}", refused.text);
    beds.set("free", "12");
    let refused = post(&app, &announce, &cookie, &beds).await;
    assert!(refused.text.contains("Volných je víc, než dovoluje registrovaná kapacita."), "{}", refused.text);
    assert_eq!(Form::of(&refused.text, &announce).get("free"), "12", "what was typed is kept");
    let friday = (chrono::Utc::now() + chrono::Duration::days(4)).date_naive().format("%Y-%m-%d").to_string();
    beds.set("free", "2").set("waiting", "3").set("valid_until", &friday);
    let done = post(&app, &announce, &cookie, &beds).await;
    assert_eq!(
        (done.status, done.location.as_str()),
        (StatusCode::SEE_OTHER, format!("{page_path}?ulozeno=1").as_str())
    );
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{shelter}")).await.expect(200);
    let bed = &record.body["capacity"][0];
    assert_eq!((bed["free"].as_u64(), bed["waiting"].as_u64()), (Some(2), Some(3)), "{}", record.text);
    let page = send(&app, "GET", &page_path, &cookie, None).await;
    assert!(
        page.text.contains("Hlášení za poslední týden") && page.text.contains("2 volná lůžka, čeká 3"),
        "{}",
        page.text
    );

    // A case manager asks for a place; the service offers; the offer's state follows.
    let request = json!({"kind": "place_wanted", "title": "Hledáme lůžko pro matku se 2 dětmi", "text": "Od pondělí."});
    app.send_as(As::Token(&cm), "POST", "/api/v1/networks/tachov/board/posts", Some(request), &[]).await.expect(201);
    let page = send(&app, "GET", &page_path, &cookie, None).await;
    assert!(page.text.contains("Hledáme lůžko pro matku se 2 dětmi"), "{}", page.text);
    let at = page.text.find("/nabidka/").expect("an offer form");
    let offer_path = format!("{page_path}{}", page.text[at..].split('"').next().unwrap());
    let mut offer = Form::of(&page.text, &offer_path);
    offer.set("text", "Máme volné lůžko od pondělí.");
    assert_eq!(post(&app, &offer_path, &cookie, &offer).await.status, StatusCode::SEE_OTHER);
    assert_eq!(post(&app, &offer_path, &cookie, &offer).await.status, StatusCode::SEE_OTHER, "sent twice");
    let page = send(&app, "GET", &page_path, &cookie, None).await;
    assert!(
        page.text.contains("Vaše nabídka byla odeslána.") && page.text.contains("čeká na odpověď tazatele"),
        "{}",
        page.text
    );
    assert_eq!(page.text.matches("Máme volné lůžko od pondělí.").count(), 1, "offered once");

    // News on the board.
    let publish = format!("{page_path}/prispevek");
    let mut news = Form::of(&page.text, &publish);
    news.set("kind", "news").set("title", "Nově i víkendové příjmy");
    assert_eq!(post(&app, &publish, &cookie, &news).await.status, StatusCode::SEE_OTHER);
    let board = app.get("/api/v1/board/posts").await.expect(200);
    assert!(board.text.contains("Nově i víkendové příjmy"), "{}", board.text);

    // Another service does not open this page.
    let kotec = crate::pages::sign_in(&app, "kotec").await;
    assert_eq!(send(&app, "GET", &page_path, &kotec, None).await.status, StatusCode::FORBIDDEN);
}
