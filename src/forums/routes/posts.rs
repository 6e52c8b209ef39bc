//! What is done to one post: vote, edit (and its history), comment, delete, restore,
//! and its permalink.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::communities::scope::{At, InPost, MemberAt};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forums::load::post_location;
use crate::forums::views::writing as views;
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
    guardian.ensure(guardian.can_edit_post(&at.community, p))?;
    Ok(html(views::edit_post(
        &at.page,
        p,
        t,
        &p.body_markdown,
        &t.title,
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
}

pub(crate) async fn edit(
    state: web::Data<AppState>,
    at: MemberAt<InPost>,
    form: web::Form<EditForm>,
) -> AppResult<HttpResponse> {
    let (p, t, c) = (&at.post, &at.topic, &at.community);
    match editing::edit_post(
        &state,
        &at.guardian(),
        at.me(),
        (p, t, c),
        &form.body,
        form.title.as_deref(),
    )
    .await
    {
        Ok(()) => Ok(see_other(&format!("{}#p{}", t.path(), p.post_number))),
        Err(AppError::Validation(errors)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::edit_post(
                &at.page,
                p,
                t,
                &form.body,
                form.title.as_deref().unwrap_or(&t.title),
                &errors,
            ),
        )),
        Err(e) => Err(e),
    }
}

pub(crate) async fn history(state: web::Data<AppState>, at: At<InPost>) -> AppResult<HttpResponse> {
    let revisions = editing::revisions(&state, &at.post).await?;
    Ok(html(views::history(
        &at.page, &at.post, &at.topic, &revisions,
    )))
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
