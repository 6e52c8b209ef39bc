//! Members flag posts: one flag per member and post, one open review item per post, and
//! enough trusted flags hide the post until a moderator looks.

use crate::auth::Guardian;
use crate::db::models::audit::{self, Change};
use crate::db::models::communities::Community;
use crate::db::models::moderation::{self as mdb, NewFlag};
use crate::db::models::posts::{self, Post};
use crate::db::models::users::User;
use crate::db::{FlagId, FlagReason, ModerationState, ReviewReason};
use crate::domain::BoundedText;
use crate::error::{AppError, AppResult};
use crate::moderation::gate::is_new_account;
use crate::moderation::publish::withdraw_post;
use crate::moderation::queue::open_review;
use crate::state::AppState;

/// What a member reports; `note` is required for "other".
pub struct FlagInput {
    pub reason: String,
    pub note: String,
}

/// Flags a post. Repeating a flag changes nothing; enough open flags from trusted members
/// hide the post until a moderator reviews it.
pub async fn flag_post(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    (post, community): (&Post, &Community),
    input: FlagInput,
) -> AppResult<()> {
    guardian.ensure(guardian.can_flag(community, post))?;
    let reason: FlagReason = input
        .reason
        .parse()
        .map_err(|_| AppError::field_t("reason", "validation-choose-flag-reason", &[]))?;
    let min = if reason == FlagReason::Other { 3 } else { 0 };
    let note = BoundedText::parse(&input.note, "validation-field-explanation", min, 500, false)
        .map_err(|e| AppError::field("note", e))?;
    let staff = guardian.is_community_staff(community);
    let (pid, cid, me, now) = (
        post.id.clone(),
        community.id.clone(),
        actor.clone(),
        state.clock.now(),
    );
    state
        .write(move |conn| {
            posts::lock(conn, &pid)?;
            if let Some(existing) = mdb::find_flag(conn, &pid, &me.id)? {
                if existing.resolved_at.is_none() {
                    return Ok(());
                }
                mdb::delete_flag(conn, &existing.id)?;
            }
            let settings = mdb::settings(conn)?;
            let trusted =
                staff || (me.email_confirmed_at.is_some() && !is_new_account(&me, &settings, now));
            let flag_id = FlagId::new();
            mdb::insert_flag(
                conn,
                &NewFlag {
                    id: &flag_id,
                    post_id: &pid,
                    user_id: &me.id,
                    reason,
                    note: note.as_str(),
                    trusted,
                    created_at: now,
                },
            )?;
            open_review(conn, &pid, &cid, ReviewReason::Flagged, "", now)?;
            let current = posts::find(conn, &pid)?.ok_or(AppError::NotFound)?;
            crate::webhooks::events::flag_created(conn, &flag_id, &current, now)?;
            crate::db::models::outcome_events::record(
                conn,
                &crate::db::models::outcome_events::NewEvent::new(crate::db::EventKind::FlagRaised)
                    .community(&cid)
                    .topic(&current.topic_id)
                    .post(&pid)
                    .actor(&me.id, me.is_employee)
                    .subject(flag_id.as_str()),
                now,
            )?;
            let trusted_flags = mdb::open_trusted_flag_count(conn, &pid)?;
            if current.is_published() && trusted_flags >= i64::from(settings.flag_threshold.max(1))
            {
                withdraw_post(conn, &current, ModerationState::Hidden)?;
                audit::record_change(
                    conn,
                    &Change {
                        actor: None,
                        action: "post.auto_hide",
                        target_type: "post",
                        target_id: pid.as_str(),
                        community: Some(&cid),
                        details: &format!("{trusted_flags} flags from trusted members"),
                        before: "published",
                        after: "hidden",
                    },
                    now,
                )?;
            }
            Ok(())
        })
        .await
}
