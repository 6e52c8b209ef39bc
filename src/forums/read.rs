//! Read models for the topic page and topic lists: a fixed number of queries whatever
//! the number of posts (page, comments of that page, the viewer's votes).

use std::collections::HashMap;
use std::sync::Arc;

use crate::auth::viewer::ViewerKey;
use crate::auth::{Guardian, Viewer};
use crate::db::models::categories::{self, Category};
use crate::db::models::communities::{self, Community};
use crate::db::models::posts::{self, Post, ReplyOrder};
use crate::db::models::topics::{self, Cursor, ListQuery, Sort, StateFilter, Topic};
use crate::db::models::users::User;
use crate::db::models::votes;
use crate::db::{
    CategoryId, CommunityId, PostId, Timestamp, TopicId, TopicKind, UserId, WatchLevel,
};
use crate::error::{AppError, AppResult};
use crate::forums::page_cache::{Current, DataKey};
use crate::forums::service::PAGE_SIZE;
use crate::state::AppState;

pub struct PostView {
    pub post: Arc<Post>,
    pub author: Arc<User>,
    pub comments: Vec<(Arc<Post>, Arc<User>)>,
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
    pub claimed_by: Option<User>,
    /// The signed-in viewer's watching level here.
    pub watch: Option<crate::notifications::service::WatchState>,
    /// Notifications about this topic that opening it just marked read.
    pub marked_read: usize,
    /// Why each held or hidden post shown to this viewer is not published (their own
    /// posts, or any for moderators).
    pub pending: HashMap<PostId, String>,
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
        )
    }
}

fn encode_reply_cursor(p: &Post) -> String {
    format!("{}_{}", p.score, p.post_number)
}

pub fn decode_reply_cursor(s: &str) -> Option<(i32, i32)> {
    let (a, b) = s.split_once('_')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

type Authored = (Arc<Post>, Arc<User>);

fn authored((p, u): (Post, User)) -> Authored {
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
    claimed: Option<User>,
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
        Some(u) => crate::db::models::users::find(conn, u)?,
        None => None,
    };
    Ok(TopicData {
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
}

/// Opens a topic in one trip to the database: looks up who is asking, reads the topic,
/// its sub-community and the content epoch, refuses unless the guardian lets the viewer
/// see them, and then reads the signed-in viewer's own part.
pub async fn open_topic(
    state: &AppState,
    viewer: &ViewerKey,
    id: &TopicId,
) -> AppResult<(Viewer, Opened)> {
    let (id, viewer) = (id.clone(), viewer.clone());
    state
        .db(move |conn| {
            // The session's upkeep writes, so it runs after the snapshot.
            let (viewer, opened, upkeep) = crate::db::read_snapshot(conn, |conn| {
                let (viewer, upkeep) = viewer.look_up(conn)?;
                let topic = topics::find(conn, &id)?.ok_or(AppError::NotFound)?;
                let community =
                    communities::find(conn, &topic.community_id)?.ok_or(AppError::NotFound)?;
                let epoch = crate::db::models::content_epoch::current(conn)?;
                let guardian = Guardian::new(&viewer);
                guardian.ensure_can_see_topic(&community, &topic)?;
                let reads = match guardian.user_id() {
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
                };
                Ok::<_, AppError>((viewer, opened, upkeep))
            })?;
            upkeep.run(conn)?;
            Ok((viewer, opened))
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
                    .db(move |conn| {
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
                        Ok(crate::db::write_tx(conn, |conn| {
                            crate::db::models::notifications::mark_topic_read(conn, &v, &tid, now)
                        })?)
                    })
                    .await?
            } else {
                0
            };
            (reads.votes, Some(w), marked)
        }
    };
    let votes: HashMap<PostId, i32> = my_votes.into_iter().collect();
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
    let pending = crate::moderation::service::pending_reasons(state, unpublished).await?;
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
        watch,
        marked_read,
        pending,
    })
}

pub struct ListParams {
    pub sort: Sort,
    pub state: Option<StateFilter>,
    pub kind: Option<TopicKind>,
    pub tag: Option<String>,
    pub category: Option<CategoryId>,
    pub after: Option<Cursor>,
    pub period_days: Option<i64>,
}

pub struct TopicList {
    pub pinned: Vec<(Topic, User)>,
    pub topics: Vec<(Topic, User)>,
    pub next: Option<String>,
    /// Community of each listed topic (for the global list).
    pub communities: HashMap<CommunityId, Community>,
    /// Signed in: replies not yet seen on listed topics the viewer watches or tracks.
    pub new_replies: HashMap<TopicId, i32>,
}

pub const LIST_SIZE: i64 = 30;

/// Topics of `scope` (one sub-community) or of every sub-community the viewer may see.
pub async fn list(
    state: &AppState,
    guardian: &Guardian<'_>,
    scope: Option<&Community>,
    p: ListParams,
) -> AppResult<TopicList> {
    let visible: Vec<Community> = match scope {
        Some(c) => vec![c.clone()],
        None => {
            let all = state.db(|conn| Ok(communities::all(conn)?)).await?;
            guardian.visible_communities(all)
        }
    };
    let ids: Vec<CommunityId> = visible.iter().map(|c| c.id.clone()).collect();
    let since = p
        .period_days
        .map(|d| state.clock.now().plus_secs(-d * 86_400));
    let single = scope.map(|c| c.id.clone());
    let viewer = guardian.user_id().cloned();
    let (pinned, mut topics, seen) = state
        .db(move |conn| {
            // A sub-community's plain latest list shows its pinned topics first (on the first
            // page) and leaves them out of every page of the list itself.
            let pinned_view = matches!(
                (&single, p.state, &p.tag, &p.category, p.kind, p.sort),
                (Some(_), None, None, None, None, Sort::Latest)
            );
            let pinned = match &single {
                Some(c) if pinned_view && p.after.is_none() => topics::pinned(conn, c)?,
                _ => vec![],
            };
            let q = ListQuery {
                communities: &ids,
                category: p.category.as_ref(),
                sort: p.sort,
                state: p.state,
                kind: p.kind,
                tag: p.tag.as_deref(),
                since: if p.sort == Sort::Top { since } else { None },
                after: p.after.as_ref(),
                limit: LIST_SIZE + 1,
                exclude_pinned: pinned_view,
            };
            let topics = topics::list(conn, &q)?;
            // Tracked and watched topics show how many replies are new to the viewer.
            let seen = match &viewer {
                Some(v) => {
                    let ids: Vec<String> = pinned
                        .iter()
                        .chain(topics.iter())
                        .map(|(t, _)| t.id.to_string())
                        .collect();
                    crate::db::models::watches::of_user_topics(conn, v, &ids)?
                }
                None => vec![],
            };
            Ok((pinned, topics, seen))
        })
        .await?;
    let more = topics.len() as i64 > LIST_SIZE;
    topics.truncate(usize::try_from(LIST_SIZE).unwrap_or(0));
    let next = if more {
        topics
            .last()
            .map(|(t, _)| topics::cursor_for(t, p.sort).encode())
    } else {
        None
    };
    let mut new_replies = HashMap::new();
    for w in seen {
        if !matches!(w.level, WatchLevel::Watching | WatchLevel::Tracking) {
            continue;
        }
        let listed = pinned.iter().chain(topics.iter()).map(|(t, _)| t);
        if let Some(t) = listed.into_iter().find(|t| t.id.as_str() == w.target_id) {
            if t.reply_count > w.last_read {
                new_replies.insert(t.id.clone(), t.reply_count - w.last_read);
            }
        }
    }
    Ok(TopicList {
        pinned,
        topics,
        next,
        communities: visible.into_iter().map(|c| (c.id.clone(), c)).collect(),
        new_replies,
    })
}

pub struct Activity {
    pub topics: Vec<Topic>,
    pub answers: Vec<(Post, Topic)>,
    pub accepted_count: usize,
}

/// A member's questions, topics and answers in the sub-communities the viewer may see.
pub async fn activity(
    state: &AppState,
    guardian: &Guardian<'_>,
    member: &UserId,
) -> AppResult<Activity> {
    let all = state.db(|conn| Ok(communities::all(conn)?)).await?;
    let ids: Vec<CommunityId> = guardian
        .visible_communities(all)
        .into_iter()
        .map(|c| c.id)
        .collect();
    let member = member.clone();
    state
        .db(move |conn| {
            let topics = topics::by_author(conn, &member, &ids, 20)?;
            let answers = posts::answers_by(conn, &member, &ids, 20)?;
            let topic_ids: Vec<_> = answers.iter().map(|p| p.topic_id.clone()).collect();
            let answer_topics = topics::find_many(conn, &topic_ids)?;
            let by_id: HashMap<_, _> = answer_topics
                .into_iter()
                .map(|t| (t.id.clone(), t))
                .collect();
            let answers: Vec<(Post, Topic)> = answers
                .into_iter()
                .filter_map(|p| {
                    let t = by_id.get(&p.topic_id)?.clone();
                    (t.deleted_at.is_none()).then_some((p, t))
                })
                .collect();
            let accepted_count = answers
                .iter()
                .filter(|(p, t)| t.accepted_post_id.as_ref() == Some(&p.id))
                .count();
            Ok(Activity {
                topics,
                answers,
                accepted_count,
            })
        })
        .await
}

pub async fn leaderboard(
    state: &AppState,
    community: &Community,
    days: Option<i64>,
) -> AppResult<Vec<(User, i64)>> {
    let since: Option<Timestamp> = days.map(|d| state.clock.now().plus_secs(-d * 86_400));
    let cid = community.id.clone();
    state
        .db(move |conn| {
            let rows = votes::leaderboard(conn, &cid, since, 20)?;
            let ids: Vec<UserId> = rows.iter().map(|(u, _)| u.clone()).collect();
            let people = crate::db::models::users::find_many(conn, &ids)?;
            let by_id: HashMap<_, _> = people.into_iter().map(|u| (u.id.clone(), u)).collect();
            Ok(rows
                .into_iter()
                .filter_map(|(id, pts)| by_id.get(&id).cloned().map(|u| (u, pts)))
                .collect())
        })
        .await
}

pub async fn official_feed(
    state: &AppState,
    community: &Community,
) -> AppResult<Vec<(Post, User, Topic)>> {
    let cid = community.id.clone();
    state
        .db(move |conn| {
            let posts = posts::official(conn, &cid, 50)?;
            let ids: Vec<_> = posts.iter().map(|(p, _)| p.topic_id.clone()).collect();
            let ts = topics::find_many(conn, &ids)?;
            let by_id: HashMap<_, _> = ts.into_iter().map(|t| (t.id.clone(), t)).collect();
            Ok(posts
                .into_iter()
                .filter_map(|(p, u)| {
                    let t = by_id.get(&p.topic_id)?.clone();
                    (t.deleted_at.is_none() && t.community_id == cid).then_some((p, u, t))
                })
                .collect())
        })
        .await
}

pub async fn categories_of(state: &AppState, community: &Community) -> AppResult<Vec<Category>> {
    let cid = community.id.clone();
    state
        .db(move |conn| Ok(categories::for_community(conn, &cid)?))
        .await
}

pub async fn category_by_slug(
    state: &AppState,
    community: &Community,
    slug: &str,
) -> AppResult<Category> {
    let (cid, slug) = (community.id.clone(), slug.to_string());
    state
        .db(move |conn| categories::find_by_slug(conn, &cid, &slug)?.ok_or(AppError::NotFound))
        .await
}
