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
    /// `personal` or `service`.
    pub token_kind: &'static str,
    pub scopes: Vec<&'static str>,
    /// The sub-communities the token is limited to, by slug (empty: all its owner sees).
    pub communities: Vec<&'a str>,
    /// The one sub-community the token is limited to, when there is exactly one (kept for
    /// the first clients; read `communities`).
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
    let communities: Vec<&str> = caller.communities.iter().map(|c| c.slug.as_str()).collect();
    Ok(HttpResponse::Ok().json(Me {
        id: user.id.as_str(),
        username: &user.username,
        display_name: user.name_to_show(),
        is_employee: user.is_employee,
        token_kind: caller.kind.map(|k| k.as_str()).unwrap_or("personal"),
        scopes: caller.scopes.iter().map(|s| s.as_str()).collect(),
        community: match communities.as_slice() {
            [one] => Some(one),
            _ => None,
        },
        communities,
    }))
}
