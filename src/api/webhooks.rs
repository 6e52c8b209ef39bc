//! `/api/v1/webhooks`: webhook subscriptions and their delivery logs (scope
//! `webhooks:manage`, and an owner who may manage webhooks: the guardian decides in
//! `webhooks::service`).

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::body::ApiJson;
use crate::api::paging::{self, PageQuery};
use crate::api::repr::{WebhookDeliveryJson, WebhookJson};
use crate::auth::ApiCaller;
use crate::db::{Scope, WebhookDeliveryId, WebhookId};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::webhooks::service::{self, SubscriptionInput};

/// `POST /api/v1/webhooks`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// Where events are POSTed (https; internal addresses only if the operator allows).
    pub url: String,
    /// topic.created, post.created, answer.accepted, idea.status_changed, flag.created,
    /// post.held, member.sanctioned, topic.escalated, escalation.updated, topic.moved,
    /// topic.merged.
    pub events: Vec<String>,
    /// A sub-community slug: only its events.
    pub community: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookList {
    pub items: Vec<WebhookJson>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeliveryPage {
    pub items: Vec<WebhookDeliveryJson>,
    pub next: Option<String>,
}

fn webhook_id(raw: &str) -> AppResult<WebhookId> {
    WebhookId::parse(raw).ok_or(AppError::NotFound)
}

/// A token limited to sub-communities subscribes within them: to its one sub-community
/// unless it names it, and it must name one when it has several (the service checks,
/// through the caller's guardian, that the one named is within the token's reach).
fn community_of(caller: &ApiCaller, named: Option<String>) -> AppResult<Option<String>> {
    match (named, caller.communities.as_slice()) {
        (Some(slug), _) => Ok(Some(slug)),
        (None, []) => Ok(None),
        (None, [only]) => Ok(Some(only.slug.clone())),
        (None, _) => Err(AppError::field_t(
            "community",
            "validation-token-name-community",
            &[],
        )),
    }
}

/// Field errors as one 400 problem: a JSON client reads `detail`.
fn as_bad_request(e: AppError) -> AppError {
    match e {
        AppError::Validation(fields) => AppError::BadRequest(
            fields
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(" ")
                .into(),
        ),
        other => other,
    }
}

/// Subscribes a URL to events; the answer carries the signing secret, shown only here.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks",
    tag = "webhooks",
    request_body = NewWebhook,
    responses(
        (status = 201, description = "The subscription, with its secret (shown once)", body = WebhookJson),
        (status = 400, description = "Bad JSON, unknown event, or a refused URL", content_type = "application/problem+json"),
        (status = 403, description = "No webhooks:manage scope, or the owner is not an admin", content_type = "application/problem+json")
    )
)]
pub(crate) async fn create(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: ApiJson<NewWebhook>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::WebhooksManage)?;
    let owner = caller.viewer.user().ok_or(AppError::SignInRequired)?;
    let input = body.into_inner();
    let community = community_of(&caller, input.community)?;
    let (view, secret) = service::create(
        &state,
        &caller.guardian(),
        owner,
        SubscriptionInput {
            url: input.url,
            events: input.events,
            community,
        },
    )
    .await
    .map_err(as_bad_request)?;
    let json = WebhookJson::of(&view.sub, view.community.as_ref(), Some(secret));
    Ok(HttpResponse::Created()
        .insert_header(("Location", json.url_in_api.clone()))
        .insert_header(("Cache-Control", "no-store"))
        .json(json))
}

/// Every webhook subscription of the site.
#[utoipa::path(
    get,
    path = "/api/v1/webhooks",
    tag = "webhooks",
    responses(
        (status = 200, description = "The subscriptions (no secrets)", body = WebhookList),
        (status = 403, description = "No webhooks:manage scope, or the owner is not an admin", content_type = "application/problem+json")
    )
)]
pub(crate) async fn list(state: web::Data<AppState>, caller: ApiCaller) -> AppResult<HttpResponse> {
    caller.require(Scope::WebhooksManage)?;
    let subs = service::list(&state, &caller.guardian()).await?;
    let items = subs
        .iter()
        .map(|v| WebhookJson::of(&v.sub, v.community.as_ref(), None))
        .collect();
    Ok(HttpResponse::Ok().json(WebhookList { items }))
}

/// One subscription (no secret).
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/{id}",
    tag = "webhooks",
    params(("id" = String, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "The subscription", body = WebhookJson),
        (status = 403, description = "No webhooks:manage scope, or the owner is not an admin", content_type = "application/problem+json"),
        (status = 404, description = "No such subscription", content_type = "application/problem+json")
    )
)]
pub(crate) async fn get(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::WebhooksManage)?;
    let view = service::get(&state, &caller.guardian(), &webhook_id(&path)?).await?;
    Ok(HttpResponse::Ok().json(WebhookJson::of(&view.sub, view.community.as_ref(), None)))
}

/// Replaces a subscription's URL, events and sub-community (checked as on creation); its
/// secret, state and delivery log stay.
#[utoipa::path(
    put,
    path = "/api/v1/webhooks/{id}",
    tag = "webhooks",
    params(("id" = String, Path, description = "Subscription id")),
    request_body = NewWebhook,
    responses(
        (status = 200, description = "The subscription as changed (no secret)", body = WebhookJson),
        (status = 400, description = "Bad JSON, unknown event, or a refused URL; nothing changed", content_type = "application/problem+json"),
        (status = 403, description = "No webhooks:manage scope, or the owner is not an admin", content_type = "application/problem+json"),
        (status = 404, description = "No such subscription", content_type = "application/problem+json")
    )
)]
pub(crate) async fn update(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
    body: ApiJson<NewWebhook>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::WebhooksManage)?;
    let actor = caller.viewer.user().ok_or(AppError::SignInRequired)?;
    let input = body.into_inner();
    let community = community_of(&caller, input.community)?;
    let view = service::update(
        &state,
        &caller.guardian(),
        actor,
        &webhook_id(&path)?,
        SubscriptionInput {
            url: input.url,
            events: input.events,
            community,
        },
    )
    .await
    .map_err(as_bad_request)?;
    Ok(HttpResponse::Ok().json(WebhookJson::of(&view.sub, view.community.as_ref(), None)))
}

/// Deletes a subscription and its delivery log.
#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/{id}",
    tag = "webhooks",
    params(("id" = String, Path, description = "Subscription id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "No webhooks:manage scope, or the owner is not an admin", content_type = "application/problem+json"),
        (status = 404, description = "No such subscription", content_type = "application/problem+json")
    )
)]
pub(crate) async fn delete(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::WebhooksManage)?;
    let actor = caller.viewer.user().ok_or(AppError::SignInRequired)?;
    service::delete(&state, &caller.guardian(), actor, &webhook_id(&path)?).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The subscription's deliveries, newest first, cursor-paged.
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/{id}/deliveries",
    tag = "webhooks",
    params(("id" = String, Path, description = "Subscription id"), PageQuery),
    responses(
        (status = 200, description = "A page of deliveries", body = DeliveryPage),
        (status = 403, description = "No webhooks:manage scope, or the owner is not an admin", content_type = "application/problem+json"),
        (status = 404, description = "No such subscription", content_type = "application/problem+json")
    )
)]
pub(crate) async fn deliveries(
    state: web::Data<AppState>,
    caller: ApiCaller,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::WebhooksManage)?;
    let limit = query.limit()?;
    let before = query
        .position::<String>()?
        .map(|c| {
            WebhookDeliveryId::parse(&c)
                .ok_or_else(|| AppError::BadRequest(crate::error::Msg::key("errors-api-cursor")))
        })
        .transpose()?;
    let rows = service::deliveries(
        &state,
        &caller.guardian(),
        &webhook_id(&path)?,
        before,
        limit + 1,
    )
    .await?;
    Ok(paging::respond(
        &req,
        rows,
        limit,
        |(d, _)| d.id.as_str().to_string(),
        |(d, e)| WebhookDeliveryJson::of(&d, &e),
    ))
}

/// Sends a delivery again now, with the same `webhook-id`.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver",
    tag = "webhooks",
    params(
        ("id" = String, Path, description = "Subscription id"),
        ("delivery_id" = String, Path, description = "Delivery id (its webhook-id)")
    ),
    responses(
        (status = 202, description = "Queued again", body = WebhookDeliveryJson),
        (status = 403, description = "No webhooks:manage scope, or the owner is not an admin", content_type = "application/problem+json"),
        (status = 404, description = "No such subscription or delivery", content_type = "application/problem+json")
    )
)]
pub(crate) async fn redeliver(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::WebhooksManage)?;
    let (id, delivery) = path.into_inner();
    let delivery = WebhookDeliveryId::parse(&delivery).ok_or(AppError::NotFound)?;
    let guardian = caller.guardian();
    let id = webhook_id(&id)?;
    let d = service::redeliver(&state, &guardian, &id, &delivery).await?;
    let (d, e, _) = service::delivery(&state, &guardian, &id, &d.id).await?;
    Ok(HttpResponse::Accepted().json(WebhookDeliveryJson::of(&d, &e)))
}
