use diesel::prelude::*;

use crate::db::models::users::User;
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

/// The session and its user in one query: this runs on every signed-in request.
pub fn find_live_with_user(
    conn: &mut DbConn,
    id_hash: &str,
    now: Timestamp,
) -> QueryResult<Option<(Session, User)>> {
    crate::db::native!(conn, c => sessions::table
        .inner_join(users::table)
        .filter(sessions::id_hash.eq(id_hash))
        .filter(sessions::expires_at.gt(now))
        .select((Session::as_select(), User::as_select()))
        .first(c)
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
