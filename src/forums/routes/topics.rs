//! The topic page, starting a topic, replying, and what is done to a topic (accept,
//! idea status, claim, pin, lock, move, close as duplicate).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::communities::scope::{At, InCommunity, InTopic, MemberAt};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forums::load::load_post;
use crate::forums::posting::{self, TopicInput};
use crate::forums::topic_moderation::{self, Flag};
use crate::forums::topic_view::{self, RenderedTopic};
use crate::forums::views::{self, writing::ComposerValues};
use crate::forums::{queue as employee_queue, read, topic_page, votes};
use crate::http::{cached_page, html, html_bytes, html_status, see_other, AcceptsGzip};
use crate::state::AppState;
use crate::views::PendingPage;

use super::{post_id, preview, topic_id};

/// The composer's query string (issue 19): `?title=…&body=…&kind=…&wiki=1` prefill it,
/// as the content gaps' "write the answer" links do.
#[derive(Deserialize, Default)]
pub struct ComposerQuery {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    wiki: String,
}

pub(crate) async fn new_topic_form(
    state: web::Data<AppState>,
    at: At<InCommunity>,
    q: web::Query<ComposerQuery>,
) -> AppResult<HttpResponse> {
    let (guardian, c) = (at.guardian(), &at.community);
    guardian.ensure(guardian.can_post_in(c))?;
    let cats = read::categories_of(&state, c).await?;
    let kind = match q.kind.as_str() {
        "discussion" | "idea" | "announcement" => q.kind.as_str(),
        _ => "question",
    };
    let v = ComposerValues {
        kind,
        title: &q.title,
        body: &q.body,
        tags: "",
        category: "",
        as_brand: false,
        wiki: matches!(q.wiki.as_str(), "1" | "true" | "on"),
        language: c.default_language.as_str(),
    };
    Ok(html(views::writing::new_topic(
        &at.page,
        c,
        &cats,
        &v,
        &FieldErrors::new(),
        &views::writing::ComposerEcho::default(),
        &guardian.composer_perms(c),
    )))
}

/// The similar questions for a title typed in the composer, shown when the form comes
/// back (a preview, a refusal): the same search the script runs as the title is typed.
async fn similar_to(
    state: &AppState,
    guardian: &crate::auth::Guardian<'_>,
    c: &crate::db::models::communities::Community,
    title: &str,
) -> AppResult<Vec<crate::search::service::Similar>> {
    let source = crate::search::service::Source::Similar;
    let (found, _) =
        crate::search::service::similar(state, guardian, title, Some(&c.slug), source).await?;
    Ok(found)
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
    /// Issue 19 (search-ui): the composer's random id (`assets/search.js`).
    #[serde(default)]
    composer: Option<String>,
    #[serde(default)]
    action: Option<String>,
    /// Issue 19: "Make this a wiki" (those who may, see `ComposerPerms::make_wiki`).
    #[serde(default)]
    wiki: Option<String>,
    /// The topic's content language (`en`, `fr`); absent: the sub-community's default.
    #[serde(default)]
    language: String,
}

pub(crate) async fn create_topic(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    form: web::Form<TopicForm>,
) -> AppResult<HttpResponse> {
    let (page, guardian, c) = (&at.page, at.guardian(), &at.community);
    let f = form.into_inner();
    let as_brand = f.as_brand.as_deref() == Some("true");
    let wiki = f.wiki.as_deref() == Some("true");
    let values = ComposerValues {
        kind: &f.kind,
        title: &f.title,
        body: &f.body,
        tags: &f.tags,
        category: &f.category,
        as_brand,
        wiki,
        language: &f.language,
    };
    if f.action.as_deref() == Some("preview") {
        guardian.ensure(guardian.can_post_in(c))?;
        let cats = read::categories_of(&state, c).await?;
        let (preview, errors) = preview(&f.body);
        let similar = similar_to(&state, &guardian, c, &f.title).await?;
        let echo = views::writing::ComposerEcho {
            preview: preview.as_deref(),
            similar: &similar,
        };
        return Ok(html(views::writing::new_topic(
            page,
            c,
            &cats,
            &values,
            &errors,
            &echo,
            &guardian.composer_perms(c),
        )));
    }
    let input = TopicInput {
        kind: f.kind.clone(),
        title: f.title.clone(),
        body: f.body.clone(),
        tags: f.tags.clone(),
        category: f.category.clone(),
        as_brand,
        language: f.language.clone(),
    };
    let created =
        crate::forums::wiki::create_topic(&state, &guardian, at.me(), c, input, wiki).await;
    // Issue 19 (search-ui): this composer asked after all: no deflection.
    if let (Ok(_), Some(composer)) = (&created, f.composer.as_deref()) {
        crate::search::service::cancel_deflection(&state, composer).await?;
    }
    match created {
        Ok(t) if t.held => Ok(see_other(&format!("{}?notice=held", t.path()))),
        Ok(t) => Ok(see_other(&t.path())),
        Err(AppError::Validation(errors)) => {
            let cats = read::categories_of(&state, c).await?;
            let similar = similar_to(&state, &guardian, c, &f.title).await?;
            let echo = views::writing::ComposerEcho {
                preview: None,
                similar: &similar,
            };
            Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::writing::new_topic(
                    page,
                    c,
                    &cats,
                    &values,
                    &errors,
                    &echo,
                    &guardian.composer_perms(c),
                ),
            ))
        }
        Err(e) => Err(e),
    }
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
        RenderedTopic::Moved(path) => HttpResponse::MovedPermanently()
            .insert_header((actix_web::http::header::LOCATION, path))
            .finish(),
    })
}

pub(crate) async fn topic(
    state: web::Data<AppState>,
    page: PendingPage,
    id: web::Path<String>,
    q: web::Query<TopicQuery>,
    gzip: AcceptsGzip,
) -> AppResult<HttpResponse> {
    show_topic(&state, page, &id, &q, gzip).await
}

pub(crate) async fn topic_with_slug(
    state: web::Data<AppState>,
    page: PendingPage,
    path: web::Path<(String, String)>,
    q: web::Query<TopicQuery>,
    gzip: AcceptsGzip,
) -> AppResult<HttpResponse> {
    show_topic(&state, page, &path.0, &q, gzip).await
}

pub(crate) async fn reply_form(
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

pub(crate) async fn reply(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
    form: web::Form<ReplyForm>,
) -> AppResult<HttpResponse> {
    let (page, guardian, t, c) = (&at.page, at.guardian(), &at.topic, &at.community);
    let f = form.into_inner();
    let parent = match f.parent_id.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => Some(post_id(p)?),
        None => None,
    };
    if f.action.as_deref() == Some("preview") {
        guardian.ensure(guardian.can_reply(c, t))?;
        let (preview, errors) = preview(&f.body);
        let again = topic_again(&state, &at, &f.body, errors, preview).await?;
        return Ok(html(again));
    }
    let as_brand = f.as_brand.as_deref() == Some("true");
    match posting::reply(
        &state,
        &guardian,
        at.me(),
        (t, c),
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
                    views::writing::comment_page(page, &p, &t, &f.body, &errors)
                }
                None => topic_again(&state, &at, &f.body, errors, None).await?,
            };
            Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, body))
        }
        Err(e) => Err(e),
    }
}

/// The topic page again, with the composer's text and what to say about it.
async fn topic_again(
    state: &AppState,
    at: &MemberAt<InTopic>,
    body: &str,
    errors: FieldErrors,
    preview: Option<String>,
) -> AppResult<maud::Markup> {
    let guardian = at.guardian();
    let (t, c) = (at.topic.clone(), at.community.clone());
    let tp = topic_page::topic_page(state, &guardian, t, c, None, None).await?;
    Ok(views::topic::topic(
        &at.page,
        &tp,
        &tp.perms(&guardian),
        state.clock.now(),
        body,
        &errors,
        preview.as_deref(),
    ))
}

#[derive(Deserialize)]
pub struct AcceptForm {
    post_id: String,
}

pub(crate) async fn accept(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
    form: web::Form<AcceptForm>,
) -> AppResult<HttpResponse> {
    on_answer(&state, &at, &form.post_id, true).await
}

/// Takes back the accepted answer (the asker clicked the wrong one): the question is
/// open again. The same service as the API's `DELETE /api/v1/posts/{id}/accept`.
pub(crate) async fn unaccept(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
    form: web::Form<AcceptForm>,
) -> AppResult<HttpResponse> {
    on_answer(&state, &at, &form.post_id, false).await
}

/// Accepts the answer `raw_id` (`accept`), or takes its acceptance back, then back to the
/// topic.
async fn on_answer(
    state: &AppState,
    at: &MemberAt<InTopic>,
    raw_id: &str,
    accept: bool,
) -> AppResult<HttpResponse> {
    let guardian = at.guardian();
    let (answer, _, _) = load_post(state, &guardian, &post_id(raw_id)?).await?;
    let (me, t, c) = (at.me(), &at.topic, &at.community);
    if accept {
        votes::accept(state, &guardian, me, t, c, &answer).await?;
    } else {
        votes::unaccept(state, &guardian, me, t, c, &answer).await?;
    }
    Ok(see_other(&at.topic.path()))
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
}

pub(crate) async fn idea_status(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
    form: web::Form<StatusForm>,
) -> AppResult<HttpResponse> {
    let (t, c) = (&at.topic, &at.community);
    votes::set_idea_status(
        &state,
        &at.guardian(),
        at.me(),
        t,
        c,
        &form.status,
        &form.note,
    )
    .await?;
    Ok(see_other(&t.path()))
}

async fn claim_or_release(
    state: &AppState,
    at: &MemberAt<InTopic>,
    on: bool,
) -> AppResult<HttpResponse> {
    let (t, c) = (&at.topic, &at.community);
    employee_queue::claim(state, &at.guardian(), at.me(), t, c, on).await?;
    Ok(see_other(&t.path()))
}

pub(crate) async fn claim(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
) -> AppResult<HttpResponse> {
    claim_or_release(&state, &at, true).await
}

pub(crate) async fn release(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
) -> AppResult<HttpResponse> {
    claim_or_release(&state, &at, false).await
}

async fn flag(
    state: &AppState,
    at: &MemberAt<InTopic>,
    flag: Flag,
    on: bool,
) -> AppResult<HttpResponse> {
    let (t, c) = (&at.topic, &at.community);
    topic_moderation::set_flag(state, &at.guardian(), at.me(), t, c, flag, on).await?;
    Ok(see_other(&t.path()))
}

pub(crate) async fn pin(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
) -> AppResult<HttpResponse> {
    flag(&state, &at, Flag::Pinned, true).await
}
pub(crate) async fn unpin(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
) -> AppResult<HttpResponse> {
    flag(&state, &at, Flag::Pinned, false).await
}
pub(crate) async fn lock(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
) -> AppResult<HttpResponse> {
    flag(&state, &at, Flag::Locked, true).await
}
pub(crate) async fn unlock(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
) -> AppResult<HttpResponse> {
    flag(&state, &at, Flag::Locked, false).await
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    community: String,
    #[serde(default)]
    category: String,
}

pub(crate) async fn move_topic(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
    form: web::Form<MoveForm>,
) -> AppResult<HttpResponse> {
    let (t, c) = (&at.topic, &at.community);
    topic_moderation::move_topic(
        &state,
        &at.guardian(),
        at.me(),
        t,
        c,
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

pub(crate) async fn duplicate(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
    form: web::Form<DuplicateForm>,
) -> AppResult<HttpResponse> {
    let (t, c) = (&at.topic, &at.community);
    topic_moderation::close_as_duplicate(&state, &at.guardian(), at.me(), t, c, &form.original)
        .await?;
    Ok(see_other(&t.path()))
}

#[derive(Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    into: String,
}

pub(crate) async fn merge(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
    form: web::Form<MergeForm>,
) -> AppResult<HttpResponse> {
    let (t, c) = (&at.topic, &at.community);
    let joined = topic_moderation::merge(&state, &at.guardian(), at.me(), t, c, &form.into).await?;
    Ok(see_other(&joined.path()))
}
