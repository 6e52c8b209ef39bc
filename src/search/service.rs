//! The search use cases, one function each: searching (the page, the API), similar
//! questions (the composer, the embedded ask box, the API), recording a click on a result
//! and on a suggestion, cancelling a deflection, pruning the log.
//!
//! Permissions: the guardian's [`Guardian::visible_communities`], read now, narrowed by
//! the `c` filter, is exactly what the engine searches; an unknown or invisible `c` is
//! treated as no `c` (the same answer either way, so nothing is enumerated).
//!
//! The search log is written behind the searches (`log_buffer`): a search with a query
//! queues its row, whose id (made here) its result links carry, and the node writes what
//! has gathered once a second. A click flushes first, so its row exists.

use std::collections::HashMap;

use crate::auth::Guardian;
use crate::db::models::authors::{self, AuthorView};
use crate::db::models::communities::{self, Community};
use crate::db::models::search_log;
use crate::db::models::users;
use crate::db::search::{self as engine, SearchHit, SearchRequest, SimilarHit};
use crate::db::{CommunityId, PostId, QuestionState, SearchLogId, TopicId};
use crate::domain::Username;
use crate::error::{AppError, AppResult};
use crate::search::log_buffer::{self, Pending};
use crate::search::query::{normalise, Filters};
use crate::state::AppState;

/// Where a search came from (the log's `source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Page,
    Similar,
    Api,
    Embed,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Page => "page",
            Source::Similar => "similar",
            Source::Api => "api",
            Source::Embed => "embed",
        }
    }
}

/// Suggestions shown while asking.
pub const SIMILAR_LIMIT: u32 = 5;

/// One result with what the page and the API show beside it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub hit: SearchHit,
    pub community: Community,
    pub author: Option<AuthorView>,
}

/// The answer to one search.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub total: i64,
    /// Matches per sub-community the reader may see, most first.
    pub facets: Vec<(Community, i64)>,
    /// The sub-community the search was narrowed to (only when the reader may see it).
    pub scope: Option<Community>,
    /// Every sub-community the reader may see (the filter's choices).
    pub visible: Vec<Community>,
    /// The log row of this search (`None` for an empty query): result links carry it.
    pub log: Option<SearchLogId>,
    /// The `author` filter named nobody.
    pub unknown_author: bool,
}

/// The visible sub-communities and the `c` filter resolved among them, read now.
fn scope_in(
    conn: &mut crate::db::DbConn,
    guardian: &Guardian<'_>,
    slug: Option<&str>,
) -> AppResult<(Vec<Community>, Option<Community>)> {
    let visible = guardian.visible_communities(communities::all(conn)?);
    let scope = slug.and_then(|s| visible.iter().find(|c| c.slug == s).cloned());
    Ok((visible, scope))
}

/// What one trip to the database found: the scope, the engine's answer, the authors.
struct Searched {
    visible: Vec<Community>,
    scope: Option<Community>,
    results: engine::SearchResults,
    unknown_author: bool,
    authors: Vec<AuthorView>,
}

/// Searches what the reader may see now, with the filters, and records the search. The
/// sub-communities, the search and the authors are read in one trip to the database.
pub async fn search(
    state: &AppState,
    guardian: &Guardian<'_>,
    filters: &Filters,
    offset: u32,
    limit: u32,
    source: Source,
) -> AppResult<Found> {
    let (detached, f) = (guardian.detached(), filters.clone());
    let searched = state
        .db(move |conn| {
            let (visible, scope) = scope_in(conn, &detached.guardian(), f.community.as_deref())?;
            let mut out = Searched {
                visible,
                scope,
                results: engine::SearchResults::default(),
                unknown_author: false,
                authors: Vec::new(),
            };
            if f.text.is_empty() {
                return Ok(out);
            }
            let author = match &f.author {
                Some(name) => {
                    match users::find_by_username_key(conn, &Username::lookup_key(name))? {
                        Some(u) => Some(u.id),
                        None => {
                            out.unknown_author = true;
                            return Ok(out);
                        }
                    }
                }
                None => None,
            };
            let ids: Vec<CommunityId> = match &out.scope {
                Some(c) => vec![c.id.clone()],
                None => out.visible.iter().map(|c| c.id.clone()).collect(),
            };
            let req = SearchRequest {
                text: &f.text,
                communities: &ids,
                kind: f.kind,
                state: f.state,
                tag: f.tag.as_deref(),
                author: author.as_ref(),
                since: f.since,
                until: f.until,
                sort: f.sort,
                offset,
                limit,
            };
            out.results = engine::search(conn, &req)?;
            // Narrowed to one sub-community, the facet still counts every visible one
            // (the same filters but `c`), so the reader can switch: a second, count-only
            // search.
            if out.scope.is_some() {
                let all: Vec<CommunityId> = out.visible.iter().map(|c| c.id.clone()).collect();
                let everywhere = SearchRequest {
                    communities: &all,
                    offset: 0,
                    limit: 0,
                    ..req.clone()
                };
                out.results.by_community = engine::search(conn, &everywhere)?.by_community;
            }
            let mut author_ids: Vec<_> = out
                .results
                .hits
                .iter()
                .map(|h| h.author_id.clone())
                .collect();
            author_ids.sort();
            author_ids.dedup();
            out.authors = authors::find_many(conn, &author_ids)?;
            Ok(out)
        })
        .await?;
    let Searched {
        visible,
        scope,
        results,
        unknown_author,
        authors,
    } = searched;
    let mut found = Found {
        scope: scope.clone(),
        ..Found::default()
    };
    if filters.text.is_empty() {
        found.visible = visible;
        return Ok(found);
    }
    let by_id: HashMap<&CommunityId, &Community> = visible.iter().map(|c| (&c.id, c)).collect();
    let authors: HashMap<_, _> = authors.into_iter().map(|a| (a.id.clone(), a)).collect();
    found.hits = results
        .hits
        .into_iter()
        // The engine searched only `ids`; a hit elsewhere would be a bug, never shown.
        .filter_map(|hit| {
            let community = (*by_id.get(&hit.community_id)?).clone();
            let author = authors.get(&hit.author_id).cloned();
            Some(Hit {
                hit,
                community,
                author,
            })
        })
        .collect();
    let mut facets: Vec<(Community, i64)> = results
        .by_community
        .into_iter()
        .filter_map(|(id, n)| by_id.get(&id).map(|c| ((*c).clone(), n)))
        .filter(|(_, n)| *n > 0)
        .collect();
    facets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.position.cmp(&b.0.position)));
    found.facets = facets;
    found.total = results.total;
    found.unknown_author = unknown_author;
    found.visible = visible;
    let count = i32::try_from(found.total).unwrap_or(i32::MAX);
    found.log = log_search(
        state,
        guardian,
        &filters.text,
        scope.as_ref(),
        count,
        source,
    )
    .await?;
    Ok(found)
}

/// Writes one log row (nothing for an empty query) and returns its id.
async fn log_search(
    state: &AppState,
    guardian: &Guardian<'_>,
    text: &str,
    scope: Option<&Community>,
    result_count: i32,
    source: Source,
) -> AppResult<Option<SearchLogId>> {
    let query = normalise(text);
    if query.is_empty() {
        return Ok(None);
    }
    let id = SearchLogId::new();
    // Written behind the request (`log_buffer`): the page only needs the id.
    state.search_log.push(Pending {
        id: id.clone(),
        query,
        community_id: scope.map(|c| c.id.clone()),
        result_count,
        member: guardian.is_signed_in(),
        source: source.as_str(),
        created_at: state.clock.now(),
    });
    Ok(Some(id))
}

/// A suggestion while asking.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    pub topic_id: TopicId,
    pub title: String,
    /// Path on this site (`/t/{id}`).
    pub path: String,
    pub state: Option<QuestionState>,
    pub official: bool,
    pub solved: bool,
    pub community_slug: String,
}

/// Up to [`SIMILAR_LIMIT`] questions like `title` among what the reader may see (in
/// `community` when given and visible), solved and official first (the engine's order).
/// Logged only when something is shown.
pub async fn similar(
    state: &AppState,
    guardian: &Guardian<'_>,
    title: &str,
    community: Option<&str>,
    source: Source,
) -> AppResult<(Vec<Similar>, Option<SearchLogId>)> {
    let text = crate::search::query::SearchForm {
        q: Some(title.to_string()),
        ..Default::default()
    }
    .lenient()
    .0
    .text;
    if text.chars().count() < 3 {
        return Ok((vec![], None));
    }
    // The sub-communities and the suggestions in one trip to the database.
    let (detached, slug, engine_text) = (
        guardian.detached(),
        community.map(str::to_string),
        text.clone(),
    );
    let (visible, scope, hits): (_, _, Vec<SimilarHit>) = state
        .db(move |conn| {
            let (visible, scope) = scope_in(conn, &detached.guardian(), slug.as_deref())?;
            let ids: Vec<CommunityId> = match &scope {
                Some(c) => vec![c.id.clone()],
                None => visible.iter().map(|c| c.id.clone()).collect(),
            };
            let hits = engine::similar(conn, &engine_text, &ids, SIMILAR_LIMIT)?;
            Ok((visible, scope, hits))
        })
        .await?;
    let slugs: HashMap<&CommunityId, &str> =
        visible.iter().map(|c| (&c.id, c.slug.as_str())).collect();
    let items: Vec<Similar> = hits
        .into_iter()
        .filter_map(|h| {
            let slug = slugs.get(&h.community_id)?.to_string();
            Some(Similar {
                path: format!("/t/{}", h.topic_id),
                solved: h.state == Some(QuestionState::Solved),
                topic_id: h.topic_id,
                title: h.title,
                state: h.state,
                official: h.official,
                community_slug: slug,
            })
        })
        .take(SIMILAR_LIMIT as usize)
        .collect();
    if items.is_empty() {
        return Ok((items, None));
    }
    let count = i32::try_from(items.len()).unwrap_or(0);
    let log = log_search(state, guardian, &text, scope.as_ref(), count, source).await?;
    Ok((items, log))
}

/// A click on a search result: the topic must be one the reader may see (404 otherwise,
/// so nothing is redirected anywhere else); the first click of a logged search is
/// recorded. Returns where to send the reader: the matching post when it is one of the
/// topic's posts they may see, else the topic.
pub async fn click(
    state: &AppState,
    guardian: &Guardian<'_>,
    log: Option<&str>,
    topic: &str,
    post: Option<&str>,
) -> AppResult<String> {
    let topic_id = TopicId::parse(topic).ok_or(AppError::NotFound)?;
    let (topic, _) = crate::forums::load::load_topic(state, guardian, &topic_id).await?;
    if let Some(log_id) = log.and_then(SearchLogId::parse) {
        // The search's row may still wait to be written.
        log_buffer::flush(state).await?;
        let tid = topic.id.clone();
        state
            .write(move |conn| Ok(search_log::record_click(conn, &log_id, &tid)?))
            .await?;
    }
    if let Some(post_id) = post.and_then(PostId::parse) {
        match crate::forums::load::load_post(state, guardian, &post_id).await {
            Ok((p, t, _)) if t.id == topic.id && !p.is_opening() => {
                return Ok(format!("/p/{}", p.id))
            }
            Ok(_) | Err(AppError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(topic.path())
}

/// A click on a similar question in the composer: the suggestion's search (when given)
/// records it, the outcome metrics get a `similar_clicked` event, and a `deflected` one
/// under the composer's id, which [`cancel_deflection`] removes if that composer then
/// posts. 404 for a topic the reader may not see.
pub async fn similar_clicked(
    state: &AppState,
    guardian: &Guardian<'_>,
    topic: &str,
    log: Option<&str>,
    composer: Option<&str>,
) -> AppResult<()> {
    let topic_id = TopicId::parse(topic).ok_or(AppError::NotFound)?;
    let (topic, community) = crate::forums::load::load_topic(state, guardian, &topic_id).await?;
    let log = log.and_then(SearchLogId::parse);
    let composer = composer.and_then(|c| uuid::Uuid::parse_str(c).ok());
    let now = state.clock.now();
    if log.is_some() {
        // The suggestion's row may still wait to be written.
        log_buffer::flush(state).await?;
    }
    state
        .write(move |conn| {
            if let Some(log) = &log {
                search_log::record_click(conn, log, &topic.id)?;
            }
            search_log::record_suggestion_click(conn, &community.id, &topic.id, composer, now)?;
            Ok(())
        })
        .await
}

/// The composer `composer` posted: its suggestion clicks did not deflect the question.
pub async fn cancel_deflection(state: &AppState, composer: &str) -> AppResult<()> {
    let Ok(composer) = uuid::Uuid::parse_str(composer) else {
        return Ok(());
    };
    state
        .write(move |conn| Ok(search_log::cancel_deflections(conn, composer)?))
        .await
        .map(|_| ())
}

/// Forgets search-log rows older than the configured retention (housekeeping).
pub fn prune_log(
    conn: &mut crate::db::DbConn,
    now: crate::db::Timestamp,
    retention_days: i64,
) -> diesel::QueryResult<usize> {
    let days = retention_days.max(1);
    search_log::delete_before(conn, now.plus_secs(-days.saturating_mul(86_400)))
}
