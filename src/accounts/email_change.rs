//! Changing a member's address: a confirmation link to the new one, and the change when
//! it is followed.

use crate::accounts::service::{issue_token, CONFIRM_TTL_SECS};
use crate::auth::password;
use crate::auth::rate_limit;
use crate::auth::secret::hash_token;
use crate::db::models::users::{self, User};
use crate::db::models::{sessions, settings, tokens};
use crate::db::{is_unique_violation, DbError, TokenPurpose};
use crate::domain::Email;
use crate::error::{AppError, AppResult};
use crate::i18n::resolve::for_recipient;
use crate::mail::{outbox, templates};
use crate::state::AppState;

/// Sends a confirmation link to the new address; nothing changes until it is followed.
pub async fn request_email_change(
    state: &AppState,
    user: &User,
    new_email: &str,
    current: String,
) -> AppResult<()> {
    rate_limit::check(state, &state.limits.reset_account, &user.username_key).await?;
    let email = Email::parse(new_email).map_err(|e| AppError::field("email", e))?;
    if !password::verify(current, Some(user.password_hash.clone())).await? {
        return Err(AppError::field_t(
            "current_password",
            "validation-current-password-wrong",
            &[],
        ));
    }
    if email.key() == user.email_key {
        return Err(AppError::field_t(
            "email",
            "validation-email-unchanged",
            &[],
        ));
    }
    let (id, old_email, username) = (user.id.clone(), user.email.clone(), user.username.clone());
    let language = user.language;
    let now = state.clock.now();
    let base = state.base_url();
    state
        .write(move |conn| {
            let brand = settings::load(conn, now)?;
            let lang = for_recipient(language, None, brand.default_language);
            if let Some(owner) = users::find_by_email_key(conn, email.key())? {
                // That address's owner is told, in their own language.
                let owner_lang = for_recipient(owner.language, None, brand.default_language);
                outbox::enqueue(
                    conn,
                    &templates::address_in_use(&brand, owner_lang, email.as_str()),
                    now,
                )?;
                return Ok(());
            }
            let raw = issue_token(
                conn,
                Some(&id),
                TokenPurpose::ChangeEmail,
                email.as_str(),
                now,
                CONFIRM_TTL_SECS,
            )?;
            let link = format!("{base}/settings/email/confirm/{raw}");
            outbox::enqueue(
                conn,
                &templates::confirm_email_change(&brand, lang, email.as_str(), &username, &link),
                now,
            )?;
            outbox::enqueue(
                conn,
                &templates::email_change_requested(&brand, lang, &old_email, &username),
                now,
            )?;
            Ok(())
        })
        .await?;
    state.outbox_wake.notify_one();
    Ok(())
}

/// Applies an email change from its link; all sessions are revoked.
pub async fn confirm_email_change(state: &AppState, raw: String) -> AppResult<bool> {
    let now = state.clock.now();
    let outcome = state
        .write_as(move |conn| -> Result<bool, DbError> {
            let Some(token) =
                tokens::consume(conn, &hash_token(&raw), TokenPurpose::ChangeEmail, now)?
            else {
                return Ok(false);
            };
            let (Some(user_id), Ok(email)) = (token.user_id, Email::parse(&token.payload)) else {
                return Ok(false);
            };
            users::set_email(conn, &user_id, email.as_str(), email.key(), now)?;
            sessions::delete_all_for_user(conn, &user_id)?;
            // Reset links mailed to the old address must not outlive the change.
            tokens::delete_for_user(conn, &user_id, TokenPurpose::ResetPassword)?;
            if settings::load(conn, now)?.is_employee_email(email.key()) {
                users::set_employee(conn, &user_id, true, now)?;
            }
            Ok(true)
        })
        .await?;
    match outcome {
        Ok(changed) => Ok(changed),
        // Someone took the address in the meantime.
        Err(DbError::Query(e)) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
