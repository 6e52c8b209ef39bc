//! `GET /api/v1/communities` and `GET /api/v1/communities/{slug}` (scope `topics:read`):
//! the sub-communities the guardian lets the caller see (a token limited to some
//! sub-communities sees only those), through the same service as the home page.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::api::repr::CommunityJson;
use crate::auth::ApiCaller;
use crate::communities::service as communities;
use crate::db::Scope;
use crate::error::AppResult;
use crate::state::AppState;

/// Every sub-community the caller may see, in display order (a short list: not paged).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CommunityList {
    pub items: Vec<CommunityJson>,
}

/// The sub-communities the caller may see.
#[utoipa::path(
    get,
    path = "/api/v1/communities",
    tag = "communities",
    responses(
        (status = 200, description = "The sub-communities the caller may see", body = CommunityList),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read", content_type = "application/problem+json")
    )
)]
pub(crate) async fn list(state: web::Data<AppState>, caller: ApiCaller) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    let visible = communities::visible(&state, &caller.guardian()).await?;
    Ok(HttpResponse::Ok().json(CommunityList {
        items: visible.iter().map(CommunityJson::of).collect(),
    }))
}

/// One sub-community, by slug (404 when the caller may not see it).
#[utoipa::path(
    get,
    path = "/api/v1/communities/{slug}",
    tag = "communities",
    params(("slug" = String, Path, description = "The sub-community's slug")),
    responses(
        (status = 200, description = "The sub-community", body = CommunityJson),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read", content_type = "application/problem+json"),
        (status = 404, description = "No such sub-community, or the caller may not see it", content_type = "application/problem+json")
    )
)]
pub(crate) async fn get(
    state: web::Data<AppState>,
    caller: ApiCaller,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    let c = communities::get_visible(&state, &caller.guardian(), &slug).await?;
    Ok(HttpResponse::Ok().json(CommunityJson::of(&c)))
}
