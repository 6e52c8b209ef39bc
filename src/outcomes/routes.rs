//! Handlers of the outcome dashboard: extract, call the report, render (HTML or CSV).

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Guardian;
use crate::communities::scope::{At, InCommunity};
use crate::error::{AppError, AppResult};
use crate::http::{html, see_other};
use crate::i18n::Lang;
use crate::outcomes::report::{self, Range, Report};
use crate::outcomes::{csv, views};
use crate::state::AppState;
use crate::views::Page;

#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
    table: Option<String>,
}

fn csv_response(lang: Lang, r: &Report, q: &DashboardQuery) -> AppResult<HttpResponse> {
    let id = q.table.as_deref().unwrap_or("summary");
    let tables = views::tables(lang, r);
    let t = tables
        .iter()
        .find(|t| t.id == id)
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"outcomes-{id}.csv\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(csv::table(t)))
}

/// `GET /admin/outcomes?from=&to=[&format=csv&table=]`: every sub-community the reader
/// may see (admins and site moderators).
pub(crate) async fn admin(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<DashboardQuery>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let range = Range::parse(q.from.as_deref(), q.to.as_deref(), state.clock.now());
    let r = report::report(&state, &guardian, None, range).await?;
    if q.format.as_deref() == Some("csv") {
        return csv_response(page.lang, &r, &q);
    }
    Ok(html(views::page(&page, &r, None)))
}

/// `GET /admin/outcomes.csv?table=&from=&to=`.
pub(crate) async fn admin_csv(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<DashboardQuery>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let range = Range::parse(q.from.as_deref(), q.to.as_deref(), state.clock.now());
    let r = report::report(&state, &guardian, None, range).await?;
    csv_response(page.lang, &r, &q)
}

/// `GET /c/{slug}/outcomes?from=&to=[&format=csv&table=]`: its managers (404 to others).
pub(crate) async fn community(
    state: web::Data<AppState>,
    at: At<InCommunity>,
    q: web::Query<DashboardQuery>,
) -> AppResult<HttpResponse> {
    let guardian = at.guardian();
    let range = Range::parse(q.from.as_deref(), q.to.as_deref(), state.clock.now());
    let r = report::report(&state, &guardian, Some(&at.community), range).await?;
    let page = at.page.clone().in_community(at.community.default_language);
    if q.format.as_deref() == Some("csv") {
        return csv_response(page.lang, &r, &q);
    }
    let opted_out = match at.page.viewer.user() {
        Some(u) => {
            let (uid, cid) = (u.id.to_string(), at.community.id.to_string());
            Some(
                state
                    .db(move |conn| Ok(crate::outcomes::mail::opted_out(conn, &uid, &cid)?))
                    .await?,
            )
        }
        None => None,
    };
    Ok(html(views::page(&page, &r, opted_out)))
}

#[derive(Debug, Deserialize)]
pub struct SettingsForm {
    target_hours: String,
    monthly_mail: Option<String>,
}

/// `POST /c/{slug}/outcomes/settings`: the target first-response time and the
/// manager's own monthly mail choice.
pub(crate) async fn save_settings(
    state: web::Data<AppState>,
    at: At<InCommunity>,
    form: web::Form<SettingsForm>,
) -> AppResult<HttpResponse> {
    let guardian = at.guardian();
    if !guardian.can_set_outcome_target(&at.community) {
        return Err(AppError::NotFound);
    }
    let hours: i32 = form
        .target_hours
        .trim()
        .parse()
        .ok()
        .filter(|h| (1..=720).contains(h))
        .ok_or_else(|| AppError::field_t("target_hours", "validation-hours-range", &[]))?;
    let user = at.page.viewer.user().map(|u| u.id.to_string());
    let off = form.monthly_mail.is_none();
    let cid = at.community.id.to_string();
    state
        .write(move |conn| {
            report::set_target(conn, &cid, hours)?;
            if let Some(u) = &user {
                crate::outcomes::mail::set_opt_out(conn, u, &cid, off)?;
            }
            Ok(())
        })
        .await?;
    Ok(see_other(&format!("/c/{}/outcomes", at.community.slug)))
}
