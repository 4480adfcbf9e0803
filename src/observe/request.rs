//! The request line: every request gets an id — the client's
//! `X-Request-Id` when it is a plain token of at most 64 characters, a new
//! one otherwise — echoed in the answer's `X-Request-Id`; whatever the
//! handler logs carries it (the `request` span), and when the answer is
//! ready one line says how it went.

use std::time::Instant;

use actix_web::Error;
use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

use crate::auth::Principal;

/// The header a request's id travels in.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A request's id, in the request's extensions for whoever needs it.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// The id the client sent, if it is a usable one.
fn sent_id(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(REQUEST_ID)?.to_str().ok()?;
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    (!value.is_empty() && value.len() <= 64 && value.bytes().all(plain)).then(|| value.to_owned())
}

/// The middleware: runs the request in its span, answers errors as the
/// app's responses, echoes the id and logs the line.
pub async fn log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let id = sent_id(&req).unwrap_or_else(|| uuid::Uuid::now_v7().simple().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    // Found before the call: the request is the handler's after it (and
    // a clone kept here would stop the router from filling in its path).
    let route = req.resource_map().match_pattern(req.path()).unwrap_or_else(|| "(no route)".to_owned());
    let span = tracing::info_span!("request", request_id = %id);
    let header = HeaderValue::from_str(&id).ok();
    let (status, user, result) = match next.call(req).instrument(span).await {
        Ok(mut response) => {
            if let Some(value) = header {
                response.headers_mut().insert(REQUEST_ID, value);
            }
            let user = response.request().extensions().get::<Principal>().and_then(|p| p.user);
            (response.status().as_u16(), user, Ok(response.map_into_boxed_body()))
        }
        Err(error) => {
            // An error no handler turned into an answer: answered as it
            // would be, with the id.
            let mut answer = error.error_response();
            if let Some(value) = header {
                answer.headers_mut().insert(REQUEST_ID, value);
            }
            let status = answer.status().as_u16();
            (status, None, Err(actix_web::error::InternalError::from_response(error.to_string(), answer).into()))
        }
    };
    super::counters::answered(status);
    let user = user.map_or_else(|| "-".to_owned(), |u| u.to_string());
    let user = user.as_str();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let latency_ms = (latency_ms * 10.0).round() / 10.0;
    if status == 503 {
        // Busy or unavailable for a moment (a position not reached yet, the
        // store unreachable: its cause is logged at ERROR where it failed).
        tracing::warn!(method = %method, route, status, latency_ms, request_id = %id, user, "answered");
    } else if status >= 500 {
        tracing::error!(method = %method, route, status, latency_ms, request_id = %id, user, "answered");
    } else {
        tracing::info!(method = %method, route, status, latency_ms, request_id = %id, user, "answered");
    }
    result
}
