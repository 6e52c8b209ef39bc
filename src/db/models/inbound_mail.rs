//! Issue 24: received mail, stored before it is acknowledged, then claimed by the inbound
//! worker with a lease (the same conditional-UPDATE pattern as the outbox).

use diesel::prelude::*;

use crate::db::schema::inbound_mail;
use crate::db::{DbConn, InboundMailId, InboundStatus, Timestamp};

/// A whole stored message (with its raw bytes): what the worker and the detail page read.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = inbound_mail)]
pub struct InboundMail {
    pub id: InboundMailId,
    pub received_at: Timestamp,
    pub source: String,
    pub envelope_from: String,
    pub recipient: String,
    pub message_id: String,
    pub from_header: String,
    pub subject: String,
    pub size_bytes: i64,
    pub raw: Vec<u8>,
    pub status: InboundStatus,
    pub disposition: String,
    pub reason: String,
    pub attempts: i32,
    pub next_attempt_at: Timestamp,
    pub lease_owner: Option<String>,
    pub lease_until: Option<Timestamp>,
    pub last_error: Option<String>,
    pub processed_at: Option<Timestamp>,
}

/// One row of the admin list: everything but the raw message.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = inbound_mail)]
pub struct InboundSummary {
    pub id: InboundMailId,
    pub received_at: Timestamp,
    pub source: String,
    pub envelope_from: String,
    pub recipient: String,
    pub from_header: String,
    pub subject: String,
    pub size_bytes: i64,
    pub status: InboundStatus,
    pub disposition: String,
    pub reason: String,
    pub attempts: i32,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Copy, Insertable)]
#[diesel(table_name = inbound_mail)]
pub struct NewInboundMail<'a> {
    pub id: &'a InboundMailId,
    pub received_at: Timestamp,
    pub source: &'a str,
    pub envelope_from: &'a str,
    pub recipient: &'a str,
    pub message_id: &'a str,
    pub from_header: &'a str,
    pub subject: &'a str,
    pub size_bytes: i64,
    pub raw: &'a [u8],
    pub status: InboundStatus,
    pub disposition: &'a str,
    pub reason: &'a str,
    pub next_attempt_at: Timestamp,
}

/// Stores a message. A repeat of a Message-ID already stored for the same recipient is
/// kept (visible on the admin page) as `duplicate` and never processed; an id already
/// present (a spool file imported twice) inserts nothing. Returns whether a row was added.
pub fn insert(conn: &mut DbConn, m: &NewInboundMail<'_>) -> QueryResult<bool> {
    let exists = inbound_mail::table
        .find(m.id)
        .select(inbound_mail::id)
        .first::<InboundMailId>(conn)
        .optional()?;
    if exists.is_some() {
        return Ok(false);
    }
    let duplicate_of = if m.message_id.is_empty() {
        None
    } else {
        inbound_mail::table
            .filter(inbound_mail::message_id.eq(m.message_id))
            .filter(inbound_mail::recipient.eq(m.recipient))
            .filter(inbound_mail::status.ne(InboundStatus::Duplicate))
            .select(inbound_mail::id)
            .first::<InboundMailId>(conn)
            .optional()?
    };
    let reason;
    let row = match &duplicate_of {
        Some(first) => {
            reason = format!("repeats {first}");
            NewInboundMail {
                status: InboundStatus::Duplicate,
                disposition: "duplicate",
                reason: &reason,
                ..*m
            }
        }
        None => NewInboundMail { ..*m },
    };
    diesel::insert_into(inbound_mail::table)
        .values(&row)
        .execute(conn)?;
    Ok(true)
}

/// Ids of messages due for an attempt and not leased by a live worker.
pub fn due_ids(conn: &mut DbConn, now: Timestamp, limit: i64) -> QueryResult<Vec<InboundMailId>> {
    inbound_mail::table
        .filter(inbound_mail::status.eq(InboundStatus::Queued))
        .filter(inbound_mail::next_attempt_at.le(now))
        .filter(
            inbound_mail::lease_until
                .is_null()
                .or(inbound_mail::lease_until.lt(now)),
        )
        .order(inbound_mail::next_attempt_at.asc())
        .limit(limit)
        .select(inbound_mail::id)
        .load(conn)
}

/// Takes a lease on one message; of several workers racing for a row exactly one wins.
pub fn claim(
    conn: &mut DbConn,
    id: &InboundMailId,
    owner: &str,
    now: Timestamp,
    lease_until: Timestamp,
) -> QueryResult<Option<InboundMail>> {
    let won = diesel::update(
        inbound_mail::table
            .find(id)
            .filter(inbound_mail::status.eq(InboundStatus::Queued))
            .filter(inbound_mail::next_attempt_at.le(now))
            .filter(
                inbound_mail::lease_until
                    .is_null()
                    .or(inbound_mail::lease_until.lt(now)),
            ),
    )
    .set((
        inbound_mail::lease_owner.eq(Some(owner)),
        inbound_mail::lease_until.eq(Some(lease_until)),
    ))
    .execute(conn)?;
    if won == 0 {
        return Ok(None);
    }
    find(conn, id)
}

/// Issue 22: takes a lease on the oldest due message, if any; on PostgreSQL the
/// candidate is locked `FOR UPDATE SKIP LOCKED` so nodes claiming at once each get
/// another message, and [`claim`]'s conditional UPDATE stays the guard on both backends.
pub fn claim_next(
    conn: &mut DbConn,
    owner: &str,
    now: Timestamp,
    lease_until: Timestamp,
) -> QueryResult<Option<InboundMail>> {
    let query = inbound_mail::table
        .filter(inbound_mail::status.eq(InboundStatus::Queued))
        .filter(inbound_mail::next_attempt_at.le(now))
        .filter(
            inbound_mail::lease_until
                .is_null()
                .or(inbound_mail::lease_until.lt(now)),
        )
        .order(inbound_mail::next_attempt_at.asc())
        .limit(1)
        .select(inbound_mail::id);
    let id: Option<InboundMailId> = match conn {
        DbConn::Pg(c) => query.for_update().skip_locked().first(c).optional()?,
        DbConn::Sqlite(c) => query.first(c).optional()?,
    };
    match id {
        Some(id) => claim(conn, &id, owner, now, lease_until),
        None => Ok(None),
    }
}

pub fn find(conn: &mut DbConn, id: &InboundMailId) -> QueryResult<Option<InboundMail>> {
    inbound_mail::table
        .find(id)
        .select(InboundMail::as_select())
        .first(conn)
        .optional()
}

/// Records what became of a message; only its claimant may.
pub fn mark_done(
    conn: &mut DbConn,
    id: &InboundMailId,
    owner: &str,
    disposition: &str,
    reason: &str,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(
        inbound_mail::table
            .find(id)
            .filter(inbound_mail::lease_owner.eq(owner)),
    )
    .set((
        inbound_mail::status.eq(InboundStatus::Done),
        inbound_mail::disposition.eq(disposition),
        inbound_mail::reason.eq(reason),
        inbound_mail::attempts.eq(inbound_mail::attempts + 1),
        inbound_mail::processed_at.eq(Some(now)),
        inbound_mail::lease_owner.eq(None::<String>),
        inbound_mail::lease_until.eq(None::<Timestamp>),
        inbound_mail::last_error.eq(None::<String>),
    ))
    .execute(conn)
}

/// Records a failed attempt: back to the queue at `retry_at`, or failed for good.
pub fn mark_attempt_failed(
    conn: &mut DbConn,
    id: &InboundMailId,
    owner: &str,
    error: &str,
    retry_at: Option<Timestamp>,
) -> QueryResult<usize> {
    let mine = inbound_mail::table
        .find(id)
        .filter(inbound_mail::lease_owner.eq(owner));
    let status = if retry_at.is_some() {
        InboundStatus::Queued
    } else {
        InboundStatus::Failed
    };
    diesel::update(mine)
        .set((
            inbound_mail::status.eq(status),
            inbound_mail::attempts.eq(inbound_mail::attempts + 1),
            inbound_mail::last_error.eq(Some(error)),
            inbound_mail::lease_owner.eq(None::<String>),
            inbound_mail::lease_until.eq(None::<Timestamp>),
        ))
        .execute(conn)?;
    match retry_at {
        Some(at) => diesel::update(inbound_mail::table.find(id))
            .set(inbound_mail::next_attempt_at.eq(at))
            .execute(conn),
        None => Ok(1),
    }
}

/// An admin's "retry" on a failed message: queued again, attempts start over.
pub fn requeue_failed(conn: &mut DbConn, id: &InboundMailId, now: Timestamp) -> QueryResult<usize> {
    diesel::update(
        inbound_mail::table
            .find(id)
            .filter(inbound_mail::status.eq(InboundStatus::Failed)),
    )
    .set((
        inbound_mail::status.eq(InboundStatus::Queued),
        inbound_mail::attempts.eq(0),
        inbound_mail::next_attempt_at.eq(now),
    ))
    .execute(conn)
}

/// Newest first; `before` is the keyset cursor (received_at, id) of the last row shown.
pub fn list(
    conn: &mut DbConn,
    status: Option<InboundStatus>,
    before: Option<(Timestamp, InboundMailId)>,
    limit: i64,
) -> QueryResult<Vec<InboundSummary>> {
    let mut q = inbound_mail::table
        .select(InboundSummary::as_select())
        .order((inbound_mail::received_at.desc(), inbound_mail::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(inbound_mail::status.eq(s));
    }
    if let Some((at, id)) = before {
        q = q.filter(
            inbound_mail::received_at
                .lt(at)
                .or(inbound_mail::received_at
                    .eq(at)
                    .and(inbound_mail::id.lt(id))),
        );
    }
    q.load(conn)
}
