//! `POST /api/v1/admin/backups`: a consistent copy of the data directory
//! while the server keeps serving — for an admin, or for `uzel backup` on
//! the server's machine (it presents the key of the control file the
//! server wrote into its data directory).

use std::path::PathBuf;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::auth::Principal;
use crate::domain::FieldError;
use crate::http::error::ApiError;
use crate::http::support::State;
use crate::log::LogError;

/// The header `uzel backup` presents the control file's key in.
pub const CONTROL_HEADER: &str = "x-uzel-control";

/// Where to write the backup.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupBody {
    /// An absolute path on the server's machine: a new or empty directory.
    pub to: String,
}

/// `POST /api/v1/admin/backups`
pub async fn create(
    app: State,
    req: HttpRequest,
    principal: Principal,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let admin = principal.grants.contains(&crate::domain::user::Grant::Admin);
    let key = req.headers().get(CONTROL_HEADER).and_then(|v| v.to_str().ok());
    if !admin && !key.is_some_and(|key| app.peers.is_control_key(key)) {
        let why = "backups are for an admin's token, or for `uzel backup` on the server's machine";
        return Err(crate::http::guard::not_for(&principal, why));
    }
    // Read after the check: who may not ask learns nothing from the body.
    let body: BackupBody = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("the JSON body does not fit this request: {e}")))?;
    let to = PathBuf::from(&body.to);
    if !to.is_absolute() {
        return Err(ApiError::validation(vec![FieldError {
            field: "to".into(),
            reason: "give an absolute path on the server's machine, e.g. /var/backups/uzel/2026-12-06".into(),
        }]));
    }
    let log = app.log.clone();
    let report = web::block(move || log.backup_to(&to)).await.map_err(ApiError::internal)?.map_err(|e| match e {
        LogError::NotALog { reason, .. } => ApiError::validation(vec![FieldError { field: "to".into(), reason }]),
        other => ApiError::storage(other),
    })?;
    tracing::info!(position = report.position, bytes = report.bytes, "backup written");
    Ok(HttpResponse::Created().json(report))
}
