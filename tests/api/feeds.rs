//! Feeds to subscribe to: a platform's meetings as iCalendar, the capacity
//! a network announces to the public as Atom.

use chrono::{Duration, Utc};
use serde_json::json;

use crate::helpers::spawn_app;
use crate::interop::raw;

/// The unfolded content lines of an iCalendar text.
fn unfolded(text: &str) -> Vec<String> {
    text.replace("\r\n ", "").split("\r\n").filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

#[actix_web::test]
async fn a_platforms_meetings_are_a_calendar_to_subscribe_to() {
    let app = spawn_app().await;
    app.tachov().await;
    let platform = app
        .post(
            "/api/v1/networks/tachov/platforms",
            json!({"fields": {"name": "Platforma pro bezpečí; děti, rodiny", "platform_type": "formal"}}),
        )
        .await
        .expect(201)
        .id();
    let base = format!("/api/v1/networks/tachov/platforms/{platform}");
    let start = (Utc::now() + Duration::days(7)).date_naive().and_hms_opt(9, 0, 0).unwrap().and_utc();
    let first = app
        .post(
            &format!("{base}/meetings"),
            json!({"date": start.to_rfc3339(), "place": "MěÚ Tachov, zasedačka", "agenda": "1. kapacity\n2. případy"}),
        )
        .await
        .expect(201)
        .id();
    let second = app
        .post(&format!("{base}/meetings"), json!({"date": (start + Duration::days(30)).to_rfc3339()}))
        .await
        .expect(201)
        .id();
    app.post(&format!("{base}/meetings/{second}/cancellation"), json!({"reason": "nemoc"})).await.expect(200);
    let ics = raw(&app, "GET", &format!("{base}/meetings.ics"), &app.admin_token, None).await;
    assert_eq!(ics.status, 200);
    assert_eq!(ics.content_type, "text/calendar; charset=utf-8");
    let text = String::from_utf8(ics.bytes).expect("UTF-8");
    assert!(text.split("\r\n").all(|l| l.len() <= 75), "lines folded at 75 octets");
    let lines = unfolded(&text);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
    let event = |id: &str| -> Vec<String> {
        let at = lines.iter().position(|l| *l == format!("UID:{id}@uzel")).expect("the meeting's event");
        lines[at..].iter().take_while(|l| *l != "END:VEVENT").cloned().collect()
    };
    let one = event(&first);
    assert!(one.contains(&format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ"))), "{one:?}");
    assert!(one.contains(&"SUMMARY:Setkání: Platforma pro bezpečí\\; děti\\, rodiny".to_owned()), "{one:?}");
    assert!(one.contains(&"LOCATION:MěÚ Tachov\\, zasedačka".to_owned()), "{one:?}");
    assert!(one.contains(&"DESCRIPTION:1. kapacity\\n2. případy".to_owned()), "{one:?}");
    assert!(one.contains(&"STATUS:CONFIRMED".to_owned()));
    assert!(event(&second).contains(&"STATUS:CANCELLED".to_owned()), "a cancelled meeting stays, marked");
    let anonymous = raw(&app, "GET", &format!("{base}/meetings.ics"), "", None).await;
    assert_eq!(anonymous.status, 401, "the public has no platform's calendar");
}

#[actix_web::test]
async fn the_capacity_announced_to_the_public_is_an_atom_feed() {
    let app = spawn_app().await;
    app.tachov().await;
    let shelter = app
        .actor(json!({"name": "Azylový dům <Domeček> & spol.", "capacity_public": true, "capacities": [{"unit": "bed", "max": 12}]}))
        .await;
    let club = app.actor(json!({"name": "Klub Kotec", "capacities": [{"unit": "client", "max": 20}]})).await;
    app.post(&format!("/api/v1/networks/tachov/actors/{shelter}/capacity"), json!({"unit": "bed", "free": 3}))
        .await
        .expect(201);
    app.post(&format!("/api/v1/networks/tachov/actors/{club}/capacity"), json!({"unit": "client", "free": 5}))
        .await
        .expect(201);
    let atom = raw(&app, "GET", "/api/v1/networks/tachov/public/feed.atom", "", None).await;
    assert_eq!(atom.status, 200);
    assert_eq!(atom.content_type, "application/atom+xml; charset=utf-8");
    let text = String::from_utf8(atom.bytes).expect("UTF-8");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("well-formed XML: {e}\n{text}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    for wanted in ["id", "title", "updated"] {
        assert!(feed.children().any(|c| c.tag_name().name() == wanted), "the feed has {wanted}");
    }
    let entries: Vec<_> = feed.children().filter(|c| c.tag_name().name() == "entry").collect();
    assert_eq!(entries.len(), 1, "only the capacity shown to the public: {text}");
    let title = entries[0].children().find(|c| c.tag_name().name() == "title").and_then(|t| t.text());
    assert_eq!(title, Some("Azylový dům <Domeček> & spol. – volno: lůžka 3"));
    assert!(!text.contains("Klub Kotec"));
    assert_eq!(raw(&app, "GET", "/api/v1/networks/nikde/public/feed.atom", "", None).await.status, 404);
}

#[actix_web::test]
async fn a_members_own_calendar_opens_with_a_revocable_token_that_opens_nothing_else() {
    use crate::board::user;
    use crate::helpers::As;
    use uzel::domain::user::Grant;
    let app = spawn_app().await;
    app.tachov().await;
    let club = app.actor(json!({"name": "Klub Kotec"})).await;
    let mut ids = Vec::new();
    for (name, members) in
        [("Mezioborová platforma", vec![]), ("Minitým prevence", vec![club.clone()]), ("Kulatý stůl", vec![])]
    {
        let body = json!({"fields": {"name": name, "platform_type": "formal", "members": members}});
        ids.push(app.post("/api/v1/networks/tachov/platforms", body).await.expect(201).id());
    }
    let [followed, clubs, other] = [ids[0].clone(), ids[1].clone(), ids[2].clone()];
    let start = (Utc::now() + Duration::days(3)).date_naive().and_hms_opt(14, 0, 0).unwrap().and_utc();
    let mut meetings = Vec::new();
    for p in [&followed, &clubs, &other] {
        let path = format!("/api/v1/networks/tachov/platforms/{p}/meetings");
        meetings.push(app.post(&path, json!({"date": start.to_rfc3339()})).await.expect(201).id());
    }
    let tachov = crate::board::tachov();
    let grants = vec![
        Grant::PlatformMember { network: tachov.clone(), platform: followed.parse().unwrap() },
        Grant::Actor { network: tachov, actor: club.parse().unwrap() },
    ];
    let (token, _) = user(&app, "jana.clenka", grants).await;
    let made = app
        .send_as(
            As::Token(&token),
            "POST",
            "/api/v1/auth/tokens",
            Some(json!({"name": "telefon", "scope": "calendar"})),
            &[],
        )
        .await
        .expect(201);
    let secret = made.body["token"].as_str().expect("the secret, once").to_owned();
    let feed = format!("/api/v1/calendar/{secret}");
    let ics = raw(&app, "GET", &feed, "", None).await;
    assert_eq!((ics.status, ics.content_type.as_str()), (200, "text/calendar; charset=utf-8"));
    let lines = unfolded(&String::from_utf8(ics.bytes).expect("UTF-8"));
    let has = |id: &str| lines.contains(&format!("UID:{id}@uzel"));
    assert!(has(&meetings[0]), "the platform the user is a member of: {lines:?}");
    assert!(has(&meetings[1]), "the platform the user's actor is a member of: {lines:?}");
    assert!(!has(&meetings[2]), "not another platform: {lines:?}");
    // The calendar token opens nothing else.
    let api = raw(&app, "GET", "/api/v1/networks/tachov", &secret, None).await;
    assert_eq!(api.status, 401, "a calendar token is no API token");
    // An API token is no calendar token.
    assert_eq!(raw(&app, "GET", &format!("/api/v1/calendar/{token}"), "", None).await.status, 404);
    // Revoked, the feed ends at once.
    let id = made.body["id"].as_str().expect("the token's id");
    app.send_as(As::Token(&token), "DELETE", &format!("/api/v1/auth/tokens/{id}"), None, &[]).await.expect(200);
    let gone = raw(&app, "GET", &feed, "", None).await;
    assert_eq!(gone.status, 404);
    assert!(gone.content_type.contains("problem+json"), "{}", gone.content_type);
}

#[actix_web::test]
async fn a_member_makes_a_calendar_link_on_a_page_and_revokes_it_there() {
    use crate::board::user;
    use crate::pages::{Form, post, send, sign_in};
    use uzel::domain::user::Grant;
    let app = spawn_app().await;
    app.tachov().await;
    let body = json!({"fields": {"name": "Mezioborová platforma", "platform_type": "formal"}});
    let platform = app.post("/api/v1/networks/tachov/platforms", body).await.expect(201).id();
    let start = (Utc::now() + Duration::days(5)).date_naive().and_hms_opt(10, 0, 0).unwrap().and_utc();
    let path = format!("/api/v1/networks/tachov/platforms/{platform}/meetings");
    let meeting = app.post(&path, json!({"date": start.to_rfc3339()})).await.expect(201).id();
    let grant = Grant::PlatformMember { network: crate::board::tachov(), platform: platform.parse().unwrap() };
    user(&app, "petr.clen", vec![grant]).await;
    let cookie = sign_in(&app, "petr.clen").await;
    let home = send(&app, "GET", "/kam-se-obratit", &cookie, None).await;
    assert!(home.text.contains("href=\"/kalendar\""), "the link to the page is in the header");
    let page = send(&app, "GET", "/kalendar", &cookie, None).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Zatím nemáte žádný odkaz."), "{}", page.text);
    let mut form = Form::of(&page.text, "/kalendar");
    form.set("nazev", "telefon");
    let made = post(&app, "/kalendar", &cookie, &form).await;
    assert_eq!(made.status, 200, "{}", made.text);
    let at = made.text.find("/api/v1/calendar/").expect("the link, shown once");
    let secret: String = made.text[at + 17..].chars().take_while(|c| *c != '"').collect();
    let feed = raw(&app, "GET", &format!("/api/v1/calendar/{secret}"), "", None).await;
    assert_eq!(feed.status, 200);
    assert!(String::from_utf8_lossy(&feed.bytes).contains(&format!("UID:{meeting}@uzel")));
    let listed = send(&app, "GET", "/kalendar", &cookie, None).await;
    assert!(listed.text.contains("telefon") && !listed.text.contains(&secret), "listed, its secret never again");
    let revoke = listed.text.find("/zrusit\"").map(|end| {
        let start = listed.text[..end].rfind("/kalendar/").expect("the revoke form");
        listed.text[start..end + 7].to_owned()
    });
    let revoke = revoke.expect("a revoke button");
    let done = post(&app, &revoke, &cookie, &Form::of(&listed.text, &revoke)).await;
    assert_eq!(done.status, 303, "back to the page: {}", done.text);
    let after = send(&app, "GET", "/kalendar", &cookie, None).await;
    assert!(after.text.contains("zrušený") && !after.text.contains(&revoke), "the link is marked revoked");
    let gone = raw(&app, "GET", &format!("/api/v1/calendar/{secret}"), "", None).await;
    assert_eq!(gone.status, 404, "revoked on the page, the feed ends");
}
