//! How posts are judged: votes, the accepted answer of a question, the status of an idea.

use crate::auth::Guardian;
use crate::db::models::audit;
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::models::users::User;
use crate::db::schema::topics as topics_table;
use crate::db::{IdeaStatus, NotificationKind, TopicKind};
use crate::domain::BoundedText;
use crate::error::{AppError, AppResult};
use crate::forums::write_core::{apply_accept, apply_unaccept, apply_vote};
use crate::notifications::direct;
use crate::state::AppState;

/// Sets the viewer's vote on a post to -1, 0 or +1; score and reputation move with it.
pub async fn vote(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    post: &Post,
    community: &Community,
    value: i32,
) -> AppResult<i32> {
    if !(-1..=1).contains(&value) {
        return Err(AppError::BadRequest(crate::error::Msg::key(
            "errors-vote-value",
        )));
    }
    guardian.ensure(guardian.can_vote(community, post))?;
    let (pid, voter, now) = (post.id.clone(), actor.id.clone(), state.clock.now());
    // `apply_vote` locks the post row first, so concurrent votes by one member run one
    // after the other and the second sees the first.
    state
        .write(move |conn| Ok(apply_vote(conn, &pid, &voter, value, now)?))
        .await
}

/// Accepts `answer` for the question (replacing an earlier accepted answer).
pub async fn accept(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    answer: &Post,
) -> AppResult<()> {
    guardian.ensure(guardian.can_accept(community, topic))?;
    if answer.topic_id != topic.id
        || answer.is_opening()
        || answer.is_comment()
        || answer.deleted_at.is_some()
    {
        return Err(AppError::BadRequest(crate::error::Msg::key(
            "errors-accept-not-answer",
        )));
    }
    let (tid, aid, actor_id, asker, now) = (
        topic.id.clone(),
        answer.id.clone(),
        actor.id.clone(),
        topic.author_id.clone(),
        state.clock.now(),
    );
    let (settings, place, t, answerer) = (
        state.settings.clone(),
        community.clone(),
        topic.clone(),
        answer.author_id.clone(),
    );
    state
        .write(move |conn| {
            let already = t.accepted_post_id.as_ref() == Some(&aid);
            apply_accept(conn, &tid, &aid, &asker, now)?;
            if !already {
                direct::to_member(
                    conn,
                    &settings.notifications,
                    &answerer,
                    NotificationKind::Accepted,
                    &place,
                    &t,
                    Some(&aid),
                    &actor_id,
                    None,
                    now,
                )?;
            }
            if actor_id != asker {
                audit::record(
                    conn,
                    Some(&actor_id),
                    "topic.accept",
                    "topic",
                    tid.as_str(),
                    aid.as_str(),
                    now,
                )?;
            }
            Ok(())
        })
        .await
}

/// Takes back the acceptance of `answer` (the question is open again); the answer's
/// author loses the acceptance reputation. Nothing changes when `answer` is not the
/// accepted one, so repeating it is harmless.
pub async fn unaccept(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    answer: &Post,
) -> AppResult<()> {
    guardian.ensure(guardian.can_accept(community, topic))?;
    if answer.topic_id != topic.id {
        return Err(AppError::BadRequest(crate::error::Msg::key(
            "errors-unaccept-not-answer",
        )));
    }
    let (tid, aid, actor_id, asker, now) = (
        topic.id.clone(),
        answer.id.clone(),
        actor.id.clone(),
        topic.author_id.clone(),
        state.clock.now(),
    );
    state
        .write(move |conn| {
            let changed = apply_unaccept(conn, &tid, &aid, &asker, now)?;
            if changed && actor_id != asker {
                audit::record(
                    conn,
                    Some(&actor_id),
                    "topic.unaccept",
                    "topic",
                    tid.as_str(),
                    aid.as_str(),
                    now,
                )?;
            }
            Ok(())
        })
        .await
}

pub async fn set_idea_status(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    status: &str,
    note: &str,
) -> AppResult<()> {
    guardian.ensure(guardian.can_set_idea_status(community))?;
    if topic.kind != TopicKind::Idea {
        return Err(AppError::BadRequest(crate::error::Msg::key(
            "errors-status-ideas-only",
        )));
    }
    let status = match status.trim() {
        "" | "none" => None,
        s => Some(
            s.parse::<IdeaStatus>()
                .map_err(|_| AppError::field_t("status", "validation-choose-status", &[]))?,
        ),
    };
    let note = BoundedText::parse(note, "validation-field-note", 0, 500, false)
        .map_err(|e| AppError::field("note", e))?;
    let (tid, actor_id, now) = (topic.id.clone(), actor.id.clone(), state.clock.now());
    let (settings, place, t) = (state.settings.clone(), community.clone(), topic.clone());
    state
        .write(move |conn| {
            use diesel::prelude::*;
            if t.idea_status != status {
                direct::on_idea_status(
                    conn,
                    &settings.notifications,
                    &place,
                    &t,
                    &actor_id,
                    &crate::notifications::Notice::IdeaStatus(status),
                    now,
                )?;
            }
            if t.idea_status != status {
                crate::db::models::outcome_events::record(
                    conn,
                    &crate::db::models::outcome_events::NewEvent::new(
                        crate::db::EventKind::IdeaStatusChanged,
                    )
                    .community(&place.id)
                    .topic(&tid)
                    .detail(status.map(|s| s.as_str()).unwrap_or("none")),
                    now,
                )?;
                crate::webhooks::events::idea_status_changed(
                    conn,
                    &tid,
                    &place.id,
                    status.map(|s| s.as_str()),
                    now,
                )?;
            }
            diesel::update(topics_table::table.find(&tid))
                .set((
                    topics_table::idea_status.eq(status),
                    topics_table::idea_status_note.eq(note.as_str()),
                ))
                .execute(conn)?;
            let label = status.map(|s| s.as_str()).unwrap_or("none");
            audit::record(
                conn,
                Some(&actor_id),
                "idea.status",
                "topic",
                tid.as_str(),
                label,
                now,
            )?;
            Ok(())
        })
        .await
}
