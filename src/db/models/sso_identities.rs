//! Single sign-on (issue 23): linked identities (issuer, subject), sign-ins in progress,
//! accounts waiting to prove themselves, and the roles SSO granted.

use diesel::prelude::*;

use crate::db::schema::{sso_flows, sso_identities, sso_pending_links, sso_role_grants};
use crate::db::{DbConn, Timestamp, UserId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sso_identities)]
pub struct SsoIdentity {
    pub issuer: String,
    pub subject: String,
    pub provider_id: String,
    pub user_id: UserId,
    /// Encrypted; used by the periodic re-check.
    pub refresh_token_enc: Option<String>,
    /// The provider's session id (`sid`) at the last sign-in, for back-channel logout.
    pub session_sid: Option<String>,
    pub checked_at: Timestamp,
    pub created_at: Timestamp,
}

pub fn find_identity(
    conn: &mut DbConn,
    issuer: &str,
    subject: &str,
) -> QueryResult<Option<SsoIdentity>> {
    sso_identities::table
        .find((issuer, subject))
        .select(SsoIdentity::as_select())
        .first(conn)
        .optional()
}

pub fn identities_by_sid(
    conn: &mut DbConn,
    provider: &str,
    sid: &str,
) -> QueryResult<Vec<SsoIdentity>> {
    sso_identities::table
        .filter(sso_identities::provider_id.eq(provider))
        .filter(sso_identities::session_sid.eq(sid))
        .select(SsoIdentity::as_select())
        .load(conn)
}

pub fn identities_of_user(conn: &mut DbConn, user: &UserId) -> QueryResult<Vec<SsoIdentity>> {
    sso_identities::table
        .filter(sso_identities::user_id.eq(user))
        .select(SsoIdentity::as_select())
        .load(conn)
}

/// Identities with a refresh token last checked at or before `before`, oldest first.
pub fn due_for_recheck(
    conn: &mut DbConn,
    before: Timestamp,
    limit: i64,
) -> QueryResult<Vec<SsoIdentity>> {
    sso_identities::table
        .filter(sso_identities::refresh_token_enc.is_not_null())
        .filter(sso_identities::checked_at.le(before))
        .order(sso_identities::checked_at.asc())
        .limit(limit)
        .select(SsoIdentity::as_select())
        .load(conn)
}

pub fn insert_identity(conn: &mut DbConn, i: &SsoIdentity) -> QueryResult<()> {
    diesel::insert_into(sso_identities::table)
        .values(i)
        .execute(conn)
        .map(|_| ())
}

/// After a sign-in: the new refresh token (kept when the provider sent none) and sid.
pub fn record_sign_in(
    conn: &mut DbConn,
    issuer: &str,
    subject: &str,
    refresh_token_enc: Option<&str>,
    sid: Option<&str>,
    now: Timestamp,
) -> QueryResult<usize> {
    let target = sso_identities::table.find((issuer, subject));
    if let Some(rt) = refresh_token_enc {
        diesel::update(target)
            .set(sso_identities::refresh_token_enc.eq(Some(rt)))
            .execute(conn)?;
    }
    diesel::update(target)
        .set((
            sso_identities::session_sid.eq(sid),
            sso_identities::checked_at.eq(now),
        ))
        .execute(conn)
}

pub fn set_checked(
    conn: &mut DbConn,
    issuer: &str,
    subject: &str,
    refresh_token_enc: Option<&str>,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(sso_identities::table.find((issuer, subject)))
        .set((
            sso_identities::refresh_token_enc.eq(refresh_token_enc),
            sso_identities::checked_at.eq(now),
        ))
        .execute(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sso_flows)]
pub struct SsoFlow {
    pub state_hash: String,
    pub provider_id: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub next_url: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

pub fn insert_flow(conn: &mut DbConn, f: &SsoFlow) -> QueryResult<()> {
    diesel::insert_into(sso_flows::table)
        .values(f)
        .execute(conn)
        .map(|_| ())
}

/// Takes a live flow once: a second callback with the same `state` finds nothing.
pub fn consume_flow(
    conn: &mut DbConn,
    state_hash: &str,
    now: Timestamp,
) -> QueryResult<Option<SsoFlow>> {
    let flow = sso_flows::table
        .find(state_hash)
        .select(SsoFlow::as_select())
        .first(conn)
        .optional()?;
    if flow.is_some() {
        diesel::delete(sso_flows::table.find(state_hash)).execute(conn)?;
    }
    Ok(flow.filter(|f| f.expires_at > now))
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sso_pending_links)]
pub struct PendingLink {
    pub token_hash: String,
    pub mail_token_hash: Option<String>,
    pub user_id: UserId,
    pub provider_id: String,
    pub issuer: String,
    pub subject: String,
    /// The verified groups at the sign-in, applied when the link is made.
    pub groups_json: String,
    pub refresh_token_enc: Option<String>,
    pub session_sid: Option<String>,
    pub next_url: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

pub fn insert_pending(conn: &mut DbConn, p: &PendingLink) -> QueryResult<()> {
    diesel::insert_into(sso_pending_links::table)
        .values(p)
        .execute(conn)
        .map(|_| ())
}

pub fn find_pending(
    conn: &mut DbConn,
    token_hash: &str,
    now: Timestamp,
) -> QueryResult<Option<PendingLink>> {
    sso_pending_links::table
        .find(token_hash)
        .filter(sso_pending_links::expires_at.gt(now))
        .select(PendingLink::as_select())
        .first(conn)
        .optional()
}

pub fn find_pending_by_mail(
    conn: &mut DbConn,
    mail_hash: &str,
    now: Timestamp,
) -> QueryResult<Option<PendingLink>> {
    sso_pending_links::table
        .filter(sso_pending_links::mail_token_hash.eq(mail_hash))
        .filter(sso_pending_links::expires_at.gt(now))
        .select(PendingLink::as_select())
        .first(conn)
        .optional()
}

pub fn set_pending_mail(
    conn: &mut DbConn,
    token_hash: &str,
    mail_hash: &str,
) -> QueryResult<usize> {
    diesel::update(sso_pending_links::table.find(token_hash))
        .set(sso_pending_links::mail_token_hash.eq(Some(mail_hash)))
        .execute(conn)
}

pub fn delete_pending(conn: &mut DbConn, token_hash: &str) -> QueryResult<usize> {
    diesel::delete(sso_pending_links::table.find(token_hash)).execute(conn)
}

pub fn delete_expired(conn: &mut DbConn, now: Timestamp) -> QueryResult<()> {
    diesel::delete(sso_flows::table.filter(sso_flows::expires_at.le(now))).execute(conn)?;
    diesel::delete(sso_pending_links::table.filter(sso_pending_links::expires_at.le(now)))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sso_role_grants)]
pub struct RoleGrant {
    pub user_id: UserId,
    /// `employee`, `moderator` or `manager`.
    pub role: String,
    /// '' for the employee flag.
    pub community_id: String,
    pub provider_id: String,
    /// What the member had before ('' for nothing), restored when SSO takes it back.
    pub previous_role: String,
    pub created_at: Timestamp,
}

pub fn grants_of(conn: &mut DbConn, user: &UserId) -> QueryResult<Vec<RoleGrant>> {
    sso_role_grants::table
        .filter(sso_role_grants::user_id.eq(user))
        .select(RoleGrant::as_select())
        .load(conn)
}

pub fn insert_grant(conn: &mut DbConn, g: &RoleGrant) -> QueryResult<()> {
    diesel::insert_into(sso_role_grants::table)
        .values(g)
        .execute(conn)
        .map(|_| ())
}

pub fn delete_grant(
    conn: &mut DbConn,
    user: &UserId,
    role: &str,
    community: &str,
) -> QueryResult<usize> {
    diesel::delete(sso_role_grants::table.find((user, role, community))).execute(conn)
}

/// The members holding a role that `provider` granted (taken back before it is deleted).
pub fn users_granted_by(conn: &mut DbConn, provider: &str) -> QueryResult<Vec<UserId>> {
    sso_role_grants::table
        .filter(sso_role_grants::provider_id.eq(provider))
        .select(sso_role_grants::user_id)
        .distinct()
        .load(conn)
}

/// Deletes a provider and everything that hangs on it: its mapping, the accounts linked
/// through it (their members keep their accounts and sign in otherwise), sign-ins and
/// links in progress, and any grant left. Answers how many linked accounts there were.
pub fn delete_provider(conn: &mut DbConn, provider: &str) -> QueryResult<usize> {
    use crate::db::schema::{sso_mappings, sso_providers};
    diesel::delete(sso_mappings::table.filter(sso_mappings::provider_id.eq(provider)))
        .execute(conn)?;
    let linked =
        diesel::delete(sso_identities::table.filter(sso_identities::provider_id.eq(provider)))
            .execute(conn)?;
    diesel::delete(sso_flows::table.filter(sso_flows::provider_id.eq(provider))).execute(conn)?;
    diesel::delete(sso_pending_links::table.filter(sso_pending_links::provider_id.eq(provider)))
        .execute(conn)?;
    diesel::delete(sso_role_grants::table.filter(sso_role_grants::provider_id.eq(provider)))
        .execute(conn)?;
    diesel::delete(sso_providers::table.find(provider)).execute(conn)?;
    Ok(linked)
}
