//! Renders every error response, whoever produced it, as a full HTML page (with the
//! request id) or as a JSON problem, and logs internal causes without showing them.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use tracing_actix_web::RequestId;

use crate::error::AppError;
use crate::i18n::resolve::accept_language;
use crate::i18n::{Lang, LangInputs};
use crate::state::AppState;
use crate::views::brand::Brand;
use crate::views::error_page;

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Inner middleware answers errors as responses, so everything arrives here as Ok.
    let res = next.call(req).await?.map_into_boxed_body();
    let request_id = res
        .request()
        .extensions()
        .get::<RequestId>()
        .map(|id| id.to_string());
    // Pages a handler rendered itself (a 422 form with its field errors, a 401 sign-in
    // page) carry no error object and pass through untouched.
    let mut res = if res.response().error().is_some() {
        let (req, response) = res.into_parts();
        let app_error = as_app_error(&response);
        let rendered = render(&req, &app_error, request_id.as_deref(), &response);
        ServiceResponse::new(req, rendered)
    } else {
        res
    };
    if let Some(id) = request_id {
        if let Ok(v) = header::HeaderValue::from_str(&id) {
            res.headers_mut()
                .insert(header::HeaderName::from_static("x-request-id"), v);
        }
    }
    Ok(res)
}

/// Maps whatever produced the error (our handlers, actix extractors, middleware) to an AppError.
fn as_app_error(res: &HttpResponse) -> AppError {
    if let Some(e) = res.error().and_then(|e| e.as_error::<AppError>()) {
        return clone_public(e);
    }
    match res.status() {
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => AppError::NotFound,
        StatusCode::FORBIDDEN => AppError::Forbidden,
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        StatusCode::TOO_MANY_REQUESTS => AppError::RateLimited {
            retry_after_secs: 60,
        },
        StatusCode::SERVICE_UNAVAILABLE => AppError::Unavailable,
        // Its title is the message: shown in the request's language (see `render`).
        s if s.is_client_error() => AppError::BadRequest(crate::error::Msg::default()),
        _ => AppError::Unexpected(anyhow::anyhow!("{}", res.status())),
    }
}

/// The public face of an error (the internal cause stays in the log).
fn clone_public(e: &AppError) -> AppError {
    match e {
        AppError::NotFound => AppError::NotFound,
        AppError::Forbidden => AppError::Forbidden,
        AppError::SignInRequired => AppError::SignInRequired,
        AppError::Validation(f) => AppError::Validation(f.clone()),
        AppError::BadRequest(m) => AppError::BadRequest(m.clone()),
        AppError::Conflict(m) => AppError::Conflict(m.clone()),
        AppError::Csrf => AppError::Csrf,
        AppError::RateLimited { retry_after_secs } => AppError::RateLimited {
            retry_after_secs: *retry_after_secs,
        },
        AppError::Unavailable => AppError::Unavailable,
        AppError::PayloadTooLarge => AppError::PayloadTooLarge,
        AppError::IdempotencyInProgress => AppError::IdempotencyInProgress,
        AppError::IdempotencyKeyReused => AppError::IdempotencyKeyReused,
        AppError::Unexpected(cause) => AppError::Unexpected(anyhow::anyhow!("{cause:#}")),
    }
}

fn wants_json(req: &HttpRequest) -> bool {
    if req.path().starts_with("/api/") {
        return true;
    }
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    accept.contains("application/json") && !accept.contains("text/html")
}

fn render(
    req: &HttpRequest,
    err: &AppError,
    request_id: Option<&str>,
    original: &HttpResponse,
) -> HttpResponse {
    if let AppError::Unexpected(cause) = err {
        tracing::error!(request_id, error = %cause, path = %req.path(), "request failed");
    }
    let status = original.status();
    let mut builder = HttpResponse::build(status);
    for (name, value) in original.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            builder.append_header((name.clone(), value.clone()));
        }
    }
    if let AppError::RateLimited { retry_after_secs } = err {
        builder.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
    }
    // A browser asked to sign in is sent to the sign-in page and brought back afterwards.
    if matches!(err, AppError::SignInRequired)
        && !wants_json(req)
        && req.method() == actix_web::http::Method::GET
    {
        let next = url::form_urlencoded::byte_serialize(req.uri().to_string().as_bytes())
            .collect::<String>();
        return HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/login?next={next}")))
            .finish();
    }
    let err = &untranslated_default(err, lang_of(req));
    if req.path().starts_with("/api/") {
        // API clients authenticate with a bearer token: a 401 says how (RFC 6750).
        if status == StatusCode::UNAUTHORIZED {
            builder.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"parley\""));
        }
        return builder
            .content_type("application/problem+json")
            .body(err.json_body_in(api_lang(req), request_id).to_string());
    }
    if wants_json(req) {
        return builder.json(err.json_body_in(api_lang(req), request_id));
    }
    let brand = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.brand.last_known())
        .unwrap_or_else(|| std::sync::Arc::new(Brand::fallback()));
    let lang = lang_of(req);
    let page = error_page::render(
        &brand,
        lang,
        status.as_u16(),
        &err.title_in(lang),
        &err.message_in(lang),
        request_id,
    );
    builder
        .content_type("text/html; charset=utf-8")
        .body(page.into_string())
}

/// A `BadRequest` with no text of its own (an extractor's refusal) says so in `lang`.
fn untranslated_default(err: &AppError, lang: Lang) -> AppError {
    match err {
        AppError::BadRequest(m) if m.is_empty() => {
            AppError::BadRequest(lang.t("errors-bad-request-message").into())
        }
        other => clone_public(other),
    }
}

/// An API client's language: its `Accept-Language` alone (English when it names none of
/// ours), so a problem's `title` and `detail` follow the client, never a cookie.
fn api_lang(req: &HttpRequest) -> Lang {
    let pseudo = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.settings.i18n.pseudo_locale);
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| accept_language(v, pseudo))
        .unwrap_or(Lang::En)
}

/// A browser's language on an error page: `?lang=` or the cookie, `Accept-Language`,
/// then the deployment's default. (The member's own setting is not read here: an error
/// page must render without the database.)
fn lang_of(req: &HttpRequest) -> Lang {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return Lang::En;
    };
    let default = state.brand.last_known().settings.default_language;
    LangInputs::from_request(req, default, state.settings.i18n.pseudo_locale).resolve()
}
