//! The one background job of the outcome dashboard: every `facts_interval_secs` it
//! recomputes the daily facts of the last `recompute_days` days (so late events count),
//! fills in late answers to older questions, and queues the monthly outcome mail once a
//! month. Started in `Application::build` when `[outcomes] worker` is on.

use crate::db::{DbConn, Timestamp};
use crate::error::AppResult;
use crate::outcomes::facts::{self, day_of, day_start};
use crate::state::AppState;

/// Starts the job (first run at once).
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let secs = state.settings.outcomes.facts_interval_secs.max(1);
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(secs));
        // Issue 22: scheduled work, run by the elected node only (`ops::leader`).
        while !state.stop.is_stopping() {
            tokio::select! {
                _ = tick.tick() => {}
                _ = state.stop.stopped() => break,
            }
            if !state.leader.is_leading() {
                continue;
            }
            if let Err(e) = run_once(&state).await {
                tracing::warn!(error = %e, "outcome facts job failed");
            }
        }
    })
}

/// The first day one run recomputes, for `now`.
pub fn window_start(now: Timestamp, recompute_days: i64) -> i64 {
    day_of(now) - (recompute_days.max(1) - 1)
}

/// One run: each day of the window in its own write transaction (delete-and-insert,
/// idempotent), then the late answers to older questions, then the monthly mail.
pub async fn run_once(state: &AppState) -> AppResult<()> {
    let now = state.clock.now();
    let first = window_start(now, state.settings.outcomes.recompute_days);
    for day in first..=day_of(now) {
        state
            .write(move |conn| Ok(facts::recompute_day(conn, day, now)?))
            .await?;
    }
    state
        .write(move |conn| Ok(facts::fill_late(conn, day_start(first), first, now)?))
        .await?;
    crate::outcomes::mail::send_monthly(state).await?;
    Ok(())
}

/// Recomputes the days `from..=to` on purpose (`parley outcomes recompute --from DATE`):
/// one write transaction per day; `progress` is told after each day.
pub fn recompute_range(
    conn: &mut DbConn,
    from: i64,
    to: i64,
    now: Timestamp,
    mut progress: impl FnMut(i64),
) -> anyhow::Result<()> {
    for day in from..=to {
        crate::db::write_batch(conn, |c| facts::recompute_day(c, day, now))?;
        progress(day);
    }
    Ok(())
}

/// `YYYY-MM-DD` as a day number.
pub fn parse_day(s: &str) -> Option<i64> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    let date = time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()?;
    let epoch = time::macros::date!(1970 - 01 - 01);
    Some(i64::from(date.to_julian_day()) - i64::from(epoch.to_julian_day()))
}

/// A day number as `YYYY-MM-DD`.
pub fn day_string(day: i64) -> String {
    day_start(day).date_string()
}
