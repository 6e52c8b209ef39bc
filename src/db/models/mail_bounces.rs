//! Issue 24: delivery reports (DSNs) about Parley's own mail, one row per failed
//! recipient, and the members whose address is marked bouncing.

use diesel::prelude::*;

use crate::db::schema::{mail_bounces, users};
use crate::db::{DbConn, InboundMailId, MailBounceId, Timestamp, UserId};

#[derive(Debug, Insertable)]
#[diesel(table_name = mail_bounces)]
pub struct NewBounce<'a> {
    pub id: &'a MailBounceId,
    pub email_key: &'a str,
    pub user_id: Option<&'a UserId>,
    pub inbound_id: Option<&'a InboundMailId>,
    pub hard: bool,
    pub status_code: &'a str,
    pub diagnostic: &'a str,
    pub created_at: Timestamp,
}

pub fn insert(conn: &mut DbConn, b: &NewBounce<'_>) -> QueryResult<()> {
    diesel::insert_into(mail_bounces::table)
        .values(b)
        .execute(conn)
        .map(|_| ())
}

/// Hard bounces of an address since `since` (the member's last address change, so a
/// confirmed new address starts from zero).
pub fn count_hard_since(conn: &mut DbConn, email_key: &str, since: Timestamp) -> QueryResult<i64> {
    mail_bounces::table
        .filter(mail_bounces::email_key.eq(email_key))
        .filter(mail_bounces::hard.eq(true))
        .filter(mail_bounces::created_at.ge(since))
        .count()
        .get_result(conn)
}

/// Marks the member's address bouncing (once: the first time stays).
pub fn mark_bouncing(conn: &mut DbConn, user_id: &UserId, now: Timestamp) -> QueryResult<usize> {
    diesel::update(
        users::table
            .find(user_id)
            .filter(users::email_bouncing_at.is_null()),
    )
    .set(users::email_bouncing_at.eq(Some(now)))
    .execute(conn)
}

/// A member whose address is marked bouncing, for the admin pages.
#[derive(Debug, Clone, Queryable)]
pub struct BouncingMember {
    pub id: UserId,
    pub username: String,
    pub email: String,
    pub since: Option<Timestamp>,
}

/// Members whose address bounces, most recent first (bounded).
pub fn bouncing_members(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<BouncingMember>> {
    users::table
        .filter(users::email_bouncing_at.is_not_null())
        .order((users::email_bouncing_at.desc(), users::id.desc()))
        .limit(limit)
        .select((
            users::id,
            users::username,
            users::email,
            users::email_bouncing_at,
        ))
        .load(conn)
}

/// The address an outgoing message was sent to (a VERP bounce names the message).
pub fn outbox_recipient(
    conn: &mut DbConn,
    id: &crate::db::OutboxId,
) -> QueryResult<Option<String>> {
    use crate::db::schema::outbox;
    outbox::table
        .find(id)
        .select(outbox::recipient)
        .first(conn)
        .optional()
}
