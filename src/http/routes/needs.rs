//! `/api/v1/networks/{network}/needs` and `…/coverage`: the needs map and
//! what the network covers and misses.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Map, Value as Json, json};
use uuid::Uuid;

use crate::audit::timeline::Clock;
use crate::domain::NeedArea;
use crate::domain::needs::NeedsCommand;
use crate::domain::value::Value;
use crate::http::at::{self, ReadAt};
use crate::http::error::ApiError;
use crate::http::fields;
use crate::http::named::Network;
use crate::http::support::{State, meta, new_id, uuid, written};
use crate::projections::views;

/// `GET /api/v1/networks/{network}/needs`: the six areas in order, each with
/// its forms and activities.
pub async fn get(app: State, q: web::Query<ReadAt>, network: Network) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let at = at::model(&app, &q).await?;
    at.network(&slug)?;
    let model = &at.model;
    let needs = model.needs.get(&slug);
    let areas: Vec<Json> = NeedArea::ALL
        .iter()
        .map(|area| {
            let forms: Vec<Json> = needs
                .into_iter()
                .flat_map(|n| n.state.forms.iter())
                .filter(|(_, f)| f.area == *area)
                .map(|(id, f)| json!({"id": id, "text": f.text}))
                .collect();
            let activities: Vec<Json> = needs
                .into_iter()
                .flat_map(|n| n.state.activities.iter())
                .filter(|(_, f)| f.get("area").and_then(Value::as_text) == Some(area.code()))
                .map(|(id, f)| {
                    let state = needs.map(|n| &n.state);
                    let reviewed_at = state.and_then(|n| n.reviewed.get(id));
                    json!({"id": id, "fields": f, "added_at": state.and_then(|n| n.added.get(id)), "reviewed_at": reviewed_at})
                })
                .collect();
            json!({"area": area, "label_cs": area.label_cs(), "label_en": area.label_en(), "forms": forms, "activities": activities})
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({"network": slug, "version": needs.map(|n| n.version), "areas": areas})))
}

/// Body of `POST …/needs/forms`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormBody {
    #[serde(default)]
    id: Option<Uuid>,
    area: NeedArea,
    text: String,
    /// When it takes effect (default now).
    #[serde(default)]
    effective_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// `POST /api/v1/networks/{network}/needs/forms`
pub async fn add_form(
    app: State,
    req: HttpRequest,
    body: web::Json<FormBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let b = body.into_inner();
    let id = new_id(b.id);
    let command = NeedsCommand::AddForm { network: slug.clone(), id, area: b.area, text: b.text };
    let mut answer = app.needs(&slug, command, &meta(&req, b.effective_at)?).await?;
    answer.id = id.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// `DELETE /api/v1/networks/{network}/needs/forms/{id}`
pub async fn remove_form(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "form")?;
    Ok(written(StatusCode::OK, app.needs(&slug, NeedsCommand::RemoveForm { id }, &meta(&req, None)?).await?))
}

/// Body of activity writes.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityBody {
    #[serde(default)]
    id: Option<Uuid>,
    fields: Map<String, Json>,
    /// When it takes effect (default now).
    #[serde(default)]
    effective_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// `POST /api/v1/networks/{network}/needs/activities`
pub async fn add_activity(
    app: State,
    req: HttpRequest,
    body: web::Json<ActivityBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let b = body.into_inner();
    let id = new_id(b.id);
    let fields = fields::initial(b.fields).map_err(ApiError::validation)?;
    let command = NeedsCommand::AddActivity { network: slug.clone(), id, fields };
    let mut answer = app.needs(&slug, command, &meta(&req, b.effective_at)?).await?;
    answer.id = id.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// `PATCH /api/v1/networks/{network}/needs/activities/{id}`
pub async fn change_activity(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<ActivityBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "activity")?;
    let b = body.into_inner();
    let fields = fields::changes(b.fields).map_err(ApiError::validation)?;
    let command = NeedsCommand::ChangeActivity { id, fields };
    Ok(written(StatusCode::OK, app.needs(&slug, command, &meta(&req, b.effective_at)?).await?))
}

/// `DELETE /api/v1/networks/{network}/needs/activities/{id}`
pub async fn remove_activity(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "activity")?;
    Ok(written(StatusCode::OK, app.needs(&slug, NeedsCommand::RemoveActivity { id }, &meta(&req, None)?).await?))
}

/// Query of the coverage view.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverageQuery {
    /// Count only actors serving this place.
    #[serde(default)]
    place: Option<Uuid>,
    #[serde(default)]
    min_position: Option<u64>,
    /// As of a past date (see the directory).
    #[serde(default)]
    as_of: Option<String>,
    /// The clock of `as_of`.
    #[serde(default)]
    clock: Clock,
}

/// `GET /api/v1/networks/{network}/coverage`: need area × target group
/// coverage split prevention / intervention, and every gap.
pub async fn coverage(app: State, q: web::Query<CoverageQuery>, network: Network) -> Result<HttpResponse, ApiError> {
    let (slug, network) = (network.0.clone(), network.state(&app)?);
    if let Some(place) = q.place
        && network.terms.get(&place).is_none_or(|t| t.kind != crate::domain::network::TermKind::Place)
    {
        return Err(ApiError::bad_request(format!("{place} is not a place of network {slug}")));
    }
    let q = q.into_inner();
    let read = ReadAt { min_position: q.min_position, as_of: q.as_of, clock: q.clock };
    let at = at::model(&app, &read).await?;
    at.network(&slug)?;
    Ok(HttpResponse::Ok().json(views::coverage(&at.model, &slug, q.place)))
}
