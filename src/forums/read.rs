//! Read models for topic lists (a sub-community, a category, everything the viewer may
//! see), a member's activity, the leaderboard, the official feed and categories. The topic
//! page's own read model is `topic_page`.

use std::collections::HashMap;

use crate::auth::Guardian;
use crate::db::models::authors::AuthorView;
use crate::db::models::categories::{self, Category};
use crate::db::models::communities::{self, Community};
use crate::db::models::posts::{self, Post};
use crate::db::models::topics::{self, Cursor, ListQuery, Sort, StateFilter, Topic};
use crate::db::models::votes;
use crate::db::{CategoryId, CommunityId, Timestamp, TopicId, TopicKind, UserId, WatchLevel};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

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
    pub pinned: Vec<(Topic, AuthorView)>,
    pub topics: Vec<(Topic, AuthorView)>,
    pub next: Option<String>,
    /// Community of each listed topic (for the global list).
    pub communities: HashMap<CommunityId, Community>,
    /// Signed in: replies not yet seen on listed topics the viewer watches or tracks.
    pub new_replies: HashMap<TopicId, i32>,
}

pub const LIST_SIZE: i64 = 30;

/// Topics of `scope` (one sub-community) or of every sub-community the viewer may see,
/// as the HTML lists show them (a page of [`LIST_SIZE`], pinned topics first).
pub async fn list(
    state: &AppState,
    guardian: &Guardian<'_>,
    scope: Option<&Community>,
    p: ListParams,
) -> AppResult<TopicList> {
    list_sized(state, guardian, scope, p, LIST_SIZE, true).await
}

/// [`list`] with `size` topics per page; without `pins_first` pinned topics keep their
/// place in the order (the API lists one sequence a cursor walks).
pub async fn list_sized(
    state: &AppState,
    guardian: &Guardian<'_>,
    scope: Option<&Community>,
    p: ListParams,
    size: i64,
    pins_first: bool,
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
            let pinned_view = pins_first
                && matches!(
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
                limit: size + 1,
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
    let more = topics.len() as i64 > size;
    topics.truncate(usize::try_from(size).unwrap_or(0));
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

/// A member's latest topics and answers (up to [`ACTIVITY_SIZE`] each) and their totals.
pub struct Activity {
    pub topics: Vec<Topic>,
    pub answers: Vec<(Post, Topic)>,
    pub topic_count: i64,
    pub answer_count: i64,
    pub accepted_count: i64,
}

pub const ACTIVITY_SIZE: i64 = 20;

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
            let topics = topics::by_author(conn, &member, &ids, ACTIVITY_SIZE)?;
            let topic_count = topics::count_by_author(conn, &member, &ids)?;
            let answers = posts::answers_by(conn, &member, &ids, ACTIVITY_SIZE)?;
            let (answer_count, accepted_count) = posts::count_answers_by(conn, &member, &ids)?;
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
            Ok(Activity {
                topics,
                answers,
                topic_count,
                answer_count,
                accepted_count,
            })
        })
        .await
}

pub async fn leaderboard(
    state: &AppState,
    community: &Community,
    days: Option<i64>,
) -> AppResult<Vec<(AuthorView, i64)>> {
    let since: Option<Timestamp> = days.map(|d| state.clock.now().plus_secs(-d * 86_400));
    let cid = community.id.clone();
    state
        .db(move |conn| {
            let rows = votes::leaderboard(conn, &cid, since, 20)?;
            let ids: Vec<UserId> = rows.iter().map(|(u, _)| u.clone()).collect();
            let people = crate::db::models::authors::find_many(conn, &ids)?;
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
) -> AppResult<Vec<(Post, AuthorView, Topic)>> {
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
