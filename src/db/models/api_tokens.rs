//! API tokens: a member's personal tokens and the service tokens admins make. Only the
//! SHA-256 of a secret is stored, with its last four characters to tell tokens apart.
//! The sub-communities a token is limited to are rows of `api_token_communities`.

use diesel::prelude::*;

use crate::db::schema::{api_token_communities, api_tokens, users};
use crate::db::{ApiTokenId, ApiTokenKind, CommunityId, DbConn, Timestamp, UserId};

/// Last use is written at most this often, so a busy integration does not turn every
/// read into a write.
const TOUCH_EVERY_SECS: i64 = 60;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub user_id: UserId,
    pub kind: ApiTokenKind,
    pub name: String,
    pub token_hash: String,
    pub last_four: String,
    /// Space-separated scopes (`Scope::parse_list` reads them).
    pub scopes: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub last_used_ip: Option<String>,
    pub revoked_at: Option<Timestamp>,
}

impl ApiToken {
    pub fn is_live_at(&self, now: Timestamp) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct NewApiToken<'a> {
    pub id: &'a ApiTokenId,
    pub user_id: &'a UserId,
    pub kind: ApiTokenKind,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub last_four: &'a str,
    pub scopes: &'a str,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// Inserts a token and the sub-communities it is limited to.
pub fn insert(
    conn: &mut DbConn,
    t: &NewApiToken<'_>,
    communities: &[CommunityId],
) -> QueryResult<()> {
    diesel::insert_into(api_tokens::table)
        .values(t)
        .execute(conn)?;
    // One row at a time: batch inserts do not compile through the two-backend enum.
    for c in communities {
        diesel::insert_into(api_token_communities::table)
            .values((
                api_token_communities::token_id.eq(t.id),
                api_token_communities::community_id.eq(c),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The sub-communities `token` is limited to (empty: not limited).
pub fn communities_of(conn: &mut DbConn, token: &ApiTokenId) -> QueryResult<Vec<CommunityId>> {
    api_token_communities::table
        .filter(api_token_communities::token_id.eq(token))
        .order(api_token_communities::community_id)
        .select(api_token_communities::community_id)
        .load(conn)
}

/// (token, sub-community) limits of many tokens at once, for the lists.
pub fn communities_of_many(
    conn: &mut DbConn,
    tokens: &[ApiTokenId],
) -> QueryResult<Vec<(ApiTokenId, CommunityId)>> {
    api_token_communities::table
        .filter(api_token_communities::token_id.eq_any(tokens))
        .select((
            api_token_communities::token_id,
            api_token_communities::community_id,
        ))
        .load(conn)
}

/// Every token of every member, newest first (the admins' list).
pub fn list_all(conn: &mut DbConn) -> QueryResult<Vec<ApiToken>> {
    api_tokens::table
        .order(api_tokens::created_at.desc())
        .select(ApiToken::as_select())
        .load(conn)
}

/// Revokes any token that is not revoked yet (admins; 1 when it was).
pub fn revoke_any(conn: &mut DbConn, id: &ApiTokenId, now: Timestamp) -> QueryResult<usize> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(now)))
    .execute(conn)
}

pub fn find(conn: &mut DbConn, id: &ApiTokenId) -> QueryResult<Option<ApiToken>> {
    api_tokens::table
        .find(id)
        .select(ApiToken::as_select())
        .first(conn)
        .optional()
}

/// Every token of a member, newest first (revoked and expired ones too: the settings
/// page shows them as such).
pub fn list_for_user(conn: &mut DbConn, user: &UserId) -> QueryResult<Vec<ApiToken>> {
    api_tokens::table
        .filter(api_tokens::user_id.eq(user))
        .order(api_tokens::created_at.desc())
        .select(ApiToken::as_select())
        .load(conn)
}

/// The token with this hash, if it is neither revoked nor expired at `now`.
pub fn find_live(conn: &mut DbConn, hash: &str, now: Timestamp) -> QueryResult<Option<ApiToken>> {
    api_tokens::table
        .filter(api_tokens::token_hash.eq(hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.gt(now))
        .select(ApiToken::as_select())
        .first(conn)
        .optional()
}

/// [`find_live`] with its owner's version (which moves whenever the owner's row, role or
/// memberships change), in one query: the caller cache compares it.
pub fn find_live_with_version(
    conn: &mut DbConn,
    hash: &str,
    now: Timestamp,
) -> QueryResult<Option<(ApiToken, i64)>> {
    crate::db::native!(conn, c => api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.gt(now))
        .select((ApiToken::as_select(), users::version))
        .first::<(ApiToken, i64)>(c)
        .optional())
}

/// Revokes `id` if it belongs to `owner` and is not revoked yet (1 when it was).
pub fn revoke(
    conn: &mut DbConn,
    id: &ApiTokenId,
    owner: &UserId,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::user_id.eq(owner))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(now)))
    .execute(conn)
}

/// Whether a use at `now` should be written (the last one is older than a minute).
pub fn needs_touch(token: &ApiToken, now: Timestamp) -> bool {
    token
        .last_used_at
        .is_none_or(|at| now.micros() - at.micros() >= TOUCH_EVERY_SECS * 1_000_000)
}

/// Notes a use of the token, at most once a minute (the condition is repeated in SQL, so
/// two requests at once write it once).
pub fn touch(conn: &mut DbConn, id: &ApiTokenId, now: Timestamp, ip: &str) -> QueryResult<usize> {
    let before = Timestamp::from_micros(now.micros() - TOUCH_EVERY_SECS * 1_000_000);
    diesel::update(
        api_tokens::table.filter(api_tokens::id.eq(id)).filter(
            api_tokens::last_used_at
                .is_null()
                .or(api_tokens::last_used_at.le(before)),
        ),
    )
    .set((
        api_tokens::last_used_at.eq(Some(now)),
        api_tokens::last_used_ip.eq(Some(ip)),
    ))
    .execute(conn)
}

/// Deletes embed sessions past their expiry (housekeeping): minted per visit, they would
/// pile up; personal and service tokens stay listed as expired.
pub fn delete_expired_embed(conn: &mut DbConn, now: Timestamp) -> QueryResult<usize> {
    diesel::delete(
        api_tokens::table
            .filter(api_tokens::kind.eq(ApiTokenKind::Embed))
            .filter(api_tokens::expires_at.le(now)),
    )
    .execute(conn)
}
