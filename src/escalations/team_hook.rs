//! Issue 20: a product team's webhook URL is a managed webhook subscription (a row of
//! `webhook_subscriptions` with `team_id` set, owned by the admin who saved the URL,
//! listening to `topic.escalated` and `escalation.updated`). Deliveries, signatures,
//! SSRF checks, retries and the log at `/admin/webhooks` are the webhooks module's own;
//! `webhooks::events::emit_for_team` gives such a subscription only its team's events.

use crate::db::models::audit;
use crate::db::models::webhooks::{self as wdb, NewSubscription};
use crate::db::{DbConn, TeamId, Timestamp, UserId, WebhookEvent, WebhookId};
use crate::state::AppState;
use crate::webhooks::ssrf::{self, AllowHosts};

/// The events a team's subscription listens to.
pub const EVENTS: [WebhookEvent; 2] = [
    WebhookEvent::TopicEscalated,
    WebhookEvent::EscalationUpdated,
];

/// What saving the team did to its subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookChange {
    Unchanged,
    /// A new subscription; its signing secret is shown once.
    Created {
        id: WebhookId,
        secret: String,
    },
    Retargeted(WebhookId),
    Removed(WebhookId),
}

/// The URL as `/admin/webhooks` checks it (scheme, no credentials, refused address
/// ranges unless the operator allowlisted the host); empty stays empty (no webhook).
pub async fn check_url(state: &AppState, raw: &str) -> Result<String, crate::error::Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(String::new());
    }
    let allow = AllowHosts::parse(&state.settings.webhooks.allow_hosts);
    ssrf::check_url(raw, &allow).await.map(|u| u.to_string())
}

/// Inside the team's write transaction: makes the team's subscription match `url`
/// (empty: none). `secret` is used only when a subscription is created. Audited as
/// `webhook.create` / `webhook.update` / `webhook.delete`.
pub fn sync(
    conn: &mut DbConn,
    team: &TeamId,
    url: &str,
    actor: &UserId,
    secret: &str,
    now: Timestamp,
) -> diesel::QueryResult<HookChange> {
    let existing = wdb::team_subscription(conn, team)?;
    let details = format!("team={team} url={url}");
    let (action, id, change) = match (existing, url.is_empty()) {
        (None, true) => return Ok(HookChange::Unchanged),
        (Some(sub), false) if sub.url == url => return Ok(HookChange::Unchanged),
        (Some(sub), true) => {
            wdb::delete_subscription(conn, &sub.id)?;
            (
                "webhook.delete",
                sub.id.clone(),
                HookChange::Removed(sub.id),
            )
        }
        (Some(sub), false) => {
            wdb::retarget(conn, &sub.id, url, actor)?;
            (
                "webhook.update",
                sub.id.clone(),
                HookChange::Retargeted(sub.id),
            )
        }
        (None, false) => {
            let id = WebhookId::new();
            let events = EVENTS.map(|e| e.as_str()).join(" ");
            wdb::insert_subscription(
                conn,
                &NewSubscription {
                    id: &id,
                    owner_id: actor,
                    url,
                    events: &events,
                    community_id: None,
                    secret,
                    enabled: true,
                    created_at: now,
                    team_id: Some(team),
                },
            )?;
            let secret = secret.to_string();
            (
                "webhook.create",
                id.clone(),
                HookChange::Created { id, secret },
            )
        }
    };
    audit::record(
        conn,
        Some(actor),
        action,
        "webhook",
        id.as_str(),
        &details,
        now,
    )?;
    Ok(change)
}
