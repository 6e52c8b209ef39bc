//! Issue 24: reply addresses, what became of received replies, and refusals answered.

use diesel::prelude::*;

use crate::db::schema::{reply_mail_answers, reply_mail_results, reply_tokens};
use crate::db::{DbConn, Timestamp, TopicId, UserId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reply_tokens)]
pub struct ReplyToken {
    pub id: String,
    pub user_id: UserId,
    pub topic_id: TopicId,
    pub expires_at: Timestamp,
    pub created_at: Timestamp,
}

pub fn insert_token(conn: &mut DbConn, t: &ReplyToken) -> QueryResult<()> {
    diesel::insert_into(reply_tokens::table)
        .values(t)
        .execute(conn)
        .map(|_| ())
}

pub fn find_token(conn: &mut DbConn, id: &str) -> QueryResult<Option<ReplyToken>> {
    reply_tokens::table
        .find(id)
        .select(ReplyToken::as_select())
        .first(conn)
        .optional()
}

/// Removes addresses expired for a while (a late reply still gets "expired" for a week).
pub fn prune_tokens(conn: &mut DbConn, before: Timestamp) -> QueryResult<usize> {
    diesel::delete(reply_tokens::table.filter(reply_tokens::expires_at.lt(before))).execute(conn)
}

/// What became of one received message.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reply_mail_results)]
pub struct ReplyResult {
    pub message_key: String,
    pub inbound_id: String,
    /// `posted`, `refused` or `dropped`.
    pub outcome: String,
    pub reason: String,
    pub post_id: Option<String>,
    pub held: bool,
    pub created_at: Timestamp,
}

pub fn find_result(conn: &mut DbConn, key: &str) -> QueryResult<Option<ReplyResult>> {
    reply_mail_results::table
        .find(key)
        .select(ReplyResult::as_select())
        .first(conn)
        .optional()
}

pub fn insert_result(conn: &mut DbConn, r: &ReplyResult) -> QueryResult<()> {
    diesel::insert_into(reply_mail_results::table)
        .values(r)
        .execute(conn)
        .map(|_| ())
}

/// Whether `sender` was already answered for `reason` since `since`.
pub fn answered_since(
    conn: &mut DbConn,
    sender: &str,
    reason: &str,
    since: Timestamp,
) -> QueryResult<bool> {
    let n: i64 = reply_mail_answers::table
        .filter(reply_mail_answers::sender.eq(sender))
        .filter(reply_mail_answers::reason.eq(reason))
        .filter(reply_mail_answers::answered_at.gt(since))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn note_answer(
    conn: &mut DbConn,
    sender: &str,
    reason: &str,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(reply_mail_answers::table)
        .values((
            reply_mail_answers::id.eq(uuid::Uuid::now_v7().to_string()),
            reply_mail_answers::sender.eq(sender),
            reply_mail_answers::reason.eq(reason),
            reply_mail_answers::answered_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}
