//! The employees' unanswered queue: open questions in the sub-communities they cover,
//! and claiming one so others see who is on it.

use std::collections::HashMap;

use crate::auth::Guardian;
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::{self, Community};
use crate::db::models::topics::{self, Cursor, Topic};
use crate::db::models::users::User;
use crate::db::{CommunityId, UserId};
use crate::error::AppResult;
use crate::state::AppState;

pub async fn claim(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    on: bool,
) -> AppResult<()> {
    guardian.ensure(guardian.can_claim(community, topic))?;
    let (tid, me, now) = (topic.id.clone(), actor.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            if on {
                topics::set_claim(conn, &tid, Some(&me), None, now)?;
            } else {
                // Only the claimant releases; another employee sees who is on it.
                topics::set_claim(conn, &tid, None, Some(&me), now)?;
            }
            Ok(())
        })
        .await
}

pub struct QueueItem {
    pub topic: Topic,
    pub author: AuthorView,
    pub community: Community,
    pub claimed_by: Option<AuthorView>,
}

/// Whose questions the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Claimed by the reader.
    Mine,
    /// Claimed by nobody yet.
    Nobody,
}

impl Who {
    pub fn parse(s: &str) -> Option<Who> {
        match s {
            "mine" => Some(Who::Mine),
            "nobody" => Some(Who::Nobody),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Who::Mine => "mine",
            Who::Nobody => "nobody",
        }
    }
}

/// The queue's filters (`/queue?c=&who=&state=&after=`); anything unknown is no filter.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// A covered sub-community's slug.
    pub community: Option<String>,
    pub who: Option<Who>,
    /// `Some(true)`: no reply yet; `Some(false)`: replied, not solved.
    pub unanswered: Option<bool>,
    pub after: Option<Cursor>,
}

/// One page of the queue, with what its filters offer.
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    /// The next page's cursor.
    pub next: Option<String>,
    /// The sub-communities the reader covers (the filter's choices).
    pub covered: Vec<Community>,
    /// The covered sub-community the queue is narrowed to.
    pub scope: Option<Community>,
}

/// Questions per page.
pub const PAGE: i64 = 50;

/// Open questions in the sub-communities the employee covers, oldest first, filtered,
/// one keyset page at a time.
pub async fn queue(
    state: &AppState,
    guardian: &Guardian<'_>,
    me: &User,
    filter: &QueueFilter,
) -> AppResult<QueuePage> {
    guardian.ensure(guardian.can_work_queue())?;
    let all = state.db(|conn| Ok(communities::all(conn)?)).await?;
    let covered: Vec<Community> = all.into_iter().filter(|c| guardian.covers(c)).collect();
    // An unknown or uncovered slug is no filter (as on the search page).
    let scope = filter
        .community
        .as_deref()
        .and_then(|s| covered.iter().find(|c| c.slug == s).cloned());
    let ids: Vec<CommunityId> = match &scope {
        Some(c) => vec![c.id.clone()],
        None => covered.iter().map(|c| c.id.clone()).collect(),
    };
    let (me, f) = (me.id.clone(), filter.clone());
    let (mut rows, claimers) = state
        .db(move |conn| {
            let q = topics::OpenQuestions {
                communities: &ids,
                claimed: f.who.map(|w| match w {
                    Who::Mine => Some(&me),
                    Who::Nobody => None,
                }),
                unanswered: f.unanswered,
                after: f.after.as_ref(),
                limit: PAGE + 1,
            };
            let rows = topics::open_questions(conn, &q)?;
            let claimers: Vec<UserId> = rows
                .iter()
                .filter_map(|(t, _)| t.claimed_by.clone())
                .collect();
            let claimers = crate::db::models::authors::find_many(conn, &claimers)?;
            Ok((rows, claimers))
        })
        .await?;
    let next = if rows.len() > PAGE as usize {
        rows.truncate(PAGE as usize);
        rows.last().map(|(t, _)| {
            Cursor {
                key: t.created_at.micros(),
                id: t.id.clone(),
            }
            .encode()
        })
    } else {
        None
    };
    let by_id: HashMap<&UserId, &AuthorView> = claimers.iter().map(|u| (&u.id, u)).collect();
    let communities: HashMap<&CommunityId, &Community> =
        covered.iter().map(|c| (&c.id, c)).collect();
    let items = rows
        .into_iter()
        .filter_map(|(topic, author)| {
            let community = (*communities.get(&topic.community_id)?).clone();
            let claimed_by = topic
                .claimed_by
                .as_ref()
                .and_then(|u| by_id.get(u))
                .map(|u| (*u).clone());
            Some(QueueItem {
                topic,
                author,
                community,
                claimed_by,
            })
        })
        .collect();
    Ok(QueuePage {
        items,
        next,
        covered,
        scope,
    })
}

/// How many employees the assignment form offers at most.
const COLLEAGUES: i64 = 500;

/// The employees an open question in `community` can be assigned to: those who cover it
/// now, by name.
pub async fn colleagues(
    state: &AppState,
    guardian: &Guardian<'_>,
    topic: &Topic,
    community: &Community,
) -> AppResult<Vec<User>> {
    guardian.ensure(guardian.can_assign(community, topic))?;
    let (c, now) = (community.clone(), state.clock.now());
    state
        .db(move |conn| {
            let employees = crate::db::models::users::employees(conn, COLLEAGUES)?;
            let ids: Vec<UserId> = employees.iter().map(|u| u.id.clone()).collect();
            // Their roles in this sub-community (one query): all that decides whether
            // they may see it.
            let roles = communities::memberships_in(conn, &c.id, &ids)?;
            Ok(employees
                .into_iter()
                .filter(|u| {
                    let mine = roles
                        .iter()
                        .filter(|m| m.user_id == u.id)
                        .cloned()
                        .collect();
                    Guardian::colleague_covers(u, mine, &c, now)
                })
                .collect())
        })
        .await
}

/// Assigns an open question to a colleague who covers its sub-community (or to oneself):
/// the question is theirs in the queue, as if they had claimed it, and they are told.
pub async fn assign(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    username: &str,
) -> AppResult<()> {
    guardian.ensure(guardian.can_assign(community, topic))?;
    let refused =
        || crate::error::AppError::field_t("username", "validation-assignee-not-covering", &[]);
    let key = crate::domain::Username::lookup_key(username.trim());
    let (c, now) = (community.clone(), state.clock.now());
    let assignee = state
        .db(move |conn| {
            let Some(user) = crate::db::models::users::find_by_username_key(conn, &key)? else {
                return Ok(None);
            };
            // Their roles in this sub-community: all that decides whether they cover it.
            let roles = communities::memberships_in(conn, &c.id, std::slice::from_ref(&user.id))?;
            Ok(Guardian::colleague_covers(&user, roles, &c, now).then_some(user))
        })
        .await?
        .ok_or_else(refused)?;
    let cfg = state.settings.notifications.clone();
    let (topic, community, actor_id) = (topic.clone(), community.clone(), actor.id.clone());
    state
        .write(move |conn| {
            topics::set_claim(conn, &topic.id, Some(&assignee.id), None, now)?;
            crate::db::models::audit::record(
                conn,
                Some(&actor_id),
                "topic.assign",
                "topic",
                topic.id.as_str(),
                &assignee.username,
                now,
            )?;
            if assignee.id != actor_id {
                crate::notifications::direct::to_member(
                    conn,
                    &cfg,
                    &assignee.id,
                    crate::db::NotificationKind::Assigned,
                    &community,
                    &topic,
                    None,
                    &actor_id,
                    Some(&crate::notifications::Notice::Assigned),
                    now,
                )?;
            }
            Ok(())
        })
        .await
}
