//! From a parsed [`Query`] to an FTS5 MATCH expression. Only words (letters and digits)
//! from the parser reach it, always inside double quotes, so no reader input can be read
//! as FTS5 syntax (`AND`, `NEAR`, `(`, `*`, `"`, column filters...).
//!
//! A word matches its surface form in the text columns, or its English or French stem in
//! the stem columns (the stems were computed in the topic's language; the query's
//! language is unknown, so both stems are tried).

use crate::db::search::query::{Query, Term};
use crate::db::search::stem::{fold, stem};
use crate::db::Language;

/// The columns a term is looked for in: surface words, stems.
#[derive(Clone, Copy)]
struct Columns {
    text: &'static str,
    stems: &'static str,
}

/// Everywhere: the search page.
const ALL: Columns = Columns {
    text: "{title tags body}",
    stems: "{title_stems body_stems}",
};

/// The title (and tags) only: similar questions.
const TITLE: Columns = Columns {
    text: "{title tags}",
    stems: "{title_stems}",
};

/// A word as an FTS5 string: the tokenizer folds case and diacritics itself.
fn quoted(words: &[String]) -> Option<String> {
    let inner = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    (!inner.is_empty()).then(|| format!("\"{inner}\""))
}

/// The alternatives for one term: surface (or prefix) in the text, stems in the stems.
fn term(t: &Term, cols: Columns) -> Option<String> {
    let Columns {
        text: text_cols,
        stems: stem_cols,
    } = cols;
    let words: Vec<String> = t.words().iter().map(|w| w.to_string()).collect();
    let surface = quoted(&words)?;
    let prefix = matches!(t, Term::Word { prefix: true, .. });
    let mut stems: Vec<String> = Vec::new();
    for lang in [Language::En, Language::Fr] {
        let s: Vec<String> = words.iter().map(|w| stem(w, lang)).collect();
        if let Some(q) = quoted(&s) {
            if !stems.iter().any(|x| fold(x) == fold(&q)) {
                stems.push(q);
            }
        }
    }
    let mut out = if prefix {
        // A prefix matches the text only: a stem's prefix would match too much.
        format!("({text_cols} : {surface} *")
    } else {
        format!("({text_cols} : {surface}")
    };
    if !prefix && !stems.is_empty() {
        out.push_str(&format!(" OR {stem_cols} : ({})", stems.join(" OR ")));
    }
    out.push(')');
    Some(out)
}

fn join(terms: &[Term], op: &str, cols: Columns) -> Option<String> {
    let parts: Vec<String> = terms.iter().filter_map(|t| term(t, cols)).collect();
    match parts.len() {
        0 => None,
        1 => parts.into_iter().next(),
        _ => Some(format!("({})", parts.join(op))),
    }
}

/// The MATCH expression of a search, or `None` when nothing is to be found.
pub fn search_expression(q: &Query) -> Option<String> {
    let branches: Vec<String> = q
        .branches
        .iter()
        .filter_map(|b| {
            let required = join(&b.required, " AND ", ALL)?;
            Some(match join(&b.excluded, " OR ", ALL) {
                Some(excluded) => format!("({required} NOT {excluded})"),
                None => required,
            })
        })
        .collect();
    match branches.len() {
        0 => None,
        1 => branches.into_iter().next(),
        _ => Some(format!("({})", branches.join(" OR "))),
    }
}

/// A one-branch search with exclusions, split: what it requires and what it excludes
/// (any of), each an expression of its own (see `sqlite.rs`, `EXCLUSION_WINDOW`).
/// `None` when nothing is excluded or the query has several `or` branches.
pub fn split_exclusions(q: &Query) -> Option<(String, String)> {
    let [branch] = q.branches.as_slice() else {
        return None;
    };
    let required = join(&branch.required, " AND ", ALL)?;
    let excluded = join(&branch.excluded, " OR ", ALL)?;
    Some((required, excluded))
}

/// Any of the words in a title (and tags): what `similar` looks for.
pub fn any_in_title(terms: &[Term]) -> Option<String> {
    join(terms, " OR ", TITLE)
}

/// All of the words in a title (and tags): the closest questions.
pub fn all_in_title(terms: &[Term]) -> Option<String> {
    join(terms, " AND ", TITLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_quoted_alternatives() {
        let q = Query::parse("widgets -broken");
        let e = search_expression(&q).unwrap_or_default();
        assert_eq!(
            e,
            "(({title tags body} : \"widgets\" OR {title_stems body_stems} : (\"widget\")) \
             NOT ({title tags body} : \"broken\" OR {title_stems body_stems} : (\"broken\")))"
        );
        let p = search_expression(&Query::parse("wid*")).unwrap_or_default();
        assert_eq!(p, "({title tags body} : \"wid\" *)");
        assert!(search_expression(&Query::parse("-only")).is_none());
        assert!(split_exclusions(&Query::parse("widgets broken")).is_none());
        assert!(split_exclusions(&Query::parse("a -b or c")).is_none());
        assert_eq!(
            split_exclusions(&Query::parse("widgets -broken")),
            Some((
                "({title tags body} : \"widgets\" OR {title_stems body_stems} : (\"widget\"))"
                    .to_string(),
                "({title tags body} : \"broken\" OR {title_stems body_stems} : (\"broken\"))"
                    .to_string()
            ))
        );
    }
}
