//! Snippets: a window of the post's plain text around its best matches, escaped as HTML
//! first, then the matching words wrapped in `<mark>`. A word matches as the engine
//! matched it: same folded form, a prefix, or the same stem in the topic's language.

use crate::db::search::query::Query;
use crate::db::search::stem::{fold, stem, words};
use crate::db::Language;
use std::borrow::Cow;

/// Words shown around the matches.
const WINDOW: usize = 32;
/// Words shown before the first match of the window.
const LEAD: usize = 6;

pub fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

struct Needle {
    folded: String,
    stem: String,
    prefix: bool,
}

/// The snippet of `text` (plain text) for `q`, in the topic's language.
pub fn snippet(text: &str, q: &Query, lang: Language) -> String {
    let needles: Vec<Needle> = q
        .positive_words()
        .map(|(w, prefix)| Needle {
            folded: fold(w),
            stem: fold(&stem(w, lang)),
            prefix,
        })
        .collect();
    let tokens: Vec<(usize, usize, bool)> = words(text)
        .map(|(s, e, w)| {
            // Lower-case ASCII is folded already (no accent to take off).
            let f: Cow<'_, str> = if w.is_ascii() {
                Cow::Borrowed(w.as_ref())
            } else {
                Cow::Owned(fold(&w))
            };
            // A stem keeps its word's first letter, so only a word that starts like the
            // needle's stem is stemmed (stemming every word was most of a snippet's cost).
            let hit = needles.iter().any(|n| {
                f == n.folded
                    || (n.prefix && f.starts_with(&n.folded))
                    || (!n.prefix
                        && f.chars().next() == n.stem.chars().next()
                        && fold(&stem(&w, lang)) == n.stem)
            });
            (s, e, hit)
        })
        .collect();
    if tokens.is_empty() {
        return String::new();
    }
    // The window with the most matches, starting a few words before its first one.
    let hits: Vec<usize> = (0..tokens.len()).filter(|&i| tokens[i].2).collect();
    let mut start = 0;
    let mut best = 0;
    for (k, &i) in hits.iter().enumerate() {
        let count = hits[k..].iter().take_while(|&&j| j < i + WINDOW).count();
        if count > best {
            best = count;
            start = i.saturating_sub(LEAD);
        }
    }
    let end = (start + WINDOW).min(tokens.len());
    let mut out = String::with_capacity(WINDOW * 12);
    if start > 0 {
        out.push('…');
    }
    // Punctuation just before the first word stays (an opening bracket or quote).
    let lead = if start > 0 { tokens[start - 1].1 } else { 0 };
    let mut pos = lead + (text[lead..].len() - text[lead..].trim_start().len());
    for &(s, e, hit) in &tokens[start..end] {
        escape(&text[pos..s], &mut out);
        if hit {
            out.push_str("<mark>");
            escape(&text[s..e], &mut out);
            out.push_str("</mark>");
        } else {
            escape(&text[s..e], &mut out);
        }
        pos = e;
    }
    if end < tokens.len() {
        out.push('…');
    } else {
        escape(&text[pos..], &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_then_marks() {
        let q = Query::parse("widgets script");
        let s = snippet("A <script>alert(1)</script> & my widget", &q, Language::En);
        assert_eq!(
            s,
            "A &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &amp; my <mark>widget</mark>"
        );
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let text = format!("{} needle {}", "hay ".repeat(100), "straw ".repeat(100));
        let s = snippet(&text, &Query::parse("needle"), Language::En);
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert!(s.contains("<mark>needle</mark>"));
    }
}
