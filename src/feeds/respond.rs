//! The HTTP answer of a feed: Atom's media type, a validator, a minute of caching.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};

/// 200 with the document, or 304 when the client's `If-None-Match` names its ETag.
pub fn atom(req: &HttpRequest, xml: String) -> HttpResponse {
    let etag = crate::api::etag::etag_of(xml.as_bytes());
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|inm| names(inm, &etag));
    let mut res = if fresh {
        HttpResponse::NotModified().finish()
    } else {
        HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"))
            .body(xml)
    };
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    res
}

/// `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks), or is `*`.
fn names(if_none_match: &str, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    if_none_match
        .split(',')
        .any(|candidate| candidate.trim() == "*" || opaque(candidate) == opaque(etag))
}

#[cfg(test)]
mod tests {
    use super::names;

    #[test]
    fn if_none_match_compares_weakly_and_in_lists() {
        assert!(names("W/\"abc\"", "W/\"abc\""));
        assert!(names("\"x\", \"abc\"", "W/\"abc\""));
        assert!(names("*", "W/\"abc\""));
        assert!(!names("W/\"abd\"", "W/\"abc\""));
    }
}
