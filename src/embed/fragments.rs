//! Server-side fragments for search engines and the read-only widgets (owner: fragments):
//! `/embed/v1/topics.html` and `/embed/v1/count.json`.
//!
//! Every fragment shows what an anonymous visitor may see (the guardian of nobody, the
//! lists' own read model), answers 404 for a sub-community that is not embeddable (the
//! same 404 as one that does not exist), carries a strong ETag of its body (a CMS or the
//! loader revalidates with `If-None-Match` and gets a 304) and `Cache-Control: public,
//! max-age=60`, and names the request's `Origin` in `Access-Control-Allow-Origin` only
//! when the sub-community allows that origin. A server-side include (no `Origin`) gets
//! the fragment too: it is public content.

use std::sync::Arc;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::auth::{Guardian, Viewer};
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::{self, Community};
use crate::db::models::topics::{self, Sort, StateFilter, Topic};
use crate::db::TopicKind;
use crate::domain::Tags;
use crate::embed::cache::Rendered;
use crate::error::{AppError, AppResult};
use crate::forums::read::{self, ListParams};
use crate::i18n::Lang;
use crate::state::AppState;

/// Topics a list shows when `limit` is not given, and the most it may ask for.
pub const DEFAULT_LIMIT: i64 = 5;
pub const MAX_LIMIT: i64 = 20;

/// Query parameters of `/embed/v1/topics.html`, named like `<parley-topics>`' attributes.
/// Kept as text so a bad value is a 400 that names it, never a silent default.
#[derive(Debug, Default, Deserialize)]
pub struct TopicsQuery {
    pub community: Option<String>,
    pub kind: Option<String>,
    pub state: Option<String>,
    pub tag: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<String>,
    /// Issue 21: `en` or `fr` (the snippet's `data-lang`); the sub-community's default
    /// language when absent.
    pub lang: Option<String>,
}

/// Query parameters of `/embed/v1/count.json`: a list's size (`state`, `kind`) or a
/// page's comment count (`page` or `url`).
#[derive(Debug, Default, Deserialize)]
pub struct CountQuery {
    pub community: Option<String>,
    pub kind: Option<String>,
    pub state: Option<String>,
    pub page: Option<String>,
    pub url: Option<String>,
}

fn invalid(name: &str, expected: &'static str) -> AppError {
    AppError::bad_param(name, expected)
}

/// Empty attributes count as absent (a component writes `state=""` when unset).
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn parse_kind(v: &Option<String>) -> AppResult<Option<TopicKind>> {
    given(v)
        .map(|k| {
            k.parse::<TopicKind>()
                .ok()
                .filter(|k| *k != TopicKind::Comment)
                .ok_or_else(|| invalid("kind", "errors-expect-kind"))
        })
        .transpose()
}

fn parse_state(v: &Option<String>) -> AppResult<Option<StateFilter>> {
    match given(v) {
        None => Ok(None),
        Some("unanswered") => Ok(Some(StateFilter::Unanswered)),
        Some("answered") => Ok(Some(StateFilter::Answered)),
        Some("solved") => Ok(Some(StateFilter::Solved)),
        Some(_) => Err(invalid("state", "errors-expect-state")),
    }
}

fn parse_sort(v: &Option<String>) -> AppResult<Sort> {
    match given(v) {
        None | Some("latest") => Ok(Sort::Latest),
        Some("top") => Ok(Sort::Top),
        Some(_) => Err(invalid("sort", "errors-expect-sort-embed")),
    }
}

fn parse_limit(v: &Option<String>) -> AppResult<i64> {
    match given(v) {
        None => Ok(DEFAULT_LIMIT),
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| invalid("limit", "errors-expect-limit-embed")),
    }
}

/// One tag, as topics store it (the composer's rule).
fn parse_tag(v: &Option<String>) -> AppResult<Option<String>> {
    let Some(raw) = given(v) else {
        return Ok(None);
    };
    let tags = Tags::parse(raw).map_err(|_| invalid("tag", "errors-expect-tag"))?;
    match tags.stored().split_whitespace().collect::<Vec<_>>()[..] {
        [one] => Ok(Some(one.to_string())),
        _ => Err(invalid("tag", "errors-expect-tag")),
    }
}

/// The language of a fragment: `lang` when given (`en`, `fr`), else the sub-community's
/// default. Part of the URL, so of every cache key (ours and shared caches').
pub fn fragment_lang(state: &AppState, v: &Option<String>, c: &Community) -> AppResult<Lang> {
    match given(v) {
        None => Ok(Lang::from(c.default_language)),
        Some(code) => Lang::from_code(code, state.settings.i18n.pseudo_locale)
            .ok_or_else(|| invalid("lang", "errors-expect-lang")),
    }
}

/// The embeddable sub-community named by `community`; 404 (the same for every reason:
/// missing, unknown, private, or allowing no origin) otherwise.
pub async fn embeddable(state: &AppState, slug: Option<&str>) -> AppResult<Community> {
    let Some(slug) = slug.map(str::to_string) else {
        return Err(AppError::NotFound);
    };
    let c = state
        .db(move |conn| communities::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound))
        .await?;
    if Guardian::is_embeddable(&c) {
        Ok(c)
    } else {
        Err(AppError::NotFound)
    }
}

/// The request's `If-None-Match` names `etag` (or is `*`).
pub fn etag_matches(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// A fragment's response: ETag of the body (304 when the client has it), public caching
/// for a minute, CORS for an allowed origin only.
pub fn respond(req: &HttpRequest, c: &Community, content_type: &str, body: String) -> HttpResponse {
    respond_rendered(req, c, content_type, &rendered(body))
}

/// A fragment's body with its ETag (a hash of the body), for the cache to keep.
pub fn rendered(body: String) -> Rendered {
    let etag = format!(
        "\"{}\"",
        &hex::encode(Sha256::digest(body.as_bytes()))[..20]
    );
    Rendered {
        body: bytes::Bytes::from(body),
        etag: Arc::from(etag.as_str()),
    }
}

/// [`respond`] for a fragment already hashed (kept by `embed::cache`).
pub fn respond_rendered(
    req: &HttpRequest,
    c: &Community,
    content_type: &str,
    r: &Rendered,
) -> HttpResponse {
    let etag = r.etag.to_string();
    let body = r.body.clone();
    let fresh = etag_matches(req, &etag);
    let mut res = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        // The answer depends on the Origin (CORS), so shared caches must key on it.
        .insert_header((header::VARY, "Origin"));
    if let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| Guardian::embed_origin_allowed(c, o))
        .and_then(|o| HeaderValue::from_str(o).ok())
    {
        res.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin));
    }
    if fresh {
        res.finish()
    } else {
        res.content_type(content_type).body(body)
    }
}

/// `GET /embed/v1/topics.html?community=&kind=&state=&tag=&sort=latest|top&limit=`.
pub async fn topics(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<TopicsQuery>,
) -> AppResult<HttpResponse> {
    let params = ListParams {
        sort: parse_sort(&q.sort)?,
        state: parse_state(&q.state)?,
        kind: parse_kind(&q.kind)?,
        tag: parse_tag(&q.tag)?,
        category: None,
        after: None,
        period_days: None,
    };
    let limit = parse_limit(&q.limit)?;
    let c = embeddable(&state, given(&q.community)).await?;
    let lang = fragment_lang(&state, &q.lang, &c)?;
    let key = format!(
        "{:?}|{:?}|{:?}|{:?}|{limit}|{}",
        params.sort,
        params.state,
        params.kind,
        params.tag,
        lang.code()
    );
    let now = state.clock.now();
    if let Some(r) = state.fragments.get(&c.id, &key, (c.updated_at, 0), now) {
        return Ok(respond_rendered(&req, &c, "text/html; charset=utf-8", &r));
    }
    let nobody = Viewer(None);
    let list = read::list_sized(
        &state,
        &Guardian::new(&nobody),
        Some(&c),
        params,
        limit,
        false,
    )
    .await?;
    let base = state.settings.public_base_url();
    let body = topics_fragment(lang, &base, &c, &list.topics).into_string();
    let r = rendered(body);
    state
        .fragments
        .put(&c.id, key, (c.updated_at, 0), now, r.clone());
    Ok(respond_rendered(&req, &c, "text/html; charset=utf-8", &r))
}

/// `GET /embed/v1/count.json?community=&state=&kind=` (topics of that list) or
/// `?community=&page=` / `&url=` (a page thread's comments): `{"count": n}`.
pub async fn count(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<CountQuery>,
) -> AppResult<HttpResponse> {
    let page = given(&q.page).map(str::to_string);
    let url = given(&q.url).map(str::to_string);
    let by_page = page.is_some() || url.is_some();
    let key = if by_page {
        Some(crate::embed::threads::page_key(
            page.as_deref(),
            url.as_deref(),
        )?)
    } else {
        None
    };
    let (kind, filter) = (parse_kind(&q.kind)?, parse_state(&q.state)?);
    let c = embeddable(&state, given(&q.community)).await?;
    let id = c.id.clone();
    let n = state
        .db(move |conn| {
            Ok(match &key {
                Some(key) => topics::find_by_page_key(conn, &id, key)?
                    .filter(|t| t.deleted_at.is_none() && !t.held)
                    .map_or(0, |t| i64::from(t.reply_count)),
                None => topics::count_listed(conn, &id, kind, filter)?,
            })
        })
        .await?;
    let body = serde_json::json!({ "count": n }).to_string();
    Ok(respond(&req, &c, "application/json", body))
}

/// The topics list fragment: plain semantic HTML with `parley-` classes the loader styles
/// (a CMS styles them itself), and the list's JSON-LD.
pub fn topics_fragment(
    lang: Lang,
    base: &str,
    c: &Community,
    topics: &[(Topic, AuthorView)],
) -> Markup {
    let pairs: Vec<(&Topic, &AuthorView)> = topics.iter().map(|(t, a)| (t, a)).collect();
    let jsonld = crate::seo::jsonld::topic_list(base, &pairs);
    html! {
        section.parley-topics lang=(lang.code()) data-community=(c.slug) data-accent=(c.accent_color) {
            @if topics.is_empty() {
                p.parley-empty { (lang.t("embed-no-topics")) }
            } @else {
                ul.parley-list {
                    @for (t, a) in topics {
                        (topic_item(lang, base, t, a))
                    }
                }
            }
            p.parley-more {
                a href={ (base) "/c/" (c.slug) } { (crate::t!(lang, "embed-more-in", community = c.name.as_str())) }
            }
            script type="application/ld+json" { (PreEscaped(jsonld)) }
        }
    }
}

fn topic_item(lang: Lang, base: &str, t: &Topic, a: &AuthorView) -> Markup {
    let author = if a.display_name.trim().is_empty() {
        &a.username
    } else {
        &a.display_name
    };
    let replies = match t.kind {
        TopicKind::Question => crate::t!(lang, "embed-answers", count = t.reply_count),
        _ => crate::t!(lang, "embed-replies", count = t.reply_count),
    };
    html! {
        li.parley-topic {
            a.parley-title href={ (base) (t.path()) } { (t.title) }
            @if let Some(s) = t.question_state() {
                " " span class={ "parley-badge parley-" (s.as_str()) } { (lang.t(&format!("embed-state-{}", s.as_str()))) }
            }
            span.parley-meta {
                span.parley-replies { (replies) }
                " · " span.parley-author { (author) }
                " · " time datetime=(t.created_at.rfc3339()) { (crate::i18n::format::date(lang, t.created_at)) }
            }
        }
    }
}
