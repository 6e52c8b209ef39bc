//! Delivers queued mail. Safe with several workers and several processes: each message is
//! claimed with an atomic conditional UPDATE (a lease), sent, then marked sent by its
//! claimant only. A crash between sending and marking leaves the lease to expire and the
//! message is retried (at-least-once; the stable Message-ID lets receivers de-duplicate).

use std::time::Duration;

use lettre::message::Mailbox;

use crate::db::models::outbox::{self, OutboxMessage};
use crate::error::AppResult;
use crate::mail::transport::{build_message, Mailer};
use crate::state::AppState;

const LEASE_SECS: i64 = 120;
const BATCH: i64 = 20;
const MAX_BACKOFF_SECS: i64 = 3600;

pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mailer = match Mailer::from_settings(&state.settings) {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(error = %e, "mail transport could not be configured; mail stays queued");
                return;
            }
        };
        let owner = uuid::Uuid::new_v4().to_string();
        let poll = Duration::from_millis(state.settings.mail.poll_interval_ms.max(10));
        while !state.stop.is_stopping() {
            match run_once(&state, &mailer, &owner).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox pass failed"),
            }
            tokio::select! {
                _ = state.outbox_wake.notified() => {}
                _ = tokio::time::sleep(poll) => {}
                _ = state.stop.stopped() => {}
            }
        }
    })
}

/// One pass over due messages; returns how many were attempted.
pub async fn run_once(state: &AppState, mailer: &Mailer, owner: &str) -> AppResult<usize> {
    let from: Mailbox = state
        .settings
        .mail_from
        .parse()
        .map_err(|e| anyhow::anyhow!("PARLEY_MAIL_FROM is not a valid mailbox: {e}"))?;
    // Mail goes out in the brand's name (the address stays the configured one). lettre
    // encodes the display name, so a name with line breaks cannot add a header.
    let brand = state.brand.last_known();
    let from = if brand.settings.site_name.trim().is_empty() {
        from
    } else {
        Mailbox::new(
            Some(brand.settings.site_name.replace(['\r', '\n'], " ")),
            from.email,
        )
    };
    let host = url::Url::parse(&state.base_url())
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "parley.localhost".into());
    let mut attempted = 0;
    // Issue 22: one message claimed at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL),
    // and none after a shutdown began: the message in hand is finished, not abandoned.
    while (attempted as i64) < BATCH && !state.stop.is_stopping() {
        let Some(message) = claim(state, owner).await? else {
            break;
        };
        attempted += 1;
        if let Some(reason) = still_allowed(state, &message).await? {
            tracing::info!(outbox_id = %message.id, kind = %message.kind, reason = %reason, "mail dropped at sending time");
            let (id, owner) = (message.id.clone(), owner.to_string());
            state
                .write(move |conn| Ok(outbox::mark_dropped(conn, &id, &owner, &reason)?))
                .await?;
            continue;
        }
        let result = match build_message(&message, &from, &host) {
            Ok(msg) => {
                // Issue 24: delivery reports come back to `bounce+<id>@reply_domain`.
                let return_path = crate::mail_in::bounce_address(
                    &state.settings.mail.reply_domain,
                    Some(message.id.as_str()),
                );
                mailer
                    .send_with_return_path(msg, return_path.as_deref())
                    .await
            }
            Err(e) => Err(e),
        };
        record(state, &message, owner, result).await?;
    }
    Ok(attempted)
}

/// Re-checks a notification mail at sending time: the member must still be active and
/// confirmed, and still allowed to see the topic. `Some(reason)` means drop it.
async fn still_allowed(state: &AppState, m: &OutboxMessage) -> AppResult<Option<String>> {
    let Some(user_id) = m.user_id.clone() else {
        return Ok(None); // account mail (confirmation, reset): not a notification
    };
    let topic_id = m.topic_id.clone();
    let recipient = m.recipient.clone();
    let now = state.clock.now();
    state
        .db(move |conn| {
            use crate::db::models::{communities, topics, users};
            let Some(user) = users::find(conn, &user_id)? else {
                return Ok(Some("the member no longer exists".into()));
            };
            if let Some(reason) = crate::auth::Guardian::mail_refusal(&user, now) {
                return Ok(Some(reason.into()));
            }
            if !user.email.eq_ignore_ascii_case(&recipient) {
                return Ok(Some("the member changed their address since".into()));
            }
            let Some(topic_id) = topic_id else {
                return Ok(None);
            };
            let topic = topics::find(conn, &topic_id)?.filter(|t| t.deleted_at.is_none());
            let Some(topic) = topic else {
                return Ok(Some("the topic was deleted".into()));
            };
            let Some(c) = communities::find(conn, &topic.community_id)? else {
                return Ok(Some("the sub-community was deleted".into()));
            };
            let roles = communities::memberships_in(conn, &c.id, std::slice::from_ref(&user.id))?;
            if crate::auth::Guardian::recipient_may_see(&user, roles, &c, now) {
                Ok(None)
            } else {
                Ok(Some(
                    "the member may no longer see this sub-community".into(),
                ))
            }
        })
        .await
}

async fn claim(state: &AppState, owner: &str) -> AppResult<Option<OutboxMessage>> {
    let owner = owner.to_string();
    let now = state.clock.now();
    state
        .write(move |conn| {
            Ok(outbox::claim_next(
                conn,
                &owner,
                now,
                now.plus_secs(LEASE_SECS),
            )?)
        })
        .await
}

async fn record(
    state: &AppState,
    m: &OutboxMessage,
    owner: &str,
    result: Result<(), String>,
) -> AppResult<()> {
    let id = m.id.clone();
    let owner = owner.to_string();
    let now = state.clock.now();
    match result {
        Ok(()) => {
            tracing::info!(outbox_id = %id, kind = %m.kind, "mail sent");
            state
                .write(move |conn| Ok(outbox::mark_sent(conn, &id, &owner, now)?))
                .await?;
        }
        Err(error) => {
            let attempts = m.attempts + 1;
            let retry_at = (attempts < state.settings.mail.max_attempts).then(|| {
                now.plus_secs(backoff_secs(state.settings.mail.retry_base_secs, attempts))
            });
            tracing::warn!(outbox_id = %id, attempts, error = %error, will_retry = retry_at.is_some(), "mail delivery failed");
            state
                .write(move |conn| {
                    Ok(outbox::mark_attempt_failed(
                        conn, &id, &owner, &error, retry_at,
                    )?)
                })
                .await?;
        }
    }
    Ok(())
}

/// base, 2×base, 4×base, … capped at an hour.
pub fn backoff_secs(base: i64, attempts: i32) -> i64 {
    let exp = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    base.max(0)
        .saturating_mul(1i64 << exp)
        .min(MAX_BACKOFF_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff_secs(30, 1), 30);
        assert_eq!(backoff_secs(30, 2), 60);
        assert_eq!(backoff_secs(30, 3), 120);
        assert_eq!(backoff_secs(30, 30), 3600);
    }
}
