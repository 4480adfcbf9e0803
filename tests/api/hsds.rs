//! HSDS 3.1: every exported object validates against the standard's JSON
//! schemas (`../shared/hsds-3.1`), the datapackage describes its CSVs,
//! only what the public sees goes out, and `modified_after` syncs.

use std::io::{Cursor, Read};
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::interop::raw;

/// Where the HSDS schemas are.
fn schemas() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/hsds-3.1")
}

/// Reads `file:///hsds/{name}` from the schemas directory.
struct Files;

impl jsonschema::Retrieve for Files {
    fn retrieve(&self, uri: &jsonschema::Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.path().as_str().rsplit('/').next().unwrap_or_default().to_owned();
        Ok(serde_json::from_slice(&std::fs::read(schemas().join(name))?)?)
    }
}

/// A validator of the schema of `table` (`service`, `organization`, …).
fn validator(table: &str) -> jsonschema::Validator {
    build(table, read(table))
}

fn read(table: &str) -> Value {
    serde_json::from_slice(&std::fs::read(schemas().join(format!("{table}.json"))).expect("schema")).expect("JSON")
}

/// A validator of `table`'s rows in the tabular format: the schema's
/// required fields that are not related records, and its
/// `tabular_required` (the ids linking a row to its records).
fn tabular(table: &str) -> jsonschema::Validator {
    let mut schema = read(table);
    let properties = schema["properties"].clone();
    let mut required: Vec<Value> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|name| properties[name.as_str().unwrap()].get("$ref").is_none())
        .cloned()
        .collect();
    required.extend(schema["tabular_required"].as_array().cloned().unwrap_or_default());
    schema["required"] = Value::Array(required);
    build(table, schema)
}

fn build(table: &str, schema: Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_base_uri(format!("file:///hsds/{table}.json"))
        .with_retriever(Files)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the {table} schema: {e}"))
}

fn assert_valid(validator: &jsonschema::Validator, table: &str, value: &Value) {
    let errors: Vec<String> = validator.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{table} {value} is not HSDS 3.1: {errors:?}");
}

/// A network with a public service (web, contacts, capacity shown, places,
/// hours, areas, groups), a service keeping its capacity to itself, and an
/// ended one; returns (the public one, the ended one).
async fn network(app: &TestApp) -> (String, String) {
    let (group, situation, place) = app.tachov().await;
    let shelter = app
        .actor(json!({"name": "Azylový dům Domeček", "description": "Azyl pro matky s dětmi.",
            "web": "https://domecek.example.org", "need_areas": ["safety", "material"], "target_groups": [group],
            "life_situations": [situation], "places": [place], "opening_hours": "nonstop", "capacity_public": true,
            "capacities": [{"unit": "bed", "max": 12}], "address": "Tajná 1, Tachov", "phone": "+420 999 000 111"}))
        .await;
    let base = format!("/api/v1/networks/tachov/actors/{shelter}");
    app.post(
        &format!("{base}/contacts"),
        json!({"name": "Jana Vzorová", "phone": "+420 777 000 222", "role": "vedoucí", "public": true}),
    )
    .await
    .expect(201);
    app.post(&format!("{base}/contacts"), json!({"name": "Skrytá Osoba", "phone": "+420 111 111 111"}))
        .await
        .expect(201);
    app.post(&format!("{base}/capacity"), json!({"unit": "bed", "free": 3})).await.expect(201);
    app.post(&format!("{base}/notes"), json!({"text": "soukromá poznámka", "private": true})).await.expect(201);
    let club = app.actor(json!({"name": "Klub Kotec", "capacities": [{"unit": "client", "max": 20}]})).await;
    app.post(&format!("/api/v1/networks/tachov/actors/{club}/capacity"), json!({"unit": "client", "free": 5}))
        .await
        .expect(201);
    let ended = app.actor(json!({"name": "Ukončená poradna"})).await;
    app.put(&format!("/api/v1/networks/tachov/actors/{ended}/status"), json!({"status": "ended"})).await.expect(200);
    (shelter, ended)
}

#[actix_web::test]
async fn the_public_directory_goes_out_as_hsds_that_validates_and_shows_only_what_is_public() {
    let app = spawn_app().await;
    let (shelter, _) = network(&app).await;
    let answer = app.get("/api/v1/networks/tachov/hsds/services").await.expect(200);
    let services = answer.body.as_array().expect("services").clone();
    assert_eq!(services.len(), 2, "the two active actors: {}", answer.text);
    let service = validator("service");
    for s in &services {
        assert_valid(&service, "service", s);
    }
    let s = services.iter().find(|s| s["id"] == shelter.as_str()).expect("the shelter");
    assert_eq!(s["status"], "active");
    assert_eq!(s["organization"]["name"], "Azylový dům Domeček");
    assert_eq!(s["service_at_locations"][0]["location"]["location_type"], "virtual");
    assert_eq!(s["service_at_locations"][0]["location"]["url"], "https://domecek.example.org");
    assert_eq!(s["service_areas"][0]["name"], "Tachov");
    assert_eq!(s["schedules"][0]["description"], "nonstop");
    assert_eq!(s["capacities"][0]["available"], 3);
    assert_eq!(s["capacities"][0]["maximum"], 12);
    assert_eq!(s["capacities"][0]["unit"]["identifier"], "bed");
    assert_eq!(s["contacts"].as_array().map(Vec::len), Some(1), "only the public contact");
    assert_eq!(s["contacts"][0]["phones"][0]["number"], "+420 777 000 222");
    let terms: Vec<&str> =
        s["attributes"].as_array().unwrap().iter().map(|a| a["taxonomy_term"]["name"].as_str().unwrap()).collect();
    assert_eq!(terms, ["BEZPEČÍ", "MATERIÁLNÍ ZAJIŠTĚNÍ", "6–10 let", "rozvod rodičů"]);
    let club = services.iter().find(|s| s["name"] == "Klub Kotec").expect("the club");
    assert_eq!(club["capacities"], json!([]), "capacity kept from the public stays so");
    for secret in ["Tajná 1", "+420 999 000 111", "Skrytá Osoba", "soukromá poznámka", "Ukončená poradna"] {
        assert!(!answer.text.contains(secret), "{secret} is not public");
    }

    // The same records as tables: each validates, the datapackage names them.
    let records = {
        let model = app.app.models.read();
        uzel::interop::hsds::records(&model, &uzel::domain::ids::Slug::parse("tachov").unwrap(), app.app.now(), None)
    };
    for (table, _) in uzel::interop::hsds::TABLES {
        let validator = tabular(table);
        assert!(!records.of(table).is_empty(), "{table} has records");
        for record in records.of(table) {
            assert_valid(&validator, table, &Value::Object(record.clone()));
        }
    }
    let zip = raw(&app, "GET", "/api/v1/networks/tachov/hsds/datapackage.zip", "", None).await;
    assert_eq!(zip.status, 200);
    assert_eq!(zip.content_type, "application/zip");
    let mut archive = zip::ZipArchive::new(Cursor::new(zip.bytes)).expect("a zip");
    let mut text = |name: &str| {
        let mut out = String::new();
        archive.by_name(name).unwrap_or_else(|_| panic!("{name}")).read_to_string(&mut out).expect("UTF-8");
        out
    };
    let package: Value = serde_json::from_str(&text("datapackage.json")).expect("JSON");
    assert_eq!(package["profile"], "tabular-data-package");
    for resource in package["resources"].as_array().expect("resources") {
        let csv = text(resource["path"].as_str().unwrap());
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        let fields: Vec<&str> =
            resource["schema"]["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(header, fields, "{}", resource["path"]);
        let rows = csv.lines().count() - 1;
        assert_eq!(rows, records.of(resource["name"].as_str().unwrap()).len(), "{}", resource["path"]);
    }
    assert!(text("services.csv").contains("Azylový dům Domeček"));
}

#[actix_web::test]
async fn modified_after_gives_what_changed_since_and_what_left() {
    let app = spawn_app().await;
    let (shelter, ended) = network(&app).await;
    app.settled().await;
    let since = app.app.now();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    app.patch(&format!("/api/v1/networks/tachov/actors/{shelter}"), json!({"fields": {"opening_hours": "po–pá 8–16"}}))
        .await
        .expect(200);
    app.put(&format!("/api/v1/networks/tachov/actors/{ended}/status"), json!({"status": "temporarily_closed"}))
        .await
        .expect(200);
    let after = since.to_rfc3339_opts(chrono::SecondsFormat::Micros, true).replace('+', "%2B");
    let answer = app.get(&format!("/api/v1/networks/tachov/hsds/services?modified_after={after}")).await.expect(200);
    let services = answer.body.as_array().expect("services");
    let by_id: Vec<(&str, &str)> =
        services.iter().map(|s| (s["id"].as_str().unwrap(), s["status"].as_str().unwrap())).collect();
    assert_eq!(by_id.len(), 2, "{by_id:?}");
    assert!(by_id.contains(&(shelter.as_str(), "active")));
    assert!(by_id.contains(&(ended.as_str(), "temporarily closed")), "{by_id:?}");
    assert_eq!(
        services.iter().find(|s| s["id"] == shelter.as_str()).unwrap()["schedules"][0]["description"],
        "po–pá 8–16"
    );
    let service = validator("service");
    for s in services {
        assert_valid(&service, "service", s);
    }
    app.get("/api/v1/networks/tachov/hsds/services?modified_after=loni").await.problem(400, "bad-request");
}

/// The public `hsds-validator` (PyPI) that `scripts/test` installs.
fn hsds_validator() -> PathBuf {
    let dir = std::env::var("UZEL_HSDS_VALIDATOR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/hsds-validator"));
    assert!(
        dir.join("pkg/hsds_validator").is_dir(),
        "{} holds no hsds-validator: `scripts/test` installs it (or set UZEL_HSDS_VALIDATOR)",
        dir.display()
    );
    dir
}

#[actix_web::test]
async fn the_export_of_the_command_line_passes_the_public_hsds_validator() {
    let validator = hsds_validator();
    let app = spawn_app().await;
    network(&app).await;
    let dir = app.stop().await;
    let out = tempfile::tempdir().expect("a directory");
    let export = std::process::Command::new(env!("CARGO_BIN_EXE_uzel"))
        .args(["export", "hsds", "--network", "tachov", "--data"])
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("uzel runs");
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    for file in ["services.json", "datapackage.json", "services.csv", "taxonomy_terms.csv"] {
        assert!(out.path().join(file).is_file(), "{file}");
    }
    let services: Vec<_> = std::fs::read_dir(out.path().join("service")).expect("one file per service").collect();
    assert_eq!(services.len(), 2);
    // The validator reads a directory of the schemas alone.
    let only = tempfile::tempdir().expect("a directory");
    for entry in std::fs::read_dir(schemas()).expect("the schemas") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".json") && name != "openapi.json" {
            std::fs::copy(&path, only.path().join(name)).expect("copied");
        }
    }
    let run = std::process::Command::new(validator.join("bin/python"))
        .env("PYTHONPATH", validator.join("pkg"))
        .args(["-c", "import sys; from hsds_validator.cli.main import main; sys.argv[0] = 'hsds-validate'; main()"])
        .arg(out.path().join("service"))
        .arg(only.path())
        .output()
        .expect("the validator runs");
    let said = String::from_utf8_lossy(&run.stdout).into_owned();
    let json =
        &said[said.find('{').unwrap_or_else(|| panic!("no report: {said} {}", String::from_utf8_lossy(&run.stderr)))..];
    let report: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {said}"));
    assert_eq!(report["success"], true, "{report:#}");
    assert_eq!(report["summary"]["successful"], 2, "{report:#}");
}
