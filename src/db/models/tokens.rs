use diesel::prelude::*;

use crate::db::schema::tokens;
use crate::db::{DbConn, Timestamp, TokenPurpose, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tokens)]
pub struct Token {
    pub id_hash: String,
    pub user_id: Option<UserId>,
    pub purpose: TokenPurpose,
    pub payload: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = tokens)]
pub struct NewToken<'a> {
    pub id_hash: &'a str,
    pub user_id: Option<&'a UserId>,
    pub purpose: TokenPurpose,
    pub payload: &'a str,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// Stores a token, voiding every earlier unused token of the same purpose for that user.
pub fn replace(conn: &mut DbConn, token: &NewToken<'_>) -> QueryResult<()> {
    let earlier = tokens::table
        .filter(tokens::purpose.eq(token.purpose))
        .filter(tokens::used_at.is_null());
    match token.user_id {
        Some(user) => diesel::delete(earlier.filter(tokens::user_id.eq(user))).execute(conn)?,
        None => diesel::delete(earlier.filter(tokens::user_id.is_null())).execute(conn)?,
    };
    diesel::insert_into(tokens::table)
        .values(token)
        .execute(conn)
        .map(|_| ())
}

/// Marks the token used if it is live, and returns it. The conditional UPDATE is what
/// makes a token single-use even when two requests race with it.
pub fn consume(
    conn: &mut DbConn,
    id_hash: &str,
    purpose: TokenPurpose,
    now: Timestamp,
) -> QueryResult<Option<Token>> {
    let updated = diesel::update(
        tokens::table
            .find(id_hash)
            .filter(tokens::purpose.eq(purpose))
            .filter(tokens::used_at.is_null())
            .filter(tokens::expires_at.gt(now)),
    )
    .set(tokens::used_at.eq(Some(now)))
    .execute(conn)?;
    if updated == 0 {
        return Ok(None);
    }
    tokens::table
        .find(id_hash)
        .select(Token::as_select())
        .first(conn)
        .optional()
}

/// Looks a live token up without using it (to show a form before the POST that consumes it).
pub fn peek(
    conn: &mut DbConn,
    id_hash: &str,
    purpose: TokenPurpose,
    now: Timestamp,
) -> QueryResult<Option<Token>> {
    tokens::table
        .find(id_hash)
        .filter(tokens::purpose.eq(purpose))
        .filter(tokens::used_at.is_null())
        .filter(tokens::expires_at.gt(now))
        .select(Token::as_select())
        .first(conn)
        .optional()
}

pub fn delete_for_user(
    conn: &mut DbConn,
    user: &UserId,
    purpose: TokenPurpose,
) -> QueryResult<usize> {
    diesel::delete(
        tokens::table
            .filter(tokens::user_id.eq(user))
            .filter(tokens::purpose.eq(purpose))
            .filter(tokens::used_at.is_null()),
    )
    .execute(conn)
}
