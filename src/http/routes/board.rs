//! The board over HTTP: posting, offers, sharing, resolving, withdrawing,
//! the history with the socket's filters, the board page and `/metrics`.
//! The websocket itself is `crate::board::socket`.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::app::board::{OfferBody, PostBody};
use crate::auth::Principal;
use crate::board::reader::{Filter, FilterLists, Reader};
use crate::http::error::ApiError;
use crate::http::support::{State, meta, query_pairs, slug, uuid, wait, written};
use crate::log::Position;

/// `POST /api/v1/networks/{network}/board/posts`
pub async fn publish(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<PostBody>,
) -> Result<HttpResponse, ApiError> {
    let network = slug(&path, "network")?;
    let meta = meta(&req, None)?;
    Ok(written(StatusCode::CREATED, app.publish(&principal, &network, body.into_inner(), &meta).await?))
}

/// `POST /api/v1/board/posts/{post}/offers`
pub async fn offer(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<OfferBody>,
) -> Result<HttpResponse, ApiError> {
    let post = uuid(&path, "post")?;
    Ok(written(StatusCode::CREATED, app.offer(&principal, post, body.into_inner(), &meta(&req, None)?).await?))
}

/// `POST /api/v1/board/posts/{post}/offers/{offer}/sharing`
pub async fn share(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (post, offer) = (uuid(&path.0, "post")?, uuid(&path.1, "offer")?);
    Ok(written(StatusCode::OK, app.share_offer(&principal, post, offer, &meta(&req, None)?).await?))
}

/// A free-text reason or note.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Why, or how.
    #[serde(default)]
    note: String,
}

/// `POST /api/v1/board/posts/{post}/resolution`
pub async fn resolve(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<Note>,
) -> Result<HttpResponse, ApiError> {
    let post = uuid(&path, "post")?;
    Ok(written(StatusCode::OK, app.resolve(&principal, post, body.into_inner().note, &meta(&req, None)?).await?))
}

/// `POST /api/v1/board/posts/{post}/withdrawal`
pub async fn withdraw(
    app: State,
    req: HttpRequest,
    principal: Principal,
    path: web::Path<String>,
    body: web::Json<Note>,
) -> Result<HttpResponse, ApiError> {
    let post = uuid(&path, "post")?;
    Ok(written(StatusCode::OK, app.withdraw(&principal, post, body.into_inner().note, &meta(&req, None)?).await?))
}

/// The largest page of the history.
const MAX_LIMIT: usize = 1000;

/// `GET /api/v1/board/posts?from=&limit=&networks=&kinds=&need_areas=&actors=&platforms=`:
/// the frames after `from` the caller may see, with the socket's filters;
/// without `from`, the current board. The frames are the socket's JSON
/// frames; `position` is where the next page (or a socket) resumes.
pub async fn history(app: State, req: HttpRequest, principal: Principal) -> Result<HttpResponse, ApiError> {
    let pairs = query_pairs(&req)?;
    let value = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let number = |key: &str| {
        value(key)
            .map(|v| v.parse::<u64>().map_err(|_| ApiError::bad_request(format!("{key} must be a whole number"))))
            .transpose()
    };
    let from: Option<Position> = number("from")?;
    wait(&app, number("min_position")?).await?;
    let limit = usize::try_from(number("limit")?.unwrap_or(100)).unwrap_or(MAX_LIMIT).clamp(1, MAX_LIMIT);
    let filter = Filter::parse(&FilterLists::from_query(&pairs)).map_err(ApiError::bad_request)?;
    let (candidates, examined) = match from {
        // Frames looked at, seen or not, move the position on: enough of them
        // to fill a page for most readers.
        Some(from) => {
            let page = crate::board::catchup::after(&app, from, limit.saturating_mul(20).max(1_000))
                .await
                .map_err(ApiError::from)?;
            (page.frames, page.examined)
        }
        None => (app.models.read().board().current(app.now()), 0),
    };
    let model = app.models.read();
    let reader = Reader::of(&principal, &model);
    // Every frame looked at moves the position on, seen or not.
    let mut position = from.unwrap_or(0);
    let mut body = String::from("{\"frames\":[");
    let mut count = 0;
    let mut full = false;
    for frame in &candidates {
        if count == limit {
            full = true;
            break;
        }
        position = position.max(frame.position);
        if filter.admits(frame) && reader.sees(frame) {
            if count > 0 {
                body.push(',');
            }
            body.push_str(&frame.json);
            count += 1;
        }
    }
    if !full {
        // Everything examined was looked at, frames or not.
        position = position.max(examined);
    }
    body.push_str(&format!("],\"position\":{position},\"head\":{}}}", app.log.last_position()));
    Ok(HttpResponse::Ok().content_type("application/json").body(body))
}

/// `GET /metrics`: the log's position and commit times, the read models'
/// position, the board's counters and the answers by status, in Prometheus
/// text format — for an admin's token or a configured scraper's address
/// (`--metrics-from`).
pub async fn metrics(app: State, req: HttpRequest, principal: Principal) -> Result<HttpResponse, ApiError> {
    let admin = principal.grants.contains(&crate::domain::user::Grant::Admin);
    if !admin && !app.peers.reads_metrics(&req) {
        let why = "the metrics are for an admin's token or an address named by --metrics-from (UZEL_METRICS_FROM)";
        return Err(crate::http::guard::not_for(&principal, why));
    }
    let body = format!(
        "# HELP uzel_log_position The log's last position.\n# TYPE uzel_log_position gauge\nuzel_log_position {}\n\
         # HELP uzel_model_position The position the read models applied.\n# TYPE uzel_model_position gauge\n\
         uzel_model_position {}\n{}{}{}",
        app.log.last_position(),
        app.models.position(),
        app.log.commit_times().map(|times| times.prometheus()).unwrap_or_default(),
        app.board.metrics(),
        crate::observe::counters::prometheus()
    );
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(body))
}

const PAGE: &str = include_str!("../assets/board.html");
const SCRIPT: &str = include_str!("../assets/board.js");

/// `GET /board`: the live board page (Czech; its script is an asset).
pub async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(PAGE)
}

/// `GET /assets/board.js`
pub async fn script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(SCRIPT)
}
