//! What is done to one post: vote, edit (with edit conflicts), its history, the diff of
//! a version and reverting to one, comment, delete, restore, and its permalink.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::communities::scope::{At, InPost, MemberAt};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forums::load::post_location;
use crate::forums::views::wiki as wiki_views;
use crate::forums::views::writing as views;
use crate::forums::wiki::diff::diff;
use crate::forums::wiki::{self, history};
use crate::forums::{editing, votes};
use crate::http::{html, html_status, see_other};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct VoteForm {
    value: i32,
}

/// Answers 303 back to the post for plain forms, or `{"score", "value"}` to the script
/// that votes without a reload (it asks with `Accept: application/json`).
pub(crate) async fn vote(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    at: MemberAt<InPost>,
    form: web::Form<VoteForm>,
) -> AppResult<HttpResponse> {
    let p = &at.post;
    let score = votes::vote(
        &state,
        &at.guardian(),
        at.me(),
        p,
        &at.community,
        form.value,
    )
    .await?;
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
    Ok(see_other(&format!(
        "{}#p{}",
        at.topic.path(),
        p.post_number
    )))
}

pub(crate) async fn edit_form(at: At<InPost>) -> AppResult<HttpResponse> {
    let (guardian, p, t) = (at.guardian(), &at.post, &at.topic);
    guardian.ensure(guardian.can_edit_post(&at.community, t, p))?;
    Ok(html(views::edit_post(
        &at.page,
        p,
        t,
        (&p.body_markdown, &t.title, p.revision_count),
        &FieldErrors::new(),
    )))
}

pub(crate) async fn comment_form(at: MemberAt<InPost>) -> AppResult<HttpResponse> {
    let (guardian, p, t) = (at.guardian(), &at.post, &at.topic);
    guardian.ensure(guardian.can_comment_on(&at.community, t, p))?;
    Ok(html(views::comment_page(
        &at.page,
        p,
        t,
        "",
        &FieldErrors::new(),
    )))
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
    title: Option<String>,
    /// The version the form was opened on (issue 19's edit conflicts); absent from old
    /// forms, which then save as before.
    base_revision: Option<i32>,
}

pub(crate) async fn edit(
    state: web::Data<AppState>,
    at: MemberAt<InPost>,
    form: web::Form<EditForm>,
) -> AppResult<HttpResponse> {
    let (p, t, c) = (&at.post, &at.topic, &at.community);
    let title = form.title.as_deref().unwrap_or(&t.title);
    match editing::edit_post(
        &state,
        &at.guardian(),
        at.me(),
        (p, t, c),
        &form.body,
        form.title.as_deref(),
        form.base_revision,
    )
    .await
    {
        Ok(Ok(())) => Ok(see_other(&format!("{}#p{}", t.path(), p.post_number))),
        Ok(Err(conflict)) => {
            let theirs = diff(conflict.base_body.as_deref().unwrap_or(""), &conflict.body);
            let mine = diff(&conflict.body, &form.body);
            Ok(html_status(
                StatusCode::CONFLICT,
                wiki_views::edit_conflict(
                    &at.page,
                    p,
                    t,
                    &conflict,
                    (title, &form.body),
                    (&theirs, &mine),
                ),
            ))
        }
        Err(AppError::Validation(errors)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::edit_post(
                &at.page,
                p,
                t,
                (
                    &form.body,
                    title,
                    form.base_revision.unwrap_or(p.revision_count),
                ),
                &errors,
            ),
        )),
        Err(e) => Err(e),
    }
}

/// Every version of the post, newest first (see `forums::wiki::history`).
pub(crate) async fn history(state: web::Data<AppState>, at: At<InPost>) -> AppResult<HttpResponse> {
    let (guardian, p, t) = (at.guardian(), &at.post, &at.topic);
    let versions = history::versions(&state, p, t).await?;
    let perms = wiki_views::HistoryPerms {
        revert: guardian.can_revert(&at.community, t, p),
    };
    Ok(html(wiki_views::history(&at.page, p, t, &versions, &perms)))
}

/// The changes version `{n}` made to the one before it.
pub(crate) async fn version_diff(
    state: web::Data<AppState>,
    at: At<InPost>,
    path: web::Path<(String, i32)>,
) -> AppResult<HttpResponse> {
    let (p, t) = (&at.post, &at.topic);
    let versions = history::versions(&state, p, t).await?;
    let (previous, this) = history::with_previous(&versions, path.1)?;
    let lines = diff(previous.map(|v| v.body.as_str()).unwrap_or(""), &this.body);
    Ok(html(wiki_views::version_diff(
        &at.page,
        p,
        t,
        (previous, this),
        &lines,
    )))
}

#[derive(Deserialize)]
pub struct RevertForm {
    version: i32,
    base_revision: i32,
}

/// Restores an older version as a new one.
pub(crate) async fn revert(
    state: web::Data<AppState>,
    at: MemberAt<InPost>,
    form: web::Form<RevertForm>,
) -> AppResult<HttpResponse> {
    let (p, t, c) = (&at.post, &at.topic, &at.community);
    let outcome = wiki::revert(
        &state,
        &at.guardian(),
        at.me(),
        (p, t, c),
        form.version,
        form.base_revision,
    )
    .await?;
    match outcome {
        Ok(()) => Ok(see_other(&format!("/p/{}/history", p.id))),
        Err(_) => Err(AppError::Conflict(crate::error::Msg::key(
            "errors-history-edited",
        ))),
    }
}

async fn set_deleted(
    state: &AppState,
    at: &MemberAt<InPost>,
    deleted: bool,
) -> AppResult<HttpResponse> {
    let (p, c) = (&at.post, &at.community);
    editing::set_deleted(state, &at.guardian(), at.me(), p, c, deleted).await?;
    if p.is_opening() && deleted {
        return Ok(see_other(&format!("/c/{}", c.slug)));
    }
    Ok(see_other(&at.topic.path()))
}

pub(crate) async fn delete(
    state: web::Data<AppState>,
    at: MemberAt<InPost>,
) -> AppResult<HttpResponse> {
    set_deleted(&state, &at, true).await
}

pub(crate) async fn restore(
    state: web::Data<AppState>,
    at: MemberAt<InPost>,
) -> AppResult<HttpResponse> {
    set_deleted(&state, &at, false).await
}

/// A post's own address (used in mail): redirects to the page of its topic that starts
/// at it, with the anchor.
pub(crate) async fn permalink(
    state: web::Data<AppState>,
    at: At<InPost>,
) -> AppResult<HttpResponse> {
    let location = post_location(&state, &at.post, &at.topic).await?;
    Ok(see_other(&location))
}
