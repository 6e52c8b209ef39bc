use std::collections::HashSet;

use once_cell::sync::Lazy;
use pulldown_cmark::{html, Options, Parser};

/// Markdown source and its sanitised HTML, rendered once when saved.
#[derive(Debug, Clone)]
pub struct RenderedMarkdown {
    pub source: String,
    pub html: String,
}

static SANITIZER: Lazy<ammonia::Builder<'static>> = Lazy::new(|| {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("nofollow ugc noopener"))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("th", ["align", "style"])
        .add_tag_attributes("td", ["align", "style"])
        .rm_tag_attributes("img", ["width", "height"])
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // Task-list checkboxes only; never a text field or a button.
            ("input", "type") if value != "checkbox" => None,
            // Syntax-highlighting classes only.
            ("code", "class") if !value.starts_with("language-") => None,
            // Table alignment from GFM; nothing else in style.
            (_, "style")
                if !matches!(
                    value,
                    "text-align: left" | "text-align: center" | "text-align: right"
                ) =>
            {
                None
            }
            _ => Some(value.into()),
        });
    b
});

/// CommonMark + tables, strikethrough, task lists and autolinks, then an allow-list sanitiser.
pub fn render_markdown(source: &str) -> RenderedMarkdown {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_GFM);
    let parser = Parser::new_ext(source, opts);
    let mut raw = String::with_capacity(source.len() * 2);
    html::push_html(&mut raw, autolink(parser));
    RenderedMarkdown {
        source: source.to_string(),
        html: SANITIZER.clean(&raw).to_string(),
    }
}

/// Turns bare http(s) URLs in text into links (GFM autolink extension).
fn autolink<'a>(parser: Parser<'a>) -> impl Iterator<Item = pulldown_cmark::Event<'a>> {
    use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
    static URL: Lazy<regex::Regex> = Lazy::new(|| {
        regex::Regex::new(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\x22]")
            .expect("autolink regex is valid")
    });
    let mut in_link = 0usize;
    let mut in_code = 0usize;
    parser.flat_map(move |event| -> Vec<Event<'a>> {
        match &event {
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            _ => {}
        }
        let Event::Text(text) = &event else {
            return vec![event];
        };
        if in_link > 0 || in_code > 0 || !text.contains("http") {
            return vec![event];
        }
        let mut out = Vec::new();
        let mut last = 0;
        for m in URL.find_iter(text) {
            if m.start() > last {
                out.push(Event::Text(CowStr::from(text[last..m.start()].to_string())));
            }
            let url = CowStr::from(m.as_str().to_string());
            out.push(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: url.clone(),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }));
            out.push(Event::Text(url));
            out.push(Event::End(TagEnd::Link));
            last = m.end();
        }
        if last == 0 {
            return vec![event];
        }
        if last < text.len() {
            out.push(Event::Text(CowStr::from(text[last..].to_string())));
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_script_and_event_handlers() {
        let r = render_markdown(
            "hi <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))",
        );
        assert!(!r.html.contains("<script"));
        assert!(!r.html.contains("onerror"));
        assert!(!r.html.contains("javascript:"));
    }

    #[test]
    fn renders_gfm_and_marks_links() {
        let r = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nsee https://example.com/x.");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(
            r.html.contains("href=\"https://example.com/x\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("rel=\"nofollow ugc noopener\""));
    }
}
