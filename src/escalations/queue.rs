//! A team's queue (`/teams/{slug}`): its members and admins see the team's escalations,
//! open first, oldest first, filtered by status and sub-community, a page at a time
//! (keyset: `?after=` names the last row of the page before).

use std::collections::HashMap;

use crate::auth::Guardian;
use crate::db::models::authors::{self, AuthorView};
use crate::db::models::communities::{self, Community};
use crate::db::models::escalations::{self as edb, Escalation, QueueCursor, QueueFilter};
use crate::db::models::teams::{self, Team};
use crate::db::models::topics::{self, Topic};
use crate::db::{EscalationStatus, TopicId, UserId};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub const PAGE_SIZE: i64 = 50;

/// One row of the queue.
pub struct Row {
    pub escalation: Escalation,
    pub topic: Topic,
    pub community: Community,
    pub owner: Option<AuthorView>,
}

pub struct QueuePage {
    pub team: Team,
    /// The sub-communities the team covers that the viewer may see (the filter's choices).
    pub communities: Vec<Community>,
    pub rows: Vec<Row>,
    /// This page is not the queue's first.
    pub later: bool,
    /// Where the next page starts, when there is one.
    pub next: Option<QueueCursor>,
    pub status: Option<EscalationStatus>,
    pub community: Option<String>,
}

pub async fn team_queue(
    state: &AppState,
    guardian: &Guardian<'_>,
    slug: &str,
    status: Option<EscalationStatus>,
    community: Option<String>,
    after: Option<QueueCursor>,
) -> AppResult<QueuePage> {
    let me = guardian
        .user_id()
        .cloned()
        .ok_or(AppError::SignInRequired)?;
    let slug = slug.to_string();
    let (team, member, all) = state
        .db(move |conn| {
            let team = teams::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
            let member = teams::is_member(conn, &team.id, &me)?;
            let covered = teams::communities_of(conn, &team.id)?;
            let all: Vec<Community> = communities::all(conn)?
                .into_iter()
                .filter(|c| covered.contains(&c.id))
                .collect();
            Ok((team, member, all))
        })
        .await?;
    // A team's queue is invisible to those outside it.
    if !guardian.can_see_team_queue(member) {
        return Err(AppError::NotFound);
    }
    let visible = guardian.visible_communities(all);
    let filter = QueueFilter {
        status,
        community: community
            .as_deref()
            .and_then(|s| visible.iter().find(|c| c.slug == s))
            .map(|c| c.id.clone()),
        visible: visible.iter().map(|c| c.id.clone()).collect(),
    };
    let tid = team.id.clone();
    let by_id: HashMap<_, _> = visible.iter().map(|c| (c.id.clone(), c.clone())).collect();
    let later = after.is_some();
    let (mut found, topics, owners) = state
        .db(move |conn| {
            let found = edb::queue(conn, &tid, &filter, PAGE_SIZE + 1, after.as_ref())?;
            let ids: Vec<TopicId> = found.iter().map(|e| e.topic_id.clone()).collect();
            let owner_ids: Vec<UserId> = found.iter().filter_map(|e| e.owner_id.clone()).collect();
            Ok((
                found,
                topics::find_many(conn, &ids)?,
                authors::find_many(conn, &owner_ids)?,
            ))
        })
        .await?;
    let more = found.len() as i64 > PAGE_SIZE;
    found.truncate(PAGE_SIZE as usize);
    // The next page starts after the last row read, shown or not (a row the viewer may
    // not see is skipped below, and paging goes on past it).
    let next = found.last().filter(|_| more).map(QueueCursor::of);
    let topics: HashMap<_, _> = topics.into_iter().map(|t| (t.id.clone(), t)).collect();
    let owners: HashMap<_, _> = owners.into_iter().map(|a| (a.id.clone(), a)).collect();
    let rows = found
        .into_iter()
        .filter_map(|e| {
            let topic = topics.get(&e.topic_id)?.clone();
            // The topic's sub-community now (it may have moved since).
            let community = by_id.get(&topic.community_id)?.clone();
            if !guardian.can_see_topic(&community, &topic) {
                return None;
            }
            let owner = e.owner_id.as_ref().and_then(|u| owners.get(u).cloned());
            Some(Row {
                escalation: e,
                topic,
                community,
                owner,
            })
        })
        .collect();
    Ok(QueuePage {
        team,
        communities: visible,
        rows,
        later,
        next,
        status,
        community,
    })
}
