//! HSDS 3.1 for anyone: `GET /api/v1/networks/{network}/hsds/services`
//! (one JSON object per service, related records inside) and `GET
//! /api/v1/networks/{network}/hsds/datapackage.zip` (the tabular
//! datapackage), both with `modified_after` for incremental sync. Only what
//! the public directory shows goes out.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::http::at::parse_as_of;
use crate::http::error::ApiError;
use crate::http::support::{State, wait};
use crate::interop::hsds::{Records, records};
use crate::interop::hsds_out::{services as compiled, zipped};

/// The query of the HSDS routes.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HsdsQuery {
    /// Only services changed after this date (`2026-01-31`: the end of that
    /// day, UTC) or instant (RFC 3339); those no longer public come with
    /// their status.
    #[serde(default)]
    pub modified_after: Option<String>,
    /// Wait until the read models have applied this position.
    #[serde(default)]
    pub min_position: Option<u64>,
}

async fn read(app: &State, path: &str, q: &HsdsQuery) -> Result<(String, Records), ApiError> {
    wait(app, q.min_position).await?;
    let slug = crate::http::named::network(app, path).await?;
    let now = app.now();
    let after: Option<DateTime<Utc>> = q
        .modified_after
        .as_deref()
        .map(|text| parse_as_of(text, crate::audit::timeline::Clock::Recorded, now + chrono::Duration::days(1)))
        .transpose()
        .map_err(|e| ApiError::bad_request(format!("modified_after: {}", e.0.detail)))?;
    let model = app.models.read();
    Ok((slug.to_string(), records(&model, &slug, now, after)))
}

/// `GET /api/v1/networks/{network}/hsds/services`
pub async fn services(app: State, path: web::Path<String>, q: web::Query<HsdsQuery>) -> Result<HttpResponse, ApiError> {
    let (_, records) = read(&app, &path, &q).await?;
    Ok(HttpResponse::Ok().json(compiled(&records)))
}

/// `GET /api/v1/networks/{network}/hsds/datapackage.zip`
pub async fn datapackage(
    app: State,
    path: web::Path<String>,
    q: web::Query<HsdsQuery>,
) -> Result<HttpResponse, ApiError> {
    let (slug, records) = read(&app, &path, &q).await?;
    let bytes = zipped(&records, &format!("uzel-{slug}"), &format!("Síť služeb {slug} (HSDS 3.1)"))
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"hsds-{slug}.zip\"")))
        .body(bytes))
}
