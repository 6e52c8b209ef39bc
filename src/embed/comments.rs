//! A page thread's comments as a fragment (`/embed/v1/comments.html`) and as the markup
//! the comments frame shows (owner: frames): [`comments_markup`] is the one rendering.

use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

use crate::auth::Guardian;
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::{self, Community};
use crate::db::models::posts::Post;
use crate::embed::threads::{self, PageThread};
use crate::error::{AppError, AppResult};
use crate::i18n::{format, Lang};
use crate::state::AppState;

/// The query of the fragment and the frames: named like the component's attributes.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    pub community: String,
    pub page: Option<String>,
    pub url: Option<String>,
    /// Issue 21: `en` or `fr`; the sub-community's default language when absent.
    pub lang: Option<String>,
}

/// The sub-community by slug, if it is embeddable; otherwise the same 404 as an unknown
/// one (nothing in a private or non-embeddable sub-community is reachable through /embed).
pub async fn embeddable(state: &AppState, slug: &str) -> AppResult<Community> {
    let slug = slug.trim().to_string();
    state
        .db(move |conn| Ok(communities::find_by_slug(conn, &slug)?))
        .await?
        .filter(Guardian::is_embeddable)
        .ok_or(AppError::NotFound)
}

/// What the comments show and where they link.
pub struct CommentsContext<'a> {
    /// The language of the comments' own text (badges, links, dates).
    pub lang: Lang,
    /// Parley's absolute base URL (links and avatars work on the host page).
    pub base: &'a str,
    pub community: &'a Community,
    /// Reply and vote buttons (the frame), or none (the read-only fragment).
    pub interactive: bool,
}

fn author_line(ctx: &CommentsContext<'_>, post: &Post, author: &AuthorView) -> Markup {
    let lang = ctx.lang;
    html! {
        div.byline {
            img.avatar src=(format!("{}/u/{}/avatar.svg", ctx.base, author.username))
                alt="" width="24" height="24";
            a.author href=(format!("{}/u/{}", ctx.base, author.username)) target="_blank" rel="noopener" {
                (author.name_to_show())
            }
            @if post.as_brand {
                " " span.badge.official { (lang.t("embed-official")) }
            } @else if author.is_employee {
                " " span.badge.employee { (lang.t("ui-employee")) }
            }
            " · " time datetime=(post.created_at.rfc3339()) { (format::date(lang, post.created_at)) }
            " · " span.score title=(lang.t("embed-score")) { (post.score) }
        }
    }
}

fn comment(ctx: &CommentsContext<'_>, post: &Post, author: &AuthorView, nested: bool) -> Markup {
    let lang = ctx.lang;
    html! {
        article.comment.official[post.as_brand].nested[nested] data-post-id=(post.id.as_str()) {
            (author_line(ctx, post, author))
            div.body { (PreEscaped(&post.body_html)) }
            @if ctx.interactive {
                div.actions {
                    button.vote type="button" data-vote=(post.id.as_str()) title=(lang.t("embed-frame-vote-up")) { "▲" }
                    @if !nested {
                        " " button.reply type="button" data-reply=(post.id.as_str()) { (lang.t("embed-frame-reply")) }
                    }
                }
            }
        }
    }
}

/// A page thread's published comments, oldest first, each with its nested comments;
/// brand replies highlighted; the empty state; links to the community.
pub fn comments_markup(ctx: &CommentsContext<'_>, thread: &PageThread) -> Markup {
    let community_url = format!("{}/c/{}", ctx.base, ctx.community.slug);
    let lang = ctx.lang;
    html! {
        section.parley-comments lang=(lang.code()) data-community=(ctx.community.slug) {
            @match &thread.topic {
                None => {
                    p.empty { (lang.t("embed-no-comments")) }
                }
                Some(topic) => {
                    @let topic_url = format!("{}{}", ctx.base, topic.path());
                    @if thread.earlier > 0 {
                        p.earlier {
                            a href=(topic_url) target="_blank" rel="noopener" {
                                (crate::t!(lang, "embed-earlier-comments", count = thread.earlier))
                            }
                        }
                    }
                    @if thread.comments.is_empty() {
                        p.empty { (lang.t("embed-no-comments")) }
                    }
                    @for c in &thread.comments {
                        div.thread-item {
                            (comment(ctx, &c.post, &c.author, false))
                            @for (child, author) in &c.children {
                                (comment(ctx, child, author, true))
                            }
                        }
                    }
                    p.community-link {
                        a href=(topic_url) target="_blank" rel="noopener" {
                            (lang.t("embed-view-discussion"))
                        }
                    }
                }
            }
            @if thread.topic.is_none() {
                p.community-link {
                    a href=(community_url) target="_blank" rel="noopener" { (lang.t("embed-visit-community")) }
                }
            }
        }
    }
}

/// JSON-LD for the thread, safe inside a `<script>` element.
fn jsonld(base: &str, community: &Community, thread: &PageThread) -> Option<String> {
    let topic = thread.topic.as_ref()?;
    let posts: Vec<(&Post, &AuthorView)> = thread
        .comments
        .iter()
        .map(|c| (&c.post, &c.author))
        .collect();
    let json = crate::seo::jsonld::topic(base, community, topic, &posts);
    Some(json.replace('<', "\\u003c"))
}

/// The fragment: the comments, and JSON-LD, for a CMS to include or the loader to show.
pub fn fragment_markup(ctx: &CommentsContext<'_>, thread: &PageThread) -> Markup {
    html! {
        (comments_markup(ctx, thread))
        @if let Some(json) = jsonld(ctx.base, ctx.community, thread) {
            script type="application/ld+json" { (PreEscaped(json)) }
        }
    }
}

/// `GET /embed/v1/comments.html?community=&page=&url=`: what an anonymous visitor sees.
use crate::embed::fragments::{rendered, respond_rendered};

pub async fn fragment(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let key = threads::page_key(query.page.as_deref(), query.url.as_deref())?;
    let (community, topic) =
        threads::embeddable_with_thread(&state, &query.community, &key).await?;
    // Rendered comments are reused while the thread's version (every change to its
    // posts) and the sub-community row are unchanged, for at most a second (authors'
    // names and badges: `embed::cache`).
    let lang = crate::embed::fragments::fragment_lang(&state, &query.lang, &community)?;
    let version = topic.as_ref().map_or(-1, |t| t.version);
    let cache_key = format!("comments|{}|{key}", lang.code());
    let now = state.clock.now();
    let validator = (community.updated_at, version);
    if let Some(r) = state
        .fragments
        .get(&community.id, &cache_key, validator, now)
    {
        return Ok(respond_rendered(
            &req,
            &community,
            "text/html; charset=utf-8",
            &r,
        ));
    }
    let thread = threads::load_thread_comments(&state, &community, topic).await?;
    let base = state.base_url();
    let ctx = CommentsContext {
        lang,
        base: &base,
        community: &community,
        interactive: false,
    };
    let body = fragment_markup(&ctx, &thread).into_string();
    let r = rendered(body);
    state
        .fragments
        .put(&community.id, cache_key, validator, now, r.clone());
    Ok(respond_rendered(
        &req,
        &community,
        "text/html; charset=utf-8",
        &r,
    ))
}
