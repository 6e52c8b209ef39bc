//! Small readings of a request shared by the handlers that sign people in (password and
//! single sign-on): the user agent, the session cookie, and the `next` path to return to.

use actix_web::HttpRequest;

use crate::auth::session;
use crate::state::AppState;

pub fn user_agent(req: &HttpRequest) -> String {
    req.headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Only same-site relative paths are followed after sign-in (no open redirect).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

pub fn session_cookie_value(req: &HttpRequest, state: &AppState) -> Option<String> {
    req.cookie(session::cookie_name(state.settings.secure_cookies()))
        .map(|c| c.value().to_string())
}
