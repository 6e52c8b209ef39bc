//! Handlers: the search page, a click on a result, similar questions for the composer
//! (and a click on one), "write the answer", and the content-gaps pages.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::Guardian;
use crate::communities::scope::{At, InCommunity};
use crate::error::{AppError, AppResult};
use crate::http::{html, see_other};
use crate::search::query::{SearchForm, PAGE_SIZE};
use crate::search::service::{self, Similar, Source};
use crate::search::{insights, insights_views, views};
use crate::state::AppState;
use crate::views::Page;

/// `GET /search?q=&c=&kind=&state=&tag=&author=&from=&to=&sort=&page=`: always 200 (odd
/// input is words; a bad filter value is a message beside the form).
pub(crate) async fn page(
    state: web::Data<AppState>,
    page: Page,
    form: Option<web::Query<SearchForm>>,
) -> AppResult<HttpResponse> {
    // A query string that does not even decode (a repeated key, say) is an empty search.
    let form = form.map(web::Query::into_inner).unwrap_or_default();
    let (filters, errors) = form.lenient();
    let guardian = Guardian::new(&page.viewer);
    let found = service::search(
        &state,
        &guardian,
        &filters,
        filters.offset(),
        PAGE_SIZE,
        Source::Page,
    )
    .await?;
    let mut res = html(views::page(
        &page,
        &filters,
        &found,
        &errors,
        state.clock.now(),
    ));
    res.headers_mut().insert(
        header::HeaderName::from_static("x-robots-tag"),
        header::HeaderValue::from_static("noindex"),
    );
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub struct ClickQuery {
    log: Option<String>,
    t: Option<String>,
    p: Option<String>,
}

/// `GET /search/click?log=&t=&p=`: records the search's first click and sends the reader
/// to the topic (or the matching reply); 404 for a topic they may not see.
pub(crate) async fn click(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<ClickQuery>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let topic = q.t.as_deref().ok_or(AppError::NotFound)?;
    let location =
        service::click(&state, &guardian, q.log.as_deref(), topic, q.p.as_deref()).await?;
    Ok(see_other(&location))
}

#[derive(Debug, Deserialize)]
pub struct SimilarQuery {
    #[serde(default)]
    q: String,
    c: Option<String>,
}

/// One suggestion as JSON (the composer, the ask box and the API share it).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SimilarJson {
    pub id: String,
    pub title: String,
    /// Absolute URL of the topic.
    pub url: String,
    /// unanswered, answered or solved (questions); null otherwise.
    pub state: Option<&'static str>,
    /// An employee answered as the brand.
    pub official: bool,
    /// It has an accepted answer.
    pub solved: bool,
}

impl SimilarJson {
    pub fn of(s: &Similar, base: &str) -> SimilarJson {
        SimilarJson {
            id: s.topic_id.to_string(),
            title: s.title.clone(),
            url: format!("{base}{}", s.path),
            state: s.state.map(|st| st.as_str()),
            official: s.official,
            solved: s.solved,
        }
    }
}

/// The header naming the search-log row of a suggestion list (the click is recorded on it).
pub const LOG_HEADER: &str = "x-search-log";

/// `GET /search/similar.json?q=TITLE&c=SLUG`: up to five questions like the title.
pub(crate) async fn similar(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<SimilarQuery>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let (items, log) =
        service::similar(&state, &guardian, &q.q, q.c.as_deref(), Source::Similar).await?;
    let base = state.base_url();
    let body: Vec<SimilarJson> = items.iter().map(|s| SimilarJson::of(s, &base)).collect();
    let mut res = HttpResponse::Ok();
    res.insert_header((header::CACHE_CONTROL, "no-store"));
    if let Some(log) = log {
        res.insert_header((LOG_HEADER, log.to_string()));
    }
    Ok(res.json(body))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimilarClick {
    topic: String,
    /// The title typed when the suggestion was shown (not stored: the log row has it).
    #[serde(default)]
    #[allow(dead_code)]
    query: Option<String>,
    #[serde(default)]
    log: Option<String>,
    #[serde(default)]
    composer: Option<String>,
}

/// `POST /search/similar/click` (JSON, `X-CSRF-Token`): a suggestion was opened from the
/// composer; 204.
pub(crate) async fn similar_click(
    state: web::Data<AppState>,
    page: Page,
    body: web::Json<SimilarClick>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    service::similar_clicked(
        &state,
        &guardian,
        &body.topic,
        body.log.as_deref(),
        body.composer.as_deref(),
    )
    .await?;
    Ok(HttpResponse::NoContent()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}

#[derive(Debug, Deserialize)]
pub struct WriteQuery {
    #[serde(default)]
    title: String,
    #[serde(default)]
    c: String,
}

/// `GET /search/write?title=&c=`: "write the answer" for a site-wide query, once a
/// sub-community is chosen: to its composer (a path built from a slug, never a URL given).
pub(crate) async fn write(q: web::Query<WriteQuery>) -> AppResult<HttpResponse> {
    let slug = q.c.trim();
    let is_slug = !slug.is_empty()
        && slug.len() <= 64
        && slug
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
    if !is_slug {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&insights::write_answer_path(
        slug,
        q.title.trim(),
    )))
}

#[derive(Debug, Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
}

/// `GET /admin/search?period=7|30|90`: the whole site's content gaps (admins).
pub(crate) async fn admin_insights(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let gaps = insights::gaps(
        &state,
        &guardian,
        None,
        insights::period_of(q.period.as_deref()),
    )
    .await?;
    Ok(html(insights_views::page(&page, &gaps)))
}

/// `GET /c/{slug}/search-insights?period=`: one sub-community's content gaps (its
/// managers and the admins; 404 for everyone else).
pub(crate) async fn community_insights(
    state: web::Data<AppState>,
    at: At<InCommunity>,
    q: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let guardian = at.guardian();
    let gaps = insights::gaps(
        &state,
        &guardian,
        Some(&at.community),
        insights::period_of(q.period.as_deref()),
    )
    .await?;
    Ok(html(insights_views::page(&at.page, &gaps)))
}
