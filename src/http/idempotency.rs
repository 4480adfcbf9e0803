//! Writes sent with an `Idempotency-Key` (`docs/api.md`, "Retries"): the
//! first answer is kept ([`crate::app::idempotency`]); an exact retry gets
//! it again, byte for byte, with `Idempotent-Replayed: true`; the key sent
//! with a different request (method, address or body) is refused with 422
//! `idempotency-key-reused` and nothing is written; the same key while its
//! first request is still being answered gets 409 with `Retry-After`.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{Error, FromRequest, HttpResponse, ResponseError, web};
use uuid::Uuid;

use super::error::ApiError;
use crate::app::App;
use crate::app::idempotency::{Lookup, Stored, fingerprint};
use crate::auth::Principal;

/// The headers of an answer that a replay repeats.
const KEPT_HEADERS: [header::HeaderName; 3] = [header::CONTENT_TYPE, header::ETAG, header::LOCATION];

/// The key of a write that carries a well-formed one (a malformed key is
/// left to the handler, which refuses it). Sign-in and token routes keep no
/// answers: theirs carry secrets, which are not stored at rest.
pub fn key_of(req: &ServiceRequest) -> Option<Uuid> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || req.path().starts_with("/api/v1/auth/")
    {
        return None;
    }
    let value = req.headers().get("idempotency-key")?.to_str().ok()?;
    Uuid::parse_str(value.trim()).ok()
}

fn problem(req: ServiceRequest, error: ApiError) -> ServiceResponse<BoxBody> {
    let retry = error.0.status == 409;
    let mut response = error.error_response();
    if retry {
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
    }
    req.into_response(response)
}

/// Runs a write with `key`: answers a retry from the kept answer, refuses a
/// reused key, or runs it and keeps its answer if it succeeded.
pub async fn around(
    app: &App,
    principal: &Principal,
    key: Uuid,
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let (http, mut payload) = req.into_parts();
    // A workbook sent for import is larger than any JSON body.
    let limit =
        if http.path().ends_with("/import.xlsx") { crate::interop::book::MAX_BYTES } else { super::support::MAX_BODY };
    let body = match web::Payload::from_request(&http, &mut payload).await?.to_bytes_limited(limit).await {
        Ok(Ok(body)) => body,
        _ => {
            let req = ServiceRequest::from_parts(http, Payload::None);
            return Ok(problem(
                req,
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload-too-large",
                    "The request body is too large or unreadable",
                    format!("request bodies are limited to {limit} bytes"),
                ),
            ));
        }
    };
    let address = http.uri().path_and_query().map_or_else(|| http.path().to_owned(), |p| p.as_str().to_owned());
    let print = fingerprint(&principal.author(), http.method().as_str(), &address, &body);
    let req = ServiceRequest::from_parts(http, Payload::from(body));
    let now = app.now();
    let claim = match app.answers.lookup(key, &print, now) {
        Ok(Lookup::Fresh(claim)) => claim,
        Ok(Lookup::Replay(stored)) => {
            let mut response = HttpResponse::build(StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK));
            for (name, value) in &stored.headers {
                response.insert_header((name.as_str(), value.as_str()));
            }
            response.insert_header(("idempotent-replayed", "true"));
            return Ok(req.into_response(response.body(stored.body)));
        }
        Ok(Lookup::Reused) => {
            return Ok(problem(
                req,
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency-key-reused",
                    "This Idempotency-Key was used for another request",
                    "a retry must repeat the first request exactly (method, address and body); \
                     use a new key for a new request — nothing was written",
                ),
            ));
        }
        Ok(Lookup::InFlight) => {
            return Ok(problem(
                req,
                ApiError::new(
                    StatusCode::CONFLICT,
                    "idempotency-key-in-use",
                    "This request is still being answered",
                    "a request with this Idempotency-Key is being answered right now; retry in a moment",
                ),
            ));
        }
        Err(why) => {
            return Ok(problem(req, ApiError::storage(format!("the idempotency store cannot be read: {why}"))));
        }
    };
    let response = next.call(req).await?;
    if !response.status().is_success() {
        return Ok(response);
    }
    let (http, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let bytes = match body.try_into_bytes() {
        Ok(bytes) => bytes,
        // A streamed answer is not kept; writes answer with whole bodies.
        Err(body) => return Ok(ServiceResponse::new(http, head.set_body(body))),
    };
    let stored = Stored {
        fingerprint: print,
        status: head.status().as_u16(),
        headers: KEPT_HEADERS
            .iter()
            .filter_map(|name| Some((name.as_str().to_owned(), head.headers().get(name)?.to_str().ok()?.to_owned())))
            .collect(),
        body: bytes.to_vec(),
        at: now,
    };
    if let Err(why) = claim.keep(&stored).await {
        // The write is done; only its replay is not guaranteed.
        tracing::error!(cause = %why, "the answer to an idempotent write could not be kept");
    }
    Ok(ServiceResponse::new(http, head.set_body(BoxBody::new(bytes))))
}
