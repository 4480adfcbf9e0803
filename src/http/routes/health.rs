//! `/healthz` (the process answers) and `/readyz` (the read models have
//! caught up with the log, so reads are current).

use actix_web::HttpResponse;
use serde_json::json;

use crate::http::support::State;

/// `GET /healthz`
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// `GET /readyz`
pub async fn readyz(app: State) -> HttpResponse {
    let (applied, last) = (app.models.position(), app.log.last_position());
    let body = json!({"applied_position": applied, "log_position": last});
    if applied >= last { HttpResponse::Ok().json(body) } else { HttpResponse::ServiceUnavailable().json(body) }
}
