//! An Atom 1.0 document (RFC 4287), written by hand: the few elements Parley's feeds use,
//! every text escaped as XML text (post HTML travels as `type="html"` text).

use crate::db::Timestamp;

pub struct Feed {
    /// Absolute URL of the feed itself (also its id: stable and unique).
    pub self_url: String,
    /// Absolute URL of the HTML page the feed follows.
    pub alternate_url: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// When there are no entries, what to say the feed was last updated.
    pub updated_when_empty: Timestamp,
    pub entries: Vec<Entry>,
}

pub struct Entry {
    /// Absolute URL that stays the entry's id for ever.
    pub id: String,
    pub title: String,
    pub link: String,
    pub published: Timestamp,
    pub updated: Timestamp,
    pub author_name: String,
    pub author_uri: String,
    /// (term, label) of the sub-community.
    pub category: Option<(String, String)>,
    /// Sanitised HTML of the post (`content type="html"`); none for a title-only entry.
    pub content_html: Option<String>,
}

impl Feed {
    pub fn updated(&self) -> Timestamp {
        self.entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(self.updated_when_empty)
    }

    pub fn to_xml(&self) -> String {
        let mut x = String::with_capacity(4096 + self.entries.len() * 2048);
        x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        element(&mut x, "  ", "id", &self.self_url);
        text_element(&mut x, "  ", "title", &self.title);
        if let Some(sub) = &self.subtitle {
            text_element(&mut x, "  ", "subtitle", sub);
        }
        element(&mut x, "  ", "updated", &self.updated().rfc3339());
        link(
            &mut x,
            "  ",
            "self",
            &self.self_url,
            Some("application/atom+xml"),
        );
        link(
            &mut x,
            "  ",
            "alternate",
            &self.alternate_url,
            Some("text/html"),
        );
        x.push_str("  <generator>Parley</generator>\n");
        for e in &self.entries {
            x.push_str("  <entry>\n");
            element(&mut x, "    ", "id", &e.id);
            text_element(&mut x, "    ", "title", &e.title);
            element(&mut x, "    ", "published", &e.published.rfc3339());
            element(&mut x, "    ", "updated", &e.updated.rfc3339());
            x.push_str("    <author>\n");
            element(&mut x, "      ", "name", &e.author_name);
            element(&mut x, "      ", "uri", &e.author_uri);
            x.push_str("    </author>\n");
            link(&mut x, "    ", "alternate", &e.link, Some("text/html"));
            if let Some((term, label)) = &e.category {
                x.push_str(&format!(
                    "    <category term=\"{}\" label=\"{}\"/>\n",
                    escape(term),
                    escape(label)
                ));
            }
            if let Some(html) = &e.content_html {
                x.push_str("    <content type=\"html\">");
                x.push_str(&escape(html));
                x.push_str("</content>\n");
            }
            x.push_str("  </entry>\n");
        }
        x.push_str("</feed>\n");
        x
    }
}

fn element(x: &mut String, indent: &str, name: &str, value: &str) {
    x.push_str(&format!("{indent}<{name}>{}</{name}>\n", escape(value)));
}

fn text_element(x: &mut String, indent: &str, name: &str, value: &str) {
    x.push_str(&format!(
        "{indent}<{name} type=\"text\">{}</{name}>\n",
        escape(value)
    ));
}

fn link(x: &mut String, indent: &str, rel: &str, href: &str, kind: Option<&str>) {
    x.push_str(&format!(
        "{indent}<link rel=\"{rel}\" href=\"{}\"",
        escape(href)
    ));
    if let Some(kind) = kind {
        x.push_str(&format!(" type=\"{kind}\""));
    }
    x.push_str("/>\n");
}

/// XML text or attribute value: the five special characters escaped, and the control
/// characters XML 1.0 cannot carry at all left out.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_cannot_break_the_document() {
        assert_eq!(
            escape("<script>\"x\" & 'y'\u{0}\u{7}</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &apos;y&apos;&lt;/script&gt;"
        );
    }

    #[test]
    fn an_empty_feed_says_when_it_was_updated() {
        let feed = Feed {
            self_url: "https://x.test/latest.atom".into(),
            alternate_url: "https://x.test/latest".into(),
            title: "T".into(),
            subtitle: None,
            updated_when_empty: Timestamp::from_micros(0),
            entries: vec![],
        };
        let xml = feed.to_xml();
        assert!(
            xml.contains("<updated>1970-01-01T00:00:00Z</updated>"),
            "{xml}"
        );
        assert!(xml.contains("<generator>Parley</generator>"));
    }
}
