//! The loader `/embed/v1/parley.js`: one small script that defines the web components
//! (`<parley-topics>`, `<parley-count>`, `<parley-comments>`, `<parley-ask>`). Its source
//! is `assets/embed/parley.js`, compiled into the binary, with its few texts (the error
//! shown when a list cannot be loaded, the frames' titles before they load) replaced by
//! the Fluent messages of every language Parley speaks (issue 21); the served script's
//! content hash is its strong ETag and the `?v=` that makes a URL immutable for a year.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use once_cell::sync::Lazy;
use sha2::{Digest, Sha256};

/// The loader's source (it also ships under `/assets/embed/parley.js` with the other
/// assets; the embed URL is the one host pages use).
const SOURCE: &str = include_str!("../../assets/embed/parley.js");

/// Where the source's English-only texts object sits.
const TEXTS_START: &str = "/*parley-texts*/";
const TEXTS_END: &str = "/*end-parley-texts*/";

/// The loader's texts by language code, from the message files.
fn texts_json() -> String {
    let by_lang: serde_json::Map<String, serde_json::Value> = crate::i18n::Lang::CHOICES
        .iter()
        .map(|&lang| {
            let texts = serde_json::json!({
                "failed": crate::t!(lang, "embed-loader-failed"),
                "comments": crate::t!(lang, "embed-frame-comments-title"),
                "ask": crate::t!(lang, "embed-frame-ask-title"),
            });
            (lang.code().to_string(), texts)
        })
        .collect();
    serde_json::Value::Object(by_lang).to_string()
}

/// The script as served: the source with its texts in every language.
static BODY: Lazy<String> = Lazy::new(|| {
    match (SOURCE.find(TEXTS_START), SOURCE.find(TEXTS_END)) {
        (Some(a), Some(b)) if a < b => format!(
            "{}{}{}",
            &SOURCE[..a],
            texts_json(),
            &SOURCE[b + TEXTS_END.len()..]
        ),
        // The markers are in the source compiled in (a unit test checks): never reached.
        _ => SOURCE.to_string(),
    }
});

/// The first 16 hex digits of the served script's SHA-256.
static HASH: Lazy<String> =
    Lazy::new(|| hex::encode(Sha256::digest(BODY.as_bytes()))[..16].to_string());

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
        .body(BODY.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_served_script_carries_its_texts_in_english_and_french() {
        assert!(SOURCE.contains(TEXTS_START) && SOURCE.contains(TEXTS_END));
        assert!(!BODY.contains(TEXTS_START));
        assert!(BODY.contains(r#""fr":{"#), "{}", &BODY[..400]);
        assert!(BODY.contains("Poser une question à la communauté"));
        assert!(BODY.contains("Ask the community"));
        assert_eq!(hash().len(), 16);
    }
}
