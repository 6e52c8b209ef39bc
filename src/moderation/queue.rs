//! The review queue: what puts a post in it, what moderators see there, and what its
//! author is told while it waits.

use std::collections::HashMap;

use crate::auth::Guardian;
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::{self, Community};
use crate::db::models::moderation::{self as mdb, FlagRow, ReviewItem};
use crate::db::models::posts::{self, Post};
use crate::db::models::topics::{self, Topic};
use crate::db::{CommunityId, DbConn, PolicyAction, PostId, ReviewItemId, ReviewReason, Timestamp};
use crate::error::AppResult;
use crate::moderation::policy::{decode_matches, Match};
use crate::state::AppState;

/// Opens a review item for a post, or adds what matched to the one already open: one
/// open item per post however many reasons.
pub fn open_review(
    conn: &mut DbConn,
    post: &PostId,
    community: &CommunityId,
    reason: ReviewReason,
    matches: &str,
    now: Timestamp,
) -> AppResult<ReviewItemId> {
    // Serialises concurrent flags and edits of one post (a row lock on PostgreSQL), so
    // two of them never both open an item: the partial unique index backs this up.
    posts::lock(conn, post)?;
    match mdb::open_item_for_post(conn, post)? {
        Some(item) => {
            mdb::append_matches(conn, &item.id, matches)?;
            Ok(item.id)
        }
        None => Ok(mdb::insert_item(
            conn, post, community, reason, matches, now,
        )?),
    }
}

pub struct QueueEntry {
    pub item: ReviewItem,
    pub post: Post,
    pub author: AuthorView,
    pub topic: Topic,
    pub community: Community,
    pub flags: Vec<(FlagRow, AuthorView)>,
    pub matches: Vec<Match>,
}

/// Sub-communities whose queue the viewer works: all for site staff, their own for
/// moderators of sub-communities.
pub async fn reviewable_communities(
    state: &AppState,
    guardian: &Guardian<'_>,
) -> AppResult<Vec<Community>> {
    let all = state.db(|conn| Ok(communities::all(conn)?)).await?;
    Ok(guardian
        .visible_communities(all)
        .into_iter()
        .filter(|c| guardian.can_review(c))
        .collect())
}

/// The most items the review page lists at once.
const PAGE_ITEMS: i64 = 200;

/// Open review items, oldest first, in `only` or in every queue the viewer works.
pub async fn queue(
    state: &AppState,
    guardian: &Guardian<'_>,
    only: Option<&Community>,
) -> AppResult<Vec<QueueEntry>> {
    queue_page(state, guardian, only, None, PAGE_ITEMS).await
}

/// Where a page of the queue starts: after the item with this (`created_at`, `id`).
pub type QueuePosition = (Timestamp, ReviewItemId);

/// [`queue`] a page at a time (the API): at most `limit` items after `after`.
pub async fn queue_page(
    state: &AppState,
    guardian: &Guardian<'_>,
    only: Option<&Community>,
    after: Option<QueuePosition>,
    limit: i64,
) -> AppResult<Vec<QueueEntry>> {
    let scope = match only {
        Some(c) => {
            guardian.ensure_can_see_community(c)?;
            guardian.ensure(guardian.can_review(c))?;
            vec![c.clone()]
        }
        None => {
            let mine = reviewable_communities(state, guardian).await?;
            guardian.ensure(!mine.is_empty())?;
            mine
        }
    };
    let ids: Vec<CommunityId> = scope.iter().map(|c| c.id.clone()).collect();
    let by_community: HashMap<CommunityId, Community> =
        scope.into_iter().map(|c| (c.id.clone(), c)).collect();
    state
        .db(move |conn| {
            let items = mdb::open_items(conn, &ids, after.as_ref(), limit)?;
            let post_ids: Vec<PostId> = items.iter().map(|i| i.post_id.clone()).collect();
            let posts: HashMap<PostId, (Post, AuthorView)> = posts::find_many(conn, &post_ids)?
                .into_iter()
                .map(|(p, u)| (p.id.clone(), (p, u)))
                .collect();
            let topic_ids: Vec<_> = posts.values().map(|(p, _)| p.topic_id.clone()).collect();
            let topics: HashMap<_, Topic> = topics::find_many(conn, &topic_ids)?
                .into_iter()
                .map(|t| (t.id.clone(), t))
                .collect();
            let mut flags: HashMap<PostId, Vec<(FlagRow, AuthorView)>> = HashMap::new();
            for (f, u) in mdb::open_flags_for(conn, &post_ids)? {
                flags.entry(f.post_id.clone()).or_default().push((f, u));
            }
            Ok(items
                .into_iter()
                .filter_map(|item| {
                    let (post, author) = posts.get(&item.post_id)?.clone();
                    let topic = topics.get(&post.topic_id)?.clone();
                    let community = by_community.get(&item.community_id)?.clone();
                    Some(QueueEntry {
                        matches: decode_matches(&item.matches),
                        flags: flags.remove(&item.post_id).unwrap_or_default(),
                        item,
                        post,
                        author,
                        topic,
                        community,
                    })
                })
                .collect())
        })
        .await
}

/// Why a post waits for a moderator, as its author is told on the topic page (written in
/// the page's language by the view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeldReason {
    NewMember,
    Flagged,
    /// The findings' fixed labels (`policy::Match::label`), sorted, once each.
    Found(Vec<String>),
}

/// Why the viewer's own posts are held or hidden, for the notice on the topic page.
pub async fn pending_reasons(
    state: &AppState,
    unpublished: Vec<PostId>,
) -> AppResult<HashMap<PostId, HeldReason>> {
    if unpublished.is_empty() {
        return Ok(HashMap::new());
    }
    state
        .db(move |conn| {
            let mut out = HashMap::new();
            for item in mdb::open_items_for_posts(conn, &unpublished)? {
                let why = match item.reason {
                    ReviewReason::NewMember => HeldReason::NewMember,
                    ReviewReason::Flagged => HeldReason::Flagged,
                    ReviewReason::Policy => {
                        let mut labels: Vec<String> = decode_matches(&item.matches)
                            .into_iter()
                            .filter(|m| m.action >= PolicyAction::Hold)
                            .map(|m| m.label)
                            .collect();
                        labels.sort();
                        labels.dedup();
                        HeldReason::Found(labels)
                    }
                };
                out.insert(item.post_id, why);
            }
            Ok(out)
        })
        .await
}
