//! Reading plans — a network's (`/api/v1/networks/{network}/plans`) or a
//! region's (`/api/v1/regions/{region}/plans`), the same handlers serving
//! both: the list, a plan in full, its document (printable page and RTF),
//! and the steps that concern the reader.
//!
//! Who reads what: the network's coordinators and the region's
//! coordinators read every plan; anyone else with a role in the network
//! reads published plans, and the steps naming an actor they keep or a
//! platform they follow (`GET …/steps`), of the network's plans and of its
//! region's. The public reads published plans (`public_plans`).

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use uuid::Uuid;

use crate::auth::Principal;
use crate::domain::plan::Owner;
use crate::http::at::{self, ReadAt};
use crate::http::error::ApiError;
use crate::http::named::Network;
use crate::http::plan_document;
use crate::http::support::{MinPosition, State, uuid, wait};
use crate::projections::{Model, views};

/// The owner a plan route names in its path: `{region}` or `{network}`,
/// which must exist.
pub(super) async fn owner(app: &State, req: &HttpRequest) -> Result<Owner, ApiError> {
    if let Some(region) = req.match_info().get("region") {
        return Ok(Owner::Region(crate::http::named::region(app, region).await?));
    }
    let network = crate::http::named::network(app, req.match_info().query("network")).await?;
    Ok(Owner::Network(network))
}

/// The owner and the `{plan}` a plan route names, once the model has
/// reached `min_position`.
pub(super) async fn target(
    app: &State,
    req: &HttpRequest,
    min_position: Option<crate::log::Position>,
) -> Result<(Owner, Uuid), ApiError> {
    wait(app, min_position).await?;
    let owner = owner(app, req).await?;
    Ok((owner, uuid(req.match_info().query("plan"), "plan")?))
}

/// The plan `id` of `owner` as `principal` may read it: 404 if it is not
/// the owner's, 403 if it is not published and the principal does not
/// read every plan.
pub(super) fn readable(
    model: &Model,
    live: &Model,
    principal: &Principal,
    owner: &Owner,
    id: Uuid,
    on: &str,
) -> Result<(), ApiError> {
    let plan = model
        .plans
        .get(&id)
        .filter(|p| p.state.owned_by(owner))
        .ok_or_else(|| ApiError::not_found(format!("plan {id} does not exist in {owner}{on}")))?;
    if plan.state.published.is_none() && !crate::auth::policy::reads_all_plans(principal, owner, live) {
        let steps = match owner {
            Owner::Network(n) => format!("; the steps that concern you are at /api/v1/networks/{n}/steps"),
            Owner::Region(_) => String::new(),
        };
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Not allowed",
            format!("plan {id} is not published: only the coordinators read it whole{steps}"),
        ));
    }
    Ok(())
}

/// One plan in the list.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PlanItem {
    pub(super) id: Uuid,
    pub(super) title: String,
    pub(super) from: i32,
    pub(super) to: i32,
    /// Since when anyone may read it; `null` while it is not published.
    published: Option<chrono::DateTime<chrono::Utc>>,
    steps: views::StepCounts,
    version: u64,
}

/// The plans of `owner` in `model`, newest period first; only published
/// ones unless `all`.
pub(super) fn items(model: &Model, owner: &Owner, all: bool, now: chrono::DateTime<chrono::Utc>) -> Vec<PlanItem> {
    let mut items: Vec<PlanItem> = model
        .plans
        .iter()
        .filter(|(_, p)| p.state.owned_by(owner) && (all || p.state.published.is_some()))
        .filter_map(|(id, _)| views::plan(model, id, now))
        .map(|p| PlanItem {
            id: p.id,
            title: p.title,
            from: p.from,
            to: p.to,
            published: p.published,
            steps: p.steps,
            version: p.version,
        })
        .collect();
    items.sort_by_key(|p| (std::cmp::Reverse(p.from), p.id));
    items
}

/// `GET …/plans`: every plan for the coordinators, the published ones for
/// the other readers.
pub async fn list(
    app: State,
    req: HttpRequest,
    principal: Principal,
    q: web::Query<ReadAt>,
) -> Result<HttpResponse, ApiError> {
    let owner = owner(&app, &req).await?;
    let at = at::model(&app, &q).await?;
    if let Some(network) = owner.network() {
        at.network(network)?;
    }
    let all = at.model.with_live(&app, |live| crate::auth::policy::reads_all_plans(&principal, &owner, live));
    Ok(HttpResponse::Ok().json(items(&at.model, &owner, all, at.now)))
}

/// `GET …/plans/{plan}`
pub async fn get(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
    q: web::Query<ReadAt>,
) -> Result<HttpResponse, ApiError> {
    let owner = owner(&app, &req).await?;
    let id = uuid(&path.1, "plan")?;
    let at = at::model(&app, &q).await?;
    let on = at::on(&at);
    at.model.with_live(&app, |live| readable(&at.model, live, &principal, &owner, id, &on))?;
    let view = views::plan(&at.model, &id, at.now)
        .ok_or_else(|| ApiError::not_found(format!("plan {id} does not exist in {owner}")))?;
    let findings = at.model.with_live(&app, |live| crate::auth::policy::reads_findings(&principal, &owner, live));
    Ok(HttpResponse::Ok().json(if findings { view } else { view.without_findings() }))
}

/// The document of plan `id` of `owner`, checked readable by `principal`
/// (`None`: the public, which reads published plans only).
pub(super) fn document(
    app: &State,
    principal: Option<&Principal>,
    owner: &Owner,
    id: Uuid,
) -> Result<plan_document::Document, ApiError> {
    let now = app.now();
    let model = app.models.read();
    let hidden = || ApiError::not_found(format!("plan {id} does not exist in {owner}"));
    match principal {
        Some(principal) => readable(&model, &model, principal, owner, id, "")?,
        None if model.plans.get(&id).is_some_and(|p| p.state.owned_by(owner) && p.state.published.is_some()) => {}
        None => return Err(hidden()),
    }
    let view = views::plan(&model, &id, now).ok_or_else(hidden)?;
    let view = match principal {
        None => view.for_public(),
        Some(p) if !crate::auth::policy::reads_findings(p, owner, &model) => view.without_findings(),
        Some(_) => view,
    };
    Ok(plan_document::document(&model, view, now))
}

/// The document as a printable page.
pub(super) fn page(doc: &plan_document::Document) -> HttpResponse {
    HttpResponse::Ok().content_type(ContentType::html()).body(plan_document::html(doc))
}

/// `GET …/plans/{plan}/document`: the plan document as a printable Czech
/// page.
pub async fn document_page(
    app: State,
    req: HttpRequest,
    principal: Principal,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    let (owner, id) = target(&app, &req, q.min_position).await?;
    Ok(page(&document(&app, Some(&principal), &owner, id)?))
}

/// `GET …/plans/{plan}/document.rtf`: the plan document to download and
/// edit in a word processor.
pub async fn document_rtf(
    app: State,
    req: HttpRequest,
    principal: Principal,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    let (owner, id) = target(&app, &req, q.min_position).await?;
    let doc = document(&app, Some(&principal), &owner, id)?;
    let file = format!("attachment; filename=\"plan-{}-{}-{}.rtf\"", owner.slug(), doc.plan.from, doc.plan.to);
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
    /// Whose plan: the network's or its region's.
    owner: Owner,
    /// The recommendation the step serves.
    recommendation: String,
    /// The step.
    #[serde(flatten)]
    step: views::StepView,
}

/// `GET /api/v1/networks/{network}/steps`: the plan steps that concern the
/// reader — those naming an actor the reader keeps or a platform the reader
/// follows (coordinators: every step), of the network's plans and of its
/// region's plans.
pub async fn my_steps(
    app: State,
    principal: Principal,
    q: web::Query<MinPosition>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let state = network.state(&app)?;
    let slug = network.0;
    let now = app.now();
    let model = app.models.read();
    let region = state.region.map(Owner::Region);
    let mine = |owner: &Owner| owner == &Owner::Network(slug.clone()) || Some(owner) == region.as_ref();
    let mut out: Vec<MyStep> = Vec::new();
    for (id, entry) in model.plans.iter().filter(|(_, p)| p.state.owner.as_ref().is_some_and(mine)) {
        let Some(view) = views::plan(&model, id, now) else { continue };
        let view = if crate::auth::policy::reads_findings(&principal, &view.owner, &model) {
            view
        } else {
            view.without_findings()
        };
        for (rec, step) in view.steps() {
            let concerns =
                step.actors.iter().any(|a| principal.keeps_actor(&slug, &a.id) && model.is_actor_of(&slug, &a.id))
                    || step.platforms.iter().any(|p| principal.follows_platform(&slug, &p.id, &model));
            if concerns {
                out.push(MyStep {
                    plan: *id,
                    plan_title: entry.state.title.clone(),
                    owner: view.owner.clone(),
                    recommendation: rec.text.clone(),
                    step: step.clone(),
                });
            }
        }
    }
    out.sort_by_key(|s| (s.step.deadline.is_none(), s.step.deadline, s.step.id));
    Ok(HttpResponse::Ok().json(out))
}
