use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Guardian;
use crate::communities::service as communities;
use crate::db::models::topics::{Cursor, Sort, StateFilter};
use crate::db::{PostId, TopicId, TopicKind};
use crate::domain::{render_markdown, PostBody};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forums::load::{load_post, load_topic, post_location};
use crate::forums::posting::{self, TopicInput};
use crate::forums::read::{self, ListParams};
use crate::forums::topic_moderation::{self, Flag};
use crate::forums::topic_page;
use crate::forums::topic_view::{self, RenderedTopic};
use crate::forums::views::{self, ComposerValues, ListNav};
use crate::forums::{categories, editing, queue as employee_queue, votes};
use crate::http::AcceptsGzip;
use crate::http::{cached_page, html, html_bytes, html_status, see_other};
use crate::state::AppState;
use crate::views::{Page, PendingPage};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/latest", web::get().to(latest))
        .route("/queue", web::get().to(queue))
        .route("/c/{slug}/new", web::get().to(new_topic_form))
        .route("/c/{slug}/new", web::post().to(create_topic))
        .route("/c/{slug}/categories", web::post().to(create_category))
        .route("/c/{slug}/cat/{cat}", web::get().to(category))
        .route("/c/{slug}/official", web::get().to(official))
        .route("/c/{slug}/leaderboard", web::get().to(leaderboard))
        .route("/t/{id}", web::get().to(topic))
        .route("/t/{id}/reply", web::get().to(reply_form))
        .route("/t/{id}/reply", web::post().to(reply))
        .route("/t/{id}/accept", web::post().to(accept))
        .route("/t/{id}/status", web::post().to(idea_status))
        .route("/t/{id}/claim", web::post().to(claim))
        .route("/t/{id}/release", web::post().to(release))
        .route("/t/{id}/pin", web::post().to(pin))
        .route("/t/{id}/unpin", web::post().to(unpin))
        .route("/t/{id}/lock", web::post().to(lock))
        .route("/t/{id}/unlock", web::post().to(unlock))
        .route("/t/{id}/move", web::post().to(move_topic))
        .route("/t/{id}/duplicate", web::post().to(duplicate))
        .route("/t/{id}/{slug}", web::get().to(topic_with_slug))
        .route("/p/{id}", web::get().to(permalink))
        .route("/p/{id}/vote", web::post().to(vote))
        .route("/p/{id}/edit", web::get().to(edit_form))
        .route("/p/{id}/edit", web::post().to(edit))
        .route("/p/{id}/history", web::get().to(history))
        .route("/p/{id}/comment", web::get().to(comment_form))
        .route("/p/{id}/delete", web::post().to(delete))
        .route("/p/{id}/restore", web::post().to(restore));
}

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
    page: &Page,
    slug: &str,
    q: &ListQueryParams,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let c = communities::get_visible(state, &guardian, slug).await?;
    let cats = read::categories_of(state, &c).await?;
    let list = read::list(state, &guardian, Some(&c), q.params(None)).await?;
    let staff = communities::staff(state, &c).await?;
    let base = format!("/c/{}", c.slug);
    let tag = q.tag();
    let nav = ListNav {
        base: &base,
        sort: q.sort_key(),
        state: q.state_key(),
        tag: tag.as_deref(),
        period: q.period_key(),
    };
    let team = crate::communities::views::team(&staff);
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
    Ok(html(views::community_home(
        page,
        &c,
        &list,
        &nav,
        &guardian.community_perms(&c),
        state.clock.now(),
        views::side_column(&c, &cats, team),
        watch,
    )))
}

async fn latest(
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

async fn category(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<(String, String)>,
    q: web::Query<ListQueryParams>,
) -> AppResult<HttpResponse> {
    let (slug, cat_slug) = path.into_inner();
    let guardian = Guardian::new(&page.viewer);
    let c = communities::get_visible(&state, &guardian, &slug).await?;
    let cat = read::category_by_slug(&state, &c, &cat_slug).await?;
    let list = read::list(&state, &guardian, Some(&c), q.params(Some(cat.id.clone()))).await?;
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
        &page,
        &c,
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

async fn create_category(
    state: web::Data<AppState>,
    page: Page,
    slug: web::Path<String>,
    form: web::Form<CategoryForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let c = communities::get_visible(&state, &guardian, &slug).await?;
    categories::create_category(
        &state,
        &guardian,
        &me.user,
        &c,
        &form.slug,
        &form.name,
        &form.description,
    )
    .await?;
    Ok(see_other(&format!("/c/{}/edit?notice=saved", c.slug)))
}

async fn new_topic_form(
    state: web::Data<AppState>,
    page: Page,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let c = communities::get_visible(&state, &guardian, &slug).await?;
    guardian.ensure(guardian.can_post_in(&c))?;
    let cats = read::categories_of(&state, &c).await?;
    let v = ComposerValues {
        kind: "question",
        title: "",
        body: "",
        tags: "",
        category: "",
        as_brand: false,
    };
    Ok(html(views::new_topic(
        &page,
        &c,
        &cats,
        &v,
        &FieldErrors::new(),
        None,
        &guardian.composer_perms(&c),
    )))
}

#[derive(Deserialize)]
pub struct TopicForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    as_brand: Option<String>,
    #[serde(default)]
    action: Option<String>,
}

async fn create_topic(
    state: web::Data<AppState>,
    page: Page,
    slug: web::Path<String>,
    form: web::Form<TopicForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let c = communities::get_visible(&state, &guardian, &slug).await?;
    let f = form.into_inner();
    let as_brand = f.as_brand.as_deref() == Some("true");
    let values = ComposerValues {
        kind: &f.kind,
        title: &f.title,
        body: &f.body,
        tags: &f.tags,
        category: &f.category,
        as_brand,
    };
    if f.action.as_deref() == Some("preview") {
        guardian.ensure(guardian.can_post_in(&c))?;
        let cats = read::categories_of(&state, &c).await?;
        let (preview, errors) = preview(&f.body);
        return Ok(html(views::new_topic(
            &page,
            &c,
            &cats,
            &values,
            &errors,
            preview.as_deref(),
            &guardian.composer_perms(&c),
        )));
    }
    let input = TopicInput {
        kind: f.kind.clone(),
        title: f.title.clone(),
        body: f.body.clone(),
        tags: f.tags.clone(),
        category: f.category.clone(),
        as_brand,
    };
    match posting::create_topic(&state, &guardian, &me.user, &c, input).await {
        Ok(t) if t.held => Ok(see_other(&format!("{}?notice=held", t.path()))),
        Ok(t) => Ok(see_other(&t.path())),
        Err(AppError::Validation(errors)) => {
            let cats = read::categories_of(&state, &c).await?;
            Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::new_topic(
                    &page,
                    &c,
                    &cats,
                    &values,
                    &errors,
                    None,
                    &guardian.composer_perms(&c),
                ),
            ))
        }
        Err(e) => Err(e),
    }
}

/// Renders a preview exactly as a saved post would be (same length check and sanitiser).
fn preview(body: &str) -> (Option<String>, FieldErrors) {
    match PostBody::parse(body) {
        Ok(b) => (Some(render_markdown(b.as_str()).html), FieldErrors::new()),
        Err(e) => {
            let mut errors = FieldErrors::new();
            errors.insert("body", e);
            (None, errors)
        }
    }
}

fn topic_id(raw: &str) -> AppResult<TopicId> {
    TopicId::parse(raw).ok_or(AppError::NotFound)
}

fn post_id(raw: &str) -> AppResult<PostId> {
    PostId::parse(raw).ok_or(AppError::NotFound)
}

#[derive(Deserialize)]
pub struct TopicQuery {
    after: Option<String>,
    quote: Option<String>,
}

async fn show_topic(
    state: &AppState,
    pending: PendingPage,
    id: &str,
    q: &TopicQuery,
    gzip: AcceptsGzip,
) -> AppResult<HttpResponse> {
    let id = topic_id(id)?;
    let rendered =
        topic_view::render_topic(state, pending, &id, q.after.as_deref(), q.quote.as_deref())
            .await?;
    Ok(match rendered {
        RenderedTopic::Shared(page) => cached_page(&page, gzip),
        RenderedTopic::Filled(body) => html_bytes(body),
        RenderedTopic::Whole(markup) => html(markup),
    })
}

async fn topic(
    state: web::Data<AppState>,
    page: PendingPage,
    id: web::Path<String>,
    q: web::Query<TopicQuery>,
    gzip: AcceptsGzip,
) -> AppResult<HttpResponse> {
    show_topic(&state, page, &id, &q, gzip).await
}

async fn topic_with_slug(
    state: web::Data<AppState>,
    page: PendingPage,
    path: web::Path<(String, String)>,
    q: web::Query<TopicQuery>,
    gzip: AcceptsGzip,
) -> AppResult<HttpResponse> {
    show_topic(&state, page, &path.0, &q, gzip).await
}

async fn reply_form(
    state: web::Data<AppState>,
    page: PendingPage,
    id: web::Path<String>,
    q: web::Query<TopicQuery>,
    gzip: AcceptsGzip,
) -> AppResult<HttpResponse> {
    show_topic(&state, page, &id, &q, gzip).await
}

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    as_brand: Option<String>,
    #[serde(default)]
    parent_id: Option<String>,
    #[serde(default)]
    action: Option<String>,
}

async fn reply(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
    form: web::Form<ReplyForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let (t, c) = load_topic(&state, &guardian, &topic_id(&id)?).await?;
    let f = form.into_inner();
    let parent = match f.parent_id.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => Some(post_id(p)?),
        None => None,
    };
    if f.action.as_deref() == Some("preview") {
        guardian.ensure(guardian.can_reply(&c, &t))?;
        let (preview, errors) = preview(&f.body);
        let tp = topic_page::topic_page(&state, &guardian, t, c, None, None).await?;
        return Ok(html(views::topic(
            &page,
            &tp,
            &tp.perms(&guardian),
            state.clock.now(),
            &f.body,
            &errors,
            preview.as_deref(),
        )));
    }
    let as_brand = f.as_brand.as_deref() == Some("true");
    match posting::reply(
        &state,
        &guardian,
        &me.user,
        (&t, &c),
        &f.body,
        as_brand,
        parent.clone(),
    )
    .await
    {
        Ok(p) if !p.is_published() => Ok(see_other(&format!(
            "{}?notice=held#p{}",
            t.path(),
            p.post_number
        ))),
        Ok(p) => Ok(see_other(&format!("{}#p{}", t.path(), p.post_number))),
        // A rejected comment goes back to its own page, with its text and the error.
        Err(AppError::Validation(errors)) => {
            let body = match &parent {
                Some(parent) => {
                    let (p, t, _) = load_post(&state, &guardian, parent).await?;
                    views::comment_page(&page, &p, &t, &f.body, &errors)
                }
                None => {
                    let tp = topic_page::topic_page(&state, &guardian, t, c, None, None).await?;
                    views::topic(
                        &page,
                        &tp,
                        &tp.perms(&guardian),
                        state.clock.now(),
                        &f.body,
                        &errors,
                        None,
                    )
                }
            };
            Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, body))
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct AcceptForm {
    post_id: String,
}

async fn accept(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
    form: web::Form<AcceptForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let (t, c) = load_topic(&state, &guardian, &topic_id(&id)?).await?;
    let (answer, _, _) = load_post(&state, &guardian, &post_id(&form.post_id)?).await?;
    votes::accept(&state, &guardian, &me.user, &t, &c, &answer).await?;
    Ok(see_other(&t.path()))
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
}

async fn idea_status(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
    form: web::Form<StatusForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let (t, c) = load_topic(&state, &guardian, &topic_id(&id)?).await?;
    votes::set_idea_status(
        &state,
        &guardian,
        &me.user,
        &t,
        &c,
        &form.status,
        &form.note,
    )
    .await?;
    Ok(see_other(&t.path()))
}

async fn claim_or_release(
    state: &AppState,
    page: &Page,
    id: &str,
    on: bool,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let (t, c) = load_topic(state, &guardian, &topic_id(id)?).await?;
    employee_queue::claim(state, &guardian, &me.user, &t, &c, on).await?;
    Ok(see_other(&t.path()))
}

async fn claim(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    claim_or_release(&state, &page, &id, true).await
}

async fn release(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    claim_or_release(&state, &page, &id, false).await
}

async fn flag(
    state: &AppState,
    page: &Page,
    id: &str,
    flag: Flag,
    on: bool,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let (t, c) = load_topic(state, &guardian, &topic_id(id)?).await?;
    topic_moderation::set_flag(state, &guardian, &me.user, &t, &c, flag, on).await?;
    Ok(see_other(&t.path()))
}

async fn pin(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    flag(&state, &page, &id, Flag::Pinned, true).await
}
async fn unpin(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    flag(&state, &page, &id, Flag::Pinned, false).await
}
async fn lock(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    flag(&state, &page, &id, Flag::Locked, true).await
}
async fn unlock(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    flag(&state, &page, &id, Flag::Locked, false).await
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    community: String,
    #[serde(default)]
    category: String,
}

async fn move_topic(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
    form: web::Form<MoveForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let (t, c) = load_topic(&state, &guardian, &topic_id(&id)?).await?;
    topic_moderation::move_topic(
        &state,
        &guardian,
        &me.user,
        &t,
        &c,
        &form.community,
        &form.category,
    )
    .await?;
    Ok(see_other(&t.path()))
}

#[derive(Deserialize)]
pub struct DuplicateForm {
    #[serde(default)]
    original: String,
}

async fn duplicate(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
    form: web::Form<DuplicateForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let (t, c) = load_topic(&state, &guardian, &topic_id(&id)?).await?;
    topic_moderation::close_as_duplicate(&state, &guardian, &me.user, &t, &c, &form.original)
        .await?;
    Ok(see_other(&t.path()))
}

#[derive(Deserialize)]
pub struct VoteForm {
    value: i32,
}

/// Answers 303 back to the post for plain forms, or `{"score", "value"}` to the script
/// that votes without a reload (it asks with `Accept: application/json`).
async fn vote(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
    form: web::Form<VoteForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let (p, t, c) = load_post(&state, &guardian, &post_id(&id)?).await?;
    let score = votes::vote(&state, &guardian, &me.user, &p, &c, form.value).await?;
    let wants_json = req
        .headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.starts_with("application/json"));
    if wants_json {
        return Ok(
            HttpResponse::Ok().json(serde_json::json!({ "score": score, "value": form.value }))
        );
    }
    Ok(see_other(&format!("{}#p{}", t.path(), p.post_number)))
}

async fn edit_form(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let (p, t, c) = load_post(&state, &guardian, &post_id(&id)?).await?;
    guardian.ensure(guardian.can_edit_post(&c, &p))?;
    Ok(html(views::edit_post(
        &page,
        &p,
        &t,
        &p.body_markdown,
        &t.title,
        &FieldErrors::new(),
    )))
}

async fn comment_form(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let (p, t, c) = load_post(&state, &guardian, &post_id(&id)?).await?;
    guardian.ensure(guardian.can_comment_on(&c, &t, &p))?;
    Ok(html(views::comment_page(
        &page,
        &p,
        &t,
        "",
        &FieldErrors::new(),
    )))
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
    title: Option<String>,
}

async fn edit(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
    form: web::Form<EditForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let (p, t, c) = load_post(&state, &guardian, &post_id(&id)?).await?;
    match editing::edit_post(
        &state,
        &guardian,
        &me.user,
        (&p, &t, &c),
        &form.body,
        form.title.as_deref(),
    )
    .await
    {
        Ok(()) => Ok(see_other(&format!("{}#p{}", t.path(), p.post_number))),
        Err(AppError::Validation(errors)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::edit_post(
                &page,
                &p,
                &t,
                &form.body,
                form.title.as_deref().unwrap_or(&t.title),
                &errors,
            ),
        )),
        Err(e) => Err(e),
    }
}

async fn history(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let (p, t, _) = load_post(&state, &guardian, &post_id(&id)?).await?;
    let revisions = editing::revisions(&state, &p).await?;
    Ok(html(views::history(&page, &p, &t, &revisions)))
}

async fn set_deleted(
    state: &AppState,
    page: &Page,
    id: &str,
    deleted: bool,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let (p, t, c) = load_post(state, &guardian, &post_id(id)?).await?;
    editing::set_deleted(state, &guardian, &me.user, &p, &c, deleted).await?;
    if p.is_opening() && deleted {
        return Ok(see_other(&format!("/c/{}", c.slug)));
    }
    Ok(see_other(&t.path()))
}

async fn delete(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    set_deleted(&state, &page, &id, true).await
}

async fn restore(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    set_deleted(&state, &page, &id, false).await
}

/// A post's own address (used in mail): redirects to the page of its topic that starts
/// at it, with the anchor.
async fn permalink(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let pid = PostId::parse(&id).ok_or(AppError::NotFound)?;
    let (post, topic, _) = load_post(&state, &guardian, &pid).await?;
    let location = post_location(&state, &post, &topic).await?;
    Ok(see_other(&location))
}

async fn queue(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let items = employee_queue::queue(&state, &guardian).await?;
    Ok(html(views::queue(&page, &items, state.clock.now())))
}

#[derive(Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
}

async fn leaderboard(
    state: web::Data<AppState>,
    page: Page,
    slug: web::Path<String>,
    q: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let c = communities::get_visible(&state, &guardian, &slug).await?;
    let all_time = q.period.as_deref() == Some("all");
    let rows = read::leaderboard(&state, &c, if all_time { None } else { Some(30) }).await?;
    Ok(html(views::leaderboard(
        &page,
        &c,
        &rows,
        if all_time { "all" } else { "30d" },
    )))
}

async fn official(
    state: web::Data<AppState>,
    page: Page,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let c = communities::get_visible(&state, &guardian, &slug).await?;
    let rows = read::official_feed(&state, &c).await?;
    Ok(html(views::official(&page, &c, &rows, state.clock.now())))
}
