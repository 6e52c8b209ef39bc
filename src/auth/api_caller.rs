//! Who is calling the API: the `ApiCaller` extractor reads `Authorization: Bearer
//! parley_pat_…` (personal) or `parley_svc_…` (service), finds the live token by its
//! hash and loads its owner the way the `Viewer` extractor does (row and memberships,
//! checked on every request, so a suspension or a new role takes effect at once). One
//! query per call finds the live token with its owner's version; the rest (owner,
//! memberships, the token's sub-communities) comes from [`CallerCache`] while that
//! version holds, as sessions do with the viewer cache.
//!
//! Without an `Authorization` header the caller is anonymous: a signed-out viewer whose
//! guardian allows only the public read scopes. A header that is present but malformed,
//! unknown, revoked or expired is a 401, never anonymous (`http::errors` adds the
//! `WWW-Authenticate: Bearer` challenge). Cookies play no part: a session alone never
//! authorises an API call.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};

use crate::auth::secret::hash_token;
use crate::auth::secret::{EMBED_PREFIX, PERSONAL_PREFIX, SERVICE_PREFIX};
use crate::auth::{Guardian, TokenGrant, Viewer};
use crate::db::models::api_tokens::{self, ApiToken};
use crate::db::models::communities::{self, Community};
use crate::db::models::users;
use crate::db::{ApiTokenId, ApiTokenKind, DbConn, Scope, Timestamp};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Secret prefixes that may be presented.
const PREFIXES: &[&str] = &[PERSONAL_PREFIX, SERVICE_PREFIX, EMBED_PREFIX];

/// An API call: the token's owner as a [`Viewer`] (signed out when anonymous), the
/// token's scopes and the sub-communities it is limited to.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub viewer: Viewer,
    /// `None`: an anonymous call.
    pub token_id: Option<ApiTokenId>,
    pub kind: Option<ApiTokenKind>,
    pub scopes: Vec<Scope>,
    /// The sub-communities the token is limited to (empty: no limit), by name.
    pub communities: Vec<Community>,
}

impl ApiCaller {
    /// The guardian for the token's owner, with the token's limits applied (or the
    /// anonymous API caller's).
    pub fn guardian(&self) -> Guardian<'_> {
        Guardian::for_api(&self.viewer)
    }

    /// 403 unless the token carries `scope` (deny by default: every route asks). The
    /// guardian decides: the viewer carries the token's grant.
    pub fn require(&self, scope: Scope) -> Result<(), AppError> {
        self.guardian().ensure_scope(scope)
    }
}

/// Whether the request carries an `Authorization` header at all (then it must be a
/// valid token: a bad one is never treated as anonymous).
pub fn has_authorization(req: &HttpRequest) -> bool {
    req.headers().contains_key(header::AUTHORIZATION)
}

/// Who a request counts against for rate limits and idempotency keys, known without a
/// database read: a token (by a digest of its secret's hash, so nothing stored elsewhere
/// can be presented as a credential) or, without one, the client's address.
pub fn caller_key(req: &HttpRequest, trust_proxy: bool) -> (String, bool) {
    match bearer_secret(req) {
        Some(secret) => {
            let digest = hash_token(&hash_token(&secret));
            (format!("t:{}", &digest[..32]), true)
        }
        None => (
            format!("a:{}", crate::http::client_ip(req, trust_proxy)),
            false,
        ),
    }
}

/// The secret from `Authorization: Bearer …`, if it has a token's shape.
pub fn bearer_secret(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.trim().split_once(' ')?;
    let secret = secret.trim();
    let well_formed = scheme.eq_ignore_ascii_case("bearer")
        && PREFIXES.iter().any(|p| {
            secret
                .strip_prefix(p)
                .is_some_and(|rest| rest.len() == 64 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
        });
    well_formed.then(|| secret.to_string())
}

impl FromRequest for ApiCaller {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let presented = has_authorization(req);
        let secret = bearer_secret(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let ip = state
            .as_ref()
            .map(|s| crate::http::client_ip(req, s.settings.trust_proxy))
            .unwrap_or_default();
        Box::pin(async move {
            if !presented {
                return Ok(ApiCaller::anonymous());
            }
            let (Some(secret), Some(state)) = (secret, state) else {
                return Err(AppError::SignInRequired);
            };
            let hash = hash_token(&secret);
            let now = state.clock.now();
            let cache = state.api_callers.clone();
            let (caller, token) = state
                .db(move |conn| look_up(conn, &cache, &hash, now))
                .await?
                .ok_or(AppError::SignInRequired)?;
            if api_tokens::needs_touch(&token, now) {
                let id = token.id.clone();
                state
                    .write(move |conn| Ok(api_tokens::touch(conn, &id, now, &ip)?))
                    .await?;
            }
            Ok(caller)
        })
    }
}

impl ApiCaller {
    /// A call without a token.
    pub fn anonymous() -> ApiCaller {
        ApiCaller {
            viewer: Viewer::default(),
            token_id: None,
            kind: None,
            scopes: vec![],
            communities: vec![],
        }
    }
}

/// Callers by token hash with the owner version they were read at. Bounded; entries
/// the owner's version has left behind are replaced on their next use.
#[derive(Clone)]
pub struct CallerCache(Arc<quick_cache::sync::Cache<String, (i64, Arc<ApiCaller>)>>);

/// Tokens kept (each a member row, memberships and a few sub-communities).
const CALLER_CACHE_TOKENS: usize = 2048;

impl Default for CallerCache {
    fn default() -> Self {
        CallerCache(Arc::new(quick_cache::sync::Cache::new(CALLER_CACHE_TOKENS)))
    }
}

impl std::fmt::Debug for CallerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallerCache")
            .field("len", &self.0.len())
            .finish()
    }
}

impl CallerCache {
    /// The cached caller for `token` if its owner is still at `version` and the cached
    /// time-dependent facts (suspension, silence) still hold at `now`.
    fn get(&self, token: &ApiToken, version: i64, now: Timestamp) -> Option<ApiCaller> {
        let (at, caller) = self.0.get(&token.token_hash)?;
        let auth = caller.viewer.auth()?;
        let current = at == version
            && caller.token_id.as_ref() == Some(&token.id)
            && auth.user.id == token.user_id
            && auth.silenced == auth.user.is_silenced_at(now)
            && !auth.user.is_suspended_at(now);
        current.then(|| ApiCaller::clone(&caller))
    }

    fn put(&self, token: &ApiToken, version: i64, caller: &ApiCaller) {
        self.0.insert(
            token.token_hash.clone(),
            (version, Arc::new(caller.clone())),
        );
    }
}

/// The caller behind a token hash at `now`: a live token whose owner is not suspended.
fn look_up(
    conn: &mut DbConn,
    cache: &CallerCache,
    hash: &str,
    now: Timestamp,
) -> AppResult<Option<(ApiCaller, ApiToken)>> {
    let Some((token, version)) = api_tokens::find_live_with_version(conn, hash, now)? else {
        return Ok(None);
    };
    if let Some(caller) = cache.get(&token, version, now) {
        return Ok(Some((caller, token)));
    }
    let Some(user) = users::find(conn, &token.user_id)? else {
        return Ok(None);
    };
    if user.is_suspended_at(now) {
        return Ok(None);
    }
    // Read after the version above: what is cached is never older than the version it
    // is filed under (a change in between moves it again).
    let mut limited: Vec<Community> = Vec::new();
    for id in api_tokens::communities_of(conn, &token.id)? {
        limited.extend(communities::find(conn, &id)?);
    }
    // Stored scopes were parsed when the token was made; one this build no longer knows
    // is dropped rather than honoured.
    let scopes: Vec<Scope> = token
        .scopes
        .split_whitespace()
        .filter_map(|s| s.parse::<Scope>().ok())
        .collect();
    let memberships = communities::memberships_of(conn, &user.id)?;
    let grant = TokenGrant {
        token_id: token.id.clone(),
        kind: token.kind,
        scopes: scopes.clone(),
        communities: limited.iter().map(|c| c.id.clone()).collect(),
    };
    let caller = ApiCaller {
        viewer: Viewer::of_member(user, memberships, now).with_grant(grant),
        token_id: Some(token.id.clone()),
        kind: Some(token.kind),
        scopes,
        communities: limited,
    };
    cache.put(&token, version, &caller);
    Ok(Some((caller, token)))
}
