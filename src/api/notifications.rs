//! The caller's notifications: `GET /api/v1/notifications` (newest first, by cursor;
//! scope `notifications:read`) and `POST /api/v1/notifications/read` (`{"ids": [...]}`
//! or `{"all": true}`; scope `notifications:write`), through the notifications page's
//! service.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::body::ApiJson;
use crate::api::paging::PageQuery;
use crate::api::repr::AuthorJson;
use crate::auth::ApiCaller;
use crate::db::Scope;
use crate::error::{AppError, AppResult};
use crate::notifications::service;
use crate::state::AppState;

/// A notification.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NotificationJson {
    pub id: String,
    /// reply, answered, mention, accepted, moderation, …
    pub kind: String,
    /// The topic's title, or for a system notice what happened to it, in the language of
    /// the request's `Accept-Language` (English by default).
    pub summary: String,
    /// A system notice's stable code: `published`, `edited`, `hidden`, `removed`,
    /// `restored`, `moved:<place>`, `duplicate`, `idea:<status>`, `escalated:<team>`,
    /// `escalation:<status>:<team>` (an empty team: the product team).
    pub notice: Option<String>,
    /// Who caused it, when a member did.
    pub actor: Option<AuthorJson>,
    pub community_id: Option<String>,
    pub topic_id: Option<String>,
    pub post_id: Option<String>,
    pub created_at: String,
    pub read: bool,
    /// The topic in the API, when there is one.
    pub topic_url: Option<String>,
}

/// Which notifications to mark read: some by id, or all.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub all: bool,
}

/// The caller's notifications, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/notifications",
    tag = "members",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of notifications: {items: [Notification], next: url|null}"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks notifications:read", content_type = "application/problem+json")
    )
)]
pub(crate) async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: ApiCaller,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::NotificationsRead)?;
    caller.viewer.require()?;
    let limit = q.limit()?;
    let lang = req
        .headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| crate::i18n::resolve::accept_language(v, false))
        .unwrap_or_default();
    let before = q.position::<String>()?;
    if before.as_deref().is_some_and(|c| !service::is_cursor(c)) {
        return Err(AppError::BadRequest(crate::error::Msg::key(
            "errors-api-cursor",
        )));
    }
    // A token limited to some sub-communities hears only of those (the guardian's
    // answer, applied in the query).
    let page = service::page_for(&state, &caller.guardian(), before.as_deref(), limit).await?;
    let items: Vec<NotificationJson> = page
        .items
        .iter()
        .map(|(n, actor)| NotificationJson {
            id: n.id.as_str().to_string(),
            kind: n.kind.as_str().to_string(),
            summary: crate::notifications::summary_text(n, lang),
            notice: n.notice.clone(),
            actor: actor.as_ref().map(AuthorJson::of),
            community_id: n.community_id.as_ref().map(|c| c.as_str().to_string()),
            topic_id: n.topic_id.as_ref().map(|t| t.as_str().to_string()),
            post_id: n.post_id.as_ref().map(|p| p.as_str().to_string()),
            created_at: n.created_at.rfc3339(),
            read: n.read_at.is_some(),
            topic_url: n
                .topic_id
                .as_ref()
                .map(|t| format!("/api/v1/topics/{}", t.as_str())),
        })
        .collect();
    Ok(super::topics::page_response(
        &req,
        items,
        page.next.as_deref(),
    ))
}

/// Marks some (`ids`) or all (`all: true`) of the caller's notifications read.
#[utoipa::path(
    post,
    path = "/api/v1/notifications/read",
    tag = "members",
    request_body = MarkRead,
    responses(
        (status = 204, description = "Marked read"),
        (status = 400, description = "Neither ids nor all, malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks notifications:write", content_type = "application/problem+json"),
        (status = 404, description = "One of the ids is not the caller's notification (nothing marked)", content_type = "application/problem+json")
    )
)]
pub(crate) async fn mark_read(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: ApiJson<MarkRead>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::NotificationsWrite)?;
    let me = caller.viewer.user().ok_or(AppError::SignInRequired)?;
    match (body.all, body.ids.is_empty()) {
        (true, true) => {
            service::mark_all_read(&state, me).await?;
        }
        (false, false) => service::mark_many_read(&state, me, &body.ids).await?,
        _ => {
            return Err(AppError::BadRequest(crate::error::Msg::key(
                "errors-api-notifications-body",
            )))
        }
    }
    Ok(HttpResponse::NoContent().finish())
}
