//! `GET /api/v1/me`: who the token acts as (scope `users:read`).

use actix_web::HttpResponse;
use serde::Serialize;

use crate::auth::ApiCaller;
use crate::db::Scope;
use crate::error::{AppError, AppResult};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me<'a> {
    pub id: &'a str,
    pub username: &'a str,
    pub display_name: &'a str,
    pub is_employee: bool,
    pub scopes: Vec<&'static str>,
    /// The sub-community the token is limited to, by slug.
    pub community: Option<&'a str>,
}

/// Who the token acts as.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "members",
    responses(
        (status = 200, description = "The token's owner and what the token allows", body = Me),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks users:read", content_type = "application/problem+json")
    )
)]
pub(crate) async fn me(caller: ApiCaller) -> AppResult<HttpResponse> {
    caller.require(Scope::UsersRead)?;
    let user = caller.viewer.user().ok_or(AppError::SignInRequired)?;
    Ok(HttpResponse::Ok().json(Me {
        id: user.id.as_str(),
        username: &user.username,
        display_name: user.name_to_show(),
        is_employee: user.is_employee,
        scopes: caller.scopes.iter().map(|s| s.as_str()).collect(),
        community: caller.community.as_ref().map(|c| c.slug.as_str()),
    }))
}
