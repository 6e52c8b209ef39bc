//! Security headers on every response: a strict CSP with no inline script or style,
//! no framing, no MIME sniffing, a conservative referrer policy.
//!
//! A handler may set its own `Content-Security-Policy` (the embed frames do, with
//! [`framed_by`]): it is kept, and `X-Frame-Options: DENY` is then left out when that
//! policy allows some ancestors (a browser that sees both would obey `frame-ancestors`,
//! but an explicit DENY beside it is a contradiction). Every other header below is added
//! only when the handler did not set it.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue, CONTENT_SECURITY_POLICY};
use actix_web::middleware::Next;

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; \
font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// [`CSP`] with `frame-ancestors` naming exactly `origins` (`'none'` when empty): for the
/// embed frames of a sub-community that allows those origins.
pub fn framed_by(origins: &[&str]) -> String {
    let ancestors = if origins.is_empty() {
        "'none'".to_string()
    } else {
        origins.join(" ")
    };
    CSP.replace(
        "frame-ancestors 'none'",
        &format!("frame-ancestors {ancestors}"),
    )
}

const DEFAULTS: &[(&str, &str)] = &[
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    let framable = headers
        .get(CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|csp| !csp.contains("frame-ancestors 'none'"));
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    }
    if !framable {
        headers.insert(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        );
    }
    for (name, value) in DEFAULTS {
        let name = HeaderName::from_static(name);
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framed_by_names_exactly_the_origins() {
        let csp = framed_by(&["https://www.acme.example", "http://localhost:8081"]);
        assert!(csp.contains("frame-ancestors https://www.acme.example http://localhost:8081;"));
        assert!(framed_by(&[]).contains("frame-ancestors 'none'"));
    }
}
