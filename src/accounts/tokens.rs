//! API tokens. Personal tokens: a member creates, lists and revokes their own
//! (`/settings/tokens`). Service tokens: admins create them for integrations, and list
//! and revoke every token of every member (`/admin/tokens`); a service token's owner is
//! the admin who made it, so demoting or sanctioning that admin reaches it at once.
//!
//! A token is shown once (`parley_pat_` or `parley_svc_` + 64 hex characters) and stored
//! as its SHA-256 with its last four characters. What a token may do is decided per
//! request by the guardian: its scopes, its owner as they are then, and the
//! sub-communities it is limited to.

use std::collections::HashMap;

use crate::auth::secret::{hash_token, random_token};
use crate::auth::Guardian;
use crate::db::models::api_tokens::{self, ApiToken, NewApiToken};
use crate::db::models::communities::{self, Community};
use crate::db::models::users;
use crate::db::{ApiTokenId, ApiTokenKind, CommunityId, DbConn, Scope, Timestamp, UserId};
use crate::domain::BoundedText;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;

pub use crate::auth::secret::{EMBED_PREFIX, PERSONAL_PREFIX, SERVICE_PREFIX};
pub const DEFAULT_EXPIRES_DAYS: i64 = 90;
pub const MAX_EXPIRES_DAYS: i64 = 365;

/// The secret prefix of a kind of token.
pub fn prefix_of(kind: ApiTokenKind) -> &'static str {
    match kind {
        ApiTokenKind::Personal => PERSONAL_PREFIX,
        ApiTokenKind::Service => SERVICE_PREFIX,
        ApiTokenKind::Embed => EMBED_PREFIX,
    }
}

/// The form (or the command line) as typed.
#[derive(Debug, Clone, Default)]
pub struct TokenInput {
    pub name: String,
    /// Space- or comma-separated.
    pub scopes: String,
    /// Slugs of the sub-communities to limit the token to (none: no limit).
    pub communities: Vec<String>,
    /// Empty for the default.
    pub expires_days: String,
}

impl TokenInput {
    /// The token form's fields: `scopes` and `community` come once per ticked box, which
    /// `web::Form` cannot collect, so the body is read pair by pair.
    pub fn from_form(body: &[u8]) -> TokenInput {
        let mut input = TokenInput::default();
        let mut scopes = Vec::new();
        for (key, value) in url::form_urlencoded::parse(body) {
            match key.as_ref() {
                "name" => input.name = value.into_owned(),
                "scopes" => scopes.push(value.into_owned()),
                "community" => input.add_communities(&value),
                "expires_days" => input.expires_days = value.into_owned(),
                _ => {}
            }
        }
        input.scopes = scopes.join(" ");
        input
    }

    /// Adds comma-separated slugs (the CLI's `--community a,b`, which may also repeat).
    pub fn add_communities(&mut self, list: &str) {
        for slug in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if !self.communities.iter().any(|c| c == slug) {
                self.communities.push(slug.to_string());
            }
        }
    }
}

/// A token request, parsed.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub name: BoundedText,
    pub scopes: Vec<Scope>,
    pub communities: Vec<String>,
    pub expires_days: i64,
}

impl TokenRequest {
    pub fn parse(input: &TokenInput) -> Result<TokenRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = BoundedText::parse(&input.name, "validation-field-name", 1, 80, true)
            .map_err(|e| errors.insert("name", e))
            .ok();
        let scopes = match Scope::parse_list(&input.scopes) {
            Ok(s) if s.is_empty() => {
                errors.insert(
                    "scopes",
                    crate::error::Msg::key("validation-scopes-required"),
                );
                None
            }
            Ok(s) => Some(s),
            Err(e) => {
                errors.insert("scopes", e);
                None
            }
        };
        let days = input.expires_days.trim();
        let expires_days = if days.is_empty() {
            Some(DEFAULT_EXPIRES_DAYS)
        } else {
            match days.parse::<i64>() {
                Ok(d) if (1..=MAX_EXPIRES_DAYS).contains(&d) => Some(d),
                _ => {
                    errors.insert(
                        "expires_days",
                        format!("Expiry is a number of days from 1 to {MAX_EXPIRES_DAYS}."),
                    );
                    None
                }
            }
        };
        let mut communities: Vec<String> = Vec::new();
        for slug in input.communities.iter().map(|s| s.trim()) {
            if !slug.is_empty() && !communities.iter().any(|c| c == slug) {
                communities.push(slug.to_string());
            }
        }
        match (name, scopes, expires_days) {
            (Some(name), Some(scopes), Some(expires_days)) if errors.is_empty() => {
                Ok(TokenRequest {
                    name,
                    scopes,
                    communities,
                    expires_days,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A token just created, with its secret (shown once, never stored).
#[derive(Debug)]
pub struct CreatedToken {
    pub token: ApiToken,
    pub secret: String,
    pub communities: Vec<Community>,
}

/// A token as the lists show it: the sub-communities it is limited to, and its owner's
/// username (the admins' list).
#[derive(Debug, Clone)]
pub struct ListedToken {
    pub token: ApiToken,
    pub communities: Vec<Community>,
    pub owner: String,
}

/// Creates a personal token for the viewer.
pub async fn create_personal(
    state: &AppState,
    guardian: &Guardian<'_>,
    request: TokenRequest,
) -> AppResult<CreatedToken> {
    create(state, guardian, request, ApiTokenKind::Personal).await
}

/// Creates a service token owned by the admin asking (`/admin/tokens`).
pub async fn create_service(
    state: &AppState,
    guardian: &Guardian<'_>,
    request: TokenRequest,
) -> AppResult<CreatedToken> {
    create(state, guardian, request, ApiTokenKind::Service).await
}

async fn create(
    state: &AppState,
    guardian: &Guardian<'_>,
    request: TokenRequest,
    kind: ApiTokenKind,
) -> AppResult<CreatedToken> {
    guardian.ensure(guardian.can_create_token(kind))?;
    let viewer = guardian.viewer();
    let now = state.clock.now();
    state
        .write(move |conn| create_in(conn, &Guardian::new(&viewer), request, kind, now))
        .await
}

/// [`create_personal`] in the caller's write (the demo loader).
pub fn create_personal_in(
    conn: &mut DbConn,
    guardian: &Guardian<'_>,
    request: TokenRequest,
    now: Timestamp,
) -> AppResult<CreatedToken> {
    create_in(conn, guardian, request, ApiTokenKind::Personal, now)
}

/// Creates a token of `kind` owned by the guardian's member, in the caller's write (the
/// CLI's `write_batch`). Each sub-community named must be one the owner can see.
pub fn create_in(
    conn: &mut DbConn,
    guardian: &Guardian<'_>,
    request: TokenRequest,
    kind: ApiTokenKind,
    now: Timestamp,
) -> AppResult<CreatedToken> {
    guardian.ensure(guardian.can_create_token(kind))?;
    let owner = guardian
        .user_id()
        .cloned()
        .ok_or(AppError::SignInRequired)?;
    let mut limited = Vec::new();
    for slug in &request.communities {
        let c = communities::find_by_slug(conn, slug)?.ok_or(AppError::NotFound)?;
        guardian.ensure_can_see_community(&c)?;
        limited.push(c);
    }
    let ids: Vec<CommunityId> = limited.iter().map(|c| c.id.clone()).collect();
    let scopes = Scope::join(&request.scopes);
    let (id, secret) = insert_token(
        conn,
        &owner,
        kind,
        request.name.as_str(),
        &request.scopes,
        &ids,
        now,
        now.plus_secs(request.expires_days * 86_400),
    )?;
    if kind == ApiTokenKind::Service {
        let slugs: Vec<&str> = limited.iter().map(|c| c.slug.as_str()).collect();
        crate::db::models::audit::record(
            conn,
            Some(&owner),
            "api_token.create",
            "api_token",
            id.as_str(),
            &format!(
                "service token {} ({scopes}; sub-communities: [{}])",
                request.name.as_str(),
                slugs.join(", ")
            ),
            now,
        )?;
    }
    let token = api_tokens::find(conn, &id)?.ok_or(AppError::NotFound)?;
    Ok(CreatedToken {
        token,
        secret,
        communities: limited,
    })
}

/// Makes a secret of `kind`'s prefix and stores its hash: the one place a token is minted
/// (personal and service tokens above, embed sessions in `embed::session::mint`, which
/// checks its own permission). Returns the new id and the secret (never stored).
#[allow(clippy::too_many_arguments)]
pub fn insert_token(
    conn: &mut DbConn,
    owner: &UserId,
    kind: ApiTokenKind,
    name: &str,
    scopes: &[Scope],
    communities: &[CommunityId],
    now: Timestamp,
    expires_at: Timestamp,
) -> diesel::QueryResult<(ApiTokenId, String)> {
    let secret = format!("{}{}", prefix_of(kind), random_token());
    let hash = hash_token(&secret);
    let last_four = &secret[secret.len() - 4..];
    let id = ApiTokenId::new();
    let scopes = Scope::join(scopes);
    api_tokens::insert(
        conn,
        &NewApiToken {
            id: &id,
            user_id: owner,
            kind,
            name,
            token_hash: &hash,
            last_four,
            scopes: &scopes,
            created_at: now,
            expires_at,
        },
        communities,
    )?;
    Ok((id, secret))
}

/// The viewer's tokens, newest first.
pub async fn list(state: &AppState, guardian: &Guardian<'_>) -> AppResult<Vec<ListedToken>> {
    guardian.ensure(guardian.can_manage_own_tokens())?;
    let owner = guardian
        .user_id()
        .cloned()
        .ok_or(AppError::SignInRequired)?;
    state
        .db(move |conn| {
            let tokens = api_tokens::list_for_user(conn, &owner)?;
            with_details(conn, tokens)
        })
        .await
}

/// Every token of every member, newest first (`/admin/tokens`).
pub async fn list_all(state: &AppState, guardian: &Guardian<'_>) -> AppResult<Vec<ListedToken>> {
    guardian.ensure(guardian.can_manage_all_tokens())?;
    state
        .db(move |conn| {
            let tokens = api_tokens::list_all(conn)?;
            with_details(conn, tokens)
        })
        .await
}

/// Adds each token's sub-communities and owner's username.
fn with_details(conn: &mut DbConn, tokens: Vec<ApiToken>) -> AppResult<Vec<ListedToken>> {
    let ids: Vec<ApiTokenId> = tokens.iter().map(|t| t.id.clone()).collect();
    let limits = api_tokens::communities_of_many(conn, &ids)?;
    let all: HashMap<CommunityId, Community> = communities::all(conn)?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    let owner_ids: Vec<_> = tokens.iter().map(|t| t.user_id.clone()).collect();
    let owners: HashMap<_, _> = users::find_many(conn, &owner_ids)?
        .into_iter()
        .map(|u| (u.id.clone(), u.username))
        .collect();
    Ok(tokens
        .into_iter()
        .map(|token| {
            let mut communities: Vec<Community> = limits
                .iter()
                .filter(|(t, _)| t == &token.id)
                .filter_map(|(_, c)| all.get(c).cloned())
                .collect();
            communities.sort_by(|a, b| a.name.cmp(&b.name));
            let owner = owners.get(&token.user_id).cloned().unwrap_or_default();
            ListedToken {
                token,
                communities,
                owner,
            }
        })
        .collect())
}

/// Revokes one of the viewer's own tokens (404 for anyone else's, or an unknown id).
pub async fn revoke(state: &AppState, guardian: &Guardian<'_>, id: ApiTokenId) -> AppResult<()> {
    guardian.ensure(guardian.can_manage_own_tokens())?;
    let owner = guardian
        .user_id()
        .cloned()
        .ok_or(AppError::SignInRequired)?;
    let now = state.clock.now();
    state
        .write(move |conn| match api_tokens::find(conn, &id)? {
            Some(t) if t.user_id == owner => {
                api_tokens::revoke(conn, &id, &owner, now)?;
                Ok(())
            }
            _ => Err(AppError::NotFound),
        })
        .await
}

/// Revokes any member's token (`/admin/tokens`), with an audit-log row.
pub async fn revoke_any(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: ApiTokenId,
) -> AppResult<()> {
    guardian.ensure(guardian.can_manage_all_tokens())?;
    let actor = guardian.user_id().cloned();
    let now = state.clock.now();
    state
        .write(move |conn| {
            let token = api_tokens::find(conn, &id)?.ok_or(AppError::NotFound)?;
            if api_tokens::revoke_any(conn, &id, now)? == 1 {
                crate::db::models::audit::record(
                    conn,
                    actor.as_ref(),
                    "api_token.revoke",
                    "api_token",
                    id.as_str(),
                    &format!(
                        "{} ({}) of {}",
                        token.name,
                        token.kind.as_str(),
                        token.user_id
                    ),
                    now,
                )?;
            }
            Ok(())
        })
        .await
}
