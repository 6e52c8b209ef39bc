//! Who is calling the API: the `ApiCaller` extractor reads `Authorization: Bearer
//! parley_pat_…`, finds the live token by its hash and loads its owner the way the
//! `Viewer` extractor does (row and memberships, read on every request, so a suspension
//! or a new role takes effect at once). Cookies play no part: a session alone never
//! authorises an API call. Any failure is a 401 (`http::errors` adds the
//! `WWW-Authenticate: Bearer` challenge).

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};

use crate::auth::secret::hash_token;
use crate::auth::{Guardian, TokenGrant, Viewer};
use crate::db::models::api_tokens::{self, ApiToken};
use crate::db::models::communities::{self, Community};
use crate::db::models::users;
use crate::db::{ApiTokenId, DbConn, Scope, Timestamp};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Secret prefixes that may be presented (personal tokens; service tokens come later).
const PREFIXES: &[&str] = &["parley_pat_"];

/// An authenticated API call: the token's owner as a [`Viewer`], the token's scopes and
/// the sub-community it is limited to.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub viewer: Viewer,
    pub token_id: ApiTokenId,
    pub scopes: Vec<Scope>,
    pub community: Option<Community>,
}

impl ApiCaller {
    /// The guardian for the token's owner.
    pub fn guardian(&self) -> Guardian<'_> {
        Guardian::new(&self.viewer)
    }

    /// 403 unless the token carries `scope` (deny by default: every route asks). The
    /// guardian decides: the viewer carries the token's grant.
    pub fn require(&self, scope: Scope) -> Result<(), AppError> {
        self.guardian().ensure_scope(scope)
    }
}

/// The secret from `Authorization: Bearer …`, if it has a token's shape.
fn bearer_secret(req: &HttpRequest) -> Option<String> {
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
        let secret = bearer_secret(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let ip = state
            .as_ref()
            .map(|s| crate::http::client_ip(req, s.settings.trust_proxy))
            .unwrap_or_default();
        Box::pin(async move {
            let (Some(secret), Some(state)) = (secret, state) else {
                return Err(AppError::SignInRequired);
            };
            let hash = hash_token(&secret);
            let now = state.clock.now();
            let (caller, token) = state
                .db(move |conn| look_up(conn, &hash, now))
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

/// The caller behind a token hash at `now`: a live token whose owner is not suspended.
fn look_up(
    conn: &mut DbConn,
    hash: &str,
    now: Timestamp,
) -> AppResult<Option<(ApiCaller, ApiToken)>> {
    let Some(token) = api_tokens::find_live(conn, hash, now)? else {
        return Ok(None);
    };
    let Some(user) = users::find(conn, &token.user_id)? else {
        return Ok(None);
    };
    if user.is_suspended_at(now) {
        return Ok(None);
    }
    let community = match &token.community_id {
        Some(id) => match communities::find(conn, id)? {
            Some(c) => Some(c),
            None => return Ok(None),
        },
        None => None,
    };
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
        communities: community.iter().map(|c| c.id.clone()).collect(),
    };
    let caller = ApiCaller {
        viewer: Viewer::of_member(user, memberships, now).with_grant(grant),
        token_id: token.id.clone(),
        scopes,
        community,
    };
    Ok(Some((caller, token)))
}
