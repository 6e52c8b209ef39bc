//! One function per use case; every decision through the guardian.

use crate::auth::secret::hash_token;
use crate::auth::{password, rate_limit, Guardian};
use crate::db::models::audit;
use crate::db::models::privacy::{self as requests, NewRequest, PrivacyRequest};
use crate::db::models::users::{self, User};
use crate::db::{DbConn, Timestamp, UserId};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The account-page field that confirms a deletion.
pub const CONFIRM_FIELD: &str = "delete_confirm";

fn audit_step(
    conn: &mut DbConn,
    actor: &UserId,
    action: &str,
    member: &UserId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    // The account's id only: the log keeps the fact, never the person's data.
    audit::record(conn, Some(actor), action, "user", member.as_str(), "", now)
}

/// A member (or an admin for them) asks for their data; the archive is prepared in the
/// background and mailed to the member as a link. Asking again while one is being
/// prepared adds nothing.
pub async fn request_export(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &UserId,
    member: UserId,
) -> AppResult<()> {
    if !guardian.can_request_export_for(&member) {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now();
    let actor = actor.clone();
    state
        .write(move |conn| {
            if users::find(conn, &member)?.is_none() {
                return Err(AppError::NotFound);
            }
            if requests::pending_export(conn, &member)?.is_some() {
                return Ok(());
            }
            requests::insert(
                conn,
                &NewRequest {
                    user: &member,
                    kind: requests::EXPORT,
                    requested_by: &actor,
                    remove_posts: false,
                    now,
                    due_at: now,
                },
            )?;
            audit_step(conn, &actor, "privacy.export_requested", &member, now)?;
            Ok(())
        })
        .await?;
    state.privacy_wake.notify_one();
    Ok(())
}

/// The archive behind a mailed link, for the signed-in member it belongs to, once and
/// before it expires. Anything else is "not found" and changes nothing.
pub async fn download(
    state: &AppState,
    guardian: &Guardian<'_>,
    raw_token: &str,
) -> AppResult<String> {
    let hash = hash_token(raw_token);
    let now = state.clock.now();
    let found: Option<PrivacyRequest> = state
        .db(move |conn| Ok(requests::find_by_token(conn, &hash)?))
        .await?;
    let Some(request) = found else {
        return Err(AppError::NotFound);
    };
    if !guardian.can_download_export(&request.user_id) {
        return Err(AppError::NotFound);
    }
    state
        .write(
            move |conn| match requests::take_archive(conn, &request.id, now)? {
                Some(archive) => {
                    let member = &request.user_id;
                    audit_step(conn, member, "privacy.export_downloaded", member, now)?;
                    Ok(archive)
                }
                None => Err(AppError::NotFound),
            },
        )
        .await
}

/// What a deletion request carries.
pub struct DeletionInput {
    /// The member's confirmation: their password, or their username for an account
    /// without one (single sign-on). Required when they ask themselves.
    pub confirmation: Option<String>,
    /// Replace their posts' bodies with a removal notice at the erasure.
    pub remove_posts: bool,
    /// Admins only: no grace period, erased now.
    pub now: bool,
}

/// Accounts made by single sign-on or Parley Connect have no password (their hash is a
/// marker starting with `!`): they confirm with their username instead.
pub fn confirms_with_password(user: &User) -> bool {
    !user.password_hash.starts_with('!')
}

async fn check_confirmation(state: &AppState, user: &User, given: &str) -> AppResult<()> {
    rate_limit::check(state, &state.limits.signin_account, &user.username_key).await?;
    let ok = if confirms_with_password(user) {
        password::verify(given.to_string(), Some(user.password_hash.clone())).await?
    } else {
        crate::domain::Username::lookup_key(given) == user.username_key
    };
    if ok {
        Ok(())
    } else if confirms_with_password(user) {
        Err(AppError::field_t(
            CONFIRM_FIELD,
            "privacy-wrong-password",
            &[],
        ))
    } else {
        Err(AppError::field_t(
            CONFIRM_FIELD,
            "privacy-wrong-username",
            &[],
        ))
    }
}

/// A member deletes their account, or an admin does on their request. Signs them out
/// everywhere and drops their tokens and unsent mail at once; the erasure follows when
/// the grace period ends (at once when an admin asks for that). Returns when it is due.
pub async fn request_deletion(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    member: UserId,
    input: DeletionInput,
) -> AppResult<Timestamp> {
    let target = {
        let id = member.clone();
        state
            .db(move |conn| Ok(users::find(conn, &id)?))
            .await?
            .ok_or(AppError::NotFound)?
    };
    if !guardian.can_delete_account(&target) {
        return Err(AppError::Forbidden);
    }
    if input.now && !guardian.can_shorten_deletion_grace(&target) {
        return Err(AppError::Forbidden);
    }
    if actor.id == member {
        check_confirmation(state, actor, input.confirmation.as_deref().unwrap_or("")).await?;
    }
    let now = state.clock.now();
    let due = if input.now {
        now
    } else {
        super::job::due_after_grace(state, now)
    };
    let actor_id = actor.id.clone();
    let remove_posts = input.remove_posts;
    let (request, due) = state
        .write(move |conn| {
            let Some(user) = users::find(conn, &member)? else {
                return Err(AppError::NotFound);
            };
            let (id, due) = match requests::pending_deletion(conn, &member)? {
                Some(existing) => {
                    // Asked again: the earlier end, and the posts go if either asked.
                    let due = due.min(existing.due_at);
                    let remove = remove_posts || existing.remove_posts;
                    requests::set_due(conn, &existing.id, due, remove)?;
                    (existing.id, due)
                }
                None => {
                    let id = requests::insert(
                        conn,
                        &NewRequest {
                            user: &member,
                            kind: requests::DELETION,
                            requested_by: &actor_id,
                            remove_posts,
                            now,
                            due_at: due,
                        },
                    )?;
                    (id, due)
                }
            };
            requests::revoke_access(conn, &member, &user.email)?;
            audit_step(conn, &actor_id, "privacy.deletion_requested", &member, now)?;
            Ok((requests::find(conn, &id)?, due))
        })
        .await?;
    // An admin's "now": erased before the answer, on this node (the request is claimed
    // in the erasing transaction, so the scheduled pass cannot do it twice).
    if due <= now {
        super::job::erase_one(state, request).await?;
    }
    Ok(due)
}

/// Signing in during the grace period cancels the deletion (called inside the
/// transaction that starts the session).
pub fn cancel_on_sign_in(
    conn: &mut DbConn,
    member: &UserId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    if let Some(pending) = requests::pending_deletion(conn, member)? {
        if requests::set_status(conn, &pending.id, requests::CANCELLED, now)? == 1 {
            audit_step(conn, member, "privacy.deletion_cancelled", member, now)?;
        }
    }
    Ok(())
}
