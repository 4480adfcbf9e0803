//! A case manager's "place wanted" requests as pages, over real HTTP: the
//! identifying-data rule said in Czech as the text is typed (writing
//! nothing) and on sending (the request refused, the text kept), a request
//! sent once, a service's offer shared in one click, the request resolved.

use awc::http::StatusCode;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::{As, spawn_app};
use crate::pages::{Form, post, send, sign_in};

#[actix_web::test]
async fn a_case_manager_asks_without_identifying_data_shares_an_offer_and_resolves() {
    let app = spawn_app().await;
    app.tachov().await;
    let shelter = app.actor(json!({"name": "Azylový dům Tachov", "capacities": [{"unit": "bed", "max": 10}]})).await;
    let shelter_id = uuid::Uuid::parse_str(&shelter).unwrap();
    let (service, _) = user(&app, "azyl", vec![Grant::Actor { network: tachov(), actor: shelter_id }]).await;
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let cookie = sign_in(&app, "cm-tachov").await;
    let path = "/site/tachov/poptavky";
    let page = send(&app, "GET", path, &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("href=\"/site/tachov/poptavky\""), "the menu leads here");
    let mut form = Form::of(&page.text, path);

    // As typed: the rule's reasons in Czech, nothing written.
    form.set("title", "Lůžko pro matku").set("text", "Jana Nováková, nar. 5.3.2015, bytem Tachov");
    let said = post(&app, &format!("{path}/kontrola"), &cookie, &form).await;
    assert!(
        said.text.contains("„Jana Nováková“ vypadá jako jméno") && said.text.contains("slovo „bytem“ naznačuje adresu"),
        "{}",
        said.text
    );
    let refused = post(&app, path, &cookie, &form).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("href=\"#text\">Text vypadá, že obsahuje údaje"), "{}", refused.text);
    assert_eq!(
        Form::of(&refused.text, path).get("text"),
        "Jana Nováková, nar. 5.3.2015, bytem Tachov",
        "kept to correct"
    );
    assert!(!app.get("/api/v1/board/posts").await.text.contains("Lůžko pro matku"), "nothing written");

    form.set("text", "Matka se 2 dětmi (3 a 7 let), od pondělí, ORP Tachov.").tick("need_areas", "material");
    let fine = post(&app, &format!("{path}/kontrola"), &cookie, &form).await;
    assert!(fine.text.contains("nic identifikujícího"), "{}", fine.text);
    assert_eq!(post(&app, path, &cookie, &form).await.status, StatusCode::SEE_OTHER);
    assert_eq!(post(&app, path, &cookie, &form).await.status, StatusCode::SEE_OTHER, "sent twice");
    let page = send(&app, "GET", path, &cookie, None).await;
    assert_eq!(page.text.matches("<h3>Lůžko pro matku</h3>").count(), 1, "asked once: {}", page.text);

    // A service offers; the asker shares it, then resolves the request.
    let board = app.get("/api/v1/board/posts").await.expect(200);
    let at = board.text.find("Lůžko pro matku").unwrap();
    let post_id = board.text[..at].rsplit("\"post\":\"").next().unwrap().split('"').next().unwrap().to_owned();
    app.send_as(
        As::Token(&service),
        "POST",
        &format!("/api/v1/board/posts/{post_id}/offers"),
        Some(json!({"text": "Volné lůžko od pondělí."})),
        &[],
    )
    .await
    .expect(201);
    let page = send(&app, "GET", path, &cookie, None).await;
    assert!(page.text.contains("<strong>Azylový dům Tachov</strong>: Volné lůžko od pondělí."), "{}", page.text);
    let share_at = page.text.find("/sdilet/").expect("a share button");
    let share = format!("{path}/{post_id}{}", page.text[share_at..].split('"').next().unwrap());
    assert_eq!(post(&app, &share, &cookie, &Form::of(&page.text, &share)).await.status, StatusCode::SEE_OTHER);
    let page = send(&app, "GET", path, &cookie, None).await;
    assert!(page.text.contains("Volné lůžko od pondělí. – sdíleno"), "{}", page.text);
    let resolve = format!("{path}/{post_id}/vyreseno");
    let mut done = Form::of(&page.text, &resolve);
    done.set("note", "Umístěno.");
    assert_eq!(post(&app, &resolve, &cookie, &done).await.status, StatusCode::SEE_OTHER);
    let page = send(&app, "GET", path, &cookie, None).await;
    assert!(page.text.contains("poptávka je vyřízena: Umístěno."), "{}", page.text);
}
