//! Plain text from sanitised post HTML, for descriptions and JSON-LD.

/// The text of sanitised HTML: tags dropped (a block boundary becomes a space), the
/// entities ammonia writes decoded, whitespace collapsed.
pub fn plain_text(html: &str) -> String {
    let mut raw = String::with_capacity(html.len());
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (None, c) => raw.push(c),
            (Some(name), '>') => {
                if is_block(name) {
                    raw.push(' ');
                }
                tag = None;
            }
            (Some(name), c) => {
                if name.len() < 16 {
                    name.push(c);
                }
            }
        }
    }
    let decoded = decode_entities(&raw);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A tag (its text between `<` and `>`) that separates words.
fn is_block(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    matches!(
        name.as_str(),
        "p" | "br"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "pre"
            | "blockquote"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "hr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "dt"
            | "dd"
    )
}

/// The named and numeric entities that sanitised HTML contains.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let decoded = tail.find(';').filter(|end| *end <= 10).and_then(|end| {
            let name = &tail[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// At most `max` characters, cut at a word boundary when there is one near the end,
/// with an ellipsis when anything was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = match cut.rfind(' ') {
        Some(i) if i >= cut.len() * 3 / 4 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end())
}

/// A short description: the plain text of `html`, at most `max` characters.
pub fn summary(html: &str, max: usize) -> String {
    truncate(&plain_text(html), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_dropped_and_entities_decoded() {
        let html = "<p>Fish &amp; <em>chips</em> &lt;3</p><p>second&nbsp;para &#39;x&#x27;</p>";
        assert_eq!(plain_text(html), "Fish & chips <3 second para 'x'");
        assert_eq!(plain_text("<p>a</p><p>b<br>c</p>"), "a b c");
    }

    #[test]
    fn a_lone_ampersand_stays() {
        assert_eq!(plain_text("a & b &unknown; c"), "a & b &unknown; c");
    }

    #[test]
    fn long_text_is_cut_at_a_word_with_an_ellipsis() {
        let text = "word ".repeat(100);
        let cut = truncate(text.trim(), 50);
        assert!(cut.chars().count() <= 50, "{cut}");
        assert!(cut.ends_with("word…"), "{cut}");
        assert_eq!(truncate("short", 50), "short");
    }

    #[test]
    fn cutting_never_splits_a_character() {
        let text = "é".repeat(80);
        assert_eq!(truncate(&text, 10).chars().count(), 10);
    }
}
