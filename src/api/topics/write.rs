//! `POST /api/v1/topics` and `PATCH /api/v1/topics/{id}` (scope `topics:write`): the
//! composer's and the edit page's services (`forums::posting::create_topic`,
//! `forums::editing::edit_topic`), so the guardian, the moderation gate and the leak
//! detectors decide exactly as for the HTML forms.
//!
//! A new topic the gate holds for review answers **202 Accepted** (not 201) with the
//! topic, `moderation_state: "held"` and its `Location`: it exists, its author can read
//! it, and nobody else sees it until a moderator publishes it (the HTML flow's
//! `?notice=held`).

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::api::body::ApiJson;
use crate::api::repr::{AuthorJson, TopicJson};
use crate::auth::ApiCaller;
use crate::communities::service as communities;
use crate::db::models::topics::Topic;
use crate::db::{Scope, TopicId};
use crate::error::{AppError, AppResult};
use crate::forums::editing::{self, TopicEdit};
use crate::forums::load::load_topic;
use crate::forums::posting::{self, TopicInput};
use crate::state::AppState;

/// A new topic.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTopicBody {
    /// The sub-community's slug.
    pub community: String,
    /// question, discussion, idea, or announcement (staff of the sub-community only).
    pub kind: String,
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Up to 5 tags: letters, digits and hyphens.
    #[serde(default)]
    pub tags: Vec<String>,
    /// A category's id or slug in that sub-community.
    #[serde(default)]
    pub category: Option<String>,
    /// The content language of its posts, `en` or `fr`; absent: the sub-community's
    /// default.
    #[serde(default)]
    pub language: Option<String>,
}

/// What to change in a topic; absent fields stay as they are.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicPatch {
    pub title: Option<String>,
    /// The opening post's Markdown.
    pub body: Option<String>,
    /// Replaces the tags.
    pub tags: Option<Vec<String>>,
    /// A category's id or slug, or "" for none (moderators: moving a topic).
    pub category: Option<String>,
    /// The opening post's `revision` the edit started from: when it has been edited
    /// since, nothing is saved and the answer is 409 with the current text.
    #[serde(default)]
    pub base_revision: Option<i32>,
}

fn topic_json(t: &Topic, community: &str, author: &crate::db::models::users::User) -> TopicJson {
    let mut json = TopicJson::of(t, community, None);
    json.author = Some(AuthorJson::of_user(author));
    json
}

/// Starts a topic.
#[utoipa::path(
    post,
    path = "/api/v1/topics",
    tag = "topics",
    request_body = NewTopicBody,
    responses(
        (status = 201, description = "Created and published", body = TopicJson, headers(("Location" = String, description = "The topic in the API"))),
        (status = 202, description = "Created and held for review (moderation_state: held)", body = TopicJson),
        (status = 400, description = "Malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:write, or the caller may not post this here", content_type = "application/problem+json"),
        (status = 404, description = "No such sub-community, or the caller may not see it", content_type = "application/problem+json"),
        (status = 413, description = "The body is over 256 KiB", content_type = "application/problem+json"),
        (status = 422, description = "A field's value is refused (title, body, tags, category, kind)", content_type = "application/problem+json")
    )
)]
pub(crate) async fn create(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: ApiJson<NewTopicBody>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsWrite)?;
    let me = caller.viewer.user().ok_or(AppError::SignInRequired)?;
    let guardian = caller.guardian();
    let b = body.into_inner();
    let c = communities::get_visible(&state, &guardian, &b.community).await?;
    let category = match b.category.as_deref().map(str::trim) {
        None | Some("") => String::new(),
        Some(raw) => match crate::db::CategoryId::parse(raw) {
            Some(id) => id.as_str().to_string(),
            None => match crate::forums::read::category_by_slug(&state, &c, raw).await {
                Ok(cat) => cat.id.as_str().to_string(),
                Err(AppError::NotFound) => {
                    return Err(AppError::field_t(
                        "category",
                        "validation-choose-community-category",
                        &[],
                    ))
                }
                Err(e) => return Err(e),
            },
        },
    };
    let input = TopicInput {
        kind: b.kind,
        title: b.title,
        body: b.body,
        tags: b.tags.join(" "),
        category,
        as_brand: false,
        language: b.language.unwrap_or_default(),
    };
    let topic = posting::create_topic(&state, &guardian, me, &c, input).await?;
    let location = format!("/api/v1/topics/{}", topic.id.as_str());
    let mut response = if topic.held {
        HttpResponse::Accepted()
    } else {
        HttpResponse::Created()
    };
    Ok(response
        .insert_header((header::LOCATION, location))
        .json(topic_json(&topic, &c.slug, me)))
}

/// Edits a topic: title, opening post, tags; category for moderators.
#[utoipa::path(
    patch,
    path = "/api/v1/topics/{id}",
    tag = "topics",
    params(("id" = String, Path, description = "The topic's id")),
    request_body = TopicPatch,
    responses(
        (status = 200, description = "The topic as it is now", body = TopicJson),
        (status = 400, description = "Malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:write, or the caller may not edit this", content_type = "application/problem+json"),
        (status = 404, description = "No such topic, or the caller may not see it", content_type = "application/problem+json"),
        (status = 409, description = "The opening post was edited since base_revision: nothing saved", content_type = "application/problem+json"),
        (status = 413, description = "The body is over 256 KiB", content_type = "application/problem+json"),
        (status = 422, description = "A field's value is refused", content_type = "application/problem+json")
    )
)]
pub(crate) async fn edit(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: ApiJson<TopicPatch>,
) -> AppResult<HttpResponse> {
    let (me, guardian, topic, c) = super::opened(&state, &caller, Scope::TopicsWrite, &id).await?;
    let b = body.into_inner();
    let edit = TopicEdit {
        title: b.title,
        body: b.body,
        tags: b.tags.map(|t| t.join(" ")),
        category: b.category,
        base_revision: b.base_revision,
    };
    if let Err(conflict) = editing::edit_topic(&state, &guardian, me, (&topic, &c), edit).await? {
        return Ok(crate::api::posts::edit_conflict(&conflict));
    }
    shown(&state, &guardian, &topic.id).await
}

/// Where a topic is merged.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    /// The topic that takes the posts in: its id, path or URL.
    pub into: String,
}

/// Merge a topic into another (moderators of both sub-communities): every post moves
/// after the other topic's, with votes, acceptance, escalations and watchers; the merged
/// topic disappears and its address leads to the other.
#[utoipa::path(
    post,
    path = "/api/v1/topics/{id}/merge",
    tag = "moderation",
    params(("id" = String, Path, description = "The topic to merge")),
    request_body = MergeBody,
    responses(
        (status = 200, description = "The topic that took the posts in, as it is now", body = TopicJson),
        (status = 400, description = "Malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks moderation:write, or the caller does not moderate both sub-communities", content_type = "application/problem+json"),
        (status = 404, description = "No such topic, or the caller may not see it", content_type = "application/problem+json"),
        (status = 422, description = "No topic to merge into, itself, one the caller cannot see, a page's comment thread, or posts the destination's policy refuses", content_type = "application/problem+json")
    )
)]
pub(crate) async fn merge(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: ApiJson<MergeBody>,
) -> AppResult<HttpResponse> {
    let (me, guardian, topic, c) =
        super::opened(&state, &caller, Scope::ModerationWrite, &id).await?;
    let into = body.into_inner().into;
    let joined =
        crate::forums::topic_moderation::merge(&state, &guardian, me, &topic, &c, &into).await?;
    shown(&state, &guardian, &joined.id).await
}

/// 200 with the topic as the caller now sees it (after an edit, a merge or a moderator's
/// tool).
pub(super) async fn shown(
    state: &AppState,
    guardian: &crate::auth::Guardian<'_>,
    id: &TopicId,
) -> AppResult<HttpResponse> {
    let (topic, c) = load_topic(state, guardian, id).await?;
    let author = topic.author_id.clone();
    let author = state
        .db(move |conn| Ok(crate::db::models::authors::find(conn, &author)?))
        .await?;
    Ok(HttpResponse::Ok().json(TopicJson::of(&topic, &c.slug, author.as_ref())))
}
