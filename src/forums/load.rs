//! Finding a topic or a post for a request, and refusing (404) unless the guardian lets
//! the viewer see it; where a post is shown.

use crate::auth::Guardian;
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::{self, Community};
use crate::db::models::posts::{self, Post};
use crate::db::models::topics::{self, Topic};
use crate::db::{PostId, TopicId, TopicKind};
use crate::error::{AppError, AppResult};
use crate::forums::topic_page::PAGE_SIZE;
use crate::state::AppState;

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

/// Where a merged topic now lives, when the guardian lets this viewer follow it
/// ([`Guardian::merged_topic_leads_to`]); `None` for any other topic, or one they may not
/// follow. Asked only once a topic turned out not to be there (a 404 on the way).
pub async fn merged_topic_target(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &TopicId,
) -> AppResult<Option<TopicId>> {
    let id = id.clone();
    let found = state
        .db(move |conn| {
            let Some(t) = topics::find(conn, &id)? else {
                return Ok(None);
            };
            Ok(communities::find(conn, &t.community_id)?.map(|c| (t, c)))
        })
        .await?;
    Ok(found.and_then(|(t, c)| guardian.merged_topic_leads_to(&c, &t).cloned()))
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

/// A post as shown to one viewer (the API answers it): with its author, topic and
/// community; 404 unless the viewer may see all three.
pub async fn load_post_shown(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &PostId,
) -> AppResult<(Post, AuthorView, Topic, Community)> {
    let id = id.clone();
    let (post, author, topic, community) = state
        .db(move |conn| {
            let (p, a) = posts::with_author(conn, &id)?.ok_or(AppError::NotFound)?;
            let t = topics::find(conn, &p.topic_id)?.ok_or(AppError::NotFound)?;
            let c = communities::find(conn, &t.community_id)?.ok_or(AppError::NotFound)?;
            Ok((p, a, t, c))
        })
        .await?;
    guardian.ensure_can_see_post(&community, &topic, &post)?;
    Ok((post, author, topic, community))
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
