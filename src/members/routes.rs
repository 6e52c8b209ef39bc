use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Guardian;
use crate::error::{AppError, AppResult};
use crate::http::{html, html_status, see_other};
use crate::members::{avatar, service, views};
use crate::state::AppState;
use crate::views::Page;

pub(crate) async fn profile(
    state: web::Data<AppState>,
    page: Page,
    name: web::Path<String>,
) -> AppResult<HttpResponse> {
    let user = service::find_by_username(&state, &name).await?;
    let guardian = Guardian::new(&page.viewer);
    let activity = crate::forums::read::activity(&state, &guardian, &user.id).await?;
    Ok(html(views::profile(
        &page,
        &user,
        guardian.can_edit_profile(&user),
        guardian.can_sanction_site_wide() && guardian.can_sanction(&user, None),
        &activity,
    )))
}

/// Avatars depend only on the username, so they are served without a database query.
pub(crate) async fn avatar_svg(name: web::Path<String>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'",
        ))
        .body(avatar::svg(&name))
}

pub(crate) async fn edit_form(page: Page) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let u = &me.user;
    Ok(html(views::edit(
        &page,
        u,
        (&u.display_name, &u.title, &u.bio_markdown),
        u.language.map_or("", |l| l.as_str()),
        &Default::default(),
    )))
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    bio: String,
    /// Issue 21: absent leaves the language as it is.
    language: Option<String>,
}

pub(crate) async fn save(
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<ProfileForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let form = form.into_inner();
    let guardian = Guardian::new(&page.viewer);
    let input = service::ProfileInput {
        display_name: form.display_name.clone(),
        title: form.title.clone(),
        bio: form.bio.clone(),
        language: form.language.clone(),
    };
    match service::update_profile(&state, &guardian, &me.user, input).await {
        Ok(()) => Ok(see_other(&format!(
            "/u/{}?notice=profile_saved",
            me.user.username
        ))),
        Err(AppError::Validation(errors)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::edit(
                &page,
                &me.user,
                (&form.display_name, &form.title, &form.bio),
                form.language.as_deref().unwrap_or(""),
                &errors.in_lang(page.lang),
            ),
        )),
        Err(e) => Err(e),
    }
}
