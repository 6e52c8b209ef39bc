//! `/admin/webhooks`: the admin pages. Handlers extract, call `webhooks::service`, render.

use actix_web::{web, HttpResponse};

use crate::auth::Guardian;
use crate::db::models::communities;
use crate::db::models::webhooks as wdb;
use crate::db::{WebhookDeliveryId, WebhookId};
use crate::error::{AppError, AppResult};
use crate::http::{html, html_status, see_other};
use crate::state::AppState;
use crate::views::Page;
use crate::webhooks::service::{self, SubscriptionInput};
use crate::webhooks::views::{self, FormValues};

/// How many deliveries the detail page shows.
const LOG_SIZE: i64 = 50;

fn id_of(raw: &str) -> AppResult<WebhookId> {
    WebhookId::parse(raw).ok_or(AppError::NotFound)
}

pub(crate) async fn list(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    let subs = service::list(&state, &Guardian::new(&page.viewer)).await?;
    Ok(html(views::list(&page, &subs)))
}

async fn visible_communities(
    state: &AppState,
    page: &Page,
) -> AppResult<Vec<communities::Community>> {
    let all = state.db(|conn| Ok(communities::all(conn)?)).await?;
    Ok(Guardian::new(&page.viewer).visible_communities(all))
}

pub(crate) async fn new_form(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    guardian.ensure(guardian.can_manage_webhooks())?;
    let all = visible_communities(&state, &page).await?;
    Ok(html(views::form(
        &page,
        &all,
        &FormValues::default(),
        &Default::default(),
        None,
    )))
}

/// The edit form, filled with the subscription's URL, events and sub-community.
pub(crate) async fn edit_form(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let view = service::get(&state, &Guardian::new(&page.viewer), &id_of(&path)?).await?;
    let all = visible_communities(&state, &page).await?;
    let values = FormValues {
        url: view.sub.url.clone(),
        events: view.events().iter().map(|e| e.to_string()).collect(),
        community: view.community.map(|c| c.slug).unwrap_or_default(),
    };
    Ok(html(views::form(
        &page,
        &all,
        &values,
        &Default::default(),
        Some(&view.sub.id),
    )))
}

pub(crate) async fn update(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<String>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let id = id_of(&path)?;
    let values = form_values(&body);
    let input = SubscriptionInput {
        url: values.url.clone(),
        events: values.events.clone(),
        community: Some(values.community.clone()),
    };
    match service::update(&state, &guardian, &me.user, &id, input).await {
        Ok(view) => Ok(see_other(&format!("/admin/webhooks/{}", view.sub.id))),
        Err(AppError::Validation(errors)) => {
            let all = visible_communities(&state, &page).await?;
            Ok(html_status(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                views::form(&page, &all, &values, &errors, Some(&id)),
            ))
        }
        Err(e) => Err(e),
    }
}

/// `events` comes once per ticked box, which `web::Form` cannot collect.
fn form_values(body: &[u8]) -> FormValues {
    let mut v = FormValues::default();
    for (key, value) in url::form_urlencoded::parse(body) {
        match key.as_ref() {
            "url" => v.url = value.into_owned(),
            "events" => v.events.push(value.into_owned()),
            "community" => v.community = value.into_owned(),
            _ => {}
        }
    }
    v
}

pub(crate) async fn create(
    state: web::Data<AppState>,
    page: Page,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let values = form_values(&body);
    let input = SubscriptionInput {
        url: values.url.clone(),
        events: values.events.clone(),
        community: Some(values.community.clone()),
    };
    match service::create(&state, &guardian, &me.user, input).await {
        Ok((view, secret)) => Ok(no_store(html(views::secret_shown(
            &page, &view, &secret, false,
        )))),
        Err(AppError::Validation(errors)) => {
            let all = visible_communities(&state, &page).await?;
            Ok(html_status(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                views::form(&page, &all, &values, &errors, None),
            ))
        }
        Err(e) => Err(e),
    }
}

fn no_store(mut response: HttpResponse) -> HttpResponse {
    response.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    response
}

pub(crate) async fn detail(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let id = id_of(&path)?;
    let view = service::get(&state, &guardian, &id).await?;
    let rows = service::deliveries(&state, &guardian, &id, None, LOG_SIZE).await?;
    let log = state
        .db(move |conn| {
            let mut out = Vec::with_capacity(rows.len());
            for (d, e) in rows {
                let attempts = wdb::attempts_of(conn, &d.id)?;
                out.push((d, e, attempts));
            }
            Ok(out)
        })
        .await?;
    Ok(html(views::detail(&page, &view, &log)))
}

pub(crate) async fn enable(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id_of(&path)?;
    service::set_enabled(&state, &Guardian::new(&page.viewer), &id, true).await?;
    Ok(see_other(&format!("/admin/webhooks/{id}")))
}

pub(crate) async fn disable(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id_of(&path)?;
    service::set_enabled(&state, &Guardian::new(&page.viewer), &id, false).await?;
    Ok(see_other(&format!("/admin/webhooks/{id}")))
}

pub(crate) async fn rotate(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let id = id_of(&path)?;
    let secret = service::rotate(&state, &guardian, &id).await?;
    let view = service::get(&state, &guardian, &id).await?;
    Ok(no_store(html(views::secret_shown(
        &page, &view, &secret, true,
    ))))
}

pub(crate) async fn delete(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    service::delete(
        &state,
        &Guardian::new(&page.viewer),
        &me.user,
        &id_of(&path)?,
    )
    .await?;
    Ok(see_other("/admin/webhooks"))
}

pub(crate) async fn redeliver(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (id, delivery) = path.into_inner();
    let id = id_of(&id)?;
    let delivery = WebhookDeliveryId::parse(&delivery).ok_or(AppError::NotFound)?;
    service::redeliver(&state, &Guardian::new(&page.viewer), &id, &delivery).await?;
    Ok(see_other(&format!("/admin/webhooks/{id}")))
}
