//! `GET /api/v1/topics` (every sub-community the caller may see) and
//! `GET /api/v1/communities/{slug}/topics` (scope `topics:read`): the HTML lists' read
//! model (`forums::read::list_sized`, keyset over the lists' indices), with the same
//! filters; a filter value the lists do not know is a 400 naming it.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::api::paging::PageQuery;
use crate::api::repr::TopicJson;
use crate::auth::ApiCaller;
use crate::communities::service as communities;
use crate::db::models::communities::Community;
use crate::db::models::topics::{Cursor, Sort, StateFilter};
use crate::db::{CategoryId, Scope, TopicKind};
use crate::domain::Tags;
use crate::error::{AppError, AppResult};
use crate::forums::read::{self, ListParams};
use crate::state::AppState;

/// Filters and order of a topic list, and its page.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TopicFilters {
    /// question, discussion, idea or announcement.
    pub kind: Option<String>,
    /// Questions that are unanswered, answered (not solved) or solved.
    pub state: Option<String>,
    /// One tag.
    pub tag: Option<String>,
    /// A category's id; in a sub-community's list, its slug too.
    pub category: Option<String>,
    /// latest (last activity, the default), new (creation) or top (score, all time).
    pub sort: Option<String>,
    /// The `next` cursor of the previous page.
    pub cursor: Option<String>,
    /// Topics per page, 1 to 100 (default 20).
    pub limit: Option<i64>,
}

fn invalid(name: &str, expected: &'static str) -> AppError {
    AppError::bad_param(name, expected)
}

impl TopicFilters {
    fn sort(&self) -> Result<Sort, AppError> {
        match self.sort.as_deref() {
            None | Some("latest") => Ok(Sort::Latest),
            Some("new") => Ok(Sort::New),
            Some("top") => Ok(Sort::Top),
            Some(_) => Err(invalid("sort", "errors-expect-sort-list")),
        }
    }

    fn state(&self) -> Result<Option<StateFilter>, AppError> {
        match self.state.as_deref() {
            None => Ok(None),
            Some("unanswered") => Ok(Some(StateFilter::Unanswered)),
            Some("answered") => Ok(Some(StateFilter::Answered)),
            Some("solved") => Ok(Some(StateFilter::Solved)),
            Some(_) => Err(invalid("state", "errors-expect-state")),
        }
    }

    fn kind(&self) -> Result<Option<TopicKind>, AppError> {
        self.kind
            .as_deref()
            .map(|k| {
                k.parse::<TopicKind>()
                    .map_err(|_| invalid("kind", "errors-expect-kind"))
            })
            .transpose()
    }

    /// One tag, as topics store it (the composer's rule).
    fn tag(&self) -> Result<Option<String>, AppError> {
        let Some(raw) = self.tag.as_deref() else {
            return Ok(None);
        };
        let tags = Tags::parse(raw).map_err(|_| invalid("tag", "errors-expect-tag"))?;
        match tags.stored().split_whitespace().collect::<Vec<_>>()[..] {
            [one] => Ok(Some(one.to_string())),
            _ => Err(invalid("tag", "errors-expect-tag")),
        }
    }

    fn page(&self) -> PageQuery {
        PageQuery {
            cursor: self.cursor.clone(),
            limit: self.limit,
        }
    }

    fn params(&self, category: Option<CategoryId>) -> Result<ListParams, AppError> {
        let after = match self.page().position::<String>()? {
            Some(raw) => Some(
                Cursor::decode(&raw).ok_or_else(|| invalid("cursor", "errors-expect-cursor"))?,
            ),
            None => None,
        };
        Ok(ListParams {
            sort: self.sort()?,
            state: self.state()?,
            kind: self.kind()?,
            tag: self.tag()?,
            category,
            after,
            // `top` is all time in the API: a cursor walks one fixed sequence.
            period_days: None,
        })
    }
}

async fn answer(
    req: &HttpRequest,
    state: &AppState,
    caller: &ApiCaller,
    scope: Option<&Community>,
    q: &TopicFilters,
    category: Option<CategoryId>,
) -> AppResult<HttpResponse> {
    let limit = q.page().limit()?;
    let params = q.params(category)?;
    let guardian = caller.guardian();
    let list = read::list_sized(state, &guardian, scope, params, limit, false).await?;
    let slugs = &list.communities;
    let items: Vec<TopicJson> = list
        .topics
        .iter()
        .map(|(t, a)| {
            let slug = slugs
                .get(&t.community_id)
                .map(|c| c.slug.as_str())
                .unwrap_or_default();
            TopicJson::of(t, slug, Some(a))
        })
        .collect();
    Ok(super::page_response(req, items, list.next.as_deref()))
}

/// Topics across every sub-community the caller may see.
#[utoipa::path(
    get,
    path = "/api/v1/topics",
    tag = "topics",
    params(TopicFilters),
    responses(
        (status = 200, description = "A page of topics: {items: [Topic], next: url|null}"),
        (status = 400, description = "A filter value this list does not know", content_type = "application/problem+json"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read", content_type = "application/problem+json")
    )
)]
pub(crate) async fn all(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: ApiCaller,
    q: web::Query<TopicFilters>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    let category = match q.category.as_deref() {
        None => None,
        Some(raw) => Some(
            CategoryId::parse(raw).ok_or_else(|| invalid("category", "errors-expect-category"))?,
        ),
    };
    answer(&req, &state, &caller, None, &q, category).await
}

/// Topics of one sub-community (404 when the caller may not see it).
#[utoipa::path(
    get,
    path = "/api/v1/communities/{slug}/topics",
    tag = "topics",
    params(("slug" = String, Path, description = "The sub-community's slug"), TopicFilters),
    responses(
        (status = 200, description = "A page of topics: {items: [Topic], next: url|null}"),
        (status = 400, description = "A filter value this list does not know", content_type = "application/problem+json"),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read", content_type = "application/problem+json"),
        (status = 404, description = "No such sub-community, or the caller may not see it", content_type = "application/problem+json")
    )
)]
pub(crate) async fn of_community(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: ApiCaller,
    slug: web::Path<String>,
    q: web::Query<TopicFilters>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    let c = communities::get_visible(&state, &caller.guardian(), &slug).await?;
    let category = match q.category.as_deref() {
        None => None,
        Some(raw) => match CategoryId::parse(raw) {
            Some(id) => Some(id),
            None => match read::category_by_slug(&state, &c, raw).await {
                Ok(cat) => Some(cat.id),
                Err(AppError::NotFound) => {
                    return Err(invalid(
                        "category",
                        "a category id or slug of this sub-community",
                    ))
                }
                Err(e) => return Err(e),
            },
        },
    };
    answer(&req, &state, &caller, Some(&c), &q, category).await
}
