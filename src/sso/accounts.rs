//! Who a verified identity is (issue 23): the account linked to (issuer, subject); else a
//! new account when the provider allows sign-up; else, when an account already has that
//! address, nobody until that account proves itself (its password, or a link mailed to
//! it): an email claim never links accounts by itself.

use crate::auth::secret::{hash_token, random_token};
use crate::auth::session;
use crate::db::models::sso::SsoProvider;
use crate::db::models::sso_identities::{self as ids, PendingLink, SsoIdentity};
use crate::db::models::users::{self, NewUser, User};
use crate::db::models::{audit, settings};
use crate::db::{DbConn, SiteRole, Timestamp, UserId};
use crate::domain::{Email, Username};
use crate::error::{AppError, AppResult};
use crate::mail::outbox;
use crate::sso::oidc::VerifiedIdentity;
use crate::sso::roles;

/// How long the "prove this account" page and its mailed link stay usable.
pub const LINK_TTL_SECS: i64 = 3600;

/// A password that never verifies: an account made by SSO has no password until its
/// member sets one through a reset (when the site allows it).
const NO_PASSWORD: &str = "!sso";

/// How the sign-in ends.
#[derive(Debug)]
pub enum Arrival {
    SignedIn {
        token: String,
        user_id: UserId,
    },
    /// An account already has this address: the raw token of the proof page.
    ProveAccount {
        token: String,
    },
    SignupClosed,
    NoEmail,
    Suspended,
}

/// What the sign-in brings besides the identity.
pub struct Arriving {
    pub identity: VerifiedIdentity,
    pub refresh_token_enc: Option<String>,
    pub user_agent: String,
    pub ip: String,
    pub session_days: i64,
    pub previous_session: Option<String>,
    pub next_url: String,
}

fn start_session(
    conn: &mut DbConn,
    user: &UserId,
    a: &Arriving,
    now: Timestamp,
) -> AppResult<String> {
    if let Some(prev) = &a.previous_session {
        crate::db::models::sessions::delete(conn, &hash_token(prev))?;
    }
    // Issue 22: signing in during a deletion's grace period cancels it.
    crate::privacy::service::cancel_on_sign_in(conn, user, now)?;
    Ok(session::start(
        conn,
        user,
        now,
        a.session_days,
        &a.user_agent,
        &a.ip,
    )?)
}

/// A valid, free username from `preferred_username` or the address's local part.
fn free_username(conn: &mut DbConn, id: &VerifiedIdentity) -> AppResult<Username> {
    let source = id
        .preferred_username
        .clone()
        .or_else(|| {
            id.email
                .as_ref()
                .and_then(|e| e.split('@').next().map(str::to_string))
        })
        .unwrap_or_default();
    let mut base: String = source
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(Username::MAX - 4)
        .collect();
    base = base.trim_matches(|c| c == '_' || c == '-').to_string();
    if base.chars().count() < Username::MIN {
        base = format!("member_{base}");
    }
    for n in 0..50u32 {
        let candidate = if n == 0 {
            base.clone()
        } else {
            format!("{base}{}", n + 1)
        };
        if let Ok(name) = Username::parse(&candidate) {
            if !users::username_taken(conn, name.key(), name.skeleton())? {
                return Ok(name);
            }
        }
    }
    let fallback = format!("member_{}", &random_token()[..8]);
    Username::parse(&fallback).map_err(|e| AppError::Unexpected(anyhow::anyhow!(e)))
}

/// The whole arrival in one transaction: sign in a linked identity, create an account,
/// or park the identity until the existing account proves itself.
pub fn arrive(
    conn: &mut DbConn,
    p: &SsoProvider,
    a: &Arriving,
    now: Timestamp,
) -> AppResult<Arrival> {
    let id = &a.identity;
    if let Some(linked) = ids::find_identity(conn, &id.issuer, &id.subject)? {
        let user = users::find(conn, &linked.user_id)?.ok_or(AppError::NotFound)?;
        if user.is_suspended_at(now) {
            return Ok(Arrival::Suspended);
        }
        ids::record_sign_in(
            conn,
            &id.issuer,
            &id.subject,
            a.refresh_token_enc.as_deref(),
            id.sid.as_deref(),
            now,
        )?;
        roles::sync(conn, &user, &p.id, &id.groups, now)?;
        let token = start_session(conn, &user.id, a, now)?;
        return Ok(Arrival::SignedIn {
            token,
            user_id: user.id,
        });
    }
    let Some(email) = id.email.as_deref().and_then(|e| Email::parse(e).ok()) else {
        return Ok(Arrival::NoEmail);
    };
    if let Some(existing) = users::find_by_email_key(conn, email.key())? {
        let raw = random_token();
        ids::insert_pending(
            conn,
            &PendingLink {
                token_hash: hash_token(&raw),
                mail_token_hash: None,
                user_id: existing.id,
                provider_id: p.id.clone(),
                issuer: id.issuer.clone(),
                subject: id.subject.clone(),
                groups_json: serde_json::to_string(&id.groups).unwrap_or_else(|_| "[]".into()),
                refresh_token_enc: a.refresh_token_enc.clone(),
                session_sid: id.sid.clone(),
                next_url: a.next_url.clone(),
                created_at: now,
                expires_at: now.plus_secs(LINK_TTL_SECS),
            },
        )?;
        return Ok(Arrival::ProveAccount { token: raw });
    }
    if !p.allow_signup {
        return Ok(Arrival::SignupClosed);
    }
    let username = free_username(conn, id)?;
    let user_id = UserId::new();
    users::insert(
        conn,
        &NewUser {
            id: &user_id,
            username: username.as_str(),
            username_key: username.key(),
            username_skeleton: username.skeleton(),
            email: email.as_str(),
            email_key: email.key(),
            // The provider vouches for the address unless it says it has not checked it.
            email_confirmed_at: (id.email_verified != Some(false)).then_some(now),
            password_hash: NO_PASSWORD,
            display_name: "",
            role: SiteRole::Member,
            is_employee: false,
            created_at: now,
            updated_at: now,
        },
    )?;
    audit::record(
        conn,
        None,
        "user.create_sso",
        "user",
        user_id.as_str(),
        &p.id,
        now,
    )?;
    link_identity(
        conn,
        p.id.clone(),
        &user_id,
        id,
        a.refresh_token_enc.clone(),
        now,
    )?;
    let user = users::find(conn, &user_id)?.ok_or(AppError::NotFound)?;
    roles::sync(conn, &user, &p.id, &id.groups, now)?;
    if user.email_confirmed_at.is_some() {
        let user = users::find(conn, &user_id)?.ok_or(AppError::NotFound)?;
        crate::notifications::default_watches::apply_default_watches_for_new_member(
            conn, &user, now,
        )?;
    }
    let token = start_session(conn, &user_id, a, now)?;
    Ok(Arrival::SignedIn { token, user_id })
}

fn link_identity(
    conn: &mut DbConn,
    provider: String,
    user: &UserId,
    id: &VerifiedIdentity,
    refresh_token_enc: Option<String>,
    now: Timestamp,
) -> AppResult<()> {
    ids::insert_identity(
        conn,
        &SsoIdentity {
            issuer: id.issuer.clone(),
            subject: id.subject.clone(),
            provider_id: provider,
            user_id: user.clone(),
            refresh_token_enc,
            session_sid: id.sid.clone(),
            checked_at: now,
            created_at: now,
        },
    )?;
    Ok(())
}

/// The account waiting for proof behind a proof page's token.
pub fn pending(conn: &mut DbConn, raw: &str, now: Timestamp) -> AppResult<(PendingLink, User)> {
    let link = ids::find_pending(conn, &hash_token(raw), now)?.ok_or(AppError::NotFound)?;
    let user = users::find(conn, &link.user_id)?.ok_or(AppError::NotFound)?;
    Ok((link, user))
}

/// The account proved itself: link the identity, apply its groups, sign in.
pub fn complete_link(
    conn: &mut DbConn,
    link: &PendingLink,
    how: &str,
    a: &Arriving,
    now: Timestamp,
) -> AppResult<Arrival> {
    if ids::delete_pending(conn, &link.token_hash)? == 0 {
        return Err(AppError::NotFound);
    }
    let user = users::find(conn, &link.user_id)?.ok_or(AppError::NotFound)?;
    if user.is_suspended_at(now) {
        return Ok(Arrival::Suspended);
    }
    if ids::find_identity(conn, &link.issuer, &link.subject)?.is_some() {
        return Err(AppError::Conflict(crate::error::Msg::key(
            "errors-sso-identity-linked",
        )));
    }
    let identity = VerifiedIdentity {
        issuer: link.issuer.clone(),
        subject: link.subject.clone(),
        sid: link.session_sid.clone(),
        groups: serde_json::from_str(&link.groups_json).unwrap_or_default(),
        ..VerifiedIdentity::default()
    };
    link_identity(
        conn,
        link.provider_id.clone(),
        &user.id,
        &identity,
        link.refresh_token_enc.clone(),
        now,
    )?;
    audit::record(
        conn,
        None,
        "sso.link",
        "user",
        user.id.as_str(),
        &format!("{} ({how})", link.provider_id),
        now,
    )?;
    // Proving the account proves the address too.
    users::confirm_email(conn, &user.id, now)?;
    roles::sync(conn, &user, &link.provider_id, &identity.groups, now)?;
    let token = start_session(conn, &user.id, a, now)?;
    Ok(Arrival::SignedIn {
        token,
        user_id: user.id,
    })
}

/// Mails the account's owner a single-use link that proves it; returns nothing to the
/// person asking (they may not own the address).
pub fn mail_proof(conn: &mut DbConn, raw: &str, base: &str, now: Timestamp) -> AppResult<()> {
    let (link, user) = pending(conn, raw, now)?;
    let mail_raw = random_token();
    ids::set_pending_mail(conn, &link.token_hash, &hash_token(&mail_raw))?;
    let brand = settings::load(conn, now)?;
    let url = format!("{base}/auth/oidc/link/mail/{mail_raw}");
    let email = crate::mail::templates::sso_link(
        &brand,
        crate::mail::recipient_lang(&user, None, &brand),
        &user.email,
        &user.username,
        &link.provider_id,
        &url,
    );
    outbox::enqueue(conn, &email, now)?;
    Ok(())
}

pub fn pending_by_mail(conn: &mut DbConn, raw: &str, now: Timestamp) -> AppResult<PendingLink> {
    ids::find_pending_by_mail(conn, &hash_token(raw), now)?.ok_or(AppError::NotFound)
}
