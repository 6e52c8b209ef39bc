//! `GET /api/v1/search` and `GET /api/v1/search/similar` (scope `topics:read`, so an
//! anonymous caller may search what a signed-out visitor sees): the search page's
//! service (`search::service`), with the caller's guardian, which carries a token's
//! sub-community limit. A filter value the search does not know is a 400 naming it; the
//! query text itself is never an error.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::paging;
use crate::api::repr::AuthorJson;
use crate::auth::ApiCaller;
use crate::db::Scope;
use crate::error::{AppError, AppResult};
use crate::search::query::{SearchForm, MAX_OFFSET};
use crate::search::routes::SimilarJson;
use crate::search::service::{self, Hit, Source};
use crate::state::AppState;

/// Results per page when the client does not say, and the most it may ask for.
const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 50;

/// A search's words and filters, and its page.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The words to find: phrases in "quotes", -exclusion. Empty: no results.
    pub q: Option<String>,
    /// A sub-community's slug (one the caller may not see is ignored).
    pub c: Option<String>,
    /// question, discussion, idea or announcement.
    pub kind: Option<String>,
    /// Questions that are unanswered, answered (not solved) or solved.
    pub state: Option<String>,
    /// One tag.
    pub tag: Option<String>,
    /// A member's username: their posts only.
    pub author: Option<String>,
    /// Posts written on or after this day (YYYY-MM-DD, UTC).
    pub from: Option<String>,
    /// Posts written on or before this day (YYYY-MM-DD, UTC).
    pub to: Option<String>,
    /// relevance (the default) or newest.
    pub sort: Option<String>,
    /// The `next` cursor of the previous page.
    pub cursor: Option<String>,
    /// Results per page, 1 to 50 (default 20). Paging stops after 200 results.
    pub limit: Option<i64>,
}

/// One result: the best-matching post of a topic.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHitJson {
    pub topic_id: String,
    pub post_id: String,
    /// 1 for the opening post.
    pub post_number: i32,
    /// The sub-community's slug.
    pub community: String,
    pub title: String,
    pub kind: String,
    /// For questions: unanswered, answered or solved.
    pub state: Option<String>,
    /// HTML: the post's text escaped, the matched terms in `<mark>`.
    pub snippet: String,
    pub author: Option<AuthorJson>,
    pub created_at: String,
    /// The post is the topic's accepted answer.
    pub accepted: bool,
    /// The post was written as the brand.
    pub official: bool,
    pub wiki: bool,
    pub tags: Vec<String>,
    pub url: String,
    pub html_url: String,
}

impl SearchHitJson {
    fn of(h: &Hit) -> SearchHitJson {
        let hit = &h.hit;
        SearchHitJson {
            topic_id: hit.topic_id.to_string(),
            post_id: hit.post_id.to_string(),
            post_number: hit.post_number,
            community: h.community.slug.clone(),
            title: hit.title.clone(),
            kind: hit.kind.as_str().to_string(),
            state: hit.state.map(|s| s.as_str().to_string()),
            snippet: hit.snippet.clone(),
            author: h.author.as_ref().map(AuthorJson::of),
            created_at: hit.created_at.rfc3339(),
            accepted: hit.accepted,
            official: hit.official,
            wiki: hit.wiki,
            tags: hit.tags.split_whitespace().map(str::to_string).collect(),
            url: format!("/api/v1/topics/{}", hit.topic_id),
            html_url: if hit.post_number > 1 {
                format!("/p/{}", hit.post_id)
            } else {
                format!("/t/{}", hit.topic_id)
            },
        }
    }
}

/// Matches in one sub-community.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetJson {
    pub community: String,
    pub count: i64,
}

/// A page of results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPageJson {
    pub items: Vec<SearchHitJson>,
    /// The URL of the next page, or null on the last.
    pub next: Option<String>,
    /// How many topics match in all.
    pub total: i64,
    /// Matches per sub-community the caller may see.
    pub facets: Vec<FacetJson>,
}

/// Searches every sub-community the caller may see.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "A page of results", body = SearchPageJson),
        (status = 400, description = "A filter value the search does not know", content_type = "application/problem+json"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read", content_type = "application/problem+json")
    )
)]
pub(crate) async fn search(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: ApiCaller,
    q: web::Query<SearchParams>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    let limit = match q.limit {
        None => DEFAULT_LIMIT,
        Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
        Some(_) => {
            return Err(AppError::BadRequest(
                crate::error::Msg::key("errors-api-limit").with("max", MAX_LIMIT),
            ))
        }
    };
    let offset: u32 = match q.cursor.as_deref() {
        None => 0,
        Some(c) => paging::decode::<u32>(c)?,
    };
    if offset > MAX_OFFSET {
        return Err(AppError::BadRequest(crate::error::Msg::key(
            "errors-api-cursor",
        )));
    }
    let filters = SearchForm {
        q: q.q.clone(),
        c: q.c.clone(),
        kind: q.kind.clone(),
        state: q.state.clone(),
        tag: q.tag.clone(),
        author: q.author.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        sort: q.sort.clone(),
        page: None,
    }
    .strict()?;
    let limit = u32::try_from(limit).unwrap_or(20);
    let guardian = caller.guardian();
    let found = service::search(&state, &guardian, &filters, offset, limit, Source::Api).await?;
    let end = offset.saturating_add(u32::try_from(found.hits.len()).unwrap_or(0));
    let next =
        (found.hits.len() as u32 >= limit && i64::from(end) < found.total && end <= MAX_OFFSET)
            .then(|| paging::next_url(&req, &paging::encode(&end)));
    let body = SearchPageJson {
        items: found.hits.iter().map(SearchHitJson::of).collect(),
        next: next.clone(),
        total: found.total,
        facets: found
            .facets
            .iter()
            .map(|(c, n)| FacetJson {
                community: c.slug.clone(),
                count: *n,
            })
            .collect(),
    };
    let mut res = HttpResponse::Ok();
    if let Some(next) = &next {
        res.insert_header((header::LINK, format!("<{next}>; rel=\"next\"")));
    }
    Ok(res.json(body))
}

/// `?q=&c=` of similar questions.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarParams {
    /// The title being written.
    pub q: Option<String>,
    /// A sub-community's slug: its questions only.
    pub c: Option<String>,
}

/// Up to five questions like a title, solved and official ones first.
#[utoipa::path(
    get,
    path = "/api/v1/search/similar",
    tag = "search",
    params(SimilarParams),
    responses(
        (status = 200, description = "Up to five similar questions", body = [SimilarJson]),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read", content_type = "application/problem+json")
    )
)]
pub(crate) async fn similar(
    state: web::Data<AppState>,
    caller: ApiCaller,
    q: web::Query<SimilarParams>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    let guardian = caller.guardian();
    let title = q.q.as_deref().unwrap_or("");
    let (items, _) =
        service::similar(&state, &guardian, title, q.c.as_deref(), Source::Api).await?;
    let base = state.base_url();
    let body: Vec<SimilarJson> = items.iter().map(|s| SimilarJson::of(s, &base)).collect();
    Ok(HttpResponse::Ok().json(body))
}
