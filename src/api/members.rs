//! `GET /api/v1/members/{username}` (scope `users:read`): a member's public profile as
//! the profile page shows it to this caller: their public fields and their activity in
//! the sub-communities the caller may see (`forums::read::activity`, the page's service).

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::api::repr::AuthorJson;
use crate::auth::ApiCaller;
use crate::db::Scope;
use crate::error::AppResult;
use crate::members::service as members;
use crate::state::AppState;

/// A topic in a member's activity.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ActivityTopic {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub state: Option<String>,
    pub url: String,
}

/// An answer in a member's activity.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ActivityAnswer {
    pub post_id: String,
    pub topic_id: String,
    pub topic_title: String,
    pub accepted: bool,
    pub url: String,
}

/// A member's public profile.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MemberProfile {
    #[serde(flatten)]
    pub member: AuthorJson,
    /// The sanitised HTML of their bio.
    pub bio_html: String,
    pub joined_at: String,
    /// Their latest topics and answers where the caller may see them (up to 20 each).
    pub topics: Vec<ActivityTopic>,
    pub answers: Vec<ActivityAnswer>,
    /// Totals where the caller may see them (not only the latest 20).
    pub topic_count: u64,
    pub answer_count: u64,
    pub accepted_count: u64,
    pub html_url: String,
}

/// A member's public profile.
#[utoipa::path(
    get,
    path = "/api/v1/members/{username}",
    tag = "members",
    params(("username" = String, Path, description = "The member's username")),
    responses(
        (status = 200, description = "The profile", body = MemberProfile),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks users:read", content_type = "application/problem+json"),
        (status = 404, description = "No such member", content_type = "application/problem+json")
    )
)]
pub(crate) async fn profile(
    state: web::Data<AppState>,
    caller: ApiCaller,
    name: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::UsersRead)?;
    let user = members::find_by_username(&state, &name).await?;
    let activity = crate::forums::read::activity(&state, &caller.guardian(), &user.id).await?;
    Ok(HttpResponse::Ok().json(MemberProfile {
        member: AuthorJson::of_user(&user),
        bio_html: user.bio_html.clone(),
        joined_at: user.created_at.rfc3339(),
        topics: activity
            .topics
            .iter()
            .map(|t| ActivityTopic {
                id: t.id.as_str().to_string(),
                title: t.title.clone(),
                kind: t.kind.as_str().to_string(),
                state: t.question_state().map(|s| s.as_str().to_string()),
                url: format!("/api/v1/topics/{}", t.id.as_str()),
            })
            .collect(),
        answers: activity
            .answers
            .iter()
            .map(|(p, t)| ActivityAnswer {
                post_id: p.id.as_str().to_string(),
                topic_id: t.id.as_str().to_string(),
                topic_title: t.title.clone(),
                accepted: t.accepted_post_id.as_ref() == Some(&p.id),
                url: format!("/api/v1/posts/{}", p.id.as_str()),
            })
            .collect(),
        topic_count: u64::try_from(activity.topic_count).unwrap_or_default(),
        answer_count: u64::try_from(activity.answer_count).unwrap_or_default(),
        accepted_count: u64::try_from(activity.accepted_count).unwrap_or_default(),
        html_url: format!("/u/{}", user.username),
    }))
}
