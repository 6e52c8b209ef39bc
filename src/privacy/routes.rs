//! Handlers (listed in `http::routes`): `POST /settings/account/export`,
//! `POST /settings/account/delete`, `GET /privacy/export/{token}`, the pages after a
//! request, and the admin's `POST /admin/users/{id}/privacy/{export,delete}`.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::{session, Guardian};
use crate::db::models::users::User;
use crate::db::UserId;
use crate::error::{AppError, AppResult};
use crate::http::{html, see_other};
use crate::state::AppState;
use crate::views::Page;

use super::service::{self, DeletionInput};
use super::views::{self, AccountSection};

/// What the account page's privacy section offers the signed-in member.
pub(crate) fn account_section(page: &Page, me: &User) -> AccountSection {
    AccountSection {
        can_delete: Guardian::new(&page.viewer).can_delete_account(me),
        with_password: service::confirms_with_password(me),
    }
}

pub(crate) async fn request_export(
    state: web::Data<AppState>,
    page: Page,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    service::request_export(&state, &guardian, &me.user.id, me.user.id.clone()).await?;
    Ok(see_other("/privacy/requested"))
}

pub(crate) async fn export_requested(page: Page) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    Ok(html(views::requested(
        &page,
        "privacy-export-requested-title",
        "privacy-export-requested-body",
    )))
}

pub(crate) async fn deletion_requested(page: Page) -> AppResult<HttpResponse> {
    Ok(html(views::requested(
        &page,
        "privacy-deletion-requested-title",
        "privacy-deletion-requested-body",
    )))
}

pub(crate) async fn download(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let archive = service::download(&state, &guardian, &token).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"parley-data.json\"",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(archive))
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    delete_confirm: String,
    #[serde(default)]
    remove_posts: Option<String>,
    #[serde(default)]
    now: Option<String>,
}

pub(crate) async fn request_deletion(
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<DeleteForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let form = form.into_inner();
    let asked = service::request_deletion(
        &state,
        &guardian,
        &me.user,
        me.user.id.clone(),
        DeletionInput {
            confirmation: Some(form.delete_confirm),
            remove_posts: form.remove_posts.is_some(),
            now: false,
        },
    )
    .await;
    match asked {
        Ok(_) => {
            // Signed out everywhere, this browser included.
            let mut res = see_other("/privacy/deleted");
            res.add_cookie(&session::removal_cookie(state.settings.secure_cookies()))
                .map_err(|e| AppError::Unexpected(e.into()))?;
            Ok(res)
        }
        Err(AppError::Validation(errors)) => {
            crate::accounts::routes::settings_with_errors(&state, &page, errors).await
        }
        Err(e) => Err(e),
    }
}

fn member(raw: &str) -> AppResult<UserId> {
    UserId::parse(raw).ok_or(AppError::NotFound)
}

pub(crate) async fn admin_export(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    service::request_export(&state, &guardian, &me.user.id, member(&id)?).await?;
    Ok(see_other("/admin/users?notice=saved"))
}

pub(crate) async fn admin_delete(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
    form: web::Form<DeleteForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let form = form.into_inner();
    service::request_deletion(
        &state,
        &guardian,
        &me.user,
        member(&id)?,
        DeletionInput {
            confirmation: None,
            remove_posts: form.remove_posts.is_some(),
            now: form.now.is_some(),
        },
    )
    .await?;
    Ok(see_other("/admin/users?notice=saved"))
}
