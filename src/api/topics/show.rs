//! `GET /api/v1/topics/{id}` (the topic with its first page of posts) and
//! `GET /api/v1/topics/{id}/posts` (the following pages), scope `topics:read`. Both read
//! the topic page's read model (`forums::topic_page`): its shared part comes from the page
//! cache's data cache while the topic is unchanged, and the guardian filters each post for
//! the caller (held, hidden and deleted posts only for those it lets see them). A page is
//! the topic page's page: the opening post and accepted answer first, then up to 30
//! replies, each followed by its comments.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::api::paging::{self, PageQuery};
use crate::api::repr::{PostJson, TopicJson};
use crate::auth::ApiCaller;
use crate::db::{Scope, TopicId};
use crate::error::{AppError, AppResult};
use crate::forums::topic_page::{self, TopicPage, PAGE_SIZE};
use crate::forums::topic_view;
use crate::state::AppState;
use bytes::Bytes;

/// A topic and the first page of its posts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TopicWithPosts {
    #[serde(flatten)]
    pub topic: TopicJson,
    /// The opening post, the accepted answer, then replies, each followed by its comments.
    pub posts: Vec<PostJson>,
    /// The URL of the next page of posts, or null.
    pub posts_next: Option<String>,
}

fn topic_id(raw: &str) -> Result<TopicId, AppError> {
    TopicId::parse(raw).ok_or(AppError::NotFound)
}

/// The page's posts the caller may see, in order, cut after `limit` replies; with the
/// topic page's cursor of the next page.
fn posts_of(tp: &TopicPage, limit: usize) -> (Vec<PostJson>, Option<String>) {
    let accepted_id = tp.topic.accepted_post_id.as_ref();
    let first = std::iter::once(&tp.opening)
        .chain(tp.accepted.iter())
        .filter(|_| tp.first_page);
    let replies = tp.replies.iter().take(limit);
    let cut = tp.replies.len() > limit;
    let mut posts = Vec::new();
    for pv in first.chain(replies) {
        let json = |p: &crate::db::models::posts::Post, a| {
            PostJson::of(p, accepted_id == Some(&p.id), Some(a))
        };
        posts.push(json(&pv.post, &pv.author));
        posts.extend(pv.comments.iter().map(|(c, a)| json(c, a)));
    }
    let next = if cut {
        tp.replies
            .get(limit.saturating_sub(1))
            .map(|pv| topic_page::encode_reply_cursor(&pv.post))
    } else {
        tp.next.clone()
    };
    (posts, next)
}

/// Replies per page asked for: the topic page's 30 by default, fewer when asked.
fn replies_per_page(q: &PageQuery) -> AppResult<usize> {
    let limit = match q.limit {
        None => PAGE_SIZE,
        Some(_) => q.limit()?.min(PAGE_SIZE),
    };
    Ok(usize::try_from(limit).unwrap_or(0))
}

/// The topic JSON of a page.
fn topic_of(tp: &TopicPage) -> TopicJson {
    TopicJson::of(&tp.topic, &tp.community.slug, Some(&tp.opening.author))
}

/// A topic with the first page of its posts.
#[utoipa::path(
    get,
    path = "/api/v1/topics/{id}",
    tag = "topics",
    params(("id" = String, Path, description = "The topic's id"), PageQuery),
    responses(
        (status = 200, description = "The topic and its first page of posts", body = TopicWithPosts),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read", content_type = "application/problem+json"),
        (status = 301, description = "The topic was merged into another: Location is that topic"),
        (status = 404, description = "No such topic, or the caller may not see it", content_type = "application/problem+json")
    )
)]
pub(crate) async fn get(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    let limit = replies_per_page(&q)?;
    let id = topic_id(&id)?;
    let posts_path = format!("/api/v1/topics/{}/posts", id.as_str());
    // The same for every caller who may see the topic (the guardian has said so first),
    // so it is kept as bytes while the topic is unchanged (see `shared_rendering`).
    let variant = format!("api:/api/v1/topics/{}?limit={limit}", id.as_str());
    let guardian = caller.guardian();
    let rendered = topic_view::shared_rendering(&state, &guardian, &id, &variant, |tp| {
        let (posts, next) = posts_of(tp, limit);
        let posts_next = next.map(|position| {
            let mut query = url::form_urlencoded::Serializer::new(String::new());
            if q.limit.is_some() {
                query.append_pair("limit", &limit.to_string());
            }
            query.append_pair("cursor", &paging::encode(&position));
            format!("{posts_path}?{}", query.finish())
        });
        let json = serde_json::to_vec(&TopicWithPosts {
            topic: topic_of(tp),
            posts,
            posts_next,
        })
        .map_err(|e| AppError::Unexpected(e.into()))?;
        Ok(Bytes::from(json))
    })
    .await;
    let body = match rendered {
        // A merged topic: its address leads to the topic it joined, as on the site.
        Err(AppError::NotFound) => {
            match crate::forums::load::merged_topic_target(&state, &guardian, &id).await? {
                Some(into) => {
                    return Ok(HttpResponse::MovedPermanently()
                        .insert_header((
                            actix_web::http::header::LOCATION,
                            format!("/api/v1/topics/{into}"),
                        ))
                        .finish())
                }
                None => return Err(AppError::NotFound),
            }
        }
        other => other?,
    };
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

/// A page of a topic's posts (without a cursor, the first page).
#[utoipa::path(
    get,
    path = "/api/v1/topics/{id}/posts",
    tag = "topics",
    params(("id" = String, Path, description = "The topic's id"), PageQuery),
    responses(
        (status = 200, description = "A page of posts: {items: [Post], next: url|null}"),
        (status = 400, description = "A cursor this API did not give out", content_type = "application/problem+json"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read", content_type = "application/problem+json"),
        (status = 404, description = "No such topic, or the caller may not see it", content_type = "application/problem+json")
    )
)]
pub(crate) async fn posts(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    let limit = replies_per_page(&q)?;
    let after = q.position::<String>()?;
    if after
        .as_deref()
        .is_some_and(|a| topic_page::decode_reply_cursor(a).is_none())
    {
        return Err(AppError::BadRequest(crate::error::Msg::key(
            "errors-api-cursor",
        )));
    }
    let guardian = caller.guardian();
    let opened = topic_page::open_for(&state, &guardian, &topic_id(&id)?).await?;
    let tp = topic_page::opened_page(&state, &guardian, opened, after.as_deref()).await?;
    let (posts, next) = posts_of(&tp, limit);
    Ok(super::page_response(&req, posts, next.as_deref()))
}
