//! Page threads: a corporate page's comments are a topic of kind `comment`, keyed by the
//! page (owner: the frames engineer, who adds the use cases here).

use crate::auth::Guardian;
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::Community;
use crate::db::models::embed_events::{self, NewEvent};
use crate::db::models::posts::{self, Post};
use crate::db::models::topics::{self, Topic};
use crate::db::models::users::User;
use crate::db::{is_unique_violation, ModerationState, PostId, TopicId, TopicKind};
use crate::domain::PostBody;
use crate::error::AppError;
use crate::forums::posting;
use crate::forums::write_core::{insert_topic_in_state, TopicDraft};
use crate::state::AppState;

/// Longest page key kept.
pub const MAX_KEY: usize = 300;

/// The key of a page's thread: the `page` attribute when given (trimmed, 1..=300
/// characters, no control characters), else the canonical `url` normalised (scheme and
/// host lowercased, default port, fragment and trailing `?` dropped; path and query
/// kept). Neither, or an unusable value, is a 400.
pub fn page_key(page: Option<&str>, url: Option<&str>) -> Result<String, AppError> {
    let bad = |key: &'static str| AppError::BadRequest(crate::error::Msg::key(key));
    if let Some(p) = page.map(str::trim).filter(|p| !p.is_empty()) {
        if p.chars().count() > MAX_KEY || p.chars().any(char::is_control) {
            return Err(bad("errors-embed-page-key"));
        }
        return Ok(p.to_string());
    }
    let Some(raw) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Err(bad("errors-embed-page-or-url"));
    };
    let normalised = normalise_url(raw).ok_or_else(|| bad("errors-embed-url"))?;
    if normalised.chars().count() > MAX_KEY {
        return Err(bad("errors-embed-url-too-long"));
    }
    Ok(normalised)
}

/// An absolute http(s) URL in canonical form (see [`page_key`]), or `None`.
pub fn normalise_url(raw: &str) -> Option<String> {
    let mut u = url::Url::parse(raw).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return None;
    }
    u.set_fragment(None);
    if u.query() == Some("") {
        u.set_query(None);
    }
    // `Url` already lowercases the scheme and host and drops a default port.
    Some(u.to_string())
}

// ----- Use cases -----

/// Longest thread title kept (a topic title allows 150 characters).
const MAX_TITLE: usize = 150;

/// How many comments a page shows (the newest, oldest first).
pub const PAGE_COMMENTS: i64 = 50;

/// A comment on a corporate page, as the frame sends it.
pub struct PageComment<'a> {
    pub page: Option<&'a str>,
    pub url: &'a str,
    pub title: Option<&'a str>,
    pub body: &'a str,
    pub parent: Option<PostId>,
    /// The host page's origin, recorded with the event when the sub-community allows it.
    pub origin: Option<&'a str>,
}

/// A comment written: the post (published, or held for review) and its thread.
pub struct Commented {
    pub post: Post,
    pub topic: Topic,
}

/// The page has no thread yet and is not under one of the sub-community's URL prefixes.
#[derive(Debug)]
pub struct OutsidePrefixes;

/// The thread title for a page: "Comments: <title or url>", bounded.
pub fn thread_title(title: Option<&str>, url: &str) -> String {
    let shown = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(url);
    let shown: String = shown.chars().filter(|c| !c.is_control()).collect();
    let full = format!("Comments: {shown}");
    if full.chars().count() <= MAX_TITLE {
        full
    } else {
        let mut cut: String = full.chars().take(MAX_TITLE - 1).collect();
        cut.push('…');
        cut
    }
}

/// The opening stub: "Comments on [title](url)", Markdown-escaped.
pub fn thread_stub(title: Option<&str>, url: &str) -> String {
    let shown = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(url);
    let mut escaped = String::new();
    for c in shown.chars().filter(|c| !c.is_control()).take(MAX_TITLE) {
        if c.is_ascii_punctuation() {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    format!("Comments on [{escaped}](<{url}>)")
}

enum StartFailure {
    /// Another first comment created the thread meanwhile (the unique index).
    Taken,
    App(AppError),
}

impl From<diesel::result::Error> for StartFailure {
    fn from(e: diesel::result::Error) -> Self {
        if is_unique_violation(&e) {
            StartFailure::Taken
        } else {
            StartFailure::App(e.into())
        }
    }
}

impl From<crate::db::DbError> for StartFailure {
    fn from(e: crate::db::DbError) -> Self {
        StartFailure::App(e.into())
    }
}

impl From<AppError> for StartFailure {
    fn from(e: AppError) -> Self {
        StartFailure::App(e)
    }
}

async fn find_thread(
    state: &AppState,
    community: &Community,
    key: &str,
) -> Result<Option<Topic>, AppError> {
    let (cid, key) = (community.id.clone(), key.to_string());
    state
        .db(move |conn| Ok(topics::find_by_page_key(conn, &cid, &key)?))
        .await
}

/// The page's thread, created (published, with the stub by `actor`) when there is none.
async fn find_or_start(
    state: &AppState,
    actor: &User,
    community: &Community,
    (key, url, title): (&str, &str, Option<&str>),
) -> Result<Topic, AppError> {
    if let Some(t) = find_thread(state, community, key).await? {
        return Ok(t);
    }
    let (cid, author, now) = (community.id.clone(), actor.id.clone(), state.clock.now());
    let (key_owned, url_owned) = (key.to_string(), url.to_string());
    let (title, stub) = (thread_title(title, url), thread_stub(title, url));
    let started = state
        .write_as(move |conn| -> Result<TopicId, StartFailure> {
            if let Some(t) = topics::find_by_page_key(conn, &cid, &key_owned)? {
                return Ok(t.id);
            }
            let draft = TopicDraft {
                community: &cid,
                category: None,
                kind: TopicKind::Comment,
                title: &title,
                body: &stub,
                tags: "",
                as_brand: false,
                page: Some((&key_owned, &url_owned)),
                language: None,
            };
            // The stub is not the visitor's words: published directly.
            Ok(insert_topic_in_state(
                conn,
                &draft,
                &author,
                ModerationState::Published,
                now,
            )?)
        })
        .await?;
    match started {
        Ok(_) | Err(StartFailure::Taken) => find_thread(state, community, key)
            .await?
            .ok_or(AppError::NotFound),
        Err(StartFailure::App(e)) => Err(e),
    }
}

/// A comment on a corporate page: finds (or, under an allowed URL prefix, starts) the
/// page's thread, then writes the comment through the forum's reply and comment services
/// (policy engine, leak detectors, pre-moderation, limits, notifications, webhooks).
/// The caller has checked that the sub-community is embeddable.
pub async fn comment_on_page(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    community: &Community,
    input: PageComment<'_>,
) -> Result<Result<Commented, OutsidePrefixes>, AppError> {
    let key = page_key(input.page, Some(input.url))?;
    let url = normalise_url(input.url.trim())
        .ok_or_else(|| AppError::BadRequest(crate::error::Msg::key("errors-embed-url")))?;
    // Refuse what cannot be written before a thread is started for it.
    let parsed = match input.parent {
        Some(_) => PostBody::parse_comment(input.body),
        None => PostBody::parse(input.body),
    };
    parsed.map_err(|e| AppError::field("body", e))?;
    guardian.ensure(guardian.can_post_in(community))?;
    let existing = find_thread(state, community, &key).await?;
    let topic = match existing {
        Some(t) => t,
        None if !guardian.can_start_page_thread(community, &url) => {
            return Ok(Err(OutsidePrefixes));
        }
        None => find_or_start(state, actor, community, (&key, &url, input.title)).await?,
    };
    guardian.ensure_can_see_topic(community, &topic)?;
    guardian.ensure(guardian.can_comment_on_page(community, &topic))?;
    let post = match &input.parent {
        Some(pid) => {
            let pid = pid.clone();
            let parent = state
                .db(move |conn| Ok(posts::find(conn, &pid)?))
                .await?
                .filter(|p| p.topic_id == topic.id && guardian.can_see_post(community, p))
                .ok_or(AppError::NotFound)?;
            posting::comment(
                state,
                guardian,
                actor,
                (&parent, &topic, community),
                input.body,
            )
            .await?
        }
        None => {
            posting::reply(
                state,
                guardian,
                actor,
                (&topic, community),
                input.body,
                false,
                None,
            )
            .await?
        }
    };
    let origin = input
        .origin
        .filter(|o| Guardian::embed_origin_allowed(community, o))
        .map(str::to_string);
    let (cid, tid, now) = (community.id.clone(), topic.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            embed_events::record(
                conn,
                &NewEvent {
                    kind: "commented",
                    community: &cid,
                    topic: Some(&tid),
                    page_key: Some(&key),
                    origin: origin.as_deref(),
                },
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(Ok(Commented { post, topic }))
}

// ----- The thread as anonymous visitors see it -----

/// A shown comment with the published comments under it.
pub struct ShownComment {
    pub post: Post,
    pub author: AuthorView,
    pub children: Vec<(Post, AuthorView)>,
}

/// A page's thread as shown on the host page: nothing when it does not exist (or an
/// anonymous visitor may not see it).
pub struct PageThread {
    pub topic: Option<Topic>,
    /// Oldest first.
    pub comments: Vec<ShownComment>,
    /// Published comments older than those shown.
    pub earlier: i64,
}

/// The page's thread for an anonymous visitor: the newest [`PAGE_COMMENTS`] published
/// replies, oldest first, with their published comments.
pub async fn load_page_thread(
    state: &AppState,
    community: &Community,
    key: &str,
) -> Result<PageThread, AppError> {
    let topic = visible_thread(state, community, key).await?;
    load_thread_comments(state, community, topic).await
}

/// The page's thread as an anonymous visitor may see it (its `version` moves with every
/// change to its posts: the comments fragment's cache compares it).
pub async fn visible_thread(
    state: &AppState,
    community: &Community,
    key: &str,
) -> Result<Option<Topic>, AppError> {
    let anonymous = crate::auth::Viewer::default();
    let guardian = Guardian::new(&anonymous);
    Ok(find_thread(state, community, key)
        .await?
        .filter(|t| guardian.can_see_topic(community, t)))
}

/// The embeddable sub-community `slug` (else 404, as for one that does not exist) and
/// its page thread `key` as an anonymous visitor may see it, in one trip to the database:
/// what the comments fragment checks on every request before its cache.
pub async fn embeddable_with_thread(
    state: &AppState,
    slug: &str,
    key: &str,
) -> Result<(Community, Option<Topic>), AppError> {
    let (slug, key) = (slug.trim().to_string(), key.to_string());
    let (community, topic) = state
        .db(move |conn| {
            let community = crate::db::models::communities::find_by_slug(conn, &slug)?
                .filter(Guardian::is_embeddable)
                .ok_or(AppError::NotFound)?;
            let topic = topics::find_by_page_key(conn, &community.id, &key)?;
            Ok((community, topic))
        })
        .await?;
    let anonymous = crate::auth::Viewer::default();
    let guardian = Guardian::new(&anonymous);
    let topic = topic.filter(|t| guardian.can_see_topic(&community, t));
    Ok((community, topic))
}

/// The shown comments of a thread found by [`visible_thread`].
pub async fn load_thread_comments(
    state: &AppState,
    community: &Community,
    topic: Option<Topic>,
) -> Result<PageThread, AppError> {
    let anonymous = crate::auth::Viewer::default();
    let guardian = Guardian::new(&anonymous);
    let Some(topic) = topic else {
        return Ok(PageThread {
            topic: None,
            comments: vec![],
            earlier: 0,
        });
    };
    let tid = topic.id.clone();
    let (mut newest, total, children) = state
        .db(move |conn| {
            let newest = posts::page_comments(conn, &tid, PAGE_COMMENTS)?;
            let total = posts::count_page_comments(conn, &tid)?;
            let ids: Vec<PostId> = newest.iter().map(|(p, _)| p.id.clone()).collect();
            let children = posts::comments_for(conn, &ids)?;
            Ok((newest, total, children))
        })
        .await?;
    newest.reverse();
    let shown = i64::try_from(newest.len()).unwrap_or(0);
    let comments = newest
        .into_iter()
        .map(|(post, author)| {
            let children = children
                .iter()
                .filter(|(c, _)| c.parent_id.as_ref() == Some(&post.id))
                .filter(|(c, _)| guardian.can_see_post(community, c))
                .cloned()
                .collect();
            ShownComment {
                post,
                author,
                children,
            }
        })
        .collect();
    Ok(PageThread {
        topic: Some(topic),
        comments,
        earlier: (total - shown).max(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_titles_are_bounded_and_stubs_escaped() {
        assert_eq!(
            thread_title(Some("W3000"), "https://a.example/"),
            "Comments: W3000"
        );
        assert_eq!(
            thread_title(None, "https://a.example/"),
            "Comments: https://a.example/"
        );
        assert!(thread_title(Some(&"x".repeat(400)), "u").chars().count() <= 150);
        assert_eq!(
            thread_stub(Some("a](javascript:x)"), "https://a.example/p"),
            "Comments on [a\\]\\(javascript\\:x\\)](<https://a.example/p>)"
        );
    }

    #[test]
    fn keys_from_page_or_normalised_url() -> Result<(), AppError> {
        assert_eq!(page_key(Some(" press-2026-12 "), None)?, "press-2026-12");
        assert_eq!(
            page_key(
                None,
                Some("HTTPS://WWW.Acme.example:443/Products/W3000?x=1#top")
            )?,
            "https://www.acme.example/Products/W3000?x=1"
        );
        assert!(page_key(None, Some("javascript:alert(1)")).is_err());
        assert!(page_key(None, None).is_err());
        assert!(page_key(Some("a\u{7}b"), None).is_err());
        assert!(page_key(Some(&"x".repeat(301)), None).is_err());
        Ok(())
    }
}
