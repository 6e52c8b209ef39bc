//! Silences, suspensions and bans: from a member's page or from the review queue, applied
//! at once with their audit row and the member's mail in one transaction.

use crate::auth::Guardian;
use crate::db::models::audit::{self, Change};
use crate::db::models::users::{self, User};
use crate::db::models::{sessions, settings as site_settings};
use crate::db::{CommunityId, DbConn, SanctionKind, Timestamp, UserId};
use crate::domain::BoundedText;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::mail::{outbox, templates};
use crate::state::AppState;

/// A ban is a suspension until the last second of year 9999 (still a printable date).
pub const BAN_UNTIL: Timestamp = Timestamp::from_micros(253_402_300_799_000_000);

pub struct SanctionInput {
    pub kind: String,
    pub days: String,
    pub reason: String,
}

/// A sanction parsed from its form: what, for how many days (0 for a ban or a lift), why.
pub(super) struct ParsedSanction {
    pub(super) kind: SanctionKind,
    pub(super) days: i64,
    pub(super) reason: String,
}

pub(super) fn parse_sanction(input: &SanctionInput) -> AppResult<ParsedSanction> {
    let mut errors = FieldErrors::new();
    let kind = input
        .kind
        .parse::<SanctionKind>()
        .map_err(|_| errors.insert("kind", crate::error::Msg::key("validation-choose-sanction")))
        .ok();
    let days = match kind {
        Some(SanctionKind::Silence | SanctionKind::Suspend) => input
            .days
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .ok_or_else(|| errors.insert("days", crate::error::Msg::key("validation-days-range")))
            .ok(),
        _ => Some(0),
    };
    let min = if kind == Some(SanctionKind::Lift) {
        0
    } else {
        3
    };
    let reason = BoundedText::parse(&input.reason, "validation-field-reason", min, 500, false)
        .map_err(|e| errors.insert("reason", e))
        .ok();
    match (kind, days, reason) {
        (Some(kind), Some(days), Some(reason)) if errors.is_empty() => Ok(ParsedSanction {
            kind,
            days,
            reason: reason.into_string(),
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Silences, suspends, bans or lifts sanctions on a member, outside the queue.
pub async fn sanction(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    target: &User,
    input: SanctionInput,
) -> AppResult<()> {
    guardian.ensure(guardian.can_sanction(target, None))?;
    let parsed = parse_sanction(&input)?;
    let (actor_id, target, now) = (actor.id.clone(), target.clone(), state.clock.now());
    state
        .write(move |conn| apply_sanction(conn, &actor_id, &target, &parsed, None, now))
        .await?;
    state.outbox_wake.notify_one();
    Ok(())
}

fn fmt_until(t: Option<Timestamp>) -> String {
    t.map(|t| t.rfc3339()).unwrap_or_default()
}

/// Applies a sanction at once: sessions are deleted with a suspension or ban, and the
/// member is told by mail through the outbox, in the same transaction.
pub(super) fn apply_sanction(
    conn: &mut DbConn,
    actor: &UserId,
    target: &User,
    s: &ParsedSanction,
    community: Option<&CommunityId>,
    now: Timestamp,
) -> AppResult<()> {
    let current = users::find(conn, &target.id)?.ok_or(AppError::NotFound)?;
    let (action, before, after) = match s.kind {
        SanctionKind::Silence => {
            let until = now.plus_secs(s.days * 86_400);
            users::set_silence(conn, &target.id, Some(until), now)?;
            (
                "user.silence",
                fmt_until(current.silenced_until),
                until.rfc3339(),
            )
        }
        SanctionKind::Suspend | SanctionKind::Ban => {
            let until = if s.kind == SanctionKind::Ban {
                BAN_UNTIL
            } else {
                now.plus_secs(s.days * 86_400)
            };
            users::set_suspension(conn, &target.id, Some(until), Some(&s.reason), now)?;
            sessions::delete_all_for_user(conn, &target.id)?;
            let brand = site_settings::load(conn, now)?;
            // A sanction in a sub-community speaks its default language to a member
            // who chose none.
            let in_community = community
                .map(|c| crate::db::models::communities::default_language(conn, c))
                .transpose()?;
            let email = templates::account_suspended(
                &brand,
                crate::mail::recipient_lang(&current, in_community, &brand),
                &current.email,
                &current.username,
                (s.kind == SanctionKind::Suspend).then_some(until),
                &s.reason,
            );
            outbox::enqueue(conn, &email, now)?;
            let name = if s.kind == SanctionKind::Ban {
                "user.ban"
            } else {
                "user.suspend"
            };
            (name, fmt_until(current.suspended_until), until.rfc3339())
        }
        SanctionKind::Lift => {
            users::set_silence(conn, &target.id, None, now)?;
            users::set_suspension(conn, &target.id, None, None, now)?;
            (
                "user.lift_sanctions",
                format!(
                    "silenced {}; suspended {}",
                    fmt_until(current.silenced_until),
                    fmt_until(current.suspended_until)
                ),
                String::new(),
            )
        }
    };
    crate::webhooks::events::member_sanctioned(conn, &current, s.kind, community, now)?;
    audit::record_change(
        conn,
        &Change {
            actor: Some(actor),
            action,
            target_type: "user",
            target_id: target.id.as_str(),
            community,
            details: &s.reason,
            before: &before,
            after: &after,
        },
        now,
    )?;
    Ok(())
}
