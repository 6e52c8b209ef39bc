use diesel::prelude::*;

use crate::db::schema::{sessions, users};
use crate::db::{DbConn, Timestamp, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id_hash: String,
    pub user_id: UserId,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub expires_at: Timestamp,
    pub user_agent: String,
    pub ip: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    pub id_hash: &'a str,
    pub user_id: &'a UserId,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub expires_at: Timestamp,
    pub user_agent: &'a str,
    pub ip: &'a str,
}

pub fn insert(conn: &mut DbConn, s: &NewSession<'_>) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values(s)
        .execute(conn)
        .map(|_| ())
}

/// What every signed-in request reads first: whose live session this is, when it was
/// last seen, and the member's `version` (which moves on any change to their row or
/// memberships), so a member already in the viewer cache is not read again.
#[derive(Debug, Clone, Queryable)]
pub struct LiveSession {
    pub user_id: UserId,
    pub last_seen_at: Timestamp,
    pub user_version: i64,
}

pub fn find_live(
    conn: &mut DbConn,
    id_hash: &str,
    now: Timestamp,
) -> QueryResult<Option<LiveSession>> {
    crate::db::native!(conn, c => sessions::table
        .inner_join(users::table)
        .filter(sessions::id_hash.eq(id_hash))
        .filter(sessions::expires_at.gt(now))
        .select((sessions::user_id, sessions::last_seen_at, users::version))
        .first::<LiveSession>(c)
        .optional())
}

pub fn touch(
    conn: &mut DbConn,
    id_hash: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> QueryResult<usize> {
    diesel::update(sessions::table.find(id_hash))
        .set((
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, id_hash: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.find(id_hash)).execute(conn)
}

pub fn delete_all_for_user(conn: &mut DbConn, user: &UserId) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user))).execute(conn)
}

pub fn delete_others_for_user(conn: &mut DbConn, user: &UserId, keep: &str) -> QueryResult<usize> {
    diesel::delete(
        sessions::table
            .filter(sessions::user_id.eq(user))
            .filter(sessions::id_hash.ne(keep)),
    )
    .execute(conn)
}

pub fn list_for_user(
    conn: &mut DbConn,
    user: &UserId,
    now: Timestamp,
) -> QueryResult<Vec<Session>> {
    sessions::table
        .filter(sessions::user_id.eq(user))
        .filter(sessions::expires_at.gt(now))
        .order(sessions::last_seen_at.desc())
        .select(Session::as_select())
        .load(conn)
}

pub fn delete_expired(conn: &mut DbConn, now: Timestamp) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
}
