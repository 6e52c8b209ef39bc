//! Resolving review items in one step (approve, ignore, hide, delete, edit, sanction).

use crate::auth::Guardian;
use crate::config::NotificationSettings;
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
use crate::moderation::sanctions::{apply_sanction, parse_sanction, ParsedSanction, SanctionInput};
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

/// An action parsed and authorised before the transaction opens: what is left is the
/// write itself.
enum Resolution {
    Approve,
    Ignore,
    Hide,
    Delete,
    Edit {
        body: PostBody,
        reason: BoundedText,
    },
    Sanction {
        sanction: ParsedSanction,
        // Boxed: a member's row is far larger than the other variants.
        author: Box<User>,
    },
}

/// The item being resolved, its post as read inside the transaction (before the action),
/// and who resolves it.
struct Resolving<'a> {
    item: &'a ReviewItemId,
    post: &'a Post,
    community: &'a Community,
    actor: &'a User,
    now: Timestamp,
}

/// What an action did: how the item is closed and what its audit row records.
struct Outcome {
    status: ReviewStatus,
    audit_action: &'static str,
    details: String,
    before: String,
    after: String,
}

impl Outcome {
    /// An action that moved the post from its moderation state to `after`.
    fn moved(
        r: &Resolving<'_>,
        status: ReviewStatus,
        audit_action: &'static str,
        after: &str,
    ) -> Self {
        Self {
            status,
            audit_action,
            details: String::new(),
            before: r.post.moderation_state.as_str().into(),
            after: after.into(),
        }
    }
}

/// Resolves an open item with one action, in one transaction with its audit row and the
/// author's notification.
pub async fn act(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    item_id: &ReviewItemId,
    action: ReviewAction,
) -> AppResult<Community> {
    let (item, post, community) = load_item(state, guardian, item_id).await?;
    guardian.ensure(guardian.can_review(&community))?;
    let resolution = prepare(state, guardian, &post, &community, action).await?;
    let wakes_outbox = matches!(resolution, Resolution::Sanction { .. });
    let (c, me, now) = (community.clone(), actor.clone(), state.clock.now());
    let notify = state.settings.notifications.clone();
    state
        .write(move |conn| {
            let current = posts::find(conn, &post.id)?.ok_or(AppError::NotFound)?;
            let r = Resolving {
                item: &item.id,
                post: &current,
                community: &c,
                actor: &me,
                now,
            };
            let outcome = match resolution {
                Resolution::Approve => approve(conn, &r)?,
                Resolution::Ignore => ignore(conn, &r)?,
                Resolution::Hide => hide(conn, &r)?,
                Resolution::Delete => delete(conn, &r)?,
                Resolution::Edit { body, reason } => edit(conn, &r, &body, reason)?,
                Resolution::Sanction { sanction, author } => {
                    hide_and_sanction(conn, &r, &sanction, &author)?
                }
            };
            close_item(conn, &r, &outcome)?;
            // Issue 20: the review queue acted on; detail = seconds the item waited.
            let waited = (now.micros() - item.created_at.micros()).max(0) / 1_000_000;
            crate::db::models::outcome_events::record(
                conn,
                &crate::db::models::outcome_events::NewEvent::new(
                    crate::db::EventKind::ReviewActed,
                )
                .community(&c.id)
                .topic(&current.topic_id)
                .post(&current.id)
                .actor(&me.id, me.is_employee)
                .subject(item.id.as_str())
                .detail(&waited.to_string()),
                now,
            )?;
            tell_author(conn, &r, &notify, outcome.status)
        })
        .await?;
    crate::notifications::fanout::drain_all(state).await?;
    if wakes_outbox {
        state.outbox_wake.notify_one();
    }
    Ok(community)
}

/// Parses what the moderator wrote (an edit and its reason, or a sanction) and checks that
/// they may sanction the author here, before anything is written.
async fn prepare(
    state: &AppState,
    guardian: &Guardian<'_>,
    post: &Post,
    community: &Community,
    action: ReviewAction,
) -> AppResult<Resolution> {
    Ok(match action {
        ReviewAction::Approve => Resolution::Approve,
        ReviewAction::Ignore => Resolution::Ignore,
        ReviewAction::Hide => Resolution::Hide,
        ReviewAction::Delete => Resolution::Delete,
        ReviewAction::Edit { body, reason } => {
            let mut errors = FieldErrors::new();
            let body = if post.is_comment() {
                PostBody::parse_comment(&body)
            } else {
                PostBody::parse(&body)
            }
            .map_err(|e| errors.insert("body", e))
            .ok();
            let reason = BoundedText::parse(&reason, "validation-field-reason", 3, 500, false)
                .map_err(|e| errors.insert("reason", e))
                .ok();
            match (body, reason) {
                (Some(body), Some(reason)) => Resolution::Edit { body, reason },
                _ => return Err(AppError::Validation(errors)),
            }
        }
        ReviewAction::Sanction(input) => {
            let sanction = parse_sanction(&input)?;
            let aid = post.author_id.clone();
            let author = state
                .db(move |conn| users::find(conn, &aid)?.ok_or(AppError::NotFound))
                .await?;
            guardian.ensure(guardian.can_sanction(&author, Some(community)))?;
            Resolution::Sanction {
                sanction,
                author: Box::new(author),
            }
        }
    })
}

/// Publishes the post (held, or hidden by flags).
fn approve(conn: &mut DbConn, r: &Resolving<'_>) -> AppResult<Outcome> {
    publish_post(conn, &r.post.id, r.now)?;
    Ok(Outcome::moved(
        r,
        ReviewStatus::Approved,
        "review.approve",
        "published",
    ))
}

/// Dismisses the flags: the post is published (again, if flags had hidden it).
fn ignore(conn: &mut DbConn, r: &Resolving<'_>) -> AppResult<Outcome> {
    publish_post(conn, &r.post.id, r.now)?;
    Ok(Outcome::moved(
        r,
        ReviewStatus::Ignored,
        "review.ignore",
        "published",
    ))
}

fn hide(conn: &mut DbConn, r: &Resolving<'_>) -> AppResult<Outcome> {
    withdraw_post(conn, r.post, ModerationState::Hidden)?;
    Ok(Outcome::moved(
        r,
        ReviewStatus::Hidden,
        "review.hide",
        "hidden",
    ))
}

fn delete(conn: &mut DbConn, r: &Resolving<'_>) -> AppResult<Outcome> {
    soft_delete(conn, r.post, &r.actor.id, r.now)?;
    Ok(Outcome::moved(
        r,
        ReviewStatus::Deleted,
        "review.delete",
        "deleted",
    ))
}

/// Replaces the post's text with the moderator's, keeping the old one as a revision, and
/// publishes it.
fn edit(
    conn: &mut DbConn,
    r: &Resolving<'_>,
    body: &PostBody,
    reason: BoundedText,
) -> AppResult<Outcome> {
    // The moderator's text passes the policy too: an edit that still holds what was found
    // is refused rather than published.
    let decision = gate::decide(
        conn,
        &gate::Submission {
            community: r.community,
            author: r.actor,
            fields: vec![("body", body.as_str().to_string())],
            new_post: false,
            staff: true,
        },
        r.now,
    )?;
    if decision.state == ModerationState::Held {
        let found: Vec<crate::error::Msg> = decision
            .matches
            .iter()
            .filter(|m| m.action >= PolicyAction::Hold)
            .map(policy::describe_msg)
            .collect();
        return Err(AppError::field_t(
            "body",
            "validation-edit-still-held",
            &[("found", crate::error::MsgArg::Msgs(found))],
        ));
    }
    let body = decision.field("body").unwrap_or(body.as_str()).to_string();
    let pid = &r.post.id;
    posts::add_revision(conn, pid, &r.actor.id, None, &r.post.body_markdown, r.now)?;
    let rendered = crate::forums::write_core::render(conn, &body)?;
    posts::set_body(conn, pid, &rendered.source, &rendered.html, r.now)?;
    publish_post(conn, pid, r.now)?;
    Ok(Outcome {
        status: ReviewStatus::Edited,
        audit_action: "review.edit",
        details: reason.into_string(),
        before: r.post.body_markdown.clone(),
        after: rendered.source,
    })
}

/// Hides the post and sanctions its author (the sanction writes its own audit row).
fn hide_and_sanction(
    conn: &mut DbConn,
    r: &Resolving<'_>,
    sanction: &ParsedSanction,
    author: &User,
) -> AppResult<Outcome> {
    withdraw_post(conn, r.post, ModerationState::Hidden)?;
    apply_sanction(
        conn,
        &r.actor.id,
        author,
        sanction,
        Some(&r.community.id),
        r.now,
    )?;
    Ok(Outcome {
        details: sanction.kind.as_str().to_string(),
        ..Outcome::moved(r, ReviewStatus::Hidden, "review.sanction", "hidden")
    })
}

/// Closes the item (refused if another moderator closed it first) and its flags, and
/// records the action.
fn close_item(conn: &mut DbConn, r: &Resolving<'_>, outcome: &Outcome) -> AppResult<()> {
    if mdb::resolve_item(conn, r.item, outcome.status, &r.actor.id, r.now)? == 0 {
        return Err(AppError::Conflict(crate::error::Msg::key(
            "errors-review-resolved",
        )));
    }
    mdb::resolve_flags(conn, &r.post.id, r.now)?;
    audit::record_change(
        conn,
        &Change {
            actor: Some(&r.actor.id),
            action: outcome.audit_action,
            target_type: "post",
            target_id: r.post.id.as_str(),
            community: Some(&r.community.id),
            details: &outcome.details,
            before: &outcome.before,
            after: &outcome.after,
        },
        r.now,
    )?;
    Ok(())
}

/// The author hears the outcome (approved, edited, hidden, deleted), unless the flags were
/// merely dismissed on a post that was already public.
fn tell_author(
    conn: &mut DbConn,
    r: &Resolving<'_>,
    notify: &NotificationSettings,
    status: ReviewStatus,
) -> AppResult<()> {
    use crate::notifications::Notice;
    let notice = match status {
        ReviewStatus::Approved if r.post.moderation_state != ModerationState::Published => {
            Notice::Published
        }
        ReviewStatus::Edited => Notice::Edited,
        ReviewStatus::Hidden => Notice::Hidden,
        ReviewStatus::Deleted => Notice::Removed,
        _ => return Ok(()),
    };
    let Some(topic) = topics::find(conn, &r.post.topic_id)? else {
        return Ok(());
    };
    let visible = matches!(status, ReviewStatus::Approved | ReviewStatus::Edited);
    crate::notifications::direct::to_member(
        conn,
        notify,
        &r.post.author_id,
        crate::db::NotificationKind::Moderation,
        r.community,
        &topic,
        visible.then_some(&r.post.id),
        &r.actor.id,
        Some(&notice),
        r.now,
    )?;
    Ok(())
}

/// Soft delete from the queue: the post (and, for an opening post, its topic).
fn soft_delete(conn: &mut DbConn, post: &Post, by: &UserId, now: Timestamp) -> AppResult<()> {
    use diesel::prelude::*;
    posts::set_deleted(conn, &post.id, Some(by), Some(now))?;
    crate::outcomes::events::on_deleted(conn, post, by, true, now)?;
    if post.is_opening() {
        diesel::update(topics_table::table.find(&post.topic_id))
            .set(topics_table::deleted_at.eq(Some(now)))
            .execute(conn)?;
    }
    topics::recount_replies(conn, &post.topic_id)?;
    Ok(())
}
