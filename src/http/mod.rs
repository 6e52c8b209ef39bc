//! Cross-cutting HTTP concerns: routing table, middleware, assets, health.
pub mod assets;
pub mod csrf;
pub mod errors;
pub mod headers;
pub mod health;
pub mod routes;

use actix_web::{HttpRequest, HttpResponse};

/// The client's address for rate limits and the session list. `X-Forwarded-For` is only
/// believed when `trust_proxy` is set.
pub fn client_ip(req: &HttpRequest, trust_proxy: bool) -> String {
    let info = req.connection_info();
    let ip = if trust_proxy {
        info.realip_remote_addr()
    } else {
        info.peer_addr()
    };
    ip.unwrap_or("unknown").to_string()
}

/// 303 See Other to `location`: the answer to a successful form POST.
pub fn see_other(location: &str) -> actix_web::HttpResponse {
    actix_web::HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location.to_string()))
        .finish()
}

/// A 200 HTML page that must not be cached (it may carry a CSRF token or private data).
pub fn html(markup: maud::Markup) -> HttpResponse {
    html_status(actix_web::http::StatusCode::OK, markup)
}

/// An already rendered page (from the page cache), with the same headers as [`html`].
pub fn html_bytes(body: bytes::Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(body)
}

pub fn html_status(status: actix_web::http::StatusCode, markup: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(markup.into_string())
}
