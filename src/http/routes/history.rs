//! The history of one actor or platform (audit): every change, newest
//! first, with author, both dates and the changed fields.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::audit::history::{Sight, bulk_reviews, changes, merge};
use crate::auth::Principal;
use crate::events::PersonalData;
use crate::http::error::ApiError;
use crate::http::named::Network;
use crate::http::support::{State, uuid, wait};
use crate::log::{Direction, ReadFrom, StreamName};

/// Query of a history.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// Wait until the read models have applied this position.
    #[serde(default)]
    min_position: Option<u64>,
    /// At most this many changes, newest first (default 1,000, at most 10,000).
    #[serde(default)]
    limit: Option<usize>,
}

/// Every history line of record `id` (a stream of `category`) of
/// `network` as `sight` allows, newest first: its own changes and the
/// reviews the yearly revision marked with others.
pub(crate) async fn lines(
    app: &State,
    network: &crate::domain::ids::Slug,
    category: &str,
    id: uuid::Uuid,
    sight: Sight,
) -> Result<Vec<crate::audit::history::Change>, ApiError> {
    let stream = StreamName::new(category, id).map_err(|e| ApiError::bad_request(e.to_string()))?;
    // The whole stream: each line's `old` is computed along the effective
    // clock from the record's first change.
    let events = app.log.read_stream(&stream, ReadFrom::At(0), Direction::Forward, usize::MAX).await?;
    let network_stream =
        StreamName::new("network", network.as_str()).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let network_events = app.log.read_stream(&network_stream, ReadFrom::At(0), Direction::Forward, usize::MAX).await?;
    let keys: &dyn PersonalData = app.keys.as_ref();
    Ok(merge(changes(events, keys, sight), bulk_reviews(network_events, id, keys)))
}

async fn read(
    app: &State,
    network: &crate::domain::ids::Slug,
    category: &str,
    id: uuid::Uuid,
    limit: Option<usize>,
    sight: Sight,
) -> Result<HttpResponse, ApiError> {
    let mut lines = lines(app, network, category, id, sight).await?;
    lines.truncate(limit.unwrap_or(1000).clamp(1, 10_000));
    Ok(HttpResponse::Ok().json(lines))
}

/// `GET /api/v1/networks/{network}/actors/{actor}/history`
pub async fn actor(
    app: State,
    principal: Principal,
    path: web::Path<(String, String)>,
    q: web::Query<HistoryQuery>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let slug = network.0;
    let id = uuid(&path.1, "actor")?;
    if !app.models.read().is_actor_of(&slug, &id) {
        return Err(ApiError::not_found(format!("actor {id} does not exist in network {slug}")));
    }
    let sight = crate::auth::policy::actor_history(&principal, &slug);
    read(&app, &slug, "actor", id, q.limit, sight).await
}

/// `GET /api/v1/networks/{network}/platforms/{platform}/history`
pub async fn platform(
    app: State,
    principal: Principal,
    path: web::Path<(String, String)>,
    q: web::Query<HistoryQuery>,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    wait(&app, q.min_position).await?;
    let slug = network.0;
    let id = uuid(&path.1, "platform")?;
    let (known, sight) = {
        let model = app.models.read();
        let known = model.platforms.get(&id).is_some_and(|p| p.state.network.as_ref() == Some(&slug));
        (known, crate::auth::policy::platform_history(&principal, &slug, id, &model))
    };
    if !known {
        return Err(ApiError::not_found(format!("platform {id} does not exist in network {slug}")));
    }
    read(&app, &slug, "platform", id, q.limit, sight).await
}
