//! The review queue over the API: list the items the caller works (the same service and
//! scoping as `/review`: a token limited to a sub-community sees only its items; a member
//! who moderates nothing is refused with 403, as the page does) and resolve one with the
//! page's one-step actions. Flagging a post is in `posts.rs` (scope `posts:write`).

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api::body::ApiJson;
use crate::api::paging::{self, PageQuery};
use crate::api::repr::{PostJson, ReviewItemJson, ReviewOutcomeJson};
use crate::auth::ApiCaller;
use crate::communities::service as communities;
use crate::db::{ReviewItemId, Scope};
use crate::error::{AppError, AppResult};
use crate::forums::load::load_post_shown;
use crate::moderation::queue::{self, QueuePosition};
use crate::moderation::review::{self, ReviewAction};
use crate::moderation::sanctions::SanctionInput;
use crate::state::AppState;

/// `?community=` on the queue.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueFilter {
    /// Only this sub-community's queue (by slug).
    pub community: Option<String>,
}

/// A page of the queue, as [`paging::respond`] answers it (for the document).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ReviewQueuePage {
    pub items: Vec<ReviewItemJson>,
    /// The URL of the next page, or null on the last.
    pub next: Option<String>,
}

/// The open review items the caller works, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/moderation/queue",
    tag = "moderation",
    params(QueueFilter, PageQuery),
    responses(
        (status = 200, description = "A page of open items, oldest first; a Link header names the next page", body = ReviewQueuePage),
        (status = 400, description = "A bad cursor or limit", content_type = "application/problem+json"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks moderation:read, or the caller moderates nothing (there)", content_type = "application/problem+json"),
        (status = 404, description = "No such sub-community the caller may see", content_type = "application/problem+json")
    )
)]
pub(crate) async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: ApiCaller,
    filter: web::Query<QueueFilter>,
    page: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::ModerationRead)?;
    caller.viewer.require()?;
    let guardian = caller.guardian();
    let limit = page.limit()?;
    let after = page.position::<QueuePosition>()?;
    let only = match filter.community.as_deref().filter(|s| !s.is_empty()) {
        Some(slug) => Some(communities::get_visible(&state, &guardian, slug).await?),
        None => None,
    };
    let entries = queue::queue_page(&state, &guardian, only.as_ref(), after, limit + 1).await?;
    Ok(paging::respond(
        &req,
        entries,
        limit,
        |e| (e.item.created_at, e.item.id.clone()),
        |e| ReviewItemJson::of(&e),
    ))
}

/// The one-step actions of the review page.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewActionName {
    /// Publish the post (held, or hidden by flags).
    Approve,
    /// Dismiss the flags: the post stays (or is again) published.
    Ignore,
    /// Hide the post (reject it).
    Hide,
    /// Delete the post.
    Delete,
    /// Replace the post's text with `body` (with `note` as the reason) and publish it.
    Edit,
    /// Hide the post and sanction its author (`kind`, `days`, `note` as the reason).
    Sanction,
}

/// What to do with a review item.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    pub action: ReviewActionName,
    /// The reason (required for edit and sanction).
    #[serde(default)]
    pub note: String,
    /// The new text (edit).
    #[serde(default)]
    pub body: String,
    /// The sanction (sanction): silence, suspend, ban or lift.
    #[serde(default)]
    pub kind: String,
    /// How many days a silence or suspension lasts (sanction).
    #[serde(default)]
    pub days: Option<u32>,
}

impl ReviewInput {
    fn into_action(self) -> ReviewAction {
        match self.action {
            ReviewActionName::Approve => ReviewAction::Approve,
            ReviewActionName::Ignore => ReviewAction::Ignore,
            ReviewActionName::Hide => ReviewAction::Hide,
            ReviewActionName::Delete => ReviewAction::Delete,
            ReviewActionName::Edit => ReviewAction::Edit {
                body: self.body,
                reason: self.note,
            },
            ReviewActionName::Sanction => ReviewAction::Sanction(SanctionInput {
                kind: self.kind,
                days: self.days.map(|d| d.to_string()).unwrap_or_default(),
                reason: self.note,
            }),
        }
    }
}

/// Resolve a review item with one action (in one transaction with its audit row and the
/// author's notification).
#[utoipa::path(
    post,
    path = "/api/v1/moderation/queue/{item_id}",
    tag = "moderation",
    params(("item_id" = String, Path, description = "The review item's id")),
    request_body = ReviewInput,
    responses(
        (status = 200, description = "Resolved: how, and the post as it is now", body = ReviewOutcomeJson),
        (status = 400, description = "Malformed JSON, wrong types, unknown fields or an unknown action", content_type = "application/problem+json"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks moderation:write, or the caller does not moderate that sub-community", content_type = "application/problem+json"),
        (status = 404, description = "No such item the caller may see", content_type = "application/problem+json"),
        (status = 409, description = "Another moderator resolved it first", content_type = "application/problem+json"),
        (status = 422, description = "A missing reason, body or sanction", content_type = "application/problem+json")
    )
)]
pub(crate) async fn act(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    input: ApiJson<ReviewInput>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::ModerationWrite)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let item_id = ReviewItemId::parse(&id).ok_or(AppError::NotFound)?;
    let action = input.into_inner().into_action();
    let community = review::act(&state, &guardian, &me.user, &item_id, action).await?;
    let (item, _, _) = review::load_item(&state, &guardian, &item_id).await?;
    let (post, author, topic, _) = load_post_shown(&state, &guardian, &item.post_id).await?;
    let accepted = topic.accepted_post_id.as_ref() == Some(&post.id);
    Ok(HttpResponse::Ok().json(ReviewOutcomeJson {
        id: item.id.as_str().to_string(),
        status: item.status.as_str().to_string(),
        community: community.slug,
        post: PostJson::of(&post, accepted, Some(&author)),
    }))
}
