//! `/api/v1/auth`: signing in (a cookie session for pages, or an API token
//! for scripts), signing out, who am I, and a user's own tokens and password.

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::users::IssuedToken;
use crate::auth::sessions::SESSION_HOURS;
use crate::auth::{Principal, Via};
use crate::domain::user::{Grant, TokenScope, UserCommand};
use crate::http::error::ApiError;
use crate::http::guard::SESSION_COOKIE;
use crate::http::support::{State, meta, uuid, written};

/// Body of `POST /api/v1/auth/login`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// The username.
    username: String,
    /// The password.
    password: String,
}

/// Body of `POST /api/v1/auth/token`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenLogin {
    /// The username.
    username: String,
    /// The password.
    password: String,
    /// What the token is for, e.g. "kapacity z našeho systému".
    name: String,
}

/// Who is signed in.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Me {
    /// The user's id.
    user: Uuid,
    /// The username.
    username: String,
    /// The name shown.
    display_name: String,
    /// The roles granted.
    grants: Vec<Grant>,
    /// For a cookie session: the token writes echo in `X-CSRF-Token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    csrf_token: Option<String>,
    /// For a new session: when it ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<DateTime<Utc>>,
}

fn me(app: &State, user: Uuid, csrf_token: Option<String>, expires_at: Option<DateTime<Utc>>) -> Option<Me> {
    let model = app.models.read();
    let state = &model.users.get(&user)?.state;
    Some(Me {
        user,
        username: state.username.clone()?,
        display_name: state.display_name.clone(),
        grants: state.grants.clone(),
        csrf_token,
        expires_at,
    })
}

/// Checks a username and password, throttled per account and address.
pub(crate) async fn verify(app: &State, req: &HttpRequest, username: &str, password: &str) -> Result<Uuid, ApiError> {
    use crate::auth::credentials::{MAX_PASSWORD_BYTES, MAX_USERNAME_BYTES};
    use crate::auth::throttle::Refusal;
    let mut too_long = Vec::new();
    if username.len() > MAX_USERNAME_BYTES {
        too_long.push(crate::domain::FieldError {
            field: "username".into(),
            reason: format!("a username has at most {MAX_USERNAME_BYTES} bytes"),
        });
    }
    if password.len() > MAX_PASSWORD_BYTES {
        too_long.push(crate::domain::FieldError {
            field: "password".into(),
            reason: format!("a password has at most {MAX_PASSWORD_BYTES} bytes"),
        });
    }
    if !too_long.is_empty() {
        return Err(ApiError::validation(too_long));
    }
    let account = username.trim().to_lowercase();
    let address = app.peers.client(req).map(|a| a.to_string()).unwrap_or_default();
    let now = app.now();
    match app.auth.throttle.attempt(&account, &address, now) {
        Ok(()) => {}
        Err(Refusal::Throttled(wait)) => {
            let error = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "throttled",
                "Too many failed sign-ins",
                format!("too many failed sign-ins for this account or address; try again in {} minutes", wait / 60),
            )
            .retry_after(wait);
            return Err(error);
        }
        Err(Refusal::Full) => {
            let error = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "throttled",
                "Too many sign-ins at once",
                "the server is refusing sign-ins for a moment after a flood of attempts; try again in a minute",
            )
            .retry_after(60);
            return Err(error);
        }
    }
    let mut user = app.user_named(&account);
    if user.is_none() && app.catch_up_with_the_log().await {
        // An account made on another node a moment ago.
        user = app.user_named(&account);
    }
    if app.auth.credentials.verify(user, password).await
        && let Some(user) = user
    {
        app.auth.throttle.succeeded(&account, &address);
        return Ok(user);
    }
    // The attempt stays counted as a failure.
    Err(ApiError::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "Sign-in failed",
        "the username or the password is wrong",
    ))
}

pub(crate) fn session_cookie(value: String, max_age: time::Duration) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, value)
        .path("/")
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(max_age)
        .finish()
}

/// `POST /api/v1/auth/login`: starts a session in an HttpOnly cookie and
/// answers with the CSRF token that cookie-authenticated writes echo.
pub async fn login(app: State, req: HttpRequest, body: web::Json<Login>) -> Result<HttpResponse, ApiError> {
    let user = verify(&app, &req, &body.username, &body.password).await?;
    let (secret, csrf) = app.auth.sessions.start(user, app.now()).await.map_err(storage)?;
    let expires_at = app.now() + chrono::Duration::hours(SESSION_HOURS);
    let answer = me(&app, user, Some(csrf), Some(expires_at)).ok_or_else(|| ApiError::not_found("no such user"))?;
    Ok(HttpResponse::Ok()
        .cookie(session_cookie(secret, time::Duration::hours(SESSION_HOURS)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(answer))
}

/// `POST /api/v1/auth/logout`: ends the session of the cookie sent.
pub async fn logout(app: State, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    if let Some(cookie) = req.cookie(SESSION_COOKIE) {
        app.auth.sessions.end(cookie.value()).await.map_err(storage)?;
    }
    Ok(HttpResponse::NoContent().cookie(session_cookie(String::new(), time::Duration::ZERO)).finish())
}

/// `POST /api/v1/auth/token`: a new API token for a username and password.
pub async fn token(app: State, req: HttpRequest, body: web::Json<TokenLogin>) -> Result<HttpResponse, ApiError> {
    let user = verify(&app, &req, &body.username, &body.password).await?;
    let mut meta = meta(&req, None)?;
    meta.author = crate::auth::author_of(Some(user));
    // A token's secret is shown once and kept nowhere: a retry makes a new
    // token rather than answer with one it cannot show again.
    meta.idempotency_key = None;
    let issued = app.issue_token(user, &body.name, &meta).await?;
    Ok(HttpResponse::Created().insert_header((header::CACHE_CONTROL, "no-store")).json(issued))
}

/// `GET /api/v1/auth/me`: who is signed in, with their roles.
pub async fn whoami(app: State, principal: Principal) -> Result<HttpResponse, ApiError> {
    let user = signed_in(&principal)?;
    let csrf = match principal.via {
        Via::Session { csrf } => Some(csrf),
        _ => None,
    };
    let answer = me(&app, user, csrf, None).ok_or_else(|| ApiError::not_found("no such user"))?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(answer))
}

/// One of a user's API tokens (never its secret).
#[derive(Serialize, schemars::JsonSchema)]
pub struct TokenItem {
    /// The token's id.
    id: Uuid,
    /// What it is for.
    name: String,
    /// When it was created.
    created_at: DateTime<Utc>,
    /// Whether revoked.
    revoked: bool,
    /// What it opens: the API, or only the user's calendar feed.
    scope: TokenScope,
}

/// `GET /api/v1/auth/tokens`: the signed-in user's tokens.
pub async fn tokens(app: State, principal: Principal) -> Result<HttpResponse, ApiError> {
    let user = signed_in(&principal)?;
    let model = app.models.read();
    let items: Vec<TokenItem> = model.users.get(&user).map_or_else(Vec::new, |u| {
        u.state
            .tokens
            .iter()
            .map(|(id, t)| TokenItem {
                id: *id,
                name: t.name.clone(),
                created_at: t.created_at,
                revoked: t.revoked,
                scope: t.scope,
            })
            .collect()
    });
    Ok(HttpResponse::Ok().json(items))
}

/// Body of `POST /api/v1/auth/tokens`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for.
    name: String,
    /// What it opens: `api` (the default), or `calendar` — only the feed
    /// of the user's meetings at `/api/v1/calendar/{token}`, a URL to give
    /// a calendar application.
    #[serde(default)]
    scope: TokenScope,
}

/// `POST /api/v1/auth/tokens`: one more token for the signed-in user.
pub async fn create_token(
    app: State,
    req: HttpRequest,
    principal: Principal,
    body: web::Json<NewToken>,
) -> Result<HttpResponse, ApiError> {
    let user = signed_in(&principal)?;
    // As for `token`: each request makes its own token.
    let meta = crate::app::Meta { idempotency_key: None, ..meta(&req, None)? };
    let issued: IssuedToken = app.issue_scoped_token(user, &body.name, body.scope, &meta).await?;
    Ok(HttpResponse::Created().insert_header((header::CACHE_CONTROL, "no-store")).json(issued))
}

/// `DELETE /api/v1/auth/tokens/{token}`: revokes one of the user's own
/// tokens, at once.
pub async fn revoke_token(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let user = signed_in(&principal)?;
    let id = uuid(&path, "token")?;
    let command = UserCommand::RevokeToken { id };
    Ok(written(StatusCode::OK, app.user(user, command, &meta(&req, None)?).await?))
}

/// Body of `PUT /api/v1/auth/password`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    /// The password now.
    current: String,
    /// The new one, at least 8 characters.
    new: String,
}

/// `PUT /api/v1/auth/password`: changes the signed-in user's password;
/// every session of theirs ends.
pub async fn change_password(
    app: State,
    req: HttpRequest,
    principal: Principal,
    body: web::Json<ChangePassword>,
) -> Result<HttpResponse, ApiError> {
    let user = signed_in(&principal)?;
    let username = app.models.read().users.get(&user).and_then(|u| u.state.username.clone()).unwrap_or_default();
    verify(&app, &req, &username, &body.current).await?;
    Ok(written(StatusCode::OK, app.set_password(user, &body.new, &meta(&req, None)?).await?))
}

/// The signed-in user (the routes' `SignedIn` rule has admitted only such).
fn signed_in(principal: &Principal) -> Result<Uuid, ApiError> {
    principal.user.ok_or_else(|| ApiError::not_found("not signed in"))
}

fn storage(error: String) -> ApiError {
    ApiError::storage(error)
}
