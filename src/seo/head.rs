//! A page's `<head>` metadata: canonical link, OpenGraph and Twitter card, the alternate
//! Atom feed, JSON-LD. Built from what the page already shows (nothing is read for it),
//! so a page cached for every anonymous visitor carries the same metadata.

use maud::{html, Markup, PreEscaped, Render};

use crate::auth::Guardian;
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::views::Page;

/// How long a description may be (link previews show about this much).
const DESCRIPTION_CHARS: usize = 200;

/// The metadata of one page; every part is optional.
#[derive(Default)]
pub struct Head {
    /// Absolute URL of the page (canonical link and `og:url`).
    pub canonical: Option<String>,
    /// OpenGraph and Twitter card: (`og:type`, title, description).
    pub card: Option<(&'static str, String, String)>,
    pub site_name: String,
    /// Absolute URL of the site's logo.
    pub image: Option<String>,
    /// The alternate Atom feed: (path, title).
    pub feed: Option<(String, String)>,
    /// Already script-safe JSON-LD (`seo::jsonld`).
    pub jsonld: Option<String>,
}

impl Render for Head {
    fn render(&self) -> Markup {
        html! {
            @if let Some(url) = &self.canonical {
                link rel="canonical" href=(url);
            }
            @if let Some((kind, title, description)) = &self.card {
                meta property="og:type" content=(kind);
                meta property="og:title" content=(title);
                @if !description.is_empty() {
                    meta property="og:description" content=(description);
                }
                @if let Some(url) = &self.canonical {
                    meta property="og:url" content=(url);
                }
                meta property="og:site_name" content=(self.site_name);
                @if let Some(image) = &self.image {
                    meta property="og:image" content=(image);
                }
                meta name="twitter:card" content="summary";
                meta name="twitter:title" content=(title);
                @if !description.is_empty() {
                    meta name="twitter:description" content=(description);
                }
            }
            @if let Some((href, title)) = &self.feed {
                link rel="alternate" type="application/atom+xml" title=(title) href=(href);
            }
            @if let Some(json) = &self.jsonld {
                script type="application/ld+json" { (PreEscaped(json)) }
            }
        }
    }
}

/// The site's logo as an absolute URL, when there is one.
fn logo(page: &Page) -> Option<String> {
    let logo = page.brand.settings.logo_url.trim();
    if logo.starts_with("https://") || logo.starts_with("http://") {
        Some(logo.to_string())
    } else if logo.starts_with('/') && !logo.starts_with("//") {
        Some(format!("{}{logo}", page.base_url))
    } else {
        None
    }
}

fn card_head(
    page: &Page,
    canonical: String,
    kind: &'static str,
    title: &str,
    description: String,
) -> Head {
    Head {
        canonical: Some(canonical),
        card: Some((kind, title.to_string(), description)),
        site_name: page.brand.settings.site_name.clone(),
        image: logo(page),
        ..Head::default()
    }
}

/// A topic page. `posts` are the posts the page shows, opening post first; only the
/// published ones are described. Later pages of a topic get no canonical link to the
/// first page and no structured data of their own.
pub fn topic<'a>(
    page: &Page,
    community: &Community,
    topic: &Topic,
    posts: impl Iterator<Item = (&'a Post, &'a AuthorView)>,
    first_page: bool,
) -> Head {
    let public: Vec<(&Post, &AuthorView)> = posts
        .filter(|(p, _)| p.is_published() && p.deleted_at.is_none())
        .collect();
    let description = public
        .iter()
        .find(|(p, _)| p.is_opening())
        .map(|(p, _)| super::text::summary(&p.body_html, DESCRIPTION_CHARS))
        .unwrap_or_else(|| super::text::truncate(&community.description, DESCRIPTION_CHARS));
    let base = &*page.base_url;
    let mut head = card_head(
        page,
        format!("{base}{}", topic.path()),
        "article",
        &topic.title,
        description,
    );
    if !first_page {
        head.canonical = None;
    } else {
        head.jsonld = Some(super::jsonld::topic(base, community, topic, &public));
    }
    if Guardian::can_syndicate_topic(community, topic) {
        head.feed = Some((
            format!("/t/{}.atom", topic.id),
            crate::t!(page.lang, "forum-feed-named", name = topic.title.as_str()),
        ));
    }
    head
}

/// A sub-community's page, with its listed topics; filtered by `tag`, it announces that
/// tag's feed.
pub fn community(
    page: &Page,
    community: &Community,
    listed: &[(&Topic, &AuthorView)],
    tag: Option<&str>,
) -> Head {
    let base = &*page.base_url;
    let description = if community.description.trim().is_empty() {
        page.brand.settings.tagline.clone()
    } else {
        super::text::truncate(community.description.trim(), DESCRIPTION_CHARS)
    };
    let mut head = card_head(
        page,
        format!("{base}/c/{}", community.slug),
        "website",
        &community.name,
        description,
    );
    if Guardian::can_syndicate(community) {
        head.feed = Some(match tag {
            Some(tag) => (
                format!("/c/{}/tag/{tag}.atom", community.slug),
                crate::t!(
                    page.lang,
                    "forum-feed-tag",
                    name = community.name.as_str(),
                    tag = tag
                ),
            ),
            None => (
                format!("/c/{}.atom", community.slug),
                crate::t!(
                    page.lang,
                    "forum-feed-named",
                    name = community.name.as_str()
                ),
            ),
        });
        head.jsonld = Some(super::jsonld::topic_list(base, listed));
    }
    head
}

/// The latest topics of everything: announces the public feed.
pub fn latest(lang: crate::i18n::Lang) -> Head {
    Head {
        feed: Some(("/latest.atom".into(), lang.t("forum-feed-latest"))),
        ..Head::default()
    }
}
