//! Votes and the reputation they earn. Both change only inside the write transaction of
//! the vote (or acceptance), together with the counters they move.

use diesel::prelude::*;

use crate::db::schema::{reputation_events, users, votes};
use crate::db::{CommunityId, DbConn, PostId, ReputationEventId, Timestamp, TopicId, UserId};

pub const UPVOTE_POINTS: i32 = 10;
pub const DOWNVOTE_POINTS: i32 = -2;
pub const ACCEPTED_POINTS: i32 = 15;

pub fn current(conn: &mut DbConn, post: &PostId, user: &UserId) -> QueryResult<i32> {
    Ok(votes::table
        .find((post, user))
        .select(votes::value)
        .first::<i32>(conn)
        .optional()?
        .unwrap_or(0))
}

/// Replaces the member's vote (value -1, 0 or 1). Inside a write transaction; the primary
/// key (post, user) makes a second concurrent insert fail instead of counting twice.
pub fn set(
    conn: &mut DbConn,
    post: &PostId,
    topic: &TopicId,
    user: &UserId,
    value: i32,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::delete(votes::table.find((post, user))).execute(conn)?;
    if value != 0 {
        diesel::insert_into(votes::table)
            .values((
                votes::post_id.eq(post),
                votes::topic_id.eq(topic),
                votes::user_id.eq(user),
                votes::value.eq(value),
                votes::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The viewer's votes in a topic: one range of `votes_user_topic_idx` (this runs on every
/// signed-in topic view).
pub fn in_topic(
    conn: &mut DbConn,
    user: &UserId,
    topic: &TopicId,
) -> QueryResult<Vec<(PostId, i32)>> {
    crate::db::native!(conn, c => votes::table
        .filter(votes::user_id.eq(user))
        .filter(votes::topic_id.eq(topic))
        .select((votes::post_id, votes::value))
        .load(c))
}

/// Members who up-voted a post (an idea's supporters).
pub fn up_voters(conn: &mut DbConn, post: &PostId) -> QueryResult<Vec<UserId>> {
    votes::table
        .filter(votes::post_id.eq(post))
        .filter(votes::value.gt(0))
        .select(votes::user_id)
        .load(conn)
}

pub fn vote_points(value: i32) -> i32 {
    match value {
        v if v > 0 => UPVOTE_POINTS,
        v if v < 0 => DOWNVOTE_POINTS,
        _ => 0,
    }
}

/// Sets the reputation a `kind` of event from `source` earns `user` on `post` (0 removes
/// it), keeping `users.reputation` equal to the sum of the events.
#[allow(clippy::too_many_arguments)]
pub fn set_reputation(
    conn: &mut DbConn,
    user: &UserId,
    community: &CommunityId,
    post: &PostId,
    source: &UserId,
    kind: &str,
    points: i32,
    now: Timestamp,
) -> QueryResult<()> {
    let existing = reputation_events::table
        .filter(reputation_events::post_id.eq(post))
        .filter(reputation_events::kind.eq(kind))
        .filter(reputation_events::source_user_id.eq(source))
        .select(reputation_events::points)
        .load::<i32>(conn)?;
    let old: i32 = existing.iter().sum();
    diesel::delete(
        reputation_events::table
            .filter(reputation_events::post_id.eq(post))
            .filter(reputation_events::kind.eq(kind))
            .filter(reputation_events::source_user_id.eq(source)),
    )
    .execute(conn)?;
    if points != 0 {
        diesel::insert_into(reputation_events::table)
            .values((
                reputation_events::id.eq(ReputationEventId::new()),
                reputation_events::user_id.eq(user),
                reputation_events::community_id.eq(community),
                reputation_events::post_id.eq(post),
                reputation_events::source_user_id.eq(Some(source)),
                reputation_events::kind.eq(kind),
                reputation_events::points.eq(points),
                reputation_events::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    if points != old {
        diesel::update(users::table.find(user))
            .set(users::reputation.eq(users::reputation + (points - old)))
            .execute(conn)?;
    }
    Ok(())
}

/// Top members of a community by reputation earned since `since` (all time when `None`).
pub fn leaderboard(
    conn: &mut DbConn,
    community: &CommunityId,
    since: Option<Timestamp>,
    limit: i64,
) -> QueryResult<Vec<(UserId, i64)>> {
    let mut q = reputation_events::table
        .filter(reputation_events::community_id.eq(community))
        .group_by(reputation_events::user_id)
        .select((
            reputation_events::user_id,
            diesel::dsl::sum(reputation_events::points),
        ))
        .into_boxed();
    if let Some(s) = since {
        q = q.filter(reputation_events::created_at.ge(s));
    }
    let rows: Vec<(UserId, Option<i64>)> = q.load(conn)?;
    let mut rows: Vec<(UserId, i64)> = rows
        .into_iter()
        .map(|(u, s)| (u, s.unwrap_or(0)))
        .filter(|(_, s)| *s > 0)
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(rows)
}
