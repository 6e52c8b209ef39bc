//! The sign-in itself (issue 23): authorization code with PKCE. `start` keeps the state
//! (hashed), nonce, PKCE verifier and where to go next in the database, so whichever node
//! receives the callback finishes it; the state is also in a short cookie, so a callback
//! only finishes in the browser that started it. `callback` takes the flow once, trades
//! the code, checks the ID token and hands the identity to `accounts::arrive`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use once_cell::sync::Lazy;

use crate::auth::secret::{hash_token, random_token, same_secret};
use crate::db::models::sso::{self, SsoProvider};
use crate::db::models::sso_identities::{self as ids, SsoFlow};
use crate::error::{AppError, AppResult};
use crate::sso::accounts::{self, Arrival, Arriving};
use crate::sso::crypto::{self, SecretBox};
use crate::sso::oidc::{self, TokenCheck, TokenOutcome};
use crate::state::AppState;

/// How long a started sign-in may take at the provider.
pub const FLOW_TTL_SECS: i64 = 600;
/// The cookie that ties a callback to the browser that started the sign-in.
pub const STATE_COOKIE: &str = "parley_oidc";
/// At most one refetch of a provider's keys this often (an unknown `kid` costs nothing
/// more to whoever sends many).
const REFETCH_EVERY: Duration = Duration::from_secs(10);

pub fn redirect_uri(state: &AppState, provider: &str) -> String {
    format!("{}/auth/oidc/{provider}/callback", state.base_url())
}

pub fn secret_box(state: &AppState) -> AppResult<SecretBox> {
    SecretBox::from_settings(&state.settings.sso).map_err(|e| {
        tracing::error!(error = %e, "single sign-on needs [sso] encryption_key");
        AppError::Unavailable
    })
}

pub async fn enabled_provider(state: &AppState, id: String) -> AppResult<SsoProvider> {
    state
        .db(move |conn| {
            sso::find_provider(conn, &id)?
                .filter(|p| p.enabled)
                .ok_or(AppError::NotFound)
        })
        .await
}

/// Starts a sign-in: the provider's authorization URL and the raw state for the cookie.
pub async fn start(
    state: &AppState,
    provider: String,
    next: String,
) -> AppResult<(String, String)> {
    let p = enabled_provider(state, provider).await?;
    let (st, nonce, verifier) = (random_token(), random_token(), random_token());
    let now = state.clock.now();
    let flow = SsoFlow {
        state_hash: hash_token(&st),
        provider_id: p.id.clone(),
        nonce: nonce.clone(),
        pkce_verifier: verifier.clone(),
        next_url: next,
        created_at: now,
        expires_at: now.plus_secs(FLOW_TTL_SECS),
    };
    state
        .write(move |conn| Ok(ids::insert_flow(conn, &flow)?))
        .await?;
    let url = oidc::authorization_url(&p, &redirect_uri(state, &p.id), &st, &nonce, &verifier)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!(e)))?;
    Ok((url, st))
}

/// Runs `check` against the stored keys; on an unknown key id, fetches the keys again
/// (at most every few seconds per provider), stores them and checks once more.
pub async fn with_fresh_keys<T>(
    state: &AppState,
    p: &SsoProvider,
    check: impl Fn(&str) -> Result<T, TokenCheck>,
) -> Result<T, String> {
    match check(&p.jwks_json) {
        Err(TokenCheck::UnknownKey) => {}
        Err(TokenCheck::Invalid(why)) => return Err(why),
        Ok(v) => return Ok(v),
    }
    static LAST: Lazy<Mutex<HashMap<String, Instant>>> = Lazy::new(Default::default);
    {
        let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
        let key = format!("{}|{}", p.id, p.jwks_uri);
        if last.get(&key).is_some_and(|t| t.elapsed() < REFETCH_EVERY) {
            return Err("signed with an unknown key".into());
        }
        last.insert(key, Instant::now());
    }
    let jwks = oidc::fetch_jwks(&p.jwks_uri).await?;
    let (id, stored) = (p.id.clone(), jwks.clone());
    state
        .write(move |conn| Ok(sso::set_jwks(conn, &id, &stored)?))
        .await
        .map_err(|e| e.to_string())?;
    match check(&jwks) {
        Err(TokenCheck::UnknownKey) => Err("signed with an unknown key".into()),
        Err(TokenCheck::Invalid(why)) => Err(why),
        Ok(v) => Ok(v),
    }
}

pub struct CallbackInput {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub cookie_state: Option<String>,
    pub ip: String,
    pub user_agent: String,
    pub previous_session: Option<String>,
}

/// "Single sign-on did not sign you in: …", the message `key` of `errors.ftl`.
fn refused(key: &'static str) -> AppError {
    AppError::BadRequest(crate::error::Msg::key(key))
}

/// Finishes a sign-in. Every failure signs nobody in and says why in general terms.
pub async fn callback(
    state: &AppState,
    provider: String,
    input: CallbackInput,
) -> AppResult<(Arrival, String)> {
    if let Some(e) = &input.error {
        let e: String = e
            .chars()
            .filter(|c| c.is_ascii_graphic())
            .take(60)
            .collect();
        return Err(AppError::BadRequest(
            crate::error::Msg::key("errors-sso-provider-answered").with("error", e),
        ));
    }
    let st = input.state.clone().unwrap_or_default();
    let same_browser = input
        .cookie_state
        .as_deref()
        .is_some_and(|c| same_secret(c, &st));
    if st.is_empty() || !same_browser {
        return Err(refused("errors-sso-other-browser"));
    }
    let now = state.clock.now();
    let st_hash = hash_token(&st);
    let flow = state
        .write(move |conn| Ok(ids::consume_flow(conn, &st_hash, now)?))
        .await?
        .filter(|f| f.provider_id == provider)
        .ok_or_else(|| refused("errors-sso-expired"))?;
    let p = enabled_provider(state, provider).await?;
    let sbox = secret_box(state)?;
    let secret = sbox
        .open(&crypto::client_secret_context(&p.id), &p.client_secret_enc)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("client secret of {}: {e}", p.id)))?;
    let code = input.code.clone().unwrap_or_default();
    if code.is_empty() {
        return Err(refused("errors-sso-no-code"));
    }
    let tokens = match oidc::exchange_code(
        &p,
        &secret,
        &code,
        &flow.pkce_verifier,
        &redirect_uri(state, &p.id),
    )
    .await
    {
        TokenOutcome::Tokens(t) => t,
        TokenOutcome::Refused(why) | TokenOutcome::Unreachable(why) => {
            tracing::warn!(provider = %p.id, %why, "OIDC code exchange failed");
            return Err(refused("errors-sso-not-confirmed"));
        }
    };
    let id_token = tokens
        .id_token
        .ok_or_else(|| refused("errors-sso-no-id-token"))?;
    let identity = with_fresh_keys(state, &p, |jwks| {
        oidc::verify_id_token(&p, &secret, jwks, &id_token, &flow.nonce, now)
    })
    .await
    .map_err(|why| {
        tracing::warn!(provider = %p.id, %why, "ID token refused");
        refused("errors-sso-invalid-token")
    })?;
    let refresh_token_enc = match &tokens.refresh_token {
        Some(rt) => Some(
            sbox.seal(
                &crypto::refresh_token_context(&identity.issuer, &identity.subject),
                rt,
            )
            .map_err(|e| AppError::Unexpected(anyhow::anyhow!(e)))?,
        ),
        None => None,
    };
    let arriving = Arriving {
        identity,
        refresh_token_enc,
        user_agent: input.user_agent,
        ip: input.ip,
        session_days: state.settings.session_days,
        previous_session: input.previous_session,
        next_url: flow.next_url.clone(),
    };
    let next = flow.next_url;
    let arrival = state
        .write(move |conn| accounts::arrive(conn, &p, &arriving, now))
        .await?;
    Ok((arrival, next))
}
