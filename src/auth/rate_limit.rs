//! Keyed rate limits (GCRA) for sign-in, sign-up and password reset, per client address
//! and per account. Issue 22: the state lives in the database (`db::models::rate_limits`),
//! one atomic upsert per attempt, so N app nodes enforce one budget, not N.
//!
//! The limits read the app's [`Clock`], like session expiry and digests do, so a test
//! moves their time with the manual clock instead of sleeping through a window.

use crate::config::RateLimits;
use crate::db::models::rate_limits;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// One limit: `burst` attempts at once, one more every `interval_micros`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Prefix of the limit's keys, so two limits never share a key's state.
    pub name: &'static str,
    pub interval_micros: i64,
    pub burst: i64,
}

impl Quota {
    fn per(name: &'static str, n: u32, period_secs: i64) -> Self {
        let burst = i64::from(n.max(1));
        Self {
            name,
            interval_micros: (period_secs * 1_000_000 / burst).max(1),
            burst,
        }
    }

    /// The key's row in the shared table.
    pub fn key(&self, key: &str) -> String {
        format!("{}:{key}", self.name)
    }
}

/// The quotas of the account use cases (`[rate_limits]`).
#[derive(Debug, Clone)]
pub struct RateLimiters {
    pub signin_ip: Quota,
    pub signin_account: Quota,
    pub signup_ip: Quota,
    pub reset_ip: Quota,
    pub reset_account: Quota,
}

impl RateLimiters {
    pub fn new(l: &RateLimits) -> Self {
        Self {
            signin_ip: Quota::per("signin-ip", l.signin_per_ip_per_minute, 60),
            signin_account: Quota::per("signin-account", l.signin_per_account_per_minute, 60),
            signup_ip: Quota::per("signup-ip", l.signup_per_ip_per_hour, 3600),
            reset_ip: Quota::per("reset-ip", l.reset_per_ip_per_hour, 3600),
            reset_account: Quota::per("reset-account", l.reset_per_account_per_hour, 3600),
        }
    }
}

/// Takes one unit of `quota` for `key`, or answers 429 with the wait (whole seconds,
/// at least one). The budget is shared by every node on the database.
pub async fn check(state: &AppState, quota: &Quota, key: &str) -> AppResult<()> {
    let now = state.clock.now().micros();
    let row_key = quota.key(key);
    let q = *quota;
    let window = q.interval_micros.saturating_mul(q.burst);
    let attempt = state
        .write(move |conn| {
            Ok(rate_limits::attempt(
                conn,
                &row_key,
                now,
                q.interval_micros,
                window,
            )?)
        })
        .await?;
    if attempt.allowed == 1 {
        return Ok(());
    }
    Err(AppError::RateLimited {
        retry_after_secs: retry_after_secs(attempt.tat, now, q),
    })
}

/// Seconds until the next unit comes back, for a refused attempt whose key's arrival
/// time is `tat`: the attempt fits once `tat + interval - now <= burst × interval`.
pub fn retry_after_secs(tat: i64, now: i64, q: Quota) -> u64 {
    let wait = tat + q.interval_micros - q.interval_micros.saturating_mul(q.burst) - now;
    let secs = (wait + 999_999).div_euclid(1_000_000);
    u64::try_from(secs).unwrap_or(0).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_spread_the_period_over_the_burst() {
        let q = Quota::per("x", 5, 60);
        assert_eq!(q.interval_micros, 12_000_000);
        assert_eq!(q.burst, 5);
        // A zero quota still lets one attempt through a period (the GCRA convention).
        assert_eq!(Quota::per("x", 0, 60).burst, 1);
    }

    #[test]
    fn the_wait_is_until_the_next_unit_comes_back() {
        let q = Quota::per("x", 5, 60);
        // Five spent at t=0: arrival time 60 s; the sixth fits at 12 s.
        assert_eq!(retry_after_secs(60_000_000, 0, q), 12);
        assert_eq!(retry_after_secs(60_000_000, 11_500_000, q), 1);
    }
}
