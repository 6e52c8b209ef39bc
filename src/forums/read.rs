//! Read models for the topic page and topic lists: a fixed number of queries whatever
//! the number of posts (page, comments of that page, the viewer's votes).

use std::collections::HashMap;

use crate::auth::Guardian;
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
use crate::forums::service::PAGE_SIZE;
use crate::state::AppState;

pub struct PostView {
    pub post: Post,
    pub author: User,
    pub comments: Vec<(Post, User)>,
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

fn encode_reply_cursor(p: &Post) -> String {
    format!("{}_{}", p.score, p.post_number)
}

pub fn decode_reply_cursor(s: &str) -> Option<(i32, i32)> {
    let (a, b) = s.split_once('_')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

pub async fn topic_page(
    state: &AppState,
    guardian: &Guardian<'_>,
    topic: Topic,
    community: Community,
    after: Option<&str>,
) -> AppResult<TopicPage> {
    let after = after.and_then(decode_reply_cursor);
    let viewer = guardian.user_id().cloned();
    let can_moderate = guardian.can_moderate(&community);
    let order = if topic.kind == TopicKind::Question {
        ReplyOrder::Votes
    } else {
        ReplyOrder::Chronological
    };
    let tid = topic.id.clone();
    let accepted_id = topic
        .accepted_post_id
        .clone()
        .filter(|_| topic.kind == TopicKind::Question);
    let (category_id, duplicate_id, claimed_id, cid) = (
        topic.category_id.clone(),
        topic.duplicate_of.clone(),
        topic.claimed_by.clone(),
        community.id.clone(),
    );
    let first_page = after.is_none();
    let has_unread = guardian.unread_notifications() > 0;
    let (reply_count, topic_key, cat_key) = (
        topic.reply_count,
        topic.id.to_string(),
        topic.category_id.as_ref().map(|c| c.to_string()),
    );
    let now = state.clock.now();
    let loaded = state
        .db(move |conn| {
            let opening = posts::opening(conn, &tid)?.ok_or(AppError::NotFound)?;
            let accepted = match (&accepted_id, first_page) {
                (Some(id), true) => posts::with_author(conn, id)?,
                _ => None,
            };
            let mut replies = posts::replies_page(
                conn,
                &tid,
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
            let mut comment_ids: Vec<PostId> = comments.iter().map(|(p, _)| p.id.clone()).collect();
            comment_ids.extend(ids);
            let my_votes = match &viewer {
                Some(v) => votes::of_user(conn, v, &comment_ids)?,
                None => vec![],
            };
            let cats = categories::for_community(conn, &cid)?;
            let duplicate = match &duplicate_id {
                Some(d) => topics::find(conn, d)?,
                None => None,
            };
            let claimed = match &claimed_id {
                Some(u) => crate::db::models::users::find(conn, u)?,
                None => None,
            };
            let mut marked = 0;
            // Signed in: the viewer's watching level, and opening the topic reads it
            // (its notifications, and the "n new" count of a tracked topic).
            let watch = match &viewer {
                Some(v) => {
                    let rows = crate::db::models::watches::of_user_covering(
                        conn,
                        v,
                        &topic_key,
                        cat_key.as_deref(),
                        cid.as_str(),
                    )?;
                    let w = crate::notifications::service::resolve(&rows);
                    if w.inherited_from.is_none()
                        && rows
                            .iter()
                            .any(|r| r.target_kind == crate::db::WatchTarget::Topic)
                        && w.last_read != reply_count
                    {
                        crate::db::models::watches::mark_topic_seen(
                            conn,
                            v,
                            &topic_key,
                            reply_count,
                        )?;
                    }
                    if has_unread {
                        marked = crate::db::write_tx(conn, |conn| {
                            crate::db::models::notifications::mark_topic_read(conn, v, &tid, now)
                        })?;
                    }
                    Some(w)
                }
                None => None,
            };
            Ok((
                opening, accepted, replies, more, comments, my_votes, cats, duplicate, claimed,
                watch, marked,
            ))
        })
        .await?;
    let (
        opening,
        accepted,
        replies,
        more,
        comments,
        my_votes,
        cats,
        duplicate,
        claimed,
        watch,
        marked_read,
    ) = loaded;
    let votes: HashMap<PostId, i32> = my_votes.into_iter().collect();
    let viewer_id = guardian.user_id().cloned();
    // Deleted, held and hidden posts: only their author and the moderators see them.
    let visible = |p: &Post| {
        (p.deleted_at.is_none() && p.is_published())
            || can_moderate
            || viewer_id.as_ref() == Some(&p.author_id)
    };
    let comments: Vec<(Post, User)> = comments.into_iter().filter(|(p, _)| visible(p)).collect();
    let mut by_parent: HashMap<PostId, Vec<(Post, User)>> = HashMap::new();
    for (p, u) in comments {
        if let Some(parent) = p.parent_id.clone() {
            by_parent.entry(parent).or_default().push((p, u));
        }
    }
    let mut build = |(post, author): (Post, User)| PostView {
        comments: by_parent.remove(&post.id).unwrap_or_default(),
        my_vote: votes.get(&post.id).copied().unwrap_or(0),
        post,
        author,
    };
    let next = if more {
        replies.last().map(|(p, _)| encode_reply_cursor(p))
    } else {
        None
    };
    let category = category_id
        .as_ref()
        .and_then(|id| cats.iter().find(|c| &c.id == id).cloned());
    let opening = build(opening);
    let accepted = accepted.filter(|(p, _)| visible(p)).map(&mut build);
    let replies: Vec<PostView> = replies
        .into_iter()
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
    let duplicate_of = match duplicate {
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
        categories: cats,
        opening,
        accepted,
        replies,
        next,
        first_page,
        duplicate_of,
        claimed_by: claimed,
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
