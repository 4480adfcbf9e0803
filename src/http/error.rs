//! Errors as `application/problem+json` (RFC 9457): a machine-readable
//! `type`, a human `title` and `detail`, the `status`, and for validation
//! the failing fields. Bad input never yields a 5xx.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::app::AppError;
use crate::domain::{DomainError, FieldError};
use crate::log::{AppendError, LogError};

/// A problem the API answers with.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Problem {
    /// A URI naming the kind of problem, e.g. `/problems/validation`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What happened in this case, and what to do.
    pub detail: String,
    /// The failing fields, for validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The entity's version now, for version conflicts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<u64>,
    /// Seconds to wait before trying again (sent as `Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<i64>,
}

/// An error of an API call.
#[derive(Clone, Debug)]
pub struct ApiError(pub Box<Problem>);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.0.title, self.0.detail)
    }
}

impl ApiError {
    /// A problem of `status` and `kind` (the last part of its type URI).
    pub fn new(status: StatusCode, kind: &str, title: &str, detail: impl Into<String>) -> Self {
        Self(Box::new(Problem {
            kind: format!("/problems/{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            current_version: None,
            retry_after: None,
        }))
    }

    /// Invalid input, field by field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = errors.iter().map(|e| format!("{}: {}", e.field, e.reason)).collect::<Vec<_>>().join("; ");
        let mut error = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation", "The input is not valid", detail);
        error.0.errors = errors;
        error
    }

    /// Malformed request (unreadable JSON, bad parameter).
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad-request", "The request is malformed", detail)
    }

    /// The same answer, telling the client when to try again
    /// (`Retry-After`, in seconds).
    pub fn retry_after(mut self, seconds: i64) -> Self {
        self.0.retry_after = Some(seconds);
        self
    }

    /// Storage failed: the cause goes to the server's log, never to the
    /// client, who is told to try again.
    pub fn storage(cause: impl std::fmt::Display) -> Self {
        tracing::error!(cause = %cause, "answering 503: storage failed");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage",
            "Storage is failing",
            "the server could not read or write its data; try again shortly (the cause is in the server's log)",
        )
    }

    /// The server failed for a reason of its own: logged, answered
    /// generically.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(cause = %cause, "answering 500");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "The server failed",
            "the server could not answer this request; the cause is in the server's log",
        )
    }

    /// Nothing here (or not in this network).
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json")));
        if let Some(seconds) = self.0.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        } else if self.0.status == 503 {
            response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("1")));
        }
        response.body(serde_json::to_string(&self.0).unwrap_or_default())
    }
}

/// What a client is told of a busy answer: the reasons that say nothing of
/// the server's insides as they are, anything else in general words.
fn busy_detail(detail: &str) -> String {
    if detail.contains("catching up") {
        detail.to_owned()
    } else {
        "the server cannot take this now; try again shortly".to_owned()
    }
}

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Invalid(errors) => Self::validation(errors),
            DomainError::Conflict(detail) => {
                Self::new(StatusCode::CONFLICT, "conflict", "The change does not fit the current state", detail)
            }
            DomainError::NotFound(what) => Self::not_found(format!("{what} does not exist")),
        }
    }
}

impl From<LogError> for ApiError {
    fn from(error: LogError) -> Self {
        Self::storage(error)
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Domain(e) => e.into(),
            AppError::VersionMismatch { current } => {
                let mut e = Self::new(
                    StatusCode::CONFLICT,
                    "version-conflict",
                    "Someone changed this in the meantime",
                    format!(
                        "the entity is at version {}, not at the version sent in If-Match; reload it and apply your change again",
                        current.map_or_else(|| "none (it does not exist)".to_owned(), |v| v.to_string())
                    ),
                );
                e.0.current_version = current;
                e
            }
            AppError::IdempotencyConflict(detail) => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency-Key reused", detail)
            }
            AppError::Append(AppendError::Invalid(invalid)) => {
                Self::validation(vec![FieldError { field: invalid.field, reason: invalid.reason }])
            }
            AppError::Append(other) => Self::storage(other),
            AppError::Log(e) => e.into(),
            AppError::Denied(denial) => super::guard::denied(denial),
            AppError::Busy(detail) => {
                tracing::warn!(detail = %detail, "answering 503: busy");
                Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "Try again shortly", busy_detail(&detail))
            }
        }
    }
}
