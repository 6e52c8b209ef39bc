//! One error type for the whole application, with two faces: an HTML page for browsers
//! and a JSON problem for API clients. Internal causes are logged, never shown.
//! The full page (with layout and request id) is rendered by `http::errors`, which
//! sees the request; `error_response` here is the bare fallback.

use std::collections::BTreeMap;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};

/// Field name -> message, for forms and JSON validation problems.
pub type FieldErrors = BTreeMap<&'static str, String>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("sign-in required")]
    SignInRequired,
    #[error("invalid input")]
    Validation(FieldErrors),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("missing or invalid CSRF token")]
    Csrf,
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    #[error("service unavailable")]
    Unavailable,
    #[error("payload too large")]
    PayloadTooLarge,
    /// An `Idempotency-Key` whose first request is still running.
    #[error("idempotent request in progress")]
    IdempotencyInProgress,
    /// An `Idempotency-Key` sent again with a different request.
    #[error("idempotency key reused")]
    IdempotencyKeyReused,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl AppError {
    pub fn field(name: &'static str, message: impl Into<String>) -> Self {
        let mut f = FieldErrors::new();
        f.insert(name, message.into());
        AppError::Validation(f)
    }

    /// Stable snake_case code for clients and logs.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden => "forbidden",
            AppError::SignInRequired => "sign_in_required",
            AppError::Validation(_) => "validation_failed",
            AppError::BadRequest(_) => "bad_request",
            AppError::Conflict(_) => "conflict",
            AppError::Csrf => "csrf_failed",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Unavailable => "unavailable",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::IdempotencyInProgress => "idempotency_in_progress",
            AppError::IdempotencyKeyReused => "idempotency_key_reused",
            AppError::Unexpected(_) => "internal_error",
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            AppError::NotFound => "Page not found",
            AppError::Forbidden => "Not allowed",
            AppError::SignInRequired => "Please sign in",
            AppError::Validation(_) => "Please check the form",
            AppError::BadRequest(_) => "Bad request",
            AppError::Conflict(_) => "Already exists",
            AppError::Csrf => "Form expired",
            AppError::RateLimited { .. } => "Too many requests",
            AppError::Unavailable => "Temporarily unavailable",
            AppError::PayloadTooLarge => "Too large",
            AppError::IdempotencyInProgress => "Request in progress",
            AppError::IdempotencyKeyReused => "Idempotency key reused",
            AppError::Unexpected(_) => "Something went wrong",
        }
    }

    /// A message safe to show to anyone.
    pub fn public_message(&self) -> String {
        match self {
            AppError::NotFound => "There is nothing here, or you may not see it.".into(),
            AppError::Forbidden => "You do not have permission to do that.".into(),
            AppError::SignInRequired => "You need to sign in to do that.".into(),
            AppError::Validation(fields) => {
                fields.values().cloned().collect::<Vec<_>>().join(" ")
            }
            AppError::BadRequest(m) | AppError::Conflict(m) => m.clone(),
            AppError::Csrf => {
                "This form has expired or was sent from another site. Go back, reload the page and try again.".into()
            }
            AppError::RateLimited { retry_after_secs } => {
                format!("Please wait {retry_after_secs} seconds before trying again.")
            }
            AppError::Unavailable => "The service is temporarily unavailable. Please try again shortly.".into(),
            AppError::PayloadTooLarge => "What you sent is larger than allowed.".into(),
            AppError::IdempotencyInProgress => {
                "A request with this Idempotency-Key is still running. Retry when it has finished.".into()
            }
            AppError::IdempotencyKeyReused => {
                "This Idempotency-Key was used for a different request. Use a new key for a new request.".into()
            }
            AppError::Unexpected(_) => "An unexpected error occurred. It has been logged.".into(),
        }
    }

    /// An RFC 9457 problem: `type` (a stable URN per code), `title`, `status`, `detail`
    /// and `code`, plus `error` and `message` (the same code and detail under the names
    /// the first JSON clients read).
    pub fn json_body(&self, request_id: Option<&str>) -> serde_json::Value {
        let mut body = serde_json::json!({
            "type": format!("urn:parley:problem:{}", self.code()),
            "code": self.code(),
            "detail": self.public_message(),
            "error": self.code(),
            "title": self.title(),
            "message": self.public_message(),
            "status": self.status_code().as_u16(),
        });
        if let AppError::Validation(fields) = self {
            body["fields"] = serde_json::to_value(fields).unwrap_or_default();
        }
        if let Some(id) = request_id {
            body["request_id"] = serde_json::Value::String(id.to_string());
        }
        body
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::SignInRequired => StatusCode::UNAUTHORIZED,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) | AppError::IdempotencyInProgress => StatusCode::CONFLICT,
            AppError::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        if let AppError::RateLimited { retry_after_secs } = self {
            res.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
        }
        res.json(self.json_body(None))
    }
}

impl From<crate::db::DbError> for AppError {
    fn from(e: crate::db::DbError) -> Self {
        match e {
            crate::db::DbError::Unavailable(_) => {
                tracing::error!(error = %e, "database unavailable");
                AppError::Unavailable
            }
            other => AppError::Unexpected(anyhow::Error::new(other)),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::ClosedConnection,
                _,
            ) => AppError::Unavailable,
            other => AppError::Unexpected(anyhow::Error::new(other)),
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Unexpected(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;
