//! Host sites that sign visitors in with Parley Connect (`embed_sites`), the assertion
//! nonces already used (`embed_nonces`), host visitors linked to accounts
//! (`embed_identities`) and the sign-in popup's one-time codes (`embed_codes`, hash only).

use diesel::prelude::*;

use crate::db::schema::{embed_codes, embed_identities, embed_nonces, embed_sites};
use crate::db::{DbConn, Timestamp, UserId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = embed_sites)]
pub struct EmbedSite {
    pub id: String,
    pub name: String,
    /// Newline-separated `scheme://host[:port]`.
    pub origins: String,
    /// The HMAC key, kept as shown once: verifying a signature needs the key itself.
    pub secret: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

impl EmbedSite {
    pub fn origin_list(&self) -> Vec<&str> {
        self.origins
            .lines()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .collect()
    }

    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

pub fn insert_site(conn: &mut DbConn, site: &EmbedSite) -> QueryResult<()> {
    diesel::insert_into(embed_sites::table)
        .values(site)
        .execute(conn)
        .map(|_| ())
}

pub fn find_site(conn: &mut DbConn, id: &str) -> QueryResult<Option<EmbedSite>> {
    embed_sites::table
        .find(id)
        .select(EmbedSite::as_select())
        .first(conn)
        .optional()
}

/// Every host site, newest first (revoked ones too: the admin page shows them as such).
pub fn list_sites(conn: &mut DbConn) -> QueryResult<Vec<EmbedSite>> {
    embed_sites::table
        .order(embed_sites::created_at.desc())
        .select(EmbedSite::as_select())
        .load(conn)
}

/// Replaces a live site's secret (1 when it was live).
pub fn set_secret(conn: &mut DbConn, id: &str, secret: &str) -> QueryResult<usize> {
    diesel::update(
        embed_sites::table
            .filter(embed_sites::id.eq(id))
            .filter(embed_sites::revoked_at.is_null()),
    )
    .set(embed_sites::secret.eq(secret))
    .execute(conn)
}

/// Revokes a live site (1 when it was live).
pub fn revoke_site(conn: &mut DbConn, id: &str, now: Timestamp) -> QueryResult<usize> {
    diesel::update(
        embed_sites::table
            .filter(embed_sites::id.eq(id))
            .filter(embed_sites::revoked_at.is_null()),
    )
    .set(embed_sites::revoked_at.eq(Some(now)))
    .execute(conn)
}

/// Records a nonce as used; `false` when it already was (a replay).
pub fn use_nonce(
    conn: &mut DbConn,
    site: &str,
    nonce: &str,
    expires_at: Timestamp,
) -> QueryResult<bool> {
    let seen = embed_nonces::table
        .filter(embed_nonces::site_id.eq(site))
        .filter(embed_nonces::nonce.eq(nonce))
        .count()
        .get_result::<i64>(conn)?;
    if seen > 0 {
        return Ok(false);
    }
    diesel::insert_into(embed_nonces::table)
        .values((
            embed_nonces::site_id.eq(site),
            embed_nonces::nonce.eq(nonce),
            embed_nonces::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(true)
}

/// The account a host site's visitor is linked to.
pub fn identity_user(conn: &mut DbConn, site: &str, subject: &str) -> QueryResult<Option<UserId>> {
    embed_identities::table
        .filter(embed_identities::site_id.eq(site))
        .filter(embed_identities::subject.eq(subject))
        .select(embed_identities::user_id)
        .first(conn)
        .optional()
}

pub fn link_identity(
    conn: &mut DbConn,
    site: &str,
    subject: &str,
    user: &UserId,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(embed_identities::table)
        .values((
            embed_identities::site_id.eq(site),
            embed_identities::subject.eq(subject),
            embed_identities::user_id.eq(user),
            embed_identities::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn insert_code(
    conn: &mut DbConn,
    code_hash: &str,
    user: &UserId,
    expires_at: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(embed_codes::table)
        .values((
            embed_codes::code_hash.eq(code_hash),
            embed_codes::user_id.eq(user),
            embed_codes::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Marks a live, unused code as used and returns its member; `None` for a wrong, used
/// or expired code. The condition is in the update, so two redemptions at once get one
/// member between them.
pub fn take_code(
    conn: &mut DbConn,
    code_hash: &str,
    now: Timestamp,
) -> QueryResult<Option<UserId>> {
    let taken = diesel::update(
        embed_codes::table
            .filter(embed_codes::code_hash.eq(code_hash))
            .filter(embed_codes::used_at.is_null())
            .filter(embed_codes::expires_at.gt(now)),
    )
    .set(embed_codes::used_at.eq(Some(now)))
    .execute(conn)?;
    if taken == 0 {
        return Ok(None);
    }
    embed_codes::table
        .find(code_hash)
        .select(embed_codes::user_id)
        .first(conn)
        .optional()
}

/// Forgets nonces whose assertion has expired (a replay would be refused as expired
/// anyway) and codes past their expiry (housekeeping).
pub fn delete_expired(conn: &mut DbConn, now: Timestamp) -> QueryResult<()> {
    diesel::delete(embed_nonces::table.filter(embed_nonces::expires_at.le(now))).execute(conn)?;
    diesel::delete(embed_codes::table.filter(embed_codes::expires_at.le(now))).execute(conn)?;
    Ok(())
}

/// A live site's name and origins (newline-separated); 0 for an unknown or revoked one.
pub fn update_site(conn: &mut DbConn, id: &str, name: &str, origins: &str) -> QueryResult<usize> {
    diesel::update(
        embed_sites::table
            .find(id)
            .filter(embed_sites::revoked_at.is_null()),
    )
    .set((embed_sites::name.eq(name), embed_sites::origins.eq(origins)))
    .execute(conn)
}

/// Replaces a site's origins (newline-separated), for the demo's host site whose port
/// may change between runs.
pub fn set_origins(conn: &mut DbConn, id: &str, origins: &str) -> QueryResult<usize> {
    diesel::update(embed_sites::table.find(id))
        .set(embed_sites::origins.eq(origins))
        .execute(conn)
}
