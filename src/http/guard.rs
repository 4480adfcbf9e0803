//! The guard in front of every route: finds out who is asking (a bearer
//! token, or a session cookie), refuses cookie-authenticated writes without
//! the session's CSRF token, checks the route's access rule, and hands the
//! [`Principal`] to the handler.

use std::future::{Ready, ready};

use actix_web::body::BoxBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest, ResponseError};

use super::error::ApiError;
use crate::app::App;
use crate::auth::access::{self, Access, Denial, Params};
use crate::auth::sessions::Session;
use crate::auth::{Principal, Via, secret};
use crate::projections::Model;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "uzel_session";
/// The header cookie-authenticated writes carry the CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

fn unauthorized(detail: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "Sign in first", detail)
}

/// How long a signed-in request waits for the read models to apply every
/// acknowledged write before its credentials are checked.
const CREDENTIALS_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Who sent `req`: the bearer token's owner, the session's user, or the
/// public. A bearer token that opens nothing is an error (a script should
/// learn its token is dead); a dead session cookie is simply ignored.
///
/// Credentials are checked against a model that has applied every write
/// acknowledged before the request arrived: a token revoked, a role taken
/// back or a password changed is in force for the very next request.
pub async fn identify(req: &HttpRequest, app: &App) -> Result<Principal, ApiError> {
    let signed = req.headers().contains_key(header::AUTHORIZATION) || req.cookie(SESSION_COOKIE).is_some();
    let last = app.log.last_position();
    if signed && app.models.position() < last && !app.models.wait_for(last, CREDENTIALS_WAIT).await {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "Try again shortly",
            "the read models are catching up with the log",
        ));
    }
    // The session, if a cookie names one, looked up before the read
    // models are locked (on PostgreSQL it is a round trip).
    let session = match req.cookie(SESSION_COOKIE) {
        Some(cookie) if !req.headers().contains_key(header::AUTHORIZATION) => {
            app.auth.sessions.find(cookie.value(), app.now()).await.map_err(sessions_unreachable)?
        }
        _ => None,
    };
    match identify_now(req, app, session.as_ref()) {
        // A token made on another node a moment ago: catch up with what
        // the log has committed, then look again.
        Err(unknown) if req.headers().contains_key(header::AUTHORIZATION) => {
            if app.catch_up_with_the_log().await {
                identify_now(req, app, None)
            } else {
                Err(unknown)
            }
        }
        answer => answer,
    }
}

/// The answer when the sessions cannot be read (the database is away): a
/// signed-in user is not taken for a visitor meanwhile.
fn sessions_unreachable(why: String) -> ApiError {
    tracing::warn!(error = %why, "cannot read the sessions");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "Sign-ins cannot be checked just now",
        "the store of sessions cannot be reached; try again shortly",
    )
    .retry_after(5)
}

/// The owner of the API token whose secret hashes to `hash`, if the token
/// is live.
pub fn by_token(model: &Model, hash: &[u8; 32]) -> Option<Principal> {
    model.tokens.get(hash).map(|(user, _)| Principal::user(model, *user, Via::Token))
}

/// The user of a live `session`, if it began after the user's last
/// password change (a password change ends every session that started
/// before it).
pub fn by_session(model: &Model, session: &Session) -> Option<Principal> {
    let changed = model.users.get(&session.user).and_then(|u| u.state.password_changed_at);
    changed
        .is_none_or(|at| at <= session.started_at)
        .then(|| Principal::user(model, session.user, Via::Session { csrf: session.csrf.clone() }))
}

/// Who sends `req`, by its API token, or by its cookie's `session` (looked
/// up already).
fn identify_now(req: &HttpRequest, app: &App, session: Option<&Session>) -> Result<Principal, ApiError> {
    if let Some(value) = req.headers().get(header::AUTHORIZATION) {
        let text = value.to_str().unwrap_or("");
        let Some(token) = text.strip_prefix("Bearer ").map(str::trim) else {
            return Err(unauthorized("send the API token as `Authorization: Bearer <token>`"));
        };
        return by_token(&app.models.read(), &secret::hash(token))
            .ok_or_else(|| unauthorized("this API token is unknown or revoked; create a new one"));
    }
    if let Some(session) = session
        && let Some(principal) = by_session(&app.models.read(), session)
    {
        return Ok(principal);
    }
    Ok(Principal::anonymous())
}

/// The `csrf` field of a page's form (`application/x-www-form-urlencoded`),
/// read by the guard before the handler.
#[derive(Clone, Debug)]
pub struct FormCsrf(pub String);

/// Refuses a write authenticated by a cookie without the session's CSRF
/// token — in the `X-CSRF-Token` header (scripts) or, from a page's form,
/// in its `csrf` field: a cross-site form can send the cookie, never the
/// token.
fn check_csrf(req: &HttpRequest, principal: &Principal) -> Result<(), ApiError> {
    let Via::Session { csrf } = &principal.via else { return Ok(()) };
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let form = req.extensions().get::<FormCsrf>().map(|f| f.0.clone());
    let sent = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned).or(form);
    if secret::same(sent.as_deref().unwrap_or(""), csrf) {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "The CSRF token is missing or wrong",
            format!("a write signed in by cookie must echo the session's CSRF token in the {CSRF_HEADER} header"),
        ))
    }
}

/// The refusal of a route open to admins and to one other kind of caller
/// (`why` says which): 401 to the public, 403 to anyone signed in.
pub fn not_for(principal: &Principal, why: &str) -> ApiError {
    match principal.user {
        None => unauthorized(why),
        Some(_) => ApiError::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed", why),
    }
}

/// The problem a denial answers with.
pub fn denied(denial: Denial) -> ApiError {
    match denial {
        Denial::SignIn => unauthorized("this needs a signed-in user: sign in, or send an API token"),
        Denial::Forbidden(detail) => ApiError::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed", detail),
        Denial::Hidden(detail) => ApiError::not_found(detail),
    }
}

/// Decides whether `req` may reach its route under `rule`.
pub async fn admit(req: &HttpRequest, rule: Access) -> Result<Principal, ApiError> {
    let Some(app) = req.app_data::<actix_web::web::Data<App>>() else {
        return Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "Not ready", "the server is starting"));
    };
    let principal = identify(req, app).await?;
    check_csrf(req, &principal)?;
    let info = req.match_info();
    let params = Params {
        region: info.get("region").map(str::to_owned),
        network: info.get("network").map(str::to_owned),
        actor: info.get("actor").map(str::to_owned),
        filter: info.get("filter").map(str::to_owned),
    };
    access::check(rule, &principal, &params, &app.models.read()).map_err(denied)?;
    Ok(principal)
}

/// For a page's form post: reads the body, keeps its `csrf` field for the
/// check, and hands the body on untouched.
async fn read_form_csrf(req: ServiceRequest) -> ServiceRequest {
    let kind = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let multipart = kind.starts_with("multipart/form-data");
    let form = kind.starts_with("application/x-www-form-urlencoded") || multipart;
    // Only a session's write without the header has its token in the form.
    let wanted = req.cookie(SESSION_COOKIE).is_some() && !req.headers().contains_key(CSRF_HEADER);
    if !form || !wanted || matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return req;
    }
    let (http, mut payload) = req.into_parts();
    // A form with a file (a workbook to import) may be as large as one.
    let limit = if multipart { crate::interop::book::MAX_FORM_BYTES } else { super::support::MAX_BODY };
    let Ok(stream) = actix_web::web::Payload::from_request(&http, &mut payload).await else {
        return ServiceRequest::from_parts(http, Payload::None);
    };
    let Ok(Ok(body)) = stream.to_bytes_limited(limit).await else {
        return ServiceRequest::from_parts(http, Payload::None);
    };
    let token = if multipart {
        crate::web::multipart::parts(http.headers(), body.clone())
            .await
            .unwrap_or_default()
            .into_iter()
            .find(|p| p.name == "csrf" && p.file.is_none())
            .map(|p| String::from_utf8_lossy(&p.bytes).into_owned())
    } else {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
            .unwrap_or_default()
            .into_iter()
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v)
    };
    if let Some(value) = token {
        http.extensions_mut().insert(FormCsrf(value));
    }
    ServiceRequest::from_parts(http, Payload::from(body))
}

/// The middleware of one route: admits the request under `rule` or answers
/// with the problem.
pub async fn guard(rule: Access, req: ServiceRequest, next: Next<BoxBody>) -> Result<ServiceResponse<BoxBody>, Error> {
    let req = read_form_csrf(req).await;
    match admit(req.request(), rule).await {
        Ok(principal) => {
            req.extensions_mut().insert(principal.clone());
            if let Err(problem) = read_your_writes(&req).await {
                return Ok(req.into_response(problem.error_response()));
            }
            match (super::idempotency::key_of(&req), req.app_data::<actix_web::web::Data<App>>().cloned()) {
                (Some(key), Some(app)) => super::idempotency::around(&app, &principal, key, req, next).await,
                _ => next.call(req).await,
            }
        }
        Err(problem) if problem.0.kind == "/problems/csrf" && !req.path().starts_with("/api/") => {
            // A page's form sent without its token (an old page, a session
            // that ended): a page that says so and leads back, not JSON.
            let response = crate::web::session::form_expired(req.request());
            Ok(req.into_response(response))
        }
        Err(problem) => {
            let mut response = problem.error_response();
            if problem.0.status == 401 {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
            }
            Ok(req.into_response(response))
        }
    }
}

/// A read of the API with `?min_position=N` waits (a bounded while) until
/// the read models have applied position N, whichever route it is: a
/// write's answer names its position, and a read that sends it back sees
/// the write.
async fn read_your_writes(req: &ServiceRequest) -> Result<(), ApiError> {
    if req.method() != Method::GET || !req.path().starts_with("/api/") {
        return Ok(());
    }
    let position = super::support::min_position_in(req.query_string())?;
    match req.app_data::<actix_web::web::Data<App>>() {
        Some(app) if position.is_some() => super::support::wait(app, position).await,
        _ => Ok(()),
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    /// The principal the guard admitted (every route has a guard).
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Principal>()
                .cloned()
                .ok_or_else(|| ApiError::internal(format!("the route {} has no access rule", req.path()))),
        )
    }
}
