//! What a board socket's opening request says: the credential to check
//! again later, where a cookie-authenticated request comes from, the
//! subprotocol offered, and a subscription asked for in the query string.

use actix_web::HttpRequest;
use actix_web::http::StatusCode;
use actix_web::http::header;

use super::reader::{Filter, FilterLists};
use crate::auth::{Principal, Via, secret};
use crate::http::error::ApiError;
use crate::http::guard::SESSION_COOKIE;
use crate::http::support::query_pairs;
use crate::log::Position;

/// How the connection proved who it is, to check again when users change.
#[derive(Clone, Debug)]
pub(super) enum Credential {
    /// The SHA-256 of its API token.
    Token([u8; 32]),
    /// Its session cookie.
    Session(String),
}

pub(super) fn credential(req: &HttpRequest, principal: &Principal) -> Option<Credential> {
    match principal.via {
        Via::Token => {
            let header = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
            Some(Credential::Token(secret::hash(header.strip_prefix("Bearer ")?.trim())))
        }
        Via::Session { .. } => Some(Credential::Session(req.cookie(SESSION_COOKIE)?.value().to_owned())),
        Via::Nothing => None,
    }
}

/// Refuses a new connection while the server is shutting down, or while
/// the log's database cannot be reached (the client retries shortly).
pub(super) fn check_open(hub: &super::hub::Hub) -> Result<(), ApiError> {
    if hub.is_shutting_down() {
        return Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "Shutting down", "try again shortly"));
    }
    if hub.store_unreachable() {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage",
            "The board is offline",
            "the database cannot be reached just now; connect again shortly",
        )
        .retry_after(5));
    }
    Ok(())
}

/// A cookie-authenticated socket must come from our own pages: a browser
/// sends the cookie with a cross-site websocket too, but also its Origin.
pub(super) fn check_origin(req: &HttpRequest, principal: &Principal) -> Result<(), ApiError> {
    if !matches!(principal.via, Via::Session { .. }) {
        return Ok(());
    }
    let Some(origin) = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()) else { return Ok(()) };
    let host = crate::http::peer::origin(req).host;
    let origin_host = origin.split("://").nth(1).unwrap_or("");
    if origin_host == host {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Not allowed",
            format!("a signed-in page from {origin} may not open the board of {host}; use an API token"),
        ))
    }
}

pub(super) fn offers(req: &HttpRequest, protocol: &str) -> bool {
    req.headers()
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == protocol)
}

/// Refuses a position past the log's head: a client resuming from there
/// would wait for frames it thinks it has (a position from another server's
/// log, or a typing error), so it is told the head instead.
pub fn check_from(from: Option<Position>, head: Position) -> Result<(), ApiError> {
    match from {
        Some(from) if from > head => Err(ApiError::bad_request(format!(
            "from {from} is past the end of the board's log ({head}); resume from the position of the last frame \
             received, or from {head} for only what comes next"
        ))),
        _ => Ok(()),
    }
}

/// A subscription asked for in the query string (`?from=&networks=…`).
pub(super) fn query_subscription(req: &HttpRequest) -> Result<Option<(Option<Position>, Filter)>, ApiError> {
    let pairs = query_pairs(req)?;
    if pairs.is_empty() {
        return Ok(None);
    }
    let from = match pairs.iter().find(|(k, _)| k == "from") {
        Some((_, v)) => Some(v.parse::<Position>().map_err(|_| ApiError::bad_request("from must be a log position"))?),
        None => None,
    };
    let filter = Filter::parse(&FilterLists::from_query(&pairs)).map_err(ApiError::bad_request)?;
    Ok(Some((from, filter)))
}
