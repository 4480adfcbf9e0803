//! The templates' workbook in and out: export, the dry run's report on a
//! coordinator's own variant, the import writing only differences, bad
//! files refused with nothing written, and a round trip into an empty data
//! directory.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::board::user;
use crate::helpers::{TestApp, spawn_app};
use uzel::domain::user::Grant;

/// An answer with its raw bytes.
pub struct Raw {
    pub status: u16,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Raw {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, String::from_utf8_lossy(&self.bytes)))
    }
}

/// Sends `body` (raw bytes) to `path` with `token`.
pub async fn raw(app: &TestApp, method: &str, path: &str, token: &str, body: Option<Vec<u8>>) -> Raw {
    app.settled().await;
    let client = awc::Client::builder().timeout(std::time::Duration::from_secs(60)).finish();
    let url = format!("{}{path}", app.address);
    let request = match method {
        "GET" => client.get(&url),
        _ => client.post(&url),
    };
    let request =
        if token.is_empty() { request } else { request.insert_header(("authorization", format!("Bearer {token}"))) };
    let mut response = match body {
        Some(bytes) => request.insert_header(("content-type", "application/octet-stream")).send_body(bytes).await,
        None => request.send().await,
    }
    .expect("the server answers");
    let bytes = response.body().limit(64 << 20).await.expect("a body").to_vec();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    Raw { status: response.status().as_u16(), content_type, bytes }
}

/// Every sheet's cells as text.
pub fn cells(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a workbook");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("a sheet");
            let rows = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
            (name, rows)
        })
        .collect()
}

/// The sheet called `name`.
fn sheet<'a>(book: &'a [(String, Vec<Vec<String>>)], name: &str) -> &'a Vec<Vec<String>> {
    &book.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no sheet {name}")).1
}

/// A network with a term of each kind, a custom category and three actors.
async fn network(app: &TestApp) -> (String, String) {
    let (group, _, _) = app.tachov().await;
    let category = Uuid::now_v7();
    app.put(
        &format!("/api/v1/networks/tachov/categories/{category}"),
        json!({"name": "Datum aktualizace", "kind": "text"}),
    )
    .await
    .expect(201);
    let school = app
        .actor(json!({"name": "ZŠ Zárečná", "address": "Zárečná 1, Tachov", "founder": "municipality",
            "sector": "education", "phone": "+420 777 000 111", "target_groups": [group],
            "need_areas": ["learning"], "online": false, "capacities": [{"unit": "client", "max": 30}]}))
        .await;
    let club = app
        .actor(json!({"name": "Klub Kotec", "founder": "ngo", "forms": ["field", "outpatient"], "online": true,
            format!("custom.{category}"): "2025-03-01"}))
        .await;
    app.actor(json!({"name": "OSPOD Tachov", "founder": "municipality", "crisis_network": true})).await;
    (school, club)
}

/// `rows` written as a one-sheet workbook called `name`; a cell starting
/// with `date:` is written as a real date.
fn workbook(name: &str, rows: &[&[&str]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(name).expect("a name");
    let date = Format::new().set_num_format("d. m. yyyy");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if let Some(iso) = cell.strip_prefix("date:") {
                let day = ExcelDateTime::parse_from_str(iso).expect("a date");
                sheet.write_datetime_with_format(r as u32, c as u16, &day, &date).expect("a date cell");
            } else if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, *cell).expect("a cell");
            }
        }
    }
    book.save_to_buffer().expect("a workbook")
}

#[actix_web::test]
async fn a_network_exported_and_imported_again_writes_nothing_and_exports_the_same() {
    let app = spawn_app().await;
    network(&app).await;
    let root = app.admin_token.clone();
    let export = raw(&app, "GET", "/api/v1/networks/tachov/export.xlsx", &root, None).await;
    assert_eq!(export.status, 200);
    assert!(export.content_type.contains("spreadsheetml"), "{}", export.content_type);
    let first = cells(&export.bytes);
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], "Aktéři", "{names:?}");
    for wanted in ["Potřeby", "Činnosti", "Platformy", "Kontaktní osoby", "Setkání", "Výstupy a úkoly", "Číselníky"]
    {
        assert!(names.contains(&wanted), "{wanted} in {names:?}");
    }
    let actors = sheet(&first, "Aktéři");
    assert_eq!(&actors[0][..3], &["ID", "Název", "Popis"]);
    let n = actors[0].len();
    assert_eq!(
        &actors[0][n - 2..],
        &["Datum aktualizace", "Stav"],
        "custom categories after the template's, then the status"
    );
    let school = actors.iter().find(|r| r[1] == "ZŠ Zárečná").expect("the school");
    for wanted in ["obec", "+420 777 000 111", "6–10 let", "ne"] {
        assert!(school.iter().any(|c| c == wanted), "{wanted} in {school:?}");
    }
    assert!(school.iter().any(|c| c.contains("30")), "capacity: {school:?}");

    let dry = raw(&app, "POST", "/api/v1/networks/tachov/import.xlsx", &root, Some(export.bytes.clone())).await;
    assert_eq!(dry.status, 200);
    let report = &dry.json()["report"];
    assert_eq!((report["created"].as_u64(), report["changed"].as_u64()), (Some(0), Some(0)), "{report}");
    assert_eq!(report["unchanged"], 4, "three actors and the custom category: {report}");
    let before = app.app.log.last_position();
    let import =
        raw(&app, "POST", "/api/v1/networks/tachov/import.xlsx?dry_run=false", &root, Some(export.bytes.clone())).await;
    assert_eq!(import.status, 200, "{}", String::from_utf8_lossy(&import.bytes));
    assert_eq!(import.json()["applied"]["commands"], 0);
    assert_eq!(app.app.log.last_position(), before, "re-importing the export writes nothing");
    let again = raw(&app, "GET", "/api/v1/networks/tachov/export.xlsx", &root, None).await;
    assert_eq!(cells(&again.bytes), first, "the same cells");
}

#[actix_web::test]
async fn a_coordinators_own_variant_gets_a_row_by_row_report_and_imports_only_when_told() {
    let app = spawn_app().await;
    let (_, club) = network(&app).await;
    let (coordinator, coordinator_id) =
        user(&app, "koord", vec![Grant::Coordinator { network: crate::board::tachov() }]).await;
    let file = workbook(
        "Seznam aktérů",
        &[
            &[
                "Název organizace",
                "Sídlo",
                "Tel.",
                "Zřizovatel",
                "Poznámka pro kolegy",
                "Cílové skupiny",
                "Datum aktualizace",
            ],
            &[
                "ZŠ Zárečná",
                "Zárečná 1, Tachov",
                "+420 777 999 888",
                "obec",
                "volat ráno",
                "6–10 let",
                "date:2025-06-30",
            ],
            &["Rodinné centrum Beruška", "Nádražní 5", "", "nestátní nezisková organizace", "", "", "1. 7. 2025"],
            &["Spolek Jiskra", "", "", "spolek", "", "", ""],
            &["", "Bez jména 3", "+420 111 222 333", "", "", "", ""],
            &["Senior klub", "", "", "", "", "senioři", ""],
            &["Rodinné centrum Beruška", "Nádražní 5", "", "", "", "", ""],
        ],
    );
    let dry = raw(&app, "POST", "/api/v1/networks/tachov/import.xlsx", &coordinator, Some(file.clone())).await;
    assert_eq!(dry.status, 200, "{}", String::from_utf8_lossy(&dry.bytes));
    let answer = dry.json();
    let report = &answer["report"];
    assert_eq!(report["ignored_columns"], json!(["Poznámka pro kolegy"]));
    let rows = report["rows"].as_array().expect("rows");
    let row = |n: u64| rows.iter().find(|r| r["row"] == n).unwrap_or_else(|| panic!("row {n} in {report}"));
    let reasons = |n: u64| -> String {
        row(n)["problems"].as_array().map_or(String::new(), |p| {
            p.iter()
                .map(|x| format!("{}: {}", x["column"].as_str().unwrap_or("-"), x["reason"]))
                .collect::<Vec<_>>()
                .join(" | ")
        })
    };
    assert_eq!(row(2)["outcome"], "change", "{}", row(2));
    assert_eq!(
        row(2)["changes"],
        json!([
            {"column": "Telefon", "old": "+420 777 000 111", "new": "+420 777 999 888"},
            {"column": "Datum aktualizace", "old": "", "new": "2025-06-30"},
        ]),
        "the phone changes, old → new; a date cell reads as a date"
    );
    assert_eq!(row(3)["outcome"], "create", "{}", row(3));
    assert_eq!(row(4)["outcome"], "refused");
    assert!(reasons(4).starts_with("Zřizovatel: ") && reasons(4).contains("„spolek“"), "{}", reasons(4));
    assert_eq!(row(5)["outcome"], "refused");
    assert_eq!(reasons(5), "Název: \"chybí název\"");
    assert!(reasons(6).contains("Cílové skupiny") && reasons(6).contains("není v číselníku sítě"), "{}", reasons(6));
    assert!(reasons(7).contains("stejný aktér už je na řádku 3"), "{}", reasons(7));
    assert_eq!(
        (report["created"].as_u64(), report["changed"].as_u64(), report["refused"].as_u64()),
        (Some(1), Some(1), Some(4))
    );

    // Refused rows stop the import: nothing is written.
    let before = app.app.log.last_position();
    let refused =
        raw(&app, "POST", "/api/v1/networks/tachov/import.xlsx?dry_run=false", &coordinator, Some(file.clone())).await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.content_type, "application/problem+json");
    let problem = refused.json();
    assert_eq!(problem["type"], "/problems/import-refused");
    assert!(
        problem["errors"].as_array().is_some_and(|e| e.iter().any(|x| x["field"] == "Seznam aktérů, řádek 5: Název"))
    );
    assert_eq!(app.app.log.last_position(), before, "nothing written");

    // The valid rows, when the coordinator says so; as the coordinator.
    let path = "/api/v1/networks/tachov/import.xlsx?dry_run=false&valid_only=true";
    let done = raw(&app, "POST", path, &coordinator, Some(file.clone())).await;
    assert_eq!(done.status, 200, "{}", String::from_utf8_lossy(&done.bytes));
    let applied = done.json()["applied"].clone();
    assert_eq!((applied["records"].as_u64(), applied["commands"].as_u64()), (Some(2), Some(2)), "{applied}");
    let directory = app.get(&format!("/api/v1/networks/tachov/actors?min_position={}", applied["position"])).await;
    let names: Vec<&str> =
        directory.body["items"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Rodinné centrum Beruška") && names.len() == 4, "{names:?}");
    let school =
        directory.body["items"].as_array().unwrap().iter().find(|a| a["name"] == "ZŠ Zárečná").unwrap()["id"].clone();
    let history = app.get(&format!("/api/v1/networks/tachov/actors/{}/history", school.as_str().unwrap())).await;
    assert!(history.text.contains(&format!("user:{coordinator_id}")), "authored by the importer: {}", history.text);
    let kept = app.get(&format!("/api/v1/networks/tachov/actors/{club}")).await;
    assert_eq!(kept.body["fields"]["online"], true, "a row not in the file is left alone");

    // The same file again writes nothing.
    let before = app.app.log.last_position();
    let again = raw(&app, "POST", path, &coordinator, Some(file)).await;
    assert_eq!(again.json()["applied"]["commands"], 0);
    assert_eq!(app.app.log.last_position(), before);
}

/// A zip whose one part unpacks to `size` zero bytes.
fn bomb(size: usize) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).expect("a part");
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..size >> 20 {
        zip.write_all(&chunk).expect("written");
    }
    zip.finish().expect("a zip").into_inner()
}

#[actix_web::test]
async fn bad_files_get_a_clear_error_and_write_nothing() {
    let app = spawn_app().await;
    network(&app).await;
    let root = app.admin_token.clone();
    let before = app.app.log.last_position();
    let mut far = Workbook::new();
    let sheet = far.add_worksheet();
    sheet.write_string(0, 0, "Název").unwrap();
    sheet.write_string(1_000_000, 0, "Klub daleko dole").unwrap();
    let mut formulas = Workbook::new();
    let sheet = formulas.add_worksheet();
    sheet.set_name("Aktéři").unwrap();
    sheet.write_string(0, 0, "Název").unwrap();
    sheet.write_string(0, 1, "Telefon").unwrap();
    sheet.merge_range(1, 0, 2, 0, "Klub Sloučený", &Format::new()).unwrap();
    sheet
        .write_formula(1, 1, rust_xlsxwriter::Formula::new("=\"+420 \"&\"777 123 456\"").set_result("+420 777 123 456"))
        .unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not a workbook", b"Name;Phone\nKlub;123\n".to_vec(), "není sešit Excelu"),
        ("an empty body", Vec::new(), "není sešit Excelu"),
        ("a zip that is no workbook", bomb(0), "nejde přečíst"),
        ("a zip bomb", bomb(400 << 20), "rozbalí na 400 MB"),
        ("a million empty rows", far.save_to_buffer().unwrap(), "pod řádkem 100001"),
        ("no name column", workbook("List1", &[&["Telefon"], &["123"]]), "nemá list Aktéři ani list se sloupcem Název"),
    ];
    for (what, bytes, says) in cases {
        let answer = raw(&app, "POST", "/api/v1/networks/tachov/import.xlsx?dry_run=false", &root, Some(bytes)).await;
        assert_eq!(answer.status, 422, "{what}: {}", String::from_utf8_lossy(&answer.bytes));
        assert_eq!(answer.content_type, "application/problem+json", "{what}");
        let problem = answer.json();
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains(says)), "{what}: {problem}");
    }
    assert_eq!(app.app.log.last_position(), before, "nothing written by any of them");

    // Formulas read as their values; a merged cell as its first cell.
    let dry =
        raw(&app, "POST", "/api/v1/networks/tachov/import.xlsx", &root, Some(formulas.save_to_buffer().unwrap())).await;
    let report = dry.json()["report"].clone();
    assert_eq!(report["rows"].as_array().map(Vec::len), Some(1), "{report}");
    assert_eq!(report["rows"][0]["name"], "Klub Sloučený");
    assert_eq!(report["rows"][0]["outcome"], "create");

    let unknown =
        raw(&app, "POST", "/api/v1/networks/nowhere/import.xlsx", &root, Some(workbook("A", &[&["Název"]]))).await;
    assert_eq!(unknown.status, 404);
}

#[actix_web::test]
async fn each_role_exports_what_it_may_read() {
    let app = spawn_app().await;
    network(&app).await;
    app.put("/api/v1/networks/tachov/settings", json!({"designated_fields": ["name", "phone"]})).await.expect(200);
    let (manager, _) = user(&app, "case.manager", vec![Grant::CaseManager { network: crate::board::tachov() }]).await;
    let (stranger, _) = user(&app, "jiny.manager", vec![]).await;
    let export = raw(&app, "GET", "/api/v1/networks/tachov/export.xlsx", &manager, None).await;
    assert_eq!(export.status, 200);
    let book = cells(&export.bytes);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert!(!names.contains(&"Kontaktní osoby") && !names.contains(&"Výstupy a úkoly"), "{names:?}");
    assert_eq!(sheet(&book, "Aktéři")[0], vec!["ID", "Název", "Telefon"], "the designated fields only");
    let refused = raw(&app, "GET", "/api/v1/networks/tachov/export.xlsx", &stranger, None).await;
    let network = raw(&app, "GET", "/api/v1/networks/tachov", &stranger, None).await;
    assert!(refused.status >= 400 && refused.status == network.status, "as the network itself: {}", refused.status);
    let import = raw(&app, "POST", "/api/v1/networks/tachov/import.xlsx", &manager, Some(export.bytes)).await;
    assert_eq!(import.status, 403, "a case manager does not import");
}

#[actix_web::test]
async fn a_network_exported_and_imported_into_an_empty_data_directory_comes_back_the_same() {
    let source = spawn_app().await;
    network(&source).await;
    let first = raw(&source, "GET", "/api/v1/networks/tachov/export.xlsx", &source.admin_token, None).await;
    // The target has the network, its terms and its category, and no actor.
    let target = spawn_app().await;
    target.tachov().await;
    target
        .put(
            &format!("/api/v1/networks/tachov/categories/{}", Uuid::now_v7()),
            json!({"name": "Datum aktualizace", "kind": "text"}),
        )
        .await
        .expect(201);
    let path = "/api/v1/networks/tachov/import.xlsx?dry_run=false";
    let import = raw(&target, "POST", path, &target.admin_token, Some(first.bytes.clone())).await;
    assert_eq!(import.status, 200, "{}", String::from_utf8_lossy(&import.bytes));
    assert_eq!(import.json()["report"]["created"], 3);
    let second = raw(&target, "GET", "/api/v1/networks/tachov/export.xlsx", &target.admin_token, None).await;
    let (a, b) = (cells(&first.bytes), cells(&second.bytes));
    assert_eq!(sheet(&a, "Aktéři"), sheet(&b, "Aktéři"), "the same actors, ids included");
    assert_eq!(sheet(&a, "Číselníky"), sheet(&b, "Číselníky"));
    // The read models agree actor by actor (terms are the target's own ids).
    for row in sheet(&a, "Aktéři").iter().skip(1) {
        let one = source.get(&format!("/api/v1/networks/tachov/actors/{}", row[0])).await;
        let two = target.get(&format!("/api/v1/networks/tachov/actors/{}", row[0])).await;
        let plain = |v: &Value| {
            let mut f = v["fields"].clone();
            f.as_object_mut().unwrap().retain(|k, _| !k.starts_with("custom.") && k != "target_groups");
            (f, v["status"].clone())
        };
        assert_eq!(plain(&one.body), plain(&two.body), "{}", row[1]);
    }
}

/// Posts a multipart form (text fields, then the workbook) with `cookie`:
/// the status and the body, or for a redirect its `Location`.
async fn upload(app: &TestApp, path: &str, cookie: &str, fields: &[(&str, &str)], file: &[u8]) -> (u16, String) {
    app.settled().await;
    let boundary = "----uzel-test-7d1f";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"soubor\"; filename=\"aktéři.xlsx\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
        )
        .bytes(),
    );
    body.extend(file);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    let client = awc::Client::builder().disable_redirects().finish();
    let mut response = client
        .post(format!("{}{path}", app.address))
        .insert_header(("cookie", cookie.to_owned()))
        .insert_header(("origin", app.address.clone()))
        .insert_header(("content-type", format!("multipart/form-data; boundary={boundary}")))
        .send_body(body)
        .await
        .expect("the server answers");
    let bytes = response.body().limit(4 << 20).await.expect("a body");
    if response.status().is_redirection() {
        let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default();
        return (response.status().as_u16(), location.to_owned());
    }
    (response.status().as_u16(), String::from_utf8_lossy(&bytes).into_owned())
}

#[actix_web::test]
async fn a_coordinator_checks_and_imports_a_workbook_from_the_page() {
    use crate::pages::{csrf_of, send, sign_in};
    let app = spawn_app().await;
    network(&app).await;
    user(&app, "koordinatorka", vec![Grant::Coordinator { network: crate::board::tachov() }]).await;
    user(&app, "pracovnice", vec![Grant::CaseManager { network: crate::board::tachov() }]).await;
    let cookie = sign_in(&app, "koordinatorka").await;
    let home = send(&app, "GET", "/site/tachov", &cookie, None).await;
    assert!(home.text.contains("href=\"/site/tachov/import\""), "the network's home links the import");
    let page = send(&app, "GET", "/site/tachov/import", &cookie, None).await;
    assert_eq!(page.status.as_u16(), 200);
    assert!(
        page.text.contains("enctype=\"multipart/form-data\"")
            && page.text.contains("/api/v1/networks/tachov/export.xlsx")
    );
    let csrf = csrf_of(&page.text);
    let file = workbook(
        "Aktéři",
        &[
            &["Název", "Adresa", "Telefon", "Zřizovatel"],
            &["ZŠ Zárečná", "Zárečná 1, Tachov", "+420 777 999 888", "obec"],
            &["Poradna Slunce", "", "", "spolek"],
            &["Rodinné centrum Beruška", "Nádražní 5", "", ""],
        ],
    );
    let before = app.app.log.last_position();
    // The dry run: the report, nothing written.
    let (status, dry) =
        upload(&app, "/site/tachov/import", &cookie, &[("csrf", &csrf), ("krok", "zkouska")], &file).await;
    assert_eq!(status, 200, "{dry}");
    assert!(dry.contains("Zkouška nanečisto"), "{dry}");
    assert!(dry.contains("„+420 777 000 111“ → „+420 777 999 888“"), "old → new");
    assert!(dry.contains("„spolek“"), "the refusal says which value");
    assert_eq!(app.app.log.last_position(), before);
    // Importing with a refused row writes nothing and says so.
    let (status, stopped) =
        upload(&app, "/site/tachov/import", &cookie, &[("csrf", &csrf), ("krok", "import")], &file).await;
    assert_eq!(status, 422);
    assert!(stopped.contains("nic se nezapsalo"), "{stopped}");
    assert_eq!(app.app.log.last_position(), before);
    // The valid rows only.
    let fields = [("csrf", csrf.as_str()), ("jen_platne", "1"), ("krok", "import")];
    let (status, started) = upload(&app, "/site/tachov/import", &cookie, &fields, &file).await;
    assert_eq!(status, 303, "on to the page following the import: {started}");
    assert!(started.starts_with("/site/tachov/import/"), "{started}");
    // The page following it reloads itself until the import ends.
    let mut done = String::new();
    for _ in 0..200 {
        let page = send(&app, "GET", &started, &cookie, None).await;
        assert_eq!(page.status, 200, "{}", page.text);
        done = page.text;
        if !done.contains("Importuje se") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(done.contains("Zapsáno — záznamy: 2, změny: 2"), "{done}");
    let directory = send(&app, "GET", "/site/tachov/adresar", &cookie, None).await;
    assert!(directory.text.contains("Rodinné centrum Beruška"));
    // No CSRF token, no import; a case manager has no import.
    let (status, _) = upload(&app, "/site/tachov/import", &cookie, &[("krok", "import")], &file).await;
    assert_eq!(status, 403);
    let manager = sign_in(&app, "pracovnice").await;
    assert_eq!(send(&app, "GET", "/site/tachov/import", &manager, None).await.status.as_u16(), 403);
    // Not a workbook: said on the page.
    let (status, bad) =
        upload(&app, "/site/tachov/import", &cookie, &[("csrf", &csrf), ("krok", "zkouska")], b"hello").await;
    assert_eq!(status, 422);
    assert!(bad.contains("není sešit Excelu"), "{bad}");
}

#[actix_web::test]
async fn a_large_import_started_from_the_page_shows_its_progress_until_it_ends() {
    use crate::pages::{send, sign_in};
    let app = spawn_app().await;
    app.tachov().await;
    user(&app, "koordinatorka", vec![Grant::Coordinator { network: crate::board::tachov() }]).await;
    let names: Vec<String> = (0..400).map(|i| format!("Služba číslo {i}")).collect();
    let mut rows: Vec<&[&str]> = vec![&["Název"]];
    let cells: Vec<[&str; 1]> = names.iter().map(|n| [n.as_str()]).collect();
    rows.extend(cells.iter().map(|c| &c[..]));
    let file = workbook("Aktéři", &rows);
    let cookie = sign_in(&app, "koordinatorka").await;
    let page = send(&app, "GET", "/site/tachov/import", &cookie, None).await;
    let csrf = crate::pages::csrf_of(&page.text);
    let (status, started) =
        upload(&app, "/site/tachov/import", &cookie, &[("csrf", &csrf), ("krok", "import")], &file).await;
    assert_eq!(status, 303, "{started}");
    let mut seen_progress = false;
    let mut last = String::new();
    for _ in 0..600 {
        let got = send(&app, "GET", &started, &cookie, None).await;
        last = got.text;
        if last.contains("<progress") {
            seen_progress = true;
            assert!(last.contains("max=\"400\""), "{last}");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            continue;
        }
        break;
    }
    assert!(last.contains("Zapsáno — záznamy: 400"), "the import ends on its report: {last}");
    // Another coordinator does not follow someone else's import.
    user(&app, "kolega", vec![Grant::Coordinator { network: crate::board::tachov() }]).await;
    let other = sign_in(&app, "kolega").await;
    assert_eq!(send(&app, "GET", &started, &other, None).await.status, 404);
    // 400 actors take more than the first page's answer: the bar was shown.
    assert!(seen_progress, "the page showed the progress bar while the import ran");
}
