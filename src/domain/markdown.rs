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
    render_markdown_with_mentions(source, &[])
}

/// As [`render_markdown`], turning `@name` into a profile link for each name whose
/// username key is in `known` (the caller looks them up in one query).
pub fn render_markdown_with_mentions(source: &str, known: &[String]) -> RenderedMarkdown {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_GFM);
    let parser = Parser::new_ext(source, opts);
    let mut raw = String::with_capacity(source.len() * 2);
    html::push_html(&mut raw, linkify(parser, known));
    RenderedMarkdown {
        source: source.to_string(),
        html: SANITIZER.clean(&raw).to_string(),
    }
}

#[allow(
    clippy::expect_used,
    reason = "a constant pattern, compiled at first use; the unit tests compile it"
)]
static URL: Lazy<regex::Regex> = Lazy::new(|| {
    regex::Regex::new(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\x22]")
        .expect("autolink regex is valid")
});
#[allow(
    clippy::expect_used,
    reason = "a constant pattern, compiled at first use; the unit tests compile it"
)]
static MENTION: Lazy<regex::Regex> = Lazy::new(|| {
    regex::Regex::new(r"(?:^|[^\w@/.])@([\p{L}\p{N}][\p{L}\p{N}_.-]{1,29})")
        .expect("mention regex is valid")
});

/// The lookup keys of every `@name` in `source` outside code and links (exactly where
/// rendering links mentions), for one query of which exist.
pub fn mention_candidates(source: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_GFM);
    let (mut in_link, mut in_code) = (0usize, 0usize);
    let mut out: Vec<String> = Vec::new();
    for event in Parser::new_ext(source, opts) {
        match event {
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(text) if in_link == 0 && in_code == 0 && text.contains('@') => {
                out.extend(
                    MENTION
                        .captures_iter(&text)
                        .filter_map(|c| c.get(1))
                        .map(|m| {
                            crate::domain::Username::lookup_key(
                                m.as_str().trim_end_matches(['.', '-']),
                            )
                        }),
                );
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out.truncate(50);
    out
}

fn link<'a>(url: String, text: String) -> [pulldown_cmark::Event<'a>; 3] {
    use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
    [
        Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: CowStr::from(url),
            title: CowStr::from(""),
            id: CowStr::from(""),
        }),
        Event::Text(CowStr::from(text)),
        Event::End(TagEnd::Link),
    ]
}

/// Mentions first, then bare URLs, within one text segment.
fn linkify_text<'a>(text: &str, known: &[String], out: &mut Vec<pulldown_cmark::Event<'a>>) {
    use pulldown_cmark::{CowStr, Event};
    let mut last = 0;
    let push_plain = |segment: &str, out: &mut Vec<Event<'a>>| {
        let mut at = 0;
        for m in URL.find_iter(segment) {
            if m.start() > at {
                out.push(Event::Text(CowStr::from(
                    segment[at..m.start()].to_string(),
                )));
            }
            out.extend(link(m.as_str().to_string(), m.as_str().to_string()));
            at = m.end();
        }
        if at < segment.len() {
            out.push(Event::Text(CowStr::from(segment[at..].to_string())));
        }
    };
    for cap in MENTION.captures_iter(text) {
        let Some(name) = cap.get(1) else { continue };
        let name_str = name.as_str().trim_end_matches(['.', '-']);
        let key = crate::domain::Username::lookup_key(name_str);
        if !known.contains(&key) {
            continue;
        }
        let at_start = name.start() - 1;
        push_plain(&text[last..at_start], out);
        out.extend(link(format!("/u/{name_str}"), format!("@{name_str}")));
        last = name.start() + name_str.len();
    }
    push_plain(&text[last..], out);
}

fn linkify<'a>(
    parser: Parser<'a>,
    known: &'a [String],
) -> impl Iterator<Item = pulldown_cmark::Event<'a>> + 'a {
    use pulldown_cmark::{Event, Tag, TagEnd};
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
        if in_link > 0 || in_code > 0 || !(text.contains("http") || text.contains('@')) {
            return vec![event];
        }
        let mut out = Vec::new();
        linkify_text(text, known, &mut out);
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

    #[test]
    fn mentions_link_only_known_members_and_not_in_code() {
        let known = vec!["ana".to_string()];
        let r =
            render_markdown_with_mentions("hi @ana and @ghost, mail a@ana.com\n\n`@ana`", &known);
        assert!(r.html.contains("href=\"/u/ana\""), "{}", r.html);
        assert!(!r.html.contains("/u/ghost"));
        assert_eq!(r.html.matches("/u/ana").count(), 1, "{}", r.html);
        assert_eq!(mention_candidates("@Ana @ana x@y"), vec!["ana".to_string()]);
    }
}
