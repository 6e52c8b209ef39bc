//! The interactive frames: page comments and the ask box, on Parley's origin, and their
//! calls: comments and questions (bearer-authenticated, through the forum services),
//! similar questions, widget events.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::api::body::ApiJson;
use crate::api::repr::{PostJson, TopicJson};
use crate::auth::{ApiCaller, Guardian};
use crate::db::models::communities::Community;
use crate::db::models::embed_events::{self, NewEvent};
use crate::db::models::topics;
use crate::db::{ModerationState, PostId, Scope, TopicId};
use crate::embed::comments::{embeddable, CommentsContext};
use crate::embed::fragments::fragment_lang;
use crate::embed::frame_views::{self, FrameInfo};
use crate::embed::threads::{self, PageComment};
use crate::error::{AppError, AppResult};
use crate::forums::posting::{self, TopicInput};
use crate::http::csrf::CsrfToken;
use crate::i18n::Lang;
use crate::state::AppState;

/// The held answer's message, shown in the frame.
pub const HELD_MESSAGE: &str = "Your comment will appear after review";

#[derive(Debug, Deserialize)]
pub struct FrameQuery {
    pub community: String,
    pub page: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub origin: Option<String>,
    /// Issue 21: `en` or `fr` (the component's `data-lang`); the sub-community's default
    /// language when absent.
    pub lang: Option<String>,
}

/// A frame document with the embedding headers.
fn frame_response(community: &Community, markup: maud::Markup) -> HttpResponse {
    let origins = community.embed_origin_list();
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            crate::http::headers::framed_by(&origins),
        ))
        .insert_header(("x-robots-tag", "noindex, indexifembedded"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(markup.into_string())
}

/// 400 for a host origin the sub-community does not allow; nobody may frame it.
fn refusal(lang: Lang) -> HttpResponse {
    HttpResponse::BadRequest()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("x-robots-tag", "noindex"))
        .body(frame_views::refused(lang).into_string())
}

fn csrf_of(req: &HttpRequest) -> String {
    req.extensions()
        .get::<CsrfToken>()
        .map(|t| t.0.clone())
        .unwrap_or_default()
}

/// The validated host origin, or `None` (refuse).
fn allowed_origin<'a>(community: &Community, origin: Option<&'a str>) -> Option<&'a str> {
    origin.filter(|o| Guardian::embed_origin_allowed(community, o))
}

/// `GET /embed/v1/frame/comments?community=&page=&url=&title=&origin=`.
pub async fn comments_frame(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<FrameQuery>,
) -> AppResult<HttpResponse> {
    let community = embeddable(&state, &query.community).await?;
    let lang = fragment_lang(&state, &query.lang, &community)?;
    let Some(origin) = allowed_origin(&community, query.origin.as_deref()) else {
        return Ok(refusal(lang));
    };
    let key = threads::page_key(query.page.as_deref(), query.url.as_deref())?;
    let thread = threads::load_page_thread(&state, &community, &key).await?;
    let base = state.base_url();
    let community_url = format!("{base}/c/{}", community.slug);
    let continue_url = thread
        .topic
        .as_ref()
        .map(|t| format!("{base}{}", t.path()))
        .unwrap_or_else(|| community_url.clone());
    let csrf = csrf_of(&req);
    let info = FrameInfo {
        lang,
        community: &community.slug,
        host_origin: origin,
        csrf: &csrf,
        continue_url: &continue_url,
        community_url: &community_url,
    };
    let ctx = CommentsContext {
        lang,
        base: &base,
        community: &community,
        interactive: true,
    };
    let page = (
        query.page.as_deref().unwrap_or(""),
        query.url.as_deref().unwrap_or(""),
        query.title.as_deref().unwrap_or(""),
    );
    let markup = frame_views::comments_frame(&info, page, &ctx, &thread);
    Ok(frame_response(&community, markup))
}

#[derive(Debug, Deserialize)]
pub struct AskFrameQuery {
    pub community: String,
    pub origin: Option<String>,
    /// Issue 21: as [`FrameQuery::lang`].
    pub lang: Option<String>,
}

/// `GET /embed/v1/frame/ask?community=&origin=`.
pub async fn ask_frame(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<AskFrameQuery>,
) -> AppResult<HttpResponse> {
    let community = embeddable(&state, &query.community).await?;
    let lang = fragment_lang(&state, &query.lang, &community)?;
    let Some(origin) = allowed_origin(&community, query.origin.as_deref()) else {
        return Ok(refusal(lang));
    };
    let base = state.base_url();
    let community_url = format!("{base}/c/{}", community.slug);
    let csrf = csrf_of(&req);
    let info = FrameInfo {
        lang,
        community: &community.slug,
        host_origin: origin,
        csrf: &csrf,
        continue_url: &community_url,
        community_url: &community_url,
    };
    let markup = frame_views::ask_frame(&info, community.embed_anonymous_ask);
    Ok(frame_response(&community, markup))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    pub community: String,
    pub page: Option<String>,
    pub url: String,
    pub title: Option<String>,
    pub body: String,
    pub parent_id: Option<String>,
    /// The host page's origin (the frame's `origin` parameter), for the metrics.
    pub origin: Option<String>,
}

/// 403 problem: the page is not under one of the allowed URL prefixes.
fn outside_prefixes() -> HttpResponse {
    let mut body = AppError::Forbidden.json_body(None);
    let detail =
        "This page is not under a URL prefix this sub-community allows comment threads for.";
    body["detail"] = json!(detail);
    body["message"] = json!(detail);
    HttpResponse::Forbidden()
        .content_type("application/problem+json")
        .body(body.to_string())
}

fn state_name(published: bool) -> &'static str {
    if published {
        "published"
    } else {
        "held"
    }
}

/// `POST /embed/v1/comments` (bearer): a comment on a corporate page.
pub async fn post_comment(
    state: web::Data<AppState>,
    caller: ApiCaller,
    input: ApiJson<CommentBody>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::PostsWrite)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let community = embeddable(&state, &input.community).await?;
    let parent = match input.parent_id.as_deref() {
        Some(raw) => Some(PostId::parse(raw).ok_or(AppError::NotFound)?),
        None => None,
    };
    let outcome = threads::comment_on_page(
        &state,
        &guardian,
        &me.user,
        &community,
        PageComment {
            page: input.page.as_deref(),
            url: &input.url,
            title: input.title.as_deref(),
            body: &input.body,
            parent,
            origin: input.origin.as_deref(),
        },
    )
    .await?;
    let Ok(done) = outcome else {
        return Ok(outside_prefixes());
    };
    let published = done.post.moderation_state == ModerationState::Published;
    let author = {
        let uid = done.post.author_id.clone();
        state
            .db(move |conn| Ok(crate::db::models::authors::find(conn, &uid)?))
            .await?
    };
    let mut body = json!({
        "post": PostJson::of(&done.post, false, author.as_ref()),
        "state": state_name(published),
        "topic_id": done.topic.id.as_str(),
    });
    if !published {
        body["message"] = json!(HELD_MESSAGE);
    }
    let status = if published {
        StatusCode::CREATED
    } else {
        StatusCode::ACCEPTED
    };
    Ok(HttpResponse::build(status).json(body))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AskBody {
    pub community: String,
    pub title: String,
    pub body: String,
    pub origin: Option<String>,
}

/// `POST /embed/v1/ask` (bearer): a question through the composer's service.
pub async fn ask(
    state: web::Data<AppState>,
    caller: ApiCaller,
    input: ApiJson<AskBody>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsWrite)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let community = embeddable(&state, &input.community).await?;
    guardian.ensure(guardian.can_ask_from_embed(&community))?;
    let input = input.into_inner();
    let topic = posting::create_topic(
        &state,
        &guardian,
        &me.user,
        &community,
        TopicInput {
            kind: "question".into(),
            title: input.title,
            body: input.body,
            tags: String::new(),
            category: String::new(),
            as_brand: false,
            language: String::new(),
        },
    )
    .await?;
    let origin = allowed_origin(&community, input.origin.as_deref()).map(str::to_string);
    let (cid, tid, now) = (community.id.clone(), topic.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            embed_events::record(
                conn,
                &NewEvent {
                    kind: "asked",
                    community: &cid,
                    topic: Some(&tid),
                    page_key: None,
                    origin: origin.as_deref(),
                },
                now,
            )?;
            Ok(())
        })
        .await?;
    let published = !topic.held;
    let url = format!("{}{}", state.base_url(), topic.path());
    let mut body = json!({
        "topic": TopicJson::of(&topic, &community.slug, None),
        "topic_id": topic.id.as_str(),
        "url": url,
        "state": state_name(published),
    });
    if !published {
        body["message"] = json!("Your question will appear after review");
    }
    let status = if published {
        StatusCode::CREATED
    } else {
        StatusCode::ACCEPTED
    };
    Ok(HttpResponse::build(status).json(body))
}

#[derive(Debug, Deserialize)]
pub struct SimilarQuery {
    pub community: String,
    #[serde(default)]
    pub q: String,
}

/// `GET /embed/v1/similar.json?community=&q=`: solved questions like `q` from the search
/// service (as an anonymous visitor, in this sub-community: the composer's and the API's
/// similar questions, logged as `embed`); when it finds none, the latest solved ones; at
/// most 5.
pub async fn similar(
    state: web::Data<AppState>,
    query: web::Query<SimilarQuery>,
) -> AppResult<HttpResponse> {
    let community = embeddable(&state, &query.community).await?;
    let anonymous_viewer = crate::auth::Viewer::default();
    let (suggested, _) = crate::search::service::similar(
        &state,
        &Guardian::new(&anonymous_viewer),
        &query.q,
        Some(&community.slug),
        crate::search::service::Source::Embed,
    )
    .await?;
    let suggested: Vec<TopicId> = suggested
        .into_iter()
        .filter(|s| s.solved)
        .map(|s| s.topic_id)
        .collect();
    let cid = community.id.clone();
    let found = state
        .db(move |conn| {
            if !suggested.is_empty() {
                // The rows, in the service's order.
                let mut rows = topics::find_many(conn, &suggested)?;
                rows.sort_by_key(|t| suggested.iter().position(|id| id == &t.id));
                return Ok(rows);
            }
            Ok(topics::latest_solved(conn, &cid, 5)?)
        })
        .await?;
    let guardian = Guardian::new(&anonymous_viewer);
    let base = state.base_url();
    let items: Vec<_> = found
        .iter()
        .filter(|t| t.community_id == community.id && guardian.can_see_topic(&community, t))
        .map(|t| {
            json!({
                "id": t.id.as_str(),
                "title": t.title,
                "url": format!("{base}{}", t.path()),
                "state": t.question_state().map(|s| s.as_str()),
                "answers": t.reply_count,
                "official": t.official_reply,
                "solved": t.accepted_post_id.is_some(),
            })
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=30"))
        .json(items))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBody {
    pub kind: String,
    pub community: String,
    pub topic_id: Option<String>,
}

/// One unit of the per-address budget (the API's limiter, under a key of its own).
async fn limit_by_address(state: &AppState, req: &HttpRequest) -> AppResult<()> {
    let limit = i64::from(state.settings.api.rate_limit_per_address);
    if limit == 0 {
        return Ok(());
    }
    let key = format!(
        "embed-events:{}",
        crate::http::client_ip(req, state.settings.trust_proxy)
    );
    let now_secs = state.clock.now().micros().div_euclid(1_000_000);
    let decision = state.api_limits.check(state, &key, limit, now_secs).await?;
    if decision.allowed {
        Ok(())
    } else {
        Err(AppError::RateLimited {
            retry_after_secs: u64::try_from(decision.reset).unwrap_or(1),
        })
    }
}

/// `POST /embed/v1/events` (cookie-less, Origin checked by the CSRF middleware): a
/// widget event the server cannot see itself (`similar_clicked`), 204.
pub async fn event(
    state: web::Data<AppState>,
    req: HttpRequest,
    input: ApiJson<EventBody>,
) -> AppResult<HttpResponse> {
    limit_by_address(&state, &req).await?;
    if input.kind != "similar_clicked" {
        return Err(AppError::BadRequest(crate::error::Msg::key(
            "errors-embed-event-kind",
        )));
    }
    let community = embeddable(&state, &input.community).await?;
    let topic = match input.topic_id.as_deref() {
        Some(raw) => Some(TopicId::parse(raw).ok_or(AppError::NotFound)?),
        None => None,
    };
    let (cid, now) = (community.id.clone(), state.clock.now());
    let anonymous = crate::auth::Viewer::default();
    let guardian = Guardian::new(&anonymous);
    if let Some(tid) = &topic {
        let tid = tid.clone();
        let found = state.db(move |conn| Ok(topics::find(conn, &tid)?)).await?;
        if !found.is_some_and(|t| t.community_id == cid && guardian.can_see_topic(&community, &t)) {
            return Err(AppError::NotFound);
        }
    }
    let cid = community.id.clone();
    state
        .write(move |conn| {
            embed_events::record(
                conn,
                &NewEvent {
                    kind: "similar_clicked",
                    community: &cid,
                    topic: topic.as_ref(),
                    page_key: None,
                    origin: None,
                },
                now,
            )?;
            Ok(())
        })
        .await?;
    let mut res = HttpResponse::NoContent().finish();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
