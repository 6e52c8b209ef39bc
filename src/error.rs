//! One error type for the whole application, with two faces: an HTML page for browsers
//! and a JSON problem for API clients. Internal causes are logged, never shown.
//! The full page (with layout and request id) is rendered by `http::errors`, which
//! sees the request; `error_response` here is the bare fallback.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};

use crate::i18n::Lang;

mod fields;
pub use fields::{FieldErrors, Msg, MsgArg};

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
    /// The message is written in the reader's language ([`Msg::key`]); a few technical
    /// API refusals (a JSON parser's own words) are plain text.
    #[error("bad request: {0}")]
    BadRequest(Msg),
    #[error("conflict: {0}")]
    Conflict(Msg),
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
    /// One field refused with plain text (older call sites) or a [`Msg`].
    pub fn field(name: &'static str, message: impl Into<Msg>) -> Self {
        let mut f = FieldErrors::new();
        f.insert(name, message.into());
        AppError::Validation(f)
    }

    /// One field refused with the message `key` of `validation.ftl` and its variables:
    /// `AppError::field_t("title", "validation-too-long", &[("max", 200.into())])`.
    pub fn field_t(name: &'static str, key: &'static str, args: &[(&'static str, MsgArg)]) -> Self {
        let msg = args
            .iter()
            .fold(Msg::key(key), |m, (n, v)| m.with(n, v.clone()));
        Self::field(name, msg)
    }

    /// A query parameter the API or a fragment does not understand: "kind must be
    /// question, discussion, idea or announcement.", `expected` the key of what it must
    /// be (`errors-expect-*`), in the reader's language.
    pub fn bad_param(name: &str, expected: &'static str) -> Self {
        AppError::BadRequest(
            Msg::key("errors-param")
                .with("name", name)
                .with("expected", MsgArg::Key(expected)),
        )
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

    /// The `errors.ftl` key of this error's title (`errors-not-found-title`) and message.
    fn key_stem(&self) -> String {
        format!("errors-{}", self.code().replace('_', "-"))
    }

    /// The title in English (logs, the bare fallback).
    pub fn title(&self) -> String {
        self.title_in(Lang::En)
    }

    /// The title in `lang`.
    pub fn title_in(&self, lang: Lang) -> String {
        lang.t(&format!("{}-title", self.key_stem()))
    }

    /// A message safe to show to anyone, in English.
    pub fn public_message(&self) -> String {
        self.message_in(Lang::En)
    }

    /// A message safe to show to anyone, in `lang`. A `BadRequest` or a `Conflict`
    /// carries its own message.
    pub fn message_in(&self, lang: Lang) -> String {
        let key = format!("{}-message", self.key_stem());
        match self {
            AppError::Validation(fields) => fields
                .values()
                .map(|m| m.text(lang))
                .collect::<Vec<_>>()
                .join(" "),
            AppError::BadRequest(m) | AppError::Conflict(m) => m.text(lang),
            AppError::RateLimited { retry_after_secs } => {
                crate::t!(lang, &key, seconds = *retry_after_secs)
            }
            _ => lang.t(&key),
        }
    }

    /// [`AppError::json_body_in`] in English.
    pub fn json_body(&self, request_id: Option<&str>) -> serde_json::Value {
        self.json_body_in(Lang::En, request_id)
    }

    /// An RFC 9457 problem: `type` (a stable URN per code), `title`, `status`, `detail`
    /// and `code`, plus `error` and `message` (the same code and detail under the names
    /// the first JSON clients read). `title`, `detail`, `message` and `fields` are in
    /// `lang`; `type` and `code` never change with the language.
    pub fn json_body_in(&self, lang: Lang, request_id: Option<&str>) -> serde_json::Value {
        let message = self.message_in(lang);
        let mut body = serde_json::json!({
            "type": format!("urn:parley:problem:{}", self.code()),
            "code": self.code(),
            "detail": message,
            "error": self.code(),
            "title": self.title_in(lang),
            "message": message,
            "status": self.status_code().as_u16(),
        });
        if let AppError::Validation(fields) = self {
            body["fields"] = serde_json::to_value(fields.texts(lang)).unwrap_or_default();
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
            // A lost connection (the server restarted, or its process was killed):
            // the database is unavailable, not the request wrong.
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::ClosedConnection
                | diesel::result::DatabaseErrorKind::UnableToSendCommand,
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
