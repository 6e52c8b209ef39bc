//! `ETag` / `If-None-Match` on every successful `GET` under `/api/v1`: a weak ETag
//! from a SHA-256 of the body (weak because the compressor may send the same content
//! gzipped, which a strong validator would have to tell apart), and `304 Not Modified` with no body when the client
//! already has it. Handlers need nothing; the body is still computed (the saving is
//! the client's transfer and parsing, not our work).
//!
//! Token answers are private to the token (`Cache-Control: private, no-cache`); shared
//! caches may keep anonymous answers but must revalidate them (`no-cache`).

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use sha2::{Digest, Sha256};

/// The (weak) ETag of a body.
pub fn etag_of(bytes: &[u8]) -> String {
    format!("W/\"{}\"", &hex::encode(Sha256::digest(bytes))[..32])
}

/// Whether an `If-None-Match` value names `etag` (or is `*`). Weak comparison, as RFC
/// 9110 asks for `If-None-Match`.
fn matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match.split(',').map(str::trim).any(|candidate| {
        let opaque = |tag: &str| tag.strip_prefix("W/").unwrap_or(tag).to_string();
        candidate == "*" || opaque(candidate) == opaque(etag)
    })
}

/// The middleware on the `/api/v1` scope.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if req.method() != Method::GET {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let with_token = req.headers().contains_key(header::AUTHORIZATION);
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let res = next.call(req).await?;
    if !res.status().is_success() || res.response().error().is_some() {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    let bytes = body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into().to_string()))?;
    let etag = etag_of(&bytes);
    let headers = head.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    let cache = if with_token {
        "private, no-cache"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.append(header::VARY, HeaderValue::from_static("Authorization"));
    if if_none_match.is_some_and(|inm| matches(&inm, &etag)) {
        *head.status_mut() = StatusCode::NOT_MODIFIED;
        head.headers_mut().remove(header::CONTENT_TYPE);
        let res = head.set_body(BoxBody::new(()));
        return Ok(ServiceResponse::new(req, res));
    }
    let res = head.set_body(BoxBody::new(bytes));
    Ok(ServiceResponse::new(req, res))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_names_the_etag_in_a_list_weakly_or_with_a_star() {
        let etag = etag_of(b"{}");
        assert!(matches(&etag, &etag));
        assert!(matches(&format!("\"x\", {etag}"), &etag));
        assert!(matches(etag.trim_start_matches("W/"), &etag));
        assert!(matches("*", &etag));
        assert!(!matches("\"x\"", &etag));
        assert_ne!(etag_of(b"{}"), etag_of(b"[]"));
    }
}
