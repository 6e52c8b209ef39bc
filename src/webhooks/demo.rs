//! The demo's webhook: one subscription of the CRM on the intranet to new topics and
//! accepted answers in Widgets, with a few logged deliveries (one that needed a retry),
//! so `/admin/webhooks` shows what a working integration looks like.

use crate::db::models::topics::{self, ListQuery, Sort};
use crate::db::models::webhooks::{self as wdb, Attempt, EventRow, NewDelivery, NewSubscription};
use crate::db::{
    write_batch, CommunityId, DbConn, DeliveryStatus, Timestamp, UserId, WebhookAttemptId,
    WebhookDeliveryId, WebhookEvent, WebhookEventId, WebhookId,
};
use crate::error::AppResult;
use crate::webhooks::sign;

pub const DEMO_URL: &str = "https://crm.acme.intranet/hooks/parley";

pub fn seed(
    conn: &mut DbConn,
    owner: &UserId,
    widgets: &CommunityId,
    now: Timestamp,
) -> AppResult<()> {
    let recent = topics::list(
        conn,
        &ListQuery {
            communities: std::slice::from_ref(widgets),
            category: None,
            sort: Sort::New,
            state: None,
            kind: None,
            tag: None,
            since: None,
            after: None,
            limit: 3,
            exclude_pinned: false,
        },
    )?;
    let secret = sign::new_secret().map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    write_batch(conn, |conn| -> AppResult<()> {
        let sub = WebhookId::new();
        wdb::insert_subscription(
            conn,
            &NewSubscription {
                id: &sub,
                owner_id: owner,
                url: DEMO_URL,
                events: "topic.created answer.accepted",
                community_id: Some(widgets),
                secret: &secret,
                enabled: true,
                created_at: now.plus_secs(-7 * 86_400),
                team_id: None,
            },
        )?;
        for (i, (topic, _)) in recent.iter().enumerate() {
            let at = now.plus_secs(-3_600 * (i64::try_from(i).unwrap_or(0) + 1));
            let payload = serde_json::json!({
                "type": WebhookEvent::TopicCreated.as_str(),
                "timestamp": at.rfc3339(),
                "data": {"id": topic.id, "community": "widgets", "url": format!("/api/v1/topics/{}", topic.id)},
            })
            .to_string();
            let event = EventRow {
                id: WebhookEventId::new(),
                event_type: WebhookEvent::TopicCreated.as_str().into(),
                community_id: Some(widgets.clone()),
                payload: payload.clone(),
                created_at: at,
            };
            wdb::insert_event(conn, &event)?;
            let delivery = WebhookDeliveryId::new();
            wdb::insert_delivery(
                conn,
                &NewDelivery {
                    id: &delivery,
                    event_id: &event.id,
                    subscription_id: &sub,
                    status: DeliveryStatus::Pending,
                    attempts: 0,
                    next_attempt_at: at,
                    created_at: at,
                },
            )?;
            // The oldest one met the CRM during its nightly restart.
            let outcomes: &[(Option<i32>, &str, Option<&str>)] = if i == 2 {
                &[
                    (Some(503), "Service Unavailable", None),
                    (Some(200), "{\"ok\":true}", None),
                ]
            } else {
                &[(Some(200), "{\"ok\":true}", None)]
            };
            let mut attempts = Vec::new();
            for (n, (status, body, error)) in outcomes.iter().enumerate() {
                let n = i32::try_from(n).unwrap_or(0) + 1;
                attempts.push(Attempt {
                    id: WebhookAttemptId::new(),
                    delivery_id: delivery.clone(),
                    attempt: n,
                    request_headers: format!(
                        "content-type: application/json\nwebhook-id: {delivery}\nwebhook-timestamp: {}\nwebhook-signature: v1,…",
                        at.micros() / 1_000_000
                    ),
                    request_body: payload.clone(),
                    response_status: *status,
                    response_body: (*body).to_string(),
                    error: error.map(str::to_string),
                    started_at: at.plus_secs(if n == 1 { 0 } else { 5 }),
                    duration_ms: 38 + i64::from(n) * 11,
                });
            }
            wdb::insert_attempts(conn, &attempts)?;
            let code = attempts.last().and_then(|a| a.response_status);
            let count = i32::try_from(attempts.len()).unwrap_or(1);
            wdb::set_delivered(conn, &delivery, count, code, at.plus_secs(5))?;
        }
        Ok(())
    })
}
