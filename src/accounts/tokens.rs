//! Personal API tokens: a member creates, lists and revokes their own. A token is shown
//! once (`parley_pat_` + 64 hex characters) and stored as its SHA-256 with its last four
//! characters. What a token may do is decided per request: its scopes, its owner as the
//! guardian sees them then, and the sub-community it is limited to.

use crate::auth::secret::{hash_token, random_token};
use crate::auth::Guardian;
use crate::db::models::api_tokens::{self, ApiToken, NewApiToken};
use crate::db::models::communities::{self, Community};
use crate::db::{ApiTokenId, ApiTokenKind, CommunityId, DbConn, Scope, Timestamp};
use crate::domain::BoundedText;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;

/// What a personal token's secret starts with, so leaked ones can be found by scanners.
pub const PERSONAL_PREFIX: &str = "parley_pat_";
pub const DEFAULT_EXPIRES_DAYS: i64 = 90;
pub const MAX_EXPIRES_DAYS: i64 = 365;

/// The form (or the command line) as typed.
#[derive(Debug, Clone, Default)]
pub struct TokenInput {
    pub name: String,
    /// Space- or comma-separated.
    pub scopes: String,
    /// A sub-community's slug, or empty for none.
    pub community: String,
    /// Empty for the default.
    pub expires_days: String,
}

/// A token request, parsed.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub name: BoundedText,
    pub scopes: Vec<Scope>,
    pub community: Option<String>,
    pub expires_days: i64,
}

impl TokenRequest {
    pub fn parse(input: &TokenInput) -> Result<TokenRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = BoundedText::parse(&input.name, "Name", 1, 80, true)
            .map_err(|e| errors.insert("name", e))
            .ok();
        let scopes = match Scope::parse_list(&input.scopes) {
            Ok(s) if s.is_empty() => {
                errors.insert("scopes", "Choose at least one scope.".into());
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
        let community = Some(input.community.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        match (name, scopes, expires_days) {
            (Some(name), Some(scopes), Some(expires_days)) if errors.is_empty() => {
                Ok(TokenRequest {
                    name,
                    scopes,
                    community,
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
}

/// A token as the settings page lists it, with the sub-community it is limited to.
#[derive(Debug, Clone)]
pub struct ListedToken {
    pub token: ApiToken,
    pub community: Option<Community>,
}

/// Creates a personal token for the viewer.
pub async fn create_personal(
    state: &AppState,
    guardian: &Guardian<'_>,
    request: TokenRequest,
) -> AppResult<CreatedToken> {
    guardian.ensure(guardian.can_manage_own_tokens())?;
    let viewer = guardian.viewer();
    let now = state.clock.now();
    state
        .write(move |conn| create_personal_in(conn, &Guardian::new(&viewer), request, now))
        .await
}

/// [`create_personal`] in the caller's write (the CLI's `write_batch`, the demo loader).
pub fn create_personal_in(
    conn: &mut DbConn,
    guardian: &Guardian<'_>,
    request: TokenRequest,
    now: Timestamp,
) -> AppResult<CreatedToken> {
    guardian.ensure(guardian.can_manage_own_tokens())?;
    let owner = guardian
        .user_id()
        .cloned()
        .ok_or(AppError::SignInRequired)?;
    let community: Option<CommunityId> = match &request.community {
        Some(slug) => {
            let c = communities::find_by_slug(conn, slug)?.ok_or(AppError::NotFound)?;
            guardian.ensure_can_see_community(&c)?;
            Some(c.id)
        }
        None => None,
    };
    let secret = format!("{PERSONAL_PREFIX}{}", random_token());
    let hash = hash_token(&secret);
    let last_four = &secret[secret.len() - 4..];
    let id = ApiTokenId::new();
    let scopes = Scope::join(&request.scopes);
    api_tokens::insert(
        conn,
        &NewApiToken {
            id: &id,
            user_id: &owner,
            kind: ApiTokenKind::Personal,
            name: request.name.as_str(),
            token_hash: &hash,
            last_four,
            scopes: &scopes,
            community_id: community.as_ref(),
            created_at: now,
            expires_at: now.plus_secs(request.expires_days * 86_400),
        },
    )?;
    let token = api_tokens::find(conn, &id)?.ok_or(AppError::NotFound)?;
    Ok(CreatedToken { token, secret })
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
            let all = communities::all(conn)?;
            Ok(tokens
                .into_iter()
                .map(|token| {
                    let community = token
                        .community_id
                        .as_ref()
                        .and_then(|id| all.iter().find(|c| &c.id == id).cloned());
                    ListedToken { token, community }
                })
                .collect())
        })
        .await
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
