//! `/api/v1/networks/{network}/actors`: the directory, each actor in full,
//! and every change to an actor — fields, status, review, notes, contact
//! persons (with erasure), capacity.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use crate::audit::timeline::Clock;
use crate::auth::{Principal, redact};
use crate::domain::actor::{ActorCommand, Status};
use crate::domain::filter::DirectoryFilter;
use crate::domain::value::Value;
use crate::http::at::{self, At, ReadAt, on};
use crate::http::error::ApiError;
use crate::http::fields;
use crate::http::named::Network;
use crate::http::support::{State, meta, new_id, query_pairs, uuid, written};
use crate::projections::directory::{self, DirectoryQuery, Sort};
use crate::projections::{Model, views};

/// Query options of the directory besides the filter.
pub(crate) const OPTIONS: &[&str] = &["page", "per_page", "sort", "min_position", "as_of", "clock"];

/// One actor in a directory page.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ActorSummary {
    id: Uuid,
    name: String,
    status: Status,
    kind: Option<String>,
    service_type: Option<String>,
    need_areas: Vec<String>,
    focus: Option<String>,
    crisis_network: bool,
    free_capacity: bool,
    platforms: usize,
    version: u64,
}

fn summary(model: &Model, id: &Uuid, stale_days: u32, now: DateTime<Utc>) -> Option<ActorSummary> {
    let entry = model.actors.get(id)?;
    let a = &entry.entry.state;
    let text = |f: &str| a.fields.get(f).and_then(Value::as_text).map(str::to_owned);
    Some(ActorSummary {
        id: *id,
        name: a.name().to_owned(),
        status: a.status,
        kind: text("kind"),
        service_type: text("service_type"),
        need_areas: a.fields.get("need_areas").and_then(Value::as_list).unwrap_or(&[]).to_vec(),
        focus: text("focus"),
        crisis_network: a.fields.get("crisis_network").and_then(Value::as_flag).unwrap_or(false),
        free_capacity: crate::projections::freshness::has_free_capacity(a, stale_days, now),
        platforms: model.active_platform_count(id),
        version: entry.entry.version,
    })
}

impl ActorSummary {
    /// Blanks what is not among `fields` (a case manager's designated ones).
    fn keep(&mut self, fields: &[String]) {
        let has = |f: &str| fields.iter().any(|x| x == f);
        if !has("kind") {
            self.kind = None;
        }
        if !has("service_type") {
            self.service_type = None;
        }
        if !has("need_areas") {
            self.need_areas.clear();
        }
        if !has("focus") {
            self.focus = None;
        }
        if !has("crisis_network") {
            self.crisis_network = false;
        }
        self.platforms = 0;
    }
}

/// The `min_position`, `as_of` and `clock` among query pairs.
fn read_at(pairs: &[(String, String)]) -> Result<ReadAt, ApiError> {
    let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let min_position = value("min_position")
        .map(|v| v.parse::<u64>().map_err(|_| ApiError::bad_request("min_position must be a log position")))
        .transpose()?;
    let clock = match value("clock").as_deref() {
        None | Some("effective") => Clock::Effective,
        Some("recorded") => Clock::Recorded,
        Some(other) => {
            return Err(ApiError::bad_request(format!("clock must be effective or recorded, not {other:?}")));
        }
    };
    Ok(ReadAt { min_position, as_of: value("as_of"), clock })
}

/// Parses the directory's page options.
fn page_options(pairs: &[(String, String)]) -> Result<(usize, usize, Sort), ApiError> {
    let mut page = 1;
    let mut per_page = 50;
    let mut sort = Sort::Name;
    for (key, value) in pairs {
        let number = || {
            value.parse::<usize>().map_err(|_| ApiError::bad_request(format!("{key} must be a positive whole number")))
        };
        match key.as_str() {
            "page" => page = number()?.max(1),
            "per_page" => {
                per_page = number()?;
                if !(1..=directory::MAX_PER_PAGE).contains(&per_page) {
                    return Err(ApiError::bad_request(format!("per_page must be 1 to {}", directory::MAX_PER_PAGE)));
                }
            }
            "sort" => {
                sort = match value.as_str() {
                    "name" => Sort::Name,
                    "updated" => Sort::Updated,
                    _ => return Err(ApiError::bad_request("sort is name or updated")),
                }
            }
            _ => {}
        }
    }
    Ok((page, per_page, sort))
}

/// A page of the directory.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DirectoryAnswer {
    /// Matching actors in all.
    total: usize,
    /// This page's number, from 1.
    page: usize,
    /// Actors per page.
    per_page: usize,
    /// The actors of this page.
    items: Vec<ActorSummary>,
    /// For each facet, how many matching actors have each value.
    facets: directory::Facets,
}

/// Answers a directory query as JSON. A live answer is kept until the
/// model moves (a new event, a scheduled change taking effect) or one of
/// the network's capacity announcements runs out or goes stale, so a page
/// asked for again is not computed again. With
/// `only` (a case manager's designated fields) the summaries carry those
/// fields alone and no facets.
pub fn directory_page(
    app: &State,
    at: &At,
    network: &crate::domain::ids::Slug,
    query: &DirectoryQuery,
    only: Option<&[String]>,
) -> HttpResponse {
    let now = at.now;
    let model = &*at.model;
    let compute = || {
        let page = directory::query(model, network, query, now);
        let stale_days = model.networks.get(network).map_or(14, |n| n.state.stale_days());
        let mut items: Vec<ActorSummary> =
            page.items.iter().filter_map(|id| summary(model, id, stale_days, now)).collect();
        let mut facets = page.facets;
        if let Some(only) = only {
            items.iter_mut().for_each(|item| item.keep(only));
            facets.retain(|facet, _| redact::facet_visible(facet, only));
        }
        let answer = DirectoryAnswer { total: page.total, page: page.page, per_page: page.per_page, items, facets };
        let bytes: bytes::Bytes = serde_json::to_vec(&answer).unwrap_or_default().into();
        (bytes, model.next_capacity_change(network, now))
    };
    let body = if at.model.is_live() {
        let key = format!(
            "{network}?{}#{}#{}#{:?}#{:?}",
            query.filter.to_query(),
            query.page,
            query.per_page,
            query.sort,
            only
        );
        app.models.answers.get_or_compute(key, (model.position, model.generation), now, compute)
    } else {
        compute().0
    };
    HttpResponse::Ok().content_type(actix_web::http::header::ContentType::json()).body(body)
}

/// `GET /api/v1/networks/{network}/actors`: the directory. Filters as in
/// saved filters (`need_area`, `target_group`, `crisis`, `q`, …), plus
/// `page`, `per_page`, `sort` (`name` or `updated`).
pub async fn list(
    app: State,
    req: HttpRequest,
    principal: Principal,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let pairs = query_pairs(&req)?;
    let read = read_at(&pairs)?;
    let (slug, network) = (network.0.clone(), network.state(&app)?);
    let filter = DirectoryFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), OPTIONS)
        .map_err(ApiError::validation)?;
    filter.check_against(&network).map_err(ApiError::validation)?;
    let (page, per_page, sort) = page_options(&pairs)?;
    let at = at::model(&app, &read).await?;
    at.network(&slug)?;
    let sight = redact::case_manager_fields(&principal, &slug, &app.models.read());
    if let Some(fields) = &sight {
        redact::case_manager_filter(&filter, fields)
            .map_err(|why| ApiError::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed", why))?;
    }
    let names_only = sight.is_some();
    let query = DirectoryQuery { filter, page, per_page, sort, names_only };
    Ok(directory_page(&app, &at, &slug, &query, sight.as_deref()))
}

/// `GET /api/v1/networks/{network}/filters/{id}/actors`: runs a saved
/// filter (with `page`, `per_page`, `sort`).
pub async fn saved(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let pairs = query_pairs(&req)?;
    let read = read_at(&pairs)?;
    let (slug, network) = (network.0.clone(), network.state(&app)?);
    let id = uuid(&path.1, "saved filter")?;
    let saved =
        network.filters.get(&id).ok_or_else(|| ApiError::not_found(format!("saved filter {id} does not exist")))?;
    let (page, per_page, sort) = page_options(&pairs)?;
    let fields = redact::case_manager_fields(&principal, &slug, &app.models.read());
    let query = DirectoryQuery { filter: saved.filter.clone(), page, per_page, sort, names_only: false };
    let at = at::model(&app, &read).await?;
    at.network(&slug)?;
    Ok(directory_page(&app, &at, &slug, &query, fields.as_deref()))
}

/// `GET /api/v1/networks/{network}/actors/{id}`: the actor in full, with
/// its platforms, activities and capacity.
pub async fn get(
    app: State,
    principal: Principal,
    path: web::Path<(String, String)>,
    q: web::Query<ReadAt>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "actor")?;
    let at = at::model(&app, &q).await?;
    let mut view = views::actor(&at.model, &id, at.now)
        .filter(|v| v.network.as_ref() == Some(&slug))
        .ok_or_else(|| ApiError::not_found(format!("actor {id} does not exist in network {slug}{}", on(&at))))?;
    at.model.with_live(&app, |live| redact::actor(&mut view, &principal, &slug, live));
    Ok(HttpResponse::Ok().json(view))
}

/// Body of `POST /api/v1/networks/{network}/actors`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostActor {
    /// The new actor's id (UUID v7), for idempotent creation; generated if
    /// absent.
    #[serde(default)]
    id: Option<Uuid>,
    /// Field values by code (see the template).
    fields: Map<String, Json>,
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/networks/{network}/actors`: enters a new actor.
pub async fn create(
    app: State,
    req: HttpRequest,
    body: web::Json<PostActor>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let body = body.into_inner();
    let fields = fields::initial(body.fields).map_err(ApiError::validation)?;
    let id = new_id(body.id);
    let command = ActorCommand::Register { network: slug.clone(), fields };
    Ok(written(StatusCode::CREATED, app.actor(&slug, id, command, &meta(&req, body.effective_at)?).await?))
}

/// Body of `PATCH /api/v1/networks/{network}/actors/{id}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchActor {
    /// Fields to change; `null` clears one.
    fields: Map<String, Json>,
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `PATCH /api/v1/networks/{network}/actors/{id}`: changes fields.
pub async fn change(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<PatchActor>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "actor")?;
    let body = body.into_inner();
    let fields = fields::changes(body.fields).map_err(ApiError::validation)?;
    Ok(written(
        StatusCode::OK,
        app.actor(&slug, id, ActorCommand::Change { fields }, &meta(&req, body.effective_at)?).await?,
    ))
}

/// Body of `PUT …/actors/{id}/status`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutStatus {
    status: Status,
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `PUT /api/v1/networks/{network}/actors/{id}/status`
pub async fn status(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<PutStatus>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "actor")?;
    let body = body.into_inner();
    let command = ActorCommand::SetStatus { status: body.status };
    Ok(written(StatusCode::OK, app.actor(&slug, id, command, &meta(&req, body.effective_at)?).await?))
}

/// Body of writes that carry only an effective date.
#[derive(Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dated {
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/networks/{network}/actors/{id}/reviews`: marks it reviewed.
pub async fn review(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: crate::http::support::MaybeJson<Dated>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "actor")?;
    let at = body.0.unwrap_or_default().effective_at;
    Ok(written(StatusCode::CREATED, app.actor(&slug, id, ActorCommand::MarkReviewed, &meta(&req, at)?).await?))
}
