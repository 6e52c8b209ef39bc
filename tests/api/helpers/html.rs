//! Reading pages the way a person (or a form) would, via `scraper`.

use scraper::{ElementRef, Html, Selector};

/// A parsed CSS selector; panics on a bad one (a typo in a test).
pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad CSS selector {css:?}: {e}"))
}

/// The text of an element with its whitespace normalised, as a reader sees it.
pub fn text_of(el: ElementRef<'_>) -> String {
    el.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The whitespace-normalised text of every element matching `css`, in document order.
pub fn html_select(html: &str, css: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    doc.select(&selector(css)).map(text_of).collect()
}

/// The attribute `attr` of every element matching `css` (elements without it are skipped).
pub fn html_attr(html: &str, css: &str, attr: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    doc.select(&selector(css))
        .filter_map(|el| el.value().attr(attr).map(str::to_string))
        .collect()
}

/// The `value` of the first `<input>` (or `<textarea>` text) named `name`.
pub fn form_field(html: &str, name: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let input = Selector::parse("input[name], textarea[name]").expect("static selector");
    doc.select(&input)
        .find(|el| el.value().attr("name") == Some(name))
        .map(|el| {
            if el.value().name() == "textarea" {
                el.text().collect()
            } else {
                el.value().attr("value").unwrap_or_default().to_string()
            }
        })
}
