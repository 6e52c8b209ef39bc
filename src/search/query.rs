//! A search as the page and the API receive it (`q`, `c`, `kind`, `state`, `tag`,
//! `author`, `from`, `to`, `sort`, `page`), parsed into [`Filters`]. The page is lenient
//! (an unknown value is ignored, a bad date is a field message beside the form, never an
//! error page); the API is strict (a 400 naming the parameter).

use serde::Deserialize;

use crate::db::search::SearchSort;
use crate::db::{QuestionState, Timestamp, TopicKind};
use crate::error::{AppError, FieldErrors};

/// Results per page on the search page.
pub const PAGE_SIZE: u32 = 20;
/// Paging is bounded: no result past this offset is ever read (ten pages of the page).
pub const MAX_OFFSET: u32 = 200;
/// The query text handed to the engine is cut here (characters): longer input is noise.
pub const MAX_QUERY_CHARS: usize = 500;
/// The search log keeps this much of a normalised query (characters).
pub const LOG_QUERY_CHARS: usize = 200;

/// The query string, as sent (every field optional and free text).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchForm {
    /// The words to find: phrases in "quotes", -exclusion.
    pub q: Option<String>,
    /// A sub-community's slug.
    pub c: Option<String>,
    /// question, discussion, idea or announcement.
    pub kind: Option<String>,
    /// Questions that are unanswered, answered (not solved) or solved.
    pub state: Option<String>,
    /// One tag.
    pub tag: Option<String>,
    /// A member's username: their posts only.
    pub author: Option<String>,
    /// Posts written on or after this day (YYYY-MM-DD, UTC).
    pub from: Option<String>,
    /// Posts written on or before this day (YYYY-MM-DD, UTC).
    pub to: Option<String>,
    /// relevance (the default) or newest.
    pub sort: Option<String>,
    /// The page, from 1 (the search page).
    pub page: Option<String>,
}

/// A parsed search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// The reader's text, trimmed and cut to [`MAX_QUERY_CHARS`].
    pub text: String,
    pub community: Option<String>,
    pub kind: Option<TopicKind>,
    pub state: Option<QuestionState>,
    pub tag: Option<String>,
    pub author: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub sort: SearchSort,
    /// From 1.
    pub page: u32,
}

impl Filters {
    /// The offset of the page's first result (bounded by [`MAX_OFFSET`]).
    pub fn offset(&self) -> u32 {
        self.page
            .saturating_sub(1)
            .saturating_mul(PAGE_SIZE)
            .min(MAX_OFFSET)
    }

    /// The last page the pager may offer.
    pub fn last_page() -> u32 {
        MAX_OFFSET / PAGE_SIZE + 1
    }

    pub fn has_filters(&self) -> bool {
        self.community.is_some()
            || self.kind.is_some()
            || self.state.is_some()
            || self.tag.is_some()
            || self.author.is_some()
            || self.from.is_some()
            || self.to.is_some()
            || self.sort != SearchSort::Relevance
    }

    pub fn sort_key(&self) -> &'static str {
        match self.sort {
            SearchSort::Relevance => "relevance",
            SearchSort::Newest => "newest",
        }
    }
}

/// Control characters (NUL among them, which PostgreSQL text refuses) read as spaces.
fn without_controls(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn text_of(raw: Option<&str>) -> String {
    let cleaned = without_controls(raw.unwrap_or(""));
    let t = cleaned.trim();
    match t.char_indices().nth(MAX_QUERY_CHARS) {
        Some((cut, _)) => t[..cut].to_string(),
        None => t.to_string(),
    }
}

/// A filter's value, when given (one with control characters is no value at all).
fn present(raw: &Option<String>) -> Option<&str> {
    raw.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.chars().any(char::is_control))
}

/// One tag as topics store it: lower case letters, digits and dashes, at most 30.
fn tag_of(raw: &str) -> Option<String> {
    let t = raw.trim().trim_start_matches('#').to_lowercase();
    (!t.is_empty() && t.chars().count() <= 30 && t.chars().all(|c| c.is_alphanumeric() || c == '-'))
        .then_some(t)
}

/// `YYYY-MM-DD` as the instant that day starts (UTC).
pub fn parse_day(raw: &str) -> Option<Timestamp> {
    let mut parts = raw.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    let day: u8 = d.parse().ok()?;
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let secs = date.midnight().assume_utc().unix_timestamp();
    Some(Timestamp::from_micros(secs.checked_mul(1_000_000)?))
}

const DAY_SECS: i64 = 86_400;

impl SearchForm {
    /// The page's reading: unknown values are ignored; a bad date, or a range that ends
    /// before it starts, is reported in the returned field errors and left out.
    pub fn lenient(&self) -> (Filters, FieldErrors) {
        let mut errors = FieldErrors::new();
        let from = present(&self.from);
        let to = present(&self.to);
        let since = from.and_then(|f| {
            let day = parse_day(f);
            if day.is_none() {
                errors.insert("from", crate::error::Msg::key("validation-date-from"));
            }
            day
        });
        let mut until = to.and_then(|t| {
            let day = parse_day(t);
            if day.is_none() {
                errors.insert("to", crate::error::Msg::key("validation-date-to"));
            }
            day.map(|d| d.plus_secs(DAY_SECS))
        });
        if let (Some(s), Some(u)) = (since, until) {
            if u <= s {
                errors.insert("to", crate::error::Msg::key("validation-date-order"));
                until = None;
            }
        }
        let filters = Filters {
            text: text_of(self.q.as_deref()),
            community: present(&self.c).map(str::to_string),
            kind: present(&self.kind)
                .and_then(|k| k.parse::<TopicKind>().ok())
                .filter(|k| *k != TopicKind::Comment),
            state: present(&self.state).and_then(state_of),
            tag: present(&self.tag).and_then(tag_of),
            author: present(&self.author).map(|a| a.trim_start_matches('@').to_string()),
            from: since.and(from.map(str::to_string)),
            to: until.and(to.map(str::to_string)),
            since,
            until,
            sort: present(&self.sort).and_then(sort_of).unwrap_or_default(),
            page: present(&self.page)
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(1)
                .clamp(1, Filters::last_page()),
        };
        (filters, errors)
    }

    /// The API's reading: a value it does not know is a 400 naming the parameter.
    pub fn strict(&self) -> Result<Filters, AppError> {
        let bad = |name: &str, expected: &'static str| AppError::bad_param(name, expected);
        let kind = match present(&self.kind) {
            None => None,
            Some(k) => Some(
                k.parse::<TopicKind>()
                    .ok()
                    .filter(|k| *k != TopicKind::Comment)
                    .ok_or_else(|| bad("kind", "errors-expect-kind"))?,
            ),
        };
        let state = match present(&self.state) {
            None => None,
            Some(s) => Some(state_of(s).ok_or_else(|| bad("state", "errors-expect-state"))?),
        };
        let sort = match present(&self.sort) {
            None => SearchSort::Relevance,
            Some(s) => sort_of(s).ok_or_else(|| bad("sort", "errors-expect-sort-search"))?,
        };
        let tag = match present(&self.tag) {
            None => None,
            Some(t) => Some(tag_of(t).ok_or_else(|| bad("tag", "errors-expect-tag"))?),
        };
        let day = |raw: Option<&str>, name: &str| -> Result<Option<Timestamp>, AppError> {
            raw.map(|r| parse_day(r).ok_or_else(|| bad(name, "errors-expect-date")))
                .transpose()
        };
        let since = day(present(&self.from), "from")?;
        let until = day(present(&self.to), "to")?.map(|d| d.plus_secs(DAY_SECS));
        Ok(Filters {
            text: text_of(self.q.as_deref()),
            community: present(&self.c).map(str::to_string),
            kind,
            state,
            tag,
            author: present(&self.author).map(|a| a.trim_start_matches('@').to_string()),
            from: present(&self.from).map(str::to_string),
            to: present(&self.to).map(str::to_string),
            since,
            until,
            sort,
            page: 1,
        })
    }
}

fn state_of(s: &str) -> Option<QuestionState> {
    match s {
        "unanswered" => Some(QuestionState::Unanswered),
        "answered" => Some(QuestionState::Answered),
        "solved" => Some(QuestionState::Solved),
        _ => None,
    }
}

fn sort_of(s: &str) -> Option<SearchSort> {
    match s {
        "relevance" => Some(SearchSort::Relevance),
        "newest" => Some(SearchSort::Newest),
        _ => None,
    }
}

/// The search log's form of a query: trimmed, lower-cased, runs of white space made one
/// space, cut to [`LOG_QUERY_CHARS`] characters.
pub fn normalise(q: &str) -> String {
    let joined = without_controls(q)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    match joined.char_indices().nth(LOG_QUERY_CHARS) {
        Some((cut, _)) => joined[..cut].trim_end().to_string(),
        None => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_trims_lowercases_collapses_and_truncates() {
        assert_eq!(normalise("  Reset   the\tW3000\n "), "reset the w3000");
        assert_eq!(normalise(&"é".repeat(300)).chars().count(), LOG_QUERY_CHARS);
        assert_eq!(normalise(""), "");
        assert_eq!(normalise("a\u{0}b"), "a b");
    }

    #[test]
    fn days_parse_strictly() {
        assert_eq!(
            parse_day("1970-01-02"),
            Some(Timestamp::from_micros(86_400_000_000))
        );
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "26-01-01",
            "yesterday",
            "2026-1-1",
            "",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_page_ignores_unknown_values_and_reports_bad_dates() {
        let form = SearchForm {
            q: Some(" widgets ".into()),
            kind: Some("bogus".into()),
            state: Some("solved".into()),
            sort: Some("sideways".into()),
            from: Some("2026-02-30".into()),
            page: Some("999".into()),
            ..Default::default()
        };
        let (f, errors) = form.lenient();
        assert_eq!(f.text, "widgets");
        assert_eq!(f.kind, None);
        assert_eq!(f.state, Some(QuestionState::Solved));
        assert_eq!(f.sort, SearchSort::Relevance);
        assert_eq!(f.since, None);
        assert!(errors.contains_key("from"));
        assert_eq!(f.offset(), MAX_OFFSET);
        assert!(form.strict().is_err());
    }

    #[test]
    fn a_range_ending_before_it_starts_is_reported() {
        let form = SearchForm {
            from: Some("2026-03-02".into()),
            to: Some("2026-03-01".into()),
            ..Default::default()
        };
        let (f, errors) = form.lenient();
        assert!(f.since.is_some() && f.until.is_none());
        assert!(errors.contains_key("to"));
    }
}
