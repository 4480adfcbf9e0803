//! The actor's forms as a browser without scripts uses them, over real
//! HTTP: editing two fields and finding old → new in the history, problems
//! next to their fields in Czech with everything typed kept, two people
//! editing the same actor (the second merges, nothing overwritten), a new
//! actor entered once however often its form is sent, the status with the
//! date it holds from, and who may not open the forms.

use awc::http::StatusCode;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::{TestApp, spawn_app};
use crate::pages::{Form, post, send, sign_in};

async fn coordinator(app: &TestApp, name: &str) -> String {
    user(app, name, vec![Grant::Coordinator { network: tachov() }]).await;
    sign_in(app, name).await
}

fn edit_path(actor: &str) -> String {
    format!("/site/tachov/akter/{actor}/upravit")
}

async fn edit_form(app: &TestApp, cookie: &str, actor: &str) -> Form {
    let page = send(app, "GET", &edit_path(actor), cookie, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    Form::of(&page.text, &edit_path(actor))
}

#[actix_web::test]
async fn a_coordinator_edits_two_fields_and_the_history_says_old_to_new_who_and_when() {
    let app = spawn_app().await;
    let (group, _, _) = app.tachov().await;
    let actor = app
        .actor(json!({"name": "Klub Kotec", "kind": "klub", "need_areas": ["relationships"], "target_groups": [group]}))
        .await;
    let cookie = coordinator(&app, "koordinator").await;
    let profile = send(&app, "GET", &format!("/site/tachov/akter/{actor}"), &cookie, None).await;
    assert!(profile.text.contains(&format!("href=\"{}\"", edit_path(&actor))), "the page links its form");

    let mut form = edit_form(&app, &cookie, &actor).await;
    assert_eq!(form.get("name"), "Klub Kotec", "the form shows the record");
    assert_eq!(form.get("target_groups"), group, "ticked boxes for the terms it holds");
    form.set("kind", "nízkoprahový klub").set("phone", "+420 777 000 111");
    let saved = post(&app, &edit_path(&actor), &cookie, &form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert_eq!(saved.location, format!("/site/tachov/akter/{actor}?ulozeno=1"));

    let record = app.get(&format!("/api/v1/networks/tachov/actors/{actor}")).await.expect(200);
    assert_eq!(record.body["fields"]["kind"], "nízkoprahový klub");
    assert_eq!(record.body["fields"]["phone"], "+420 777 000 111");
    assert_eq!(record.body["fields"]["target_groups"], json!([group]), "fields left alone stay as they were");
    assert_eq!(record.body["version"], 1, "one change, one event");

    let after = send(&app, "GET", &saved.location, &cookie, None).await;
    let text = &after.text;
    assert!(text.contains("Uloženo."), "{text}");
    assert!(
        text.contains("<span class=\"stare\">klub</span> → <span class=\"nove\">nízkoprahový klub</span>"),
        "{text}"
    );
    assert!(text.contains("<span class=\"nove\">+420 777 000 111</span>"), "{text}");
    assert!(text.contains("<td>koordinator</td>"), "who made it: {text}");

    // Sent again unchanged: nothing to write.
    let form = edit_form(&app, &cookie, &actor).await;
    let again = post(&app, &edit_path(&actor), &cookie, &form).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{actor}")).await.expect(200);
    assert_eq!(record.body["version"], 1, "an unchanged form writes nothing");
}

#[actix_web::test]
async fn problems_are_said_in_czech_next_to_their_fields_and_nothing_typed_is_lost() {
    let app = spawn_app().await;
    app.tachov().await;
    let actor = app.actor(json!({"name": "Poradna \"Déčko\" <script>alert(1)</script>"})).await;
    let cookie = coordinator(&app, "koordinator").await;
    let page = send(&app, "GET", &edit_path(&actor), &cookie, None).await;
    assert!(!page.text.contains("<script>alert(1)"), "names are text in the form too");
    assert!(page.text.contains("value=\"Poradna &quot;Déčko&quot; &lt;script&gt;alert(1)&lt;/script&gt;\""));
    let mut form = Form::of(&page.text, &edit_path(&actor));
    assert_eq!(form.get("name"), "Poradna \"Déčko\" <script>alert(1)</script>", "the value survives the round trip");

    form.set("name", "").set("email", "nikdo").set("description", "Popis, který se nesmí ztratit.");
    form.set("capacities.bed", "dvě");
    let refused = post(&app, &edit_path(&actor), &cookie, &form).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = &refused.text;
    assert!(text.contains("Kapacitu zadejte celým číslem"), "a number the form could not read: {text}");
    // The form's own problem comes first; fix it and the domain's follow.
    let mut form = Form::of(text, &edit_path(&actor));
    assert_eq!(form.get("description"), "Popis, který se nesmí ztratit.", "what was typed is kept");
    assert_eq!(form.get("capacities.bed"), "dvě");
    form.set("capacities.bed", "");
    let refused = post(&app, &edit_path(&actor), &cookie, &form).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = &refused.text;
    assert!(text.contains("Je potřeba opravit:") && text.contains("href=\"#email\""), "the summary links: {text}");
    assert!(text.contains("Zadejte e-mailovou adresu ve tvaru jmeno@domena.cz."), "{text}");
    assert!(text.contains("Název: Vyplňte toto pole."), "{text}");
    let kept = Form::of(text, &edit_path(&actor));
    assert_eq!(kept.get("email"), "nikdo");
    assert_eq!(kept.get("description"), "Popis, který se nesmí ztratit.");
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{actor}")).await.expect(200);
    assert_eq!(record.body["version"], 0, "nothing written");

    // In English, the same problems in English.
    let english = format!("{cookie}; uzel_lang=en");
    let refused = post(&app, &edit_path(&actor), &english, &kept).await;
    assert!(refused.text.contains("is not an e-mail address"), "{}", refused.text);
}

#[actix_web::test]
async fn two_people_edit_the_same_actor_and_the_second_merges_without_overwriting() {
    let app = spawn_app().await;
    app.tachov().await;
    let actor = app.actor(json!({"name": "Klub Kotec", "kind": "klub", "service_type": "NZDM"})).await;
    let jana = coordinator(&app, "jana").await;
    let petr = coordinator(&app, "petr").await;
    let mut hers = edit_form(&app, &jana, &actor).await;
    let mut his = edit_form(&app, &petr, &actor).await;

    hers.set("kind", "nízkoprahový klub").set("phone", "+420 777 000 111");
    assert_eq!(post(&app, &edit_path(&actor), &jana, &hers).await.status, StatusCode::SEE_OTHER);

    his.set("kind", "klub pro mládež").set("name", "Klub Kotec Tachov");
    let merge = post(&app, &edit_path(&actor), &petr, &his).await;
    assert_eq!(merge.status, StatusCode::CONFLICT, "{}", merge.text);
    let text = &merge.text;
    assert!(text.contains("Záznam mezitím upravil někdo jiný") && text.contains("jana"), "who: {text}");
    assert!(text.contains("<span class=\"nove\">nízkoprahový klub</span>"), "what she changed: {text}");
    assert!(text.contains("Mezitím změněno na <strong>nízkoprahový klub</strong>"), "the field both changed: {text}");
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{actor}")).await.expect(200);
    assert_eq!(record.body["fields"]["name"], "Klub Kotec", "nothing of his written yet");
    assert_eq!(record.body["fields"]["kind"], "nízkoprahový klub", "hers stands");

    let mut merged = Form::of(text, &edit_path(&actor));
    assert_eq!(merged.get("phone"), "+420 777 000 111", "her change to a field he left alone is taken");
    assert_eq!(merged.get("kind"), "klub pro mládež", "his value of the field both changed is kept to decide");
    assert_eq!(merged.get("name"), "Klub Kotec Tachov", "his other change is kept");
    assert_eq!(merged.get("verze"), "1", "the form now edits the version he has seen");
    merged.set("kind", "nízkoprahový klub");
    let saved = post(&app, &edit_path(&actor), &petr, &merged).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{actor}")).await.expect(200);
    assert_eq!(record.body["fields"]["name"], "Klub Kotec Tachov");
    assert_eq!(record.body["fields"]["phone"], "+420 777 000 111", "her change survived his save");
    assert_eq!(record.body["fields"]["kind"], "nízkoprahový klub");
    assert_eq!(record.body["fields"]["service_type"], "NZDM");
}

#[actix_web::test]
async fn a_new_actor_is_entered_once_however_often_its_form_is_sent() {
    let app = spawn_app().await;
    let (group, _, _) = app.tachov().await;
    let cookie = coordinator(&app, "koordinator").await;
    let directory = send(&app, "GET", "/site/tachov/adresar", &cookie, None).await;
    assert!(directory.text.contains("href=\"/site/tachov/novy-akter\""), "the directory offers a new actor");
    let page = send(&app, "GET", "/site/tachov/novy-akter", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let mut form = Form::of(&page.text, "/site/tachov/novy-akter");
    let empty = post(&app, "/site/tachov/novy-akter", &cookie, &form).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.text.contains("Název: Vyplňte název."), "{}", empty.text);

    form.set("name", "Pěstounská péče Domeček").tick("need_areas", "relationships").tick("target_groups", &group);
    form.set("capacities.client", "1 200").set("online", "ne");
    let created = post(&app, "/site/tachov/novy-akter", &cookie, &form).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let id = created.location.trim_start_matches("/site/tachov/akter/").trim_end_matches("?ulozeno=1").to_owned();
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{id}")).await.expect(200);
    assert_eq!(record.body["fields"]["name"], "Pěstounská péče Domeček");
    assert_eq!(record.body["fields"]["capacities"], json!([{"unit": "client", "max": 1200}]));
    assert_eq!(record.body["fields"]["online"], false);
    assert_eq!(record.body["fields"]["target_groups"], json!([group]));

    let twice = post(&app, "/site/tachov/novy-akter", &cookie, &form).await;
    assert_eq!(twice.status, StatusCode::SEE_OTHER);
    assert_eq!(twice.location, format!("/site/tachov/akter/{id}"), "the second send finds the first");
    let all = app.get("/api/v1/networks/tachov/actors?q=domecek").await.expect(200);
    assert_eq!(all.body["total"], 1, "{}", all.text);
}

#[actix_web::test]
async fn the_status_form_takes_a_date_ahead_and_refuses_one_it_cannot_read() {
    let app = spawn_app().await;
    app.tachov().await;
    let actor = app.actor(json!({"name": "Azylový dům"})).await;
    let cookie = coordinator(&app, "koordinator").await;
    let page = send(&app, "GET", &edit_path(&actor), &cookie, None).await;
    let status_path = format!("/site/tachov/akter/{actor}/stav");
    let mut form = Form::of(&page.text, &status_path);
    form.set("stav", "temporarily_closed").set("plati_od", "zítra");
    let refused = post(&app, &status_path, &cookie, &form).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Zadejte datum, například 5. 12. 2026."), "{}", refused.text);

    let ahead = (chrono::Utc::now() + chrono::Duration::days(10)).date_naive();
    form.set("plati_od", &ahead.format("%Y-%m-%d").to_string());
    let set = post(&app, &status_path, &cookie, &form).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.text);
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{actor}")).await.expect(200);
    assert_eq!(record.body["status"], "active", "not yet");
    assert_eq!(record.body["scheduled"][0]["status"], "temporarily_closed", "{}", record.text);
    let profile = send(&app, "GET", &format!("/site/tachov/akter/{actor}"), &cookie, None).await;
    assert!(profile.text.contains(&ahead.format("%-d. %-m. %Y").to_string()), "{}", profile.text);
}

#[actix_web::test]
async fn only_those_who_keep_the_record_open_its_forms() {
    let app = spawn_app().await;
    app.tachov().await;
    let own = app.actor(json!({"name": "Klub Kotec"})).await;
    let other = app.actor(json!({"name": "Azylový dům"})).await;
    let own_id = uuid::Uuid::parse_str(&own).unwrap();
    user(&app, "sluzba", vec![Grant::Actor { network: tachov(), actor: own_id }]).await;
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let service = sign_in(&app, "sluzba").await;
    let cm = sign_in(&app, "cm-tachov").await;

    // A service edits its own entry, not another's, and enters no actors.
    let mut form = edit_form(&app, &service, &own).await;
    form.set("phone", "+420 777 000 222");
    assert_eq!(post(&app, &edit_path(&own), &service, &form).await.status, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, "GET", &edit_path(&other), &service, None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, "GET", "/site/tachov/novy-akter", &service, None).await.status, StatusCode::FORBIDDEN);

    // A case manager opens no form and writes nothing by posting one.
    let refused = send(&app, "GET", &edit_path(&other), &cm, None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.text.contains("Přístup odepřen"));
    let cm_page = send(&app, "GET", "/site/tachov/adresar", &cm, None).await;
    let mut posted = form.clone();
    posted.set("csrf", &crate::pages::csrf_of(&cm_page.text)).set("name", "Přepsáno");
    assert_eq!(post(&app, &edit_path(&other), &cm, &posted).await.status, StatusCode::FORBIDDEN);
    let record = app.get(&format!("/api/v1/networks/tachov/actors/{other}")).await.expect(200);
    assert_eq!(record.body["fields"]["name"], "Azylový dům");

    // A visitor is sent to sign in; a form without the session's token is refused.
    let visitor = send(&app, "GET", &edit_path(&own), "", None).await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    let mut forged = form.clone();
    forged.set("csrf", "forged");
    let expired = post(&app, &edit_path(&own), &service, &forged).await;
    assert_eq!(expired.status, StatusCode::FORBIDDEN);
    assert!(
        expired.text.contains("Formulář už neplatí") && expired.text.contains("<html lang=\"cs\">"),
        "a page, in Czech: {}",
        expired.text
    );
}
