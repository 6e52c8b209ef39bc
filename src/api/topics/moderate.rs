//! A moderator's topic tools through the API (scope `moderation:write`): pin and unpin,
//! lock and unlock, move (to a category, or to another sub-community the caller
//! moderates too), close as a duplicate. Each calls the service the topic page's
//! moderator tools call (`forums::topic_moderation`), so the guardian, the destination's
//! policy, the audit log and the author's notification are exactly the page's. Merging
//! is `write::merge`. Each answers 200 with the topic as it is now.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::opened;
use crate::api::body::ApiJson;
use crate::auth::ApiCaller;
use crate::db::Scope;
use crate::error::{AppError, AppResult};
use crate::forums::topic_moderation::{self, Flag};
use crate::state::AppState;

async fn flag(
    state: &AppState,
    caller: &ApiCaller,
    id: &str,
    flag: Flag,
    on: bool,
) -> AppResult<HttpResponse> {
    let (me, guardian, topic, c) = opened(state, caller, Scope::ModerationWrite, id).await?;
    topic_moderation::set_flag(state, &guardian, me, &topic, &c, flag, on).await?;
    super::write::shown(state, &guardian, &topic.id).await
}

/// Pin a topic to the top of its sub-community's lists.
#[utoipa::path(
    post,
    path = "/api/v1/topics/{id}/pin",
    tag = "moderation",
    params(("id" = String, Path, description = "The topic's id")),
    responses(
        (status = 200, description = "Pinned (also when it already was)", body = crate::api::repr::TopicJson),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks moderation:write, or the caller does not moderate the sub-community", content_type = "application/problem+json"),
        (status = 404, description = "No such topic, or the caller may not see it", content_type = "application/problem+json")
    )
)]
pub(crate) async fn pin(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    flag(&state, &caller, &id, Flag::Pinned, true).await
}

/// Unpin a topic.
#[utoipa::path(
    delete,
    path = "/api/v1/topics/{id}/pin",
    tag = "moderation",
    params(("id" = String, Path, description = "The topic's id")),
    responses(
        (status = 200, description = "Not pinned (also when it was not)", body = crate::api::repr::TopicJson),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks moderation:write, or the caller does not moderate the sub-community", content_type = "application/problem+json"),
        (status = 404, description = "No such topic, or the caller may not see it", content_type = "application/problem+json")
    )
)]
pub(crate) async fn unpin(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    flag(&state, &caller, &id, Flag::Pinned, false).await
}

/// Lock a topic: no new replies (moderators still may).
#[utoipa::path(
    post,
    path = "/api/v1/topics/{id}/lock",
    tag = "moderation",
    params(("id" = String, Path, description = "The topic's id")),
    responses(
        (status = 200, description = "Locked (also when it already was)", body = crate::api::repr::TopicJson),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks moderation:write, or the caller does not moderate the sub-community", content_type = "application/problem+json"),
        (status = 404, description = "No such topic, or the caller may not see it", content_type = "application/problem+json")
    )
)]
pub(crate) async fn lock(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    flag(&state, &caller, &id, Flag::Locked, true).await
}

/// Unlock a topic.
#[utoipa::path(
    delete,
    path = "/api/v1/topics/{id}/lock",
    tag = "moderation",
    params(("id" = String, Path, description = "The topic's id")),
    responses(
        (status = 200, description = "Unlocked (also when it was not locked)", body = crate::api::repr::TopicJson),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks moderation:write, or the caller does not moderate the sub-community", content_type = "application/problem+json"),
        (status = 404, description = "No such topic, or the caller may not see it", content_type = "application/problem+json")
    )
)]
pub(crate) async fn unlock(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    flag(&state, &caller, &id, Flag::Locked, false).await
}

/// Where a topic moves.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveBody {
    /// The destination sub-community's slug; absent: it stays where it is.
    #[serde(default)]
    pub community: Option<String>,
    /// A category of the destination, by id or slug; absent or "": no category.
    #[serde(default)]
    pub category: Option<String>,
}

/// Move a topic to a category, or to another sub-community the caller moderates too
/// (its posts then pass that sub-community's policy first; its author is told).
#[utoipa::path(
    post,
    path = "/api/v1/topics/{id}/move",
    tag = "moderation",
    params(("id" = String, Path, description = "The topic's id")),
    request_body = MoveBody,
    responses(
        (status = 200, description = "The topic where it is now", body = crate::api::repr::TopicJson),
        (status = 400, description = "Malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks moderation:write, or the caller does not moderate both sub-communities", content_type = "application/problem+json"),
        (status = 404, description = "No such topic or destination the caller may see", content_type = "application/problem+json"),
        (status = 422, description = "No such category in the destination, or posts the destination's policy refuses", content_type = "application/problem+json")
    )
)]
pub(crate) async fn move_topic(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: ApiJson<MoveBody>,
) -> AppResult<HttpResponse> {
    let (me, guardian, topic, c) = opened(&state, &caller, Scope::ModerationWrite, &id).await?;
    let b = body.into_inner();
    let to = b.community.unwrap_or_default();
    let category = match b.category.as_deref().map(str::trim) {
        None | Some("") => String::new(),
        Some(raw) if crate::db::CategoryId::parse(raw).is_some() => raw.to_string(),
        Some(slug) => {
            let dest = match to.trim() {
                "" => c.clone(),
                other => crate::communities::service::get_visible(&state, &guardian, other).await?,
            };
            match crate::forums::read::category_by_slug(&state, &dest, slug).await {
                Ok(cat) => cat.id.as_str().to_string(),
                Err(AppError::NotFound) => {
                    return Err(AppError::field_t(
                        "category",
                        "validation-choose-destination-category",
                        &[],
                    ))
                }
                Err(e) => return Err(e),
            }
        }
    };
    topic_moderation::move_topic(&state, &guardian, me, &topic, &c, &to, &category).await?;
    super::write::shown(&state, &guardian, &topic.id).await
}

/// Which topic a duplicate repeats.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DuplicateBody {
    /// The original topic: its id, path or URL.
    pub original: String,
}

/// Close a topic as a duplicate of another the caller can see (and lock it); its author
/// is told. The topic keeps its address and shows a link to the original.
#[utoipa::path(
    post,
    path = "/api/v1/topics/{id}/duplicate",
    tag = "moderation",
    params(("id" = String, Path, description = "The topic's id")),
    request_body = DuplicateBody,
    responses(
        (status = 200, description = "Closed: duplicate_of names the original", body = crate::api::repr::TopicJson),
        (status = 400, description = "Malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks moderation:write, or the caller does not moderate the sub-community", content_type = "application/problem+json"),
        (status = 404, description = "No such topic, or the caller may not see it", content_type = "application/problem+json"),
        (status = 422, description = "No original given, itself, or one the caller cannot see", content_type = "application/problem+json")
    )
)]
pub(crate) async fn duplicate(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: ApiJson<DuplicateBody>,
) -> AppResult<HttpResponse> {
    let (me, guardian, topic, c) = opened(&state, &caller, Scope::ModerationWrite, &id).await?;
    let original = body.into_inner().original;
    topic_moderation::close_as_duplicate(&state, &guardian, me, &topic, &c, &original).await?;
    super::write::shown(&state, &guardian, &topic.id).await
}
