//! A moderator publishes or hides a post straight from its topic page (`/p/{id}/publish`,
//! `/p/{id}/hide`), outside the review queue.

use crate::auth::Guardian;
use crate::db::models::audit::{self, Change};
use crate::db::models::communities::Community;
use crate::db::models::moderation as mdb;
use crate::db::models::posts::{self, Post};
use crate::db::models::users::User;
use crate::db::{ModerationState, ReviewStatus};
use crate::error::{AppError, AppResult};
use crate::moderation::publish::{publish_post, withdraw_post};
use crate::state::AppState;

/// A moderator publishes or hides a post straight from the topic page; an open review
/// item of the post is resolved with it.
pub async fn set_published(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    post: &Post,
    community: &Community,
    publish: bool,
) -> AppResult<()> {
    guardian.ensure(guardian.can_review(community))?;
    let (pid, cid, actor_id, now) = (
        post.id.clone(),
        community.id.clone(),
        actor.id.clone(),
        state.clock.now(),
    );
    state
        .write(move |conn| {
            posts::lock(conn, &pid)?;
            let current = posts::find(conn, &pid)?.ok_or(AppError::NotFound)?;
            let before = current.moderation_state;
            let (action, status) = if publish {
                publish_post(conn, &pid, now)?;
                ("post.publish", ReviewStatus::Approved)
            } else {
                withdraw_post(conn, &current, ModerationState::Hidden)?;
                ("post.hide", ReviewStatus::Hidden)
            };
            if let Some(item) = mdb::open_item_for_post(conn, &pid)? {
                mdb::resolve_item(conn, &item.id, status, &actor_id, now)?;
                mdb::resolve_flags(conn, &pid, now)?;
            }
            let after = if publish { "published" } else { "hidden" };
            audit::record_change(
                conn,
                &Change {
                    actor: Some(&actor_id),
                    action,
                    target_type: "post",
                    target_id: pid.as_str(),
                    community: Some(&cid),
                    details: "",
                    before: before.as_str(),
                    after,
                },
                now,
            )?;
            Ok(())
        })
        .await?;
    crate::notifications::fanout::drain_all(state).await?;
    Ok(())
}
