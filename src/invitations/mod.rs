//! Issue 24: invitation links with a source label, personal invitations by mail,
//! `/admin/invitations` (which channel brings valuable members), and the digest's
//! one-click actions (signed single-use tokens behind a confirmation page).
//!
//! | file | what it does |
//! |---|---|
//! | `links` | a sub-community's invitation links: create, revoke, the management page's data |
//! | `personal` | personal invitations mailed through the outbox, one single-use token each |
//! | `signup` | redeeming an invitation: inside the sign-up transaction, or a signed-in member joining |
//! | `stats` | per-source figures, CSV |
//! | `one_click` | the digest's one-click actions: signed tokens, confirmation, performing once |
//! | `routes`, `views`, `stats_views` | handlers and pages |

use crate::i18n::Lang;

pub mod digest_actions;
pub mod links;
pub mod one_click;
pub mod personal;
pub mod routes;
pub mod signup;
pub mod stats;
mod stats_views;
mod views;

/// Longest source label.
pub const SOURCE_MAX: usize = 64;

/// A source label: lowercase letters, digits, `-`, `_`, `.`; 1 to 64 characters.
pub fn parse_source(lang: Lang, raw: &str) -> Result<String, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(lang.t("invitations-error-source-empty"));
    }
    if s.len() > SOURCE_MAX {
        return Err(crate::t!(
            lang,
            "invitations-error-source-long",
            max = SOURCE_MAX as i64
        ));
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(lang.t("invitations-error-source-chars"));
    }
    Ok(s.to_string())
}

/// An optional whole number between 1 and `max` typed in a form ("" is none).
fn parse_optional_count(lang: Lang, raw: &str, max: i64) -> Result<Option<i64>, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(Some(n)),
        _ => Err(crate::t!(lang, "invitations-error-count", max = max)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_labels_are_validated() {
        assert_eq!(
            parse_source(Lang::En, " newsletter-2026-12 ").as_deref(),
            Ok("newsletter-2026-12")
        );
        assert!(parse_source(Lang::En, "event_paris.v2").is_ok());
        assert!(parse_source(Lang::En, "").is_err());
        assert!(parse_source(Lang::En, "Twitter").is_err());
        assert!(parse_source(Lang::En, "a b").is_err());
        assert!(parse_source(Lang::En, &"a".repeat(65)).is_err());
        assert!(parse_source(Lang::En, &"a".repeat(64)).is_ok());
    }

    #[test]
    fn optional_counts_are_bounded() {
        assert_eq!(parse_optional_count(Lang::En, "", 10), Ok(None));
        assert_eq!(parse_optional_count(Lang::En, "3", 10), Ok(Some(3)));
        assert!(parse_optional_count(Lang::En, "0", 10).is_err());
        assert!(parse_optional_count(Lang::En, "11", 10).is_err());
        assert!(parse_optional_count(Lang::En, "x", 10).is_err());
    }
}
