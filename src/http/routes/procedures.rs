//! `/api/v1/networks/{network}/procedures`: agreed procedures ("who informs
//! whom, how, in which situations"), every version kept. Coordinators see
//! every version; an actor's account and a platform's members see the
//! version in force of the procedures that bind their actor or belong to
//! their platform.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Principal;
use crate::domain::ids::Slug;
use crate::domain::procedure::{ProcedureCommand, Version, Wording};
use crate::http::at::{self, ReadAt};
use crate::http::error::ApiError;
use crate::http::named::Network;
use crate::http::support::{State, meta, new_id, uuid, written};

/// A procedure as shown.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ProcedureView {
    /// Its id.
    pub id: Uuid,
    /// The platform that owns it (`None`: the network).
    pub platform: Option<Uuid>,
    /// The version in force now (`None`: withdrawn, or not yet in force).
    pub in_force: Option<Version>,
    /// Every version, oldest first (coordinators; others see the one in
    /// force).
    pub versions: Vec<Version>,
    /// When it was withdrawn and why.
    pub withdrawn: Option<(DateTime<Utc>, String)>,
    /// Its version, for `If-Match`.
    pub version: u64,
}

/// `GET /api/v1/networks/{network}/procedures`
pub async fn list(
    app: State,
    principal: Principal,
    q: web::Query<ReadAt>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let at = at::model(&app, &q).await?;
    at.network(&slug)?;
    Ok(HttpResponse::Ok().json(visible(&app, &principal, &slug, &at)))
}

/// The procedures of network `slug` that `principal` may read at `at`, by
/// title: every one with every version for the network's coordinators
/// and the region's; for an actor's account and a platform's members, the
/// version in force of those that bind their actor or belong to their
/// platform.
pub fn visible(app: &State, principal: &Principal, slug: &Slug, at: &at::At<'_>) -> Vec<ProcedureView> {
    let now = at.now;
    let model = &at.model;
    let mut items: Vec<(Vec<u16>, ProcedureView)> = model
        .procedures
        .iter()
        .filter(|(_, p)| p.state.network.as_ref() == Some(slug))
        .filter_map(|(id, entry)| {
            let p = &entry.state;
            let in_force = p.in_force(now).cloned();
            let actors = in_force.as_ref().map_or(&[][..], |v| &v.actors[..]);
            let sight = at.model.with_live(app, |live| {
                crate::auth::policy::procedure_sight(principal, slug, p.platform, actors, live)
            })?;
            let planner = sight == crate::auth::policy::ProcedureSight::Versions;
            let versions = if planner { p.versions.clone() } else { in_force.iter().cloned().collect() };
            let title = p.versions.last().map(|v| v.title.clone()).unwrap_or_default();
            let view = ProcedureView {
                id: *id,
                platform: p.platform,
                in_force,
                versions,
                withdrawn: p.withdrawn.clone(),
                version: entry.version,
            };
            (planner || view.in_force.is_some()).then(|| (crate::projections::czech::sort_key(&title), view))
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    items.into_iter().map(|(_, v)| v).collect()
}

/// Body of `POST …/procedures` and `PUT …/procedures/{procedure}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcedureBody {
    #[serde(default)]
    id: Option<Uuid>,
    /// The platform that owns it (agreeing only; default: the network).
    #[serde(default)]
    platform: Option<Uuid>,
    title: String,
    text: String,
    /// The actors it binds.
    #[serde(default)]
    actors: Vec<Uuid>,
    /// What a new version changes (required for revisions).
    #[serde(default)]
    note: String,
    /// In force from (default now).
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/networks/{network}/procedures`
pub async fn agree(
    app: State,
    req: HttpRequest,
    body: web::Json<ProcedureBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let b = body.into_inner();
    let id = new_id(b.id);
    let wording = Wording { title: b.title, text: b.text, actors: b.actors, note: b.note };
    let command = ProcedureCommand::Agree { network: slug.clone(), platform: b.platform, wording };
    let mut answer = app.procedure(&slug, id, command, &meta(&req, b.effective_at)?).await?;
    answer.id = id.to_string();
    Ok(written(StatusCode::CREATED, answer))
}

/// `PUT /api/v1/networks/{network}/procedures/{procedure}`: a new version.
pub async fn revise(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<ProcedureBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "procedure")?;
    let b = body.into_inner();
    if b.platform.is_some() {
        return Err(ApiError::bad_request("a procedure's owner is set when it is agreed; leave platform out"));
    }
    let wording = Wording { title: b.title, text: b.text, actors: b.actors, note: b.note };
    let command = ProcedureCommand::Revise { wording };
    Ok(written(StatusCode::OK, app.procedure(&slug, id, command, &meta(&req, b.effective_at)?).await?))
}

/// Body of `POST …/withdrawal`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    reason: String,
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/networks/{network}/procedures/{procedure}/withdrawal`
pub async fn withdraw(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<Withdrawal>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "procedure")?;
    let b = body.into_inner();
    let command = ProcedureCommand::Withdraw { reason: b.reason };
    Ok(written(StatusCode::OK, app.procedure(&slug, id, command, &meta(&req, b.effective_at)?).await?))
}
