//! `POST /api/v1/networks/{network}/import.xlsx`: a workbook of the
//! templates (the export, or a coordinator's own variant) read against the
//! network. `?dry_run=true` (the default) answers what would be created,
//! changed (old → new) or refused and why, row by row and cell by cell,
//! and writes nothing; `?dry_run=false` writes the differences as the
//! importing user — nothing at all if any row is refused, unless
//! `valid_only=true` says to import the valid rows only.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::domain::FieldError;
use crate::http::error::ApiError;
use crate::http::named::Network;
use crate::http::support::{State, meta};
use crate::interop::apply::{Applied, apply};
use crate::interop::book::{Book, MAX_BYTES};
use crate::interop::import::{Report, Verdict, plan};

/// The options of an import.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ImportOptions {
    /// Only say what would happen (the default); `false` writes.
    #[serde(default = "yes")]
    pub dry_run: bool,
    /// Import the valid rows even if some are refused.
    #[serde(default)]
    pub valid_only: bool,
}

fn yes() -> bool {
    true
}

/// The answer of an import.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ImportAnswer {
    /// Whether this was only a dry run.
    pub dry_run: bool,
    /// What happens (happened) to each row.
    pub report: Report,
    /// What was written (nothing in a dry run).
    pub applied: Applied,
}

/// Reads the request body, at most [`MAX_BYTES`].
pub async fn body(payload: web::Payload) -> Result<web::Bytes, ApiError> {
    match payload.to_bytes_limited(MAX_BYTES).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(ApiError::bad_request(format!("the workbook could not be received: {e}"))),
        Err(_) => Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            "The workbook is too large",
            format!("workbooks are limited to {} MB; split the network's actors into several files", MAX_BYTES >> 20),
        )),
    }
}

/// The refused rows as field errors (`Aktéři, řádek 5: Název`).
fn refusals(report: &Report) -> Vec<FieldError> {
    let mut out = Vec::new();
    for row in &report.rows {
        if let Verdict::Refused { problems } = &row.verdict {
            for p in problems {
                let at = format!("{}, řádek {}", row.sheet, row.row);
                let field = p.column.as_ref().map_or(at.clone(), |c| format!("{at}: {c}"));
                out.push(FieldError { field, reason: p.reason.clone() });
            }
        }
    }
    out
}

/// `POST /api/v1/networks/{network}/import.xlsx`
pub async fn import(
    app: State,
    req: HttpRequest,
    q: web::Query<ImportOptions>,
    payload: web::Payload,
    network: Network,
) -> Result<HttpResponse, ApiError> {
    let meta = meta(&req, None)?;
    let slug = network.0;
    let bytes = body(payload).await?;
    let book = Book::from_xlsx(&bytes).map_err(|why| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "workbook", "The workbook cannot be read", why)
    })?;
    app.caught_up().await?;
    let (report, writes) = {
        let model = app.models.read();
        plan(&model, &slug, &book, app.now())
    }
    .map_err(|why| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "workbook", "The workbook cannot be imported", why)
    })?;
    if q.dry_run {
        return Ok(HttpResponse::Ok().json(ImportAnswer { dry_run: true, report, applied: Applied::default() }));
    }
    if report.refused > 0 && !q.valid_only {
        let mut error = ApiError::validation(refusals(&report));
        error.0.kind = "/problems/import-refused".into();
        error.0.title = "Some rows are refused; nothing was imported".into();
        error.0.detail = format!(
            "{} of {} rows are refused ({}); correct them, or import the valid rows only with valid_only=true",
            report.refused,
            report.rows.len(),
            error.0.detail
        );
        return Err(error);
    }
    match apply(&app, &slug, &writes, &meta.author, meta.idempotency_key, |_, _| {}).await {
        Ok(applied) => Ok(HttpResponse::Ok().json(ImportAnswer { dry_run: false, report, applied })),
        Err(stopped) => {
            let mut error = ApiError::from(stopped.error);
            error.0.detail = format!(
                "the import stopped at record {} after writing {} of {} records: {}; run the dry run again to see what remains",
                stopped.record,
                stopped.applied.records,
                writes.steps.len(),
                error.0.detail
            );
            Err(error)
        }
    }
}
