//! The HTTP API (actix-web, JSON under `/api/v1`). Handlers parse, call the
//! app or a read model, and render; they hold no business rules.
//!
//! - `table.rs` (the [`ROUTES`] table) — every route once: method, path,
//!   handler, summary; the server, the OpenAPI document and the tests all
//!   read it;
//! - `routes/` — the handlers, one file per resource family;
//! - `guard.rs` — who is asking, CSRF, and each route's access rule, in
//!   front of every handler; `headers.rs` — security headers on every answer;
//! - `error.rs` — problem+json answers; `parser_answers.rs` — the HTTP
//!   parser's own answers made problems; `support.rs` — shared extraction;
//!   `at.rs` — reads as of a past date;
//!   `fields.rs` — field values in JSON; `peer.rs` — the client's address
//!   behind a trusted proxy, and who reads `/metrics`.

pub mod assets;
pub mod at;
pub mod error;
pub mod fields;
pub mod guard;
pub mod headers;
pub mod idempotency;
pub mod named;
pub mod openapi;
pub mod params;
pub mod parser_answers;
pub mod peer;
pub mod plan_document;
pub mod report_page;
pub mod routes;
pub mod support;
mod table;
pub mod upgrade;

use std::net::TcpListener;

use actix_http::HttpService;
use actix_service::{IntoServiceFactory, ServiceFactoryExt, fn_service, map_config};
use actix_web::dev::{AppConfig, Server};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError, UrlencodedError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use self::error::ApiError;
pub use self::table::{ROUTES, Route};
use crate::app::App;

/// Answers a body that is not the JSON a route expects.
fn json_error(error: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    let problem = match &error {
        JsonPayloadError::Overflow { limit } | JsonPayloadError::OverflowKnownLength { limit, .. } => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            "The request body is too large",
            format!("request bodies are limited to {limit} bytes"),
        ),
        JsonPayloadError::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Send JSON",
            "send the body as JSON with Content-Type: application/json",
        ),
        JsonPayloadError::Deserialize(e) => {
            ApiError::bad_request(format!("the JSON body does not fit this request: {e}"))
        }
        other => ApiError::bad_request(format!("the JSON body cannot be read: {other}")),
    };
    problem.into()
}

fn form_error(error: UrlencodedError, _: &HttpRequest) -> actix_web::Error {
    let problem = match &error {
        UrlencodedError::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Send a form",
            "send the page's form as application/x-www-form-urlencoded",
        ),
        UrlencodedError::Overflow { limit, .. } => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            "The request body is too large",
            format!("request bodies are limited to {limit} bytes"),
        ),
        other => ApiError::bad_request(format!("the form cannot be read: {other}")),
    };
    problem.into()
}

fn query_error(error: QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::bad_request(format!("the query parameters do not fit this request: {error}")).into()
}

fn path_error(error: PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::not_found(format!("nothing at this address: {error}")).into()
}

/// The methods the route table serves at `path` (a request's path).
fn methods_at(path: &str) -> Vec<&'static str> {
    static PATTERNS: std::sync::OnceLock<Vec<(actix_web::dev::ResourceDef, &'static str)>> = std::sync::OnceLock::new();
    let patterns =
        PATTERNS.get_or_init(|| ROUTES.iter().map(|r| (actix_web::dev::ResourceDef::new(r.path), r.method)).collect());
    let mut methods: Vec<&'static str> =
        patterns.iter().filter(|(def, _)| def.is_match(path)).map(|(_, method)| *method).collect();
    methods.sort_unstable();
    methods.dedup();
    methods
}

/// What no route answers: 405 with `Allow` when the path is served with
/// other methods, 404 otherwise — both as problems.
async fn no_route(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let methods = methods_at(req.path());
    if methods.is_empty() {
        return Err(ApiError::not_found(format!("no resource at {}; see /api/v1/openapi.json", req.path())));
    }
    let allow = methods.join(", ");
    let problem = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "Method not allowed",
        format!("{} is served with {allow}, not {}", req.path(), req.method()),
    );
    let mut response = actix_web::ResponseError::error_response(&problem);
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&allow) {
        response.headers_mut().insert(actix_web::http::header::ALLOW, value);
    }
    Ok(response)
}

/// Registers every route of [`ROUTES`] with the app's state and the error
/// answers of malformed requests.
pub fn configure(app: App) -> impl Fn(&mut web::ServiceConfig) + Clone {
    move |cfg: &mut web::ServiceConfig| {
        cfg.app_data(web::Data::new(app.clone()))
            .app_data(web::JsonConfig::default().limit(support::MAX_BODY).error_handler(json_error))
            .app_data(web::QueryConfig::default().error_handler(query_error))
            .app_data(web::FormConfig::default().limit(support::MAX_BODY).error_handler(form_error))
            .app_data(web::PathConfig::default().error_handler(path_error));
        table::register(cfg);
        cfg.default_service(web::to(no_route));
    }
}

/// Starts serving `app` on `listener` with `workers` threads; the returned
/// server stops by its handle (`server::run` stops it on SIGINT/SIGTERM).
/// Requests to switch protocols go through the same app (`upgrade.rs`).
pub fn serve(app: App, listener: TcpListener, workers: usize) -> std::io::Result<Server> {
    let configure = configure(app);
    let addr = listener.local_addr()?;
    let server = Server::build()
        .workers(workers.max(1))
        // `server::run` handles the signals: board sockets close first.
        .disable_signals()
        .shutdown_timeout(10)
        .listen("uzel", listener, move || {
            let configure = configure.clone();
            let build = move || {
                actix_web::App::new()
                    .wrap(headers::security())
                    .wrap(actix_web::middleware::from_fn(crate::observe::request::log))
                    .configure(configure.clone())
            };
            // The app's configuration. actix-web's own server fills it from
            // the listener, but that constructor is private to actix-web (it
            // is public only as a test helper); the default differs from it
            // only in the host a request without a `Host` header is taken
            // to name (`localhost:8080`; HTTP/1.1 requires the header).
            let config = AppConfig::default();
            let upgrade = upgrade::service(build().into_factory(), config.clone());
            let service = HttpService::build()
                .client_disconnect_timeout(std::time::Duration::from_secs(1))
                .local_addr(addr)
                .upgrade(upgrade)
                .finish(map_config(build().into_factory(), move |_| config.clone()));
            // Each socket wrapped so that the HTTP parser's own answers
            // are problems too (`parser_answers.rs`).
            fn_service(|io: tokio::net::TcpStream| {
                let peer = io.peer_addr().ok();
                std::future::ready(Ok((parser_answers::Connection::new(io), actix_http::Protocol::Http1, peer)))
            })
            .and_then(service)
        })?
        .run();
    Ok(server)
}
