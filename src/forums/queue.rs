//! The employees' unanswered queue: open questions in the sub-communities they cover,
//! and claiming one so others see who is on it.

use std::collections::HashMap;

use crate::auth::Guardian;
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::{self, Community};
use crate::db::models::topics::{self, Topic};
use crate::db::models::users::User;
use crate::db::schema::topics as topics_table;
use crate::db::{CommunityId, Timestamp, UserId};
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
            use diesel::prelude::*;
            if on {
                diesel::update(topics_table::table.find(&tid))
                    .set((
                        topics_table::claimed_by.eq(Some(&me)),
                        topics_table::claimed_at.eq(Some(now)),
                    ))
                    .execute(conn)?;
            } else {
                // Only the claimant releases; another employee sees who is on it.
                diesel::update(
                    topics_table::table
                        .find(&tid)
                        .filter(topics_table::claimed_by.eq(&me)),
                )
                .set((
                    topics_table::claimed_by.eq(None::<UserId>),
                    topics_table::claimed_at.eq(None::<Timestamp>),
                ))
                .execute(conn)?;
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

pub async fn queue(state: &AppState, guardian: &Guardian<'_>) -> AppResult<Vec<QueueItem>> {
    guardian.ensure(guardian.can_work_queue())?;
    let all = state.db(|conn| Ok(communities::all(conn)?)).await?;
    let covered: Vec<Community> = all.into_iter().filter(|c| guardian.covers(c)).collect();
    let ids: Vec<CommunityId> = covered.iter().map(|c| c.id.clone()).collect();
    let rows = state
        .db(move |conn| {
            let rows = topics::open_questions(conn, &ids, 200)?;
            let claimers: Vec<UserId> = rows
                .iter()
                .filter_map(|(t, _)| t.claimed_by.clone())
                .collect();
            let claimers = crate::db::models::authors::find_many(conn, &claimers)?;
            Ok((rows, claimers))
        })
        .await?;
    let (rows, claimers) = rows;
    let by_id: HashMap<&UserId, &AuthorView> = claimers.iter().map(|u| (&u.id, u)).collect();
    let communities: HashMap<&CommunityId, &Community> =
        covered.iter().map(|c| (&c.id, c)).collect();
    Ok(rows
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
        .collect())
}
