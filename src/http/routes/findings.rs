//! `/api/v1/networks/{network}/findings`: the needs and themes a network
//! identified in mapping, their sources, and the plan steps that answer
//! them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::NeedArea;
use crate::domain::finding::{FindingCommand, FindingDraft, FindingStatus, Source};
use crate::domain::plan::StepStatus;
use crate::http::at::{self, ReadAt};
use crate::http::error::ApiError;
use crate::http::named::Network;
use crate::http::support::{State, meta, new_id, uuid, written};
use crate::projections::Model;

/// A plan step that answers a finding.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Answering {
    /// The plan.
    pub plan: Uuid,
    /// The step.
    pub step: Uuid,
    /// The step's text.
    pub text: String,
    /// Where the step stands.
    pub status: StepStatus,
}

/// A finding as shown.
#[derive(Serialize, schemars::JsonSchema)]
pub struct FindingView {
    /// Its id.
    pub id: Uuid,
    /// The need or theme, briefly.
    pub title: String,
    /// What was found.
    pub text: String,
    /// Where it stands.
    pub status: FindingStatus,
    /// Why it was last moved, if a reason was given.
    pub reason: String,
    /// What it rests on.
    pub sources: Vec<Source>,
    /// The need areas it concerns.
    pub need_areas: Vec<NeedArea>,
    /// The target groups it concerns.
    pub target_groups: Vec<Uuid>,
    /// The plan steps that answer it.
    pub steps: Vec<Answering>,
    /// The version to send in `If-Match`.
    pub version: u64,
}

/// Finding `id` as shown, with the plan steps that answer it.
pub fn view(model: &Model, id: &Uuid) -> Option<FindingView> {
    let entry = model.findings.get(id)?;
    let f = &entry.state;
    let mut steps: Vec<Answering> = model
        .plans
        .iter()
        .flat_map(|(plan, p)| {
            p.state.steps.iter().filter(|(_, s)| s.draft.findings.contains(id)).map(|(step, s)| Answering {
                plan: *plan,
                step: *step,
                text: s.draft.text.clone(),
                status: s.status,
            })
        })
        .collect();
    steps.sort_by_key(|s| (s.plan, s.step));
    Some(FindingView {
        id: *id,
        title: f.draft.title.clone(),
        text: f.draft.text.clone(),
        status: f.status,
        reason: f.reason.clone(),
        sources: f.draft.sources.clone(),
        need_areas: f.draft.need_areas.clone(),
        target_groups: f.draft.target_groups.clone(),
        steps,
        version: entry.version,
    })
}

/// `GET /api/v1/networks/{network}/findings`
pub async fn list(app: State, q: web::Query<ReadAt>, network: Network) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let at = at::model(&app, &q).await?;
    at.network(&slug)?;
    let model = &at.model;
    let mut items: Vec<FindingView> = model
        .findings
        .iter()
        .filter(|(_, f)| f.state.network.as_ref() == Some(&slug))
        .filter_map(|(id, _)| view(model, id))
        .collect();
    items.sort_by_cached_key(|f| crate::projections::czech::sort_key(&f.title));
    Ok(HttpResponse::Ok().json(items))
}

/// Body of `POST …/findings` and `PUT …/findings/{finding}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingBody {
    #[serde(default)]
    id: Option<Uuid>,
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default)]
    need_areas: Vec<NeedArea>,
    #[serde(default)]
    target_groups: Vec<Uuid>,
}

impl FindingBody {
    fn draft(self) -> FindingDraft {
        FindingDraft {
            title: self.title,
            text: self.text,
            sources: self.sources,
            need_areas: self.need_areas,
            target_groups: self.target_groups,
        }
    }
}

/// `POST /api/v1/networks/{network}/findings`
pub async fn record(
    app: State,
    req: HttpRequest,
    body: web::Json<FindingBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let b = body.into_inner();
    let id = new_id(b.id);
    let command = FindingCommand::Record { network: slug.clone(), draft: b.draft() };
    let mut answer = app.finding(&slug, id, command, &meta(&req, None)?).await?;
    answer.id = id.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// `PUT /api/v1/networks/{network}/findings/{finding}`: the finding as it
/// reads now.
pub async fn revise(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<FindingBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "finding")?;
    let command = FindingCommand::Revise { draft: body.into_inner().draft() };
    Ok(written(StatusCode::OK, app.finding(&slug, id, command, &meta(&req, None)?).await?))
}

/// Body of `PUT …/findings/{finding}/status`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingStatusBody {
    status: FindingStatus,
    /// Why: required to set a finding aside.
    #[serde(default)]
    reason: String,
}

/// `PUT /api/v1/networks/{network}/findings/{finding}/status`
pub async fn status(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<FindingStatusBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "finding")?;
    let b = body.into_inner();
    let command = FindingCommand::SetStatus { status: b.status, reason: b.reason };
    Ok(written(StatusCode::OK, app.finding(&slug, id, command, &meta(&req, None)?).await?))
}
