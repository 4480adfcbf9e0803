//! `/api/v1/networks/{network}/plans`: the network's mid-term plan — its
//! sections and practice, recommendations, steps and their status.

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::networks::existing;
use crate::domain::plan::{PlanCommand, StepDraft, StepStatus};
use crate::http::at::{self, ReadAt};
use crate::http::error::ApiError;
use crate::http::plan_document;
use crate::http::support::{MinPosition, State, meta, new_id, uuid, wait, written};
use crate::projections::views;

/// One plan in the list.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PlanItem {
    id: Uuid,
    title: String,
    from: i32,
    to: i32,
    steps: views::StepCounts,
    version: u64,
}

/// `GET /api/v1/networks/{network}/plans`
pub async fn list(app: State, path: web::Path<String>, q: web::Query<ReadAt>) -> Result<HttpResponse, ApiError> {
    let (slug, _) = existing(&app, &path).await?;
    let at = at::model(&app, &q).await?;
    at.network(&slug)?;
    let now = at.now;
    let model = &at.model;
    let mut items: Vec<PlanItem> = model
        .plans
        .iter()
        .filter(|(_, p)| p.state.network.as_ref() == Some(&slug))
        .filter_map(|(id, _)| views::plan(model, id, now))
        .map(|p| PlanItem { id: p.id, title: p.title, from: p.from, to: p.to, steps: p.steps, version: p.version })
        .collect();
    items.sort_by_key(|p| (std::cmp::Reverse(p.from), p.id));
    Ok(HttpResponse::Ok().json(items))
}

/// `GET /api/v1/networks/{network}/plans/{plan}`
pub async fn get(
    app: State,
    path: web::Path<(String, String)>,
    q: web::Query<ReadAt>,
) -> Result<HttpResponse, ApiError> {
    let (slug, _) = existing(&app, &path.0).await?;
    let id = uuid(&path.1, "plan")?;
    let at = at::model(&app, &q).await?;
    let view = views::plan(&at.model, &id, at.now)
        .filter(|p| p.network == slug)
        .ok_or_else(|| ApiError::not_found(format!("plan {id} does not exist in network {slug}{}", at::on(&at))))?;
    Ok(HttpResponse::Ok().json(view))
}

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

/// `POST /api/v1/networks/{network}/plans`: a plan with the standard's four
/// sections.
pub async fn create(
    app: State,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<PostPlan>,
) -> Result<HttpResponse, ApiError> {
    let (slug, _) = existing(&app, &path).await?;
    let b = body.into_inner();
    let id = new_id(b.id);
    let command = PlanCommand::Create { network: slug.clone(), title: b.title, from: b.from, to: b.to };
    let mut answer = app.plan(&slug, id, command, &meta(&req, b.effective_at)?).await?;
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

pub(super) async fn run(
    app: &State,
    req: &HttpRequest,
    network: &str,
    plan: &str,
    command: PlanCommand,
    effective_at: Option<DateTime<Utc>>,
) -> Result<crate::app::Written, ApiError> {
    let (slug, _) = existing(app, network).await?;
    let id = uuid(plan, "plan")?;
    Ok(app.plan(&slug, id, command, &meta(req, effective_at)?).await?)
}

/// `POST /api/v1/networks/{network}/plans/{plan}/sections`
pub async fn add_section(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<PostSection>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let id = new_id(b.id);
    let command = PlanCommand::AddSection { id, title: b.title, practice: b.practice };
    let mut answer = run(&app, &req, &path.0, &path.1, command, None).await?;
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

/// `PATCH /api/v1/networks/{network}/plans/{plan}/sections/{section}`
pub async fn change_section(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<PatchSection>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let id = uuid(&path.2, "section")?;
    let command = PlanCommand::ChangeSection { id, title: b.title, practice: b.practice };
    Ok(written(StatusCode::OK, run(&app, &req, &path.0, &path.1, command, None).await?))
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

/// `POST /api/v1/networks/{network}/plans/{plan}/recommendations`
pub async fn recommend(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<PostRecommendation>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let id = new_id(b.id);
    let command = PlanCommand::Recommend { id, section: b.section, text: b.text };
    let mut answer = run(&app, &req, &path.0, &path.1, command, b.effective_at).await?;
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
    /// When it was added (default now).
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/networks/{network}/plans/{plan}/steps`
pub async fn add_step(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<PostStep>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let id = new_id(b.id);
    let step = StepDraft {
        text: b.text,
        actors: b.actors,
        platforms: b.platforms,
        deadline: b.deadline,
        need_areas: b.need_areas,
        findings: b.findings,
    };
    let command = PlanCommand::AddStep { id, recommendation: b.recommendation, step };
    let mut answer = run(&app, &req, &path.0, &path.1, command, b.effective_at).await?;
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

/// `PUT /api/v1/networks/{network}/plans/{plan}/steps/{step}/status`
pub async fn step_status(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<StepStatusBody>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let id = uuid(&path.2, "step")?;
    let command = PlanCommand::SetStatus { id, status: b.status, reason: b.reason };
    Ok(written(StatusCode::OK, run(&app, &req, &path.0, &path.1, command, b.effective_at).await?))
}

fn document(app: &State, slug: &crate::domain::ids::Slug, id: Uuid) -> Result<plan_document::Document, ApiError> {
    let now = app.now();
    let model = app.models.read();
    let view = views::plan(&model, &id, now)
        .filter(|p| &p.network == slug)
        .ok_or_else(|| ApiError::not_found(format!("plan {id} does not exist in network {slug}")))?;
    Ok(plan_document::document(&model, slug, view, now))
}

/// `GET /api/v1/networks/{network}/plans/{plan}/document`: the plan
/// document as a printable Czech page.
pub async fn document_page(
    app: State,
    path: web::Path<(String, String)>,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let (slug, _) = existing(&app, &path.0).await?;
    let doc = document(&app, &slug, uuid(&path.1, "plan")?)?;
    Ok(HttpResponse::Ok().content_type(ContentType::html()).body(plan_document::html(&doc)))
}

/// `GET /api/v1/networks/{network}/plans/{plan}/document.rtf`: the plan
/// document to download and edit in a word processor.
pub async fn document_rtf(
    app: State,
    path: web::Path<(String, String)>,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let (slug, _) = existing(&app, &path.0).await?;
    let doc = document(&app, &slug, uuid(&path.1, "plan")?)?;
    let file = format!("attachment; filename=\"plan-{slug}-{}-{}.rtf\"", doc.plan.from, doc.plan.to);
    Ok(HttpResponse::Ok()
        .content_type("application/rtf")
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, file))
        .body(plan_document::rtf(&doc)))
}

/// A step as its responsible actors and platforms see it.
#[derive(Serialize, schemars::JsonSchema)]
pub struct MyStep {
    /// The plan.
    plan: Uuid,
    /// The plan's title.
    plan_title: String,
    /// The recommendation the step serves.
    recommendation: String,
    /// The step.
    #[serde(flatten)]
    step: views::StepView,
}

/// `GET /api/v1/networks/{network}/steps`: the plan steps that concern the
/// reader — those naming an actor the reader keeps or a platform the reader
/// follows (coordinators: every step).
pub async fn my_steps(
    app: State,
    principal: crate::auth::Principal,
    path: web::Path<String>,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let (slug, _) = existing(&app, &path).await?;
    let now = app.now();
    let model = app.models.read();
    let mut out: Vec<MyStep> = Vec::new();
    for (id, entry) in model.plans.iter().filter(|(_, p)| p.state.network.as_ref() == Some(&slug)) {
        let Some(view) = views::plan(&model, id, now) else { continue };
        for section in view.sections {
            for rec in section.recommendations {
                for step in rec.steps {
                    let concerns = step.actors.iter().any(|a| principal.keeps_actor(&slug, &a.id))
                        || step.platforms.iter().any(|p| principal.follows_platform(&slug, &p.id));
                    if concerns {
                        out.push(MyStep {
                            plan: *id,
                            plan_title: entry.state.title.clone(),
                            recommendation: rec.text.clone(),
                            step,
                        });
                    }
                }
            }
        }
    }
    out.sort_by_key(|s| (s.step.deadline.is_none(), s.step.deadline, s.step.id));
    Ok(HttpResponse::Ok().json(out))
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

/// `POST /api/v1/networks/{network}/plans/{plan}/steps/{step}/tasks`: a
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
    Ok(written(StatusCode::CREATED, run(&app, &req, &path.0, &path.1, command, None).await?))
}
