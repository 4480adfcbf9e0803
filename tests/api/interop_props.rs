//! Arbitrary actors survive the workbook: entered through the API, exported,
//! imported into an empty network of another data directory, they read the
//! same field by field (terms are matched by name, so their ids are the
//! target's own); and imported back into their own network they change
//! nothing.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use crate::helpers::spawn_app;
use crate::interop::raw;

/// Text as people type it: Czech letters, digits, punctuation the cells
/// treat specially (`;`, quotes, `=`), never blank at either end.
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!(
        "[A-Za-zěščřžýáíéůúťďňĚŠČŘŽÝÁÍÉŮ0-9][A-Za-zěščřžýáíéůú0-9 ;,.\"'=+()–-]{{0,{max}}}[a-zěščřžů0-9.)]"
    ))
    .expect("a regex")
}

fn actor() -> impl Strategy<Value = Map<String, Value>> {
    (
        text(40),
        proptest::option::of(text(200)),
        proptest::sample::select(vec!["municipality", "ngo", "region", "state", "church", "private"]),
        proptest::sample::subsequence(vec!["outpatient", "field", "residential"], 0..=3),
        any::<bool>(),
        proptest::sample::subsequence(
            vec!["relationships", "safety", "health", "learning", "behaviour", "material"],
            0..=6,
        ),
        proptest::option::of((proptest::sample::select(vec!["bed", "client", "hour"]), 1u32..500)),
        proptest::option::of("\\+420 [0-9]{3} [0-9]{3} [0-9]{3}"),
        any::<bool>(),
    )
        .prop_map(|(name, description, founder, forms, online, areas, capacity, phone, with_group)| {
            let mut fields = Map::new();
            fields.insert("name".into(), json!(name));
            if let Some(d) = description {
                fields.insert("description".into(), json!(d));
            }
            fields.insert("founder".into(), json!(founder));
            if !forms.is_empty() {
                fields.insert("forms".into(), json!(forms));
            }
            fields.insert("online".into(), json!(online));
            if !areas.is_empty() {
                fields.insert("need_areas".into(), json!(areas));
            }
            if let Some((unit, max)) = capacity {
                fields.insert("capacities".into(), json!([{"unit": unit, "max": max}]));
            }
            if let Some(p) = phone {
                fields.insert("phone".into(), json!(p));
            }
            fields.insert("with_group".into(), json!(with_group));
            fields
        })
}

/// An actor's fields with its term ids replaced by their names.
fn readable(body: &Value, terms: &Map<String, Value>) -> Value {
    let mut fields = body["fields"].as_object().cloned().unwrap_or_default();
    if let Some(Value::Array(ids)) = fields.get_mut("target_groups") {
        for id in ids.iter_mut() {
            *id = terms.get(id.as_str().unwrap_or_default()).cloned().unwrap_or(Value::Null);
        }
    }
    json!({"fields": fields, "status": body["status"]})
}

/// The network's target groups: id → name.
async fn group_names(app: &crate::helpers::TestApp) -> Map<String, Value> {
    let network = app.get("/api/v1/networks/tachov").await;
    let mut names = Map::new();
    for t in network.body["target_groups"].as_array().cloned().unwrap_or_default() {
        names.insert(t["id"].as_str().unwrap_or_default().to_owned(), t["name"].clone());
    }
    names
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_actors_survive_export_and_import(actors in proptest::collection::vec(actor(), 1..5)) {
        // Names are the actors' identity in a workbook without ids: unique.
        let mut names: Vec<String> = actors.iter().map(|a| a["name"].as_str().unwrap().to_lowercase()).collect();
        names.sort();
        names.dedup();
        prop_assume!(names.len() == actors.len());
        actix_web::rt::System::new().block_on(async move {
            let source = spawn_app().await;
            let (group, _, _) = source.tachov().await;
            let mut ids = Vec::new();
            for mut fields in actors {
                if fields.remove("with_group") == Some(json!(true)) {
                    fields.insert("target_groups".into(), json!([group]));
                }
                let answer = source.post("/api/v1/networks/tachov/actors", json!({"fields": fields})).await;
                assert_eq!(answer.status.as_u16(), 201, "{fields:?}: {}", answer.body);
                ids.push(answer.id());
            }
            let export = raw(&source, "GET", "/api/v1/networks/tachov/export.xlsx", &source.admin_token, None).await;
            let again = raw(&source, "POST", "/api/v1/networks/tachov/import.xlsx", &source.admin_token, Some(export.bytes.clone())).await;
            assert_eq!(again.json()["report"]["unchanged"].as_u64(), Some(ids.len() as u64), "{}", again.json());

            let target = spawn_app().await;
            target.tachov().await;
            let import = raw(&target, "POST", "/api/v1/networks/tachov/import.xlsx?dry_run=false", &target.admin_token, Some(export.bytes)).await;
            assert_eq!(import.status, 200, "{}", String::from_utf8_lossy(&import.bytes));
            let (from, to) = (group_names(&source).await, group_names(&target).await);
            for id in &ids {
                let one = source.get(&format!("/api/v1/networks/tachov/actors/{id}")).await;
                let two = target.get(&format!("/api/v1/networks/tachov/actors/{id}")).await;
                assert_eq!(readable(&one.body, &from), readable(&two.body, &to), "actor {id}");
            }
        });
    }
}
