//! The yearly report of a network or a region: JSON, a printable Czech page
//! and each chart as SVG (`?year=2025`, the current year by default).

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};
use chrono::Datelike;
use serde::Deserialize;

use super::changes::read_span;
use crate::audit::charts;
use crate::audit::report::{Report, report, year_period};
use crate::domain::ids::Slug;
use crate::http::error::ApiError;
use crate::http::report_page;
use crate::http::support::{State, slug, wait};

/// The charts of a report, by the name in their address.
pub const CHARTS: &[&str] = &["capacity", "need-areas", "meetings"];

/// Query of a report.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// Wait until the read models have applied this position.
    #[serde(default)]
    min_position: Option<u64>,
    /// The year (2000 to the current one; the current one by default).
    #[serde(default)]
    year: Option<i32>,
}

/// Which report: a network's or a region's.
enum Scope {
    Network(Slug),
    Region(Slug),
}

async fn build(app: &State, scope: Scope, q: &ReportQuery) -> Result<Report, ApiError> {
    wait(app, q.min_position).await?;
    let now = app.now();
    let year = q.year.unwrap_or(now.year());
    let period = (2000..=now.year())
        .contains(&year)
        .then(|| year_period(year, now))
        .flatten()
        .ok_or_else(|| ApiError::bad_request(format!("year must be 2000 to {}, not {year}", now.year())))?;
    let (scope, name, networks) = match scope {
        Scope::Network(path) => {
            let slug = crate::http::named::network(app, path.as_str()).await?;
            let name = crate::http::named::Network(slug.clone()).state(app)?.name;
            (slug.clone(), name, vec![slug])
        }
        Scope::Region(region) => {
            let model = app.models.read();
            let name = model
                .regions
                .get(&region)
                .and_then(|r| r.state.slug.as_ref().map(|_| r.state.name.clone()))
                .ok_or_else(|| ApiError::not_found(format!("region {region} does not exist")))?;
            let mut networks: Vec<(Vec<u16>, Slug)> = model
                .networks
                .iter()
                .filter(|(_, n)| n.state.region.as_ref() == Some(&region))
                .map(|(slug, n)| (crate::projections::czech::sort_key(&n.state.name), slug.clone()))
                .collect();
            networks.sort();
            (region, name, networks.into_iter().map(|(_, slug)| slug).collect())
        }
    };
    let names = networks.iter().map(|n| n.as_str().to_owned()).collect();
    let span = read_span(app, period, names).await?;
    let networks: Vec<Slug> = networks.into_iter().filter(|n| span.after().networks.contains_key(n)).collect();
    Ok(report(scope, name, year, &span, &networks))
}

fn html(report: &Report, region: bool) -> Result<HttpResponse, ApiError> {
    let page = report_page::page(report, region).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().content_type(ContentType::html()).body(page))
}

fn chart(report: &Report, name: &str) -> Result<HttpResponse, ApiError> {
    let svg = match name {
        "capacity" => charts::capacity(&report.capacity),
        "need-areas" => charts::need_areas(&report.need_areas),
        "meetings" => charts::meetings(&report.meetings_per_month),
        other => {
            return Err(ApiError::not_found(format!(
                "there is no chart {other:?}; the charts are {}",
                CHARTS.join(", ")
            )));
        }
    }
    .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().content_type("image/svg+xml; charset=utf-8").body(svg))
}

fn network_scope(path: &str) -> Result<Scope, ApiError> {
    Ok(Scope::Network(slug(path, "network")?))
}

fn region_scope(path: &str) -> Result<Scope, ApiError> {
    Ok(Scope::Region(slug(path, "region")?))
}

/// `GET /api/v1/networks/{network}/report`
pub async fn network(
    app: State,
    path: web::Path<String>,
    q: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(build(&app, network_scope(&path)?, &q).await?))
}

/// `GET /api/v1/networks/{network}/report/page`
pub async fn network_page(
    app: State,
    path: web::Path<String>,
    q: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    html(&build(&app, network_scope(&path)?, &q).await?, false)
}

/// `GET /api/v1/networks/{network}/report/charts/{chart}`
pub async fn network_chart(
    app: State,
    path: web::Path<(String, String)>,
    q: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    chart(&build(&app, network_scope(&path.0)?, &q).await?, &path.1)
}

/// `GET /api/v1/regions/{region}/report`
pub async fn region(app: State, path: web::Path<String>, q: web::Query<ReportQuery>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(build(&app, region_scope(&path)?, &q).await?))
}

/// `GET /api/v1/regions/{region}/report/page`
pub async fn region_page(
    app: State,
    path: web::Path<String>,
    q: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    html(&build(&app, region_scope(&path)?, &q).await?, true)
}

/// `GET /api/v1/regions/{region}/report/charts/{chart}`
pub async fn region_chart(
    app: State,
    path: web::Path<(String, String)>,
    q: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    chart(&build(&app, region_scope(&path.0)?, &q).await?, &path.1)
}
