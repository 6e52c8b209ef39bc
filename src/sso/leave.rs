//! Leaving the company (issue 23). Back-channel logout: the provider posts a signed
//! logout token and the member's sessions end at once (deleted rows: every node's viewer
//! looks the session up on each request, as with a suspension). The re-check: members
//! signed in through SSO are checked against the provider with their refresh token at
//! least every `[sso] recheck_interval_hours`; a refused refresh ends their sessions and
//! takes back every role SSO manages. Both are audited.

use crate::db::models::sso::{self, SsoProvider};
use crate::db::models::sso_identities::{self as ids, SsoIdentity};
use crate::db::models::{audit, sessions, users};
use crate::db::{DbConn, Timestamp};
use crate::error::{AppError, AppResult};
use crate::sso::crypto;
use crate::sso::flow::{secret_box, with_fresh_keys};
use crate::sso::oidc::{self, TokenOutcome};
use crate::sso::roles;
use crate::state::AppState;

/// Ends the sessions of the member behind `identity`, with its reason in the audit log;
/// `take_roles` also takes back what SSO granted (access refused by the provider).
fn end_access(
    conn: &mut DbConn,
    identity: &SsoIdentity,
    action: &str,
    take_roles: bool,
    now: Timestamp,
) -> AppResult<()> {
    let n = sessions::delete_all_for_user(conn, &identity.user_id)?;
    if take_roles {
        if let Some(user) = users::find(conn, &identity.user_id)? {
            roles::sync(conn, &user, &identity.provider_id, &[], now)?;
        }
        ids::set_checked(conn, &identity.issuer, &identity.subject, None, now)?;
    }
    audit::record(
        conn,
        None,
        action,
        "user",
        identity.user_id.as_str(),
        &format!("{}: {} session(s) ended", identity.provider_id, n),
        now,
    )?;
    Ok(())
}

/// Verifies a logout token for `provider` and ends the sessions it names. A token that
/// does not verify is a `BadRequest` (the provider gets 400, nothing changes).
pub async fn backchannel_logout(
    state: &AppState,
    provider: String,
    token: String,
) -> AppResult<usize> {
    let p: SsoProvider = state
        .db(move |conn| sso::find_provider(conn, &provider)?.ok_or(AppError::NotFound))
        .await?;
    let now = state.clock.now();
    let who = with_fresh_keys(state, &p, |jwks| {
        oidc::verify_logout_token(&p, jwks, &token, now)
    })
    .await
    .map_err(|why| {
        tracing::warn!(provider = %p.id, %why, "logout token refused");
        AppError::BadRequest(crate::error::Msg::key("errors-sso-logout-token"))
    })?;
    let (provider, issuer) = (p.id.clone(), p.issuer.clone());
    state
        .write(move |conn| {
            let mut found: Vec<SsoIdentity> = Vec::new();
            if let Some(sub) = &who.sub {
                found.extend(
                    ids::find_identity(conn, &issuer, sub)?.filter(|i| i.provider_id == provider),
                );
            }
            if let Some(sid) = &who.sid {
                for i in ids::identities_by_sid(conn, &provider, sid)? {
                    // With both, the session must belong to the subject.
                    if who.sub.as_ref().is_none_or(|s| *s == i.subject)
                        && !found.iter().any(|f| f.subject == i.subject)
                    {
                        found.push(i);
                    }
                }
            }
            for identity in &found {
                end_access(conn, identity, "sso.backchannel_logout", false, now)?;
            }
            Ok(found.len())
        })
        .await
}

/// Checks every identity not checked for `[sso] recheck_interval_hours` (a batch per
/// call); returns how many lost their access. Run by housekeeping; tests call it after
/// moving the manual clock.
pub async fn recheck_due(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now();
    let hours = state.settings.sso.recheck_interval_hours.max(1);
    let before = now.plus_secs(-hours * 3600);
    let due = state
        .db(move |conn| Ok(ids::due_for_recheck(conn, before, 100)?))
        .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let sbox = secret_box(state)?;
    let mut ended = 0;
    for identity in due {
        let pid = identity.provider_id.clone();
        let Some(p) = state
            .db(move |conn| Ok(sso::find_provider(conn, &pid)?))
            .await?
        else {
            continue;
        };
        let secret = sbox.open(&crypto::client_secret_context(&p.id), &p.client_secret_enc);
        let ctx = crypto::refresh_token_context(&identity.issuer, &identity.subject);
        let rt = identity
            .refresh_token_enc
            .as_deref()
            .map(|enc| sbox.open(&ctx, enc));
        let (Ok(secret), Some(Ok(rt))) = (secret, rt) else {
            tracing::warn!(provider = %p.id, "cannot open a stored secret: is [sso] encryption_key the one they were sealed with?");
            continue;
        };
        match oidc::refresh(&p, &secret, &rt).await {
            TokenOutcome::Tokens(t) => {
                let sealed = match t.refresh_token {
                    Some(new) => sbox.seal(&ctx, &new).ok(),
                    None => identity.refresh_token_enc.clone(),
                };
                state
                    .write(move |conn| {
                        ids::set_checked(
                            conn,
                            &identity.issuer,
                            &identity.subject,
                            sealed.as_deref(),
                            now,
                        )?;
                        Ok(())
                    })
                    .await?;
            }
            TokenOutcome::Refused(why) => {
                tracing::info!(provider = %p.id, %why, "refresh refused: access ends");
                state
                    .write(move |conn| end_access(conn, &identity, "sso.access_ended", true, now))
                    .await?;
                ended += 1;
            }
            TokenOutcome::Unreachable(why) => {
                tracing::warn!(provider = %p.id, %why, "re-check postponed");
            }
        }
    }
    Ok(ended)
}
