//! What is done to one post: vote, edit (and its history), comment, delete, restore,
//! and its permalink.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Guardian;
use crate::db::PostId;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forums::load::{load_post, post_location};
use crate::forums::views::writing as views;
use crate::forums::{editing, votes};
use crate::http::{html, html_status, see_other};
use crate::state::AppState;
use crate::views::Page;

use super::post_id;

#[derive(Deserialize)]
pub struct VoteForm {
    value: i32,
}

/// Answers 303 back to the post for plain forms, or `{"score", "value"}` to the script
/// that votes without a reload (it asks with `Accept: application/json`).
pub(super) async fn vote(
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

pub(super) async fn edit_form(
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

pub(super) async fn comment_form(
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

pub(super) async fn edit(
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

pub(super) async fn history(
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

pub(super) async fn delete(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    set_deleted(&state, &page, &id, true).await
}

pub(super) async fn restore(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    set_deleted(&state, &page, &id, false).await
}

/// A post's own address (used in mail): redirects to the page of its topic that starts
/// at it, with the anchor.
pub(super) async fn permalink(
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
