//! Account use cases. Each checks, validates, then writes in one transaction together
//! with the mail it causes.

use crate::auth::secret::{hash_token, random_token};
use crate::auth::{password, rate_limit, session};
use crate::db::models::tokens::{self, NewToken};
use crate::db::models::users::{self, NewUser, User};
use crate::db::models::{audit, sessions, settings};
use crate::db::{
    is_unique_violation, write_batch, DbConn, SiteRole, Timestamp, TokenPurpose, UserId,
};
use crate::domain::{Email, Password, Username};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::resolve::for_recipient;
use crate::i18n::Lang;
use crate::mail::{outbox, recipient_lang, templates};
use crate::state::AppState;

pub const CONFIRM_TTL_SECS: i64 = 48 * 3600;
pub const RESET_TTL_SECS: i64 = 3600;
pub const SETUP_TTL_SECS: i64 = 7 * 24 * 3600;

pub use super::password_reset::{
    change_password, request_password_reset, reset_password, reset_token_is_live,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AccountRole {
    Admin,
    Employee,
    Member,
}

pub struct SignupInput {
    pub username: String,
    pub email: String,
    pub password: String,
    /// Opted in to the weekly digest on the sign-up form (off unless asked for).
    pub weekly_digest: bool,
}

pub struct ParsedSignup {
    pub username: Username,
    pub email: Email,
    pub password: Password,
}

/// Parses every sign-up field, collecting all problems at once.
pub fn parse_signup(input: &SignupInput) -> Result<ParsedSignup, FieldErrors> {
    let mut errors = FieldErrors::new();
    let username = Username::parse(&input.username)
        .map_err(|e| errors.insert("username", e))
        .ok();
    let email = Email::parse(&input.email)
        .map_err(|e| errors.insert("email", e))
        .ok();
    let password = Password::parse(&input.password)
        .map_err(|e| errors.insert("password", e))
        .ok();
    match (username, email, password) {
        (Some(username), Some(email), Some(password)) if errors.is_empty() => Ok(ParsedSignup {
            username,
            email,
            password,
        }),
        _ => Err(errors),
    }
}

fn username_taken_error() -> AppError {
    AppError::field_t("username", "validation-username-taken", &[])
}

/// Issues a single-use token (voiding earlier ones of that purpose) and returns the raw value.
pub(super) fn issue_token(
    conn: &mut DbConn,
    user: Option<&UserId>,
    purpose: TokenPurpose,
    payload: &str,
    now: Timestamp,
    ttl_secs: i64,
) -> diesel::QueryResult<String> {
    let raw = random_token();
    tokens::replace(
        conn,
        &NewToken {
            id_hash: &hash_token(&raw),
            user_id: user,
            purpose,
            payload,
            created_at: now,
            expires_at: now.plus_secs(ttl_secs),
        },
    )?;
    Ok(raw)
}

enum SignupFailure {
    App(AppError),
    UsernameTaken,
    /// Taken by a concurrent sign-up: answered as for any known address.
    EmailTaken,
}

impl From<diesel::result::Error> for SignupFailure {
    fn from(e: diesel::result::Error) -> Self {
        if is_unique_violation(&e) {
            let text = format!("{e}");
            if text.contains("username") {
                return SignupFailure::UsernameTaken;
            }
            return SignupFailure::EmailTaken;
        }
        SignupFailure::App(e.into())
    }
}

impl From<crate::db::DbError> for SignupFailure {
    fn from(e: crate::db::DbError) -> Self {
        SignupFailure::App(e.into())
    }
}

/// Creates an unconfirmed account and mails a confirmation link. For an address that
/// already has an account the visible outcome is identical; its owner gets a notice.
/// `lang` is the language of the request: the confirmation goes to an address with no
/// account yet, so it is written in the language the person signed up in.
pub async fn signup(state: &AppState, input: SignupInput, ip: &str, lang: Lang) -> AppResult<()> {
    signup_with_invitation(state, input, ip, None, lang).await
}

/// [`signup`] through an invitation (issue 24): the invitation is re-checked and its use
/// counted inside the sign-up's transaction (`invitations::signup::redeem`), so a refused
/// invitation (expired, revoked, used up) creates no account and changes nothing.
pub async fn signup_with_invitation(
    state: &AppState,
    input: SignupInput,
    ip: &str,
    invitation: Option<String>,
    lang: Lang,
) -> AppResult<()> {
    rate_limit::check(state, &state.limits.signup_ip, ip).await?;
    let parsed = parse_signup(&input).map_err(AppError::Validation)?;
    let hash = password::hash(parsed.password).await?;
    let now = state.clock.now();
    let base = state.base_url();
    let weekly_digest = input.weekly_digest;
    let result = state
        .write_as(move |conn| -> Result<(), SignupFailure> {
            let brand = settings::load(conn, now)?;
            if users::username_taken(conn, parsed.username.key(), parsed.username.skeleton())? {
                return Err(SignupFailure::UsernameTaken);
            }
            if let Some(existing) = users::find_by_email_key(conn, parsed.email.key())? {
                // A link to request a reset, not a reset token: issuing one here would
                // void a reset the owner asked for, at a stranger's request.
                let link = format!("{base}/password/reset");
                outbox::enqueue(
                    conn,
                    &templates::signup_existing(
                        &brand,
                        recipient_lang(&existing, None, &brand),
                        &existing.email,
                        &link,
                    ),
                    now,
                )?;
                return Ok(());
            }
            let id = UserId::new();
            users::insert(
                conn,
                &NewUser {
                    id: &id,
                    username: parsed.username.as_str(),
                    username_key: parsed.username.key(),
                    username_skeleton: parsed.username.skeleton(),
                    email: parsed.email.as_str(),
                    email_key: parsed.email.key(),
                    email_confirmed_at: None,
                    password_hash: &hash,
                    display_name: "",
                    role: SiteRole::Member,
                    is_employee: false,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            if let Some(raw) = invitation.as_deref() {
                use crate::invitations::signup::{redeem, Refusal};
                match redeem(conn, raw, &id, false, true, now).map_err(SignupFailure::App)? {
                    Ok(_) => {}
                    // The form's address is what to change: said beside it, as any other
                    // field the form cannot take.
                    Err(refusal @ Refusal::OtherAddress) => {
                        let mut errors = FieldErrors::new();
                        errors.insert("email", refusal.message(lang));
                        return Err(SignupFailure::App(AppError::Validation(errors)));
                    }
                    Err(refusal) => return Err(SignupFailure::App(refusal.into_error_in(lang))),
                }
            }
            if weekly_digest {
                crate::notifications::service::start_digest(
                    conn,
                    &id,
                    crate::db::DigestFrequency::Weekly,
                    now,
                )?;
            }
            let raw = issue_token(
                conn,
                Some(&id),
                TokenPurpose::ConfirmEmail,
                "",
                now,
                CONFIRM_TTL_SECS,
            )?;
            let link = format!("{base}/confirm/{raw}");
            outbox::enqueue(
                conn,
                &templates::confirm_email(
                    &brand,
                    lang,
                    parsed.email.as_str(),
                    parsed.username.as_str(),
                    &link,
                ),
                now,
            )?;
            Ok(())
        })
        .await?;
    match result {
        Ok(()) => {
            state.outbox_wake.notify_one();
            Ok(())
        }
        Err(SignupFailure::UsernameTaken) => Err(username_taken_error()),
        Err(SignupFailure::EmailTaken) => Ok(()),
        Err(SignupFailure::App(e)) => Err(e),
    }
}

/// Confirms an address from an emailed link. Employees' domains make the member an employee.
pub async fn confirm_email(state: &AppState, raw_token: String) -> AppResult<Option<UserId>> {
    let now = state.clock.now();
    state
        .write(move |conn| {
            let Some(token) = tokens::consume(
                conn,
                &hash_token(&raw_token),
                TokenPurpose::ConfirmEmail,
                now,
            )?
            else {
                return Ok(None);
            };
            let Some(user_id) = token.user_id else {
                return Ok(None);
            };
            let Some(user) = users::find(conn, &user_id)? else {
                return Ok(None);
            };
            users::confirm_email(conn, &user.id, now)?;
            let brand = settings::load(conn, now)?;
            if !user.is_employee && brand.is_employee_email(&user.email_key) {
                users::set_employee(conn, &user.id, true, now)?;
                audit::record(
                    conn,
                    None,
                    "user.employee_by_domain",
                    "user",
                    user.id.as_str(),
                    &user.email_key,
                    now,
                )?;
            }
            // A new account starts at the sub-communities' default levels, once it is
            // known what it may see (employees-only ones included for employees).
            if user.email_confirmed_at.is_none() {
                let confirmed = users::find(conn, &user.id)?.ok_or(AppError::NotFound)?;
                crate::notifications::default_watches::apply_default_watches_for_new_member(
                    conn, &confirmed, now,
                )?;
            }
            Ok(Some(user.id))
        })
        .await
}

pub async fn resend_confirmation(state: &AppState, user: &User) -> AppResult<()> {
    if user.email_confirmed_at.is_some() {
        return Ok(());
    }
    let (id, email, username) = (user.id.clone(), user.email.clone(), user.username.clone());
    let language = user.language;
    let now = state.clock.now();
    let base = state.base_url();
    state
        .write(move |conn| {
            let brand = settings::load(conn, now)?;
            let lang = for_recipient(language, None, brand.default_language);
            let raw = issue_token(
                conn,
                Some(&id),
                TokenPurpose::ConfirmEmail,
                "",
                now,
                CONFIRM_TTL_SECS,
            )?;
            let link = format!("{base}/confirm/{raw}");
            outbox::enqueue(
                conn,
                &templates::confirm_email(&brand, lang, &email, &username, &link),
                now,
            )?;
            Ok(())
        })
        .await?;
    state.outbox_wake.notify_one();
    Ok(())
}

pub enum LoginOutcome {
    /// The new session token for the cookie.
    SignedIn {
        token: String,
        user_id: UserId,
    },
    InvalidCredentials,
    Suspended {
        until: Timestamp,
        reason: String,
    },
    /// The address is in an employee domain that signs in with SSO only (issue 23).
    SsoRequired,
}

/// Checks credentials (same work and answer for unknown accounts) and opens a new
/// session, closing the one the browser had (rotation).
pub async fn login(
    state: &AppState,
    login: &str,
    password_input: String,
    ip: &str,
    user_agent: &str,
    previous_session: Option<String>,
) -> AppResult<LoginOutcome> {
    rate_limit::check(state, &state.limits.signin_ip, ip).await?;
    let key = if login.contains('@') {
        login.trim().to_lowercase()
    } else {
        Username::lookup_key(login)
    };
    rate_limit::check(state, &state.limits.signin_account, &key).await?;
    if crate::sso::password_refused(state, &key).await? {
        return Ok(LoginOutcome::SsoRequired);
    }
    if password_input.len() > Password::MAX * 4 {
        return Ok(LoginOutcome::InvalidCredentials);
    }
    let lookup = key.clone();
    let user = state
        .db(move |conn| {
            Ok(if lookup.contains('@') {
                users::find_by_email_key(conn, &lookup)?
            } else {
                users::find_by_username_key(conn, &lookup)?
            })
        })
        .await?;
    // A hash made with older parameters is replaced once the password has verified.
    let rehash = user
        .as_ref()
        .filter(|u| password::needs_rehash(&u.password_hash))
        .and_then(|_| Password::parse(&password_input).ok());
    let ok = password::verify(
        password_input,
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    let Some(user) = user.filter(|_| ok) else {
        return Ok(LoginOutcome::InvalidCredentials);
    };
    let now = state.clock.now();
    if let Some(until) = user.suspended_until.filter(|u| *u > now) {
        return Ok(LoginOutcome::Suspended {
            until,
            reason: user.suspension_reason.clone().unwrap_or_default(),
        });
    }
    let new_hash = match rehash {
        Some(pw) => match password::hash(pw).await {
            Ok(h) => Some(h),
            Err(e) => {
                tracing::warn!(error = %e, "could not rehash a password at sign-in");
                None
            }
        },
        None => None,
    };
    let days = state.settings.session_days;
    let (ip, ua) = (ip.to_string(), user_agent.to_string());
    let user_id = user.id.clone();
    let token = state
        .write(move |conn| {
            if let Some(prev) = previous_session {
                sessions::delete(conn, &hash_token(&prev))?;
            }
            if let Some(hash) = &new_hash {
                users::replace_password_hash(conn, &user.id, &user.password_hash, hash)?;
            }
            // Issue 22: signing in during a deletion's grace period cancels it.
            crate::privacy::service::cancel_on_sign_in(conn, &user.id, now)?;
            Ok(session::start(conn, &user.id, now, days, &ua, &ip)?)
        })
        .await?;
    Ok(LoginOutcome::SignedIn { token, user_id })
}

pub async fn logout(state: &AppState, session_hash: String) -> AppResult<()> {
    state
        .write(move |conn| Ok(sessions::delete(conn, &session_hash).map(|_| ())?))
        .await
}

pub async fn logout_everywhere(state: &AppState, user: UserId) -> AppResult<()> {
    state
        .write(move |conn| Ok(sessions::delete_all_for_user(conn, &user).map(|_| ())?))
        .await
}

/// Creates a confirmed account directly (CLI, setup, tests' fixtures). Runs the hash on
/// the blocking pool.
pub async fn admin_create_user(
    state: &AppState,
    username: &str,
    email: &str,
    password_input: &str,
    role: AccountRole,
) -> AppResult<UserId> {
    let input = SignupInput {
        username: username.into(),
        email: email.into(),
        password: password_input.into(),
        weekly_digest: false,
    };
    let parsed = parse_signup(&input).map_err(AppError::Validation)?;
    let hash = password::hash(parsed.password).await?;
    let now = state.clock.now();
    state
        .write(move |conn| {
            insert_confirmed_with_hash(conn, &parsed.username, &parsed.email, &hash, role, now)
        })
        .await
}

/// Synchronous variant for the CLI and demo loader.
pub fn create_user_now(
    conn: &mut DbConn,
    username: &str,
    email: &str,
    password_input: &str,
    role: AccountRole,
    now: Timestamp,
) -> AppResult<UserId> {
    let input = SignupInput {
        username: username.into(),
        email: email.into(),
        password: password_input.into(),
        weekly_digest: false,
    };
    let parsed = parse_signup(&input).map_err(AppError::Validation)?;
    let hash = password::hash_now(&parsed.password)?;
    write_batch(conn, |conn| {
        insert_confirmed_with_hash(conn, &parsed.username, &parsed.email, &hash, role, now)
    })
}

/// Inserts a confirmed account whose password is already hashed, in the caller's write
/// (setup, CLI, fixtures).
pub fn insert_confirmed_with_hash(
    conn: &mut DbConn,
    username: &Username,
    email: &Email,
    hash: &str,
    role: AccountRole,
    now: Timestamp,
) -> AppResult<UserId> {
    let id = UserId::new();
    let (site_role, employee) = match role {
        AccountRole::Admin => (SiteRole::Admin, true),
        AccountRole::Employee => (SiteRole::Member, true),
        AccountRole::Member => (SiteRole::Member, false),
    };
    if users::username_taken(conn, username.key(), username.skeleton())? {
        return Err(username_taken_error());
    }
    if users::find_by_email_key(conn, email.key())?.is_some() {
        return Err(AppError::field_t("email", "validation-email-taken", &[]));
    }
    users::insert(
        conn,
        &NewUser {
            id: &id,
            username: username.as_str(),
            username_key: username.key(),
            username_skeleton: username.skeleton(),
            email: email.as_str(),
            email_key: email.key(),
            email_confirmed_at: Some(now),
            password_hash: hash,
            display_name: "",
            role: site_role,
            is_employee: employee,
            created_at: now,
            updated_at: now,
        },
    )?;
    audit::record(
        conn,
        None,
        "user.create",
        "user",
        id.as_str(),
        site_role.as_str(),
        now,
    )?;
    Ok(id)
}
