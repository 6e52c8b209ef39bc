//! Employees sign in with the company's identity provider (issue 23): OpenID Connect
//! providers configured at `/admin/sso`, role mapping from claims, back-channel logout.
//!
//! | file | what it does |
//! |---|---|
//! | `oidc` | the protocol: discovery, keys, PKCE, token requests, ID and logout token checks |
//! | `crypto` | client secrets and refresh tokens sealed with `[sso] encryption_key` |
//! | `flow` | start and callback (flows kept in the database, keys refetched on an unknown `kid`) |
//! | `accounts` | the linked account, a new one, or proof before linking an existing one |
//! | `roles` | roles from the verified groups, added and removed, audited |
//! | `leave` | back-channel logout and the periodic refresh-token re-check |
//! | `admin`, `routes`, `views` | `/admin/sso`, the `/auth/oidc/...` handlers, the pages |

pub mod accounts;
pub mod admin;
pub mod crypto;
pub mod flow;
pub mod leave;
pub mod oidc;
pub mod roles;
pub mod routes;
pub mod views;

use crate::db::models::sso;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::state::AppState;

/// The enabled providers' buttons for the sign-in page.
pub async fn sign_in_buttons(state: &AppState) -> AppResult<Vec<views::SignInButton>> {
    state
        .db(|conn| {
            Ok(sso::enabled_providers(conn)?
                .into_iter()
                .map(|p| views::SignInButton {
                    id: p.id,
                    label: p.button_label,
                })
                .collect())
        })
        .await
}

/// Whether a password may sign in (or reset the password of) this address: asks the
/// guardian with the site's switch, its employee domains and whether a provider is on.
pub fn password_allowed_for(
    conn: &mut DbConn,
    email_key: &str,
    now: crate::db::Timestamp,
) -> AppResult<bool> {
    let require = sso::require_for_employee_domains(conn)?;
    if !require {
        return Ok(true);
    }
    let in_domain = crate::db::models::settings::load(conn, now)?.is_employee_email(email_key);
    let provider = !sso::enabled_providers(conn)?.is_empty();
    Ok(crate::auth::Guardian::password_sign_in_allowed(
        require, in_domain, provider,
    ))
}

/// Whether a password sign-in with this login (an address or a username key, as
/// `accounts::service::login` normalises it) must go through single sign-on instead.
/// For an address the answer depends on its domain only (it says nothing about whether
/// an account exists); for a username, on the account's address (usernames are public).
pub async fn password_refused(state: &AppState, login_key: &str) -> AppResult<bool> {
    let key = login_key.to_string();
    let now = state.clock.now();
    state
        .db(move |conn| {
            let email_key = if key.contains('@') {
                Some(key)
            } else {
                crate::db::models::users::find_by_username_key(conn, &key)?.map(|u| u.email_key)
            };
            Ok(match email_key {
                Some(e) => !password_allowed_for(conn, &e, now)?,
                None => false,
            })
        })
        .await
}
