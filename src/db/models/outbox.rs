use diesel::prelude::*;

use crate::db::schema::outbox;
use crate::db::{DbConn, OutboxId, OutboxStatus, Timestamp, TopicId, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxMessage {
    pub id: OutboxId,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: Timestamp,
    pub lease_owner: Option<String>,
    pub lease_until: Option<Timestamp>,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    /// The member a notification mail is for: re-checked (suspended, unconfirmed) when sent.
    pub user_id: Option<UserId>,
    /// The topic the mail is about: the recipient must still see it when it is sent.
    pub topic_id: Option<TopicId>,
    /// Mails with the same key form one thread in mail clients.
    pub thread_key: Option<String>,
    pub unsubscribe_url: Option<String>,
    /// Issue 24: the reply address mail clients answer to.
    pub reply_to: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = outbox)]
pub struct NewOutboxMessage<'a> {
    pub id: &'a OutboxId,
    pub kind: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
    pub status: OutboxStatus,
    pub next_attempt_at: Timestamp,
    pub created_at: Timestamp,
    pub user_id: Option<&'a UserId>,
    pub topic_id: Option<&'a TopicId>,
    pub thread_key: Option<&'a str>,
    pub unsubscribe_url: Option<&'a str>,
    pub reply_to: Option<&'a str>,
}

pub fn insert(conn: &mut DbConn, m: &NewOutboxMessage<'_>) -> QueryResult<()> {
    diesel::insert_into(outbox::table)
        .values(m)
        .execute(conn)
        .map(|_| ())
}

/// Ids of messages due for an attempt and not leased by a live worker.
pub fn due_ids(conn: &mut DbConn, now: Timestamp, limit: i64) -> QueryResult<Vec<OutboxId>> {
    outbox::table
        .filter(outbox::status.eq(OutboxStatus::Queued))
        .filter(outbox::next_attempt_at.le(now))
        .filter(
            outbox::lease_until
                .is_null()
                .or(outbox::lease_until.lt(now)),
        )
        .order(outbox::next_attempt_at.asc())
        .limit(limit)
        .select(outbox::id)
        .load(conn)
}

/// Takes a lease on one message. The conditional UPDATE is atomic on both backends, so
/// of several workers (threads or processes) racing for a row exactly one wins it.
pub fn claim(
    conn: &mut DbConn,
    id: &OutboxId,
    owner: &str,
    now: Timestamp,
    lease_until: Timestamp,
) -> QueryResult<Option<OutboxMessage>> {
    let won = diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::status.eq(OutboxStatus::Queued))
            .filter(outbox::next_attempt_at.le(now))
            .filter(
                outbox::lease_until
                    .is_null()
                    .or(outbox::lease_until.lt(now)),
            ),
    )
    .set((
        outbox::lease_owner.eq(Some(owner)),
        outbox::lease_until.eq(Some(lease_until)),
    ))
    .execute(conn)?;
    if won == 0 {
        return Ok(None);
    }
    outbox::table
        .find(id)
        .select(OutboxMessage::as_select())
        .first(conn)
        .optional()
}

/// Issue 22: takes a lease on the oldest due message not leased by a live worker, if
/// any. On PostgreSQL the candidate row is locked `FOR UPDATE SKIP LOCKED`: nodes
/// claiming at the same moment each get a different message at once instead of queueing
/// behind one row. SQLite has one writer, and the conditional UPDATE of [`claim`] stays
/// the guard on both, so a message is leased by one worker only.
pub fn claim_next(
    conn: &mut DbConn,
    owner: &str,
    now: Timestamp,
    lease_until: Timestamp,
) -> QueryResult<Option<OutboxMessage>> {
    let query = outbox::table
        .filter(outbox::status.eq(OutboxStatus::Queued))
        .filter(outbox::next_attempt_at.le(now))
        .filter(
            outbox::lease_until
                .is_null()
                .or(outbox::lease_until.lt(now)),
        )
        .order(outbox::next_attempt_at.asc())
        .limit(1)
        .select(outbox::id);
    let id: Option<OutboxId> = match conn {
        DbConn::Pg(c) => query.for_update().skip_locked().first(c).optional()?,
        DbConn::Sqlite(c) => query.first(c).optional()?,
    };
    match id {
        Some(id) => claim(conn, &id, owner, now, lease_until),
        None => Ok(None),
    }
}

pub fn mark_sent(
    conn: &mut DbConn,
    id: &OutboxId,
    owner: &str,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(outbox::table.find(id).filter(outbox::lease_owner.eq(owner)))
        .set((
            outbox::status.eq(OutboxStatus::Sent),
            outbox::sent_at.eq(Some(now)),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::lease_owner.eq(None::<String>),
            outbox::lease_until.eq(None::<Timestamp>),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)
}

/// Records a failed attempt: back to the queue at `retry_at`, or failed for good.
pub fn mark_attempt_failed(
    conn: &mut DbConn,
    id: &OutboxId,
    owner: &str,
    error: &str,
    retry_at: Option<Timestamp>,
) -> QueryResult<usize> {
    let status = if retry_at.is_some() {
        OutboxStatus::Queued
    } else {
        OutboxStatus::Failed
    };
    let mine = outbox::table.find(id).filter(outbox::lease_owner.eq(owner));
    let common = (
        outbox::status.eq(status),
        outbox::attempts.eq(outbox::attempts + 1),
        outbox::lease_owner.eq(None::<String>),
        outbox::lease_until.eq(None::<Timestamp>),
        outbox::last_error.eq(Some(error)),
    );
    match retry_at {
        Some(at) => diesel::update(mine)
            .set((common, outbox::next_attempt_at.eq(at)))
            .execute(conn),
        None => diesel::update(mine).set(common).execute(conn),
    }
}

/// Records that a claimed message will not be sent (its reason in `last_error`).
pub fn mark_dropped(
    conn: &mut DbConn,
    id: &OutboxId,
    owner: &str,
    reason: &str,
) -> QueryResult<usize> {
    diesel::update(outbox::table.find(id).filter(outbox::lease_owner.eq(owner)))
        .set((
            outbox::status.eq(OutboxStatus::Dropped),
            outbox::lease_owner.eq(None::<String>),
            outbox::lease_until.eq(None::<Timestamp>),
            outbox::last_error.eq(Some(reason)),
        ))
        .execute(conn)
}

pub fn retry(conn: &mut DbConn, id: &OutboxId, now: Timestamp) -> QueryResult<usize> {
    diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::status.eq(OutboxStatus::Failed)),
    )
    .set((
        outbox::status.eq(OutboxStatus::Queued),
        outbox::attempts.eq(0),
        outbox::next_attempt_at.eq(now),
    ))
    .execute(conn)
}

pub fn list(
    conn: &mut DbConn,
    status: Option<OutboxStatus>,
    limit: i64,
) -> QueryResult<Vec<OutboxMessage>> {
    let mut q = outbox::table
        .select(OutboxMessage::as_select())
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(outbox::status.eq(s));
    }
    q.order(outbox::created_at.desc()).limit(limit).load(conn)
}

pub fn count_by_status(conn: &mut DbConn, status: OutboxStatus) -> QueryResult<i64> {
    outbox::table
        .filter(outbox::status.eq(status))
        .count()
        .get_result(conn)
}
