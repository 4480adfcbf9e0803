//! Changing plans — a network's (`/api/v1/networks/{network}/plans`) or a
//! region's (`/api/v1/regions/{region}/plans`), the same handlers serving
//! both: starting a plan, its sections and practice, recommendations,
//! steps and their status, the platform tasks that serve a step, and
//! publishing it. The network's coordinators write a network's plan, the
//! region's coordinators a region's.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::plans::owner;
use crate::domain::plan::{PlanCommand, StepDraft, StepStatus};
use crate::http::error::ApiError;
use crate::http::support::{State, meta, new_id, uuid, written};

/// Body of `POST …/plans`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostPlan {
    #[serde(default)]
    id: Option<Uuid>,
    title: String,
    /// The first year.
    from: i32,
    /// The last year.
    to: i32,
    /// When it was adopted (default now).
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST …/plans`: a plan with the standard's four
/// sections.
pub async fn create(app: State, req: HttpRequest, body: web::Json<PostPlan>) -> Result<HttpResponse, ApiError> {
    let owner = owner(&app, &req).await?;
    let b = body.into_inner();
    let id = new_id(b.id);
    let command = PlanCommand::Create { owner: owner.clone(), title: b.title, from: b.from, to: b.to };
    let mut answer = app.plan(&owner, id, command, &meta(&req, b.effective_at)?).await?;
    answer.id = id.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// Body of `POST …/sections`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostSection {
    #[serde(default)]
    id: Option<Uuid>,
    title: String,
    /// The present practice.
    #[serde(default)]
    practice: String,
}

/// Runs `command` on the plan the request's path names.
pub(super) async fn run(
    app: &State,
    req: &HttpRequest,
    command: PlanCommand,
    effective_at: Option<DateTime<Utc>>,
) -> Result<crate::app::Written, ApiError> {
    let owner = owner(app, req).await?;
    let id = uuid(req.match_info().query("plan"), "plan")?;
    Ok(app.plan(&owner, id, command, &meta(req, effective_at)?).await?)
}

/// `POST …/plans/{plan}/sections`
pub async fn add_section(app: State, req: HttpRequest, body: web::Json<PostSection>) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let id = new_id(b.id);
    let command = PlanCommand::AddSection { id, title: b.title, practice: b.practice };
    let mut answer = run(&app, &req, command, None).await?;
    answer.id = id.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// Body of `PATCH …/sections/{section}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchSection {
    #[serde(default)]
    title: Option<String>,
    /// The present practice.
    #[serde(default)]
    practice: Option<String>,
}

/// `PATCH …/plans/{plan}/sections/{section}`
pub async fn change_section(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<PatchSection>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let id = uuid(&path.2, "section")?;
    let command = PlanCommand::ChangeSection { id, title: b.title, practice: b.practice };
    Ok(written(StatusCode::OK, run(&app, &req, command, None).await?))
}

/// Body of `POST …/recommendations`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostRecommendation {
    #[serde(default)]
    id: Option<Uuid>,
    /// The section it belongs to.
    section: Uuid,
    text: String,
    /// When it was adopted (default now).
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST …/plans/{plan}/recommendations`
pub async fn recommend(
    app: State,
    req: HttpRequest,
    body: web::Json<PostRecommendation>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let id = new_id(b.id);
    let command = PlanCommand::Recommend { id, section: b.section, text: b.text };
    let mut answer = run(&app, &req, command, b.effective_at).await?;
    answer.id = id.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// Body of `POST …/steps`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostStep {
    #[serde(default)]
    id: Option<Uuid>,
    /// The recommendation it serves.
    recommendation: Uuid,
    /// What is to be done.
    text: String,
    /// The actors responsible.
    #[serde(default)]
    actors: Vec<Uuid>,
    /// The platforms responsible (the step goes on their agenda).
    #[serde(default)]
    platforms: Vec<Uuid>,
    /// By when, within the plan's period.
    #[serde(default)]
    deadline: Option<DateTime<Utc>>,
    /// The need areas it answers.
    #[serde(default)]
    need_areas: Vec<crate::domain::NeedArea>,
    /// The network's findings it answers.
    #[serde(default)]
    findings: Vec<Uuid>,
    /// The coverage gaps it answers: `{"area", "target_group"}`.
    #[serde(default)]
    gaps: Vec<crate::domain::plan::GapRef>,
    /// When it was added (default now).
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST …/plans/{plan}/steps`
pub async fn add_step(app: State, req: HttpRequest, body: web::Json<PostStep>) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let id = new_id(b.id);
    let step = StepDraft {
        text: b.text,
        actors: b.actors,
        platforms: b.platforms,
        deadline: b.deadline,
        need_areas: b.need_areas,
        findings: b.findings,
        gaps: b.gaps,
    };
    let command = PlanCommand::AddStep { id, recommendation: b.recommendation, step };
    let mut answer = run(&app, &req, command, b.effective_at).await?;
    answer.id = id.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// Body of `PUT …/steps/{step}/status`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepStatusBody {
    status: StepStatus,
    /// Why: required to drop a step or reopen a done one.
    #[serde(default)]
    reason: String,
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `PUT …/plans/{plan}/steps/{step}/status`
pub async fn step_status(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<StepStatusBody>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let id = uuid(&path.2, "step")?;
    let command = PlanCommand::SetStatus { id, status: b.status, reason: b.reason };
    Ok(written(StatusCode::OK, run(&app, &req, command, b.effective_at).await?))
}

/// Body of `POST …/steps/{step}/tasks`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskLink {
    /// The platform.
    platform: Uuid,
    /// Its task (a meeting outcome of kind task).
    outcome: Uuid,
}

/// `POST …/plans/{plan}/steps/{step}/tasks`: a
/// platform's task serves the step.
pub async fn link_task(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<TaskLink>,
) -> Result<HttpResponse, ApiError> {
    let step = uuid(&path.2, "step")?;
    let b = body.into_inner();
    let command = PlanCommand::LinkTask { step, platform: b.platform, outcome: b.outcome };
    Ok(written(StatusCode::CREATED, run(&app, &req, command, None).await?))
}

/// Body of `PUT …/plans/{plan}/publication`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// `true`: anyone may read the plan; `false`: only its readers in the
    /// network (or region) again.
    published: bool,
    /// Why it is taken back (required then).
    #[serde(default)]
    reason: String,
}

/// `PUT …/plans/{plan}/publication`: publish a plan (anyone may read it and
/// its document) or take it back with a reason.
pub async fn publication(app: State, req: HttpRequest, body: web::Json<Publication>) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let command = if b.published { PlanCommand::Publish } else { PlanCommand::Unpublish { reason: b.reason } };
    Ok(written(StatusCode::OK, run(&app, &req, command, None).await?))
}
