//! Words, folding and stems for search (issue 19): English and French Snowball stemmers
//! (`rust-stemmers`), the stop words both languages drop, and the plain text of a post.
//!
//! The SQLite engine indexes stems computed here next to the original text, so that a
//! query word matches its surface form or its stem; the snippets match words the same way.

use crate::db::Language;
use once_cell::sync::Lazy;
use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

static ENGLISH: Lazy<Stemmer> = Lazy::new(|| Stemmer::create(Algorithm::English));
static FRENCH: Lazy<Stemmer> = Lazy::new(|| Stemmer::create(Algorithm::French));

/// Longest word kept (longer runs are cut: no one searches for them whole).
pub const MAX_WORD_CHARS: usize = 64;

/// A word character: the same classes as FTS5's `unicode61` tokenizer (letters, numbers
/// and marks).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// The words of `text`, lower-cased (diacritics kept: the French stemmer needs them),
/// each with its byte range in `text`. A word of lower-case ASCII letters and digits, most
/// of them, is borrowed from `text` (search ranks and snippets read every word of their
/// candidates: one allocation per word was a tenth of a search's time).
pub fn words(text: &str) -> impl Iterator<Item = (usize, usize, Cow<'_, str>)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = chars.peek() {
            if is_word_char(c) {
                break;
            }
            chars.next();
        }
        let (start, _) = *chars.peek()?;
        let mut end = start;
        // The end of the first `MAX_WORD_CHARS` characters, and whether they are lower-case
        // ASCII already.
        let mut kept = start;
        let mut plain = true;
        let mut count = 0;
        while let Some(&(i, c)) = chars.peek() {
            if !is_word_char(c) {
                break;
            }
            if count < MAX_WORD_CHARS {
                kept = i + c.len_utf8();
                plain &= c.is_ascii_lowercase() || c.is_ascii_digit();
            }
            count += 1;
            end = i + c.len_utf8();
            chars.next();
        }
        let word = &text[start..kept];
        let word = if plain {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(word.chars().flat_map(char::to_lowercase).collect())
        };
        Some((start, end, word))
    })
}

/// Lower case without diacritics: how FTS5 (`remove_diacritics 2`) compares tokens.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The stem of a lower-cased word in `lang`.
pub fn stem(word: &str, lang: Language) -> String {
    let stemmer = match lang {
        Language::En => &*ENGLISH,
        Language::Fr => &*FRENCH,
    };
    stemmer.stem(word).into_owned()
}

/// The stems of every word of `text`, space-separated, in order (phrases on stems work).
pub fn stems_of(text: &str, lang: Language) -> String {
    let mut out = String::with_capacity(text.len());
    for (_, _, w) in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&stem(&w, lang));
    }
    out
}

/// Words too common to carry meaning in either language (compared folded).
pub fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

/// Sorted; folded (no diacritics).
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "ai", "all", "also", "am", "an", "and", "any", "are", "as",
    "at", "au", "aux", "avec", "be", "because", "been", "before", "being", "but", "by", "can",
    "ce", "ces", "cet", "cette", "could", "d", "dans", "de", "des", "did", "do", "does", "du",
    "elle", "en", "est", "et", "for", "from", "had", "has", "have", "how", "i", "if", "il", "in",
    "into", "is", "it", "its", "j", "je", "l", "la", "le", "les", "leur", "lui", "m", "ma", "mais",
    "me", "mes", "my", "n", "ne", "no", "nous", "of", "on", "or", "ou", "par", "pas", "pour", "qu",
    "que", "qui", "s", "sa", "se", "ses", "should", "so", "son", "sont", "sur", "t", "ta", "te",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "tu",
    "un", "une", "vous", "was", "we", "were", "what", "when", "where", "which", "who", "why",
    "will", "with", "would", "y", "you", "your",
];

/// The readable text of a post's Markdown: its words and punctuation without the syntax
/// (no link targets, no HTML tags), for the index and the snippets.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for event in Parser::new(markdown) {
        match event {
            // Raw HTML is kept as text: the snippet escapes it like any other text.
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => space(&mut out),
            Event::Start(Tag::Item | Tag::TableCell) => space(&mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => space(&mut out),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn english_and_french_stems_meet() {
        assert_eq!(stem("widgets", Language::En), stem("widget", Language::En));
        assert_eq!(
            stem("réinitialiser", Language::Fr),
            stem("réinitialisation", Language::Fr)
        );
    }

    #[test]
    fn words_are_lower_cased_with_their_ranges() {
        let text = "Hello, Wörld! ça-va 42";
        let got: Vec<_> = words(text).collect();
        assert_eq!(got[0], (0, 5, Cow::Borrowed("hello")));
        assert_eq!(&text[got[1].0..got[1].1], "Wörld");
        assert_eq!(got[1].2, "wörld");
        assert_eq!(got.len(), 5);
        // Lower-case ASCII is borrowed, anything else lower-cased into a new string.
        assert!(matches!(got[2].2, Cow::Owned(_)) && got[2].2 == "ça");
        assert!(matches!(got[4].2, Cow::Borrowed("42")));
        let long = "A".repeat(MAX_WORD_CHARS + 5);
        let cut: Vec<_> = words(&long).collect();
        assert_eq!(cut[0].1, long.len());
        assert_eq!(cut[0].2, "a".repeat(MAX_WORD_CHARS));
        assert_eq!(fold("Réinitialisé"), "reinitialise");
    }

    #[test]
    fn plain_text_drops_the_markup() {
        let t = plain_text("# Title\n\nSome **bold** [link](http://x.example) `code`\n\n- a\n- b");
        assert_eq!(t, "Title Some bold link code a b");
    }
}
