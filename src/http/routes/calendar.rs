//! Feeds to subscribe to: `GET
//! /api/v1/networks/{network}/platforms/{platform}/meetings.ics`, a
//! platform's meetings as an iCalendar feed for those who may read the
//! platform; `GET /api/v1/networks/{network}/public/feed.atom`, the
//! capacity the network's services announce to the public, for anyone.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::networks::existing;
use crate::domain::value::Value;
use crate::http::error::ApiError;
use crate::http::support::{MinPosition, State, uuid, wait};
use crate::interop::ics::{Entry, calendar};

/// `GET /api/v1/networks/{network}/platforms/{platform}/meetings.ics`
pub async fn platform(
    app: State,
    path: web::Path<(String, String)>,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let (slug, _) = existing(&app, &path.0).await?;
    let id = uuid(&path.1, "platform")?;
    let model = app.models.read();
    let platform = model
        .platforms
        .get(&id)
        .filter(|p| p.state.network.as_ref() == Some(&slug))
        .ok_or_else(|| ApiError::not_found(format!("platform {id} does not exist in network {slug}")))?;
    let name = platform.state.fields.get("name").and_then(Value::as_text).unwrap_or("platforma");
    let entries: Vec<Entry<'_>> =
        platform.state.meetings.iter().map(|(id, meeting)| Entry { id: *id, platform: name, meeting }).collect();
    let body = calendar(name, &entries, app.now());
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"setkani-{id}.ics\"")))
        .body(body))
}

/// `GET /api/v1/networks/{network}/public/feed.atom`
pub async fn public_atom(
    app: State,
    req: actix_web::HttpRequest,
    path: web::Path<String>,
    q: web::Query<MinPosition>,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let (slug, _) = existing(&app, &path).await?;
    let info = req.connection_info();
    let base = format!("{}://{}", info.scheme(), info.host());
    let body = crate::interop::atom::feed(&app.models.read(), &slug, app.now(), &base)
        .ok_or_else(|| ApiError::not_found(format!("network {slug} does not exist")))?;
    Ok(HttpResponse::Ok().content_type("application/atom+xml; charset=utf-8").body(body))
}
