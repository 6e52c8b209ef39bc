//! CORS for `/api/v1`: browsers on the origins admins allow (`/admin/settings`, kept in
//! `site_settings.api_cors_origins` and read through the brand cache) may call the API
//! with a bearer token. None is allowed by default. Credentials (cookies) are never
//! allowed: `Access-Control-Allow-Credentials` is never sent, and the API ignores
//! cookies anyway.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};

use crate::error::AppError;
use crate::state::AppState;

const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE";
const ALLOW_HEADERS: &str = "Authorization, Content-Type, Idempotency-Key, If-None-Match";
const EXPOSE_HEADERS: &str = "ETag, Link, Location, Retry-After, RateLimit-Limit, \
                              RateLimit-Remaining, RateLimit-Reset, Idempotent-Replayed";
/// Browsers may cache a preflight answer this long (seconds).
const MAX_AGE: &str = "600";

/// The middleware on the `/api/v1` scope (outermost, so even a 429 or a 401 can be read
/// by an allowed page).
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (Some(origin), Some(state)) = (origin, req.app_data::<web::Data<AppState>>().cloned())
    else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let allowed = match state.brand.get(&state).await {
        Ok(brand) => brand.settings.allows_api_origin(&origin),
        Err(e) => return Ok(req.error_response(e)),
    };
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let origin_value = HeaderValue::from_str(&origin).ok().filter(|_| allowed);
    if preflight {
        let Some(origin_value) = origin_value else {
            return Ok(req.error_response(AppError::Forbidden));
        };
        let res = HttpResponse::build(StatusCode::NO_CONTENT)
            .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin_value))
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS))
            .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, MAX_AGE))
            .insert_header((header::VARY, "Origin"))
            .finish();
        return Ok(req.into_response(res));
    }
    let mut res = next.call(req).await?.map_into_boxed_body();
    let headers = res.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin_value) = origin_value {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin_value);
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSE_HEADERS),
        );
    }
    Ok(res)
}
