//! Page threads: a corporate page's comments are a topic of kind `comment`, keyed by the
//! page (owner: the frames engineer, who adds the use cases here).

use crate::error::AppError;

/// Longest page key kept.
pub const MAX_KEY: usize = 300;

/// The key of a page's thread: the `page` attribute when given (trimmed, 1..=300
/// characters, no control characters), else the canonical `url` normalised (scheme and
/// host lowercased, default port, fragment and trailing `?` dropped; path and query
/// kept). Neither, or an unusable value, is a 400.
pub fn page_key(page: Option<&str>, url: Option<&str>) -> Result<String, AppError> {
    let bad = |m: &str| AppError::BadRequest(m.to_string());
    if let Some(p) = page.map(str::trim).filter(|p| !p.is_empty()) {
        if p.chars().count() > MAX_KEY || p.chars().any(char::is_control) {
            return Err(bad(
                "page must be 1 to 300 characters with no control characters",
            ));
        }
        return Ok(p.to_string());
    }
    let Some(raw) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Err(bad(
            "give the page's stable key (page) or its canonical URL (url)",
        ));
    };
    let normalised =
        normalise_url(raw).ok_or_else(|| bad("url must be an absolute http(s) URL"))?;
    if normalised.chars().count() > MAX_KEY {
        return Err(bad("url is longer than 300 characters"));
    }
    Ok(normalised)
}

/// An absolute http(s) URL in canonical form (see [`page_key`]), or `None`.
pub fn normalise_url(raw: &str) -> Option<String> {
    let mut u = url::Url::parse(raw).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return None;
    }
    u.set_fragment(None);
    if u.query() == Some("") {
        u.set_query(None);
    }
    // `Url` already lowercases the scheme and host and drops a default port.
    Some(u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_from_page_or_normalised_url() {
        assert_eq!(
            page_key(Some(" press-2026-12 "), None).unwrap(),
            "press-2026-12"
        );
        assert_eq!(
            page_key(
                None,
                Some("HTTPS://WWW.Acme.example:443/Products/W3000?x=1#top")
            )
            .unwrap(),
            "https://www.acme.example/Products/W3000?x=1"
        );
        assert!(page_key(None, Some("javascript:alert(1)")).is_err());
        assert!(page_key(None, None).is_err());
        assert!(page_key(Some("a\u{7}b"), None).is_err());
        assert!(page_key(Some(&"x".repeat(301)), None).is_err());
    }
}
