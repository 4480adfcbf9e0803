//! What every handler shares: reading write metadata from headers, parsing
//! path parts, waiting for `min_position`, answering writes.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::error::ApiError;
use crate::app::{App, Meta, Written};
use crate::auth::Principal;
use crate::domain::ids::Slug;

/// The largest request body accepted, in bytes.
pub const MAX_BODY: usize = 256 << 10;
/// How long a read waits for `min_position`.
pub const MIN_POSITION_WAIT: Duration = Duration::from_secs(5);

/// The shared state of every handler.
pub type State = web::Data<App>;

/// A network or region slug from the path; anything else is not found.
pub fn slug(text: &str, what: &str) -> Result<Slug, ApiError> {
    Slug::parse(text).map_err(|_| ApiError::not_found(format!("{what} {text:?} does not exist")))
}

/// A UUID from the path; anything else is not found.
pub fn uuid(text: &str, what: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text).map_err(|_| ApiError::not_found(format!("{what} {text:?} does not exist")))
}

/// An id the client chose for a new entity, or a fresh UUID v7.
pub fn new_id(given: Option<Uuid>) -> Uuid {
    given.unwrap_or_else(Uuid::now_v7)
}

fn header<'a>(req: &'a HttpRequest, name: &str) -> Result<Option<&'a str>, ApiError> {
    match req.headers().get(name) {
        None => Ok(None),
        Some(value) => {
            value.to_str().map(Some).map_err(|_| ApiError::bad_request(format!("the {name} header is not text")))
        }
    }
}

/// The write metadata of a request: `If-Match`, `Idempotency-Key`, the
/// author and the effective date from the body.
pub fn meta(req: &HttpRequest, effective_at: Option<DateTime<Utc>>) -> Result<Meta, ApiError> {
    let expected = header(req, "if-match")?
        .map(|v| {
            let v = v.trim().trim_start_matches("W/").trim_matches('"');
            v.parse::<u64>().map_err(|_| {
                ApiError::bad_request(format!("If-Match must be the version number from the last answer, not {v:?}"))
            })
        })
        .transpose()?;
    let idempotency_key = header(req, "idempotency-key")?
        .map(|v| Uuid::parse_str(v.trim()).map_err(|_| ApiError::bad_request("Idempotency-Key must be a UUID")))
        .transpose()?;
    let author = crate::auth::author_of(req.extensions().get::<Principal>().and_then(|p| p.user));
    Ok(Meta { author, effective_at, expected, idempotency_key, recorded_at: None })
}

/// Answers a write: `{"id", "position", "version"}` with the version as ETag.
pub fn written(status: StatusCode, written: Written) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    if let Some(version) = written.version
        && let Ok(etag) = HeaderValue::from_str(&format!("\"{version}\""))
    {
        response.insert_header((header::ETAG, etag));
    }
    response.json(written)
}

/// The `min_position` parameter of reads.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct MinPosition {
    /// Wait until the read models have applied this position.
    pub min_position: Option<u64>,
}

/// Waits until the read models have applied `min_position`, if given:
/// refuses a position the log does not have, and answers 503 (with
/// `Retry-After`) if the models do not get there in time. On a log several
/// nodes share, a position past this node's end may be another node's
/// write not seen here yet: it is waited for too.
pub async fn wait(app: &App, min_position: Option<u64>) -> Result<(), ApiError> {
    let Some(position) = min_position else { return Ok(()) };
    let last = app.log.last_position();
    if position > last && !app.log.shared() {
        return Err(ApiError::bad_request(format!(
            "min_position {position} is past the end of the log ({last}); use the position a write answered with"
        )));
    }
    if app.models.wait_for(position, MIN_POSITION_WAIT).await {
        return Ok(());
    }
    let detail = if position > app.log.last_position() {
        format!("this node has not seen position {position} of the log yet")
    } else {
        "the read models are still catching up".to_owned()
    };
    Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "Try again shortly", detail))
}

/// The `min_position` of a query string, if it has one.
pub fn min_position_in(query: &str) -> Result<Option<u64>, ApiError> {
    let Some(value) = query.split('&').find_map(|pair| pair.strip_prefix("min_position=")) else {
        return Ok(None);
    };
    value.parse::<u64>().map(Some).map_err(|_| {
        ApiError::bad_request(format!("min_position must be a log position (a whole number), not {value:?}"))
    })
}

/// Splits query pairs into the given options and the rest (the filter).
pub fn query_pairs(req: &HttpRequest) -> Result<Vec<(String, String)>, ApiError> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
        .map_err(|e| ApiError::bad_request(format!("the query string is malformed: {e}")))
}

/// A JSON body that may be left out: no body (or only whitespace) is
/// `None`; a body that is there must be JSON of the right shape, or the
/// request is refused (415 or 400) — never taken as if none was sent.
#[derive(Debug)]
pub struct MaybeJson<T>(pub Option<T>);

impl<T: serde::de::DeserializeOwned + 'static> actix_web::FromRequest for MaybeJson<T> {
    type Error = ApiError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let bytes = web::Bytes::from_request(req, payload);
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
        Box::pin(async move {
            let bytes = bytes.await.map_err(|e| ApiError::bad_request(format!("the body cannot be read: {e}")))?;
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Ok(Self(None));
            }
            if !json.as_deref().is_some_and(|t| t == "application/json" || t.ends_with("+json")) {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "Send JSON",
                    "send the body as JSON with Content-Type: application/json, or send no body",
                ));
            }
            serde_json::from_slice(&bytes)
                .map(|v| Self(Some(v)))
                .map_err(|e| ApiError::bad_request(format!("the JSON body does not fit this request: {e}")))
        })
    }
}
