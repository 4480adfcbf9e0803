//! The OpenAPI 3.1 document, generated from the route table and the
//! handlers' body and answer types (their JSON Schemas, by schemars), and a
//! human-readable page of it that needs nothing from the internet.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use actix_web::HttpResponse;
use actix_web::http::header::ContentType;
use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::error::Problem;
use super::table::{ROUTES, Route};
use crate::auth::access::Access;

/// The document, built once.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(build)
}

fn parameters(route: &Route) -> Vec<Value> {
    let mut out: Vec<Value> = route
        .path
        .split('/')
        .filter_map(|part| part.strip_prefix('{').and_then(|p| p.strip_suffix('}')))
        .map(|name| {
            let description = match name {
                "region" | "network" => "readable identifier (slug), e.g. `ustecky`, `tachov`",
                _ => "UUID",
            };
            json!({"name": name, "in": "path", "required": true, "description": description, "schema": {"type": "string"}})
        })
        .collect();
    if route.method == "GET" && route.path.starts_with("/api/") {
        out.push(json!({
            "name": "min_position", "in": "query", "required": false,
            "description": "wait (up to 5 s) until the read models have applied this log position — the `position` a write answered",
            "schema": {"type": "integer", "minimum": 0}
        }));
    }
    if crate::http::at::ROUTES_AS_OF.contains(&route.operation) {
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
    if route.method != "GET" && route.method != "DELETE" || route.writes {
        out.push(json!({"name": "If-Match", "in": "header", "required": false, "description": "the entity's version from the last answer; a mismatch is 409 with the current version", "schema": {"type": "string"}}));
        out.push(json!({"name": "Idempotency-Key", "in": "header", "required": false, "description": "a UUID; a retried request with the same key returns the first answer and writes nothing", "schema": {"type": "string", "format": "uuid"}}));
    }
    out
}

fn build() -> Value {
    let mut generator = SchemaGenerator::new(SchemaSettings::openapi3().for_serialize());
    let problem = generator.subschema_for::<Problem>();
    let mut paths: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    for route in ROUTES {
        let mut operation = Map::new();
        operation.insert("operationId".into(), json!(operation_id(route)));
        operation.insert("summary".into(), json!(route.summary));
        let tag = route.path.split('/').nth(4).unwrap_or("health").to_owned();
        let tag = if route.path.starts_with("/api/v1/regions") { "regions".to_owned() } else { tag };
        operation.insert("tags".into(), json!([if route.path.starts_with("/api/") { tag } else { "health".into() }]));
        operation.insert("parameters".into(), Value::Array(parameters(route)));
        operation.insert("x-access".into(), json!(route.access.code()));
        if route.access != Access::Public {
            operation.insert("security".into(), json!([{"bearer": []}, {"session": []}]));
        }
        if let Some(body) = route.body {
            let schema = body(&mut generator);
            // Marking reviewed and ending take an optional body (an effective date).
            let required = !matches!(route.operation, "actors::review" | "platforms::end");
            operation.insert(
                "requestBody".into(),
                json!({"required": required, "content": {"application/json": {"schema": schema}}}),
            );
        }
        let success = if route.method == "POST" && route.writes { "201" } else { "200" };
        let answer = route.answer.map_or_else(|| json!({"type": "object"}), |a| a(&mut generator).to_value());
        let problem_answer =
            |what: &str| json!({"description": what, "content": {"application/problem+json": {"schema": problem}}});
        let mut responses = Map::new();
        responses.insert(
            success.into(),
            json!({"description": route.summary, "content": {"application/json": {"schema": answer}}}),
        );
        responses.insert("400".into(), problem_answer("malformed request"));
        responses.insert("404".into(), problem_answer("no such resource (or not in a network you may read)"));
        if route.access != Access::Public {
            responses.insert("401".into(), problem_answer("not signed in, or the API token is unknown or revoked"));
            responses
                .insert("403".into(), problem_answer("your roles do not allow this, or the CSRF token is missing"));
        }
        if route.writes {
            responses.insert("409".into(), problem_answer("conflict with the current state or version"));
            responses.insert("413".into(), problem_answer("body larger than 256 KiB"));
            responses.insert("422".into(), problem_answer("invalid input, field by field"));
        }
        responses.insert("503".into(), problem_answer("storage failing or read models catching up; retry"));
        operation.insert("responses".into(), Value::Object(responses));
        paths.entry(route.path).or_default().insert(route.method.to_lowercase(), Value::Object(operation));
    }
    let schemas: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "uzel",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Maps, plans and evaluates networks of services for children and families. Every write answers {\"id\", \"position\", \"version\"}; errors are application/problem+json."
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "an API token from POST /api/v1/auth/token"},
                "session": {"type": "apiKey", "in": "cookie", "name": "uzel_session", "description": "from POST /api/v1/auth/login; writes also send X-CSRF-Token"}
            }
        }
    })
}

/// `GET /api/v1/openapi.json`
pub async fn json() -> HttpResponse {
    HttpResponse::Ok().json(document())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `GET /api/v1/docs`: the API described for people — every route with its
/// summary, parameters and body schema, as one plain HTML page without
/// scripts or external assets.
pub async fn page() -> HttpResponse {
    let doc = document();
    let mut html = String::from(
        "<!doctype html><html lang=\"cs\"><head><meta charset=\"utf-8\"><title>uzel – API</title>\
         <link rel=\"stylesheet\" href=\"/assets/uzel.css\"></head><body>\
         <h1>uzel – API v1</h1><p>Popis rozhraní pro integrace. Strojově čitelný popis: \
         <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>\
         <p>Každý zápis odpovídá <code>{\"id\", \"position\", \"version\"}</code>; chyby jsou \
         <code>application/problem+json</code>. Hlavička <code>If-Match</code> hlídá souběžné změny, \
         <code>Idempotency-Key</code> činí opakování bezpečným, <code>?min_position=N</code> počká na vlastní zápis.</p>",
    );
    let mut current_tag = String::new();
    for route in ROUTES {
        let operation = &doc["paths"][route.path][route.method.to_lowercase()];
        let tag = operation["tags"][0].as_str().unwrap_or("").to_owned();
        if tag != current_tag {
            html.push_str(&format!("<h2>{}</h2>", escape(&tag)));
            current_tag = tag;
        }
        html.push_str(&format!(
            "<p><span class=\"m\">{}</span><code>{}</code> — {} <span class=\"who\">({})</span></p>",
            route.method,
            escape(route.path),
            escape(route.summary),
            route.access.describe_cs()
        ));
        if let Some(body) = operation["requestBody"]["content"]["application/json"]["schema"].as_object() {
            let pretty = serde_json::to_string_pretty(&resolve(doc, &Value::Object(body.clone()))).unwrap_or_default();
            html.push_str(&format!(
                "<details><summary>tělo požadavku</summary><pre>{}</pre></details>",
                escape(&pretty)
            ));
        }
    }
    html.push_str("</body></html>");
    HttpResponse::Ok().content_type(ContentType::html()).body(html)
}

/// A schema with its top-level `$ref` replaced by the referenced schema.
fn resolve(doc: &Value, schema: &Value) -> Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => doc["components"]["schemas"][name].clone(),
        None => schema.clone(),
    }
}

/// The operation id: the handler's name, and for a handler that serves
/// networks and regions alike, which of them (`plans_get_regions`).
fn operation_id(route: &Route) -> String {
    let id = route.operation.replace("::", "_");
    let shared = ROUTES.iter().filter(|r| r.operation == route.operation).count() > 1;
    match route.path.strip_prefix("/api/v1/").and_then(|p| p.split('/').next()) {
        Some(scope) if shared => format!("{id}_{scope}"),
        // A page handler serving several forms: the path's words tell them apart.
        None if shared => {
            let words: Vec<String> = route
                .path
                .split('/')
                .filter(|s| !s.is_empty() && *s != "site" && *s != "{network}")
                .map(|s| s.trim_matches(['{', '}']).replace(|c: char| !c.is_ascii_alphanumeric(), "_"))
                .collect();
            format!("{id}_{}", words.join("_"))
        }
        _ => id,
    }
}
