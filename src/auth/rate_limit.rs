//! Keyed rate limits (GCRA via `governor`) for sign-in, sign-up and password reset,
//! per client address and per account. Limits are per process: with several nodes each
//! node enforces its own budget, which bounds an attacker to N times the limit.

use std::num::NonZeroU32;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::RateLimits;
use crate::error::AppError;

pub struct RateLimiters {
    pub signin_ip: DefaultKeyedRateLimiter<String>,
    pub signin_account: DefaultKeyedRateLimiter<String>,
    pub signup_ip: DefaultKeyedRateLimiter<String>,
    pub reset_ip: DefaultKeyedRateLimiter<String>,
    pub reset_account: DefaultKeyedRateLimiter<String>,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

fn per_hour(n: u32) -> Quota {
    Quota::per_hour(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl RateLimiters {
    pub fn new(l: &RateLimits) -> Self {
        Self {
            signin_ip: RateLimiter::keyed(per_minute(l.signin_per_ip_per_minute)),
            signin_account: RateLimiter::keyed(per_minute(l.signin_per_account_per_minute)),
            signup_ip: RateLimiter::keyed(per_hour(l.signup_per_ip_per_hour)),
            reset_ip: RateLimiter::keyed(per_hour(l.reset_per_ip_per_hour)),
            reset_account: RateLimiter::keyed(per_hour(l.reset_per_account_per_hour)),
        }
    }
}

impl RateLimiters {
    /// Drops keys whose budget is full again, so memory stays bounded under address churn.
    pub fn retain_recent(&self) {
        for l in [
            &self.signin_ip,
            &self.signin_account,
            &self.signup_ip,
            &self.reset_ip,
            &self.reset_account,
        ] {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }
}

/// Takes one unit from `limiter` for `key`, or answers 429 with the wait.
pub fn check(limiter: &DefaultKeyedRateLimiter<String>, key: &str) -> Result<(), AppError> {
    match limiter.check_key(&key.to_string()) {
        Ok(()) => Ok(()),
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            Err(AppError::RateLimited {
                retry_after_secs: wait.as_secs().max(1),
            })
        }
    }
}
