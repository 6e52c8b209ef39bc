//! Stored answers to `POST /api/v1` requests sent with an `Idempotency-Key`
//! (`api::idempotency`). A pending row (no status) is claimed first, under the primary
//! key (caller, key), so a concurrent duplicate is told apart from a replay.

use diesel::prelude::*;

use crate::db::schema::api_idempotency;
use crate::db::{DbConn, Timestamp};

/// Keys are honoured for this long.
pub const KEEP_SECS: i64 = 24 * 3600;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_idempotency)]
pub struct StoredRequest {
    pub caller: String,
    pub idem_key: String,
    pub request_hash: String,
    /// `None` while the first request is still running.
    pub status: Option<i32>,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub body: Option<String>,
    pub created_at: Timestamp,
}

/// What a request carrying a key should do.
#[derive(Debug, Clone)]
pub enum Claim {
    /// First use of the key: run the request, then [`complete`] or [`release`].
    Run,
    /// The same key and request already succeeded: answer with the stored response.
    Replay(StoredRequest),
    /// The same key and request are running now.
    InProgress,
    /// The key was used for a different request.
    Reused,
}

/// A claim whose request has not finished after this long was abandoned (its node
/// stopped): the key may be claimed again.
pub const ABANDONED_SECS: i64 = 300;

/// Claims `key` for `caller`'s request (`request_hash`) at `now`. An entry older than
/// [`KEEP_SECS`], or a claim abandoned for [`ABANDONED_SECS`], counts as gone.
pub fn claim(
    conn: &mut DbConn,
    caller: &str,
    key: &str,
    request_hash: &str,
    now: Timestamp,
) -> QueryResult<Claim> {
    let expired = Timestamp::from_micros(now.micros() - KEEP_SECS * 1_000_000);
    let abandoned = Timestamp::from_micros(now.micros() - ABANDONED_SECS * 1_000_000);
    diesel::delete(
        api_idempotency::table
            .filter(api_idempotency::caller.eq(caller))
            .filter(api_idempotency::idem_key.eq(key))
            .filter(
                api_idempotency::created_at
                    .le(expired)
                    .or(api_idempotency::status
                        .is_null()
                        .and(api_idempotency::created_at.le(abandoned))),
            ),
    )
    .execute(conn)?;
    let row = (
        api_idempotency::caller.eq(caller),
        api_idempotency::idem_key.eq(key),
        api_idempotency::request_hash.eq(request_hash),
        api_idempotency::created_at.eq(now),
    );
    // DO NOTHING rather than catching the unique violation: on PostgreSQL an error
    // aborts the whole transaction.
    let inserted = crate::db::native!(conn, c => diesel::insert_into(api_idempotency::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c))?;
    if inserted == 1 {
        return Ok(Claim::Run);
    }
    let existing = api_idempotency::table
        .filter(api_idempotency::caller.eq(caller))
        .filter(api_idempotency::idem_key.eq(key))
        .select(StoredRequest::as_select())
        .first(conn)
        .optional()?;
    Ok(match existing {
        None => Claim::InProgress,
        Some(e) if e.request_hash != request_hash => Claim::Reused,
        Some(e) if e.status.is_none() => Claim::InProgress,
        Some(e) => Claim::Replay(e),
    })
}

/// The final response of a claimed request, kept for replays.
#[derive(Debug, Clone)]
pub struct Outcome<'a> {
    pub status: i32,
    pub content_type: Option<&'a str>,
    pub location: Option<&'a str>,
    pub body: &'a str,
}

/// Stores the response of the request that claimed `key`.
pub fn complete(
    conn: &mut DbConn,
    caller: &str,
    key: &str,
    outcome: &Outcome<'_>,
) -> QueryResult<usize> {
    diesel::update(
        api_idempotency::table
            .filter(api_idempotency::caller.eq(caller))
            .filter(api_idempotency::idem_key.eq(key))
            .filter(api_idempotency::status.is_null()),
    )
    .set((
        api_idempotency::status.eq(Some(outcome.status)),
        api_idempotency::content_type.eq(outcome.content_type),
        api_idempotency::location.eq(outcome.location),
        api_idempotency::body.eq(Some(outcome.body)),
    ))
    .execute(conn)
}

/// Gives a claimed key back (the request failed: it may be retried with the same key).
pub fn release(conn: &mut DbConn, caller: &str, key: &str) -> QueryResult<usize> {
    diesel::delete(
        api_idempotency::table
            .filter(api_idempotency::caller.eq(caller))
            .filter(api_idempotency::idem_key.eq(key))
            .filter(api_idempotency::status.is_null()),
    )
    .execute(conn)
}

/// Forgets keys older than [`KEEP_SECS`] at `now` (housekeeping).
pub fn delete_expired(conn: &mut DbConn, now: Timestamp) -> QueryResult<usize> {
    let expired = Timestamp::from_micros(now.micros() - KEEP_SECS * 1_000_000);
    diesel::delete(api_idempotency::table.filter(api_idempotency::created_at.le(expired)))
        .execute(conn)
}
