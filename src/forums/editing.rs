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
use crate::notifications::direct;
use crate::state::AppState;

/// What another person saved after the version an edit started from: the edit is
/// refused (nothing is written) and the editor is shown this, with their own text kept.
#[derive(Debug, Clone)]
pub struct EditConflict {
    /// The current version's number (`posts.revision_count`): the base to retry from.
    pub revision: i32,
    /// The topic's current title (for an opening post).
    pub title: String,
    pub body: String,
    /// The text the edit started from (`None` when the base names no version).
    pub base_body: Option<String>,
}

/// `Ok(())`: saved; `Err(conflict)`: refused because the post changed since `base`.
pub type EditOutcome = Result<(), Box<EditConflict>>;

/// What an edit writes. `base`: the version the editor started from (`None`: do not
/// check, the later save wins); `revert_to`: the edit restores that older version.
#[derive(Debug, Clone, Default)]
pub struct EditSpec<'a> {
    pub body: &'a str,
    pub title: Option<&'a str>,
    pub tags: Option<Tags>,
    pub base: Option<i32>,
    pub revert_to: Option<i32>,
}

/// Edits a post (and, for the opening post, the title); the previous text is kept as a
/// revision. With a `base`, a save from a stale version is refused with the conflict.
pub async fn edit_post(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    (post, topic, community): (&Post, &Topic, &Community),
    body: &str,
    title: Option<&str>,
    base: Option<i32>,
) -> AppResult<EditOutcome> {
    let spec = EditSpec {
        body,
        title,
        base,
        ..EditSpec::default()
    };
    apply_edit(state, guardian, actor, (post, topic, community), spec).await
}

/// What an edit of a topic changes (`None`: left as it is). `category` is a category's
/// id or slug in the topic's sub-community, or empty for none. `base_revision`: the
/// opening post's version the edit started from (see [`edit_post`]).
#[derive(Debug, Clone, Default)]
pub struct TopicEdit {
    pub title: Option<String>,
    pub body: Option<String>,
    pub tags: Option<String>,
    pub category: Option<String>,
    pub base_revision: Option<i32>,
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
) -> AppResult<EditOutcome> {
    let tid = topic.id.clone();
    let opening = state
        .db(move |conn| Ok(posts::opening(conn, &tid)?))
        .await?
        .ok_or(AppError::NotFound)?
        .0;
    guardian.ensure(guardian.can_edit_post(community, topic, &opening))?;
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
                        AppError::field_t("category", "validation-choose-community-category", &[])
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
        let spec = EditSpec {
            body: edit.body.as_deref().unwrap_or(&opening.body_markdown),
            title: edit.title.as_deref(),
            tags,
            base: edit.base_revision,
            revert_to: None,
        };
        if let Err(conflict) =
            apply_edit(state, guardian, actor, (&opening, topic, community), spec).await?
        {
            return Ok(Err(conflict));
        }
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
    Ok(Ok(()))
}

/// Locks the post's row and compares its version with `base` in one statement, inside
/// the write transaction: a concurrent save (PostgreSQL) waits for the lock and then
/// fails the comparison, so two saves from one base can never both pass. The conflict
/// to show when the post moved on.
fn check_base(
    conn: &mut crate::db::DbConn,
    pid: &PostId,
    tid: &crate::db::TopicId,
    base: i32,
) -> AppResult<Option<Box<EditConflict>>> {
    use crate::db::schema::posts as posts_table;
    use diesel::prelude::*;
    let held = diesel::update(
        posts_table::table
            .find(pid)
            .filter(posts_table::revision_count.eq(base)),
    )
    .set(posts_table::revision_count.eq(base))
    .execute(conn)?;
    if held > 0 {
        return Ok(None);
    }
    let current = posts::find(conn, pid)?.ok_or(AppError::NotFound)?;
    let title = topics::find(conn, tid)?
        .map(|t| t.title)
        .unwrap_or_default();
    let base_body = usize::try_from(base).ok().and_then(|i| {
        posts::revisions(conn, pid)
            .ok()?
            .into_iter()
            .nth(i)
            .map(|(r, _)| r.body_markdown)
    });
    Ok(Some(Box::new(EditConflict {
        revision: current.revision_count,
        title,
        body: current.body_markdown,
        base_body,
    })))
}

/// Every edit of a post: the permission, the parsing, the version check and the write.
pub(crate) async fn apply_edit(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    (post, topic, community): (&Post, &Topic, &Community),
    spec: EditSpec<'_>,
) -> AppResult<EditOutcome> {
    guardian.ensure(guardian.can_edit_post(community, topic, post))?;
    let EditSpec {
        body,
        title,
        tags,
        base,
        revert_to,
    } = spec;
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
    let wiki = topic.wiki && post.is_opening();
    let (community, editor_user, cid) = (community.clone(), actor.clone(), community.id.clone());
    let staff = guardian.skips_new_member_limits(&community);
    state
        .write(move |conn| {
            if let Some(base) = base {
                if let Some(conflict) = check_base(conn, &pid, &tid, base)? {
                    return Ok(Err(conflict));
                }
            }
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
            let version = current.revision_count + 1;
            let audited = match (revert_to, wiki) {
                (Some(to), true) => Some((
                    "wiki.revert",
                    format!("version {version} restores version {to}"),
                )),
                (Some(to), false) => Some((
                    "post.revert",
                    format!("version {version} restores version {to}"),
                )),
                (None, true) => Some(("wiki.edit", format!("version {version}"))),
                (None, false) if moderator_edit => Some(("post.edit", String::new())),
                (None, false) => None,
            };
            if let Some((action, details)) = audited {
                audit::record(
                    conn,
                    Some(&editor),
                    action,
                    "post",
                    pid.as_str(),
                    &details,
                    now,
                )?;
            }
            Ok(Ok(()))
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
            if let Some(p) = posts::find(conn, &pid)? {
                crate::outcomes::events::on_deleted(conn, &p, &actor_id, deleted, now)?;
            }
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
                    let notice = if deleted {
                        crate::notifications::Notice::Removed
                    } else {
                        crate::notifications::Notice::Restored
                    };
                    direct::to_member(
                        conn,
                        &settings.notifications,
                        &author,
                        NotificationKind::Moderation,
                        &place,
                        &topic,
                        (!deleted).then_some(&pid),
                        &actor_id,
                        Some(&notice),
                        now,
                    )?;
                }
            }
            Ok(())
        })
        .await
}
