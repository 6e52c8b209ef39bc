//! HTML-only replies to Markdown. Quoted parts that clients mark in their HTML (Gmail's
//! `gmail_quote`, Thunderbird's `moz-cite-prefix`, `blockquote type=cite`, Outlook's
//! `divRplyFwdMsg`/`appendonsend` and everything after them) are left out here; the text
//! stripper cuts the rest.

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// The Markdown of `html`'s body, without the quoted parts clients mark.
pub fn from_html(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = Out::default();
    walk(doc.tree.root(), &mut out);
    let mut text = out.text;
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[derive(Default)]
struct Out {
    text: String,
    /// Set once Outlook's reply header is met: the rest is the quoted message.
    stop: bool,
    pre: bool,
}

impl Out {
    fn block(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            if self.text.ends_with('\n') {
                self.text.push('\n');
            } else {
                self.text.push_str("\n\n");
            }
        }
    }
    fn line(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }
}

fn is_quote(e: &scraper::node::Element) -> bool {
    let quote_class = e.classes().any(|c| {
        matches!(
            c,
            "gmail_quote" | "gmail_attr" | "moz-cite-prefix" | "gmail_signature" | "moz-signature"
        )
    });
    quote_class
        || (e.name() == "blockquote")
        || matches!(e.name(), "head" | "script" | "style" | "title")
}

fn starts_quoted_rest(e: &scraper::node::Element) -> bool {
    matches!(
        e.id(),
        Some("divRplyFwdMsg")
            | Some("appendonsend")
            | Some("mail-editor-reference-message-container")
    )
}

fn children(node: NodeRef<'_, Node>, out: &mut Out) {
    for child in node.children() {
        if out.stop {
            return;
        }
        walk(child, out);
    }
}

/// The rendered Markdown of `node`'s children on their own.
fn inner(node: NodeRef<'_, Node>, out: &mut Out) -> String {
    let mut sub = Out {
        pre: out.pre,
        ..Out::default()
    };
    children(node, &mut sub);
    out.stop |= sub.stop;
    sub.text
}

fn walk(node: NodeRef<'_, Node>, out: &mut Out) {
    if out.stop {
        return;
    }
    match node.value() {
        Node::Text(t) => {
            if out.pre {
                out.text.push_str(t);
            } else {
                let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
                let starts_space = t.starts_with(char::is_whitespace);
                let ends_space = t.ends_with(char::is_whitespace);
                if collapsed.is_empty() {
                    if starts_space && !out.text.is_empty() && !out.text.ends_with([' ', '\n']) {
                        out.text.push(' ');
                    }
                    return;
                }
                if starts_space && !out.text.is_empty() && !out.text.ends_with([' ', '\n']) {
                    out.text.push(' ');
                }
                out.text.push_str(&collapsed);
                if ends_space {
                    out.text.push(' ');
                }
            }
        }
        Node::Element(e) => element(node, e, out),
        Node::Document | Node::Fragment => children(node, out),
        _ => {}
    }
}

fn element(node: NodeRef<'_, Node>, e: &scraper::node::Element, out: &mut Out) {
    if starts_quoted_rest(e) {
        out.stop = true;
        return;
    }
    if is_quote(e) {
        return;
    }
    match e.name() {
        "br" => {
            trim_space(out);
            out.text.push('\n');
        }
        "p" | "div" | "section" | "article" | "table" | "tr" => {
            out.block();
            children(node, out);
            out.block();
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = e.name()[1..].parse::<usize>().unwrap_or(1);
            let text = inner(node, out);
            out.block();
            out.text.push_str(&"#".repeat(level));
            out.text.push(' ');
            out.text.push_str(text.trim());
            out.block();
        }
        "strong" | "b" => wrap(node, out, "**"),
        "em" | "i" => wrap(node, out, "*"),
        "code" if !out.pre => wrap(node, out, "`"),
        "pre" => {
            out.block();
            out.text.push_str("```\n");
            out.pre = true;
            children(node, out);
            out.pre = false;
            out.line();
            out.text.push_str("```");
            out.block();
        }
        "a" => {
            let text = inner(node, out);
            let text = text.trim();
            match e.attr("href").filter(|h| {
                let h = h.to_ascii_lowercase();
                h.starts_with("http://") || h.starts_with("https://") || h.starts_with("mailto:")
            }) {
                Some(href) if !text.is_empty() && text != href => {
                    out.text.push_str(&format!("[{text}]({href})"));
                }
                Some(href) => out.text.push_str(href),
                None => out.text.push_str(text),
            }
        }
        "ul" | "ol" => {
            out.block();
            let ordered = e.name() == "ol";
            let mut n = 0;
            for li in node.children() {
                if out.stop {
                    break;
                }
                let is_li = matches!(li.value(), Node::Element(el) if el.name() == "li");
                if !is_li {
                    continue;
                }
                n += 1;
                let text = inner(li, out);
                let bullet = if ordered {
                    format!("{n}. ")
                } else {
                    "- ".into()
                };
                let indent = " ".repeat(bullet.len());
                for (i, l) in text.trim().lines().enumerate() {
                    out.text.push_str(if i == 0 { &bullet } else { &indent });
                    out.text.push_str(l);
                    out.text.push('\n');
                }
            }
            out.block();
        }
        "td" | "th" => {
            children(node, out);
            out.text.push(' ');
        }
        "img" => {
            if let Some(alt) = e.attr("alt").filter(|a| !a.trim().is_empty()) {
                out.text.push_str(alt.trim());
            }
        }
        _ => children(node, out),
    }
}

fn wrap(node: NodeRef<'_, Node>, out: &mut Out, mark: &str) {
    let text = inner(node, out);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        out.text.push_str(&text);
        return;
    }
    if text.starts_with(' ') && !out.text.ends_with([' ', '\n']) && !out.text.is_empty() {
        out.text.push(' ');
    }
    out.text.push_str(&format!("{mark}{trimmed}{mark}"));
    if text.ends_with(' ') {
        out.text.push(' ');
    }
}

fn trim_space(out: &mut Out) {
    while out.text.ends_with(' ') {
        out.text.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::from_html;

    #[test]
    fn converts_the_common_elements() {
        let html = r#"<html><head><style>p{}</style></head><body>
            <p>Hello <b>team</b>, see <a href="https://example.com/docs">the docs</a>.</p>
            <ul><li>one</li><li>two</li></ul>
            <div>Line<br>break</div></body></html>"#;
        assert_eq!(
            from_html(html),
            "Hello **team**, see [the docs](https://example.com/docs).\n\n- one\n- two\n\nLine\nbreak"
        );
    }

    #[test]
    fn leaves_out_quoted_parts() {
        let html = r#"<div dir="ltr">Works now.</div><br><div class="gmail_quote"><div class="gmail_attr">On Fri wrote:</div><blockquote>old</blockquote></div>"#;
        assert_eq!(from_html(html), "Works now.");
        let html = r#"<div>Agreed.</div><hr><div id="divRplyFwdMsg"><b>From:</b> Parley</div><div>old text</div>"#;
        assert_eq!(from_html(html), "Agreed.");
    }
}
