//! The loader `/embed/v1/parley.js`: one small script that defines the web components
//! (`<parley-topics>`, `<parley-count>`, `<parley-comments>`, `<parley-ask>`). Its source
//! is `assets/embed/parley.js`, compiled into the binary; its content hash is its strong
//! ETag and the `?v=` that makes a URL immutable for a year.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use once_cell::sync::Lazy;
use sha2::{Digest, Sha256};

/// The loader's source (it also ships under `/assets/embed/parley.js` with the other
/// assets; the embed URL is the one host pages use).
const SOURCE: &str = include_str!("../../assets/embed/parley.js");

/// The first 16 hex digits of the source's SHA-256.
static HASH: Lazy<String> =
    Lazy::new(|| hex::encode(Sha256::digest(SOURCE.as_bytes()))[..16].to_string());

/// The loader's content hash (its `?v=` and ETag).
pub fn hash() -> &'static str {
    HASH.as_str()
}

/// The loader's versioned URL on Parley at `base` (no trailing slash).
pub fn script_url(base: &str) -> String {
    format!("{base}/embed/v1/parley.js?v={}", hash())
}

/// `GET /embed/v1/parley.js`: public and cacheable; `?v=<hash>` of the current source is
/// immutable for a year, any other request is revalidated every 5 minutes.
pub async fn script(req: HttpRequest) -> HttpResponse {
    let etag = format!("\"{}\"", hash());
    let versioned = req
        .query_string()
        .split('&')
        .any(|kv| kv.strip_prefix("v=") == Some(hash()));
    let cache = if versioned {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    let fresh = crate::embed::fragments::etag_matches(&req, &etag);
    let mut res = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::ETAG, etag))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"));
    if fresh {
        return res.finish();
    }
    res.content_type("text/javascript; charset=utf-8")
        .body(SOURCE)
}
