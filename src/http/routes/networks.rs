//! `/api/v1/networks`: networks, their taxonomies, custom categories, saved
//! filters and settings, and the actor template they define.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::auth::Principal;
use crate::domain::actor_fields::{ACTOR_FIELDS, CUSTOM_PREFIX};
use crate::domain::filter::DirectoryFilter;
use crate::domain::ids::Slug;
use crate::domain::network::{Audience, CategoryKind, NetworkCommand, TermKind};
use crate::domain::{FieldError, NeedArea};
use crate::http::error::ApiError;
use crate::http::named::Network;
use crate::http::support::{MinPosition, State, meta, new_id, uuid, wait, written};

#[derive(Serialize, schemars::JsonSchema)]
pub struct NetworkItem {
    network: String,
    name: String,
    orp_code: Option<String>,
    region: Option<String>,
}

/// `GET /api/v1/networks`
pub async fn list(app: State, principal: Principal, q: web::Query<MinPosition>) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let model = app.models.read();
    let mut items: Vec<NetworkItem> = model
        .networks
        .iter()
        .filter(|(slug, _)| principal.reads_network(slug, &model))
        .map(|(slug, n)| NetworkItem {
            network: slug.to_string(),
            name: n.state.name.clone(),
            orp_code: n.state.orp_code.clone(),
            region: n.state.region.as_ref().map(Slug::to_string),
        })
        .collect();
    items.sort_by_key(|n| crate::projections::czech::sort_key(&n.name));
    Ok(HttpResponse::Ok().json(items))
}

/// Body of `PUT /api/v1/networks/{network}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutNetwork {
    name: String,
    /// The official ORP code; left out, it stays as it is; `""` clears it.
    #[serde(default)]
    orp_code: Option<String>,
    /// Required when the network is created; cannot change afterwards.
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `PUT /api/v1/networks/{network}`: registers the network, or renames it.
pub async fn put(
    app: State,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<PutNetwork>,
) -> Result<HttpResponse, ApiError> {
    let slug = Slug::parse(&path)
        .map_err(|e| ApiError::validation(vec![FieldError { field: "network".into(), reason: e }]))?;
    let body = body.into_inner();
    let meta = meta(&req, body.effective_at)?;
    app.caught_up().await?;
    let current = app.models.read().networks.get(&slug).map(|n| (n.state.region.clone(), n.state.orp_code.clone()));
    let (command, status) = match current {
        Some((region, orp_code)) => {
            if let Some(asked) = &body.region
                && region.as_ref().map(Slug::as_str) != Some(asked.as_str())
            {
                return Err(ApiError::validation(vec![FieldError {
                    field: "region".into(),
                    reason: "a network cannot move to another region".into(),
                }]));
            }
            // An ORP code left out stays; an empty one clears it.
            (NetworkCommand::Describe { name: body.name, orp_code: body.orp_code.or(orp_code) }, StatusCode::OK)
        }
        None => {
            let region = body.region.ok_or_else(|| {
                ApiError::validation(vec![FieldError {
                    field: "region".into(),
                    reason: "a new network needs its region".into(),
                }])
            })?;
            let region = Slug::parse(&region)
                .map_err(|e| ApiError::validation(vec![FieldError { field: "region".into(), reason: e }]))?;
            (
                NetworkCommand::Register { slug: slug.clone(), name: body.name, orp_code: body.orp_code, region },
                StatusCode::CREATED,
            )
        }
    };
    Ok(written(status, app.network(&slug, command, &meta).await?))
}

/// `GET /api/v1/networks/{network}`: the network with its taxonomies,
/// categories, saved filters and settings.
pub async fn get(
    app: State,
    principal: Principal,
    q: web::Query<MinPosition>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let n = network.state(&app)?;
    let slug = network.0;
    let model = app.models.read();
    let version = model.networks.get(&slug).map(|e| e.version);
    let runs = |audience| crate::auth::policy::runs_filter(&principal, &slug, audience, &model);
    let terms = |kind: TermKind| -> Vec<serde_json::Value> {
        n.terms
            .iter()
            .filter(|(_, t)| t.kind == kind)
            .map(|(id, t)| json!({"id": id, "name": t.name, "retired": t.retired}))
            .collect()
    };
    Ok(HttpResponse::Ok().json(json!({
        "network": slug,
        "name": n.name,
        "orp_code": n.orp_code,
        "region": n.region,
        "version": version,
        "target_groups": terms(TermKind::TargetGroup),
        "life_situations": terms(TermKind::LifeSituation),
        "places": terms(TermKind::Place),
        "categories": n.categories.iter().map(|(id, c)| json!({"id": id, "name": c.name, "kind": c.kind, "allowed": c.allowed})).collect::<Vec<_>>(),
        "filters": n.filters.iter().filter(|(_, f)| runs(f.audience)).map(|(id, f)| json!({"id": id, "name": f.name, "query": f.filter.to_query(), "audience": f.audience})).collect::<Vec<_>>(),
        "designated_fields": n.designated_fields,
        "capacity_stale_days": n.stale_days(),
    })))
}

/// `GET /api/v1/networks/{network}/template`: the actor template — every
/// built-in field and the network's custom categories — and the six need
/// areas.
pub async fn template(app: State, q: web::Query<MinPosition>, network: Network) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let n = network.state(&app)?;
    let custom: Vec<_> = n
        .categories
        .iter()
        .map(|(id, c)| json!({"code": format!("{CUSTOM_PREFIX}{id}"), "label_cs": c.name, "kind": c.kind, "allowed": c.allowed}))
        .collect();
    let areas: Vec<_> = NeedArea::ALL
        .iter()
        .map(|a| json!({"code": a.code(), "label_cs": a.label_cs(), "label_en": a.label_en()}))
        .collect();
    Ok(HttpResponse::Ok().json(json!({"fields": ACTOR_FIELDS, "custom_fields": custom, "need_areas": areas})))
}

/// Body of `POST /api/v1/networks/{network}/terms`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostTerm {
    #[serde(default)]
    id: Option<Uuid>,
    kind: TermKind,
    name: String,
    /// Since when the term is in use (default now).
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/networks/{network}/terms`: adds a target group, life
/// situation or place.
pub async fn add_term(
    app: State,
    req: HttpRequest,
    body: web::Json<PostTerm>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let body = body.into_inner();
    let id = new_id(body.id);
    let mut answer = app
        .network(
            &slug,
            NetworkCommand::AddTerm { id, kind: body.kind, name: body.name },
            &meta(&req, body.effective_at)?,
        )
        .await?;
    answer.id = id.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// Body of `PATCH /api/v1/networks/{network}/terms/{id}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchTerm {
    name: String,
}

/// `PATCH /api/v1/networks/{network}/terms/{id}`: renames a term.
pub async fn rename_term(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<PatchTerm>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "term")?;
    let command = NetworkCommand::RenameTerm { id, name: body.into_inner().name };
    Ok(written(StatusCode::OK, app.network(&slug, command, &meta(&req, None)?).await?))
}

/// `DELETE /api/v1/networks/{network}/terms/{id}`: retires a term (records
/// keep it; it cannot be chosen anew).
pub async fn retire_term(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "term")?;
    Ok(written(StatusCode::OK, app.network(&slug, NetworkCommand::RetireTerm { id }, &meta(&req, None)?).await?))
}

/// Body of `PUT /api/v1/networks/{network}/categories/{id}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutCategory {
    name: String,
    kind: CategoryKind,
    #[serde(default)]
    allowed: Vec<String>,
}

/// `PUT /api/v1/networks/{network}/categories/{id}`: defines or redefines a
/// custom category of the actor template.
pub async fn put_category(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<PutCategory>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let n = network.state(&app)?;
    let slug = network.0;
    let id = uuid(&path.1, "category")?;
    let body = body.into_inner();
    let status = if n.categories.contains_key(&id) { StatusCode::OK } else { StatusCode::CREATED };
    let command = NetworkCommand::DefineCategory { id, name: body.name, kind: body.kind, allowed: body.allowed };
    let mut answer = app.network(&slug, command, &meta(&req, None)?).await?;
    answer.id = id.to_string();
    Ok(written(status, answer))
}

/// `DELETE /api/v1/networks/{network}/categories/{id}`
pub async fn remove_category(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "category")?;
    Ok(written(StatusCode::OK, app.network(&slug, NetworkCommand::RemoveCategory { id }, &meta(&req, None)?).await?))
}

/// Body of `PUT /api/v1/networks/{network}/filters/{id}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutFilter {
    name: String,
    /// The filter in the directory's query syntax.
    query: String,
    audience: Audience,
}

/// `PUT /api/v1/networks/{network}/filters/{id}`: saves a filter.
pub async fn put_filter(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<PutFilter>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let n = network.state(&app)?;
    let slug = network.0;
    let id = uuid(&path.1, "saved filter")?;
    let body = body.into_inner();
    let filter = DirectoryFilter::parse(&body.query).map_err(|errors| {
        ApiError::validation(
            errors.into_iter().map(|e| FieldError { field: format!("query.{}", e.field), reason: e.reason }).collect(),
        )
    })?;
    let status = if n.filters.contains_key(&id) { StatusCode::OK } else { StatusCode::CREATED };
    let command = NetworkCommand::SaveFilter { id, name: body.name, filter: Box::new(filter), audience: body.audience };
    let mut answer = app.network(&slug, command, &meta(&req, None)?).await?;
    answer.id = id.to_string();
    Ok(written(status, answer))
}

/// `DELETE /api/v1/networks/{network}/filters/{id}`
pub async fn remove_filter(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "saved filter")?;
    Ok(written(StatusCode::OK, app.network(&slug, NetworkCommand::RemoveFilter { id }, &meta(&req, None)?).await?))
}

/// Body of `PUT /api/v1/networks/{network}/settings`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutSettings {
    /// Actor fields case managers may read.
    #[serde(default)]
    designated_fields: Option<Vec<String>>,
    /// Days after which a capacity announcement is stale.
    #[serde(default)]
    capacity_stale_days: Option<u32>,
}

/// `PUT /api/v1/networks/{network}/settings`
pub async fn put_settings(
    app: State,
    req: HttpRequest,
    body: web::Json<PutSettings>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let body = body.into_inner();
    let meta = meta(&req, None)?;
    if body.designated_fields.is_none() && body.capacity_stale_days.is_none() {
        return Err(ApiError::bad_request("give designated_fields, capacity_stale_days or both"));
    }
    let command = NetworkCommand::Configure {
        designated_fields: body.designated_fields,
        capacity_stale_days: body.capacity_stale_days,
    };
    Ok(written(StatusCode::OK, app.network(&slug, command, &meta).await?))
}
