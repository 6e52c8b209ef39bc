//! Atom feeds of public content: the latest topics of every public sub-community, of one,
//! of one tag in one, and a topic's newest posts.
//!
//! What a feed holds is decided for a visitor who is not signed in (`Guardian::anonymous`)
//! and read through the same read models as the HTML pages (`forums::read::list_sized`
//! for lists, `topic_page::open_for` for a topic), so private sub-communities, held,
//! hidden and deleted posts never appear. Every feed is bounded ([`FEED_SIZE`] entries,
//! keyset queries) and answers `If-None-Match` with 304.

pub mod atom;
mod respond;

use std::collections::HashMap;

use actix_web::{web, HttpRequest, HttpResponse};

use crate::auth::Guardian;
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::{self, Community};
use crate::db::models::posts::{self, Post};
use crate::db::models::topics::{Sort, Topic};
use crate::db::{Timestamp, TopicId};
use crate::error::{AppError, AppResult};
use crate::forums::read::{self, ListParams};
use crate::forums::topic_page;
use crate::i18n::Lang;
use crate::state::AppState;
use atom::{Entry, Feed};

/// Entries per feed.
pub const FEED_SIZE: i64 = 50;

/// `/latest.atom`: the latest topics of every public sub-community.
pub async fn latest(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    let brand = state.brand.get(&state).await?;
    let base = state.base_url();
    let list = latest_topics(&state, None, None).await?;
    let feed = Feed {
        self_url: format!("{base}/latest.atom"),
        alternate_url: format!("{base}/latest"),
        title: format!("{}: latest topics", brand.settings.site_name),
        subtitle: non_empty(&brand.settings.tagline),
        updated_when_empty: Timestamp::from_micros(0),
        entries: topic_entries(&state, &base, list).await?,
    };
    Ok(respond::atom(&req, feed.to_xml()))
}

/// `/c/{slug}.atom`: a public sub-community's latest topics.
pub async fn community(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let c = public_community(&state, &path).await?;
    let base = state.base_url();
    let list = latest_topics(&state, Some(&c), None).await?;
    let feed = Feed {
        self_url: format!("{base}/c/{}.atom", c.slug),
        alternate_url: format!("{base}/c/{}", c.slug),
        title: c.name.clone(),
        subtitle: non_empty(&c.description),
        updated_when_empty: c.created_at,
        entries: topic_entries(&state, &base, list).await?,
    };
    Ok(respond::atom(&req, feed.to_xml()))
}

/// `/c/{slug}/tag/{tag}.atom`: a public sub-community's latest topics with a tag.
pub async fn tag(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (slug, tag) = path.into_inner();
    let tag = normal_tag(&tag).ok_or(AppError::NotFound)?;
    let c = public_community(&state, &slug).await?;
    let base = state.base_url();
    let list = latest_topics(&state, Some(&c), Some(tag.clone())).await?;
    let feed = Feed {
        self_url: format!("{base}/c/{}/tag/{tag}.atom", c.slug),
        alternate_url: format!("{base}/c/{}?tag={tag}", c.slug),
        // A feed has no reader to ask: its text is in the sub-community's language.
        title: crate::t!(
            Lang::from(c.default_language),
            "forum-feed-tag-title",
            name = c.name.as_str(),
            tag = tag.as_str()
        ),
        subtitle: None,
        updated_when_empty: c.created_at,
        entries: topic_entries(&state, &base, list).await?,
    };
    Ok(respond::atom(&req, feed.to_xml()))
}

/// `/t/{id}.atom`: a topic's newest published posts, when anonymous visitors may see it.
pub async fn topic(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = TopicId::parse(&path).ok_or(AppError::NotFound)?;
    let guardian = Guardian::anonymous();
    // The topic page's own check: the topic and its sub-community, for nobody signed in.
    let opened = topic_page::open_for(&state, &guardian, &id).await?;
    let (topic, c) = (opened.topic, opened.community);
    let tid = topic.id.clone();
    let newest = state
        .db(move |conn| Ok(posts::newest_published(conn, &tid, FEED_SIZE)?))
        .await?;
    let base = state.base_url();
    let entries = newest
        .iter()
        .filter(|(p, _)| guardian.can_see_post(&c, p))
        .map(|(p, a)| post_entry(&base, &topic, &c, p, a))
        .collect();
    let feed = Feed {
        self_url: format!("{base}/t/{}.atom", topic.id),
        alternate_url: format!("{base}{}", topic.path()),
        title: topic.title.clone(),
        subtitle: Some(crate::t!(
            Lang::from(topic.language),
            "forum-feed-in",
            name = c.name.as_str()
        )),
        updated_when_empty: topic.created_at,
        entries,
    };
    Ok(respond::atom(&req, feed.to_xml()))
}

/// The sub-community with this slug when anonymous visitors may see it; else the same 404
/// as a slug that does not exist.
async fn public_community(state: &AppState, slug: &str) -> AppResult<Community> {
    let slug = slug.to_string();
    let c = state
        .db(move |conn| Ok(communities::find_by_slug(conn, &slug)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if Guardian::can_syndicate(&c) {
        Ok(c)
    } else {
        Err(AppError::NotFound)
    }
}

/// Topics with the communities they are in, newest activity first.
struct Listed {
    topics: Vec<(Topic, AuthorView)>,
    communities: HashMap<crate::db::CommunityId, Community>,
}

async fn latest_topics(
    state: &AppState,
    scope: Option<&Community>,
    tag: Option<String>,
) -> AppResult<Listed> {
    let params = ListParams {
        sort: Sort::Latest,
        state: None,
        kind: None,
        tag,
        category: None,
        after: None,
        period_days: None,
    };
    let guardian = Guardian::anonymous();
    let list = read::list_sized(state, &guardian, scope, params, FEED_SIZE, false).await?;
    Ok(Listed {
        topics: list.topics,
        communities: list.communities,
    })
}

/// One entry per topic, its opening post as the content.
async fn topic_entries(state: &AppState, base: &str, list: Listed) -> AppResult<Vec<Entry>> {
    let ids: Vec<TopicId> = list.topics.iter().map(|(t, _)| t.id.clone()).collect();
    let openings = state
        .db(move |conn| Ok(posts::openings_of(conn, &ids)?))
        .await?;
    let guardian = Guardian::anonymous();
    let mut by_topic: HashMap<TopicId, Post> = openings
        .into_iter()
        .map(|p| (p.topic_id.clone(), p))
        .collect();
    Ok(list
        .topics
        .iter()
        .filter_map(|(t, a)| {
            let c = list.communities.get(&t.community_id)?;
            if !guardian.can_see_topic(c, t) {
                return None;
            }
            let content = by_topic
                .remove(&t.id)
                .filter(|p| guardian.can_see_post(c, p))
                .map(|p| p.body_html);
            Some(Entry {
                id: format!("{base}/t/{}", t.id),
                title: t.title.clone(),
                link: format!("{base}{}", t.path()),
                published: t.created_at,
                updated: t.bumped_at,
                author_name: a.name_to_show().to_string(),
                author_uri: format!("{base}/u/{}", a.username),
                category: Some((c.slug.clone(), c.name.clone())),
                content_html: content,
            })
        })
        .collect())
}

fn post_entry(base: &str, t: &Topic, c: &Community, p: &Post, a: &AuthorView) -> Entry {
    let title = if p.is_opening() {
        t.title.clone()
    } else {
        crate::t!(
            Lang::from(t.language),
            "forum-feed-re",
            title = t.title.as_str()
        )
    };
    Entry {
        id: format!("{base}/p/{}", p.id),
        title,
        link: format!("{base}/p/{}", p.id),
        published: p.created_at,
        updated: p.edited_at.unwrap_or(p.created_at),
        author_name: a.name_to_show().to_string(),
        author_uri: format!("{base}/u/{}", a.username),
        category: Some((c.slug.clone(), c.name.clone())),
        content_html: Some(p.body_html.clone()),
    }
}

/// A tag as the lists accept it (lowercase letters, digits and dashes, at most 30).
fn normal_tag(tag: &str) -> Option<String> {
    let t = tag.trim().to_lowercase();
    (!t.is_empty() && t.len() <= 30 && t.chars().all(|c| c.is_alphanumeric() || c == '-'))
        .then_some(t)
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}
