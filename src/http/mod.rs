//! Cross-cutting HTTP concerns: routing table, middleware, assets, health.
pub mod assets;
pub mod csrf;
pub mod errors;
pub mod headers;
pub mod health;
pub mod request;
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

/// A page rendered once for many visitors (the page cache's anonymous topic pages), and
/// its gzip: compressed once per rendering rather than once per visitor.
#[derive(Debug, Clone)]
pub struct CachedPage {
    pub plain: bytes::Bytes,
    pub gzip: bytes::Bytes,
}

impl CachedPage {
    pub fn new(plain: bytes::Bytes) -> Self {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(
            Vec::with_capacity(plain.len() / 4),
            flate2::Compression::default(),
        );
        // Writing to a Vec cannot fail.
        let gzip = encoder
            .write_all(&plain)
            .and_then(|()| encoder.finish())
            .unwrap_or_default();
        Self {
            plain,
            gzip: bytes::Bytes::from(gzip),
        }
    }
}

/// A cached page in the form the client asked for: its gzip, compressed once when it was
/// cached (the `Compress` middleware leaves a body that already has an encoding alone),
/// or the plain bytes.
pub fn cached_page(page: &CachedPage, gzip: AcceptsGzip) -> HttpResponse {
    use actix_web::http::header::{HeaderValue, CONTENT_ENCODING, VARY};
    let body = if gzip.0 { &page.gzip } else { &page.plain };
    let mut res = html_bytes(body.clone());
    let headers = res.headers_mut();
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    if gzip.0 {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    res
}

/// Whether the client takes a gzip body, negotiated as the `Compress` middleware does
/// (a `q=0` refuses it; no `Accept-Encoding` at all means plain).
#[derive(Debug, Clone, Copy)]
pub struct AcceptsGzip(pub bool);

impl actix_web::FromRequest for AcceptsGzip {
    type Error = crate::error::AppError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        use actix_web::http::header::{AcceptEncoding, Encoding};
        let supported = [Encoding::gzip(), Encoding::identity()];
        let gzip = actix_web::HttpMessage::get_header::<AcceptEncoding>(req)
            .and_then(|a| a.negotiate(supported.iter()))
            .is_some_and(|e| e == Encoding::gzip());
        std::future::ready(Ok(AcceptsGzip(gzip)))
    }
}

pub fn html_status(status: actix_web::http::StatusCode, markup: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(markup.into_string())
}
