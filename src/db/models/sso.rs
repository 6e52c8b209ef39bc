//! Single sign-on (issue 23): OpenID Connect providers, their group → role mapping and
//! the site-wide "require SSO for employee domains" switch.

use diesel::prelude::*;

use crate::db::schema::{communities, sso_mappings, sso_providers, sso_site};
use crate::db::{CommunityId, DbConn, Timestamp};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sso_providers)]
pub struct SsoProvider {
    /// The short name in `/auth/oidc/{provider}/...`.
    pub id: String,
    pub issuer: String,
    pub client_id: String,
    /// Encrypted with `[sso] encryption_key` (see `sso::crypto`).
    pub client_secret_enc: String,
    pub scopes: String,
    pub button_label: String,
    pub allow_signup: bool,
    pub groups_claim: String,
    pub enabled: bool,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    /// The provider's keys as last fetched (refetched on an unknown key id).
    pub jwks_json: String,
    pub backchannel_logout: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

pub fn list_providers(conn: &mut DbConn) -> QueryResult<Vec<SsoProvider>> {
    sso_providers::table
        .order(sso_providers::created_at.asc())
        .select(SsoProvider::as_select())
        .load(conn)
}

pub fn enabled_providers(conn: &mut DbConn) -> QueryResult<Vec<SsoProvider>> {
    sso_providers::table
        .filter(sso_providers::enabled.eq(true))
        .order(sso_providers::created_at.asc())
        .select(SsoProvider::as_select())
        .load(conn)
}

pub fn find_provider(conn: &mut DbConn, id: &str) -> QueryResult<Option<SsoProvider>> {
    sso_providers::table
        .find(id)
        .select(SsoProvider::as_select())
        .first(conn)
        .optional()
}

pub fn insert_provider(conn: &mut DbConn, p: &SsoProvider) -> QueryResult<()> {
    diesel::insert_into(sso_providers::table)
        .values(p)
        .execute(conn)
        .map(|_| ())
}

/// Replaces every field but the id and creation time.
pub fn update_provider(conn: &mut DbConn, p: &SsoProvider) -> QueryResult<usize> {
    diesel::update(sso_providers::table.find(&p.id))
        .set((
            sso_providers::issuer.eq(&p.issuer),
            sso_providers::client_id.eq(&p.client_id),
            sso_providers::client_secret_enc.eq(&p.client_secret_enc),
            sso_providers::scopes.eq(&p.scopes),
            sso_providers::button_label.eq(&p.button_label),
            sso_providers::allow_signup.eq(p.allow_signup),
            sso_providers::groups_claim.eq(&p.groups_claim),
            sso_providers::enabled.eq(p.enabled),
            sso_providers::authorization_endpoint.eq(&p.authorization_endpoint),
            sso_providers::token_endpoint.eq(&p.token_endpoint),
            sso_providers::jwks_uri.eq(&p.jwks_uri),
            sso_providers::jwks_json.eq(&p.jwks_json),
            sso_providers::backchannel_logout.eq(p.backchannel_logout),
            sso_providers::updated_at.eq(p.updated_at),
        ))
        .execute(conn)
}

pub fn set_jwks(conn: &mut DbConn, id: &str, jwks: &str) -> QueryResult<usize> {
    diesel::update(sso_providers::table.find(id))
        .set(sso_providers::jwks_json.eq(jwks))
        .execute(conn)
}

pub fn set_enabled(
    conn: &mut DbConn,
    id: &str,
    enabled: bool,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(sso_providers::table.find(id))
        .set((
            sso_providers::enabled.eq(enabled),
            sso_providers::updated_at.eq(now),
        ))
        .execute(conn)
}

/// What a mapping row grants.
pub const ROLE_EMPLOYEE: &str = "employee";
pub const ROLE_MODERATOR: &str = "moderator";
pub const ROLE_MANAGER: &str = "manager";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sso_mappings)]
pub struct SsoMapping {
    pub id: String,
    pub provider_id: String,
    pub group_name: String,
    /// `employee` (the badge and brand voice), `moderator` or `manager`.
    pub role: String,
    /// The sub-community of a moderator or manager role.
    pub community_id: Option<CommunityId>,
    pub created_at: Timestamp,
}

/// A mapping row with its sub-community's name, for the admin page.
#[derive(Debug, Clone)]
pub struct MappingRow {
    pub mapping: SsoMapping,
    pub community_name: Option<String>,
}

pub fn mappings_of(conn: &mut DbConn, provider: &str) -> QueryResult<Vec<SsoMapping>> {
    sso_mappings::table
        .filter(sso_mappings::provider_id.eq(provider))
        .order(sso_mappings::created_at.asc())
        .select(SsoMapping::as_select())
        .load(conn)
}

pub fn mapping_rows(conn: &mut DbConn) -> QueryResult<Vec<MappingRow>> {
    let rows: Vec<(SsoMapping, Option<String>)> = sso_mappings::table
        .left_join(communities::table)
        .order(sso_mappings::created_at.asc())
        .select((SsoMapping::as_select(), communities::name.nullable()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(mapping, community_name)| MappingRow {
            mapping,
            community_name,
        })
        .collect())
}

pub fn insert_mapping(conn: &mut DbConn, m: &SsoMapping) -> QueryResult<()> {
    diesel::insert_into(sso_mappings::table)
        .values(m)
        .execute(conn)
        .map(|_| ())
}

pub fn find_mapping(conn: &mut DbConn, id: &str) -> QueryResult<Option<SsoMapping>> {
    sso_mappings::table
        .find(id)
        .select(SsoMapping::as_select())
        .first(conn)
        .optional()
}

pub fn delete_mapping(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(sso_mappings::table.find(id)).execute(conn)
}

/// Whether password sign-in is refused for addresses in the employee email domains.
pub fn require_for_employee_domains(conn: &mut DbConn) -> QueryResult<bool> {
    Ok(sso_site::table
        .find(1)
        .select(sso_site::require_for_employee_domains)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}

pub fn set_require_for_employee_domains(
    conn: &mut DbConn,
    on: bool,
    now: Timestamp,
) -> QueryResult<()> {
    let n = diesel::update(sso_site::table.find(1))
        .set((
            sso_site::require_for_employee_domains.eq(on),
            sso_site::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(sso_site::table)
            .values((
                sso_site::id.eq(1),
                sso_site::require_for_employee_domains.eq(on),
                sso_site::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
