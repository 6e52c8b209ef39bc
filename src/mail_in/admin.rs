//! `/admin/inbound`: what was received and what became of it, one message's detail, a
//! retry for failed ones, and the members whose address bounces. Admins only (the
//! guardian's `can_read_inbound_mail`).

mod views;

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Guardian;
use crate::db::models::{inbound_mail, mail_bounces};
use crate::db::{InboundMailId, InboundStatus, Timestamp};
use crate::error::{AppError, AppResult};
use crate::http::{html, see_other};
use crate::state::AppState;
use crate::views::Page;

const PAGE_SIZE: i64 = 50;
const BOUNCING_SHOWN: i64 = 100;

/// Registered inside the `/admin` scope by `http::routes`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/inbound", web::get().to(list))
        .route("/inbound/{id}", web::get().to(detail))
        .route("/inbound/{id}/retry", web::post().to(retry));
}

fn require(page: &Page) -> AppResult<()> {
    let g = Guardian::new(&page.viewer);
    g.ensure(g.can_read_inbound_mail())
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    /// Keyset cursor: `<received_at micros>_<id>` of the last row of the previous page.
    #[serde(default)]
    before: String,
}

fn parse_cursor(s: &str) -> Option<(Timestamp, InboundMailId)> {
    let (at, id) = s.split_once('_')?;
    Some((
        Timestamp::from_micros(at.parse().ok()?),
        InboundMailId::parse(id)?,
    ))
}

async fn list(
    state: web::Data<AppState>,
    page: Page,
    query: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    require(&page)?;
    let filter = query.status.parse::<InboundStatus>().ok();
    let before = parse_cursor(&query.before);
    let (rows, bouncing) = state
        .db(move |conn| {
            Ok((
                inbound_mail::list(conn, filter, before, PAGE_SIZE + 1)?,
                mail_bounces::bouncing_members(conn, BOUNCING_SHOWN)?,
            ))
        })
        .await?;
    let more = rows.len() > PAGE_SIZE as usize;
    let rows = &rows[..rows.len().min(PAGE_SIZE as usize)];
    let next = more.then(|| rows.last()).flatten().map(|r| {
        let status = filter
            .map(|s| format!("status={}&", s.as_str()))
            .unwrap_or_default();
        format!(
            "/admin/inbound?{status}before={}_{}",
            r.received_at.micros(),
            r.id
        )
    });
    Ok(html(views::list(
        &page,
        rows,
        filter,
        next.as_deref(),
        &bouncing,
    )))
}

async fn detail(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    require(&page)?;
    let id = InboundMailId::parse(&id).ok_or(AppError::NotFound)?;
    let mail = state
        .db(move |conn| Ok(inbound_mail::find(conn, &id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(html(views::detail(&page, &mail)))
}

async fn retry(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    require(&page)?;
    let id = InboundMailId::parse(&id).ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let changed = state
        .write(move |conn| Ok(inbound_mail::requeue_failed(conn, &id, now)?))
        .await?;
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    state.inbound.wake();
    Ok(see_other("/admin/inbound?notice=saved"))
}
