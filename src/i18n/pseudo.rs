//! The pseudo-locale: English with every letter accented and lengthened by about a third
//! (French runs about that much longer), each whole message wrapped in brackets, so a
//! page read in it shows at a glance which text did not come from a `.ftl` file and where
//! a longer language would break the layout.
//!
//! The brackets go around the complete message, its variables included (a name, a date,
//! a count placed into "by { $name } · { $when }" is part of that message, not text of
//! its own); Fluent's transform only accents and lengthens the message's own text.

use std::borrow::Cow;

/// Fluent's transform: applied to the text of a message, never to its variables.
pub fn transform(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_ascii_alphabetic()) {
        return Cow::Borrowed(s);
    }
    let letters = s.chars().filter(char::is_ascii_alphabetic).count();
    let mut out = String::with_capacity(s.len() * 2 + 2);
    out.extend(s.chars().map(accent));
    for _ in 0..letters.div_ceil(3) {
        out.push('·');
    }
    Cow::Owned(out)
}

/// A complete message (or a value formatted for the language, such as a date) marked as
/// coming from the language layer.
pub fn wrap(s: String) -> String {
    format!("[{s}]")
}

fn accent(c: char) -> char {
    match c {
        'a' => 'å',
        'b' => 'ƀ',
        'c' => 'ç',
        'd' => 'ð',
        'e' => 'é',
        'f' => 'ƒ',
        'g' => 'ĝ',
        'h' => 'ĥ',
        'i' => 'î',
        'j' => 'ĵ',
        'k' => 'ķ',
        'l' => 'ļ',
        'm' => 'ɱ',
        'n' => 'ñ',
        'o' => 'ö',
        'p' => 'þ',
        'q' => 'ǫ',
        'r' => 'ŕ',
        's' => 'š',
        't' => 'ţ',
        'u' => 'û',
        'v' => 'ṽ',
        'w' => 'ŵ',
        'x' => 'ẋ',
        'y' => 'ý',
        'z' => 'ž',
        'A' => 'Å',
        'B' => 'Ɓ',
        'C' => 'Ç',
        'D' => 'Ð',
        'E' => 'É',
        'F' => 'Ƒ',
        'G' => 'Ĝ',
        'H' => 'Ĥ',
        'I' => 'Î',
        'J' => 'Ĵ',
        'K' => 'Ķ',
        'L' => 'Ļ',
        'M' => 'Ṁ',
        'N' => 'Ñ',
        'O' => 'Ö',
        'P' => 'Þ',
        'Q' => 'Ǫ',
        'R' => 'Ŕ',
        'S' => 'Š',
        'T' => 'Ţ',
        'U' => 'Û',
        'V' => 'Ṽ',
        'W' => 'Ŵ',
        'X' => 'Ẋ',
        'Y' => 'Ý',
        'Z' => 'Ž',
        other => other,
    }
}
