//! `/api/v1/networks/{network}/platforms`: interdisciplinary platforms,
//! their meetings and the outcomes of those meetings.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use crate::auth::{Principal, redact};
use crate::domain::platform::{OutcomeKind, PlatformCommand, TaskStatus};
use crate::domain::value::Value;
use crate::http::at::{self, ReadAt, on};
use crate::http::error::ApiError;
use crate::http::fields;
use crate::http::named::Network;
use crate::http::support::{State, meta, new_id, uuid, written};
use crate::projections::views;

#[derive(Serialize, schemars::JsonSchema)]
pub struct PlatformItem {
    id: Uuid,
    name: String,
    platform_type: Option<String>,
    active: bool,
    members: usize,
    planned_per_year: Option<i64>,
    held_last_12_months: usize,
    on_track: Option<bool>,
    version: u64,
}

/// `GET /api/v1/networks/{network}/platforms`
pub async fn list(app: State, q: web::Query<ReadAt>, network: Network) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let at = at::model(&app, &q).await?;
    at.network(&slug)?;
    let now = at.now;
    let model = &at.model;
    let mut items: Vec<PlatformItem> = model
        .platforms_by_network
        .get(&slug)
        .into_iter()
        .flatten()
        .filter_map(|id| model.platforms.get(id).map(|p| (id, p)))
        .map(|(id, p)| {
            let s = &p.state;
            let attendance = views::attendance(s, now);
            let people = |f: &str| s.fields.get(f).and_then(Value::as_list).map_or(0, <[String]>::len);
            PlatformItem {
                id: *id,
                name: s.fields.get("name").and_then(Value::as_text).unwrap_or("").to_owned(),
                platform_type: s.fields.get("platform_type").and_then(Value::as_text).map(str::to_owned),
                active: s.ended_at.is_none(),
                members: people("coordinators") + people("members"),
                planned_per_year: attendance.planned_per_year,
                held_last_12_months: attendance.held_last_12_months,
                on_track: attendance.on_track,
                version: p.version,
            }
        })
        .collect();
    items.sort_by_key(|p| crate::projections::czech::sort_key(&p.name));
    Ok(HttpResponse::Ok().json(items))
}

/// `GET /api/v1/networks/{network}/platforms/{id}`
pub async fn get(
    app: State,
    principal: Principal,
    path: web::Path<(String, String)>,
    q: web::Query<ReadAt>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "platform")?;
    let at = at::model(&app, &q).await?;
    let mut view = views::platform(&at.model, &id, at.now)
        .filter(|v| v.network.as_ref() == Some(&slug))
        .ok_or_else(|| ApiError::not_found(format!("platform {id} does not exist in network {slug}{}", on(&at))))?;
    at.model.with_live(&app, |live| redact::platform(&mut view, &principal, &slug, live));
    Ok(HttpResponse::Ok().json(view))
}

/// Body of `POST /api/v1/networks/{network}/platforms`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostPlatform {
    #[serde(default)]
    id: Option<Uuid>,
    fields: Map<String, Json>,
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/networks/{network}/platforms`
pub async fn create(
    app: State,
    req: HttpRequest,
    body: web::Json<PostPlatform>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let body = body.into_inner();
    let fields = fields::initial(body.fields).map_err(ApiError::validation)?;
    let id = new_id(body.id);
    let command = PlatformCommand::Found { network: slug.clone(), fields };
    Ok(written(StatusCode::CREATED, app.platform(&slug, id, command, &meta(&req, body.effective_at)?).await?))
}

/// Body of `PATCH /api/v1/networks/{network}/platforms/{id}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchPlatform {
    fields: Map<String, Json>,
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `PATCH /api/v1/networks/{network}/platforms/{id}`
pub async fn change(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<PatchPlatform>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "platform")?;
    let body = body.into_inner();
    let fields = fields::changes(body.fields).map_err(ApiError::validation)?;
    Ok(written(
        StatusCode::OK,
        app.platform(&slug, id, PlatformCommand::Change { fields }, &meta(&req, body.effective_at)?).await?,
    ))
}

/// Body of `POST …/platforms/{id}/evaluations`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluate {
    text: String,
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/networks/{network}/platforms/{id}/evaluations`
pub async fn evaluate(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<Evaluate>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "platform")?;
    let body = body.into_inner();
    Ok(written(
        StatusCode::CREATED,
        app.platform(&slug, id, PlatformCommand::Evaluate { text: body.text }, &meta(&req, body.effective_at)?).await?,
    ))
}

/// Body of `POST …/platforms/{id}/end`.
#[derive(Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct End {
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/networks/{network}/platforms/{id}/end`
pub async fn end(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: crate::http::support::MaybeJson<End>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "platform")?;
    let at = body.0.unwrap_or_default().effective_at;
    Ok(written(StatusCode::OK, app.platform(&slug, id, PlatformCommand::End, &meta(&req, at)?).await?))
}

/// Body of `POST …/platforms/{id}/meetings` (schedule).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    #[serde(default)]
    id: Option<Uuid>,
    date: DateTime<Utc>,
    #[serde(default)]
    place: String,
    #[serde(default)]
    agenda: String,
}

/// `POST /api/v1/networks/{network}/platforms/{id}/meetings`: schedules a
/// meeting.
pub async fn schedule(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<Schedule>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "platform")?;
    let b = body.into_inner();
    let meeting = new_id(b.id);
    let command = PlatformCommand::ScheduleMeeting { id: meeting, date: b.date, place: b.place, agenda: b.agenda };
    let mut answer = app.platform(&slug, id, command, &meta(&req, None)?).await?;
    answer.id = meeting.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// Body of `PUT …/meetings/{meeting}/held`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Held {
    date: DateTime<Utc>,
    #[serde(default)]
    place: String,
    #[serde(default)]
    agenda: String,
    #[serde(default)]
    attendees: Vec<Uuid>,
    #[serde(default)]
    others: u32,
    #[serde(default)]
    minutes: String,
}

/// `PUT /api/v1/networks/{network}/platforms/{id}/meetings/{meeting}/held`:
/// records that a meeting (scheduled or not) was held.
pub async fn held(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<Held>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let (id, meeting) = (uuid(&path.1, "platform")?, uuid(&path.2, "meeting")?);
    let b = body.into_inner();
    let command = PlatformCommand::HoldMeeting {
        id: meeting,
        date: b.date,
        place: b.place,
        agenda: b.agenda,
        attendees: b.attendees,
        others: b.others,
        minutes: b.minutes,
    };
    let mut answer = app.platform(&slug, id, command, &meta(&req, Some(b.date))?).await?;
    answer.id = meeting.to_string();
    Ok(written(StatusCode::OK, answer))
}

/// Body of `POST …/meetings/{meeting}/cancellation`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cancel {
    #[serde(default)]
    reason: String,
}

/// `POST /api/v1/networks/{network}/platforms/{id}/meetings/{meeting}/cancellation`
pub async fn cancel(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<Cancel>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let (id, meeting) = (uuid(&path.1, "platform")?, uuid(&path.2, "meeting")?);
    let command = PlatformCommand::CancelMeeting { id: meeting, reason: body.into_inner().reason };
    Ok(written(StatusCode::OK, app.platform(&slug, id, command, &meta(&req, None)?).await?))
}

/// Body of `POST …/meetings/{meeting}/outcomes`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeBody {
    #[serde(default)]
    id: Option<Uuid>,
    kind: OutcomeKind,
    text: String,
    #[serde(default)]
    owner: Option<Uuid>,
    #[serde(default)]
    due: Option<DateTime<Utc>>,
}

/// `POST /api/v1/networks/{network}/platforms/{id}/meetings/{meeting}/outcomes`
pub async fn record_outcome(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<OutcomeBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let (id, meeting) = (uuid(&path.1, "platform")?, uuid(&path.2, "meeting")?);
    let b = body.into_inner();
    let outcome = new_id(b.id);
    let command =
        PlatformCommand::RecordOutcome { id: outcome, meeting, kind: b.kind, text: b.text, owner: b.owner, due: b.due };
    let mut answer = app.platform(&slug, id, command, &meta(&req, None)?).await?;
    answer.id = outcome.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// Body of `PUT …/outcomes/{outcome}/status`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskStatusBody {
    status: TaskStatus,
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `PUT /api/v1/networks/{network}/platforms/{id}/outcomes/{outcome}/status`
pub async fn task_status(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<TaskStatusBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let (id, outcome) = (uuid(&path.1, "platform")?, uuid(&path.2, "outcome")?);
    let b = body.into_inner();
    let command = PlatformCommand::SetTaskStatus { id: outcome, status: b.status };
    Ok(written(StatusCode::OK, app.platform(&slug, id, command, &meta(&req, b.effective_at)?).await?))
}
