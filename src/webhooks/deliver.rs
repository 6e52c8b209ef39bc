//! Delivers webhook events. Workers (any number, on any number of nodes) take due
//! deliveries with a lease (one conditional UPDATE per batch),
//! ask the guardian whether the subscription's owner may receive the event *now*, send
//! the signed requests concurrently, and record every attempt in one transaction. A
//! crash between sending and recording lets the lease expire and the attempt is made
//! again (at-least-once, same `webhook-id`, which receivers use to de-duplicate).
//!
//! Retries back off over about three days; `Retry-After` is honoured; a 410 disables the
//! subscription at once, and a subscription failing for three days is disabled and its
//! owner mailed.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tokio::sync::Notify;

use crate::db::models::webhooks::{
    self as wdb, Attempt, Delivery, EventRow, Outcome, Subscription,
};
use crate::db::models::{communities, settings as site_settings, users};
use crate::db::{DbConn, DeliveryStatus, Timestamp, WebhookAttemptId, WebhookEvent};
use crate::error::AppResult;
use crate::state::AppState;
use crate::webhooks::sign;
use crate::webhooks::ssrf::{self, AllowHosts, CheckedResolver};

/// Delay before attempt 2, 3, …: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 14 h, 14 h
/// (about 2.9 days in all); after the last, the delivery has failed.
pub const SCHEDULE_SECS: &[i64] = &[5, 300, 1_800, 7_200, 18_000, 36_000, 36_000, 50_400, 50_400];
/// A subscription whose every attempt failed for this long is disabled.
pub const FAILING_FOR_SECS: i64 = 3 * 86_400;
const LEASE_SECS: i64 = 120;
const TIMEOUT: Duration = Duration::from_secs(15);
/// Response bodies are read up to this much and stored truncated.
const RESPONSE_CAP: usize = 64 * 1024;
const RETRY_AFTER_MAX_SECS: i64 = 86_400;

/// Wakes the workers of this process: [`crate::webhooks::events::emit`] calls it while
/// the event's transaction is still open, so a worker woken this way looks again shortly
/// after (the poll interval is the fallback). Process-wide: a wake costs an idle worker
/// one query.
static WAKE: Notify = Notify::const_new();

pub fn wake() {
    WAKE.notify_waiters();
}

/// The HTTP client of the workers: no redirects, 15 s timeout, names resolved only to
/// allowed addresses.
pub fn client(allow: &AllowHosts) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .user_agent("Parley-Webhooks/1")
        .dns_resolver(Arc::new(CheckedResolver {
            allow: allow.clone(),
        }))
        .build()
}

pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let allow = AllowHosts::parse(&state.settings.webhooks.allow_hosts);
        let client = match client(&allow) {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(error = %e, "webhook client could not be built; deliveries stay queued");
                return;
            }
        };
        let worker = Worker {
            client,
            allow,
            owner: uuid::Uuid::new_v4().to_string(),
        };
        let poll = Duration::from_millis(state.settings.webhooks.poll_interval_ms.max(10));
        while !state.stop.is_stopping() {
            match worker.run_once(&state).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "webhook pass failed"),
            }
            tokio::select! {
                _ = WAKE.notified() => {
                    // Woken from inside the event's transaction: let it commit.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                _ = tokio::time::sleep(poll) => {}
                _ = state.stop.stopped() => {}
            }
        }
    })
}

pub struct Worker {
    pub client: reqwest::Client,
    pub allow: AllowHosts,
    /// This worker's lease name.
    pub owner: String,
}

/// A claimed delivery and whether the guardian lets its owner receive it now.
struct Claimed {
    delivery: Delivery,
    event: EventRow,
    sub: Subscription,
    allowed: bool,
}

/// What one attempt came to.
struct Sent {
    delivery: Delivery,
    sub: Subscription,
    attempt: Attempt,
    retry_after: Option<i64>,
}

impl Worker {
    /// One batch of due deliveries; returns how many were taken.
    pub async fn run_once(&self, state: &AppState) -> AppResult<usize> {
        let now = state.clock.now();
        let batch = i64::try_from(state.settings.webhooks.concurrency.max(1) * 4).unwrap_or(64);
        // Issue 22: candidates locked `FOR UPDATE SKIP LOCKED` on PostgreSQL.
        let owner = self.owner.clone();
        let claimed = state
            .write(move |conn| {
                Ok(wdb::claim_due(
                    conn,
                    batch,
                    &owner,
                    now,
                    now.plus_secs(LEASE_SECS),
                )?)
            })
            .await?;
        if claimed.is_empty() {
            return Ok(0);
        }
        let taken = claimed.len();
        let checked = state
            .db(move |conn| check_recipients(conn, claimed, now))
            .await?;
        let (allowed, refused): (Vec<_>, Vec<_>) = checked.into_iter().partition(|c| c.allowed);
        let sent: Vec<Sent> = futures_util::stream::iter(allowed)
            .map(|c| self.send(c, now))
            .buffer_unordered(state.settings.webhooks.concurrency.max(1))
            .collect()
            .await;
        let owner = self.owner.clone();
        let base = state.base_url();
        let later = state.clock.now();
        state
            .write(move |conn| {
                for c in &refused {
                    wdb::mark_skipped(
                        conn,
                        &c.delivery.id,
                        &owner,
                        "the subscription's owner may not receive this event",
                    )?;
                }
                record_batch(conn, &sent, &owner, later, &base)
            })
            .await?;
        Ok(taken)
    }

    async fn send(&self, c: Claimed, now: Timestamp) -> Sent {
        let id = c.delivery.id.as_str().to_string();
        let timestamp = now.micros().div_euclid(1_000_000);
        let body = c.event.payload.clone();
        let signature = sign::header(&c.sub.signing_secrets(now), &id, timestamp, &body);
        let headers = [
            ("content-type", "application/json".to_string()),
            ("webhook-id", id.clone()),
            ("webhook-timestamp", timestamp.to_string()),
            ("webhook-signature", signature),
        ];
        let started = Instant::now();
        let result = self.post(&c.sub.url, &headers, body.clone()).await;
        let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let (response_status, response_body, error, retry_after) = match result {
            Ok((status, text, retry_after)) => (Some(status), text, None, retry_after),
            Err(e) => (None, String::new(), Some(e), None),
        };
        let shown_headers = headers
            .iter()
            .map(|(k, v)| {
                // The log shows that a request was signed, not the signature itself.
                let v = if *k == "webhook-signature" {
                    "v1,…"
                } else {
                    v.as_str()
                };
                format!("{k}: {v}")
            })
            .collect::<Vec<_>>()
            .join("\n");
        Sent {
            attempt: Attempt {
                id: WebhookAttemptId::new(),
                delivery_id: c.delivery.id.clone(),
                attempt: c.delivery.attempts + 1,
                request_headers: shown_headers,
                request_body: body,
                response_status: response_status.map(i32::from),
                response_body,
                error,
                started_at: now,
                duration_ms,
            },
            delivery: c.delivery,
            sub: c.sub,
            retry_after,
        }
    }

    /// POSTs once: the status, the body (capped) and a `Retry-After` in seconds.
    async fn post(
        &self,
        url: &str,
        headers: &[(&str, String)],
        body: String,
    ) -> Result<(u16, String, Option<i64>), String> {
        let parsed = url::Url::parse(url).map_err(|_| "the URL is not valid".to_string())?;
        let host = parsed.host_str().unwrap_or_default();
        if !ssrf::literal_allowed(host, &self.allow) {
            return Err(format!("{host} is a refused address"));
        }
        let mut request = self.client.post(parsed);
        for (k, v) in headers {
            request = request.header(*k, v);
        }
        let mut response = request.body(body).send().await.map_err(describe)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map(|s| s.clamp(1, RETRY_AFTER_MAX_SECS));
        let mut text = Vec::new();
        while text.len() < RESPONSE_CAP {
            match response.chunk().await {
                Ok(Some(chunk)) => text.extend_from_slice(&chunk),
                Ok(None) | Err(_) => break,
            }
        }
        text.truncate(RESPONSE_CAP);
        Ok((
            status,
            String::from_utf8_lossy(&text).into_owned(),
            retry_after,
        ))
    }
}

fn describe(e: reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    // The source chain names the cause (refused address, connection refused) without
    // anything of ours in it.
    let mut cause = String::new();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    if cause.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}: {cause}")
    }
}

/// Asks the guardian, for each claimed delivery, whether its subscription's owner may
/// receive the event at `now`.
fn check_recipients(
    conn: &mut DbConn,
    claimed: Vec<(Delivery, EventRow, Subscription)>,
    now: Timestamp,
) -> AppResult<Vec<Claimed>> {
    let mut owners = HashMap::new();
    let mut places = HashMap::new();
    let mut out = Vec::with_capacity(claimed.len());
    for (delivery, event, sub) in claimed {
        if !owners.contains_key(&sub.owner_id) {
            let user = users::find(conn, &sub.owner_id)?;
            let memberships = communities::memberships_of(conn, &sub.owner_id)?;
            owners.insert(sub.owner_id.clone(), (user, memberships));
        }
        let community = match &event.community_id {
            Some(id) => {
                if !places.contains_key(id) {
                    places.insert(id.clone(), communities::find(conn, id)?);
                }
                match places.get(id) {
                    Some(Some(c)) => Some(c.clone()),
                    _ => None,
                }
            }
            None => None,
        };
        let kind = event.event_type.parse::<WebhookEvent>().ok();
        let allowed = match (owners.get(&sub.owner_id), kind) {
            (Some((Some(user), memberships)), Some(kind))
                if event.community_id.is_none() || community.is_some() =>
            {
                crate::auth::Guardian::webhook_recipient_may_receive(
                    user,
                    memberships.clone(),
                    kind,
                    community.as_ref(),
                    now,
                )
            }
            _ => false,
        };
        out.push(Claimed {
            delivery,
            event,
            sub,
            allowed,
        });
    }
    Ok(out)
}

/// The delay before the attempt after `attempts` failed ones, or `None` when none is left.
pub fn next_delay(attempts: i32, retry_after: Option<i64>) -> Option<i64> {
    let index = usize::try_from(attempts.max(1) - 1).ok()?;
    let scheduled = *SCHEDULE_SECS.get(index)?;
    Some(retry_after.unwrap_or(scheduled))
}

/// Records a batch's attempts and what follows from them, in one transaction: the log
/// rows in one insert, the successes in one update per status, failures one by one (a
/// failure may disable its subscription).
fn record_batch(
    conn: &mut DbConn,
    sent: &[Sent],
    owner: &str,
    now: Timestamp,
    base_url: &str,
) -> AppResult<()> {
    let attempts: Vec<Attempt> = sent.iter().map(|s| s.attempt.clone()).collect();
    wdb::insert_attempts(conn, &attempts)?;
    let mut delivered: HashMap<i32, Vec<_>> = HashMap::new();
    let mut recovered = Vec::new();
    for s in sent {
        match s.attempt.response_status {
            Some(code) if (200..300).contains(&code) => {
                delivered
                    .entry(code)
                    .or_default()
                    .push(s.delivery.id.clone());
                if s.sub.failing_since.is_some() && !recovered.contains(&s.sub.id) {
                    recovered.push(s.sub.id.clone());
                }
            }
            _ => record_failure(conn, s, owner, now, base_url)?,
        }
    }
    for (code, ids) in delivered {
        wdb::mark_delivered(conn, &ids, owner, code, now)?;
    }
    for sub in recovered {
        wdb::set_failing_since(conn, &sub, None)?;
    }
    Ok(())
}

/// A failed attempt: scheduled again, or failed for good.
fn record_failure(
    conn: &mut DbConn,
    s: &Sent,
    owner: &str,
    now: Timestamp,
    base_url: &str,
) -> AppResult<()> {
    let status = s.attempt.response_status;
    let gone = status == Some(410);
    let error = s
        .attempt
        .error
        .clone()
        .unwrap_or_else(|| format!("the receiver answered {}", status.unwrap_or(0)));
    let delay = (!gone)
        .then(|| next_delay(s.attempt.attempt, s.retry_after))
        .flatten();
    let outcome = Outcome {
        status: if delay.is_some() {
            DeliveryStatus::Pending
        } else {
            DeliveryStatus::Failed
        },
        next_attempt_at: now.plus_secs(delay.unwrap_or(0)),
        response_status: status,
        error: Some(&error),
        delivered_at: None,
    };
    wdb::record_outcome(conn, &s.delivery.id, owner, &outcome)?;
    after_failure(conn, s, now, gone, base_url)
}

/// A failed attempt: 410 disables the subscription; otherwise it starts or continues
/// its failing streak, and three days of it disable the subscription too.
fn after_failure(
    conn: &mut DbConn,
    s: &Sent,
    now: Timestamp,
    gone: bool,
    base_url: &str,
) -> AppResult<()> {
    let Some(sub) = wdb::find_subscription(conn, &s.sub.id)? else {
        return Ok(());
    };
    if !sub.enabled {
        return Ok(());
    }
    let reason = if gone {
        Some("the receiver answered 410 Gone".to_string())
    } else {
        match sub.failing_since {
            None => {
                wdb::set_failing_since(conn, &sub.id, Some(now))?;
                None
            }
            Some(since) if since.plus_secs(FAILING_FOR_SECS) <= now => {
                Some("every delivery failed for three days".to_string())
            }
            Some(_) => None,
        }
    };
    if let Some(reason) = reason {
        disable(conn, &sub, &reason, now, base_url)?;
    }
    Ok(())
}

/// Disables a subscription, stops its pending deliveries and mails its owner.
pub fn disable(
    conn: &mut DbConn,
    sub: &Subscription,
    reason: &str,
    now: Timestamp,
    base_url: &str,
) -> AppResult<()> {
    tracing::warn!(subscription = %sub.id, reason, "webhook subscription disabled");
    wdb::set_enabled(conn, &sub.id, false, Some(reason))?;
    wdb::fail_pending_of(conn, &sub.id, reason)?;
    if let Some(owner) = users::find(conn, &sub.owner_id)? {
        let brand = site_settings::load(conn, now)?;
        let email = crate::mail::templates::webhook_disabled(
            &brand,
            crate::mail::recipient_lang(&owner, None, &brand),
            &owner.email,
            &owner.username,
            &sub.url,
            reason,
            &format!("{base_url}/admin/webhooks/{}", sub.id),
        );
        crate::mail::outbox::enqueue(conn, &email, now)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_spans_about_three_days_and_honours_retry_after(
    ) -> Result<(), std::num::TryFromIntError> {
        let total: i64 = SCHEDULE_SECS.iter().sum();
        assert!((2 * 86_400..=3 * 86_400).contains(&total), "{total}");
        assert_eq!(next_delay(1, None), Some(5));
        assert_eq!(next_delay(2, None), Some(300));
        assert_eq!(next_delay(1, Some(120)), Some(120));
        assert_eq!(
            next_delay(i32::try_from(SCHEDULE_SECS.len())? + 1, None),
            None
        );
        Ok(())
    }
}
