//! `/api/v1/regions`: regions (kraje) and their networks side by side.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::domain::network::RegionCommand;
use crate::http::at::{self, ReadAt};
use crate::http::error::ApiError;
use crate::http::support::{MinPosition, State, meta, slug, wait, written};
use crate::projections::views;

/// A region in a list.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RegionItem {
    region: String,
    name: String,
    networks: usize,
}

/// `GET /api/v1/regions`
pub async fn list(app: State, principal: Principal, q: web::Query<MinPosition>) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let model = app.models.read();
    let items: Vec<RegionItem> = model
        .regions
        .iter()
        .filter(|(slug, _)| {
            principal.reads_region(slug)
                || model
                    .networks
                    .iter()
                    .any(|(n, s)| s.state.region.as_ref() == Some(slug) && principal.reads_network(n, &model))
        })
        .map(|(slug, r)| RegionItem {
            region: slug.to_string(),
            name: r.state.name.clone(),
            networks: model.networks.values().filter(|n| n.state.region.as_ref() == Some(slug)).count(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(items))
}

/// Body of `PUT /api/v1/regions/{region}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutRegion {
    name: String,
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `PUT /api/v1/regions/{region}`: registers the region, or renames it.
pub async fn put(
    app: State,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<PutRegion>,
) -> Result<HttpResponse, ApiError> {
    let slug = crate::domain::ids::Slug::parse(&path)
        .map_err(|e| ApiError::validation(vec![crate::domain::FieldError { field: "region".into(), reason: e }]))?;
    let body = body.into_inner();
    let meta = meta(&req, body.effective_at)?;
    app.caught_up().await?;
    let exists = app.models.read().regions.contains_key(&slug);
    let command = if exists {
        RegionCommand::Rename { name: body.name }
    } else {
        RegionCommand::Register { slug: slug.clone(), name: body.name }
    };
    let status = if exists { StatusCode::OK } else { StatusCode::CREATED };
    Ok(written(status, app.region(&slug, command, &meta).await?))
}

/// `GET /api/v1/regions/{region}`: its networks side by side.
pub async fn get(app: State, path: web::Path<String>, q: web::Query<ReadAt>) -> Result<HttpResponse, ApiError> {
    let slug = slug(&path, "region")?;
    let at = at::model(&app, &q).await?;
    let view = views::region(&at.model, &slug, at.now)
        .ok_or_else(|| ApiError::not_found(format!("region {slug} does not exist{}", at::on(&at))))?;
    Ok(HttpResponse::Ok().json(view))
}
