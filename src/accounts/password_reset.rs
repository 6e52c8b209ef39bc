//! Passwords: the reset by a mailed single-use link, and the change by a signed-in
//! member. Split from `service` (which re-exports them) to keep each file readable.

use super::service::{issue_token, RESET_TTL_SECS};
use crate::auth::secret::hash_token;
use crate::auth::{password, rate_limit, session};
use crate::db::models::tokens;
use crate::db::models::users::{self, User};
use crate::db::models::{sessions, settings};
use crate::db::TokenPurpose;
use crate::domain::{Email, Password};
use crate::error::{AppError, AppResult};
use crate::mail::{outbox, recipient_lang, templates};
use crate::state::AppState;

/// Mails a reset link if the address has an account; the answer is the same either way.
pub async fn request_password_reset(
    state: &AppState,
    email_input: &str,
    ip: &str,
) -> AppResult<()> {
    rate_limit::check(state, &state.limits.reset_ip, ip).await?;
    let key = email_input.trim().to_lowercase();
    if key.is_empty() || key.len() > Email::MAX {
        return Err(AppError::field_t(
            "email",
            "validation-account-email-required",
            &[],
        ));
    }
    rate_limit::check(state, &state.limits.reset_account, &key).await?;
    if crate::sso::password_refused(state, &key).await? {
        return Err(AppError::field("email", crate::sso::views::SSO_ONLY));
    }
    let now = state.clock.now();
    let base = state.base_url();
    state
        .write(move |conn| {
            let Some(user) = users::find_by_email_key(conn, &key)? else {
                return Ok(());
            };
            let brand = settings::load(conn, now)?;
            let raw = issue_token(
                conn,
                Some(&user.id),
                TokenPurpose::ResetPassword,
                "",
                now,
                RESET_TTL_SECS,
            )?;
            let link = format!("{base}/password/reset/{raw}");
            outbox::enqueue(
                conn,
                &templates::reset_password(
                    &brand,
                    recipient_lang(&user, None, &brand),
                    &user.email,
                    &user.username,
                    &link,
                ),
                now,
            )?;
            Ok(())
        })
        .await?;
    state.outbox_wake.notify_one();
    Ok(())
}

pub async fn reset_token_is_live(state: &AppState, raw: String) -> AppResult<bool> {
    let now = state.clock.now();
    state
        .db(move |conn| {
            Ok(tokens::peek(conn, &hash_token(&raw), TokenPurpose::ResetPassword, now)?.is_some())
        })
        .await
}

/// Sets a new password from a reset link; every session of the account is closed.
pub async fn reset_password(state: &AppState, raw: String, new_password: &str) -> AppResult<bool> {
    let pw = Password::parse(new_password).map_err(|e| AppError::field("password", e))?;
    let hash = password::hash(pw).await?;
    let now = state.clock.now();
    state
        .write(move |conn| {
            let Some(token) =
                tokens::consume(conn, &hash_token(&raw), TokenPurpose::ResetPassword, now)?
            else {
                return Ok(false);
            };
            let Some(user_id) = token.user_id else {
                return Ok(false);
            };
            users::set_password(conn, &user_id, &hash, now)?;
            // Following the link proves the address is theirs.
            users::confirm_email(conn, &user_id, now)?;
            sessions::delete_all_for_user(conn, &user_id)?;
            Ok(true)
        })
        .await
}

/// Changes the password after checking the current one. All sessions are revoked and a
/// fresh one is returned for this browser.
pub async fn change_password(
    state: &AppState,
    user: &User,
    current: String,
    new_password: &str,
    ip: &str,
    user_agent: &str,
) -> AppResult<String> {
    rate_limit::check(state, &state.limits.signin_account, &user.username_key).await?;
    let pw = Password::parse(new_password).map_err(|e| AppError::field("new_password", e))?;
    if !password::verify(current, Some(user.password_hash.clone())).await? {
        return Err(AppError::field_t(
            "current_password",
            "validation-current-password-wrong",
            &[],
        ));
    }
    let hash = password::hash(pw).await?;
    let now = state.clock.now();
    let days = state.settings.session_days;
    let (id, ip, ua) = (user.id.clone(), ip.to_string(), user_agent.to_string());
    state
        .write(move |conn| {
            users::set_password(conn, &id, &hash, now)?;
            sessions::delete_all_for_user(conn, &id)?;
            tokens::delete_for_user(conn, &id, TokenPurpose::ResetPassword)?;
            Ok(session::start(conn, &id, now, days, &ua, &ip)?)
        })
        .await
}
