//! The use cases of webhook subscriptions, shared by `/admin/webhooks` and
//! `/api/v1/webhooks`: each asks the guardian, validates, and writes in one transaction.

use crate::auth::Guardian;
use crate::db::models::communities::{self, Community};
use crate::db::models::users::User;
use crate::db::models::webhooks::{
    self as wdb, Attempt, Delivery, EventRow, NewSubscription, Subscription,
};
use crate::db::{Timestamp, WebhookDeliveryId, WebhookEvent, WebhookId};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::webhooks::sign;
use crate::webhooks::ssrf::{self, AllowHosts};

/// How long the previous secret stays valid after a rotation.
pub const ROTATION_OVERLAP_SECS: i64 = 86_400;

/// A subscription as submitted (form or JSON), before checking.
pub struct SubscriptionInput {
    pub url: String,
    pub events: Vec<String>,
    /// A sub-community slug, or none for all.
    pub community: Option<String>,
}

/// A subscription with its sub-community, as pages and the API show it.
pub struct SubscriptionView {
    pub sub: Subscription,
    pub community: Option<Community>,
}

impl SubscriptionView {
    pub fn events(&self) -> Vec<&str> {
        self.sub.events.split_whitespace().collect()
    }
}

/// Parses event names strictly (duplicates collapse, order as in [`WebhookEvent::ALL`]).
pub fn parse_events(names: &[String]) -> Result<Vec<WebhookEvent>, crate::error::Msg> {
    use crate::error::Msg;
    let mut events = Vec::new();
    for name in names {
        let event = name.trim().parse::<WebhookEvent>().map_err(|_| {
            Msg::key("validation-webhook-unknown-event").with("name", name.trim().to_string())
        })?;
        if !events.contains(&event) {
            events.push(event);
        }
    }
    if events.is_empty() {
        return Err(Msg::key("validation-webhook-no-event"));
    }
    events.sort();
    Ok(events)
}

fn allow_hosts(state: &AppState) -> AllowHosts {
    AllowHosts::parse(&state.settings.webhooks.allow_hosts)
}

/// A submitted subscription, checked: its events (as stored), URL and sub-community.
struct Checked {
    events: String,
    url: String,
    community: Option<Community>,
}

/// Checks a submitted subscription for `create` and `update`: known events, a URL the
/// SSRF rules allow, a sub-community the caller can see (and, for a token limited to some,
/// within its reach). Every problem is reported at once.
async fn check(
    state: &AppState,
    guardian: &Guardian<'_>,
    input: SubscriptionInput,
) -> AppResult<Checked> {
    let mut errors = FieldErrors::new();
    let events = parse_events(&input.events)
        .map_err(|e| errors.insert("events", e))
        .ok();
    let url = match ssrf::check_url(&input.url, &allow_hosts(state)).await {
        Ok(u) => Some(u.to_string()),
        Err(e) => {
            errors.insert("url", e);
            None
        }
    };
    let slug = input.community.filter(|s| !s.trim().is_empty());
    let community = match slug {
        Some(slug) => {
            let found = state
                .db(move |conn| Ok(communities::find_by_slug(conn, slug.trim())?))
                .await?
                .filter(|c| guardian.can_see_community(c));
            if found.is_none() {
                errors.insert(
                    "community",
                    crate::error::Msg::key("validation-choose-visible-community"),
                );
            }
            found
        }
        None => None,
    };
    let (Some(events), Some(url)) = (events, url) else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    // A token limited to sub-communities subscribes within them only.
    if let Some(c) = &community {
        guardian.ensure_can_see_community(c)?;
    }
    let events = events
        .iter()
        .map(|e| e.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Checked {
        events,
        url,
        community,
    })
}

/// Creates a subscription owned by `owner`; returns it with its secret (shown once).
pub async fn create(
    state: &AppState,
    guardian: &Guardian<'_>,
    owner: &User,
    input: SubscriptionInput,
) -> AppResult<(SubscriptionView, String)> {
    guardian.ensure(guardian.can_manage_webhooks())?;
    let Checked {
        events: names,
        url,
        community,
    } = check(state, guardian, input).await?;
    let secret = sign::new_secret().map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let sub_id = WebhookId::new();
    let (owner_id, now) = (owner.id.clone(), state.clock.now());
    let (s, cid) = (secret.clone(), community.as_ref().map(|c| c.id.clone()));
    let sub = state
        .write(move |conn| {
            wdb::insert_subscription(
                conn,
                &NewSubscription {
                    id: &sub_id,
                    owner_id: &owner_id,
                    url: &url,
                    events: &names,
                    community_id: cid.as_ref(),
                    secret: &s,
                    enabled: true,
                    created_at: now,
                    team_id: None,
                },
            )?;
            crate::db::models::audit::record(
                conn,
                Some(&owner_id),
                "webhook.create",
                "webhook",
                sub_id.as_str(),
                &url,
                now,
            )?;
            wdb::find_subscription(conn, &sub_id)?.ok_or(AppError::NotFound)
        })
        .await?;
    Ok((SubscriptionView { sub, community }, secret))
}

/// A product team's subscription follows the team's webhook address (`/admin/teams`):
/// changed or removed here, the team would show an address nothing delivers to.
fn refuse_team_managed(view: &SubscriptionView) -> AppResult<()> {
    match view.sub.team_id {
        Some(_) => Err(AppError::Conflict(crate::error::Msg::key(
            "webhooks-team-managed",
        ))),
        None => Ok(()),
    }
}

/// Changes a subscription's URL, events and sub-community, checked as when it was
/// created; its secret, state and delivery log stay (deliveries still due are sent to the
/// new URL: the worker reads the subscription when it sends).
pub async fn update(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    id: &WebhookId,
    input: SubscriptionInput,
) -> AppResult<SubscriptionView> {
    let current = get(state, guardian, id).await?;
    refuse_team_managed(&current)?;
    let Checked {
        events,
        url,
        community,
    } = check(state, guardian, input).await?;
    let (id, actor, now) = (current.sub.id, actor.id.clone(), state.clock.now());
    let cid = community.as_ref().map(|c| c.id.clone());
    let sub = state
        .write(move |conn| {
            wdb::update_subscription(conn, &id, &url, &events, cid.as_ref())?;
            crate::db::models::audit::record(
                conn,
                Some(&actor),
                "webhook.update",
                "webhook",
                id.as_str(),
                &format!("{url} [{events}]"),
                now,
            )?;
            wdb::find_subscription(conn, &id)?.ok_or(AppError::NotFound)
        })
        .await?;
    Ok(SubscriptionView { sub, community })
}

pub async fn list(state: &AppState, guardian: &Guardian<'_>) -> AppResult<Vec<SubscriptionView>> {
    guardian.ensure(guardian.can_manage_webhooks())?;
    state
        .db(|conn| {
            let all = communities::all(conn)?;
            Ok(wdb::all_subscriptions(conn)?
                .into_iter()
                .map(|sub| {
                    let community = sub
                        .community_id
                        .as_ref()
                        .and_then(|id| all.iter().find(|c| &c.id == id).cloned());
                    SubscriptionView { sub, community }
                })
                .collect())
        })
        .await
}

/// One subscription; 404 for those who may not manage webhooks (they do not exist for
/// them) and for unknown ids.
pub async fn get(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &WebhookId,
) -> AppResult<SubscriptionView> {
    if !guardian.can_manage_webhooks() {
        return Err(if guardian.is_signed_in() {
            AppError::Forbidden
        } else {
            AppError::SignInRequired
        });
    }
    let id = id.clone();
    state
        .db(move |conn| {
            let sub = wdb::find_subscription(conn, &id)?.ok_or(AppError::NotFound)?;
            let community = match &sub.community_id {
                Some(c) => communities::find(conn, c)?,
                None => None,
            };
            Ok(SubscriptionView { sub, community })
        })
        .await
}

pub async fn delete(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    id: &WebhookId,
) -> AppResult<()> {
    let view = get(state, guardian, id).await?;
    refuse_team_managed(&view)?;
    let (id, actor, now) = (view.sub.id, actor.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            wdb::delete_subscription(conn, &id)?;
            crate::db::models::audit::record(
                conn,
                Some(&actor),
                "webhook.delete",
                "webhook",
                id.as_str(),
                "",
                now,
            )?;
            Ok(())
        })
        .await
}

pub async fn set_enabled(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &WebhookId,
    enabled: bool,
) -> AppResult<()> {
    let view = get(state, guardian, id).await?;
    let id = view.sub.id;
    let reason = (!enabled).then_some("disabled by an admin");
    state
        .write(move |conn| Ok(wdb::set_enabled(conn, &id, enabled, reason)?))
        .await?;
    Ok(())
}

/// A new secret; the old one keeps signing beside it for [`ROTATION_OVERLAP_SECS`].
pub async fn rotate(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &WebhookId,
) -> AppResult<String> {
    let view = get(state, guardian, id).await?;
    let secret = sign::new_secret().map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let (s, until) = (
        secret.clone(),
        state.clock.now().plus_secs(ROTATION_OVERLAP_SECS),
    );
    state
        .write(move |conn| {
            Ok(wdb::rotate_secret(
                conn,
                &view.sub.id,
                &s,
                &view.sub.secret,
                until,
            )?)
        })
        .await?;
    Ok(secret)
}

/// A page of a subscription's deliveries, newest first (`limit + 1` rows for the pager).
pub async fn deliveries(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &WebhookId,
    before: Option<WebhookDeliveryId>,
    limit: i64,
) -> AppResult<Vec<(Delivery, EventRow)>> {
    let view = get(state, guardian, id).await?;
    state
        .db(move |conn| {
            Ok(wdb::deliveries_of(
                conn,
                &view.sub.id,
                before.as_ref(),
                limit,
            )?)
        })
        .await
}

/// A delivery of this subscription with its attempts.
pub async fn delivery(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &WebhookId,
    delivery: &WebhookDeliveryId,
) -> AppResult<(Delivery, EventRow, Vec<Attempt>)> {
    let view = get(state, guardian, id).await?;
    let did = delivery.clone();
    state
        .db(move |conn| {
            let (d, e) = wdb::find_delivery(conn, &did)?
                .filter(|(d, _)| d.subscription_id == view.sub.id)
                .ok_or(AppError::NotFound)?;
            let attempts = wdb::attempts_of(conn, &d.id)?;
            Ok((d, e, attempts))
        })
        .await
}

/// Sends a delivery again (same `webhook-id`), now.
pub async fn redeliver(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &WebhookId,
    delivery_id: &WebhookDeliveryId,
) -> AppResult<Delivery> {
    let (d, _, _) = delivery(state, guardian, id, delivery_id).await?;
    if d.status == crate::db::DeliveryStatus::Pending {
        // Queued or in flight: a second copy would race the first.
        return Err(AppError::Conflict(crate::error::Msg::key(
            "errors-webhook-delivery-queued",
        )));
    }
    let now: Timestamp = state.clock.now();
    let did = d.id.clone();
    let delivery = state
        .write(move |conn| {
            wdb::requeue(conn, &did, now)?;
            Ok(wdb::find_delivery(conn, &did)?.ok_or(AppError::NotFound)?.0)
        })
        .await?;
    super::deliver::wake();
    Ok(delivery)
}
