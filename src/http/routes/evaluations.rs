//! The yearly evaluation of a network's plan:
//! `…/plans/{plan}/evaluations` — every year so far in figures, one year's
//! evaluation beside what changed in the network that year, and recording
//! an evaluation.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::networks::existing;
use super::plans::run;
use crate::domain::plan::PlanCommand;
use crate::http::error::ApiError;
use crate::http::support::{MinPosition, State, uuid, wait, written};
use crate::projections::views;

/// `GET /api/v1/networks/{network}/plans/{plan}/evaluations`: every year of
/// the plan so far, in figures, to compare year to year.
pub async fn evaluations(
    app: State,
    path: web::Path<(String, String)>,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let (slug, _) = existing(&app, &path.0).await?;
    let id = uuid(&path.1, "plan")?;
    let model = app.models.read();
    let plan = model
        .plans
        .get(&id)
        .filter(|p| p.state.network.as_ref() == Some(&slug))
        .ok_or_else(|| ApiError::not_found(format!("plan {id} does not exist in network {slug}")))?;
    Ok(HttpResponse::Ok().json(views::years(&plan.state, app.now())))
}

/// One year's evaluation with what changed in the network that year.
#[derive(Serialize, schemars::JsonSchema)]
pub struct YearAnswer {
    /// The plan's year.
    #[serde(flatten)]
    plan: views::YearEvaluation,
    /// What changed in the network over the same year (the audit's change
    /// set, summarised).
    network: crate::audit::report::Summary,
}

/// `GET /api/v1/networks/{network}/plans/{plan}/evaluations/{year}`
pub async fn evaluation(
    app: State,
    path: web::Path<(String, String, i32)>,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let (slug, state) = existing(&app, &path.0).await?;
    let id = uuid(&path.1, "plan")?;
    let year = path.2;
    let now = app.now();
    let found = {
        let model = app.models.read();
        let in_period = model
            .plans
            .get(&id)
            .filter(|p| p.state.network.as_ref() == Some(&slug))
            .map(|p| (p.state.from..=p.state.to).contains(&year));
        match in_period {
            None => return Err(ApiError::not_found(format!("plan {id} does not exist in network {slug}"))),
            Some(false) => return Err(ApiError::not_found(format!("{year} is not a year of plan {id}"))),
            Some(true) => views::year(&model, &id, year, now),
        }
    };
    let plan = found.ok_or_else(|| ApiError::not_found(format!("{year} has not begun")))?;
    let period = crate::audit::report::year_period(year, now)
        .ok_or_else(|| ApiError::not_found(format!("{year} has not begun")))?;
    let networks = std::collections::BTreeSet::from([slug.as_str().to_owned()]);
    let span = super::changes::read_span(&app, period, networks).await?;
    let report = crate::audit::report::report(slug.clone(), state.name, year, &span, std::slice::from_ref(&slug));
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

/// `POST /api/v1/networks/{network}/plans/{plan}/evaluations`
pub async fn evaluate(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<EvaluationBody>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    if b.year > chrono::Datelike::year(&app.now()) {
        return Err(crate::domain::DomainError::invalid("year", "a year is evaluated once it has begun").into());
    }
    let command = PlanCommand::Evaluate { year: b.year, summary: b.summary, outcomes: b.outcomes };
    Ok(written(StatusCode::CREATED, run(&app, &req, &path.0, &path.1, command, None).await?))
}
