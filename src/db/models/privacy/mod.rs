//! Issue 22 (privacy requests): the request rows (`privacy_requests`, a durable queue
//! the elected node's privacy job works through), what a member's archive holds
//! (`archive`), what goes at once when a deletion is asked for and the erasure at its
//! end (`erase`).

mod archive;
mod erase;

pub use archive::archive;
pub use erase::{erase, revoke_access, Erasure};

use diesel::prelude::*;

use crate::db::schema::privacy_requests;
use crate::db::{DbConn, Timestamp, UserId};

pub const EXPORT: &str = "export";
pub const DELETION: &str = "deletion";
pub const PENDING: &str = "pending";
pub const READY: &str = "ready";
pub const USED: &str = "used";
pub const CANCELLED: &str = "cancelled";
pub const DONE: &str = "done";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = privacy_requests)]
pub struct PrivacyRequest {
    pub id: String,
    pub user_id: UserId,
    pub kind: String,
    pub requested_by: UserId,
    pub status: String,
    pub remove_posts: bool,
    pub token_hash: Option<String>,
    pub archive: Option<String>,
    pub created_at: Timestamp,
    pub due_at: Timestamp,
    pub completed_at: Option<Timestamp>,
}

pub struct NewRequest<'a> {
    pub user: &'a UserId,
    pub kind: &'a str,
    pub requested_by: &'a UserId,
    pub remove_posts: bool,
    pub now: Timestamp,
    pub due_at: Timestamp,
}

pub fn insert(conn: &mut DbConn, r: &NewRequest<'_>) -> QueryResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(privacy_requests::table)
        .values((
            privacy_requests::id.eq(&id),
            privacy_requests::user_id.eq(r.user),
            privacy_requests::kind.eq(r.kind),
            privacy_requests::requested_by.eq(r.requested_by),
            privacy_requests::status.eq(PENDING),
            privacy_requests::remove_posts.eq(r.remove_posts),
            privacy_requests::created_at.eq(r.now),
            privacy_requests::due_at.eq(r.due_at),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The member's deletion waiting for its grace period to end, if any.
pub fn pending_deletion(conn: &mut DbConn, user: &UserId) -> QueryResult<Option<PrivacyRequest>> {
    privacy_requests::table
        .filter(privacy_requests::user_id.eq(user))
        .filter(privacy_requests::kind.eq(DELETION))
        .filter(privacy_requests::status.eq(PENDING))
        .select(PrivacyRequest::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<PrivacyRequest> {
    privacy_requests::table
        .find(id)
        .select(PrivacyRequest::as_select())
        .first(conn)
}

/// The member's export being prepared, if any.
pub fn pending_export(conn: &mut DbConn, user: &UserId) -> QueryResult<Option<PrivacyRequest>> {
    privacy_requests::table
        .filter(privacy_requests::user_id.eq(user))
        .filter(privacy_requests::kind.eq(EXPORT))
        .filter(privacy_requests::status.eq(PENDING))
        .select(PrivacyRequest::as_select())
        .first(conn)
        .optional()
}

/// Exports asked for and not prepared yet.
pub fn pending_exports(conn: &mut DbConn) -> QueryResult<Vec<PrivacyRequest>> {
    privacy_requests::table
        .filter(privacy_requests::kind.eq(EXPORT))
        .filter(privacy_requests::status.eq(PENDING))
        .order(privacy_requests::created_at)
        .select(PrivacyRequest::as_select())
        .load(conn)
}

/// Deletions whose grace period has ended.
pub fn due_deletions(conn: &mut DbConn, now: Timestamp) -> QueryResult<Vec<PrivacyRequest>> {
    privacy_requests::table
        .filter(privacy_requests::kind.eq(DELETION))
        .filter(privacy_requests::status.eq(PENDING))
        .filter(privacy_requests::due_at.le(now))
        .order(privacy_requests::due_at)
        .select(PrivacyRequest::as_select())
        .load(conn)
}

pub fn find_by_token(conn: &mut DbConn, hash: &str) -> QueryResult<Option<PrivacyRequest>> {
    privacy_requests::table
        .filter(privacy_requests::token_hash.eq(hash))
        .select(PrivacyRequest::as_select())
        .first(conn)
        .optional()
}

/// The archive is ready behind the link whose secret hashes to `hash`.
pub fn set_ready(
    conn: &mut DbConn,
    id: &str,
    hash: &str,
    archive: &str,
    expires_at: Timestamp,
) -> QueryResult<usize> {
    diesel::update(
        privacy_requests::table
            .find(id)
            .filter(privacy_requests::status.eq(PENDING)),
    )
    .set((
        privacy_requests::status.eq(READY),
        privacy_requests::token_hash.eq(hash),
        privacy_requests::archive.eq(archive),
        privacy_requests::due_at.eq(expires_at),
    ))
    .execute(conn)
}

/// Takes the archive out of a ready, unexpired request (once: the row is claimed by the
/// status change, and the archive is not kept after it).
pub fn take_archive(conn: &mut DbConn, id: &str, now: Timestamp) -> QueryResult<Option<String>> {
    let row: Option<PrivacyRequest> = privacy_requests::table
        .find(id)
        .filter(privacy_requests::status.eq(READY))
        .filter(privacy_requests::due_at.gt(now))
        .select(PrivacyRequest::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row else { return Ok(None) };
    let claimed = diesel::update(
        privacy_requests::table
            .find(id)
            .filter(privacy_requests::status.eq(READY)),
    )
    .set((
        privacy_requests::status.eq(USED),
        privacy_requests::archive.eq(None::<String>),
        privacy_requests::completed_at.eq(Some(now)),
    ))
    .execute(conn)?;
    Ok(if claimed == 1 { row.archive } else { None })
}

/// Whether some archive's link expired unused (the job writes only then).
pub fn any_expired_archive(conn: &mut DbConn, now: Timestamp) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        privacy_requests::table
            .filter(privacy_requests::status.eq(READY))
            .filter(privacy_requests::due_at.le(now)),
    ))
    .get_result(conn)
}

/// Archives whose link expired unused are not kept.
pub fn drop_expired_archives(conn: &mut DbConn, now: Timestamp) -> QueryResult<usize> {
    diesel::update(
        privacy_requests::table
            .filter(privacy_requests::status.eq(READY))
            .filter(privacy_requests::due_at.le(now)),
    )
    .set((
        privacy_requests::status.eq(DONE),
        privacy_requests::archive.eq(None::<String>),
    ))
    .execute(conn)
}

pub fn set_status(conn: &mut DbConn, id: &str, status: &str, now: Timestamp) -> QueryResult<usize> {
    diesel::update(
        privacy_requests::table
            .find(id)
            .filter(privacy_requests::status.eq(PENDING)),
    )
    .set((
        privacy_requests::status.eq(status),
        privacy_requests::completed_at.eq(Some(now)),
    ))
    .execute(conn)
}

/// Moves a pending deletion's end (an admin shortening the grace period) and whether
/// the posts go too.
pub fn set_due(
    conn: &mut DbConn,
    id: &str,
    due: Timestamp,
    remove_posts: bool,
) -> QueryResult<usize> {
    diesel::update(
        privacy_requests::table
            .find(id)
            .filter(privacy_requests::status.eq(PENDING)),
    )
    .set((
        privacy_requests::due_at.eq(due),
        privacy_requests::remove_posts.eq(remove_posts),
    ))
    .execute(conn)
}

/// Claims a deletion whose grace period has ended (status `done`), so one node erases
/// it once: 1 when this transaction claimed it, 0 when it was cancelled, moved or
/// taken meanwhile.
pub fn claim_due_deletion(conn: &mut DbConn, id: &str, now: Timestamp) -> QueryResult<usize> {
    diesel::update(
        privacy_requests::table
            .find(id)
            .filter(privacy_requests::kind.eq(DELETION))
            .filter(privacy_requests::status.eq(PENDING))
            .filter(privacy_requests::due_at.le(now)),
    )
    .set((
        privacy_requests::status.eq(DONE),
        privacy_requests::completed_at.eq(Some(now)),
    ))
    .execute(conn)
}
