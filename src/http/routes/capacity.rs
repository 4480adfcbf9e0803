//! Capacity: announcing it, an actor's series, and the network's current
//! capacity.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::actor::{ActorCommand, Capacity, Status};
use crate::http::at::{self, ReadAt};
use crate::http::error::ApiError;
use crate::http::named::Network;
use crate::http::support::{MinPosition, State, meta, uuid, wait, written};
use crate::projections::views;

/// Body of `POST …/actors/{id}/capacity`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacityBody {
    unit: String,
    free: u32,
    #[serde(default)]
    occupied: Option<u32>,
    #[serde(default)]
    waiting: Option<u32>,
    #[serde(default)]
    valid_until: Option<DateTime<Utc>>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    effective_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/networks/{network}/actors/{id}/capacity`: announces current
/// capacity in one unit.
pub async fn announce(
    app: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<CapacityBody>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let id = uuid(&path.1, "actor")?;
    let b = body.into_inner();
    let capacity = Capacity {
        unit: b.unit,
        free: b.free,
        occupied: b.occupied,
        waiting: b.waiting,
        valid_until: b.valid_until,
        note: b.note,
    };
    Ok(written(
        StatusCode::CREATED,
        app.actor(&slug, id, ActorCommand::AnnounceCapacity { capacity }, &meta(&req, b.effective_at)?).await?,
    ))
}

/// `GET /api/v1/networks/{network}/capacities`: current capacity of every
/// active actor that registered or announced any, freshest first.
pub async fn capacities(app: State, q: web::Query<ReadAt>, network: Network) -> Result<HttpResponse, ApiError> {
    let slug = network.0;
    let at = at::model(&app, &q).await?;
    at.network(&slug)?;
    let now = at.now;
    let model = &at.model;
    let mut rows: Vec<serde_json::Value> = Vec::new();
    for id in model.actors_by_network.get(&slug).into_iter().flatten() {
        let Some(view) = views::actor(model, id, now) else { continue };
        if view.status != Status::Active || view.capacity.is_empty() {
            continue;
        }
        for c in view.capacity {
            rows.push(serde_json::json!({"actor": id, "name": view.fields.get("name"), "capacity": c}));
        }
    }
    rows.sort_by(|a, b| b["capacity"]["announced_at"].as_str().cmp(&a["capacity"]["announced_at"].as_str()));
    Ok(HttpResponse::Ok().json(rows))
}

/// One capacity announcement in an actor's series.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Announcement {
    /// The announcement.
    #[serde(flatten)]
    pub capacity: Capacity,
    /// When the figures held.
    pub announced_at: DateTime<Utc>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Its log position.
    pub position: u64,
}

/// The last `limit` capacity announcements of actor `id`, newest first
/// (read from its stream).
pub async fn announcements(app: &State, id: uuid::Uuid, limit: usize) -> Result<Vec<Announcement>, ApiError> {
    let stream = crate::log::StreamName::new("actor", id).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let events =
        app.log.read_stream(&stream, crate::log::ReadFrom::End, crate::log::Direction::Backward, limit).await?;
    Ok(events
        .into_iter()
        .filter(|e| e.event_type == "actor.capacity_announced")
        .filter_map(|e| match crate::events::decode(&e.event_type, e.schema, &e.payload, &crate::events::NoKeys) {
            Ok(crate::events::DomainEvent::Actor(crate::domain::actor::ActorEvent::CapacityAnnounced { capacity })) => {
                Some(Announcement {
                    capacity,
                    announced_at: e.effective_at,
                    recorded_at: e.recorded_at,
                    position: e.position,
                })
            }
            _ => None,
        })
        .collect())
}

/// `GET /api/v1/networks/{network}/actors/{id}/capacity`: every capacity
/// announcement of the actor, newest first (the last 10,000).
pub async fn capacity_series(
    app: State,
    path: web::Path<(String, String)>,
    q: web::Query<MinPosition>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let slug = network.0;
    let id = uuid(&path.1, "actor")?;
    let known = app.models.read().actors.get(&id).is_some_and(|a| a.entry.state.network.as_ref() == Some(&slug));
    if !known {
        return Err(ApiError::not_found(format!("actor {id} does not exist in network {slug}")));
    }
    let series = announcements(&app, id, 10_000).await?;
    Ok(HttpResponse::Ok().json(series))
}
