//! Redeeming an invitation. One function decides, inside the caller's write transaction:
//! the sign-up's (`accounts::service::signup_with_invitation`, so the account and the use
//! commit or roll back together) and a signed-in member's join (`join`). A use is counted
//! by the conditional UPDATE of `invitations::take_use`, so the limit holds under
//! concurrency; a refused invitation changes nothing.
//!
//! Joining makes the member a `Member` of the sub-community (invite-only ones too) unless
//! they already hold a role there: the same `communities::set_role` and default watch as
//! a manager's "add member" on the members page, never a demotion.

use crate::auth::secret::hash_token;
use crate::auth::Guardian;
use crate::db::models::communities::{self, Community};
use crate::db::models::invitations::{self, Invitation, NewUse, Unusable};
use crate::db::models::outcome_events::{self, NewEvent};
use crate::db::models::users;
use crate::db::{CommunityRole, DbConn, EventKind, Timestamp, UserId};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;

/// Why an invitation was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Unknown,
    Unusable(Unusable),
    /// A personal invitation redeemed by an account with another address.
    OtherAddress,
}

impl Refusal {
    /// The sentence the pages show, in `lang`.
    pub fn message(self, lang: Lang) -> String {
        lang.t(match self {
            Refusal::Unknown => "invitations-refusal-unknown",
            Refusal::Unusable(Unusable::Expired) => "invitations-refusal-expired",
            Refusal::Unusable(Unusable::Revoked) => "invitations-refusal-revoked",
            Refusal::Unusable(Unusable::UsedUp) => "invitations-refusal-used-up",
            Refusal::OtherAddress => "invitations-refusal-other-address",
        })
    }

    pub fn into_error_in(self, lang: Lang) -> AppError {
        AppError::Conflict(self.message(lang).into())
    }
}

/// What a redeemed invitation did.
pub struct Redeemed {
    pub invitation: Invitation,
    /// False when the member had already come in through this invitation (nothing new).
    pub counted: bool,
}

/// Takes one use of the invitation `raw` for `user` and joins them to its sub-community.
/// `signed_up`: the member is signing up through it (their source; the outcome event).
pub fn redeem(
    conn: &mut DbConn,
    raw: &str,
    user: &UserId,
    user_is_employee: bool,
    signed_up: bool,
    now: Timestamp,
) -> Result<Result<Redeemed, Refusal>, AppError> {
    let Some(inv) = invitations::find_by_token_hash(conn, &hash_token(raw))? else {
        return Ok(Err(Refusal::Unknown));
    };
    let Some(member) = users::find(conn, user)? else {
        return Ok(Err(Refusal::Unknown));
    };
    if !Guardian::may_redeem(&inv, &member) {
        return Ok(Err(Refusal::OtherAddress));
    }
    if invitations::has_used(conn, &inv.id, user)? {
        return Ok(Ok(Redeemed {
            invitation: inv,
            counted: false,
        }));
    }
    if !invitations::take_use(conn, &inv.id, now)? {
        let why = inv.unusable_at(now).unwrap_or(Unusable::UsedUp);
        return Ok(Err(Refusal::Unusable(why)));
    }
    invitations::record_use(
        conn,
        &NewUse {
            invitation_id: &inv.id,
            user_id: user,
            community_id: &inv.community_id,
            source: &inv.source,
            signed_up,
            used_at: now,
        },
    )?;
    if communities::role_of(conn, &inv.community_id, user)?.is_none() {
        communities::set_role(conn, &inv.community_id, user, CommunityRole::Member, now)?;
        if !signed_up {
            // A new account gets its default watches when its address is confirmed.
            crate::notifications::default_watches::apply_default_watch(
                conn,
                &inv.community_id,
                user,
                now,
            )?;
        }
    }
    if signed_up {
        let subject = inv.id.to_string();
        outcome_events::record(
            conn,
            &NewEvent::new(EventKind::InvitationAccepted)
                .community(&inv.community_id)
                .actor(user, user_is_employee)
                .subject(&subject)
                .detail(&inv.source),
            now,
        )?;
    }
    Ok(Ok(Redeemed {
        invitation: inv,
        counted: true,
    }))
}

/// What `/invite/{token}` shows.
pub struct InvitePage {
    pub community: Community,
    pub state: Result<(), Refusal>,
    /// The signed-in visitor is already a member there.
    pub already_member: bool,
}

/// Reads the invitation for its page; changes nothing (a link checker may open it).
pub async fn inspect(
    state: &AppState,
    guardian: &Guardian<'_>,
    raw: &str,
) -> AppResult<Result<InvitePage, Refusal>> {
    let (hash, now) = (hash_token(raw), state.clock.now());
    let found = state
        .db(move |conn| {
            let Some(inv) = invitations::find_by_token_hash(conn, &hash)? else {
                return Ok(None);
            };
            let c = communities::find(conn, &inv.community_id)?.ok_or(AppError::NotFound)?;
            Ok(Some((inv, c)))
        })
        .await?;
    let Some((inv, community)) = found else {
        return Ok(Err(Refusal::Unknown));
    };
    let already_member = guardian.community_role(&community.id).is_some();
    // A signed-in member learns at once that a personal invitation is not theirs.
    let viewer = guardian.viewer();
    let not_theirs = viewer
        .user()
        .is_some_and(|me| !Guardian::may_redeem(&inv, me));
    Ok(Ok(InvitePage {
        state: match inv.unusable_at(now) {
            Some(why) => Err(Refusal::Unusable(why)),
            None if not_theirs && !already_member => Err(Refusal::OtherAddress),
            None => Ok(()),
        },
        community,
        already_member,
    }))
}

/// A signed-in member joins through a link (no new account). Returns the sub-community's
/// slug to go to.
pub async fn join(
    state: &AppState,
    guardian: &Guardian<'_>,
    raw: &str,
    lang: Lang,
) -> AppResult<String> {
    let viewer = guardian.viewer();
    let me = viewer.require()?;
    guardian.ensure(guardian.can_join_by_invitation())?;
    let (raw, uid, employee, now) = (
        raw.to_string(),
        me.user.id.clone(),
        me.user.is_employee,
        state.clock.now(),
    );
    state
        .write(
            move |conn| match redeem(conn, &raw, &uid, employee, false, now)? {
                Ok(r) => {
                    let c = communities::find(conn, &r.invitation.community_id)?
                        .ok_or(AppError::NotFound)?;
                    Ok(c.slug)
                }
                Err(refusal) => Err(refusal.into_error_in(lang)),
            },
        )
        .await
}
