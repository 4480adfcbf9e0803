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

mod parameters;

use super::error::Problem;
use super::table::{ROUTES, Route};
use crate::auth::access::Access;

/// The document, built once.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(build)
}

/// The media type of a route's successful answer.
fn media(route: &Route) -> &'static str {
    let path = route.path;
    let api = path.starts_with("/api/");
    match path {
        "/metrics" => "text/plain",
        "/healthz" | "/readyz" | "/api/v1/openapi.json" => "application/json",
        "/api/v1/docs" | "/board" => "text/html",
        _ if path.ends_with(".css") => "text/css",
        _ if path.ends_with(".js") => "text/javascript",
        _ if path.ends_with(".csv") => "text/csv",
        _ if path.ends_with(".xlsx") && route.method == "GET" => XLSX,
        _ if path.ends_with(".zip") => "application/zip",
        _ if path.ends_with(".ics") || path.starts_with("/api/v1/calendar/") => "text/calendar",
        _ if path.ends_with(".atom") => "application/atom+xml",
        _ if path.ends_with(".rtf") => "application/rtf",
        _ if path.contains("/charts/") => "image/svg+xml",
        _ if path.ends_with("/document") || path.ends_with("/report/page") => "text/html",
        _ if !api => "text/html",
        _ => "application/json",
    }
}

/// The media type of a workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Every status a route answers, with its media types: its success, and
/// the problems any route of its kind may answer — by the guard (401, 403,
/// 404), by reading the request (400, 413, 415, 422), by the log (409, 503)
/// or by sign-in throttling (429). A page answers its problems as a page
/// or, from the guard, as a problem.
fn responses(route: &Route, answer: &Value, problem: &Value) -> Map<String, Value> {
    let api = route.path.starts_with("/api/");
    // The pages for people (and their downloads) answer problems as pages.
    let page = !api
        && route.path != "/board"
        && !route.path.starts_with("/assets/")
        && !matches!(route.path, "/metrics" | "/healthz" | "/readyz");
    let write = route.method != "GET";
    let problems = if page {
        json!({"application/problem+json": {"schema": problem}, "text/html": {"schema": {"type": "string"}}})
    } else {
        json!({"application/problem+json": {"schema": problem}})
    };
    let problem_answer = |what: &str| json!({"description": what, "content": problems});
    let mut responses = Map::new();
    let body = match media(route) {
        "application/json" => json!({"application/json": {"schema": answer}}),
        // A page's download shows a signed-out visitor the sign-in page.
        other if !api && other != "text/html" && route.path.starts_with("/site/") => {
            json!({ other: {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}} })
        }
        other => json!({ other: {"schema": {"type": "string"}} }),
    };
    let success = match (route.method, route.path) {
        (_, "/api/v1/board/ws") => "101",
        ("POST", "/api/v1/auth/logout") => "204",
        ("POST", "/api/v1/auth/tokens" | "/api/v1/admin/backups") => "201",
        ("POST", _) if route.writes => "201",
        _ => "200",
    };
    if success == "204" {
        responses.insert(success.into(), json!({"description": route.summary}));
    } else {
        responses.insert(success.into(), json!({"description": route.summary, "content": body}));
    }
    if route.method == "PUT" && route.writes {
        // A PUT creates what is not there yet.
        responses.insert("201".into(), json!({"description": "created", "content": body}));
    }
    if success == "101" {
        responses.insert("200".into(), json!({"description": "not a websocket handshake", "content": {"text/plain": {"schema": {"type": "string"}}}}));
    }
    if page {
        // Forms answer with a redirect (PRG), pages send a signed-out
        // visitor to sign in; a form with problems comes back as a page.
        responses.insert("303".into(), json!({"description": "see the page in Location"}));
        if write {
            responses.insert("422".into(), problem_answer("the form with each problem next to its field"));
        }
    }
    responses.insert("400".into(), problem_answer("malformed request: a parameter or the body does not fit"));
    responses.insert("401".into(), problem_answer("not signed in, or the API token is unknown or revoked"));
    responses.insert("403".into(), problem_answer("your roles do not allow this, or the CSRF token is missing"));
    responses.insert("404".into(), problem_answer("no such resource (or not in a network you may read)"));
    if write || api {
        responses.insert("409".into(), problem_answer("conflict with the current state or version"));
        responses.insert("413".into(), problem_answer("body larger than the limit"));
        responses.insert("415".into(), problem_answer("the body is not of the media type this route reads"));
        if !page {
            responses.insert("422".into(), problem_answer("invalid input, field by field"));
        }
    }
    if matches!(
        route.path,
        "/api/v1/auth/login" | "/api/v1/auth/token" | "/api/v1/auth/password" | "/prihlaseni" | "/heslo"
    ) {
        responses.insert("429".into(), problem_answer("too many failed sign-ins; wait the Retry-After seconds"));
    }
    responses
        .insert("503".into(), problem_answer("storage failing or read models catching up; retry after Retry-After"));
    responses
}

fn build() -> Value {
    // OpenAPI 3.1 takes JSON Schema 2020-12 as it is: a field that may be
    // null is `type: [.., "null"]`, not 3.0's `nullable`.
    let settings = |contract: SchemaSettings| {
        let mut settings = contract;
        settings.definitions_path = "/components/schemas".into();
        settings.meta_schema = None;
        settings
    };
    let mut generator = SchemaGenerator::new(settings(SchemaSettings::draft2020_12().for_serialize()));
    // Request bodies as the server reads them: a field with a default may
    // be left out.
    let mut inputs = SchemaGenerator::new(settings(SchemaSettings::draft2020_12().for_deserialize()));
    let mut bodies: Vec<(&str, &str)> = Vec::new();
    let problem = generator.subschema_for::<Problem>().to_value();
    let mut paths: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    for route in ROUTES {
        let mut operation = Map::new();
        operation.insert("operationId".into(), json!(operation_id(route)));
        operation.insert("summary".into(), json!(route.summary));
        let tag = route.path.split('/').nth(4).unwrap_or("health").to_owned();
        let tag = if route.path.starts_with("/api/v1/regions") { "regions".to_owned() } else { tag };
        operation.insert("tags".into(), json!([if route.path.starts_with("/api/") { tag } else { "health".into() }]));
        operation.insert("parameters".into(), Value::Array(parameters::of(route, &mut inputs)));
        operation.insert("x-access".into(), json!(route.access.code()));
        if route.access != Access::Public {
            operation.insert("security".into(), json!([{"bearer": []}, {"session": []}]));
        }
        if let Some(body) = route.body {
            let schema = body(&mut inputs).to_value();
            // Marking reviewed and ending take an optional body (an effective date).
            let required = !matches!(route.operation, "actors::review" | "platforms::end");
            operation.insert(
                "requestBody".into(),
                json!({"required": required, "content": {"application/json": {"schema": schema}}}),
            );
            bodies.push((route.path, route.method));
        }
        let answer = route.answer.map_or_else(|| json!({}), |a| a(&mut generator).to_value());
        let responses = responses(route, &answer, &problem);
        operation.insert("responses".into(), Value::Object(responses));
        paths.entry(route.path).or_default().insert(route.method.to_lowercase(), Value::Object(operation));
    }
    let mut schemas: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    let mut input_schemas: Map<String, Value> = inputs.take_definitions(true).into_iter().collect();
    // A type read differently from how it is written gets a schema of its
    // own for reading, `{name}Input`; the same schema is shared.
    let renamed: Vec<String> = input_schemas
        .iter()
        .filter(|(name, schema)| schemas.get(name.as_str()).is_some_and(|written| written != *schema))
        .map(|(name, _)| name.clone())
        .collect();
    let rename = |value: &mut Value| rename_refs(value, &renamed);
    for (path, method) in &bodies {
        let operation = paths.get_mut(path).and_then(|p| p.get_mut(&method.to_lowercase()));
        if let Some(body) = operation.and_then(|o| o.get_mut("requestBody")) {
            rename(body);
        }
    }
    for (name, mut schema) in std::mem::take(&mut input_schemas) {
        rename(&mut schema);
        let name = if renamed.contains(&name) { format!("{name}Input") } else { name };
        schemas.insert(name, schema);
    }
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

/// Points every `$ref` to a schema in `renamed` at its `{name}Input`.
fn rename_refs(value: &mut Value, renamed: &[String]) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref")
                && let Some(name) = target.strip_prefix("#/components/schemas/")
                && renamed.iter().any(|r| r == name)
            {
                *target = format!("{target}Input");
            }
            map.values_mut().for_each(|v| rename_refs(v, renamed));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, renamed)),
        _ => {}
    }
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
