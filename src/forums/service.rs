//! Forum and Q&A use cases: each checks the guardian, parses, and writes in one
//! transaction together with the counters and reputation it moves.

use std::collections::HashMap;

use crate::auth::Guardian;
use crate::db::models::categories::{self, Category, NewCategory};
use crate::db::models::communities::{self, Community};
use crate::db::models::posts::{self, NewPost, Post, Revision};
use crate::db::models::topics::{self, NewTopic, Topic};
use crate::db::models::users::{self, User};
use crate::db::models::{audit, votes};
use crate::db::schema::topics as topics_table;
use crate::db::{
    is_unique_violation, CategoryId, CommunityId, DbConn, IdeaStatus, ModerationState,
    NotificationKind, PostId, Timestamp, TopicId, TopicKind, UserId,
};
use crate::domain::{
    mention_candidates, render_markdown_with_mentions, BoundedText, PostBody, Slug, Tags,
    TopicTitle,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forums::topic_page::PAGE_SIZE;
use crate::moderation::gate::{self, Submission};
use crate::moderation::{self, publish};
use crate::notifications::fanout;
use crate::state::AppState;

pub(crate) fn render(
    conn: &mut DbConn,
    source: &str,
) -> diesel::QueryResult<crate::domain::RenderedMarkdown> {
    let candidates = mention_candidates(source);
    let known = if candidates.is_empty() {
        vec![]
    } else {
        users::existing_keys(conn, &candidates)?
    };
    Ok(render_markdown_with_mentions(source, &known))
}

/// Loads a topic and its community; 404 unless the viewer may see both.
pub async fn load_topic(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &TopicId,
) -> AppResult<(Topic, Community)> {
    let id = id.clone();
    let (topic, community) = state
        .db(move |conn| {
            let t = topics::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let c = communities::find(conn, &t.community_id)?.ok_or(AppError::NotFound)?;
            Ok((t, c))
        })
        .await?;
    guardian.ensure_can_see_topic(&community, &topic)?;
    Ok((topic, community))
}

/// Loads a post with its topic and community; 404 unless the viewer may see all three.
pub async fn load_post(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &PostId,
) -> AppResult<(Post, Topic, Community)> {
    let id = id.clone();
    let (post, topic, community) = state
        .db(move |conn| {
            let p = posts::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let t = topics::find(conn, &p.topic_id)?.ok_or(AppError::NotFound)?;
            let c = communities::find(conn, &t.community_id)?.ok_or(AppError::NotFound)?;
            Ok((p, t, c))
        })
        .await?;
    guardian.ensure_can_see_post(&community, &topic, &post)?;
    Ok((post, topic, community))
}

// ----- Categories -----

pub async fn create_category(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    community: &Community,
    slug: &str,
    name: &str,
    description: &str,
) -> AppResult<Category> {
    guardian.ensure(guardian.can_manage_categories(community))?;
    let mut errors = FieldErrors::new();
    let slug = Slug::parse(slug).map_err(|e| errors.insert("slug", e)).ok();
    let name = BoundedText::parse(name, "Name", 2, 60, true)
        .map_err(|e| errors.insert("name", e))
        .ok();
    let description = BoundedText::parse(description, "Description", 0, 300, false)
        .map_err(|e| errors.insert("description", e))
        .ok();
    let (Some(slug), Some(name), Some(description)) = (slug, name, description) else {
        return Err(AppError::Validation(errors));
    };
    let (cid, now, actor_id) = (community.id.clone(), state.clock.now(), actor.id.clone());
    state
        .write(move |conn| {
            let id = CategoryId::new();
            let position =
                i32::try_from(categories::for_community(conn, &cid)?.len()).unwrap_or(0) * 10;
            let new = NewCategory {
                id: &id,
                community_id: &cid,
                slug: slug.as_str(),
                name: name.as_str(),
                description: description.as_str(),
                position,
                created_at: now,
            };
            match categories::insert(conn, &new) {
                Err(e) if is_unique_violation(&e) => {
                    return Err(AppError::field(
                        "slug",
                        "This sub-community already has a category with that address.",
                    ))
                }
                other => other?,
            }
            audit::record(
                conn,
                Some(&actor_id),
                "category.create",
                "community",
                cid.as_str(),
                slug.as_str(),
                now,
            )?;
            categories::find(conn, &id)?.ok_or(AppError::NotFound)
        })
        .await
}

// ----- Writing -----

pub struct TopicInput {
    pub kind: String,
    pub title: String,
    pub body: String,
    pub tags: String,
    pub category: String,
    pub as_brand: bool,
}

pub async fn create_topic(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    community: &Community,
    input: TopicInput,
) -> AppResult<Topic> {
    guardian.ensure(guardian.can_post_in(community))?;
    let mut errors = FieldErrors::new();
    let kind = input
        .kind
        .parse::<TopicKind>()
        .map_err(|_| errors.insert("kind", "Choose what kind of topic this is.".into()))
        .ok();
    let title = TopicTitle::parse(&input.title)
        .map_err(|e| errors.insert("title", e))
        .ok();
    let body = PostBody::parse(&input.body)
        .map_err(|e| errors.insert("body", e))
        .ok();
    let tags = Tags::parse(&input.tags)
        .map_err(|e| errors.insert("tags", e))
        .ok();
    let (Some(kind), Some(title), Some(body), Some(tags)) = (kind, title, body, tags) else {
        return Err(AppError::Validation(errors));
    };
    guardian.ensure(guardian.can_create_topic(community, kind))?;
    if input.as_brand && !guardian.can_post_as_brand(community) {
        return Err(AppError::Forbidden);
    }
    let category = match input.category.trim() {
        "" => None,
        raw => Some(
            CategoryId::parse(raw)
                .ok_or_else(|| AppError::field("category", "Choose a category."))?,
        ),
    };
    let (cid, now) = (community.id.clone(), state.clock.now());
    let (community, author) = (community.clone(), actor.clone());
    let staff = guardian.skips_new_member_limits(&community);
    let topic = state
        .write(move |conn| {
            let decision = gate::decide(
                conn,
                &Submission {
                    community: &community,
                    author: &author,
                    fields: vec![
                        ("title", title.as_str().to_string()),
                        ("body", body.as_str().to_string()),
                    ],
                    new_post: true,
                    staff,
                },
                now,
            )?;
            if let Some(cat) = &category {
                let found = categories::find(conn, cat)?;
                if found.is_none_or(|c| c.community_id != cid) {
                    return Err(AppError::field(
                        "category",
                        "Choose a category of this sub-community.",
                    ));
                }
            }
            let draft = TopicDraft {
                community: &cid,
                category: category.as_ref(),
                kind,
                title: decision.field("title").unwrap_or(title.as_str()),
                body: decision.field("body").unwrap_or(body.as_str()),
                tags: &tags.stored(),
                as_brand: input.as_brand,
            };
            let id = insert_topic_in_state(conn, &draft, &author.id, decision.state, now)?;
            if let Some((reason, matches)) = &decision.review {
                let opening = posts::opening(conn, &id)?.ok_or(AppError::NotFound)?.0;
                moderation::service::open_review(conn, &opening.id, &cid, *reason, matches, now)?;
            }
            topics::find(conn, &id)?.ok_or(AppError::NotFound)
        })
        .await?;
    crate::notifications::fanout::drain_all(state).await?;
    Ok(topic)
}

/// A reply to a topic, or (with `parent`) a short comment under a question or answer.
pub async fn reply(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    (topic, community): (&Topic, &Community),
    body: &str,
    as_brand: bool,
    parent: Option<PostId>,
) -> AppResult<Post> {
    guardian.ensure(guardian.can_reply(community, topic))?;
    let body = match parent {
        Some(_) => PostBody::parse_comment(body),
        None => PostBody::parse(body),
    }
    .map_err(|e| AppError::field("body", e))?;
    if as_brand && !guardian.can_post_as_brand(community) {
        return Err(AppError::Forbidden);
    }
    let (tid, cid, now) = (topic.id.clone(), community.id.clone(), state.clock.now());
    let (community, author) = (community.clone(), actor.clone());
    let viewer = guardian.viewer();
    let staff = guardian.skips_new_member_limits(&community);
    let post = state
        .write(move |conn| {
            let decision = gate::decide(
                conn,
                &Submission {
                    community: &community,
                    author: &author,
                    fields: vec![("body", body.as_str().to_string())],
                    new_post: true,
                    staff,
                },
                now,
            )?;
            // Re-read under the write lock (the topic row is locked by `topics::lock`): it
            // may have been moved, deleted, held or locked since the page was loaded. The
            // guardian decides again on the row as it is now.
            topics::lock(conn, &tid)?;
            let current = topics::find(conn, &tid)?
                .filter(|t| t.community_id == cid)
                .ok_or(AppError::NotFound)?;
            let guardian = Guardian::new(&viewer);
            guardian.ensure_can_see_topic(&community, &current)?;
            guardian.ensure(guardian.can_reply(&community, &current))?;
            if let Some(p) = &parent {
                let parent_post = posts::find(conn, p)?.ok_or(AppError::NotFound)?;
                if parent_post.topic_id != tid
                    || parent_post.parent_id.is_some()
                    || parent_post.deleted_at.is_some()
                {
                    return Err(AppError::BadRequest(
                        "Comments go under a question or an answer.".into(),
                    ));
                }
            }
            let id = insert_reply_in_state(
                conn,
                &ReplyDraft {
                    topic: &tid,
                    community: &cid,
                    author: &author.id,
                    body: decision.field("body").unwrap_or(body.as_str()),
                    as_brand,
                    parent: parent.as_ref(),
                },
                decision.state,
                now,
            )?;
            if let Some((reason, matches)) = &decision.review {
                moderation::service::open_review(conn, &id, &cid, *reason, matches, now)?;
            }
            posts::find(conn, &id)?.ok_or(AppError::NotFound)
        })
        .await?;
    crate::notifications::fanout::drain_all(state).await?;
    Ok(post)
}

/// Edits a post (and, for the opening post, the title); the previous text is kept as a revision.
pub async fn edit_post(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    (post, topic, community): (&Post, &Topic, &Community),
    body: &str,
    title: Option<&str>,
) -> AppResult<()> {
    guardian.ensure(guardian.can_edit_post(community, post))?;
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
            // An edit that now needs review is taken back until a moderator approves it.
            if decision.state == ModerationState::Held && current.is_published() {
                publish::withdraw_post(conn, &current, ModerationState::Held)?;
            }
            if let Some((reason, matches)) = &decision.review {
                moderation::service::open_review(conn, &pid, &cid, *reason, matches, now)?;
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

pub async fn revisions(state: &AppState, post: &Post) -> AppResult<Vec<(Revision, Option<User>)>> {
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

/// Where a post is shown: its topic's page that starts at it (the post itself, or for a
/// comment the post it sits under), with the post's anchor.
pub async fn post_location(state: &AppState, post: &Post, topic: &Topic) -> AppResult<String> {
    let anchor = format!("#p{}", post.post_number);
    let host = match &post.parent_id {
        Some(parent) => {
            let parent = parent.clone();
            state
                .db(move |conn| Ok(posts::find(conn, &parent)?))
                .await?
                .ok_or(AppError::NotFound)?
        }
        None => post.clone(),
    };
    let on_first_page = host.is_opening()
        || topic.accepted_post_id.as_ref() == Some(&host.id)
        || (topic.kind != TopicKind::Question && i64::from(host.post_number) <= PAGE_SIZE + 1);
    if on_first_page {
        return Ok(format!("{}{anchor}", topic.path()));
    }
    // Keyset cursors of the topic page: (score, number) of the row before this one.
    let cursor = if topic.kind == TopicKind::Question {
        format!("{}_{}", host.score, host.post_number - 1)
    } else {
        format!("0_{}", host.post_number - 1)
    };
    Ok(format!("{}?after={cursor}{anchor}", topic.path()))
}

// ----- Votes and acceptance -----

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
        return Err(AppError::BadRequest("A vote is up, down or none.".into()));
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
        return Err(AppError::BadRequest(
            "Only an answer to this question can be accepted.".into(),
        ));
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
                fanout::to_member(
                    conn,
                    &settings.notifications,
                    &answerer,
                    NotificationKind::Accepted,
                    &place,
                    &t,
                    Some(&aid),
                    &actor_id,
                    &t.title,
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
        return Err(AppError::BadRequest("Only ideas have a status.".into()));
    }
    let status = match status.trim() {
        "" | "none" => None,
        s => Some(
            s.parse::<IdeaStatus>()
                .map_err(|_| AppError::field("status", "Choose a status."))?,
        ),
    };
    let note =
        BoundedText::parse(note, "Note", 0, 500, false).map_err(|e| AppError::field("note", e))?;
    let (tid, actor_id, now) = (topic.id.clone(), actor.id.clone(), state.clock.now());
    let (settings, place, t) = (state.settings.clone(), community.clone(), topic.clone());
    state
        .write(move |conn| {
            use diesel::prelude::*;
            if t.idea_status != status {
                let summary = match status {
                    Some(s) => format!("{} is now {}", t.title, s.label()),
                    None => format!("{}: status cleared", t.title),
                };
                fanout::on_idea_status(
                    conn,
                    &settings.notifications,
                    &place,
                    &t,
                    &actor_id,
                    &summary,
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

// ----- Write cores (inside a transaction; shared by the services and the demo loader) -----

pub struct TopicDraft<'a> {
    pub community: &'a CommunityId,
    pub category: Option<&'a CategoryId>,
    pub kind: TopicKind,
    pub title: &'a str,
    pub body: &'a str,
    /// Stored form from [`Tags::stored`].
    pub tags: &'a str,
    pub as_brand: bool,
}

/// Inserts a topic and its published opening post; returns the topic id.
pub fn insert_topic(
    conn: &mut DbConn,
    d: &TopicDraft<'_>,
    author: &UserId,
    now: Timestamp,
) -> diesel::QueryResult<TopicId> {
    insert_topic_in_state(conn, d, author, ModerationState::Published, now)
}

/// Inserts a topic and its opening post in `state`: published through
/// [`publish::publish_post`], or held (unlisted until approved).
pub fn insert_topic_in_state(
    conn: &mut DbConn,
    d: &TopicDraft<'_>,
    author: &UserId,
    state: ModerationState,
    now: Timestamp,
) -> diesel::QueryResult<TopicId> {
    let id = TopicId::new();
    let post_id = PostId::new();
    let published = state == ModerationState::Published;
    let rendered = render(conn, d.body)?;
    topics::insert(
        conn,
        &NewTopic {
            id: &id,
            community_id: d.community,
            category_id: d.category,
            kind: d.kind,
            title: d.title,
            author_id: author,
            created_at: now,
            bumped_at: now,
            tags: d.tags,
            idea_status: None,
            held: true,
        },
    )?;
    posts::insert(
        conn,
        &NewPost {
            id: &post_id,
            topic_id: &id,
            community_id: d.community,
            author_id: author,
            post_number: 1,
            parent_id: None,
            body_markdown: &rendered.source,
            body_html: &rendered.html,
            as_brand: d.as_brand,
            created_at: now,
            moderation_state: if published {
                ModerationState::Held
            } else {
                state
            },
        },
    )?;
    if published {
        publish::publish_post(conn, &post_id, now)?;
    }
    Ok(id)
}

/// Inserts a reply (or comment with `parent`), moving the topic's counters with it.
#[allow(clippy::too_many_arguments)]
pub fn insert_reply(
    conn: &mut DbConn,
    topic: &TopicId,
    community: &CommunityId,
    author: &UserId,
    body: &str,
    as_brand: bool,
    parent: Option<&PostId>,
    now: Timestamp,
) -> diesel::QueryResult<PostId> {
    let draft = ReplyDraft {
        topic,
        community,
        author,
        body,
        as_brand,
        parent,
    };
    insert_reply_in_state(conn, &draft, ModerationState::Published, now)
}

/// A reply (or comment) as submitted, for [`insert_reply_in_state`].
pub struct ReplyDraft<'a> {
    pub topic: &'a TopicId,
    pub community: &'a CommunityId,
    pub author: &'a UserId,
    pub body: &'a str,
    pub as_brand: bool,
    pub parent: Option<&'a PostId>,
}

/// Inserts a reply in `state`; a published one goes out through
/// [`publish::publish_post`] (which moves the topic's counters), a held one waits.
pub fn insert_reply_in_state(
    conn: &mut DbConn,
    d: &ReplyDraft<'_>,
    state: ModerationState,
    now: Timestamp,
) -> diesel::QueryResult<PostId> {
    let (topic, community, author, body, as_brand, parent) =
        (d.topic, d.community, d.author, d.body, d.as_brand, d.parent);
    let id = PostId::new();
    let published = state == ModerationState::Published;
    // Serialises concurrent replies to one topic (PostgreSQL row lock; SQLite already holds
    // the write lock), so two replies never compute the same post number.
    topics::lock(conn, topic)?;
    let number = posts::next_number(conn, topic)?;
    let rendered = render(conn, body)?;
    posts::insert(
        conn,
        &NewPost {
            id: &id,
            topic_id: topic,
            community_id: community,
            author_id: author,
            post_number: number,
            parent_id: parent,
            body_markdown: &rendered.source,
            body_html: &rendered.html,
            as_brand,
            created_at: now,
            moderation_state: state,
        },
    )?;
    if published {
        // Inserted public: publishing moves the counters and queues the fan-out.
        let post = posts::find(conn, &id)?.ok_or(diesel::result::Error::NotFound)?;
        publish::announce(conn, &post, now)?;
    }
    Ok(id)
}

/// Sets a member's vote; score, topic score and reputation move in the same transaction.
pub fn apply_vote(
    conn: &mut DbConn,
    pid: &PostId,
    voter: &UserId,
    value: i32,
    now: Timestamp,
) -> diesel::QueryResult<i32> {
    use crate::db::schema::posts as posts_table;
    use diesel::prelude::*;
    // Lock the post row first: under READ COMMITTED two concurrent votes by one member
    // would otherwise both read "no vote" and both move the score.
    posts::lock(conn, pid)?;
    let post = posts::find(conn, pid)?.ok_or(diesel::result::Error::NotFound)?;
    let old = votes::current(conn, pid, voter)?;
    if old == value {
        return Ok(post.score);
    }
    votes::set(conn, pid, &post.topic_id, voter, value, now)?;
    let delta = value - old;
    diesel::update(posts_table::table.find(pid))
        .set(posts_table::score.eq(posts_table::score + delta))
        .execute(conn)?;
    if post.is_opening() {
        diesel::update(topics_table::table.find(&post.topic_id))
            .set(topics_table::score.eq(topics_table::score + delta))
            .execute(conn)?;
    }
    votes::set_reputation(
        conn,
        &post.author_id,
        &post.community_id,
        pid,
        voter,
        "vote",
        votes::vote_points(value),
        now,
    )?;
    Ok(post.score + delta)
}

/// Marks `answer` accepted, moving the acceptance reputation from any earlier answer.
pub fn apply_accept(
    conn: &mut DbConn,
    topic: &TopicId,
    answer: &PostId,
    asker: &UserId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    use diesel::prelude::*;
    topics::lock(conn, topic)?;
    let current = topics::find(conn, topic)?.ok_or(diesel::result::Error::NotFound)?;
    if let Some(previous) = current.accepted_post_id.as_ref().filter(|p| *p != answer) {
        if let Some(prev) = posts::find(conn, previous)? {
            votes::set_reputation(
                conn,
                &prev.author_id,
                &prev.community_id,
                &prev.id,
                asker,
                "accepted",
                0,
                now,
            )?;
        }
    }
    diesel::update(topics_table::table.find(topic))
        .set(topics_table::accepted_post_id.eq(Some(answer)))
        .execute(conn)?;
    let post = posts::find(conn, answer)?.ok_or(diesel::result::Error::NotFound)?;
    // Accepting one's own answer earns nothing.
    let points = if &post.author_id == asker {
        0
    } else {
        votes::ACCEPTED_POINTS
    };
    votes::set_reputation(
        conn,
        &post.author_id,
        &post.community_id,
        answer,
        asker,
        "accepted",
        points,
        now,
    )
}

// ----- Moderation -----

#[derive(Debug, Clone, Copy)]
pub enum Flag {
    Pinned,
    Locked,
}

pub async fn set_flag(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    flag: Flag,
    on: bool,
) -> AppResult<()> {
    guardian.ensure(guardian.can_moderate(community))?;
    let (tid, actor_id, now) = (topic.id.clone(), actor.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            use diesel::prelude::*;
            let target = topics_table::table.find(&tid);
            let action = match flag {
                Flag::Pinned => {
                    diesel::update(target)
                        .set(topics_table::pinned.eq(on))
                        .execute(conn)?;
                    if on {
                        "topic.pin"
                    } else {
                        "topic.unpin"
                    }
                }
                Flag::Locked => {
                    diesel::update(target)
                        .set(topics_table::locked.eq(on))
                        .execute(conn)?;
                    if on {
                        "topic.lock"
                    } else {
                        "topic.unlock"
                    }
                }
            };
            audit::record(
                conn,
                Some(&actor_id),
                action,
                "topic",
                tid.as_str(),
                "",
                now,
            )?;
            Ok(())
        })
        .await
}

/// Moves a topic to a category and/or another sub-community the moderator moderates too.
pub async fn move_topic(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    from: &Community,
    to_slug: &str,
    category: &str,
) -> AppResult<Community> {
    guardian.ensure(guardian.can_moderate(from))?;
    let slug = to_slug.trim().to_string();
    let dest = if slug.is_empty() || slug == from.slug {
        from.clone()
    } else {
        let s = slug.clone();
        let c = state
            .db(move |conn| communities::find_by_slug(conn, &s)?.ok_or(AppError::NotFound))
            .await?;
        guardian.ensure_can_see_community(&c)?;
        guardian.ensure(guardian.can_moderate(&c))?;
        c
    };
    let category = match category.trim() {
        "" => None,
        raw => Some(
            CategoryId::parse(raw)
                .ok_or_else(|| AppError::field("category", "Choose a category."))?,
        ),
    };
    let (tid, did, actor_id, now) = (
        topic.id.clone(),
        dest.id.clone(),
        actor.id.clone(),
        state.clock.now(),
    );
    let details = format!("{} -> {}", from.slug, dest.slug);
    let (settings, place, author, moved_across, title) = (
        state.settings.clone(),
        dest.clone(),
        topic.author_id.clone(),
        dest.id != from.id,
        topic.title.clone(),
    );
    state
        .write(move |conn| {
            use diesel::prelude::*;
            if moved_across {
                gate::check_move(conn, &place, &title, &tid)?;
            }
            if let Some(cat) = &category {
                if categories::find(conn, cat)?.is_none_or(|c| c.community_id != did) {
                    return Err(AppError::field(
                        "category",
                        "Choose a category of the destination.",
                    ));
                }
            }
            diesel::update(topics_table::table.find(&tid))
                .set((
                    topics_table::community_id.eq(&did),
                    topics_table::category_id.eq(category.as_ref()),
                ))
                .execute(conn)?;
            posts::move_to_community(conn, &tid, &did)?;
            crate::db::models::moderation::move_items_of_topic(conn, &tid, &did)?;
            audit::record(
                conn,
                Some(&actor_id),
                "topic.move",
                "topic",
                tid.as_str(),
                &details,
                now,
            )?;
            if let Some(moved) = topics::find(conn, &tid)? {
                fanout::to_member(
                    conn,
                    &settings.notifications,
                    &author,
                    NotificationKind::Moderation,
                    &place,
                    &moved,
                    None,
                    &actor_id,
                    &format!("{} was moved to {}", moved.title, place.name),
                    now,
                )?;
            }
            Ok(())
        })
        .await?;
    Ok(dest)
}

/// Closes a question as a duplicate of another visible topic (and locks it).
pub async fn close_as_duplicate(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    original: &str,
) -> AppResult<()> {
    guardian.ensure(guardian.can_moderate(community))?;
    let original_id = parse_topic_ref(original)
        .ok_or_else(|| AppError::field("original", "Give the original topic's link or id."))?;
    if original_id == topic.id {
        return Err(AppError::field(
            "original",
            "A topic cannot duplicate itself.",
        ));
    }
    let (orig, _) = load_topic(state, guardian, &original_id)
        .await
        .map_err(|_| AppError::field("original", "No such topic."))?;
    let (tid, oid, actor_id, now) = (
        topic.id.clone(),
        orig.id.clone(),
        actor.id.clone(),
        state.clock.now(),
    );
    let (settings, place, t) = (state.settings.clone(), community.clone(), topic.clone());
    state
        .write(move |conn| {
            use diesel::prelude::*;
            diesel::update(topics_table::table.find(&tid))
                .set((
                    topics_table::duplicate_of.eq(Some(&oid)),
                    topics_table::locked.eq(true),
                ))
                .execute(conn)?;
            audit::record(
                conn,
                Some(&actor_id),
                "topic.duplicate",
                "topic",
                tid.as_str(),
                oid.as_str(),
                now,
            )?;
            fanout::to_member(
                conn,
                &settings.notifications,
                &t.author_id,
                NotificationKind::Moderation,
                &place,
                &t,
                None,
                &actor_id,
                &format!("{} was closed as a duplicate", t.title),
                now,
            )?;
            Ok(())
        })
        .await
}

/// Accepts "/t/<id>/slug", a full URL to it, or the bare id.
pub fn parse_topic_ref(s: &str) -> Option<TopicId> {
    let s = s.trim();
    if let Some(id) = TopicId::parse(s) {
        return Some(id);
    }
    let idx = s.find("/t/")?;
    let rest = &s[idx + 3..];
    TopicId::parse(rest.split(['/', '?', '#']).next()?)
}

// ----- Employee queue -----

pub async fn claim(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    on: bool,
) -> AppResult<()> {
    guardian.ensure(guardian.can_claim(community, topic))?;
    let (tid, me, now) = (topic.id.clone(), actor.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            use diesel::prelude::*;
            if on {
                diesel::update(topics_table::table.find(&tid))
                    .set((
                        topics_table::claimed_by.eq(Some(&me)),
                        topics_table::claimed_at.eq(Some(now)),
                    ))
                    .execute(conn)?;
            } else {
                // Only the claimant releases; another employee sees who is on it.
                diesel::update(
                    topics_table::table
                        .find(&tid)
                        .filter(topics_table::claimed_by.eq(&me)),
                )
                .set((
                    topics_table::claimed_by.eq(None::<UserId>),
                    topics_table::claimed_at.eq(None::<Timestamp>),
                ))
                .execute(conn)?;
            }
            Ok(())
        })
        .await
}

pub struct QueueItem {
    pub topic: Topic,
    pub author: User,
    pub community: Community,
    pub claimed_by: Option<User>,
}

pub async fn queue(state: &AppState, guardian: &Guardian<'_>) -> AppResult<Vec<QueueItem>> {
    guardian.ensure(guardian.can_work_queue())?;
    let all = state.db(|conn| Ok(communities::all(conn)?)).await?;
    let covered: Vec<Community> = all.into_iter().filter(|c| guardian.covers(c)).collect();
    let ids: Vec<CommunityId> = covered.iter().map(|c| c.id.clone()).collect();
    let rows = state
        .db(move |conn| {
            let rows = topics::open_questions(conn, &ids, 200)?;
            let claimers: Vec<UserId> = rows
                .iter()
                .filter_map(|(t, _)| t.claimed_by.clone())
                .collect();
            let claimers = users::find_many(conn, &claimers)?;
            Ok((rows, claimers))
        })
        .await?;
    let (rows, claimers) = rows;
    let by_id: HashMap<&UserId, &User> = claimers.iter().map(|u| (&u.id, u)).collect();
    let communities: HashMap<&CommunityId, &Community> =
        covered.iter().map(|c| (&c.id, c)).collect();
    Ok(rows
        .into_iter()
        .filter_map(|(topic, author)| {
            let community = (*communities.get(&topic.community_id)?).clone();
            let claimed_by = topic
                .claimed_by
                .as_ref()
                .and_then(|u| by_id.get(u))
                .map(|u| (*u).clone());
            Some(QueueItem {
                topic,
                author,
                community,
                claimed_by,
            })
        })
        .collect())
}
