//! The pages for people, over real HTTP: the sign-in form at `/` in Czech
//! (and English), signing in with a form and landing on the network's
//! overview, what a visitor and another role get instead, signing out with
//! the form's CSRF token, and names rendered as text.

use awc::http::StatusCode;
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::{TestApp, spawn_app};
use crate::pages::{csrf_of, send};

async fn coordinator(app: &TestApp) -> String {
    let (_, id) = user(app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    id.to_string()
}

#[actix_web::test]
async fn a_visitor_signs_in_with_the_form_and_lands_on_the_networks_overview() {
    let app = spawn_app().await;
    app.tachov().await;
    let shelter = app
        .actor(json!({"name": "Azylový dům <script>alert(1)</script>", "need_areas": ["safety"],
            "capacities": [{"unit": "bed", "max": 10}]}))
        .await;
    app.post(&format!("/api/v1/networks/tachov/actors/{shelter}/capacity"), json!({"unit": "bed", "free": 3}))
        .await
        .expect(201);
    coordinator(&app).await;

    let start = send(&app, "GET", "/", "", None).await;
    assert_eq!(start.status, StatusCode::OK);
    assert!(
        start.text.contains("<h1>Kam se obrátit</h1>") && start.text.contains("href=\"/prihlaseni\""),
        "{}",
        start.text
    );
    let start = send(&app, "GET", "/prihlaseni", "", None).await;
    assert!(start.text.contains("<html lang=\"cs\">") && start.text.contains("Přihlásit se"), "{}", start.text);
    assert!(start.text.contains("<label for=\"jmeno\">"), "every input has a label");

    // A wrong password: the form again, the username kept, the reason in Czech.
    let wrong = [("username", "koordinator"), ("password", "spatne-heslo"), ("dal", "")];
    let again = send(&app, "POST", "/prihlaseni", "", Some(&wrong)).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.text.contains("nesouhlasí") && again.text.contains("value=\"koordinator\""), "{}", again.text);
    assert!(again.session.is_none());

    // The right one: a session, and home — the network's overview.
    let right = [("username", "koordinator"), ("password", "password-of-test"), ("dal", "")];
    let signed = send(&app, "POST", "/prihlaseni", "", Some(&right)).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    let cookie = signed.session.expect("a session cookie");
    let home = send(&app, "GET", &signed.location, &cookie, None).await;
    assert_eq!((home.status, home.location.as_str()), (StatusCode::SEE_OTHER, "/site/tachov"));
    let overview = send(&app, "GET", "/site/tachov", &cookie, None).await;
    assert_eq!(overview.status, StatusCode::OK);
    let text = &overview.text;
    assert!(text.contains("Volná kapacita teď") && text.contains("Záznamy k roční revizi"), "{text}");
    assert!(text.contains("3 volná lůžka"), "{text}");
    assert!(text.contains(&format!("href=\"/site/tachov/akter/{shelter}\"")), "each item a link");
    assert!(!text.contains("<script>alert(1)"), "names are text, never markup");
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    // The actor's page, with its capacity and history.
    let actor = send(&app, "GET", &format!("/site/tachov/akter/{shelter}"), &cookie, None).await;
    assert_eq!(actor.status, StatusCode::OK);
    assert!(actor.text.contains("Historie změn") && actor.text.contains("Registrovaná kapacita"), "{}", actor.text);
    assert!(actor.text.contains("<svg class=\"graf\""), "the year's capacity as a chart");
    assert!(actor.text.contains("1 hlášení za rok, nejvíc 3, naposledy 3"), "{}", actor.text);
    assert!(!actor.text.contains("<script>alert(1)"));

    // Signing out needs the page's CSRF token.
    let no_token = send(&app, "POST", "/odhlaseni", &cookie, Some(&[("csrf", "wrong")])).await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let token = csrf_of(&overview.text);
    let out = send(&app, "POST", "/odhlaseni", &cookie, Some(&[("csrf", &token)])).await;
    assert_eq!((out.status, out.location.as_str()), (StatusCode::SEE_OTHER, "/"));
    let after = send(&app, "GET", "/site/tachov", &cookie, None).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "the session ended");
}

#[actix_web::test]
async fn visitors_are_sent_to_sign_in_and_other_roles_get_a_czech_refusal() {
    let app = spawn_app().await;
    app.tachov().await;
    let visitor = send(&app, "GET", "/site/tachov", "", None).await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert_eq!(visitor.location, "/prihlaseni?dal=%2Fsite%2Ftachov");
    // After signing in the person comes back where they were going.
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let form = [("username", "cm-tachov"), ("password", "password-of-test"), ("dal", "/site/tachov")];
    let signed = send(&app, "POST", "/prihlaseni", "", Some(&form)).await;
    assert_eq!(signed.location, "/site/tachov");
    let cookie = signed.session.unwrap();
    let refused = send(&app, "GET", "/site/tachov", &cookie, None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.text.contains("Přístup odepřen"), "{}", refused.text);
    let elsewhere = send(&app, "GET", "/site/jinde", &cookie, None).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    assert!(elsewhere.text.contains("Stránka nenalezena"));
    // A redirect elsewhere is never followed.
    let away = [("username", "cm-tachov"), ("password", "password-of-test"), ("dal", "//example.org/")];
    assert_eq!(send(&app, "POST", "/prihlaseni", "", Some(&away)).await.location, "/");
}

#[actix_web::test]
async fn the_pages_speak_english_when_asked_and_a_password_changes_from_its_form() {
    let app = spawn_app().await;
    app.tachov().await;
    coordinator(&app).await;
    let switch = send(&app, "GET", "/jazyk?l=en&zpet=/", "", None).await;
    assert_eq!((switch.status, switch.location.as_str()), (StatusCode::SEE_OTHER, "/"));
    let english = send(&app, "GET", "/", "uzel_lang=en", None).await;
    assert!(english.text.contains("<html lang=\"en\">") && english.text.contains("Sign in"), "{}", english.text);

    let form = [("username", "koordinator"), ("password", "password-of-test"), ("dal", "")];
    let cookie = send(&app, "POST", "/prihlaseni", "", Some(&form)).await.session.unwrap();
    // The directory and an actor's page speak English from the same templates.
    let actor = app.actor(json!({"name": "Poradna", "need_areas": ["health"]})).await;
    let english_cookie = format!("{cookie}; uzel_lang=en");
    let directory = send(&app, "GET", "/site/tachov/adresar", &english_cookie, None).await;
    assert!(
        directory.text.contains("Directory of services") && directory.text.contains("Found: 1"),
        "{}",
        directory.text
    );
    let profile = send(&app, "GET", &format!("/site/tachov/akter/{actor}"), &english_cookie, None).await;
    assert!(profile.text.contains("History of changes") && profile.text.contains("In effect from"), "{}", profile.text);
    let page = send(&app, "GET", "/heslo", &cookie, None).await;
    let token = csrf_of(&page.text);
    let differ =
        [("csrf", token.as_str()), ("current", "password-of-test"), ("new", "nove-heslo-123"), ("again", "jine")];
    let again = send(&app, "POST", "/heslo", &cookie, Some(&differ)).await;
    assert!(again.text.contains("Nová hesla se neshodují") && again.text.contains("href=\"#znovu\""), "{}", again.text);
    let good = [
        ("csrf", token.as_str()),
        ("current", "password-of-test"),
        ("new", "nove-heslo-123"),
        ("again", "nove-heslo-123"),
    ];
    let changed = send(&app, "POST", "/heslo", &cookie, Some(&good)).await;
    assert_eq!((changed.status, changed.location.as_str()), (StatusCode::SEE_OTHER, "/prihlaseni?zmeneno=1"));
    let signed = send(
        &app,
        "POST",
        "/prihlaseni",
        "",
        Some(&[("username", "koordinator"), ("password", "nove-heslo-123"), ("dal", "")]),
    )
    .await;
    assert!(signed.session.is_some(), "the new password signs in");
}

#[actix_web::test]
async fn the_directory_page_filters_as_the_api_does_and_cuts_what_case_managers_may_not_use() {
    let app = spawn_app().await;
    let (group, _, _) = app.tachov().await;
    app.put("/api/v1/networks/tachov/settings", json!({"designated_fields": ["name", "need_areas"]})).await.expect(200);
    let school = app
        .actor(
            json!({"name": "ZŠ Zárečná", "need_areas": ["learning"], "target_groups": [group], "focus": "prevention"}),
        )
        .await;
    app.actor(json!({"name": "Poradna Déčko", "need_areas": ["health"], "focus": "intervention"})).await;
    coordinator(&app).await;
    let form = [("username", "koordinator"), ("password", "password-of-test"), ("dal", "")];
    let cookie = send(&app, "POST", "/prihlaseni", "", Some(&form)).await.session.unwrap();
    let all = send(&app, "GET", "/site/tachov/adresar", &cookie, None).await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.text.contains("Nalezeno: 2") && all.text.contains("ZŠ Zárečná"), "{}", all.text);
    assert!(
        all.text.contains("UČENÍ (1)") || all.text.contains("učení (1)") || all.text.contains("(1)"),
        "facet counts"
    );
    let learning = send(&app, "GET", "/site/tachov/adresar?need_area=learning&q=", &cookie, None).await;
    assert!(learning.text.contains("Nalezeno: 1") && !learning.text.contains("Poradna Déčko"), "{}", learning.text);
    assert!(learning.text.contains(&format!("/site/tachov/akter/{school}")));
    assert!(learning.text.contains("value=\"learning\" checked"), "the form keeps what was chosen");
    let search = send(&app, "GET", "/site/tachov/adresar?q=decko", &cookie, None).await;
    assert!(search.text.contains("Nalezeno: 1") && search.text.contains("Poradna Déčko"), "diacritics ignored");

    // A case manager: only the designated controls; another filter is refused in Czech.
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let form = [("username", "cm-tachov"), ("password", "password-of-test"), ("dal", "")];
    let cm = send(&app, "POST", "/prihlaseni", "", Some(&form)).await.session.unwrap();
    let page = send(&app, "GET", "/site/tachov/adresar", &cm, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Oblasti potřeb") && !page.text.contains("Prevence / intervence"), "{}", page.text);
    let refused = send(&app, "GET", "/site/tachov/adresar?focus=prevention", &cm, None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
