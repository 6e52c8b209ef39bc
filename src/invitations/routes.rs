//! Handlers: extract, call a service, render.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::links::{self, LinkInput};
use super::personal::{self, PersonalInput};
use super::views::{self, ManageForms};
use super::{one_click, signup, stats, stats_views};
use crate::communities::scope::{At, InCommunity, MemberAt};
use crate::db::models::communities::Community;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::{html, html_status, see_other};
use crate::state::AppState;
use crate::views::Page;

async fn manage_with(
    state: &AppState,
    page: &Page,
    c: &Community,
    forms: ManageForms<'_>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let guardian = crate::auth::Guardian::new(&page.viewer);
    let data = links::manage_page(state, &guardian, c).await?;
    Ok(html_status(
        status,
        views::manage(page, c, &data, &forms, state.clock.now()),
    ))
}

/// `GET /c/{slug}/invitations`: links, personal invitations and figures by source.
pub(crate) async fn manage(
    state: web::Data<AppState>,
    at: At<InCommunity>,
) -> AppResult<HttpResponse> {
    let forms = ManageForms {
        link: &LinkInput::default(),
        personal: &PersonalInput::default(),
        errors: &FieldErrors::new(),
        created: None,
        sent: None,
    };
    manage_with(&state, &at.page, &at.community, forms, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    source: String,
    #[serde(default)]
    expires_in_days: String,
    #[serde(default)]
    max_uses: String,
}

pub(crate) async fn create_link(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    form: web::Form<LinkForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let input = LinkInput {
        source: form.source,
        expires_in_days: form.expires_in_days,
        max_uses: form.max_uses,
    };
    let guardian = at.guardian();
    let personal = PersonalInput::default();
    match links::create_link(
        &state,
        &guardian,
        at.me(),
        &at.community,
        &input,
        at.page.lang,
    )
    .await
    {
        Ok(url) => {
            let forms = ManageForms {
                link: &LinkInput::default(),
                personal: &personal,
                errors: &FieldErrors::new(),
                created: Some(&url),
                sent: None,
            };
            manage_with(&state, &at.page, &at.community, forms, StatusCode::OK).await
        }
        Err(AppError::Validation(errors)) => {
            let forms = ManageForms {
                link: &input,
                personal: &personal,
                errors: &errors,
                created: None,
                sent: None,
            };
            manage_with(
                &state,
                &at.page,
                &at.community,
                forms,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct PersonalForm {
    #[serde(default)]
    addresses: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    source: String,
}

pub(crate) async fn send_personal(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    form: web::Form<PersonalForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let input = PersonalInput {
        addresses: form.addresses,
        note: form.note,
        source: form.source,
    };
    let guardian = at.guardian();
    let link = LinkInput::default();
    match personal::send(
        &state,
        &guardian,
        at.me(),
        &at.community,
        &input,
        at.page.lang,
    )
    .await
    {
        Ok(n) => {
            let forms = ManageForms {
                link: &link,
                personal: &PersonalInput::default(),
                errors: &FieldErrors::new(),
                created: None,
                sent: Some(n),
            };
            manage_with(&state, &at.page, &at.community, forms, StatusCode::OK).await
        }
        Err(AppError::Validation(errors)) => {
            let forms = ManageForms {
                link: &link,
                personal: &input,
                errors: &errors,
                created: None,
                sent: None,
            };
            manage_with(
                &state,
                &at.page,
                &at.community,
                forms,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub(crate) async fn revoke(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (_, id) = path.into_inner();
    links::revoke(&state, &at.guardian(), at.me(), &at.community, &id).await?;
    Ok(see_other(&format!(
        "/c/{}/invitations?notice=saved",
        at.community.slug
    )))
}

fn csv_response(body: String, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

/// `GET /c/{slug}/invitations.csv`.
pub(crate) async fn community_csv(
    state: web::Data<AppState>,
    at: At<InCommunity>,
) -> AppResult<HttpResponse> {
    let report = stats::report(&state, &at.guardian(), Some(&at.community)).await?;
    Ok(csv_response(
        stats::csv(&report.rows),
        &format!("invitations-{}.csv", at.community.slug),
    ))
}

/// `GET /admin/invitations`: every sub-community the admin may see.
pub(crate) async fn admin(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    let guardian = crate::auth::Guardian::new(&page.viewer);
    let report = stats::report(&state, &guardian, None).await?;
    Ok(html(stats_views::page(&page, &report)))
}

/// `GET /admin/invitations.csv`.
pub(crate) async fn admin_csv(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    let guardian = crate::auth::Guardian::new(&page.viewer);
    let report = stats::report(&state, &guardian, None).await?;
    Ok(csv_response(stats::csv(&report.rows), "invitations.csv"))
}

/// `GET /invite/{token}`: the sub-community and a sign-up / sign-in / join button.
pub(crate) async fn invite(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let guardian = crate::auth::Guardian::new(&page.viewer);
    match signup::inspect(&state, &guardian, &token).await? {
        Ok(data) => match data.state {
            // A personal invitation for another address: not this member's to use.
            Err(refusal @ signup::Refusal::OtherAddress) => Ok(html_status(
                StatusCode::FORBIDDEN,
                views::refused(&page, refusal),
            )),
            // Expired, revoked or used up: gone, with the reason.
            Err(refusal) => Ok(html_status(
                StatusCode::GONE,
                views::refused(&page, refusal),
            )),
            Ok(()) => Ok(html(views::invite(&page, &data, &token))),
        },
        Err(refusal) => Ok(html_status(
            StatusCode::NOT_FOUND,
            views::refused(&page, refusal),
        )),
    }
}

/// `POST /invite/{token}`: a signed-in member joins.
pub(crate) async fn join(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let guardian = crate::auth::Guardian::new(&page.viewer);
    match signup::join(&state, &guardian, &token, page.lang).await {
        Ok(slug) => Ok(see_other(&format!("/c/{slug}"))),
        Err(AppError::Conflict(msg)) => Ok(html_status(
            StatusCode::CONFLICT,
            views::refused_text(&page, &msg.text(page.lang)),
        )),
        Err(e) => Err(e),
    }
}

/// `GET /mail/action/{token}`: the confirmation page (a mail scanner changes nothing).
pub(crate) async fn one_click_form(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let c = one_click::inspect(&state, &token, page.lang).await?;
    Ok(html(views::one_click_confirm(&page, &token, &c)))
}

/// `POST /mail/action/{token}`: performs the action once.
pub(crate) async fn one_click(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let c = one_click::perform(&state, &token, page.lang).await?;
    Ok(html(views::one_click_done(&page, &c)))
}
