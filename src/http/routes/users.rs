//! `/api/v1/users` (admins): accounts, their roles and password resets; and
//! `/api/v1/networks/{network}/grants` (the network's coordinators): who
//! holds which role in the network.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::user::{Grant, UserCommand};
use crate::http::error::ApiError;
use crate::http::support::{State, meta, slug, uuid, written};
use crate::projections::Model;

/// A user as admins and coordinators see them.
#[derive(Serialize, schemars::JsonSchema)]
pub struct UserItem {
    /// The user's id.
    id: Uuid,
    /// The username.
    username: String,
    /// The name shown.
    display_name: String,
    /// The roles granted.
    grants: Vec<Grant>,
    /// API tokens that still open something.
    live_tokens: usize,
}

fn item(model: &Model, id: &Uuid, keep: impl Fn(&Grant) -> bool) -> Option<UserItem> {
    let state = &model.users.get(id)?.state;
    Some(UserItem {
        id: *id,
        username: state.username.clone()?,
        display_name: state.display_name.clone(),
        grants: state.grants.iter().filter(|g| keep(g)).cloned().collect(),
        live_tokens: state.tokens.values().filter(|t| !t.revoked).count(),
    })
}

/// `GET /api/v1/users`: every account, by username.
pub async fn list(app: State) -> Result<HttpResponse, ApiError> {
    let model = app.models.read();
    let mut items: Vec<UserItem> = model.users.keys().filter_map(|id| item(&model, id, |_| true)).collect();
    items.sort_by(|a, b| a.username.cmp(&b.username));
    Ok(HttpResponse::Ok().json(items))
}

/// `GET /api/v1/users/{user}`
pub async fn get(app: State, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = uuid(&path, "user")?;
    let found = item(&app.models.read(), &id, |_| true);
    Ok(HttpResponse::Ok().json(found.ok_or_else(|| ApiError::not_found(format!("user {id} does not exist")))?))
}

/// Body of `POST /api/v1/users`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostUser {
    /// 3 to 64 lowercase letters, digits, `.`, `_`, `-`.
    username: String,
    /// The name shown.
    #[serde(default)]
    display_name: String,
    /// The first password, at least 8 characters; the user changes it.
    password: String,
    /// Roles to grant at once.
    #[serde(default)]
    grants: Vec<Grant>,
}

/// `POST /api/v1/users`: creates an account, with roles if given.
pub async fn create(app: State, req: HttpRequest, body: web::Json<PostUser>) -> Result<HttpResponse, ApiError> {
    let meta = meta(&req, None)?;
    let body = body.into_inner();
    let id = Uuid::now_v7();
    let mut answer = app.create_user(id, &body.username, &body.display_name, &body.password, &meta).await?;
    for (index, grant) in body.grants.into_iter().enumerate() {
        // Each grant is its own request to the log: its own idempotency key.
        let key = meta.idempotency_key.map(|key| {
            let mut bytes = *key.as_bytes();
            bytes[0] ^= (index + 1) as u8;
            Uuid::from_bytes(bytes)
        });
        let grant_meta = crate::app::Meta { idempotency_key: key, ..meta.clone() };
        answer = app.user(id, UserCommand::Grant { grant }, &grant_meta).await?;
    }
    Ok(written(StatusCode::CREATED, answer))
}

/// `POST /api/v1/users/{user}/grants`: grants any role.
pub async fn grant(
    app: State,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<Grant>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid(&path, "user")?;
    let command = UserCommand::Grant { grant: body.into_inner() };
    Ok(written(StatusCode::OK, app.user(id, command, &meta(&req, None)?).await?))
}

/// `POST /api/v1/users/{user}/revocations`: takes a role back.
pub async fn revoke(
    app: State,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<Grant>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid(&path, "user")?;
    let command = UserCommand::Revoke { grant: body.into_inner() };
    Ok(written(StatusCode::OK, app.user(id, command, &meta(&req, None)?).await?))
}

/// Body of `PUT /api/v1/users/{user}/password`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPassword {
    /// The new password, at least 8 characters.
    password: String,
}

/// `PUT /api/v1/users/{user}/password`: resets a password; the user's
/// sessions end.
pub async fn reset_password(
    app: State,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<ResetPassword>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid(&path, "user")?;
    Ok(written(StatusCode::OK, app.set_password(id, &body.password, &meta(&req, None)?).await?))
}

/// `GET /api/v1/networks/{network}/grants`: who holds which role here.
pub async fn network_grants(app: State, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let network = slug(&path, "network")?;
    let model = app.models.read();
    let mut items: Vec<UserItem> = model
        .users
        .keys()
        .filter_map(|id| item(&model, id, |g| g.network() == Some(&network)))
        .filter(|u| !u.grants.is_empty())
        .collect();
    items.sort_by(|a, b| a.username.cmp(&b.username));
    Ok(HttpResponse::Ok().json(items))
}

/// Body of the network's grant and revocation.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkGrant {
    /// Whose role.
    username: String,
    /// The role; it must be bound to this network.
    grant: Grant,
}

async fn network_change(
    app: State,
    req: HttpRequest,
    path: web::Path<String>,
    body: NetworkGrant,
    grant: bool,
) -> Result<HttpResponse, ApiError> {
    let network = slug(&path, "network")?;
    Ok(written(
        StatusCode::OK,
        app.network_role(&network, &body.username, body.grant, grant, &meta(&req, None)?).await?,
    ))
}

/// `POST /api/v1/networks/{network}/grants`: grants a role in this network
/// to a user.
pub async fn network_grant(
    app: State,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<NetworkGrant>,
) -> Result<HttpResponse, ApiError> {
    network_change(app, req, path, body.into_inner(), true).await
}

/// `POST /api/v1/networks/{network}/revocations`: takes a role in this
/// network back.
pub async fn network_revoke(
    app: State,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<NetworkGrant>,
) -> Result<HttpResponse, ApiError> {
    network_change(app, req, path, body.into_inner(), false).await
}
