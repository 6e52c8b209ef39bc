//! Pages rendered once with holes where one viewer's own parts go, then filled for each
//! viewer: signed-in members share one rendering of a topic page (see
//! `forums::page_cache`) and only their header, form tokens, votes and watching level are
//! rendered per request.
//!
//! A hole is a marker in the rendered text: two private-use characters around a random
//! number chosen when the process starts and a short code. Everything a member writes is
//! escaped or sanitised before it reaches a page, but even text that copied the characters
//! could not guess the number, so only the renderer can make a hole.

use std::sync::OnceLock;

use maud::{Markup, PreEscaped};

use crate::db::PostId;

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// A per-viewer part of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hole {
    /// The value of a CSRF token field.
    Csrf,
    /// The account links in the header (name, notifications, sign out).
    AccountNav,
    /// The notices about the viewer's own account under the header.
    AccountNotices,
    /// The vote buttons of one post, showing the viewer's vote.
    Vote(PostId),
    /// The viewer's watching level for the page's topic.
    Watch,
}

impl Hole {
    fn code(&self) -> String {
        match self {
            Hole::Csrf => "c".into(),
            Hole::AccountNav => "a".into(),
            Hole::AccountNotices => "n".into(),
            Hole::Vote(id) => format!("v{id}"),
            Hole::Watch => "w".into(),
        }
    }

    fn from_code(code: &str) -> Option<Hole> {
        Some(match code {
            "c" => Hole::Csrf,
            "a" => Hole::AccountNav,
            "n" => Hole::AccountNotices,
            "w" => Hole::Watch,
            v => Hole::Vote(PostId::parse(v.strip_prefix('v')?)?),
        })
    }
}

fn nonce() -> &'static str {
    static NONCE: OnceLock<String> = OnceLock::new();
    NONCE.get_or_init(|| uuid::Uuid::new_v4().simple().to_string())
}

/// The marker of `hole` as text (a CSRF token's value, say).
pub fn marker(hole: &Hole) -> String {
    format!("{OPEN}{}{}{CLOSE}", nonce(), hole.code())
}

/// The marker of `hole`, to place in a page.
pub fn mark(hole: &Hole) -> Markup {
    PreEscaped(marker(hole))
}

/// A rendered page and where its holes are.
#[derive(Debug, Clone, Default)]
pub struct Template {
    text: String,
    /// Byte offsets into `text`, in order, with the hole to fill there.
    holes: Vec<(usize, Hole)>,
}

impl Template {
    /// Finds the markers in `rendered` and takes them out.
    pub fn parse(rendered: &str) -> Template {
        let nonce = nonce();
        let mut t = Template {
            text: String::with_capacity(rendered.len()),
            holes: Vec::new(),
        };
        let mut rest = rendered;
        while let Some(at) = rest.find(OPEN) {
            t.text.push_str(&rest[..at]);
            let after = &rest[at + OPEN.len_utf8()..];
            let hole = after
                .strip_prefix(nonce)
                .and_then(|r| r.split_once(CLOSE))
                .and_then(|(code, tail)| Some((Hole::from_code(code)?, tail)));
            match hole {
                Some((hole, tail)) => {
                    t.holes.push((t.text.len(), hole));
                    rest = tail;
                }
                None => {
                    t.text.push(OPEN);
                    rest = after;
                }
            }
        }
        t.text.push_str(rest);
        t
    }

    pub fn holes(&self) -> impl Iterator<Item = &Hole> {
        self.holes.iter().map(|(_, h)| h)
    }

    /// The page with every hole filled by `fill`.
    pub fn fill(&self, mut fill: impl FnMut(&Hole, &mut String)) -> String {
        let mut out = String::with_capacity(self.text.len() + 8 * 1024);
        let mut from = 0;
        for (at, hole) in &self.holes {
            out.push_str(&self.text[from..*at]);
            fill(hole, &mut out);
            from = *at;
        }
        out.push_str(&self.text[from..]);
        out
    }

    /// Roughly the memory this template takes, for a cache's bound.
    pub fn weight(&self) -> usize {
        self.text.len() + self.holes.len() * 64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_holes_and_fill_in_place() {
        let id = PostId::new();
        let rendered = format!(
            "<p>{}</p><b>{}</b>{}",
            marker(&Hole::Csrf),
            marker(&Hole::Vote(id.clone())),
            marker(&Hole::Watch)
        );
        let t = Template::parse(&rendered);
        assert_eq!(
            t.holes().cloned().collect::<Vec<_>>(),
            vec![Hole::Csrf, Hole::Vote(id.clone()), Hole::Watch]
        );
        let filled = t.fill(|h, out| match h {
            Hole::Vote(v) => out.push_str(&format!("vote {}", v == &id)),
            other => out.push_str(&format!("{other:?}")),
        });
        assert_eq!(filled, "<p>Csrf</p><b>vote true</b>Watch");
    }

    #[test]
    fn text_that_only_looks_like_a_marker_stays_text() {
        let forged = format!("{OPEN}00000000000000000000000000000000c{CLOSE} and {OPEN}");
        let t = Template::parse(&forged);
        assert_eq!(t.holes().count(), 0);
        assert_eq!(t.fill(|_, _| {}), forged);
    }
}
