use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Guardian;
use crate::communities::scope::{InCommunity, InTopic, MemberAt};
use crate::error::AppResult;
use crate::http::{html, see_other};
use crate::notifications::service::{self, PrefsInput};
use crate::notifications::views;
use crate::state::AppState;
use crate::views::Page;

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    before: Option<String>,
}

pub(crate) async fn list(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let data = service::page(&state, &me.user, q.before.as_deref()).await?;
    Ok(html(views::list(
        &page,
        &data,
        me.user.unread_notifications,
    )))
}

pub(crate) async fn read_all(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    service::mark_all_read(&state, &me.user).await?;
    Ok(see_other("/notifications"))
}

pub(crate) async fn read_one(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    service::mark_read(&state, &me.user, &id).await?;
    Ok(see_other("/notifications"))
}

pub(crate) async fn preferences(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let data = service::prefs_page(&state, &guardian, &me.user).await?;
    Ok(html(views::preferences(
        &page,
        &data,
        me.user.email_confirmed_at.is_some(),
    )))
}

#[derive(Deserialize)]
pub(crate) struct PrefsForm {
    mail_replies: Option<String>,
    mail_mentions: Option<String>,
    mail_watching: Option<String>,
    mail_updates: Option<String>,
    #[serde(default)]
    digest: String,
}

pub(crate) async fn save_preferences(
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<PrefsForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let f = form.into_inner();
    let input = PrefsInput {
        mail_replies: f.mail_replies.is_some(),
        mail_mentions: f.mail_mentions.is_some(),
        mail_watching: f.mail_watching.is_some(),
        mail_updates: f.mail_updates.is_some(),
        digest: f.digest,
    };
    service::save_prefs(&state, &me.user, input).await?;
    Ok(see_other("/settings/notifications?notice=saved"))
}

#[derive(Deserialize)]
pub(crate) struct WatchForm {
    #[serde(default)]
    level: String,
}

#[derive(Deserialize)]
pub(crate) struct WatchBack {
    back: Option<String>,
}

pub(crate) async fn watch_topic(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
    form: web::Form<WatchForm>,
) -> AppResult<HttpResponse> {
    service::watch_topic(&state, at.me(), &at.topic, &form.level).await?;
    Ok(see_other(&format!("{}?notice=saved", at.topic.path())))
}

pub(crate) async fn watch_community(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    back: web::Query<WatchBack>,
    form: web::Form<WatchForm>,
) -> AppResult<HttpResponse> {
    let c = &at.community;
    service::watch_community(&state, &at.guardian(), at.me(), c, None, &form.level).await?;
    let to = if back.back.as_deref() == Some("prefs") {
        "/settings/notifications?notice=saved".to_string()
    } else {
        format!("/c/{}?notice=saved", c.slug)
    };
    Ok(see_other(&to))
}

pub(crate) async fn watch_category(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    path: web::Path<(String, String)>,
    form: web::Form<WatchForm>,
) -> AppResult<HttpResponse> {
    let c = &at.community;
    let category = crate::forums::read::category_by_slug(&state, c, &path.1).await?;
    service::watch_community(
        &state,
        &at.guardian(),
        at.me(),
        c,
        Some(&category),
        &form.level,
    )
    .await?;
    Ok(see_other(&format!(
        "/c/{}/cat/{}?notice=saved",
        c.slug, category.slug
    )))
}

/// Shown when a person opens the link in a browser: nothing changes until they confirm
/// (link scanners follow GET links).
pub(crate) async fn unsubscribe_form(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let u = service::inspect_unsubscribe(&state, &token).await?;
    Ok(html(views::unsubscribe_confirm(&page, &token, u.category)))
}

/// The one-click POST from a mail client (RFC 8058) or the confirmation button.
pub(crate) async fn unsubscribe(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let u = service::unsubscribe(&state, &token).await?;
    Ok(html(views::unsubscribed(&page, u.category)))
}
