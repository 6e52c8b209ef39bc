//! The topic page's read model: one page of a topic for one viewer, in a fixed number of
//! queries whatever the number of posts (page, comments of that page, the viewer's votes).
//! The part every viewer shares comes from the page cache's data cache while it is valid;
//! what the viewer may see of it is the guardian's answer per post.

use std::collections::HashMap;
use std::sync::Arc;

use crate::auth::viewer::ViewerKey;
use crate::auth::{Guardian, Viewer};
use crate::db::models::authors::AuthorView;
use crate::db::models::categories::{self, Category};
use crate::db::models::communities::{self, Community};
use crate::db::models::posts::{self, Post, ReplyOrder};
use crate::db::models::topics::{self, Topic};
use crate::db::models::votes;
use crate::db::{CommunityId, PostId, Timestamp, TopicId, TopicKind, UserId};
use crate::error::{AppError, AppResult};
use crate::forums::page_cache::{Current, DataKey};
use crate::state::AppState;

/// Replies per page of a topic.
pub const PAGE_SIZE: i64 = 30;

pub struct PostView {
    pub post: Arc<Post>,
    pub author: Arc<AuthorView>,
    pub comments: Vec<(Arc<Post>, Arc<AuthorView>)>,
    pub my_vote: i32,
}

pub struct TopicPage {
    pub topic: Topic,
    pub community: Community,
    pub category: Option<Category>,
    pub categories: Vec<Category>,
    pub opening: PostView,
    /// The accepted answer, shown first on a question's first page.
    pub accepted: Option<PostView>,
    pub replies: Vec<PostView>,
    /// Keyset cursor for the next page of replies.
    pub next: Option<String>,
    pub first_page: bool,
    pub duplicate_of: Option<Topic>,
    pub claimed_by: Option<AuthorView>,
    /// Issue 20: the topic's escalations, newest first (the status banner).
    pub escalations: Vec<crate::db::models::escalations::Banner>,
    /// The signed-in viewer's watching level here.
    pub watch: Option<crate::notifications::service::WatchState>,
    /// Notifications about this topic that opening it just marked read.
    pub marked_read: usize,
    /// Why each held or hidden post shown to this viewer is not published (their own
    /// posts, or any for moderators).
    pub pending: HashMap<PostId, crate::moderation::queue::HeldReason>,
    /// Every post of the page (before the guardian's filter) is published and not
    /// deleted: whoever may see the topic sees the same posts.
    pub same_for_everyone: bool,
}

impl TopicPage {
    /// The page's posts in order: the opening post, the accepted answer, the replies.
    pub fn post_views(&self) -> impl Iterator<Item = &PostView> {
        std::iter::once(&self.opening)
            .chain(self.accepted.iter())
            .chain(self.replies.iter())
    }

    /// Every post the page shows, in order: [`TopicPage::post_views`], each followed by
    /// its comments.
    pub fn shown(&self) -> impl Iterator<Item = &Post> {
        self.post_views()
            .flat_map(|pv| std::iter::once(&*pv.post).chain(pv.comments.iter().map(|(c, _)| &**c)))
    }

    /// What `guardian`'s viewer may do on this page.
    pub fn perms(&self, guardian: &Guardian<'_>) -> crate::auth::TopicPerms {
        guardian.topic_perms(
            &self.community,
            &self.topic,
            self.shown(),
            self.claimed_by.as_ref().map(|u| &u.id),
            self.escalations.iter().flat_map(|b| b.team_members.iter()),
        )
    }
}

pub fn encode_reply_cursor(p: &Post) -> String {
    format!("{}_{}", p.score, p.post_number)
}

pub fn decode_reply_cursor(s: &str) -> Option<(i32, i32)> {
    let (a, b) = s.split_once('_')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

type Authored = (Arc<Post>, Arc<AuthorView>);

fn authored((p, u): (Post, AuthorView)) -> Authored {
    (Arc::new(p), Arc::new(u))
}

/// One page of a topic as loaded for every viewer, before anything that depends on who
/// is looking (their votes, watching, what they may see of held and deleted posts).
/// Kept in the page cache's data cache, so it is never changed after loading.
pub struct TopicData {
    opening: Authored,
    accepted: Option<Authored>,
    replies: Vec<Authored>,
    more: bool,
    comments: Vec<Authored>,
    categories: Vec<Category>,
    duplicate: Option<Topic>,
    claimed: Option<AuthorView>,
    /// Issue 20: the topic's escalations (their banner).
    escalations: Vec<crate::db::models::escalations::Banner>,
}

impl TopicData {
    /// Roughly the memory this page's data takes, for the cache's bound.
    pub fn weight(&self) -> usize {
        let posts = std::iter::once(&self.opening)
            .chain(self.accepted.iter())
            .chain(self.replies.iter())
            .chain(self.comments.iter());
        posts
            .map(|(p, _)| p.body_html.len() + p.body_markdown.len() + 1024)
            .sum::<usize>()
            + 4096
    }
}

fn load_topic_data(
    conn: &mut crate::db::DbConn,
    topic: &Topic,
    community: &CommunityId,
    after: Option<(i32, i32)>,
) -> AppResult<TopicData> {
    let order = if topic.kind == TopicKind::Question {
        ReplyOrder::Votes
    } else {
        ReplyOrder::Chronological
    };
    let accepted_id = topic
        .accepted_post_id
        .clone()
        .filter(|_| topic.kind == TopicKind::Question);
    let opening = posts::opening(conn, &topic.id)?.ok_or(AppError::NotFound)?;
    let accepted = match (&accepted_id, after.is_none()) {
        (Some(id), true) => posts::with_author(conn, id)?,
        _ => None,
    };
    let mut replies = posts::replies_page(
        conn,
        &topic.id,
        order,
        after,
        accepted_id.as_ref(),
        PAGE_SIZE + 1,
    )?;
    let more = replies.len() as i64 > PAGE_SIZE;
    replies.truncate(usize::try_from(PAGE_SIZE).unwrap_or(0));
    let mut ids: Vec<PostId> = vec![opening.0.id.clone()];
    ids.extend(accepted.iter().map(|(p, _)| p.id.clone()));
    ids.extend(replies.iter().map(|(p, _)| p.id.clone()));
    let comments = posts::comments_for(conn, &ids)?;
    let categories = categories::for_community(conn, community)?;
    let duplicate = match &topic.duplicate_of {
        Some(d) => topics::find(conn, d)?,
        None => None,
    };
    let claimed = match &topic.claimed_by {
        Some(u) => crate::db::models::authors::find(conn, u)?,
        None => None,
    };
    let escalations = crate::db::models::escalations::banners(conn, &topic.id)?;
    Ok(TopicData {
        escalations,
        opening: authored(opening),
        accepted: accepted.map(authored),
        replies: replies.into_iter().map(authored).collect(),
        more,
        comments: comments.into_iter().map(authored).collect(),
        categories,
        duplicate,
        claimed,
    })
}

/// One page of a topic's shared data: from the data cache while `epoch` says it is still
/// valid, else loaded (and cached when there is an epoch).
async fn shared_data(
    state: &AppState,
    topic: &Topic,
    community: &Community,
    after: Option<(i32, i32)>,
    epoch: Option<i64>,
    now: Timestamp,
) -> AppResult<Arc<TopicData>> {
    let cached = epoch.map(|epoch| {
        (
            DataKey::new(&topic.id, after),
            Current {
                topic,
                community,
                epoch,
            },
        )
    });
    if let Some(data) = cached
        .as_ref()
        .and_then(|(key, current)| state.pages.get_data(key, *current, now))
    {
        return Ok(data);
    }
    let (t, cid) = (topic.clone(), community.id.clone());
    let data = Arc::new(
        state
            .db(move |conn| load_topic_data(conn, &t, &cid, after))
            .await?,
    );
    if let Some((key, valid)) = cached {
        state.pages.put_data(key, valid, now, data.clone());
    }
    Ok(data)
}

/// What a topic page reads about its viewer: their votes in the topic, their watch rows
/// covering it, and whether they have unread notifications about it.
pub struct ViewerReads {
    votes: Vec<(PostId, i32)>,
    watches: Vec<crate::db::models::watches::Watch>,
    unread_here: bool,
}

fn read_viewer(
    conn: &mut crate::db::DbConn,
    viewer: &UserId,
    has_unread: bool,
    topic: &Topic,
) -> AppResult<ViewerReads> {
    let category = topic.category_id.as_ref().map(|c| c.to_string());
    Ok(ViewerReads {
        votes: votes::in_topic(conn, viewer, &topic.id)?,
        watches: crate::db::models::watches::of_user_covering(
            conn,
            viewer,
            topic.id.as_str(),
            category.as_deref(),
            topic.community_id.as_str(),
        )?,
        unread_here: has_unread
            && crate::db::models::notifications::has_unread_for_topic(conn, viewer, &topic.id)?,
    })
}

/// A topic as [`open_topic`] finds it.
pub struct Opened {
    pub topic: Topic,
    pub community: Community,
    /// The content epoch read with them (see `page_cache`).
    pub epoch: i64,
    /// The signed-in viewer's own reads.
    reads: Option<ViewerReads>,
    /// The topic was merged into this one, where its address now leads (the guardian's
    /// [`Guardian::merged_topic_leads_to`]); nothing else of it is shown.
    pub leads_to: Option<TopicId>,
}

/// What a viewer may do with the topic they open: follow it to the topic it was merged
/// into, or see it (else it does not exist).
fn decide(
    guardian: &Guardian<'_>,
    community: &Community,
    topic: &Topic,
) -> AppResult<Option<TopicId>> {
    if let Some(into) = guardian.merged_topic_leads_to(community, topic) {
        return Ok(Some(into.clone()));
    }
    guardian.ensure_can_see_topic(community, topic)?;
    Ok(None)
}

/// Opens a topic in one trip to the database: looks up who is asking, reads the topic,
/// its sub-community and the content epoch, refuses unless the guardian lets the viewer
/// see them, and then reads the signed-in viewer's own part.
pub async fn open_topic(
    state: &AppState,
    viewer: &ViewerKey,
    id: &TopicId,
) -> AppResult<(Viewer, Opened)> {
    // Anonymous views share the rows for a moment (`open_cache`); the guardian still
    // decides on them for this request.
    let anonymous = match viewer {
        ViewerKey::Known(v) if v.user().is_none() => Some(v.clone()),
        _ => None,
    };
    if let Some(v) = &anonymous {
        if let Some((topic, community, epoch)) =
            state
                .opens
                .get(id, state.clock.now(), state.db.write_generation())
        {
            let leads_to = decide(&Guardian::new(v), &community, &topic)?;
            let opened = Opened {
                topic,
                community,
                epoch,
                reads: None,
                leads_to,
            };
            return Ok((v.clone(), opened));
        }
    }
    let (generation, read_at) = (state.db.write_generation(), state.clock.now());
    let (id, viewer) = (id.clone(), viewer.clone());
    let (viewer, opened, upkeep) = state
        .db(move |conn| {
            // The session's upkeep writes, so it is written after the snapshot.
            crate::db::read_snapshot(conn, |conn| {
                let (viewer, upkeep) = viewer.look_up(conn)?;
                let (topic, community, epoch) =
                    topics::open(conn, &id)?.ok_or(AppError::NotFound)?;
                let guardian = Guardian::new(&viewer);
                let leads_to = decide(&guardian, &community, &topic)?;
                let reads = match guardian.user_id().filter(|_| leads_to.is_none()) {
                    Some(me) => {
                        let has_unread = guardian.unread_notifications() > 0;
                        Some(read_viewer(conn, me, has_unread, &topic)?)
                    }
                    None => None,
                };
                let opened = Opened {
                    topic,
                    community,
                    epoch,
                    reads,
                    leads_to,
                };
                Ok::<_, AppError>((viewer, opened, upkeep))
            })
        })
        .await?;
    if anonymous.is_some() {
        let rows = (opened.topic.clone(), opened.community.clone(), opened.epoch);
        state
            .opens
            .put(opened.topic.id.clone(), rows, read_at, generation);
    }
    // Written after the read snapshot, through the write path.
    upkeep.write(state).await?;
    Ok((viewer, opened))
}

/// [`open_topic`] for a viewer already known (an API caller): the topic, its
/// sub-community and the content epoch in one trip, refused (404) unless the guardian
/// lets the viewer see them. The viewer's own reads (votes, watching) are left to
/// [`opened_page`], which a cached answer skips.
pub async fn open_for(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &TopicId,
) -> AppResult<Opened> {
    let (id, viewer) = (id.clone(), guardian.viewer());
    state
        .db(move |conn| {
            crate::db::read_snapshot(conn, |conn| {
                let (topic, community, epoch) =
                    topics::open(conn, &id)?.ok_or(AppError::NotFound)?;
                Guardian::new(&viewer).ensure_can_see_topic(&community, &topic)?;
                Ok::<_, AppError>(Opened {
                    topic,
                    community,
                    epoch,
                    reads: None,
                    leads_to: None,
                })
            })
        })
        .await
}

/// One page of an opened topic for this viewer.
pub async fn opened_page(
    state: &AppState,
    guardian: &Guardian<'_>,
    opened: Opened,
    after: Option<&str>,
) -> AppResult<TopicPage> {
    assemble(
        state,
        guardian,
        opened.topic,
        opened.community,
        after,
        Some(opened.epoch),
        opened.reads,
    )
    .await
}

/// One page of a topic for this viewer. With `epoch` (the content epoch read alongside
/// `topic` and `community`), the viewer-independent part comes from the page cache's
/// data cache when it is still valid; the viewer's own part is always read afresh.
pub async fn topic_page(
    state: &AppState,
    guardian: &Guardian<'_>,
    topic: Topic,
    community: Community,
    after: Option<&str>,
    epoch: Option<i64>,
) -> AppResult<TopicPage> {
    assemble(state, guardian, topic, community, after, epoch, None).await
}

async fn assemble(
    state: &AppState,
    guardian: &Guardian<'_>,
    topic: Topic,
    community: Community,
    after: Option<&str>,
    epoch: Option<i64>,
    reads: Option<ViewerReads>,
) -> AppResult<TopicPage> {
    let after = after.and_then(decode_reply_cursor);
    let viewer = guardian.user_id().cloned();
    let first_page = after.is_none();
    let now = state.clock.now();
    let data = shared_data(state, &topic, &community, after, epoch, now).await?;

    // The viewer's own part: votes, watching level, and opening the topic reads it.
    let (my_votes, watch, marked_read) = match &viewer {
        None => (vec![], None, 0),
        Some(v) => {
            let reads = match reads {
                Some(reads) => reads,
                None => {
                    let (v, t) = (v.clone(), topic.clone());
                    let has_unread = guardian.unread_notifications() > 0;
                    state
                        .db(move |conn| read_viewer(conn, &v, has_unread, &t))
                        .await?
                }
            };
            let w = crate::notifications::service::resolve(&reads.watches);
            let mark_seen = w.inherited_from.is_none()
                && reads
                    .watches
                    .iter()
                    .any(|r| r.target_kind == crate::db::WatchTarget::Topic)
                && w.last_read != topic.reply_count;
            let marked = if mark_seen || reads.unread_here {
                let (v, tid, reply_count, unread_here) = (
                    v.clone(),
                    topic.id.clone(),
                    topic.reply_count,
                    reads.unread_here,
                );
                state
                    .write(move |conn| {
                        if mark_seen {
                            crate::db::models::watches::mark_topic_seen(
                                conn,
                                &v,
                                tid.as_str(),
                                reply_count,
                            )?;
                        }
                        if !unread_here {
                            return Ok(0);
                        }
                        Ok(crate::db::models::notifications::mark_topic_read(
                            conn, &v, &tid, now,
                        )?)
                    })
                    .await?
            } else {
                0
            };
            (reads.votes, Some(w), marked)
        }
    };
    let votes: HashMap<PostId, i32> = my_votes.into_iter().collect();
    let same_for_everyone = std::iter::once(&data.opening)
        .chain(data.accepted.iter())
        .chain(data.replies.iter())
        .chain(data.comments.iter())
        .all(|(p, _)| p.is_published() && p.deleted_at.is_none());
    // Deleted, held and hidden posts: shown only to whom the guardian lets see them.
    let visible = |p: &Post| guardian.can_see_post(&community, p);
    let mut by_parent: HashMap<PostId, Vec<Authored>> = HashMap::new();
    for (p, u) in data.comments.iter().filter(|(p, _)| visible(p)) {
        if let Some(parent) = p.parent_id.clone() {
            by_parent
                .entry(parent)
                .or_default()
                .push((p.clone(), u.clone()));
        }
    }
    let mut build = |(post, author): &Authored| PostView {
        comments: by_parent.remove(&post.id).unwrap_or_default(),
        my_vote: votes.get(&post.id).copied().unwrap_or(0),
        post: post.clone(),
        author: author.clone(),
    };
    let next = if data.more {
        data.replies.last().map(|(p, _)| encode_reply_cursor(p))
    } else {
        None
    };
    let category = topic
        .category_id
        .as_ref()
        .and_then(|id| data.categories.iter().find(|c| &c.id == id).cloned());
    let opening = build(&data.opening);
    let accepted = data
        .accepted
        .as_ref()
        .filter(|(p, _)| visible(p))
        .map(&mut build);
    let replies: Vec<PostView> = data
        .replies
        .iter()
        .filter(|(p, _)| visible(p))
        .map(&mut build)
        .collect();
    let unpublished: Vec<PostId> = std::iter::once(&opening)
        .chain(accepted.iter())
        .chain(replies.iter())
        .flat_map(|pv| std::iter::once(&pv.post).chain(pv.comments.iter().map(|(c, _)| c)))
        .filter(|p| !p.is_published())
        .map(|p| p.id.clone())
        .collect();
    let pending = crate::moderation::queue::pending_reasons(state, unpublished).await?;
    // The original of a duplicate is linked only when the viewer may see it.
    let duplicate_of = match data.duplicate.clone() {
        Some(d) if d.community_id == community.id => Some(d),
        Some(d) => {
            let dc = d.community_id.clone();
            let c = state
                .db(move |conn| Ok(communities::find(conn, &dc)?))
                .await?;
            c.filter(|c| guardian.can_see_community(c)).map(|_| d)
        }
        None => None,
    };
    Ok(TopicPage {
        topic,
        community,
        category,
        categories: data.categories.clone(),
        opening,
        accepted,
        replies,
        next,
        first_page,
        duplicate_of,
        claimed_by: data.claimed.clone(),
        escalations: data.escalations.clone(),
        watch,
        marked_read,
        pending,
        same_for_everyone,
    })
}
