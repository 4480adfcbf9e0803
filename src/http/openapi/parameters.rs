//! A route's parameters in the OpenAPI document: its path's, its query
//! type's (each field a parameter, from its JSON Schema as the server
//! reads it), `min_position` and `as_of` where the server reads them, and
//! the write headers.

use schemars::SchemaGenerator;
use serde_json::{Value, json};

use crate::http::table::Route;

/// Every parameter of `route`; query types' schemas go into `inputs`.
pub(super) fn of(route: &Route, inputs: &mut SchemaGenerator) -> Vec<Value> {
    let mut out = path(route);
    if let Some(query) = route.query {
        out.extend(query_fields(query(inputs).to_value()));
    }
    let declared = |out: &[Value], name: &str| out.iter().any(|p| p["in"] == "query" && p["name"] == name);
    let api = route.path.starts_with("/api/");
    // The guard waits for `min_position` on every read of the API.
    if route.method == "GET" && api && !declared(&out, "min_position") {
        out.push(json!({
            "name": "min_position", "in": "query", "required": false,
            "description": "wait (up to 5 s) until the read models have applied this log position — the `position` a write answered",
            "schema": {"type": "integer", "minimum": 0}
        }));
    }
    if crate::http::at::ROUTES_AS_OF.contains(&route.operation) && !declared(&out, "as_of") {
        out.push(json!({
            "name": "as_of", "in": "query", "required": false,
            "description": "answer as the network was on this date (`2025-06-30`: the end of that day, UTC) or instant (RFC 3339)",
            "schema": {"type": "string"}
        }));
        out.push(json!({
            "name": "clock", "in": "query", "required": false,
            "description": "which date `as_of` goes by: `effective` (when changes took effect, the default) or `recorded` (what the database knew then)",
            "schema": {"type": "string", "enum": ["effective", "recorded"]}
        }));
    }
    if api && (route.method != "GET" && route.method != "DELETE" || route.writes) {
        out.push(json!({"name": "If-Match", "in": "header", "required": false, "description": "the entity's version from the last answer (its ETag; the quotes may be left out); a mismatch is 409 with the current version", "schema": {"type": "integer", "minimum": 0}}));
        out.push(json!({"name": "Idempotency-Key", "in": "header", "required": false, "description": "a UUID; a retried request with the same key returns the first answer and writes nothing", "schema": {"type": "string", "format": "uuid"}}));
    }
    out
}

/// The parameters of the route's path.
fn path(route: &Route) -> Vec<Value> {
    route
        .path
        .split('/')
        .filter_map(|part| part.strip_prefix('{').and_then(|p| p.strip_suffix('}')))
        .map(|name| {
            let (description, schema) = match name {
                "region" | "network" => (
                    "readable identifier (slug), e.g. `ustecky`, `tachov`: 2–63 lowercase letters, digits and single dashes",
                    json!({"type": "string", "pattern": "^[a-z][a-z0-9-]{0,61}[a-z0-9]$"}),
                ),
                "year" => ("a calendar year, e.g. 2026", json!({"type": "integer", "minimum": 1, "maximum": 9999})),
                "chart" => ("which chart", json!({"type": "string", "enum": crate::http::routes::report::CHARTS})),
                "section" => ("the section's code in the plan", json!({"type": "string"})),
                "token" if route.path.starts_with("/api/v1/calendar/") => {
                    ("the key of a calendar link", json!({"type": "string"}))
                }
                _ => ("UUID", json!({"type": "string", "format": "uuid"})),
            };
            json!({"name": name, "in": "path", "required": true, "description": description, "schema": schema})
        })
        .collect()
}

/// One query parameter per field of a query type's object schema; a list
/// is the parameter repeated (`need_area=health&need_area=safety`).
fn query_fields(schema: Value) -> Vec<Value> {
    let required: Vec<&str> =
        schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let Some(properties) = schema["properties"].as_object() else { return Vec::new() };
    properties
        .iter()
        .map(|(name, property)| {
            let mut property = property.clone();
            let description = property.as_object_mut().and_then(|p| p.remove("description"));
            not_null(&mut property);
            let list = property["type"] == "array";
            let mut parameter =
                json!({"name": name, "in": "query", "required": required.contains(&name.as_str()), "schema": property});
            if let Some(description) = description {
                parameter["description"] = description;
            }
            if list {
                parameter["style"] = json!("form");
                parameter["explode"] = json!(true);
            }
            parameter
        })
        .collect()
}

/// A query parameter is there or not, never null: `null` leaves the
/// schema's types, and an `anyOf` of a schema and null becomes the schema.
fn not_null(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else { return };
    if object.get("default") == Some(&Value::Null) {
        object.remove("default");
    }
    if let Some(Value::Array(types)) = object.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            object.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(any)) = object.get("anyOf") {
        let rest: Vec<Value> = any.iter().filter(|s| s["type"] != "null").cloned().collect();
        if let [only] = rest.as_slice()
            && let Some(inner) = only.as_object()
        {
            let inner = inner.clone();
            object.remove("anyOf");
            object.extend(inner);
        }
    }
}
