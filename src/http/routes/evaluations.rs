//! The yearly evaluation of a network's or a region's plan:
//! `…/plans/{plan}/evaluations` — every year so far in figures, one year's
//! evaluation beside what changed in the network (or the region's
//! networks) that year, and recording an evaluation. Read like the plan
//! (`plans::readable`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::plan_edits::run;
use super::plans::{readable, target};
use crate::auth::Principal;
use crate::domain::plan::PlanCommand;
use crate::http::error::ApiError;
use crate::http::support::{MinPosition, State, written};
use crate::projections::views;

/// `GET …/plans/{plan}/evaluations`: every year of
/// the plan so far, in figures, to compare year to year.
pub async fn evaluations(
    app: State,
    req: HttpRequest,
    principal: Principal,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    let (owner, id) = target(&app, &req, q.min_position).await?;
    let model = app.models.read();
    readable(&model, &model, &principal, &owner, id, "")?;
    let years = model.plans.get(&id).map(|plan| views::years(&plan.state, app.now())).unwrap_or_default();
    Ok(HttpResponse::Ok().json(years))
}

/// One year's evaluation with what changed in the network that year.
#[derive(Serialize, schemars::JsonSchema)]
pub struct YearAnswer {
    /// The plan's year.
    #[serde(flatten)]
    plan: views::YearEvaluation,
    /// What changed in the network (a region's plan: in the region's
    /// networks together) over the same year — the audit's change set,
    /// summarised.
    network: crate::audit::report::Summary,
}

/// `GET …/plans/{plan}/evaluations/{year}`
pub async fn evaluation(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String, i32)>,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    let (owner, id) = target(&app, &req, q.min_position).await?;
    let year = path.2;
    let now = app.now();
    let (found, name, networks) = {
        let model = app.models.read();
        readable(&model, &model, &principal, &owner, id, "")?;
        let in_period = model.plans.get(&id).is_some_and(|p| (p.state.from..=p.state.to).contains(&year));
        if !in_period {
            return Err(ApiError::not_found(format!("{year} is not a year of plan {id}")));
        }
        let name = crate::app::plans::owner_name(&model, &owner);
        (views::year(&model, &id, year, now), name, crate::app::plans::networks_of(&model, &owner))
    };
    let plan = found.ok_or_else(|| ApiError::not_found(format!("{year} has not begun")))?;
    let period = crate::audit::report::year_period(year, now)
        .ok_or_else(|| ApiError::not_found(format!("{year} has not begun")))?;
    let names = networks.iter().map(|n| n.as_str().to_owned()).collect();
    let span = super::changes::read_span(&app, period, names).await?;
    let report = crate::audit::report::report(owner.slug().clone(), name, year, &span, &networks);
    Ok(HttpResponse::Ok().json(YearAnswer { plan, network: report.summary }))
}

/// Body of `POST …/evaluations`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationBody {
    /// The plan's year evaluated (begun already).
    year: i32,
    /// The short evaluation of the year.
    summary: String,
    /// Each step's outcome.
    #[serde(default)]
    outcomes: Vec<crate::domain::plan::StepOutcome>,
}

/// `POST …/plans/{plan}/evaluations`
pub async fn evaluate(app: State, req: HttpRequest, body: web::Json<EvaluationBody>) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    if b.year > chrono::Datelike::year(&app.now()) {
        return Err(crate::domain::DomainError::invalid("year", "a year is evaluated once it has begun").into());
    }
    let command = PlanCommand::Evaluate { year: b.year, summary: b.summary, outcomes: b.outcomes };
    Ok(written(StatusCode::CREATED, run(&app, &req, command, None).await?))
}
