//! Changing what was written: edits (the previous text kept as a revision), their
//! history, deleting and restoring posts.

use crate::auth::Guardian;
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::Community;
use crate::db::models::posts::{self, Post, Revision};
use crate::db::models::topics::{self, Topic};
use crate::db::models::users::User;
use crate::db::models::{audit, votes};
use crate::db::schema::topics as topics_table;
use crate::db::{ModerationState, NotificationKind, PostId};
use crate::domain::{PostBody, Tags, TopicTitle};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forums::write_core::render;
use crate::moderation::gate::{self, Submission};
use crate::moderation::{self, publish};
use crate::notifications::fanout;
use crate::state::AppState;

/// Edits a post (and, for the opening post, the title); the previous text is kept as a revision.
pub async fn edit_post(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    (post, topic, community): (&Post, &Topic, &Community),
    body: &str,
    title: Option<&str>,
) -> AppResult<()> {
    edit_post_tagged(
        state,
        guardian,
        actor,
        (post, topic, community),
        body,
        title,
        None,
    )
    .await
}

/// What an edit of a topic changes (`None`: left as it is). `category` is a category's
/// id or slug in the topic's sub-community, or empty for none.
#[derive(Debug, Clone, Default)]
pub struct TopicEdit {
    pub title: Option<String>,
    pub body: Option<String>,
    pub tags: Option<String>,
    pub category: Option<String>,
}

/// Edits a topic: its title, opening post and tags as the opening post's editor may
/// ([`edit_post`], one transaction), and its category as a moderator moves it
/// (`topic_moderation::move_topic`). Every permission is checked before anything is
/// written, so a refused part changes nothing.
pub async fn edit_topic(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    (topic, community): (&Topic, &Community),
    edit: TopicEdit,
) -> AppResult<()> {
    let tid = topic.id.clone();
    let opening = state
        .db(move |conn| Ok(posts::opening(conn, &tid)?))
        .await?
        .ok_or(AppError::NotFound)?
        .0;
    guardian.ensure(guardian.can_edit_post(community, &opening))?;
    let category = match edit.category.as_deref().map(str::trim) {
        None => None,
        Some(raw) => {
            guardian.ensure(guardian.can_moderate(community))?;
            let (cid, raw) = (community.id.clone(), raw.to_string());
            let id = match crate::db::CategoryId::parse(&raw) {
                Some(id) => id.as_str().to_string(),
                None if raw.is_empty() => raw,
                None => state
                    .db(move |conn| {
                        Ok(crate::db::models::categories::find_by_slug(
                            conn, &cid, &raw,
                        )?)
                    })
                    .await?
                    .ok_or_else(|| {
                        AppError::field("category", "Choose a category of this sub-community.")
                    })?
                    .id
                    .as_str()
                    .to_string(),
            };
            Some(id)
        }
    };
    let tags = edit
        .tags
        .as_deref()
        .map(Tags::parse)
        .transpose()
        .map_err(|e| AppError::field("tags", e))?;
    if edit.title.is_some() || edit.body.is_some() || tags.is_some() {
        let body = edit.body.as_deref().unwrap_or(&opening.body_markdown);
        let title = edit.title.as_deref();
        edit_post_tagged(
            state,
            guardian,
            actor,
            (&opening, topic, community),
            body,
            title,
            tags,
        )
        .await?;
    }
    if let Some(category) = category {
        crate::forums::topic_moderation::move_topic(
            state,
            guardian,
            actor,
            topic,
            community,
            &community.slug,
            &category,
        )
        .await?;
    }
    Ok(())
}

/// [`edit_post`], and for the opening post its topic's tags when given.
async fn edit_post_tagged(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    (post, topic, community): (&Post, &Topic, &Community),
    body: &str,
    title: Option<&str>,
    tags: Option<Tags>,
) -> AppResult<()> {
    guardian.ensure(guardian.can_edit_post(community, post))?;
    let tags = tags.filter(|_| post.is_opening()).map(|t| t.stored());
    let mut errors = FieldErrors::new();
    let parsed_body = if post.is_comment() {
        PostBody::parse_comment(body)
    } else {
        PostBody::parse(body)
    }
    .map_err(|e| errors.insert("body", e))
    .ok();
    let parsed_title = match title.filter(|_| post.is_opening()) {
        Some(t) => TopicTitle::parse(t)
            .map(Some)
            .map_err(|e| errors.insert("title", e))
            .ok()
            .flatten(),
        None => None,
    };
    let Some(body) = parsed_body else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let (pid, tid, editor, now) = (
        post.id.clone(),
        topic.id.clone(),
        actor.id.clone(),
        state.clock.now(),
    );
    let old_title = topic.title.clone();
    let moderator_edit = actor.id != post.author_id;
    let (community, editor_user, cid) = (community.clone(), actor.clone(), community.id.clone());
    let staff = guardian.skips_new_member_limits(&community);
    state
        .write(move |conn| {
            let mut fields = vec![("body", body.as_str().to_string())];
            if let Some(t) = &parsed_title {
                fields.push(("title", t.as_str().to_string()));
            }
            let decision = gate::decide(
                conn,
                &Submission {
                    community: &community,
                    author: &editor_user,
                    fields,
                    new_post: false,
                    staff,
                },
                now,
            )?;
            let current = posts::find(conn, &pid)?.ok_or(AppError::NotFound)?;
            posts::add_revision(
                conn,
                &pid,
                &editor,
                Some(&old_title),
                &current.body_markdown,
                now,
            )?;
            let rendered = render(conn, decision.field("body").unwrap_or(body.as_str()))?;
            posts::set_body(conn, &pid, &rendered.source, &rendered.html, now)?;
            if let Some(t) = &parsed_title {
                use diesel::prelude::*;
                diesel::update(topics_table::table.find(&tid))
                    .set(topics_table::title.eq(decision.field("title").unwrap_or(t.as_str())))
                    .execute(conn)?;
            }
            if let Some(tags) = &tags {
                use diesel::prelude::*;
                diesel::update(topics_table::table.find(&tid))
                    .set(topics_table::tags.eq(tags))
                    .execute(conn)?;
            }
            // Issue 19: a new title or new tags reach the search rows of every post.
            if parsed_title.is_some() || tags.is_some() {
                crate::db::search::index_topic(conn, &tid)?;
            }
            // An edit that now needs review is taken back until a moderator approves it.
            if decision.state == ModerationState::Held && current.is_published() {
                publish::withdraw_post(conn, &current, ModerationState::Held)?;
            }
            if let Some((reason, matches)) = &decision.review {
                moderation::queue::open_review(conn, &pid, &cid, *reason, matches, now)?;
            }
            if moderator_edit {
                audit::record(
                    conn,
                    Some(&editor),
                    "post.edit",
                    "post",
                    pid.as_str(),
                    "",
                    now,
                )?;
            }
            Ok(())
        })
        .await
}

pub async fn revisions(
    state: &AppState,
    post: &Post,
) -> AppResult<Vec<(Revision, Option<AuthorView>)>> {
    let id = post.id.clone();
    state.db(move |conn| Ok(posts::revisions(conn, &id)?)).await
}

/// Soft-deletes (or restores) a post. Deleting the opening post deletes the topic.
pub async fn set_deleted(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    post: &Post,
    community: &Community,
    deleted: bool,
) -> AppResult<()> {
    if deleted {
        guardian.ensure(guardian.can_delete_post(community, post))?;
    } else {
        guardian.ensure(guardian.can_restore_post(community))?;
    }
    let (pid, tid, actor_id, now) = (
        post.id.clone(),
        post.topic_id.clone(),
        actor.id.clone(),
        state.clock.now(),
    );
    let opening = post.is_opening();
    let by_moderator = actor.id != post.author_id;
    let (settings, place, author) = (
        state.settings.clone(),
        community.clone(),
        post.author_id.clone(),
    );
    state
        .write(move |conn| {
            use diesel::prelude::*;
            let at = deleted.then_some(now);
            posts::set_deleted(conn, &pid, deleted.then_some(&actor_id), at)?;
            if opening {
                diesel::update(topics_table::table.find(&tid))
                    .set(topics_table::deleted_at.eq(at))
                    .execute(conn)?;
            }
            // An accepted answer that is deleted is no longer accepted, and its author loses
            // the acceptance reputation.
            if deleted {
                let topic = topics::find(conn, &tid)?.ok_or(AppError::NotFound)?;
                if topic.accepted_post_id.as_ref() == Some(&pid) {
                    diesel::update(topics_table::table.find(&tid))
                        .set(topics_table::accepted_post_id.eq(None::<PostId>))
                        .execute(conn)?;
                    if let Some(answer) = posts::find(conn, &pid)? {
                        votes::set_reputation(
                            conn,
                            &answer.author_id,
                            &answer.community_id,
                            &pid,
                            &topic.author_id,
                            "accepted",
                            0,
                            now,
                        )?;
                    }
                }
            }
            topics::recount_replies(conn, &tid)?;
            if by_moderator || !deleted {
                let action = if deleted {
                    "post.delete"
                } else {
                    "post.restore"
                };
                audit::record(conn, Some(&actor_id), action, "post", pid.as_str(), "", now)?;
            }
            if by_moderator {
                if let Some(topic) = topics::find(conn, &tid)? {
                    let what = if deleted { "deleted" } else { "restored" };
                    fanout::to_member(
                        conn,
                        &settings.notifications,
                        &author,
                        NotificationKind::Moderation,
                        &place,
                        &topic,
                        (!deleted).then_some(&pid),
                        &actor_id,
                        &format!("Your post in {} was {what} by a moderator", topic.title),
                        now,
                    )?;
                }
            }
            Ok(())
        })
        .await
}
