//! CSRF protection for every state-changing request, in one place.
//!
//! Each browser gets a random token in an HttpOnly cookie; every form carries the same
//! value in a hidden `csrf_token` field (scripts send it as `X-CSRF-Token`). An unsafe
//! request whose token is missing or different is refused before any handler runs. A
//! foreign `Origin` header is refused too. Bearer-token API calls carry no cookies and are
//! exempt.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use futures_util::StreamExt;

use crate::auth::secret::{random_token, same_secret};
use crate::error::AppError;
use crate::state::AppState;

pub const FORM_FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";

/// The token for this request, for forms to embed.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-parley_csrf"
    } else {
        "parley_csrf"
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let (secure, max_body) = match req.app_data::<web::Data<AppState>>() {
        Some(s) => (s.settings.secure_cookies(), s.settings.max_body_bytes),
        None => (false, 64 * 1024),
    };
    let existing = req
        .cookie(cookie_name(secure))
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()));
    let is_new = existing.is_none();
    let token = existing.unwrap_or_else(random_token);
    req.extensions_mut().insert(CsrfToken(token.clone()));

    if !is_safe(req.method()) && is_cookieless_embed(&req) {
        // The widget frames run on our origin inside another site, where the browser
        // sends them no cookies (SameSite, blocked third-party cookies): these calls carry
        // their own proof (a signed assertion, a one-time code) or change no one's data.
        // A browser always sends `Origin` on a POST from a script: it must be ours.
        if !origin_is_ours(&req) {
            return Ok(req.error_response(AppError::Csrf).map_into_right_body());
        }
    } else if !is_safe(req.method())
        && !is_bearer(&req)
        && !is_one_click_unsubscribe(&req)
        && !is_one_click_mail_action(&req)
        && !is_oidc_backchannel_logout(&req)
    {
        if !origin_matches_host(&req) {
            return Ok(req.error_response(AppError::Csrf).map_into_right_body());
        }
        let presented = match req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
            Some(h) => Some(h.to_string()),
            None => match form_token(&mut req, max_body).await {
                Ok(t) => t,
                Err(e) => return Ok(req.error_response(e).map_into_right_body()),
            },
        };
        let valid = !is_new && presented.is_some_and(|p| same_secret(&p, &token));
        if !valid {
            return Ok(req.error_response(AppError::Csrf).map_into_right_body());
        }
    }

    let public = is_public_cacheable(&req);
    let mut res = next.call(req).await?;
    if is_new && !public {
        let cookie = Cookie::build(cookie_name(secure), token)
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .finish();
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res.map_into_left_body())
}

/// RFC 8058: mail clients POST `List-Unsubscribe=One-Click` to the link without cookies.
/// The link's own signature authorises it, and all it can do is switch mail off.
fn is_one_click_unsubscribe(req: &ServiceRequest) -> bool {
    req.path().starts_with("/unsubscribe/")
}

/// Issue 24: the confirmation page of a digest's one-click action posts its token back,
/// from a browser that may have no cookie of ours (a webmail's preview, another device).
/// As with unsubscribing, the signed single-use token in the path authorises the POST
/// (bound to one member, one action and one target, with an expiry); all it can do is that
/// one action, and it signs nobody in. A forged cross-site POST would need the token.
fn is_one_click_mail_action(req: &ServiceRequest) -> bool {
    req.path().starts_with("/mail/action/")
}

/// Issue 23: the identity provider posts a logout token server to server, without a
/// cookie; the token's signature authorises it, and all it can do is end sessions.
fn is_oidc_backchannel_logout(req: &ServiceRequest) -> bool {
    let path = req.path();
    path.starts_with("/auth/oidc/") && path.ends_with("/backchannel-logout")
}

/// The embed frames' cookie-less calls: exchanging a Parley Connect assertion or the
/// sign-in popup's one-time code for an embed session, and recording widget events.
pub const COOKIELESS_EMBED_PATHS: &[&str] = &[
    "/embed/v1/session/connect",
    "/embed/v1/session/code",
    "/embed/v1/events",
];

/// Public, cacheable documents (the embed fragments, the loader, the Atom feeds): no
/// form is on them, and a `Set-Cookie` would keep shared caches from storing them.
fn is_public_cacheable(req: &ServiceRequest) -> bool {
    let path = req.path();
    is_safe(req.method())
        && (path.ends_with(".atom")
            || matches!(
                path,
                "/embed/v1/parley.js"
                    | "/embed/v1/topics.html"
                    | "/embed/v1/comments.html"
                    | "/embed/v1/count.json"
                    | "/embed/v1/similar.json"
            ))
}

fn is_cookieless_embed(req: &ServiceRequest) -> bool {
    COOKIELESS_EMBED_PATHS.contains(&req.path())
}

/// `Origin` is present and names this host.
fn origin_is_ours(req: &ServiceRequest) -> bool {
    req.headers().contains_key(header::ORIGIN) && origin_matches_host(req)
}

fn is_bearer(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "))
}

/// A browser always sends `Origin` on cross-site POSTs; when present it must name us.
fn origin_matches_host(req: &ServiceRequest) -> bool {
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    let host = req.connection_info().host().to_string();
    match url::Url::parse(origin) {
        Ok(u) => {
            let origin_host = match u.port() {
                Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
                None => u.host_str().unwrap_or_default().to_string(),
            };
            origin_host == host
        }
        Err(_) => false,
    }
}

/// Reads a urlencoded body to find the token, then puts the body back for the handler.
async fn form_token(req: &mut ServiceRequest, max_body: usize) -> Result<Option<String>, AppError> {
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok(None);
    }
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|_| AppError::BadRequest(crate::error::Msg::key("errors-body-unreadable")))?;
        if body.len() + chunk.len() > max_body {
            return Err(AppError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    let body = body.freeze();
    let token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
        .ok()
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(k, _)| k == FORM_FIELD)
                .map(|(_, v)| v)
        });
    req.set_payload(actix_web::dev::Payload::from(body));
    Ok(token)
}
