//! An actor's notes and contact persons as pages, over real HTTP: notes
//! shared and private (a service sees only the shared ones), edited and
//! removed; contact persons added by the service itself (a bad e-mail said
//! next to its field, what was typed kept), changed, and erased for good
//! after a confirmation page.

use awc::http::StatusCode;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::spawn_app;
use crate::pages::{Form, post, send, sign_in};

#[actix_web::test]
async fn notes_are_kept_by_coordinators_and_private_ones_stay_theirs() {
    let app = spawn_app().await;
    app.tachov().await;
    let actor = app.actor(json!({"name": "Klub Kotec"})).await;
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    let service_id = uuid::Uuid::parse_str(&actor).unwrap();
    user(&app, "kotec", vec![Grant::Actor { network: tachov(), actor: service_id }]).await;
    let cookie = sign_in(&app, "koordinator").await;
    let path = format!("/site/tachov/akter/{actor}");
    let add = format!("{path}/poznamky");

    let page = send(&app, "GET", &path, &cookie, None).await;
    let mut shared = Form::of(&page.text, &add);
    shared.set("text", "Klub má nově otevřeno i v sobotu.");
    assert_eq!(post(&app, &add, &cookie, &shared).await.status, StatusCode::SEE_OTHER);
    assert_eq!(post(&app, &add, &cookie, &shared).await.status, StatusCode::SEE_OTHER, "sent twice");
    let page = send(&app, "GET", &path, &cookie, None).await;
    let mut private = Form::of(&page.text, &add);
    private.set("text", "Vedoucí odchází v březnu – ověřit nástupce.").tick("private", "ano");
    assert_eq!(post(&app, &add, &cookie, &private).await.status, StatusCode::SEE_OTHER);
    let page = send(&app, "GET", &path, &cookie, None).await;
    let mut empty = Form::of(&page.text, &add);
    empty.set("text", " ");
    let refused = post(&app, &add, &cookie, &empty).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Vyplňte toto pole."), "{}", refused.text);

    let page = send(&app, "GET", &path, &cookie, None).await;
    assert!(page.text.contains("Klub má nově otevřeno i v sobotu.") && page.text.contains("ověřit nástupce"));
    assert_eq!(page.text.matches("Klub má nově otevřeno i v sobotu.").count(), 1, "added once");
    let service = sign_in(&app, "kotec").await;
    let own = send(&app, "GET", &path, &service, None).await;
    assert!(own.text.contains("Klub má nově otevřeno i v sobotu."), "{}", own.text);
    assert!(!own.text.contains("ověřit nástupce"), "a private note stays the coordinators'");
    assert!(!own.text.contains(&add), "a service adds no notes");

    // Edit and remove.
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{actor}")).await.expect(200);
    let note = record.body["notes"].as_array().unwrap().iter().find(|n| n["private"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let note_path = format!("{path}/poznamka/{note}");
    let page = send(&app, "GET", &note_path, &cookie, None).await;
    let mut edit = Form::of(&page.text, &note_path);
    assert_eq!(edit.get("text"), "Klub má nově otevřeno i v sobotu.");
    edit.set("text", "Klub má otevřeno i v sobotu od 14 hodin.");
    assert_eq!(post(&app, &note_path, &cookie, &edit).await.status, StatusCode::SEE_OTHER);
    let remove = Form::of(&page.text, &format!("{note_path}/odebrat"));
    assert_eq!(post(&app, &format!("{note_path}/odebrat"), &cookie, &remove).await.status, StatusCode::SEE_OTHER);
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{actor}")).await.expect(200);
    assert_eq!(record.body["notes"].as_array().map(Vec::len), Some(1), "{}", record.text);
    assert_eq!(send(&app, "GET", &note_path, &service, None).await.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_service_keeps_its_contact_persons_and_erasure_is_confirmed_first() {
    let app = spawn_app().await;
    app.tachov().await;
    let actor = app.actor(json!({"name": "Klub Kotec"})).await;
    let service_id = uuid::Uuid::parse_str(&actor).unwrap();
    user(&app, "kotec", vec![Grant::Actor { network: tachov(), actor: service_id }]).await;
    let cookie = sign_in(&app, "kotec").await;
    let path = format!("/site/tachov/akter/{actor}");
    let page = send(&app, "GET", &path, &cookie, None).await;
    assert!(page.text.contains(&format!("href=\"{path}/kontakty\"")), "the service's page links its contacts");
    let contacts_path = format!("{path}/kontakty");
    let page = send(&app, "GET", &contacts_path, &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let mut person = Form::of(&page.text, &contacts_path);
    person.set("name", "Jana Nováková").set("role", "vedoucí").set("email", "jana@kotec").tick("public", "ano");
    let refused = post(&app, &contacts_path, &cookie, &person).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Zadejte e-mailovou adresu ve tvaru jmeno@domena.cz."), "{}", refused.text);
    let kept = Form::of(&refused.text, &contacts_path);
    assert_eq!((kept.get("name"), kept.get("email"), kept.get("public")), ("Jana Nováková", "jana@kotec", "ano"));
    person.set("email", "jana@kotec.cz").set("phone", "+420 777 000 111");
    assert_eq!(post(&app, &contacts_path, &cookie, &person).await.status, StatusCode::SEE_OTHER);
    assert_eq!(post(&app, &contacts_path, &cookie, &person).await.status, StatusCode::SEE_OTHER, "sent twice");
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{actor}")).await.expect(200);
    assert_eq!(record.body["contacts"].as_array().map(Vec::len), Some(1), "{}", record.text);
    let id = record.body["contacts"][0]["id"].as_str().unwrap().to_owned();

    // Changed from its own form on the contacts page.
    let page = send(&app, "GET", &contacts_path, &cookie, None).await;
    let person_path = format!("{path}/kontakt/{id}");
    let mut change = Form::of(&page.text, &person_path);
    assert_eq!(change.get("email"), "jana@kotec.cz");
    change.set("role", "vedoucí klubu");
    assert_eq!(post(&app, &person_path, &cookie, &change).await.status, StatusCode::SEE_OTHER);
    let page = send(&app, "GET", &path, &cookie, None).await;
    assert!(page.text.contains("<strong>Jana Nováková</strong>, vedoucí klubu"), "{}", page.text);

    // Erasure: a page says what it means; only its button erases.
    let erase_path = format!("{person_path}/vymaz");
    let confirm = send(&app, "GET", &erase_path, &cookie, None).await;
    assert!(confirm.text.contains("Vymazání nelze vrátit.") && confirm.text.contains("Jana Nováková"));
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{actor}")).await.expect(200);
    assert_eq!(record.body["contacts"][0]["name"], "Jana Nováková", "showing the page erased nothing");
    let yes = Form::of(&confirm.text, &erase_path);
    assert_eq!(post(&app, &erase_path, &cookie, &yes).await.status, StatusCode::SEE_OTHER);
    let page = send(&app, "GET", &path, &cookie, None).await;
    assert!(page.text.contains("osobní údaje vymazány na žádost") && !page.text.contains("Jana Nováková"));
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{actor}")).await.expect(200);
    assert_eq!(record.body["contacts"][0]["erased"], true, "{}", record.text);
    assert_eq!(send(&app, "GET", &erase_path, &cookie, None).await.status, StatusCode::NOT_FOUND, "nothing to erase");
}
