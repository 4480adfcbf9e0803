//! "Kam se obrátit" over real HTTP: without signing in, anyone picks where
//! they live, what the child needs or the family's situation and the
//! place, and gets the active services that help — with the contacts they
//! made public and nothing else: no private contact, no note, no capacity,
//! no ended service, ever.

use awc::http::StatusCode;
use serde_json::json;

use crate::helpers::spawn_app;
use crate::pages::send;

#[actix_web::test]
async fn anyone_finds_the_services_that_help_by_need_situation_and_place_and_nothing_private() {
    let app = spawn_app().await;
    let (_, situation, place) = app.tachov().await;
    let n = "/api/v1/networks/tachov";
    let shelter = app
        .actor(json!({"name": "Azylový dům Tachov", "description": "Ubytování pro matky s dětmi v tísni.",
            "need_areas": ["safety", "material"], "life_situations": [situation], "places": [place],
            "opening_hours": "nonstop", "web": "www.azyl-tachov.cz", "capacities": [{"unit": "bed", "max": 10}]}))
        .await;
    app.post(
        &format!("{n}/actors/{shelter}/contacts"),
        json!({"name": "Jana Veřejná", "role": "sociální pracovnice",
        "phone": "+420 777 000 111", "public": true}),
    )
    .await
    .expect(201);
    app.post(&format!("{n}/actors/{shelter}/contacts"), json!({"name": "Petr Soukromý", "phone": "+420 777 999 999"}))
        .await
        .expect(201);
    app.post(&format!("{n}/actors/{shelter}/notes"), json!({"text": "TAJNÁ poznámka"})).await.expect(201);
    app.post(&format!("{n}/actors/{shelter}/capacity"), json!({"unit": "bed", "free": 2})).await.expect(201);
    app.actor(json!({"name": "ZŠ Zárečná", "need_areas": ["learning"], "places": [place]})).await;
    let ended = app.actor(json!({"name": "Ukončená poradna", "need_areas": ["safety"]})).await;
    app.put(&format!("{n}/actors/{ended}/status"), json!({"status": "ended"})).await.expect(200);

    let start = send(&app, "GET", "/", "", None).await;
    assert_eq!(start.status, StatusCode::OK);
    assert!(start.text.contains("<option value=\"tachov\">ORP Tachov</option>"), "{}", start.text);
    assert!(start.text.contains("bezpečí – násilí, ohrožení, krize"), "need areas in plain words");

    let safety = send(&app, "GET", "/?sit=tachov&oblast=safety", "", None).await;
    let text = &safety.text;
    assert!(text.contains("Kdo pomáhá – ORP Tachov (1)") && text.contains("<h3>Azylový dům Tachov</h3>"), "{text}");
    assert!(text.contains("Jana Veřejná") && text.contains("href=\"tel:+420777000111\""), "public contacts: {text}");
    assert!(text.contains("Ubytování pro matky s dětmi v tísni.") && text.contains("nonstop"));
    for private in ["Petr Soukromý", "777 999 999", "TAJNÁ", "Ukončená poradna", "volná lůžka", "ZŠ Zárečná"]
    {
        assert!(!text.contains(private), "{private} is not for the public: {text}");
    }
    // The network's situations and places once it is chosen; search ignores diacritics.
    assert!(text.contains(&format!("value=\"{situation}\"")) && text.contains(&format!("value=\"{place}\"")));
    let by_situation = send(&app, "GET", &format!("/?sit=tachov&situace={situation}"), "", None).await;
    assert!(by_situation.text.contains("(1)") && by_situation.text.contains("Azylový dům Tachov"));
    let by_place = send(&app, "GET", &format!("/?sit=tachov&misto={place}"), "", None).await;
    assert!(by_place.text.contains("(2)") && by_place.text.contains("ZŠ Zárečná"), "{}", by_place.text);
    let search = send(&app, "GET", "/?sit=tachov&q=zarecna", "", None).await;
    assert!(search.text.contains("(1)") && search.text.contains("ZŠ Zárečná"), "{}", search.text);
    let nothing = send(&app, "GET", "/?sit=tachov&oblast=health", "", None).await;
    assert!(nothing.text.contains("Pro tuto volbu jsme nic nenašli."), "{}", nothing.text);
    // The same page for the signed in, at its own address.
    let anyone = send(&app, "GET", "/kam-se-obratit?sit=tachov&oblast=safety", "", None).await;
    assert!(anyone.text.contains("<h3>Azylový dům Tachov</h3>") && !anyone.text.contains("Petr Soukromý"));
    // The API's public directory answers the same from the same function.
    let api = app.get(&format!("{n}/public?need_area=safety")).await.expect(200);
    assert_eq!(api.body["actors"].as_array().map(Vec::len), Some(1), "{}", api.text);
    assert_eq!(api.body["actors"][0]["capacity"], json!([]), "capacity not shown: {}", api.text);

    // Once the shelter chooses to show its free places, the public sees them
    // (and only the announcement that still holds).
    app.patch(&format!("{n}/actors/{shelter}"), json!({"fields": {"capacity_public": true}})).await.expect(200);
    let shown = send(&app, "GET", "/?sit=tachov&oblast=safety", "", None).await;
    assert!(shown.text.contains("<strong>2 volná lůžka</strong>"), "{}", shown.text);
    assert!(!shown.text.contains("Petr Soukromý") && !shown.text.contains("TAJNÁ"), "nothing else opened");
    let api = app.get(&format!("{n}/public?need_area=safety")).await.expect(200);
    assert_eq!(api.body["actors"][0]["capacity"][0]["free"], 2, "{}", api.text);
    // An announcement gone stale (older than the network's limit) is not
    // shown, even where capacity is public.
    let now = chrono::Utc::now();
    let older = json!({"fields": {"name": "Krizové lůžko Bor", "need_areas": ["safety"], "capacity_public": true,
        "capacities": [{"unit": "bed", "max": 9}]}, "effective_at": now - chrono::Duration::days(30)});
    let bor = app.post(&format!("{n}/actors"), older).await.expect(201).id();
    let ended = json!({"unit": "bed", "free": 7, "effective_at": now - chrono::Duration::days(29)});
    app.post(&format!("{n}/actors/{bor}/capacity"), ended).await.expect(201);
    let expired = send(&app, "GET", "/?sit=tachov&oblast=safety", "", None).await;
    assert!(
        expired.text.contains("Krizové lůžko Bor") && !expired.text.contains("7 volných lůžek"),
        "{}",
        expired.text
    );
}
