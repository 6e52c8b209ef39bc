//! Resolving review items in one step (approve, ignore, hide, delete, edit, sanction), and
//! publishing or hiding a post straight from its topic page.

use crate::auth::Guardian;
use crate::db::models::audit::{self, Change};
use crate::db::models::communities::{self, Community};
use crate::db::models::moderation::{self as mdb, ReviewItem};
use crate::db::models::posts::{self, Post};
use crate::db::models::topics;
use crate::db::models::users::{self, User};
use crate::db::schema::topics as topics_table;
use crate::db::{
    DbConn, ModerationState, PolicyAction, ReviewItemId, ReviewStatus, Timestamp, UserId,
};
use crate::domain::{BoundedText, PostBody};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::moderation::gate;
use crate::moderation::policy;
use crate::moderation::publish::{publish_post, withdraw_post};
use crate::moderation::sanctions::{apply_sanction, parse_sanction, SanctionInput};
use crate::state::AppState;

/// One-step actions on a review item.
pub enum ReviewAction {
    Approve,
    Hide,
    Delete,
    Ignore,
    Edit { body: String, reason: String },
    Sanction(SanctionInput),
}

/// Loads an item with its post and sub-community; 404 unless the viewer may see it.
pub async fn load_item(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &ReviewItemId,
) -> AppResult<(ReviewItem, Post, Community)> {
    let id = id.clone();
    let (item, post, community) = state
        .db(move |conn| {
            let item = mdb::find_item(conn, &id)?.ok_or(AppError::NotFound)?;
            let post = posts::find(conn, &item.post_id)?.ok_or(AppError::NotFound)?;
            let c = communities::find(conn, &post.community_id)?.ok_or(AppError::NotFound)?;
            Ok((item, post, c))
        })
        .await?;
    guardian.ensure_can_see_community(&community)?;
    Ok((item, post, community))
}

/// Resolves an open item with one action, in one transaction with its audit row.
pub async fn act(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    item_id: &ReviewItemId,
    action: ReviewAction,
) -> AppResult<Community> {
    let (item, post, community) = load_item(state, guardian, item_id).await?;
    guardian.ensure(guardian.can_review(&community))?;
    let edit = match &action {
        ReviewAction::Edit { body, reason } => {
            let mut errors = FieldErrors::new();
            let b = if post.is_comment() {
                PostBody::parse_comment(body)
            } else {
                PostBody::parse(body)
            }
            .map_err(|e| errors.insert("body", e))
            .ok();
            let r = BoundedText::parse(reason, "Reason", 3, 500, false)
                .map_err(|e| errors.insert("reason", e))
                .ok();
            match (b, r) {
                (Some(b), Some(r)) => Some((b, r)),
                _ => return Err(AppError::Validation(errors)),
            }
        }
        _ => None,
    };
    let sanction = match &action {
        ReviewAction::Sanction(input) => {
            let parsed = parse_sanction(input)?;
            let aid = post.author_id.clone();
            let author = state
                .db(move |conn| users::find(conn, &aid)?.ok_or(AppError::NotFound))
                .await?;
            guardian.ensure(guardian.can_sanction(&author, Some(&community)))?;
            Some((parsed, author))
        }
        _ => None,
    };
    let (iid, actor_id, now, cid) = (
        item.id.clone(),
        actor.id.clone(),
        state.clock.now(),
        community.id.clone(),
    );
    let pid = post.id.clone();
    let mail = sanction.is_some();
    let (community_row, actor_row) = (community.clone(), actor.clone());
    let notify = state.settings.notifications.clone();
    state
        .write(move |conn| {
            let current = posts::find(conn, &pid)?.ok_or(AppError::NotFound)?;
            let before = current.moderation_state.as_str();
            let (status, name, after, details, before_v, after_v): (
                ReviewStatus,
                &str,
                &str,
                String,
                String,
                String,
            ) = match action {
                ReviewAction::Approve => {
                    publish_post(conn, &pid, now)?;
                    (
                        ReviewStatus::Approved,
                        "review.approve",
                        "published",
                        String::new(),
                        before.into(),
                        "published".into(),
                    )
                }
                ReviewAction::Ignore => {
                    publish_post(conn, &pid, now)?;
                    (
                        ReviewStatus::Ignored,
                        "review.ignore",
                        "published",
                        String::new(),
                        before.into(),
                        "published".into(),
                    )
                }
                ReviewAction::Hide => {
                    withdraw_post(conn, &current, ModerationState::Hidden)?;
                    (
                        ReviewStatus::Hidden,
                        "review.hide",
                        "hidden",
                        String::new(),
                        before.into(),
                        "hidden".into(),
                    )
                }
                ReviewAction::Delete => {
                    soft_delete(conn, &current, &actor_id, now)?;
                    (
                        ReviewStatus::Deleted,
                        "review.delete",
                        "deleted",
                        String::new(),
                        before.into(),
                        "deleted".into(),
                    )
                }
                ReviewAction::Edit { .. } => {
                    let (body, reason) =
                        edit.ok_or(AppError::BadRequest("Nothing to edit.".into()))?;
                    // The moderator's text passes the policy too: an edit that still holds
                    // what was found is refused rather than published.
                    let decision = gate::decide(
                        conn,
                        &gate::Submission {
                            community: &community_row,
                            author: &actor_row,
                            fields: vec![("body", body.as_str().to_string())],
                            new_post: false,
                            staff: true,
                        },
                        now,
                    )?;
                    if decision.state == ModerationState::Held {
                        let what: Vec<String> = decision
                            .matches
                            .iter()
                            .filter(|m| m.action >= PolicyAction::Hold)
                            .map(policy::describe)
                            .collect();
                        return Err(AppError::field(
                            "body",
                            format!("The edited text still contains {}.", what.join(", ")),
                        ));
                    }
                    let body = decision.field("body").unwrap_or(body.as_str()).to_string();
                    posts::add_revision(conn, &pid, &actor_id, None, &current.body_markdown, now)?;
                    let rendered = crate::forums::service::render(conn, &body)?;
                    posts::set_body(conn, &pid, &rendered.source, &rendered.html, now)?;
                    publish_post(conn, &pid, now)?;
                    (
                        ReviewStatus::Edited,
                        "review.edit",
                        "published",
                        reason.into_string(),
                        current.body_markdown.clone(),
                        rendered.source,
                    )
                }
                ReviewAction::Sanction(_) => {
                    let (parsed, author) =
                        sanction.ok_or(AppError::BadRequest("No sanction.".into()))?;
                    withdraw_post(conn, &current, ModerationState::Hidden)?;
                    apply_sanction(conn, &actor_id, &author, &parsed, Some(&cid), now)?;
                    (
                        ReviewStatus::Hidden,
                        "review.sanction",
                        "hidden",
                        parsed.kind.as_str().to_string(),
                        before.into(),
                        "hidden".into(),
                    )
                }
            };
            if mdb::resolve_item(conn, &iid, status, &actor_id, now)? == 0 {
                return Err(AppError::Conflict(
                    "Another moderator already resolved this item.".into(),
                ));
            }
            mdb::resolve_flags(conn, &pid, now)?;
            let _ = after;
            audit::record_change(
                conn,
                &Change {
                    actor: Some(&actor_id),
                    action: name,
                    target_type: "post",
                    target_id: pid.as_str(),
                    community: Some(&cid),
                    details: &details,
                    before: &before_v,
                    after: &after_v,
                },
                now,
            )?;
            // The author hears the outcome (approved, edited, hidden, deleted), unless the
            // flags were merely dismissed on a post that was already public.
            let outcome = match status {
                ReviewStatus::Approved if before != "published" => Some("approved and published"),
                ReviewStatus::Edited => Some("edited by a moderator"),
                ReviewStatus::Hidden => Some("hidden by a moderator"),
                ReviewStatus::Deleted => Some("removed by a moderator"),
                _ => None,
            };
            if let (Some(outcome), Some(topic)) = (outcome, topics::find(conn, &current.topic_id)?)
            {
                let visible = matches!(status, ReviewStatus::Approved | ReviewStatus::Edited);
                crate::notifications::fanout::to_member(
                    conn,
                    &notify,
                    &current.author_id,
                    crate::db::NotificationKind::Moderation,
                    &community_row,
                    &topic,
                    visible.then_some(&pid),
                    &actor_id,
                    &format!("Your post in {} was {outcome}", topic.title),
                    now,
                )?;
            }
            Ok(())
        })
        .await?;
    crate::notifications::fanout::drain_all(state).await?;
    if mail {
        state.outbox_wake.notify_one();
    }
    Ok(community)
}

/// Soft delete from the queue: the post (and, for an opening post, its topic).
fn soft_delete(conn: &mut DbConn, post: &Post, by: &UserId, now: Timestamp) -> AppResult<()> {
    use diesel::prelude::*;
    posts::set_deleted(conn, &post.id, Some(by), Some(now))?;
    if post.is_opening() {
        diesel::update(topics_table::table.find(&post.topic_id))
            .set(topics_table::deleted_at.eq(Some(now)))
            .execute(conn)?;
    }
    topics::recount_replies(conn, &post.topic_id)?;
    Ok(())
}

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
