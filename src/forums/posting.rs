//! Members write: a new topic, a reply, a comment. Each passes the guardian, is parsed,
//! goes through the moderation gate and is written in one transaction.

use crate::auth::Guardian;
use crate::db::models::categories;
use crate::db::models::communities::Community;
use crate::db::models::posts::{self, Post};
use crate::db::models::topics::{self, Topic};
use crate::db::models::users::User;
use crate::db::{CategoryId, Language, PostId, TopicKind};
use crate::domain::{PostBody, Tags, TopicTitle};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forums::write_core::{
    insert_reply_locked, insert_topic_in_state, ReplyDraft, TopicDraft,
};
use crate::moderation;
use crate::moderation::gate::{self, Submission};
use crate::outcomes::events::Known;
use crate::state::AppState;

pub struct TopicInput {
    pub kind: String,
    pub title: String,
    pub body: String,
    pub tags: String,
    pub category: String,
    pub as_brand: bool,
    /// The content language (`en`, `fr`); empty: the sub-community's default.
    pub language: String,
}

/// A topic's content language as its author chose it: `None` (blank) for the
/// sub-community's default, an error for anything but a known language.
pub fn parse_language(raw: &str) -> Result<Option<Language>, crate::error::Msg> {
    match raw.trim() {
        "" => Ok(None),
        code => code
            .parse::<Language>()
            .map(Some)
            .map_err(|_| crate::error::Msg::key("validation-choose-language")),
    }
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
        .map_err(|_| {
            errors.insert(
                "kind",
                crate::error::Msg::key("validation-choose-topic-kind"),
            )
        })
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
    let language = parse_language(&input.language)
        .map_err(|e| errors.insert("language", e))
        .ok();
    let (Some(kind), Some(title), Some(body), Some(tags), Some(language)) =
        (kind, title, body, tags, language)
    else {
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
                .ok_or_else(|| AppError::field_t("category", "validation-choose-category", &[]))?,
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
                    return Err(AppError::field_t(
                        "category",
                        "validation-choose-community-category",
                        &[],
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
                page: None,
                language,
            };
            let id = insert_topic_in_state(conn, &draft, &author.id, decision.state, now)?;
            if let Some((reason, matches)) = &decision.review {
                let opening = posts::opening(conn, &id)?.ok_or(AppError::NotFound)?.0;
                moderation::queue::open_review(conn, &opening.id, &cid, *reason, matches, now)?;
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
    let at = (topic, community);
    reply_then(state, guardian, actor, at, body, as_brand, parent, None).await
}

/// Work a front door adds to a reply's own transaction (reply by email records what
/// became of the message, so a retry never posts twice).
pub type AfterReply = Box<dyn FnOnce(&mut crate::db::DbConn, &Post) -> AppResult<()> + Send>;

/// [`reply`], with `after` run in the same transaction once the post is written.
#[allow(clippy::too_many_arguments)]
pub async fn reply_then(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    (topic, community): (&Topic, &Community),
    body: &str,
    as_brand: bool,
    parent: Option<PostId>,
    after: Option<AfterReply>,
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
            // Rendered before the topic's row is locked, so replies to one busy topic
            // wait for one another as briefly as they can.
            let text = decision.field("body").unwrap_or(body.as_str()).to_string();
            let rendered = crate::forums::write_core::render(conn, &text)?;
            // Re-read under the write lock: the topic may have been moved, deleted, held
            // or locked since the page was loaded. The guardian decides again on the row
            // as it is now. A reply that goes out at once (not held, not a comment) takes
            // the lock by counting itself on the row (one statement fewer under it); if
            // it is refused below, the transaction takes the count back.
            let counted =
                decision.state == crate::db::ModerationState::Published && parent.is_none();
            let current = if counted {
                topics::count_reply_locked(conn, &tid, as_brand, now)?
            } else {
                topics::find_locked(conn, &tid)?
            }
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
                    return Err(AppError::BadRequest(crate::error::Msg::key(
                        "errors-comment-placement",
                    )));
                }
            }
            let post = insert_reply_locked(
                conn,
                &ReplyDraft {
                    topic: &tid,
                    community: &cid,
                    author: &author.id,
                    body: &text,
                    as_brand,
                    parent: parent.as_ref(),
                },
                &rendered,
                decision.state,
                Some(Known {
                    topic: &current,
                    author_is_employee: author.is_employee,
                    new_post: true,
                    reply_counted: counted,
                }),
                now,
            )?;
            if let Some((reason, matches)) = &decision.review {
                moderation::queue::open_review(conn, &post.id, &cid, *reason, matches, now)?;
            }
            if let Some(after) = after {
                after(conn, &post)?;
            }
            Ok(post)
        })
        .await?;
    crate::notifications::fanout::drain_all(state).await?;
    Ok(post)
}

/// A short comment under a question or one of its answers (`parent`), from whoever may
/// comment there; the front doors that name the post rather than the topic use this.
pub async fn comment(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    (parent, topic, community): (&Post, &Topic, &Community),
    body: &str,
) -> AppResult<Post> {
    guardian.ensure(guardian.can_comment_on(community, topic, parent))?;
    reply(
        state,
        guardian,
        actor,
        (topic, community),
        body,
        false,
        Some(parent.id.clone()),
    )
    .await
}
