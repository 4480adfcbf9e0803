//! HSDS records written out: as JSON, one object per service with its
//! related records inside (organization, phones, schedules, service areas,
//! locations, contacts, capacities with units, attributes with their
//! terms), and as the tabular datapackage — a CSV per table and
//! `datapackage.json` describing them — zipped.

use std::io::{Cursor, Write};

use serde_json::{Map, Value as Json, json};

use super::hsds::{Records, TABLES};

fn related(records: &Records, table: &str, key: &str, id: &Json) -> Vec<Map<String, Json>> {
    records.of(table).iter().filter(|r| r.get(key) == Some(id)).cloned().collect()
}

fn one(records: &Records, table: &str, id: Option<&Json>) -> Option<Map<String, Json>> {
    let id = id?;
    records.of(table).iter().find(|r| r.get("id") == Some(id)).cloned()
}

/// Every service as one object, its related records inside.
pub fn services(records: &Records) -> Vec<Json> {
    records
        .of("service")
        .iter()
        .map(|service| {
            let id = &service["id"];
            let mut out = service.clone();
            if let Some(org) = one(records, "organization", service.get("organization_id")) {
                out.insert("organization".into(), Json::Object(org));
            }
            let contacts: Vec<Json> = related(records, "contact", "service_id", id)
                .into_iter()
                .map(|mut c| {
                    let phones = related(records, "phone", "contact_id", &c["id"]);
                    c.insert("phones".into(), json!(phones));
                    Json::Object(c)
                })
                .collect();
            out.insert("contacts".into(), Json::Array(contacts));
            let at_locations: Vec<Json> = related(records, "service_at_location", "service_id", id)
                .into_iter()
                .map(|mut sal| {
                    if let Some(location) = one(records, "location", sal.get("location_id")) {
                        sal.insert("location".into(), Json::Object(location));
                    }
                    Json::Object(sal)
                })
                .collect();
            out.insert("service_at_locations".into(), Json::Array(at_locations));
            out.insert("service_areas".into(), json!(related(records, "service_area", "service_id", id)));
            out.insert("schedules".into(), json!(related(records, "schedule", "service_id", id)));
            let capacities: Vec<Json> = related(records, "service_capacity", "service_id", id)
                .into_iter()
                .map(|mut c| {
                    if let Some(unit) = one(records, "unit", c.get("unit_id")) {
                        c.insert("unit".into(), Json::Object(unit));
                    }
                    Json::Object(c)
                })
                .collect();
            out.insert("capacities".into(), Json::Array(capacities));
            let attributes: Vec<Json> = related(records, "attribute", "link_id", id)
                .into_iter()
                .map(|mut a| {
                    if let Some(term) = one(records, "taxonomy_term", a.get("taxonomy_term_id")) {
                        a.insert("taxonomy_term".into(), Json::Object(term));
                    }
                    Json::Object(a)
                })
                .collect();
            out.insert("attributes".into(), Json::Array(attributes));
            Json::Object(out)
        })
        .collect()
}

/// The columns of `table`: the fields its records use, in the order first
/// seen (every record of a table has the same kind of fields).
fn columns(records: &Records, table: &str) -> Vec<String> {
    let mut out: Vec<String> = vec!["id".into()];
    for record in records.of(table) {
        for key in record.keys() {
            if !out.contains(key) {
                out.push(key.clone());
            }
        }
    }
    out
}

fn csv_cell(value: Option<&Json>) -> String {
    let text = match value {
        None | Some(Json::Null) => String::new(),
        Some(Json::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// `table` as CSV (UTF-8, `,`, a header row).
pub fn csv(records: &Records, table: &str) -> String {
    let columns = columns(records, table);
    let mut out = columns.join(",");
    out.push_str("\r\n");
    for record in records.of(table) {
        let row: Vec<String> = columns.iter().map(|c| csv_cell(record.get(c))).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

fn field_type(name: &str) -> &'static str {
    match name {
        "available" | "maximum" => "number",
        "last_modified" | "updated" => "datetime",
        _ => "string",
    }
}

/// `datapackage.json` for the tables of `records`.
pub fn datapackage(records: &Records, name: &str, title: &str) -> Json {
    let resources: Vec<Json> = TABLES
        .iter()
        .map(|(table, path)| {
            let fields: Vec<Json> =
                columns(records, table).iter().map(|c| json!({"name": c, "type": field_type(c)})).collect();
            json!({"name": table, "path": path, "profile": "tabular-data-resource", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": "id"}})
        })
        .collect();
    json!({"name": name, "title": title, "profile": "tabular-data-package",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": resources})
}

/// The datapackage zipped: `datapackage.json` and a CSV per table.
pub fn zipped(records: &Records, name: &str, title: &str) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let fail = |e: &dyn std::fmt::Display| format!("the datapackage cannot be written: {e}");
    let package = serde_json::to_vec_pretty(&datapackage(records, name, title)).map_err(|e| fail(&e))?;
    zip.start_file("datapackage.json", options).map_err(|e| fail(&e))?;
    zip.write_all(&package).map_err(|e| fail(&e))?;
    for (table, path) in TABLES {
        zip.start_file(*path, options).map_err(|e| fail(&e))?;
        zip.write_all(csv(records, table).as_bytes()).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}
