//! Processes stored inbound mail. Like the outbox worker: each message is claimed with an
//! atomic conditional UPDATE (a lease), so several workers and processes never process
//! one twice at the same time; its claimant records the disposition. Routing: a delivery
//! report (sent to the bounce address, or shaped like one) goes to [`bounces`]; mail to
//! a reply address to [`crate::reply_mail::handle`]; anything else is dropped. An `Err`
//! from either is transient: the message is retried with backoff, and marked failed
//! (visible, and retryable, on /admin/inbound) after [`MAX_ATTEMPTS`].
//!
//! Each pass first imports the spool (messages accepted while the database was down).

use std::time::Duration;

use crate::db::models::inbound_mail::{self, InboundMail};
use crate::error::AppResult;
use crate::mail_in::{bounces, store};
use crate::reply_mail::{self, Disposition, Inbound};
use crate::state::AppState;

const LEASE_SECS: i64 = 300;
const BATCH: i64 = 20;
const MAX_BACKOFF_SECS: i64 = 3600;
/// Attempts before a message is marked failed.
pub const MAX_ATTEMPTS: i32 = 8;

pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let owner = uuid::Uuid::new_v4().to_string();
        let poll = Duration::from_millis(state.settings.mail.poll_interval_ms.max(10));
        while !state.stop.is_stopping() {
            if let Err(e) = store::import_spool(&state).await {
                tracing::warn!(error = %e, "inbound spool import failed; will try again");
            }
            match run_once(&state, &owner).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "inbound mail pass failed"),
            }
            tokio::select! {
                _ = state.inbound.woken() => {}
                _ = tokio::time::sleep(poll) => {}
                _ = state.stop.stopped() => {}
            }
        }
    })
}

/// One pass over due messages; returns how many were attempted.
pub async fn run_once(state: &AppState, owner: &str) -> AppResult<usize> {
    let mut attempted = 0;
    // Issue 22: one message claimed at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL),
    // none after a shutdown began.
    while (attempted as i64) < BATCH && !state.stop.is_stopping() {
        let Some(mail) = claim(state, owner).await? else {
            break;
        };
        attempted += 1;
        let result = route(state, &mail).await;
        record(state, &mail, owner, result).await?;
    }
    Ok(attempted)
}

async fn claim(state: &AppState, owner: &str) -> AppResult<Option<InboundMail>> {
    let owner = owner.to_string();
    let now = state.clock.now();
    state
        .write(move |conn| {
            Ok(inbound_mail::claim_next(
                conn,
                &owner,
                now,
                now.plus_secs(LEASE_SECS),
            )?)
        })
        .await
}

/// Where a message goes; `(disposition, reason)` for the admin page.
async fn route(state: &AppState, mail: &InboundMail) -> AppResult<(String, String)> {
    let to_bounce_address =
        crate::mail_in::parse_bounce_address(&state.settings.mail.reply_domain, &mail.recipient)
            .is_some();
    if to_bounce_address || bounces::is_report(&mail.raw) {
        return bounces::handle(state, mail).await;
    }
    if reply_mail::is_reply_address(state, &mail.recipient) {
        let inbound = Inbound {
            id: mail.id.as_str(),
            recipient: &mail.recipient,
            sender: &mail.envelope_from,
            raw: &mail.raw,
        };
        return Ok(match reply_mail::handle(state, &inbound).await? {
            Disposition::Posted { post_id, held } => {
                ((if held { "held" } else { "posted" }).into(), post_id)
            }
            Disposition::Refused { reason } => ("refused".into(), reason),
            Disposition::Dropped { reason } => ("dropped".into(), reason),
        });
    }
    Ok((
        "dropped".into(),
        "not addressed to a reply or bounce address".into(),
    ))
}

async fn record(
    state: &AppState,
    mail: &InboundMail,
    owner: &str,
    result: AppResult<(String, String)>,
) -> AppResult<()> {
    let id = mail.id.clone();
    let owner = owner.to_string();
    let now = state.clock.now();
    match result {
        Ok((disposition, reason)) => {
            tracing::info!(inbound_id = %id, %disposition, %reason, "inbound mail processed");
            state
                .write(move |conn| {
                    inbound_mail::mark_done(conn, &id, &owner, &disposition, &reason, now)?;
                    Ok(())
                })
                .await
        }
        Err(e) => {
            let attempts = mail.attempts + 1;
            let retry_at = (attempts < MAX_ATTEMPTS).then(|| {
                let backoff = 30_i64
                    .saturating_mul(1 << attempts.min(16))
                    .min(MAX_BACKOFF_SECS);
                now.plus_secs(backoff)
            });
            tracing::warn!(inbound_id = %id, attempts, error = %e, "inbound mail attempt failed");
            let error = e.to_string();
            state
                .write(move |conn| {
                    inbound_mail::mark_attempt_failed(conn, &id, &owner, &error, retry_at)?;
                    Ok(())
                })
                .await
        }
    }
}
