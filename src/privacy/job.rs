//! The background half, scheduled work run by the elected node only (`ops::leader`):
//! archives prepared and mailed, expired archives dropped, accounts erased when their
//! grace period ends. The queue is `privacy_requests` itself (durable: a request
//! written before a crash or on another node is found by the next pass); the job runs
//! every `[privacy] poll_secs` and at once when a request on this node wakes it
//! (`AppState::privacy_wake`). Each item is claimed by a conditional UPDATE in the
//! transaction that does its work, so two passes never do it twice.

use crate::auth::secret::{hash_token, random_token};
use crate::db::models::privacy::{self as requests, Erasure, PrivacyRequest};
use crate::db::models::{audit, settings, users};
use crate::db::Timestamp;
use crate::domain::Username;
use crate::error::{AppError, AppResult};
use crate::i18n::resolve::for_recipient;
use crate::mail::{outbox, templates};
use crate::state::AppState;

/// How long a download link works.
pub const LINK_HOURS: i64 = 72;

/// Starts the job (first pass at once).
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let secs = state.settings.privacy.poll_secs.max(1);
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(secs));
        while !state.stop.is_stopping() {
            tokio::select! {
                _ = tick.tick() => {}
                _ = state.privacy_wake.notified() => {}
                _ = state.stop.stopped() => break,
            }
            if !state.leader.is_leading() {
                continue;
            }
            if let Err(e) = tick_once(&state).await {
                tracing::warn!(error = %e, "privacy requests job failed");
            }
        }
    })
}

/// Everything due now. An idle pass only reads (no write lock taken).
pub async fn tick_once(state: &AppState) -> AppResult<()> {
    prepare_exports(state).await?;
    erase_due(state).await?;
    let now = state.clock.now();
    let expired = state
        .db(move |conn| Ok(requests::any_expired_archive(conn, now)?))
        .await?;
    if expired {
        state
            .write(move |conn| Ok(requests::drop_expired_archives(conn, now).map(|_| ())?))
            .await?;
    }
    Ok(())
}

/// Writes each pending archive and mails its link; returns how many.
pub async fn prepare_exports(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now();
    let base = state.settings.base_url.trim_end_matches('/').to_string();
    let pending = state
        .db(move |conn| Ok(requests::pending_exports(conn)?))
        .await?;
    let mut done = 0;
    for request in pending {
        let base = base.clone();
        let prepared = state
            .write(move |conn| {
                let Some(user) = users::find(conn, &request.user_id)? else {
                    requests::set_status(conn, &request.id, requests::DONE, now)?;
                    return Ok(false);
                };
                let archive = requests::archive(conn, &user.id, now)?.to_string();
                let raw = random_token();
                let expires = now.plus_secs(LINK_HOURS * 3_600);
                // The claim: a request another pass prepared meanwhile is left alone.
                if requests::set_ready(conn, &request.id, &hash_token(&raw), &archive, expires)?
                    == 0
                {
                    return Ok(false);
                }
                let brand = settings::load(conn, now)?;
                let lang = for_recipient(user.language, None, brand.default_language);
                let link = format!("{base}/privacy/export/{raw}");
                let mut email = templates::privacy_export_ready(
                    &brand,
                    lang,
                    &user.email,
                    &user.username,
                    &link,
                    expires,
                );
                email.meta.user_id = Some(user.id.clone());
                outbox::enqueue(conn, &email, now)?;
                Ok(true)
            })
            .await?;
        if prepared {
            done += 1;
        }
    }
    if done > 0 {
        state.outbox_wake.notify_one();
    }
    Ok(done)
}

/// Erases every account whose grace period has ended; returns how many.
pub async fn erase_due(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now();
    let due = state
        .db(move |conn| Ok(requests::due_deletions(conn, now)?))
        .await?;
    let mut erased = 0;
    for request in due {
        if erase_one(state, request).await? {
            erased += 1;
        }
    }
    Ok(erased)
}

/// The "deleted-member-…" name of an account: derived from its id, so the same on
/// every node and never a name someone could have chosen (the id is not shown).
fn deleted_name(request: &PrivacyRequest) -> AppResult<Username> {
    let name = format!(
        "deleted-member-{}",
        &hash_token(request.user_id.as_str())[..12]
    );
    Username::parse(&name)
        .map_err(|_| AppError::Unexpected(anyhow::anyhow!("{name} is not a valid username")))
}

/// Erases one account whose deletion is due, in one transaction that first claims the
/// request (false when it was cancelled or taken meanwhile).
pub async fn erase_one(state: &AppState, request: PrivacyRequest) -> AppResult<bool> {
    let now = state.clock.now();
    let name = deleted_name(&request)?;
    state
        .write(move |conn| {
            if requests::claim_due_deletion(conn, &request.id, now)? == 0 {
                return Ok(false);
            }
            let brand = settings::load(conn, now)?;
            let lang = for_recipient(None, None, brand.default_language);
            let notice = crate::t!(lang, "privacy-removed-post");
            let html = maud::html! { p { em { (notice) } } }.into_string();
            let erased = requests::erase(
                conn,
                &request.user_id,
                &Erasure {
                    name: name.as_str(),
                    key: name.key(),
                    skeleton: name.skeleton(),
                    notice: request
                        .remove_posts
                        .then_some((notice.as_str(), html.as_str())),
                },
            )?;
            // The fact, by account id only: the log keeps no personal data.
            if erased {
                audit::record(
                    conn,
                    None,
                    "privacy.erased",
                    "user",
                    request.user_id.as_str(),
                    if request.remove_posts {
                        "posts replaced"
                    } else {
                        "posts kept"
                    },
                    now,
                )?;
            }
            Ok(erased)
        })
        .await
}

/// When a deletion asked for at `now` is erased, with the deployment's grace period.
pub fn due_after_grace(state: &AppState, now: Timestamp) -> Timestamp {
    now.plus_secs(state.settings.privacy.deletion_grace_days.max(0) * 86_400)
}
