//! The employees' queue on the `topics` table: which open questions it lists, and who
//! is on one (claims and assignments). Re-exported by `topics`.

use diesel::prelude::*;

use crate::db::models::authors::AuthorView;
use crate::db::models::topics::{Cursor, Topic};
use crate::db::schema::{topics, users};
use crate::db::{CommunityId, DbConn, Timestamp, TopicId, TopicKind, UserId};

/// Which open questions the employees' queue lists (`open_questions`).
#[derive(Debug, Clone, Copy)]
pub struct OpenQuestions<'a> {
    pub communities: &'a [CommunityId],
    /// `Some(Some(u))`: claimed by `u`; `Some(None)`: claimed by nobody.
    pub claimed: Option<Option<&'a UserId>>,
    /// `Some(true)`: no reply yet; `Some(false)`: replies, none accepted.
    pub unanswered: Option<bool>,
    /// The last row of the previous page (`key` is its `created_at`).
    pub after: Option<&'a Cursor>,
    pub limit: i64,
}

/// Open questions (not solved, not locked), oldest first, one keyset page.
pub fn open_questions(
    conn: &mut DbConn,
    q: &OpenQuestions<'_>,
) -> QueryResult<Vec<(Topic, AuthorView)>> {
    let mut query = topics::table
        .inner_join(users::table.on(users::id.eq(topics::author_id)))
        .filter(topics::community_id.eq_any(q.communities))
        .filter(topics::deleted_at.is_null())
        .filter(topics::held.eq(false))
        .filter(topics::kind.eq(TopicKind::Question))
        .filter(topics::accepted_post_id.is_null())
        .filter(topics::locked.eq(false))
        .select((Topic::as_select(), AuthorView::as_select()))
        .into_boxed();
    match q.claimed {
        Some(Some(u)) => query = query.filter(topics::claimed_by.eq(u)),
        Some(None) => query = query.filter(topics::claimed_by.is_null()),
        None => {}
    }
    match q.unanswered {
        Some(true) => query = query.filter(topics::reply_count.eq(0)),
        Some(false) => query = query.filter(topics::reply_count.gt(0)),
        None => {}
    }
    if let Some(c) = q.after {
        let at = Timestamp::from_micros(c.key);
        query = query.filter(
            topics::created_at
                .gt(at)
                .or(topics::created_at.eq(at).and(topics::id.gt(&c.id))),
        );
    }
    query
        .order((topics::created_at.asc(), topics::id.asc()))
        .limit(q.limit)
        .load(conn)
}

/// Who is on an open question: `Some` claims it (or assigns it) for that employee, `None`
/// releases it. A release names the claimant (`only_from`) so that nobody else's claim is
/// cleared by it; the number of rows changed tells whether it was theirs.
pub fn set_claim(
    conn: &mut DbConn,
    topic: &TopicId,
    to: Option<&UserId>,
    only_from: Option<&UserId>,
    at: Timestamp,
) -> QueryResult<usize> {
    let claimed_at = to.map(|_| at);
    match only_from {
        Some(from) => diesel::update(
            topics::table
                .find(topic)
                .filter(topics::claimed_by.eq(from)),
        )
        .set((topics::claimed_by.eq(to), topics::claimed_at.eq(claimed_at)))
        .execute(conn),
        None => diesel::update(topics::table.find(topic))
            .set((topics::claimed_by.eq(to), topics::claimed_at.eq(claimed_at)))
            .execute(conn),
    }
}
