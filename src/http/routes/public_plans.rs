//! Published plans, for anyone without signing in:
//! `/api/v1/networks/{network}/public/plans` and
//! `/api/v1/regions/{region}/public/plans` — the list, a plan, and its
//! printable document. A plan nobody published does not exist here (404).
//! The public reads the plan without the reasons given for status changes
//! and without the platforms' internal tasks; nothing else of the cycle
//! (findings, evaluations, procedures) is public.

use actix_web::{HttpRequest, HttpResponse, web};

use super::plans::{document, items, owner, page};
use crate::http::error::ApiError;
use crate::http::support::{MinPosition, State, uuid, wait};
use crate::projections::views;

/// `GET …/public/plans`: the published plans, newest period first.
pub async fn list(app: State, req: HttpRequest, q: web::Query<MinPosition>) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let owner = owner(&app, &req).await?;
    let model = app.models.read();
    Ok(HttpResponse::Ok().json(items(&model, &owner, false, app.now())))
}

/// `GET …/public/plans/{plan}`: a published plan.
pub async fn get(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let owner = owner(&app, &req).await?;
    let id = uuid(&path.1, "plan")?;
    let model = app.models.read();
    let view = views::plan(&model, &id, app.now())
        .filter(|p| p.owner == owner && p.published.is_some())
        .ok_or_else(|| ApiError::not_found(format!("plan {id} is not published in {owner}")))?;
    Ok(HttpResponse::Ok().json(view.for_public()))
}

/// `GET …/public/plans/{plan}/document`: a published plan's document as a
/// printable Czech page.
pub async fn document_page(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let owner = owner(&app, &req).await?;
    Ok(page(&document(&app, None, &owner, uuid(&path.1, "plan")?)?))
}
