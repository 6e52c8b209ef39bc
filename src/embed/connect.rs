//! Parley Connect: a host site's backend, which knows its signed-in visitor, signs a short
//! assertion with its per-site secret (from `/admin/embedding`); Parley checks it and
//! signs the visitor in inside the frame.
//!
//! The assertion is `<site_id>.<payload>.<signature>`: `payload` is the base64url (no
//! padding) of the JSON `{"sub","email","name","exp","nonce","aud"}`, `signature` the
//! base64url of HMAC-SHA256(secret, "<site_id>.<payload>"). Every check that fails is a
//! [`Refusal`] with a machine code; nothing is created by a refused assertion, and a
//! nonce is consumed only together with the sign-in it allowed (one transaction).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::auth::secret::hash_token;
use crate::db::models::embed::{self, EmbedSite};
use crate::db::models::users::{self, NewUser};
use crate::db::{DbConn, SiteRole, Timestamp, UserId};
use crate::domain::{Email, Username};

/// An assertion may live at most this long (its `exp` at most this far ahead of now).
pub const MAX_LIFETIME_SECS: i64 = 300;
const NONCE_LEN: std::ops::RangeInclusive<usize> = 16..=128;
const SUBJECT_MAX: usize = 255;
const DISPLAY_NAME_MAX: usize = 60;

/// Why an assertion was refused: the `code` of the 401 problem, and of the log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Malformed,
    UnknownSite,
    BadSignature,
    /// Outside its lifetime: `exp` passed, or more than [`MAX_LIFETIME_SECS`] ahead.
    Expired,
    Replayed,
    WrongAudience,
    OriginNotAllowed,
    /// The linked account is suspended or banned.
    Suspended,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Malformed => "malformed",
            Refusal::UnknownSite => "unknown_site",
            Refusal::BadSignature => "bad_signature",
            Refusal::Expired => "expired",
            Refusal::Replayed => "replayed",
            Refusal::WrongAudience => "wrong_audience",
            Refusal::OriginNotAllowed => "origin_not_allowed",
            Refusal::Suspended => "suspended",
        }
    }
}

/// What the host site asserts about its visitor.
#[derive(Debug, Clone, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub email: String,
    pub name: String,
    pub exp: i64,
    pub nonce: String,
    pub aud: String,
}

/// An assertion split into its three parts (nothing checked yet).
#[derive(Debug, Clone)]
pub struct Assertion {
    pub site_id: String,
    payload: String,
    signature: String,
}

impl Assertion {
    pub fn split(text: &str) -> Result<Assertion, Refusal> {
        let mut parts = text.trim().split('.');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(site), Some(payload), Some(sig), None)
                if !site.is_empty() && !payload.is_empty() && !sig.is_empty() =>
            {
                Ok(Assertion {
                    site_id: site.to_string(),
                    payload: payload.to_string(),
                    signature: sig.to_string(),
                })
            }
            _ => Err(Refusal::Malformed),
        }
    }

    /// Checks the signature with the site's secret (constant time), then reads the
    /// claims. A revoked site is as unknown as one that never existed.
    pub fn verify(&self, site: Option<&EmbedSite>) -> Result<Claims, Refusal> {
        let site = site
            .filter(|s| !s.is_revoked())
            .ok_or(Refusal::UnknownSite)?;
        let signature = URL_SAFE_NO_PAD
            .decode(self.signature.trim_end_matches('=').as_bytes())
            .map_err(|_| Refusal::BadSignature)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(site.secret.as_bytes())
            .map_err(|_| Refusal::BadSignature)?;
        mac.update(self.site_id.as_bytes());
        mac.update(b".");
        mac.update(self.payload.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| Refusal::BadSignature)?;
        let json = URL_SAFE_NO_PAD
            .decode(self.payload.trim_end_matches('=').as_bytes())
            .map_err(|_| Refusal::Malformed)?;
        serde_json::from_slice(&json).map_err(|_| Refusal::Malformed)
    }
}

impl Claims {
    /// The checks that need no database: shape, lifetime, audience.
    pub fn check(&self, now: Timestamp, audience: &str) -> Result<(), Refusal> {
        let sub = self.sub.trim();
        if sub.is_empty()
            || sub.len() > SUBJECT_MAX
            || !NONCE_LEN.contains(&self.nonce.len())
            || Email::parse(&self.email).is_err()
        {
            return Err(Refusal::Malformed);
        }
        let now_secs = now.micros().div_euclid(1_000_000);
        if self.exp <= now_secs || self.exp > now_secs + MAX_LIFETIME_SECS {
            return Err(Refusal::Expired);
        }
        if self.aud.trim_end_matches('/') != audience.trim_end_matches('/') {
            return Err(Refusal::WrongAudience);
        }
        Ok(())
    }

    pub fn expires_at(&self) -> Timestamp {
        Timestamp::from_micros(self.exp.saturating_mul(1_000_000))
    }
}

/// Whether the frame's host origin may sign in through `site`: it must be one of the
/// site's own origins (the sub-community's allowance is the guardian's, checked beside).
pub fn site_allows_origin(site: &EmbedSite, origin: &str) -> bool {
    site.origin_list()
        .iter()
        .any(|o| o.eq_ignore_ascii_case(origin))
}

/// A PHC-looking string no password can ever verify against (it does not parse): a
/// Connect account signs in only through Connect until its member sets a password by
/// reset.
const NO_PASSWORD: &str = "!parley-connect-no-password";

/// The account linked to (site, sub), created and linked when there is none. Never
/// linked by email: an existing account with the asserted address stays apart.
/// Returns the member and whether the account was just created.
pub fn link_or_create(
    conn: &mut DbConn,
    site: &EmbedSite,
    claims: &Claims,
    now: Timestamp,
) -> diesel::QueryResult<(UserId, bool)> {
    let subject = claims.sub.trim();
    if let Some(user) = embed::identity_user(conn, &site.id, subject)? {
        return Ok((user, false));
    }
    let username = free_username(conn, &claims.name)?;
    let display_name: String = claims.name.trim().chars().take(DISPLAY_NAME_MAX).collect();
    let id = UserId::new();
    // `check` parsed it already; a failure here would be a bug, refused as a placeholder.
    let asserted = Email::parse(&claims.email).ok();
    let taken = match &asserted {
        Some(e) => users::find_by_email_key(conn, e.key())?.is_some(),
        None => true,
    };
    // The host vouches for its visitor's address, so it is confirmed. But when another
    // account already has it, the new account is NOT linked to that one (an email alone
    // proves nothing about who controls the account) and gets a placeholder in the
    // reserved `.invalid` domain instead, unique by the account id, unconfirmed and
    // undeliverable: the member can set their real address in their settings.
    let (email, email_key, confirmed) = match asserted {
        Some(e) if !taken => (e.as_str().to_string(), e.key().to_string(), Some(now)),
        _ => {
            let placeholder = format!("connect-{id}@parley-connect.invalid");
            (placeholder.clone(), placeholder, None)
        }
    };
    users::insert(
        conn,
        &NewUser {
            id: &id,
            username: username.as_str(),
            username_key: username.key(),
            username_skeleton: username.skeleton(),
            email: &email,
            email_key: &email_key,
            email_confirmed_at: confirmed,
            password_hash: NO_PASSWORD,
            display_name: &display_name,
            role: SiteRole::Member,
            is_employee: false,
            created_at: now,
            updated_at: now,
        },
    )?;
    embed::link_identity(conn, &site.id, subject, &id, now)?;
    crate::db::models::audit::record(
        conn,
        None,
        "user.create_connect",
        "user",
        id.as_str(),
        &format!(
            "{} signed up through Parley Connect from host site {} ({}){}",
            username.as_str(),
            site.name,
            site.id,
            if confirmed.is_none() {
                "; asserted address already in use, placeholder given"
            } else {
                ""
            }
        ),
        now,
    )?;
    Ok((id, true))
}

/// A free username derived from the asserted name: letters and digits kept, anything
/// else a `-`, uniquified with digits; `member` when nothing usable is left.
fn free_username(conn: &mut DbConn, name: &str) -> diesel::QueryResult<Username> {
    let base = username_base(name);
    for n in 0..200u32 {
        let candidate = if n == 0 {
            base.clone()
        } else {
            format!("{base}{}", n + 1)
        };
        if let Ok(u) = Username::parse(&candidate) {
            if !users::username_taken(conn, u.key(), u.skeleton())? {
                return Ok(u);
            }
        }
    }
    // 200 namesakes: a random suffix ends it.
    let suffix = &hash_token(UserId::new().as_str())[..8];
    Username::parse(&format!("member-{suffix}")).map_err(|e| {
        diesel::result::Error::QueryBuilderError(format!("no free username: {e}").into())
    })
}

fn username_base(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut base: String = out.trim_matches('-').chars().take(24).collect();
    base = base.trim_end_matches('-').to_string();
    if Username::parse(&base).is_err() {
        "member".to_string()
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_base_keeps_letters_and_digits() {
        assert_eq!(username_base("Ada Lovelace"), "Ada-Lovelace");
        assert_eq!(username_base("  ** "), "member");
        assert_eq!(username_base("Jo"), "member");
    }

    #[test]
    fn split_needs_three_parts() {
        assert!(Assertion::split("a.b.c").is_ok());
        assert_eq!(Assertion::split("a.b").err(), Some(Refusal::Malformed));
        assert_eq!(Assertion::split("a.b.c.d").err(), Some(Refusal::Malformed));
    }
}
