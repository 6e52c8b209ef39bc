//! Writing posts over the API: reply (as oneself or as the brand), comment, edit, delete,
//! vote, accept or un-accept an answer, flag. Each handler requires its scope, loads the
//! post or topic through the guardian (404 when the token's owner may not see it, or
//! when the token is limited to another sub-community), calls the same service as the
//! HTML form and answers the post as [`PostJson`]. The services decide (403 when the
//! post is visible but the caller may not do that to it).

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::body::ApiJson;
use crate::api::repr::PostJson;
use crate::auth::{ApiCaller, Guardian};
use crate::db::{PostId, Scope, TopicId};
use crate::error::{AppError, AppResult};
use crate::forums::load::{load_post, load_post_shown, load_topic};
use crate::forums::{editing, posting, votes};
use crate::moderation::flags::{self, FlagInput};
use crate::state::AppState;

fn post_id(raw: &str) -> AppResult<PostId> {
    PostId::parse(raw).ok_or(AppError::NotFound)
}

/// The post as the caller now sees it.
async fn shown(state: &AppState, guardian: &Guardian<'_>, id: &PostId) -> AppResult<PostJson> {
    let (post, author, topic, _) = load_post_shown(state, guardian, id).await?;
    let accepted = topic.accepted_post_id.as_ref() == Some(&post.id);
    Ok(PostJson::of(&post, accepted, Some(&author)))
}

/// 201 with the new post, or 202 when the moderation gate held it (the author sees it,
/// others do not until a moderator approves it); `Location` is the post either way.
async fn created(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &PostId,
) -> AppResult<HttpResponse> {
    let post = shown(state, guardian, id).await?;
    let mut response = if post.moderation_state == "published" {
        HttpResponse::Created()
    } else {
        HttpResponse::Accepted()
    };
    Ok(response
        .insert_header((header::LOCATION, post.url.clone()))
        .json(post))
}

/// A reply to a topic.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyInput {
    /// Markdown.
    pub body: String,
    /// Answer as the brand (an official answer): employees covering the sub-community.
    #[serde(default)]
    pub as_brand: bool,
}

/// Reply to a topic.
#[utoipa::path(
    post,
    path = "/api/v1/topics/{id}/posts",
    tag = "posts",
    params(("id" = String, Path, description = "The topic's id")),
    request_body = ReplyInput,
    responses(
        (status = 201, description = "Published; Location is the post", body = PostJson),
        (status = 202, description = "Held for review by the moderation gate (moderation_state \"held\"): only its author and moderators see it until a moderator approves it", body = PostJson),
        (status = 400, description = "Malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks posts:write, or its owner may not reply here (or as the brand)", content_type = "application/problem+json"),
        (status = 404, description = "No such topic the caller may see", content_type = "application/problem+json"),
        (status = 422, description = "The body is empty or too long", content_type = "application/problem+json")
    )
)]
pub(crate) async fn reply(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    input: ApiJson<ReplyInput>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::PostsWrite)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let topic_id = TopicId::parse(&id).ok_or(AppError::NotFound)?;
    let (topic, community) = load_topic(&state, &guardian, &topic_id).await?;
    let post = posting::reply(
        &state,
        &guardian,
        &me.user,
        (&topic, &community),
        &input.body,
        input.as_brand,
        None,
    )
    .await?;
    created(&state, &guardian, &post.id).await
}

/// A comment, or an edit: the new text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyInput {
    /// Markdown.
    pub body: String,
}

/// Comment under a question or one of its answers.
#[utoipa::path(
    post,
    path = "/api/v1/posts/{id}/comments",
    tag = "posts",
    params(("id" = String, Path, description = "The question's opening post or an answer")),
    request_body = BodyInput,
    responses(
        (status = 201, description = "Published; Location is the comment", body = PostJson),
        (status = 202, description = "Held for review by the moderation gate", body = PostJson),
        (status = 400, description = "Malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks posts:write, or comments are not allowed there", content_type = "application/problem+json"),
        (status = 404, description = "No such post the caller may see", content_type = "application/problem+json"),
        (status = 422, description = "The body is empty or too long", content_type = "application/problem+json")
    )
)]
pub(crate) async fn comment(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    input: ApiJson<BodyInput>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::PostsWrite)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let (parent, topic, community) = load_post(&state, &guardian, &post_id(&id)?).await?;
    let post = posting::comment(
        &state,
        &guardian,
        &me.user,
        (&parent, &topic, &community),
        &input.body,
    )
    .await?;
    created(&state, &guardian, &post.id).await
}

/// Read one post.
#[utoipa::path(
    get,
    path = "/api/v1/posts/{id}",
    tag = "posts",
    params(("id" = String, Path, description = "The post's id")),
    responses(
        (status = 200, description = "The post", body = PostJson),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read", content_type = "application/problem+json"),
        (status = 404, description = "No such post the caller may see (held and hidden posts: only their author and moderators)", content_type = "application/problem+json")
    )
)]
pub(crate) async fn get(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    let post = shown(&state, &caller.guardian(), &post_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(post))
}

/// An edit: the new text, and the version it was made from.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditInput {
    /// Markdown.
    pub body: String,
    /// The post's `revision` the edit started from. When given and the post has been
    /// edited since, nothing is saved and the answer is 409 with the current text.
    #[serde(default)]
    pub base_revision: Option<i32>,
}

/// 409 problem+json for an edit from a stale version: the current text and revision, so
/// the client can merge and retry with `base_revision` = `current_revision`.
pub(crate) fn edit_conflict(conflict: &editing::EditConflict) -> HttpResponse {
    let err = AppError::Conflict(crate::error::Msg::key("errors-api-edit-conflict"));
    let mut body = err.json_body(None);
    body["current_revision"] = serde_json::json!(conflict.revision);
    body["current_body"] = serde_json::json!(conflict.body);
    body["current_title"] = serde_json::json!(conflict.title);
    HttpResponse::Conflict()
        .content_type("application/problem+json")
        .body(body.to_string())
}

/// Edit a post (the previous text is kept as a revision).
#[utoipa::path(
    patch,
    path = "/api/v1/posts/{id}",
    tag = "posts",
    params(("id" = String, Path, description = "The post's id")),
    request_body = EditInput,
    responses(
        (status = 200, description = "The post as edited (moderation_state \"held\" when the edit needs review)", body = PostJson),
        (status = 400, description = "Malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks posts:write, or the post is someone else's", content_type = "application/problem+json"),
        (status = 404, description = "No such post the caller may see", content_type = "application/problem+json"),
        (status = 409, description = "Edited since base_revision: nothing saved; current_body and current_revision tell what is there now", content_type = "application/problem+json"),
        (status = 422, description = "The body is empty or too long", content_type = "application/problem+json")
    )
)]
pub(crate) async fn edit(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    input: ApiJson<EditInput>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::PostsWrite)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let (post, topic, community) = load_post(&state, &guardian, &post_id(&id)?).await?;
    let outcome = editing::edit_post(
        &state,
        &guardian,
        &me.user,
        (&post, &topic, &community),
        &input.body,
        None,
        input.base_revision,
    )
    .await?;
    if let Err(conflict) = outcome {
        return Ok(edit_conflict(&conflict));
    }
    Ok(HttpResponse::Ok().json(shown(&state, &guardian, &post.id).await?))
}

/// Delete a post (deleting a topic's opening post deletes the topic).
#[utoipa::path(
    delete,
    path = "/api/v1/posts/{id}",
    tag = "posts",
    params(("id" = String, Path, description = "The post's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks posts:write, or the post is someone else's", content_type = "application/problem+json"),
        (status = 404, description = "No such post the caller may see", content_type = "application/problem+json")
    )
)]
pub(crate) async fn delete(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::PostsWrite)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let (post, _, community) = load_post(&state, &guardian, &post_id(&id)?).await?;
    editing::set_deleted(&state, &guardian, &me.user, &post, &community, true).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A vote.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteInput {
    /// 1 (up), -1 (down) or 0 (remove the vote). Voting the same value again changes
    /// nothing.
    pub value: i32,
}

/// Vote on a post.
#[utoipa::path(
    post,
    path = "/api/v1/posts/{id}/vote",
    tag = "posts",
    params(("id" = String, Path, description = "The post's id")),
    request_body = VoteInput,
    responses(
        (status = 200, description = "The post with its new score", body = PostJson),
        (status = 400, description = "Malformed JSON, wrong types, unknown fields, or a value other than -1, 0, 1", content_type = "application/problem+json"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks posts:write, or the post is the caller's own", content_type = "application/problem+json"),
        (status = 404, description = "No such post the caller may see", content_type = "application/problem+json")
    )
)]
pub(crate) async fn vote(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    input: ApiJson<VoteInput>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::PostsWrite)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let (post, _, community) = load_post(&state, &guardian, &post_id(&id)?).await?;
    votes::vote(&state, &guardian, &me.user, &post, &community, input.value).await?;
    Ok(HttpResponse::Ok().json(shown(&state, &guardian, &post.id).await?))
}

/// Accept an answer to a question (replacing an earlier accepted answer).
#[utoipa::path(
    post,
    path = "/api/v1/posts/{id}/accept",
    tag = "posts",
    params(("id" = String, Path, description = "The answer's id")),
    responses(
        (status = 200, description = "The answer, accepted", body = PostJson),
        (status = 400, description = "The post is not an answer to a question", content_type = "application/problem+json"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks answers:accept, or the caller is neither the asker nor staff", content_type = "application/problem+json"),
        (status = 404, description = "No such post the caller may see", content_type = "application/problem+json")
    )
)]
pub(crate) async fn accept(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::AnswersAccept)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let (answer, topic, community) = load_post(&state, &guardian, &post_id(&id)?).await?;
    votes::accept(&state, &guardian, &me.user, &topic, &community, &answer).await?;
    Ok(HttpResponse::Ok().json(shown(&state, &guardian, &answer.id).await?))
}

/// Take back the acceptance of an answer (the question is unsolved again).
#[utoipa::path(
    delete,
    path = "/api/v1/posts/{id}/accept",
    tag = "posts",
    params(("id" = String, Path, description = "The answer's id")),
    responses(
        (status = 200, description = "The answer, no longer accepted (also when it was not)", body = PostJson),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks answers:accept, or the caller is neither the asker nor staff", content_type = "application/problem+json"),
        (status = 404, description = "No such post the caller may see", content_type = "application/problem+json")
    )
)]
pub(crate) async fn unaccept(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::AnswersAccept)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let (answer, topic, community) = load_post(&state, &guardian, &post_id(&id)?).await?;
    votes::unaccept(&state, &guardian, &me.user, &topic, &community, &answer).await?;
    Ok(HttpResponse::Ok().json(shown(&state, &guardian, &answer.id).await?))
}

/// A flag.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagBody {
    /// spam, inappropriate, off_topic, confidential or other.
    pub reason: String,
    /// Required (3 characters or more) for "other"; at most 500 characters.
    #[serde(default)]
    pub note: String,
}

/// Flag a post for the moderators. Flagging it again changes nothing; enough flags from
/// trusted members hide it until a moderator reviews it.
#[utoipa::path(
    post,
    path = "/api/v1/posts/{id}/flags",
    tag = "moderation",
    params(("id" = String, Path, description = "The post's id")),
    request_body = FlagBody,
    responses(
        (status = 204, description = "Flagged"),
        (status = 400, description = "Malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks posts:write, or the caller may not flag it (their own post, say)", content_type = "application/problem+json"),
        (status = 404, description = "No such post the caller may see", content_type = "application/problem+json"),
        (status = 422, description = "Unknown reason, or a missing note for \"other\"", content_type = "application/problem+json")
    )
)]
pub(crate) async fn flag(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    input: ApiJson<FlagBody>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::PostsWrite)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let (post, _, community) = load_post(&state, &guardian, &post_id(&id)?).await?;
    let FlagBody { reason, note } = input.into_inner();
    flags::flag_post(
        &state,
        &guardian,
        &me.user,
        (&post, &community),
        FlagInput { reason, note },
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
