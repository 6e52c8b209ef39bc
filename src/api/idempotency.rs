//! `Idempotency-Key` on `POST` under `/api/v1`, for every route (handlers need nothing).
//!
//! The first request with a key (per caller: the token, or the client's address without
//! one) claims it in the database (`db::models::api_idempotency`), runs, and, when it
//! succeeds (2xx), leaves its status, body, `Content-Type` and `Location` there for 24
//! hours. Sent again with the same body, the stored answer comes back with
//! `Idempotent-Replayed: true` and nothing runs; with a different body it is a 422
//! `idempotency_key_reused`; while the first is still running, a 409
//! `idempotency_in_progress`. A failed request gives its key back, so the client may
//! retry with the same key.

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use sha2::{Digest, Sha256};

use crate::auth::api_caller::caller_key;
use crate::db::models::api_idempotency::{self, Claim, Outcome, StoredRequest};
use crate::error::AppError;
use crate::state::AppState;

pub const HEADER: &str = "idempotency-key";
pub const REPLAYED: &str = "idempotent-replayed";
/// Longest key accepted (clients use UUIDs).
const MAX_KEY_LEN: usize = 255;

/// The key, if the request has a usable one: `Err` for one that is empty, too long or
/// not visible ASCII.
fn key_of(req: &ServiceRequest) -> Option<Result<String, AppError>> {
    let value = req.headers().get(HEADER)?;
    let key = value.to_str().unwrap_or("").trim();
    let valid =
        !key.is_empty() && key.len() <= MAX_KEY_LEN && key.bytes().all(|b| b.is_ascii_graphic());
    Some(if valid {
        Ok(key.to_string())
    } else {
        Err(AppError::BadRequest(
            crate::error::Msg::key("errors-api-idempotency-key").with("max", MAX_KEY_LEN),
        ))
    })
}

/// What makes two requests "the same": path, query, content type and body.
fn request_hash(req: &ServiceRequest, body: &[u8]) -> String {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut digest = Sha256::new();
    for part in [
        req.path().as_bytes(),
        b"?",
        req.query_string().as_bytes(),
        b"\n",
        content_type.as_bytes(),
        b"\n",
    ] {
        digest.update(part);
    }
    digest.update(body);
    hex::encode(digest.finalize())
}

/// The stored answer, replayed.
fn replay(stored: &StoredRequest) -> HttpResponse {
    let status = u16::try_from(stored.status.unwrap_or(200))
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut res = HttpResponse::build(status);
    if let Some(ct) = &stored.content_type {
        res.insert_header((header::CONTENT_TYPE, ct.as_str()));
    }
    if let Some(location) = &stored.location {
        res.insert_header((header::LOCATION, location.as_str()));
    }
    res.insert_header((HeaderName::from_static(REPLAYED), "true"));
    res.body(stored.body.clone().unwrap_or_default())
}

/// The middleware on the `/api/v1` scope.
pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (Some(state), Some(key)) = (state.filter(|_| req.method() == Method::POST), key_of(&req))
    else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = match key {
        Ok(k) => k,
        Err(e) => return Ok(req.error_response(e)),
    };
    // The body is read here (within the app's body limit) and handed back to the route.
    let bytes = match req.extract::<web::Bytes>().await {
        Ok(b) => b,
        Err(e) => return Ok(req.error_response(e)),
    };
    req.set_payload(actix_web::dev::Payload::from(bytes.clone()));
    let (caller, _) = caller_key(req.request(), state.settings.trust_proxy);
    let hash = request_hash(&req, &bytes);
    let now = state.clock.now();
    let claim = {
        let (caller, key) = (caller.clone(), key.clone());
        state
            .write(move |conn| Ok(api_idempotency::claim(conn, &caller, &key, &hash, now)?))
            .await
    };
    match claim {
        Ok(Claim::Run) => {}
        Ok(Claim::Replay(stored)) => return Ok(req.into_response(replay(&stored))),
        Ok(Claim::InProgress) => return Ok(req.error_response(AppError::IdempotencyInProgress)),
        Ok(Claim::Reused) => return Ok(req.error_response(AppError::IdempotencyKeyReused)),
        Err(e) => return Ok(req.error_response(e)),
    }
    let release = |state: &AppState| {
        let (caller, key) = (caller.clone(), key.clone());
        let state = state.clone();
        async move {
            let released = state
                .write(move |conn| Ok(api_idempotency::release(conn, &caller, &key)?))
                .await;
            if let Err(e) = released {
                tracing::warn!(error = %e, "could not release an idempotency key");
            }
        }
    };
    let res = match next.call(req).await {
        Ok(res) => res,
        Err(e) => {
            release(&state).await;
            return Err(e);
        }
    };
    if !res.status().is_success() || res.response().error().is_some() {
        release(&state).await;
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (head, body) = res.into_parts();
    let bytes = match body::to_bytes(body).await {
        Ok(b) => b,
        Err(e) => {
            release(&state).await;
            return Err(actix_web::error::ErrorInternalServerError(
                e.into().to_string(),
            ));
        }
    };
    let header_text = |name| {
        head.headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let (content_type, location) = (
        header_text(header::CONTENT_TYPE),
        header_text(header::LOCATION),
    );
    match std::str::from_utf8(&bytes) {
        Ok(text) => {
            let (status, text) = (i32::from(head.status().as_u16()), text.to_string());
            let stored = state
                .write(move |conn| {
                    let outcome = Outcome {
                        status,
                        content_type: content_type.as_deref(),
                        location: location.as_deref(),
                        body: &text,
                    };
                    Ok(api_idempotency::complete(conn, &caller, &key, &outcome)?)
                })
                .await;
            if let Err(e) = stored {
                // The work is done and committed: answer it, even if a replay will not be
                // possible.
                tracing::warn!(error = %e, "could not store an idempotent response");
            }
        }
        // Only text bodies are kept; a binary answer leaves the key free.
        Err(_) => release(&state).await,
    }
    let res = head.set_body(BoxBody::new(bytes));
    Ok(ServiceResponse::new(req, res))
}
