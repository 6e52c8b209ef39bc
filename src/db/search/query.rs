//! The reader's query, parsed the way PostgreSQL's `websearch_to_tsquery` reads it (issue
//! 19): words (all required), "quoted phrases", `-excluded` words or phrases, and `or`
//! between two terms. A word ending in `*` is a prefix. Nothing is ever a syntax error:
//! anything odd (a lone quote, a dash, brackets, operators, emoji) is read as words or
//! dropped. The engines turn the result into their own syntax from these words only, so
//! no user character ever reaches an FTS or tsquery parser.

use super::stem::{fold, is_stop_word, words};

/// At most this many terms in all, `or` branches and words per phrase: a 10 KB query
/// does bounded work.
const MAX_TERMS: usize = 16;
const MAX_BRANCHES: usize = 4;
const MAX_PHRASE_WORDS: usize = 8;

/// One thing to look for. Words are lower-cased, diacritics kept (stemmers need them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Word { word: String, prefix: bool },
    Phrase(Vec<String>),
}

impl Term {
    fn from_words(mut ws: Vec<String>, prefix: bool) -> Option<Term> {
        match ws.len() {
            0 => None,
            1 => ws.pop().map(|word| Term::Word { word, prefix }),
            _ => {
                ws.truncate(MAX_PHRASE_WORDS);
                Some(Term::Phrase(ws))
            }
        }
    }

    /// Its words.
    pub fn words(&self) -> Vec<&str> {
        match self {
            Term::Word { word, .. } => vec![word.as_str()],
            Term::Phrase(ws) => ws.iter().map(String::as_str).collect(),
        }
    }

    fn is_stop_word(&self) -> bool {
        matches!(self, Term::Word { word, prefix: false } if is_stop_word(&fold(word)))
    }
}

/// One way to match: all `required` terms, none of the `excluded` ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Branch {
    pub required: Vec<Term>,
    pub excluded: Vec<Term>,
}

/// A parsed query: any of its branches. As in `websearch_to_tsquery`, `or` separates
/// branches (`a b or c` is `(a AND b) OR c`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub branches: Vec<Branch>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut branches = vec![Branch::default()];
        let mut terms = 0;
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if c.is_whitespace() {
                rest = &rest[c.len_utf8()..];
                continue;
            }
            // `-` right before a word or a quote excludes it; alone it is nothing.
            let negate = c == '-'
                && rest[1..]
                    .chars()
                    .next()
                    .is_some_and(|n| n == '"' || super::stem::is_word_char(n));
            if negate {
                rest = &rest[1..];
            }
            let term = if rest.starts_with('"') {
                let inner = &rest[1..];
                let end = inner.find('"').unwrap_or(inner.len());
                let phrase = &inner[..end];
                rest = inner.get(end + 1..).unwrap_or("");
                Term::from_words(words(phrase).map(|w| w.2.into_owned()).collect(), false)
            } else {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == '"')
                    .unwrap_or(rest.len());
                let chunk = &rest[..end];
                rest = &rest[end..];
                if !negate && chunk.eq_ignore_ascii_case("or") {
                    if branches.last().is_some_and(|b| !b.required.is_empty())
                        && branches.len() < MAX_BRANCHES
                    {
                        branches.push(Branch::default());
                    }
                    continue;
                }
                let ws: Vec<String> = words(chunk).map(|w| w.2.into_owned()).collect();
                let prefix = ws.len() == 1 && chunk.ends_with('*');
                Term::from_words(ws, prefix)
            };
            let Some(term) = term else { continue };
            if terms >= MAX_TERMS {
                break;
            }
            let Some(branch) = branches.last_mut() else {
                break;
            };
            let list = if negate {
                &mut branch.excluded
            } else {
                &mut branch.required
            };
            if !list.contains(&term) {
                list.push(term);
                terms += 1;
            }
        }
        // Stop words are never required, as in PostgreSQL's `websearch_to_tsquery`: a
        // branch of stop words only looks for nothing, on both backends.
        for b in &mut branches {
            b.required.retain(|t| !t.is_stop_word());
        }
        branches.retain(|b| !b.required.is_empty());
        Query { branches }
    }

    /// Nothing to look for: no result (an exclusion alone finds nothing).
    pub fn is_empty(&self) -> bool {
        self.branches.is_empty()
    }

    /// Every word the results are matched on (for highlighting).
    pub fn positive_words(&self) -> impl Iterator<Item = (&str, bool)> {
        self.branches
            .iter()
            .flat_map(|b| &b.required)
            .flat_map(|t| match t {
                Term::Word { word, prefix } => vec![(word.as_str(), *prefix)],
                Term::Phrase(ws) => ws.iter().map(|w| (w.as_str(), false)).collect(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Term {
        Term::Word {
            word: s.into(),
            prefix: false,
        }
    }

    #[test]
    fn websearch_syntax() {
        let q = Query::parse(r#"Reset "the Widget" -broken or sprocket OR -"old thing" pre*"#);
        assert_eq!(
            q.branches,
            vec![
                Branch {
                    required: vec![
                        w("reset"),
                        Term::Phrase(vec!["the".into(), "widget".into()])
                    ],
                    excluded: vec![w("broken")],
                },
                Branch {
                    required: vec![w("sprocket")],
                    excluded: vec![],
                },
                Branch {
                    required: vec![Term::Word {
                        word: "pre".into(),
                        prefix: true
                    }],
                    excluded: vec![Term::Phrase(vec!["old".into(), "thing".into()])],
                },
            ]
        );
    }

    #[test]
    fn odd_input_is_words_or_nothing() {
        for odd in [
            "\"", "-", "*", "(", ")", "- -", "\"\"", "or", "-or", "🎉", "", "   ",
        ] {
            assert!(Query::parse(odd).is_empty(), "{odd:?}");
        }
        let q = Query::parse("AND OR NOT NEAR (x) DROP TABLE posts; --");
        assert!(!q.is_empty());
        assert!(q
            .positive_words()
            .all(|(w, _)| w.chars().all(char::is_alphanumeric)));
        let big: String =
            (0..2_000).map(|i| format!("w{i} ")).collect::<String>() + &"x".repeat(10_000);
        assert!(Query::parse(&big).positive_words().count() <= MAX_TERMS);
    }

    #[test]
    fn stop_words_are_never_required() {
        let req = |s: &str| Query::parse(s).branches[0].required.clone();
        assert_eq!(
            req("how to reset the widget"),
            vec![w("reset"), w("widget")]
        );
        assert!(Query::parse("the").is_empty());
        assert!(Query::parse("the or of").is_empty());
        // A hyphenated word is a phrase of its parts.
        assert_eq!(
            req("wi-fi"),
            vec![Term::Phrase(vec!["wi".into(), "fi".into()])]
        );
    }
}
