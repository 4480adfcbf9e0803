//! The demo networks through their workbooks: each exported, imported into
//! a network of an empty data directory (its code lists, custom categories,
//! actors, needs and platforms, in one import), and exported again — the
//! templates' sheets are equal cell for cell, and the read models agree.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::interop::{cells, raw};

/// The sheets an import writes: all of the export's.
const IMPORTED: &[&str] = &[
    "Aktéři",
    "Potřeby",
    "Činnosti",
    "Platformy",
    "Kontaktní osoby",
    "Setkání",
    "Výstupy a úkoly",
    "Číselníky",
    "Vlastní kategorie",
];

/// `value` with every term id replaced by the term's name (the terms of
/// the two directories have ids of their own).
fn named(value: &Value, terms: &[(String, String)]) -> Value {
    match value {
        Value::String(s) => terms.iter().find(|(id, _)| id == s).map_or(value.clone(), |(_, n)| json!(n)),
        Value::Array(a) => Value::Array(a.iter().map(|v| named(v, terms)).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), named(v, terms))).collect()),
        other => other.clone(),
    }
}

/// A platform's meetings and outcomes as the workbook holds them: times to
/// the minute, due dates to the day, without the log's own dates (when
/// each status was set).
fn meetings(platform: &Value) -> Value {
    let cut = |v: &Value, n: usize| v.as_str().map_or(Value::Null, |s| json!(s.chars().take(n).collect::<String>()));
    let list = platform["meetings"].as_array().cloned().unwrap_or_default();
    Value::Array(
        list.iter()
            .map(|m| {
                let outcomes: Vec<Value> = m["outcomes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|o| json!([o["id"], o["kind"], o["text"], o["owner"], o["status"], cut(&o["due"], 10)]))
                    .collect();
                json!([
                    m["id"],
                    m["state"],
                    cut(&m["date"], 16),
                    m["place"],
                    m["agenda"],
                    m["attendees"],
                    m["others"],
                    m["minutes"],
                    outcomes
                ])
            })
            .collect(),
    )
}

/// The terms of network `n`: (id, name).
async fn terms(app: &TestApp, n: &str) -> Vec<(String, String)> {
    let body = app.get(&format!("/api/v1/networks/{n}")).await.expect(200).body;
    ["target_groups", "life_situations", "places"]
        .iter()
        .flat_map(|kind| body[kind].as_array().cloned().unwrap_or_default())
        .map(|t| (t["id"].as_str().unwrap_or_default().to_owned(), t["name"].as_str().unwrap_or_default().to_owned()))
        .collect()
}

#[actix_web::test]
async fn the_demo_networks_go_through_their_workbooks_into_an_empty_data_directory_unchanged() {
    let source = spawn_app().await;
    uzel::demo::build(&source.app).await.expect("the demo builds");
    let target = spawn_app().await;
    let networks = source.get("/api/v1/networks").await.expect(200).body;
    let networks = networks.as_array().expect("networks").clone();
    assert!(networks.len() >= 3, "{networks:?}");
    let mut rows = std::collections::BTreeMap::<&str, usize>::new();
    for network in &networks {
        let n = network["network"].as_str().expect("a slug");
        let whole = source.get(&format!("/api/v1/networks/{n}")).await.expect(200).body;
        let region = whole["region"].as_str().expect("a region");
        target.put(&format!("/api/v1/regions/{region}"), json!({"name": region})).await;
        target
            .put(
                &format!("/api/v1/networks/{n}"),
                json!({"name": whole["name"], "orp_code": whole["orp_code"], "region": region}),
            )
            .await
            .expect(201);
        let path = format!("/api/v1/networks/{n}/export.xlsx");
        let first = raw(&source, "GET", &path, &source.admin_token, None).await;
        let import = format!("/api/v1/networks/{n}/import.xlsx?dry_run=false");
        let answer = raw(&target, "POST", &import, &target.admin_token, Some(first.bytes.clone())).await;
        assert_eq!(answer.status, 200, "{n}: {}", String::from_utf8_lossy(&answer.bytes));
        let report = &answer.json()["report"];
        assert_eq!(report["refused"], 0, "{n}: {report}");
        assert!(report["created"].as_u64().unwrap_or(0) > 10, "{n}: {report}");
        assert_eq!(report["ignored_sheets"], json!([]), "{n}: every sheet is read");
        let second = raw(&target, "GET", &path, &target.admin_token, None).await;
        let (a, b) = (cells(&first.bytes), cells(&second.bytes));
        assert_eq!(a.len(), IMPORTED.len(), "{n}: the export has these sheets only");
        for name in IMPORTED {
            let one = &a.iter().find(|(s, _)| s == name).unwrap_or_else(|| panic!("{n}: no sheet {name}")).1;
            let two = &b.iter().find(|(s, _)| s == name).unwrap_or_else(|| panic!("{n}: no sheet {name}")).1;
            assert_eq!(one, two, "{n}: {name}");
            *rows.entry(*name).or_default() += one.len() - 1;
        }
        // Importing the same workbook again writes nothing.
        let before = target.app.log.last_position();
        let again = raw(&target, "POST", &import, &target.admin_token, Some(first.bytes.clone())).await;
        assert_eq!((again.status, again.json()["applied"]["commands"].as_u64()), (200, Some(0)), "{n}");
        assert_eq!(target.app.log.last_position(), before, "{n}: a second import writes nothing");
        // The read models agree, record by record, terms by name.
        let (t1, t2) = (terms(&source, n).await, terms(&target, n).await);
        let copied = target.get(&format!("/api/v1/networks/{n}")).await.expect(200).body;
        assert_eq!(whole["categories"], copied["categories"], "{n}: the custom categories, ids included");
        let actors = a.iter().find(|(s, _)| s == "Aktéři").expect("actors").1.clone();
        for row in actors.iter().skip(1) {
            let path = format!("/api/v1/networks/{n}/actors/{}", row[0]);
            let (one, two) = (source.get(&path).await.expect(200).body, target.get(&path).await.expect(200).body);
            assert_eq!(
                (named(&one["fields"], &t1), &one["status"]),
                (named(&two["fields"], &t2), &two["status"]),
                "{n}: {}",
                row[1]
            );
        }
        let platforms = a.iter().find(|(s, _)| s == "Platformy").expect("platforms").1.clone();
        for row in platforms.iter().skip(1) {
            let path = format!("/api/v1/networks/{n}/platforms/{}", row[0]);
            let (one, two) = (source.get(&path).await.expect(200).body, target.get(&path).await.expect(200).body);
            let evaluations = |v: &Value| {
                v["evaluations"].as_array().map(|e| e.iter().map(|e| e["text"].clone()).collect::<Vec<_>>())
            };
            assert_eq!(one["fields"], two["fields"], "{n}: {}", row[1]);
            assert_eq!(evaluations(&one), evaluations(&two), "{n}: {}", row[1]);
            assert_eq!(meetings(&one), meetings(&two), "{n}: {}", row[1]);
        }
        let path = format!("/api/v1/networks/{n}/needs");
        let (one, two) = (source.get(&path).await.expect(200).body, target.get(&path).await.expect(200).body);
        // When each activity was added and reviewed is the log's, not the workbook's.
        let undated = |v: Value| {
            let mut text = v.to_string();
            for key in ["added_at", "reviewed_at"] {
                while let Some(at) = text.find(&format!("\"{key}\":")) {
                    let end = text[at..].find([',', '}']).map_or(text.len(), |e| at + e);
                    text.replace_range(at..end, "\"_\":0");
                }
            }
            text
        };
        assert_eq!(undated(named(&one, &t1)), undated(named(&two, &t2)), "{n}: the needs map");
    }
    for name in IMPORTED {
        assert!(rows[name] > 0, "the demo has {name} to carry: {rows:?}");
    }
}

/// A workbook of `sheets`, each (name, rows), every cell a string.
fn book(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("a name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
                sheet.write_string(r as u32, c as u16, *cell).expect("a cell");
            }
        }
    }
    book.save_to_buffer().expect("a workbook")
}

#[actix_web::test]
async fn a_fresh_network_takes_its_code_lists_actors_and_platforms_in_one_workbook() {
    let app = spawn_app().await;
    app.put("/api/v1/regions/plzensky", json!({"name": "Plzeňský kraj"})).await.expect(201);
    app.put("/api/v1/networks/tachov", json!({"name": "ORP Tachov", "region": "plzensky"})).await.expect(201);
    let file = book(&[
        ("Číselníky", &[&["Cílové skupiny", "Místa"], &["6–10 let", "Tachov"], &["11–15 let", ""]]),
        (
            "Vlastní kategorie",
            &[&["Název", "Druh", "Možné hodnoty"], &["Jazyky", "více z možností", "čeština; ukrajinština"]],
        ),
        (
            "Aktéři",
            &[
                &["Název", "Cílové skupiny", "Jazyky"],
                &["Klub Kotec", "6–10 let; 11–15 let", "ukrajinština"],
                &["OSPOD Tachov", "", ""],
            ],
        ),
        (
            "Platformy",
            &[
                &["ID", "Název platformy", "Typ platformy", "Členové", "Založena"],
                &[
                    "0192f3c4-0000-7000-8000-00000000a001",
                    "Síť pro rodinu",
                    "minitým",
                    "Klub Kotec; OSPOD Tachov",
                    "1. 3. 2024",
                ],
                &["", "Kulatý stůl", "minitým", "Klub Kotec; Spolek Neexistuje", ""],
            ],
        ),
        (
            "Setkání",
            &[
                &["ID platformy", "ID", "Datum", "Místo", "Stav", "Přítomní aktéři", "Další přítomní", "Zápis"],
                &[
                    "0192f3c4-0000-7000-8000-00000000a001",
                    "0192f3c4-0000-7000-8000-00000000b001",
                    "12. 4. 2024 9:30",
                    "MěÚ",
                    "konalo se",
                    "Klub Kotec",
                    "2",
                    "Zápis.",
                ],
                &[
                    "0192f3c4-0000-7000-8000-00000000a001",
                    "0192f3c4-0000-7000-8000-00000000b002",
                    "13. 4. 2024",
                    "",
                    "proběhlo?",
                    "",
                    "",
                    "",
                ],
            ],
        ),
    ]);
    let path = "/api/v1/networks/tachov/import.xlsx";
    let dry = raw(&app, "POST", path, &app.admin_token, Some(file.clone())).await;
    assert_eq!(dry.status, 200, "{}", String::from_utf8_lossy(&dry.bytes));
    let report = dry.json()["report"].clone();
    let rows = report["rows"].as_array().expect("rows");
    let said: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
            (s("sheet"), s("name"), s("outcome"))
        })
        .collect();
    let row = |sheet: &str, name: &str, outcome: &str| (sheet.to_owned(), name.to_owned(), outcome.to_owned());
    assert_eq!(
        said,
        vec![
            row("Číselníky", "6–10 let", "create"),
            row("Číselníky", "11–15 let", "create"),
            row("Číselníky", "Tachov", "create"),
            row("Vlastní kategorie", "Jazyky", "create"),
            row("Aktéři", "Klub Kotec", "create"),
            row("Aktéři", "OSPOD Tachov", "create"),
            row("Platformy", "Síť pro rodinu", "create"),
            row("Platformy", "Kulatý stůl", "refused"),
            row("Setkání", "12. 4. 2024 9:30", "create"),
            row("Setkání", "13. 4. 2024", "refused"),
        ],
        "{report}"
    );
    let refused = &rows[7]["problems"][0];
    assert_eq!(refused["column"], "Členové", "{refused}");
    assert_eq!(refused["reason"], "„Spolek Neexistuje“ není aktér sítě", "{refused}");
    // Refused rows stop the import; the valid rows only go in when asked.
    let all = raw(&app, "POST", &format!("{path}?dry_run=false"), &app.admin_token, Some(file.clone())).await;
    assert_eq!(all.status, 422);
    let valid = format!("{path}?dry_run=false&valid_only=true");
    let done = raw(&app, "POST", &valid, &app.admin_token, Some(file)).await;
    assert_eq!(done.status, 200, "{}", String::from_utf8_lossy(&done.bytes));
    assert_eq!(done.json()["applied"]["records"], 8, "seven records and the held meeting");
    let network = app.get("/api/v1/networks/tachov").await.expect(200).body;
    assert_eq!(network["target_groups"].as_array().map(Vec::len), Some(2), "{network}");
    assert_eq!(network["categories"][0]["allowed"], json!(["čeština", "ukrajinština"]), "{network}");
    let platforms = app.get("/api/v1/networks/tachov/platforms").await.expect(200).body;
    let platforms = platforms.as_array().expect("platforms");
    assert_eq!(platforms.len(), 1, "{platforms:?}");
    let id = platforms[0]["id"].as_str().expect("an id");
    let platform = app.get(&format!("/api/v1/networks/tachov/platforms/{id}")).await.expect(200).body;
    assert_eq!(platform["fields"]["members"].as_array().map(Vec::len), Some(2), "{platform}");
    assert!(platform["founded_at"].as_str().is_some_and(|d| d.starts_with("2024-03-01")), "{platform}");
    let held = &platform["meetings"][0];
    assert_eq!(
        (&held["state"], &held["date"], &held["others"]),
        (&json!("held"), &json!("2024-04-12T09:30:00Z"), &json!(2))
    );
    assert_eq!(held["attendees"].as_array().map(Vec::len), Some(1), "{held}");
}
