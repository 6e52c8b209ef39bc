//! A sub-community's pages and the topic lists: its home, a category, everything the
//! viewer may see, the leaderboard, the official feed, the employees' queue; adding a
//! category.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Guardian;
use crate::communities::routes::settings_with_refused_category;
use crate::communities::scope::{At, InCommunity, MemberAt};
use crate::communities::service as communities;
use crate::db::models::topics::{Cursor, Sort, StateFilter};
use crate::db::TopicKind;
use crate::error::{AppError, AppResult};
use crate::forums::read::{self, ListParams};
use crate::forums::views::categories::{CategoryPanel, CategoryValues};
use crate::forums::views::lists::{self as views, ListNav};
use crate::forums::{categories, queue as employee_queue};
use crate::http::{cached_page, html, see_other, AcceptsGzip, CachedPage};
use crate::state::AppState;
use crate::views::Page;

#[derive(Deserialize, Default)]
pub struct ListQueryParams {
    sort: Option<String>,
    state: Option<String>,
    tag: Option<String>,
    after: Option<String>,
    period: Option<String>,
    kind: Option<String>,
}

impl ListQueryParams {
    fn sort(&self) -> Sort {
        match self.sort.as_deref() {
            Some("new") => Sort::New,
            Some("top") => Sort::Top,
            _ => Sort::Latest,
        }
    }
    fn sort_key(&self) -> &'static str {
        match self.sort() {
            Sort::Latest => "latest",
            Sort::New => "new",
            Sort::Top => "top",
        }
    }
    fn state_filter(&self) -> Option<StateFilter> {
        match self.state.as_deref() {
            Some("unanswered") => Some(StateFilter::Unanswered),
            Some("answered") => Some(StateFilter::Answered),
            Some("solved") => Some(StateFilter::Solved),
            _ => None,
        }
    }
    fn state_key(&self) -> Option<&'static str> {
        self.state_filter().map(|s| match s {
            StateFilter::Unanswered => "unanswered",
            StateFilter::Answered => "answered",
            StateFilter::Solved => "solved",
        })
    }
    fn period_key(&self) -> &'static str {
        match self.period.as_deref() {
            Some("all") => "all",
            Some("7d") => "7d",
            Some("365d") => "365d",
            _ => "30d",
        }
    }
    fn tag(&self) -> Option<String> {
        self.tag
            .as_deref()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| {
                !t.is_empty() && t.len() <= 30 && t.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
    }
    /// Everything that picks the list, as one cache-key string.
    fn cache_key(&self) -> String {
        let f = |o: &Option<String>| o.as_deref().unwrap_or("").to_string();
        [
            f(&self.sort),
            f(&self.state),
            f(&self.tag),
            f(&self.after),
            f(&self.period),
            f(&self.kind),
        ]
        .join("\u{1f}")
    }
    fn params(&self, category: Option<crate::db::CategoryId>) -> ListParams {
        ListParams {
            sort: self.sort(),
            state: self.state_filter(),
            kind: self
                .kind
                .as_deref()
                .and_then(|k| k.parse::<TopicKind>().ok()),
            tag: self.tag(),
            category,
            after: self.after.as_deref().and_then(Cursor::decode),
            period_days: match self.period.as_deref() {
                Some("all") => None,
                Some("7d") => Some(7),
                Some("365d") => Some(365),
                _ => Some(30),
            },
        }
    }
}

/// The sub-community home: categories, pinned and latest topics, filters.
pub async fn community_home(
    state: &AppState,
    at: &At<InCommunity>,
    q: &ListQueryParams,
    gzip: AcceptsGzip,
) -> AppResult<HttpResponse> {
    let (page, guardian, c) = (&at.page, at.guardian(), &at.community);
    // Issue 22: anonymous visitors share one rendering of each list for at most a second
    // (`embed::cache`'s bound), checked against the sub-community row loaded (and let
    // through by the guardian) on this very request, so a sub-community made private
    // answers 404 at once. Signed-in members and pages with a notice are rendered whole.
    let shared = page.viewer.auth().is_none() && page.notice.is_none();
    let now = state.clock.now();
    let key = format!(
        "{}\u{1f}{}\u{1f}{}",
        page.lang.code(),
        page.brand.version,
        q.cache_key()
    );
    let validator = (c.updated_at, 0);
    if shared {
        if let Some(cached) = state.lists.get(&c.id, &key, validator, now) {
            return Ok(cached_page(&cached, gzip));
        }
    }
    let cats = read::categories_of(state, c).await?;
    let list = read::list(state, &guardian, Some(c), q.params(None)).await?;
    let staff = communities::staff(state, c).await?;
    let base = format!("/c/{}", c.slug);
    let tag = q.tag();
    let nav = ListNav {
        base: &base,
        sort: q.sort_key(),
        state: q.state_key(),
        tag: tag.as_deref(),
        period: q.period_key(),
    };
    let team = crate::communities::views::team(page.lang, &staff);
    let watch = match page.viewer.user() {
        Some(u) => Some(
            crate::notifications::service::level_on(
                state,
                u,
                crate::db::WatchTarget::Community,
                c.id.as_str(),
            )
            .await?,
        ),
        None => None,
    };
    let perms = guardian.community_perms(c);
    let side = views::side_column(page.lang, c, &cats, team);
    if shared {
        // Rendered with no CSRF token, as the anonymous topic pages (no form needs one).
        let anonymous = Page {
            csrf: String::new(),
            ..page.clone()
        };
        let rendered = CachedPage::new(bytes::Bytes::from(
            views::community_home(&anonymous, c, &list, &nav, &perms, now, side, watch)
                .into_string(),
        ));
        state
            .lists
            .put(&c.id, key, validator, now, rendered.clone());
        return Ok(cached_page(&rendered, gzip));
    }
    Ok(html(views::community_home(
        page, c, &list, &nav, &perms, now, side, watch,
    )))
}

pub(crate) async fn latest(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<ListQueryParams>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let list = read::list(&state, &guardian, None, q.params(None)).await?;
    let tag = q.tag();
    let nav = ListNav {
        base: "/latest",
        sort: q.sort_key(),
        state: q.state_key(),
        tag: tag.as_deref(),
        period: q.period_key(),
    };
    Ok(html(views::latest(&page, &list, &nav, state.clock.now())))
}

pub(crate) async fn category(
    state: web::Data<AppState>,
    at: At<InCommunity>,
    path: web::Path<(String, String)>,
    q: web::Query<ListQueryParams>,
) -> AppResult<HttpResponse> {
    let (page, guardian, c) = (&at.page, at.guardian(), &at.community);
    let cat = read::category_by_slug(&state, c, &path.1).await?;
    let list = read::list(&state, &guardian, Some(c), q.params(Some(cat.id.clone()))).await?;
    let base = format!("/c/{}/cat/{}", c.slug, cat.slug);
    let tag = q.tag();
    let nav = ListNav {
        base: &base,
        sort: q.sort_key(),
        state: q.state_key(),
        tag: tag.as_deref(),
        period: q.period_key(),
    };
    let watch = match page.viewer.user() {
        Some(u) => Some(
            crate::notifications::service::level_on(
                &state,
                u,
                crate::db::WatchTarget::Category,
                cat.id.as_str(),
            )
            .await?,
        ),
        None => None,
    };
    Ok(html(views::category_page(
        page,
        c,
        &cat,
        &list,
        &nav,
        state.clock.now(),
        watch,
    )))
}

#[derive(Deserialize)]
pub struct CategoryForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
}

pub(crate) async fn create_category(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    form: web::Form<CategoryForm>,
) -> AppResult<HttpResponse> {
    let c = &at.community;
    let created = categories::create_category(
        &state,
        &at.guardian(),
        at.me(),
        c,
        &form.slug,
        &form.name,
        &form.description,
    )
    .await;
    match created {
        Ok(_) => Ok(see_other(&format!("/c/{}/edit?notice=saved", c.slug))),
        Err(AppError::Validation(errors)) => {
            let values = CategoryValues {
                slug: form.slug.clone(),
                name: form.name.clone(),
                description: form.description.clone(),
                position: String::new(),
            };
            let panel = CategoryPanel {
                new: Some((values, errors)),
                ..CategoryPanel::default()
            };
            settings_with_refused_category(&state, &at, panel).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct CategoryEditForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    position: String,
}

pub(crate) async fn update_category(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    path: web::Path<(String, String)>,
    form: web::Form<CategoryEditForm>,
) -> AppResult<HttpResponse> {
    let c = &at.community;
    let category = categories::find(&state, c, &path.1).await?;
    let updated = categories::update_category(
        &state,
        &at.guardian(),
        at.me(),
        c,
        &category,
        &form.name,
        &form.description,
        &form.position,
    )
    .await;
    match updated {
        Ok(()) => Ok(see_other(&format!("/c/{}/edit?notice=saved", c.slug))),
        Err(AppError::Validation(errors)) => {
            let values = CategoryValues {
                slug: category.slug.clone(),
                name: form.name.clone(),
                description: form.description.clone(),
                position: form.position.clone(),
            };
            let panel = CategoryPanel {
                edit: Some((values, errors)),
                ..CategoryPanel::default()
            };
            settings_with_refused_category(&state, &at, panel).await
        }
        Err(e) => Err(e),
    }
}

pub(crate) async fn delete_category(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let c = &at.community;
    let category = categories::find(&state, c, &path.1).await?;
    categories::delete_category(&state, &at.guardian(), at.me(), c, &category).await?;
    Ok(see_other(&format!("/c/{}/edit?notice=saved", c.slug)))
}

/// `/queue?c=&who=&state=&after=`: unknown values are no filter.
#[derive(Deserialize)]
pub struct QueueParams {
    c: Option<String>,
    who: Option<String>,
    state: Option<String>,
    after: Option<String>,
}

pub(crate) async fn queue(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<QueueParams>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let me = page.viewer.require()?;
    let filter = employee_queue::QueueFilter {
        community: q.c.clone().filter(|c| !c.is_empty()),
        who: q.who.as_deref().and_then(employee_queue::Who::parse),
        unanswered: match q.state.as_deref() {
            Some("unanswered") => Some(true),
            Some("answered") => Some(false),
            _ => None,
        },
        after: q.after.as_deref().and_then(Cursor::decode),
    };
    let found = employee_queue::queue(&state, &guardian, &me.user, &filter).await?;
    Ok(html(crate::forums::views::queue::queue(
        &page,
        &found,
        &filter,
        state.clock.now(),
    )))
}

#[derive(Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
}

pub(crate) async fn leaderboard(
    state: web::Data<AppState>,
    at: At<InCommunity>,
    q: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let c = &at.community;
    let all_time = q.period.as_deref() == Some("all");
    let rows = read::leaderboard(&state, c, if all_time { None } else { Some(30) }).await?;
    Ok(html(views::leaderboard(
        &at.page,
        c,
        &rows,
        if all_time { "all" } else { "30d" },
    )))
}

pub(crate) async fn official(
    state: web::Data<AppState>,
    at: At<InCommunity>,
) -> AppResult<HttpResponse> {
    let rows = read::official_feed(&state, &at.community).await?;
    Ok(html(views::official(
        &at.page,
        &at.community,
        &rows,
        state.clock.now(),
    )))
}
