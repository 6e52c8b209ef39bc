//! The employees' queue over the API: `GET /api/v1/queue` (scope `topics:read`) lists
//! the open questions in the sub-communities the caller covers, as `/queue` does
//! (`forums::queue::queue`: the guardian's `can_work_queue` and `covers`), with its
//! filters; `POST` and `DELETE /api/v1/topics/{id}/claim` and
//! `POST /api/v1/topics/{id}/assign` (scope `topics:write`) are the topic page's claim,
//! release and assignment (`forums::queue::{claim, assign}`).

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::body::ApiJson;
use crate::api::paging::PageQuery;
use crate::api::repr::TopicJson;
use crate::api::topics::opened;
use crate::auth::ApiCaller;
use crate::db::models::topics::Cursor;
use crate::db::Scope;
use crate::error::{AppError, AppResult};
use crate::forums::queue::{self, QueueFilter, Who};
use crate::state::AppState;

/// The queue's filters and page.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueParams {
    /// The slug of a sub-community the caller covers.
    pub c: Option<String>,
    /// mine (claimed by the caller) or nobody (claimed by no one).
    pub who: Option<String>,
    /// unanswered (no reply yet) or answered (replied, not solved).
    pub state: Option<String>,
    /// The `next` cursor of the previous page.
    pub cursor: Option<String>,
}

/// An open question in the queue.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QueueItemJson {
    #[serde(flatten)]
    pub topic: TopicJson,
    /// The username of the employee working on it, or null.
    pub claimed_by: Option<String>,
    pub claimed_at: Option<String>,
}

impl QueueParams {
    fn filter(&self) -> Result<QueueFilter, AppError> {
        let who = match self.who.as_deref() {
            None => None,
            Some(raw) => Some(
                Who::parse(raw).ok_or_else(|| AppError::bad_param("who", "errors-expect-who"))?,
            ),
        };
        let unanswered = match self.state.as_deref() {
            None => None,
            Some("unanswered") => Some(true),
            Some("answered") => Some(false),
            Some(_) => return Err(AppError::bad_param("state", "errors-expect-queue-state")),
        };
        let page = PageQuery {
            cursor: self.cursor.clone(),
            limit: None,
        };
        let after = match page.position::<String>()? {
            Some(raw) => Some(
                Cursor::decode(&raw)
                    .ok_or_else(|| AppError::bad_param("cursor", "errors-expect-cursor"))?,
            ),
            None => None,
        };
        Ok(QueueFilter {
            community: self.c.clone(),
            who,
            unanswered,
            after,
        })
    }
}

/// Open questions in the sub-communities the caller covers (employees), oldest first,
/// fifty a page.
#[utoipa::path(
    get,
    path = "/api/v1/queue",
    tag = "queue",
    params(QueueParams),
    responses(
        (status = 200, description = "A page of the queue: {items: [QueueItem], next: url|null}"),
        (status = 400, description = "A filter value the queue does not know, or a sub-community the caller does not cover", content_type = "application/problem+json"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read, or the caller is not an employee", content_type = "application/problem+json")
    )
)]
pub(crate) async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: ApiCaller,
    q: web::Query<QueueParams>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    let me = caller.viewer.user().ok_or(AppError::SignInRequired)?;
    let filter = q.filter()?;
    let page = queue::queue(&state, &caller.guardian(), me, &filter).await?;
    // The page treats an unknown sub-community as no filter; the API says so.
    if filter.community.is_some() && page.scope.is_none() {
        return Err(AppError::bad_param("c", "errors-expect-covered"));
    }
    let items: Vec<QueueItemJson> = page
        .items
        .iter()
        .map(|i| QueueItemJson {
            topic: TopicJson::of(&i.topic, &i.community.slug, Some(&i.author)),
            claimed_by: i.claimed_by.as_ref().map(|u| u.username.clone()),
            claimed_at: i.topic.claimed_at.map(|t| t.rfc3339()),
        })
        .collect();
    Ok(crate::api::topics::page_response(
        &req,
        items,
        page.next.as_deref(),
    ))
}

/// Claim an open question (the caller works on it; others see who).
#[utoipa::path(
    post,
    path = "/api/v1/topics/{id}/claim",
    tag = "queue",
    params(("id" = String, Path, description = "The question's id")),
    responses(
        (status = 204, description = "Claimed"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:write, or the caller does not cover it", content_type = "application/problem+json"),
        (status = 404, description = "No such topic the caller may see", content_type = "application/problem+json")
    )
)]
pub(crate) async fn claim(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    set_claim(&state, &caller, &id, true).await
}

/// Release one's claim on a question (another employee's claim stays).
#[utoipa::path(
    delete,
    path = "/api/v1/topics/{id}/claim",
    tag = "queue",
    params(("id" = String, Path, description = "The question's id")),
    responses(
        (status = 204, description = "Released (also when the caller had no claim)"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:write, or the caller does not cover it", content_type = "application/problem+json"),
        (status = 404, description = "No such topic the caller may see", content_type = "application/problem+json")
    )
)]
pub(crate) async fn release(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    set_claim(&state, &caller, &id, false).await
}

async fn set_claim(
    state: &AppState,
    caller: &ApiCaller,
    id: &str,
    on: bool,
) -> AppResult<HttpResponse> {
    let (me, guardian, topic, c) = opened(state, caller, Scope::TopicsWrite, id).await?;
    queue::claim(state, &guardian, me, &topic, &c, on).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Whom a question is assigned to.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    /// The username of an employee who covers the question's sub-community.
    pub username: String,
}

/// Assign an open question to a colleague who covers its sub-community; they are told.
#[utoipa::path(
    post,
    path = "/api/v1/topics/{id}/assign",
    tag = "queue",
    params(("id" = String, Path, description = "The question's id")),
    request_body = AssignBody,
    responses(
        (status = 204, description = "Assigned"),
        (status = 400, description = "Malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:write, or the caller may not assign it", content_type = "application/problem+json"),
        (status = 404, description = "No such topic the caller may see", content_type = "application/problem+json"),
        (status = 422, description = "Nobody by that name covers the question's sub-community", content_type = "application/problem+json")
    )
)]
pub(crate) async fn assign(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: ApiJson<AssignBody>,
) -> AppResult<HttpResponse> {
    let (me, guardian, topic, c) = opened(&state, &caller, Scope::TopicsWrite, &id).await?;
    let username = body.into_inner().username;
    queue::assign(&state, &guardian, me, &topic, &c, &username).await?;
    Ok(HttpResponse::NoContent().finish())
}
