//! Wiki posts (issue 19): a topic's opening post turned into community-maintained
//! knowledge (by staff directly, or at its author's request with a moderator's consent),
//! its versions, the diff between two of them, and reverting to an older one.
//! `diff` computes line/word diffs; `history` rebuilds a post's versions from its
//! revisions. Who may do what is the guardian's (`auth::guardian::wiki`).

pub mod diff;
pub mod history;

use crate::auth::Guardian;
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::models::users::User;
use crate::db::models::{audit, wiki};
use crate::error::{AppError, AppResult};
use crate::forums::editing::{self, EditOutcome, EditSpec};
use crate::state::AppState;

pub use crate::db::models::wiki::PendingRequest;

/// Turns the topic's opening post into a wiki (`on`) or back; an open request for it is
/// closed either way. Audited as `wiki.enable` / `wiki.disable`.
pub async fn set_wiki(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    on: bool,
) -> AppResult<()> {
    guardian.ensure(guardian.can_make_wiki(community, topic))?;
    let (tid, actor_id, now) = (topic.id.clone(), actor.id.clone(), state.clock.now());
    let cid = community.id.clone();
    let was = topic.wiki;
    state
        .write(move |conn| {
            let requested = wiki::close(conn, &tid)?;
            wiki::set_wiki(conn, &tid, on)?;
            let action = if on { "wiki.enable" } else { "wiki.disable" };
            let details = if on && requested {
                "at the author's request"
            } else {
                ""
            };
            audit::record_change(
                conn,
                &audit::Change {
                    actor: Some(&actor_id),
                    action,
                    target_type: "topic",
                    target_id: tid.as_str(),
                    details,
                    community: Some(&cid),
                    before: if was { "wiki" } else { "post" },
                    after: if on { "wiki" } else { "post" },
                },
                now,
            )?;
            Ok(())
        })
        .await
}

/// The topic's author asks the moderators to make it a wiki. Whether a new request was
/// recorded (`false`: one was already open).
pub async fn request_wiki(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
) -> AppResult<bool> {
    guardian.ensure(guardian.can_request_wiki(community, topic))?;
    let (tid, actor_id, now) = (topic.id.clone(), actor.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            let new = wiki::request(conn, &tid, &actor_id, now)?;
            if new {
                audit::record(
                    conn,
                    Some(&actor_id),
                    "wiki.request",
                    "topic",
                    tid.as_str(),
                    "",
                    now,
                )?;
            }
            Ok(new)
        })
        .await
}

/// A moderator declines the author's request (approving is [`set_wiki`] with `on`).
pub async fn decline_request(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
) -> AppResult<()> {
    guardian.ensure(guardian.can_make_wiki(community, topic))?;
    let (tid, actor_id, now) = (topic.id.clone(), actor.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            if wiki::close(conn, &tid)? {
                audit::record(
                    conn,
                    Some(&actor_id),
                    "wiki.decline",
                    "topic",
                    tid.as_str(),
                    "",
                    now,
                )?;
            }
            Ok(())
        })
        .await
}

/// The open wiki requests of a sub-community, for its moderators.
pub async fn pending_requests(
    state: &AppState,
    guardian: &Guardian<'_>,
    community: &Community,
) -> AppResult<Vec<PendingRequest>> {
    guardian.ensure(guardian.can_moderate(community))?;
    let cid = community.id.clone();
    state.db(move |conn| Ok(wiki::pending(conn, &cid)?)).await
}

/// Restores version `version` of the post (its text and, for an opening post, its title)
/// as a new version: history is never rewritten. `base` is the version the reverting
/// reader saw as current; a post edited since is a conflict.
pub async fn revert(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    (post, topic, community): (&Post, &Topic, &Community),
    version: i32,
    base: i32,
) -> AppResult<EditOutcome> {
    guardian.ensure(guardian.can_revert(community, topic, post))?;
    let versions = history::versions(state, post, topic).await?;
    let (_, target) = history::with_previous(&versions, version)?;
    if version >= post.revision_count {
        return Err(AppError::BadRequest(crate::error::Msg::key(
            "errors-wiki-current-version",
        )));
    }
    let spec = EditSpec {
        body: &target.body,
        title: target.title.as_deref(),
        tags: None,
        base: Some(base),
        revert_to: Some(version),
    };
    editing::apply_edit(state, guardian, actor, (post, topic, community), spec).await
}

/// A new topic from the composer, started as a wiki when `wiki` (checked before the topic
/// is written, so a refusal creates nothing).
pub async fn create_topic(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    community: &Community,
    input: crate::forums::posting::TopicInput,
    wiki: bool,
) -> AppResult<Topic> {
    if wiki {
        guardian.ensure(guardian.can_start_wiki(community))?;
    }
    let mut topic =
        crate::forums::posting::create_topic(state, guardian, actor, community, input).await?;
    if wiki {
        set_wiki(state, guardian, actor, &topic, community, true).await?;
        topic.wiki = true;
    }
    Ok(topic)
}
