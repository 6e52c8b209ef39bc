//! Ranking the candidates in Rust (issue 19).
//!
//! FTS5's `bm25()` reads every matching row of each term to count documents, whatever the
//! `LIMIT`: for a common word, its whole doclist (12-18 ms on the default data set,
//! against 0.15 ms for the newest candidates without it). So the engine takes the newest
//! matching posts without a rank, and this module scores them from the index row's own
//! columns: BM25's saturated, length-normalised term frequency per column, weighted
//! title > tags > body. Every candidate matched the whole query, so the inverse document
//! frequency, which only weighs one term against another across documents, is left out.

use crate::db::search::query::{Query, Term};
use crate::db::search::stem::{fold, stem, words};
use crate::db::Language;
use std::borrow::Cow;

/// BM25's term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Column weights: title words, tags, title (and tag) stems, body stems.
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub title: f64,
    pub tags: f64,
    pub title_stems: f64,
    pub body_stems: f64,
}

/// The search page: title > tags > body.
pub const SEARCH: Weights = Weights {
    title: 10.0,
    tags: 6.0,
    title_stems: 8.0,
    body_stems: 1.0,
};

/// Similar questions: the title counts most, the body not at all.
pub const SIMILAR: Weights = Weights {
    title: 12.0,
    tags: 3.0,
    title_stems: 10.0,
    body_stems: 0.0,
};

/// One word looked for: its folded surface form and its English and French stems.
#[derive(Debug, Clone)]
struct Probe {
    surface: String,
    stems: Vec<String>,
    prefix: bool,
}

impl Probe {
    fn new(word: &str, prefix: bool) -> Probe {
        let mut stems: Vec<String> = Vec::new();
        if !prefix {
            for lang in [Language::En, Language::Fr] {
                let s = fold(&stem(word, lang));
                if !stems.contains(&s) {
                    stems.push(s);
                }
            }
        }
        Probe {
            surface: fold(word),
            stems,
            prefix,
        }
    }

    fn matches_surface(&self, token: &str) -> bool {
        if self.prefix {
            token.starts_with(&self.surface)
        } else {
            token == self.surface
        }
    }

    fn matches_stem(&self, token: &str) -> bool {
        if self.prefix {
            token.starts_with(&self.surface)
        } else {
            self.stems.iter().any(|s| s == token)
        }
    }
}

/// One index row's columns, as stored.
pub struct Columns<'a> {
    pub title: &'a str,
    pub tags: &'a str,
    pub title_stems: &'a str,
    pub body_stems: &'a str,
}

/// How often each probe occurs in a column, and the column's length in tokens. A stem
/// column is the stems, space-separated, as `index.rs` wrote them (lower case); a text
/// column is split into words. Only a non-ASCII token is folded (the rest already is), so
/// the common case allocates nothing per token.
fn scan(text: &str, stems: bool, probes: &[Probe], counts: &mut [u32]) -> usize {
    counts.iter_mut().for_each(|c| *c = 0);
    let mut len = 0;
    let mut each = |token: &str| {
        len += 1;
        let folded: Cow<'_, str> = if token.is_ascii() {
            Cow::Borrowed(token)
        } else {
            Cow::Owned(fold(token))
        };
        for (p, n) in probes.iter().zip(counts.iter_mut()) {
            let hit = if stems {
                p.matches_stem(&folded)
            } else {
                p.matches_surface(&folded)
            };
            if hit {
                *n += 1;
            }
        }
    };
    if stems {
        text.split(' ')
            .filter(|t| !t.is_empty())
            .for_each(&mut each);
    } else {
        words(text).for_each(|(_, _, w)| each(w.as_ref()));
    }
    len
}

/// The words a query ranks by: every required word of every branch, once.
pub struct Scorer {
    probes: Vec<Probe>,
    weights: Weights,
}

impl Scorer {
    pub fn for_query(query: &Query, weights: Weights) -> Scorer {
        let mut probes: Vec<Probe> = Vec::new();
        for (word, prefix) in query.positive_words() {
            let p = Probe::new(word, prefix);
            if !probes
                .iter()
                .any(|q| q.surface == p.surface && q.prefix == p.prefix)
            {
                probes.push(p);
            }
        }
        Scorer { probes, weights }
    }

    pub fn for_terms(terms: &[Term], weights: Weights) -> Scorer {
        let mut probes: Vec<Probe> = Vec::new();
        for t in terms {
            let prefix = matches!(t, Term::Word { prefix: true, .. });
            for w in t.words() {
                probes.push(Probe::new(w, prefix));
            }
        }
        Scorer { probes, weights }
    }

    /// The row's text score (0 when no word is found in any column).
    pub fn score(&self, c: &Columns<'_>) -> f64 {
        let w = self.weights;
        let mut counts = vec![0u32; self.probes.len()];
        let mut total = 0.0;
        let columns = [
            (c.title, false, w.title, 8.0),
            (c.tags, false, w.tags, 2.0),
            (c.title_stems, true, w.title_stems, 10.0),
            (c.body_stems, true, w.body_stems, 80.0),
        ];
        for (text, stems, weight, avg) in columns {
            if weight == 0.0 || text.is_empty() {
                continue;
            }
            let len = scan(text, stems, &self.probes, &mut counts);
            total += weight
                * counts
                    .iter()
                    .map(|&tf| saturated(tf, len, avg))
                    .sum::<f64>();
        }
        total
    }
}

/// BM25's saturated term frequency in a column of `len` tokens, against a typical length
/// `avg`.
fn saturated(tf: u32, len: usize, avg: f64) -> f64 {
    if tf == 0 {
        return 0.0;
    }
    let tf = f64::from(tf);
    tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len as f64 / avg))
}

/// The boosts every engine applies on top of the text score: an accepted answer, an
/// answer as the brand, a solved topic, and mildly the post's recency (90 days halve it).
pub fn boosted(text: f64, accepted: bool, official: bool, solved: bool, age_micros: i64) -> f64 {
    let age = age_micros.max(0) as f64;
    text * (1.0
        + if accepted { 0.6 } else { 0.0 }
        + if official { 0.4 } else { 0.0 }
        + if solved { 0.2 } else { 0.0 }
        + 0.2 / (1.0 + age / 7_776_000_000_000.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols<'a>(title: &'a str, tags: &'a str, body: &'a str) -> Columns<'a> {
        Columns {
            title,
            tags,
            title_stems: title,
            body_stems: body,
        }
    }

    #[test]
    fn a_title_match_outranks_a_tag_match_which_outranks_a_body_match() {
        let s = Scorer::for_query(&Query::parse("gasket"), SEARCH);
        let title = s.score(&cols("Gasket leaks", "", "water everywhere"));
        let tag = s.score(&cols("Leaks", "gasket", "water everywhere"));
        let body = s.score(&cols("Leaks", "", "the gasket leaks water"));
        assert!(
            title > tag && tag > body && body > 0.0,
            "{title} {tag} {body}"
        );
        assert_eq!(s.score(&cols("Leaks", "", "water")), 0.0);
    }

    #[test]
    fn stems_prefixes_and_diacritics_are_matched_like_the_index() {
        let s = Scorer::for_query(&Query::parse("widgets"), SEARCH);
        assert!(s.score(&cols("x", "", "widget")) > 0.0);
        let fr = Scorer::for_query(&Query::parse("réinitialiser"), SEARCH);
        assert!(fr.score(&cols("x", "", &stem("réinitialisation", Language::Fr))) > 0.0);
        let p = Scorer::for_query(&Query::parse("wid*"), SEARCH);
        assert!(p.score(&cols("Widgetry", "", "")) > 0.0);
        assert_eq!(p.score(&cols("gadget", "", "")), 0.0);
    }

    #[test]
    fn more_occurrences_help_but_saturate() {
        let s = Scorer::for_query(&Query::parse("flux"), SEARCH);
        let one = s.score(&cols("x", "", "flux a b c d"));
        let two = s.score(&cols("x", "", "flux flux a b c"));
        let ten = s.score(&cols("x", "", &"flux ".repeat(10)));
        assert!(two > one && ten > two && ten < one * (K1 + 1.0) * 2.0);
    }

    #[test]
    fn boosts_order_accepted_then_official_then_plain() {
        let a = boosted(1.0, true, false, true, 0);
        let o = boosted(1.0, false, true, false, 0);
        let p = boosted(1.0, false, false, false, 0);
        let old = boosted(1.0, false, false, false, 365 * 86_400_000_000);
        assert!(a > o && o > p && p > old);
    }
}
