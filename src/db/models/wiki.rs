//! Wiki requests (issue 19): a topic author asks a moderator to turn the opening post
//! into a wiki. At most one open request per topic.

use diesel::prelude::*;

use crate::db::models::authors::AuthorView;
use crate::db::models::topics::Topic;
use crate::db::schema::{topics, users, wiki_requests};
use crate::db::{CommunityId, DbConn, Timestamp, TopicId, UserId};

/// Records a request unless one is already open (asking twice changes nothing).
/// Whether a new request was recorded.
pub fn request(
    conn: &mut DbConn,
    topic: &TopicId,
    by: &UserId,
    now: Timestamp,
) -> QueryResult<bool> {
    if is_requested(conn, topic)? {
        return Ok(false);
    }
    diesel::insert_into(wiki_requests::table)
        .values((
            wiki_requests::topic_id.eq(topic),
            wiki_requests::requested_by.eq(Some(by)),
            wiki_requests::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| true)
}

pub fn is_requested(conn: &mut DbConn, topic: &TopicId) -> QueryResult<bool> {
    wiki_requests::table
        .find(topic)
        .select(wiki_requests::topic_id)
        .first::<String>(conn)
        .optional()
        .map(|r| r.is_some())
}

/// Closes a topic's open request (approved, declined, or made moot); whether there was one.
pub fn close(conn: &mut DbConn, topic: &TopicId) -> QueryResult<bool> {
    diesel::delete(wiki_requests::table.find(topic))
        .execute(conn)
        .map(|n| n > 0)
}

/// Turns a topic's opening post into a wiki or back.
pub fn set_wiki(conn: &mut DbConn, topic: &TopicId, wiki: bool) -> QueryResult<usize> {
    diesel::update(topics::table.find(topic))
        .set(topics::wiki.eq(wiki))
        .execute(conn)
}

/// An open request as the moderators' list shows it.
pub struct PendingRequest {
    pub topic: Topic,
    pub requested_by: Option<AuthorView>,
    pub created_at: Timestamp,
}

/// The open requests of a sub-community's undeleted topics, oldest first.
pub fn pending(conn: &mut DbConn, community: &CommunityId) -> QueryResult<Vec<PendingRequest>> {
    let rows: Vec<(Topic, Option<AuthorView>, Timestamp)> = wiki_requests::table
        .inner_join(topics::table)
        .left_join(users::table.on(wiki_requests::requested_by.eq(users::id.nullable())))
        .filter(topics::community_id.eq(community))
        .filter(topics::deleted_at.is_null())
        .order(wiki_requests::created_at.asc())
        .select((
            Topic::as_select(),
            Option::<AuthorView>::as_select(),
            wiki_requests::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(topic, requested_by, created_at)| PendingRequest {
            topic,
            requested_by,
            created_at,
        })
        .collect())
}
