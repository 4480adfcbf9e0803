//! The directory's saved filters and downloads over real HTTP: a
//! coordinator saves the current filters (shared with case managers or
//! not), a case manager opens only the shared ones; the current result
//! downloads as CSV and as a real XLSX workbook (read back with calamine),
//! with the template's columns — a case manager's with the designated ones
//! only.

use std::io::Cursor;

use awc::http::StatusCode;
use calamine::{Reader, Xlsx};
use serde_json::json;
use uzel::domain::user::Grant;

use crate::board::{tachov, user};
use crate::helpers::spawn_app;
use crate::pages::{Form, post, send, sign_in};

#[actix_web::test]
async fn filters_are_saved_and_shared_and_the_result_downloads_as_csv_and_xlsx() {
    let app = spawn_app().await;
    let (group, _, _) = app.tachov().await;
    app.put("/api/v1/networks/tachov/settings", json!({"designated_fields": ["name", "need_areas"]})).await.expect(200);
    app.actor(json!({"name": "ZŠ Zárečná; odloučené pracoviště", "need_areas": ["learning"], "target_groups": [group],
        "phone": "+420 777 000 111", "founder": "municipality"}))
        .await;
    app.actor(json!({"name": "Poradna Déčko", "need_areas": ["health"]})).await;
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    user(&app, "cm-tachov", vec![Grant::CaseManager { network: tachov() }]).await;
    let cookie = sign_in(&app, "koordinator").await;

    let filtered = send(&app, "GET", "/site/tachov/adresar?need_area=learning", &cookie, None).await;
    assert!(filtered.text.contains("Nalezeno: 1"), "{}", filtered.text);
    let mut save = Form::of(&filtered.text, "/site/tachov/adresar/filtry");
    let refused = post(&app, "/site/tachov/adresar/filtry", &cookie, &save).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("href=\"#nazev\">Vyplňte toto pole.</a>"), "{}", refused.text);
    save.set("nazev", "Učení").tick("sdilet", "ano");
    let saved = post(&app, "/site/tachov/adresar/filtry", &cookie, &save).await;
    assert_eq!(
        (saved.status, saved.location.as_str()),
        (StatusCode::SEE_OTHER, "/site/tachov/adresar?need_area=learning")
    );
    let health = send(&app, "GET", "/site/tachov/adresar?need_area=health", &cookie, None).await;
    let mut private = Form::of(&health.text, "/site/tachov/adresar/filtry");
    private.set("nazev", "Zdraví – jen koordinátoři");
    assert_eq!(post(&app, "/site/tachov/adresar/filtry", &cookie, &private).await.status, StatusCode::SEE_OTHER);

    let all = send(&app, "GET", "/site/tachov/adresar", &cookie, None).await;
    assert!(all.text.contains("href=\"/site/tachov/adresar?need_area=learning\">Učení</a>"), "{}", all.text);
    assert!(all.text.contains("Zdraví – jen koordinátoři"));
    let cm = sign_in(&app, "cm-tachov").await;
    let theirs = send(&app, "GET", "/site/tachov/adresar", &cm, None).await;
    assert!(theirs.text.contains(">Učení</a>") && !theirs.text.contains("Zdraví – jen"), "{}", theirs.text);
    assert!(!theirs.text.contains("/adresar/filtry\""), "a case manager saves no filters");

    // CSV of the current result: BOM, `;`, quoted values, no formulas, Czech names.
    let csv = send(&app, "GET", "/site/tachov/adresar.csv?need_area=learning", &cookie, None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.content_type.starts_with("text/csv"), "{}", csv.content_type);
    assert!(csv.bytes.starts_with("\u{feff}".as_bytes()), "a byte-order mark for Excel");
    let lines: Vec<&str> = csv.text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{}", csv.text);
    assert!(lines[0].starts_with("Identifikátor;Název;Popis;Druh služby;"), "{}", lines[0]);
    assert!(lines[1].contains("\"ZŠ Zárečná; odloučené pracoviště\""), "{}", lines[1]);
    assert!(lines[1].contains("'+420 777 000 111") && lines[1].contains("UČENÍ") && lines[1].contains("obec"));
    assert!(lines[1].contains("6–10 let"), "terms by name: {}", lines[1]);
    let cm_csv = send(&app, "GET", "/site/tachov/adresar.csv", &cm, None).await;
    let cm_lines: Vec<&str> = cm_csv.text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(cm_lines[0], "Identifikátor;Název;Primární oblast potřeb", "designated columns only");
    assert!(!cm_csv.text.contains("+420"), "nothing undesignated");

    // XLSX: a real workbook, read back.
    let xlsx = send(&app, "GET", "/site/tachov/adresar.xlsx?need_area=learning", &cookie, None).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.content_type.contains("spreadsheetml"), "{}", xlsx.content_type);
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx.bytes)).expect("a workbook");
    let sheets = book.sheet_names();
    assert_eq!(sheets, vec!["Adresář".to_owned()]);
    let range = book.worksheet_range("Adresář").expect("the sheet");
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][..3], &["Identifikátor", "Název", "Popis"]);
    assert_eq!(rows[1][1], "ZŠ Zárečná; odloučené pracoviště");
    assert!(rows[1].iter().any(|c| c == "+420 777 000 111"), "text cells, never formulas: {:?}", rows[1]);
}

#[actix_web::test]
async fn every_filter_of_the_api_is_a_control_of_the_page_and_an_actor_links_its_platforms_and_activities() {
    let app = spawn_app().await;
    app.tachov().await;
    let category = uuid::Uuid::now_v7();
    app.put(
        &format!("/api/v1/networks/tachov/categories/{category}"),
        json!({"name": "Jazyky", "kind": "one_of", "allowed": ["čeština", "ukrajinština"]}),
    )
    .await
    .expect(201);
    let school = app
        .actor(json!({"name": "ZŠ Zárečná", "founder": "municipality", "sector": "education", "forms": ["outpatient"],
            "online": false, "kind": "škola", format!("custom.{category}"): "ukrajinština"}))
        .await;
    app.actor(json!({"name": "Klub Kotec", "founder": "ngo", "sector": "social_affairs", "forms": ["field"],
            "online": true, "kind": "nízkoprahový klub"}))
        .await;
    let platform = app
        .post(
            "/api/v1/networks/tachov/platforms",
            json!({"fields": {"name": "Platforma pro bezpečnost", "platform_type": "formal", "coordinators": [school]}}),
        )
        .await
        .expect(201)
        .id();
    app.post(
        "/api/v1/networks/tachov/needs/activities",
        json!({"fields": {"text": "Doučování", "area": "learning", "stage": "prevention", "actors": [school]}}),
    )
    .await
    .expect(201);
    user(&app, "koordinator", vec![Grant::Coordinator { network: tachov() }]).await;
    let cookie = sign_in(&app, "koordinator").await;

    let page = send(&app, "GET", "/site/tachov/adresar", &cookie, None).await;
    for control in [
        "name=\"founder\" value=\"municipality\"",
        "name=\"sector\" value=\"education\"",
        "name=\"form\" value=\"field\"",
        "name=\"online\"",
        "name=\"kind\" value=\"škola\"",
        &format!("name=\"platform\" value=\"{platform}\""),
        "name=\"in_no_platform\"",
        &format!("name=\"custom.{category}\""),
    ] {
        assert!(page.text.contains(control), "the page has {control}: {}", page.text);
    }
    assert!(!page.text.contains("<details class=\"dalsi-filtry\" open"), "folded while none is set");
    for (query, found, other) in [
        ("founder=municipality", "ZŠ Zárečná", "Klub Kotec"),
        ("online=true", "Klub Kotec", "ZŠ Zárečná"),
        (&format!("platform={platform}"), "ZŠ Zárečná", "Klub Kotec"),
        ("in_no_platform=true", "Klub Kotec", "ZŠ Zárečná"),
        (&format!("custom.{category}=ukrajin%C5%A1tina"), "ZŠ Zárečná", "Klub Kotec"),
    ] {
        let page = send(&app, "GET", &format!("/site/tachov/adresar?{query}"), &cookie, None).await;
        assert!(
            page.text.contains("Nalezeno: 1")
                && page.text.contains(found)
                && !page.text.contains(&format!(">{other}<")),
            "{query}: {}",
            page.text
        );
        assert!(page.text.contains("<details class=\"dalsi-filtry\" open"), "open while {query} is set");
    }
    let profile = send(&app, "GET", &format!("/site/tachov/akter/{school}"), &cookie, None).await;
    assert!(
        profile
            .text
            .contains(&format!("href=\"/site/tachov/platforma/{platform}\">Platforma pro bezpečnost</a> – koordinuje")),
        "{}",
        profile.text
    );
    assert!(profile.text.contains(">Doučování</a> – UČENÍ"), "{}", profile.text);
}
