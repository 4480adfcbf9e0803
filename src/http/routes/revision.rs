//! The yearly revision: `GET …/networks/{network}/revision` lists the
//! records due for review, `POST` marks records reviewed, one or many at
//! once, as one event.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use crate::audit::revision::{Revision, due};
use crate::domain::revision::Reviewed;
use crate::http::error::ApiError;
use crate::http::named::Network;
use crate::http::support::{State, meta, wait, written};

/// Query of the revision list.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DueQuery {
    /// Wait until the read models have applied this position.
    #[serde(default)]
    min_position: Option<u64>,
    /// Records not reviewed in this many months are due (1–60, default 12).
    #[serde(default)]
    months: Option<u32>,
}

/// `GET /api/v1/networks/{network}/revision`
pub async fn list(app: State, q: web::Query<DueQuery>, network: Network) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let slug = network.0;
    let months = q.months.unwrap_or(12);
    if !(1..=60).contains(&months) {
        return Err(ApiError::bad_request(format!("months must be 1 to 60, not {months}")));
    }
    let answer: Revision = due(&app.models.read(), &slug, app.now(), months);
    Ok(HttpResponse::Ok().json(answer))
}

/// Body of `POST …/revision`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// Actors reviewed.
    #[serde(default)]
    actors: Vec<Uuid>,
    /// Platforms reviewed.
    #[serde(default)]
    platforms: Vec<Uuid>,
    /// Activities of the needs map reviewed.
    #[serde(default)]
    activities: Vec<Uuid>,
    /// When the review took place (default now).
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/networks/{network}/revision`
pub async fn review(
    app: State,
    req: HttpRequest,
    body: web::Json<ReviewBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let b = body.into_inner();
    let marked = Reviewed { actors: b.actors, platforms: b.platforms, activities: b.activities };
    Ok(written(StatusCode::CREATED, app.review(&slug, marked, &meta(&req, b.effective_at)?).await?))
}
