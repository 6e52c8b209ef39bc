//! Server-side sessions: a random 256-bit token in an HttpOnly cookie, its SHA-256 in the
//! `sessions` table. Rotated at sign-in; deleted at sign-out, password change, email
//! change and suspension.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};

use crate::auth::secret::{hash_token, random_token};
use crate::db::models::sessions::{self, NewSession};
use crate::db::{DbConn, Timestamp, UserId};

pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-parley_session"
    } else {
        "parley_session"
    }
}

/// Creates a session row and returns the raw token for the cookie.
pub fn start(
    conn: &mut DbConn,
    user: &UserId,
    now: Timestamp,
    days: i64,
    user_agent: &str,
    ip: &str,
) -> diesel::QueryResult<String> {
    let token = random_token();
    let ua: String = user_agent.chars().take(200).collect();
    sessions::insert(
        conn,
        &NewSession {
            id_hash: &hash_token(&token),
            user_id: user,
            created_at: now,
            last_seen_at: now,
            expires_at: now.plus_secs(days * 86_400),
            user_agent: &ua,
            ip,
        },
    )?;
    Ok(token)
}

pub fn cookie(token: String, secure: bool, days: i64) -> Cookie<'static> {
    Cookie::build(cookie_name(secure), token)
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(days))
        .finish()
}

pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut c = Cookie::build(cookie_name(secure), "")
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .finish();
    c.make_removal();
    c
}
