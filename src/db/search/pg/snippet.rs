//! `ts_headline`'s output made safe: the text is HTML-escaped first, then its match
//! markers (U+0001 … U+0002, which cannot come from the post: they are removed from the
//! body before the headline is built) become `<mark>` elements. The body's `<` and `>`
//! reach `ts_headline` as U+0003 and U+0004 (its parser would drop anything that looks
//! like a tag) and come back escaped.

pub(super) fn mark(headline: &str) -> String {
    let mut out = String::with_capacity(headline.len() + 32);
    let mut open = false;
    for c in headline.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{1}' if !open => {
                out.push_str("<mark>");
                open = true;
            }
            '\u{2}' if open => {
                out.push_str("</mark>");
                open = false;
            }
            '\u{1}' | '\u{2}' => {}
            '\u{3}' => out.push_str("&lt;"),
            '\u{4}' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::mark;

    #[test]
    fn escapes_then_marks() {
        assert_eq!(
            mark("a <b>\u{1}widget\u{2}</b> & \"x\""),
            "a &lt;b&gt;<mark>widget</mark>&lt;/b&gt; &amp; &quot;x&quot;"
        );
    }

    #[test]
    fn unbalanced_markers_never_leave_an_open_element() {
        assert_eq!(mark("\u{2}a\u{1}b"), "a<mark>b</mark>");
    }
}
