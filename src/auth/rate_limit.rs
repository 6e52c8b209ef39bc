//! Keyed rate limits (GCRA via `governor`) for sign-in, sign-up and password reset,
//! per client address and per account. Limits are per process: with several nodes each
//! node enforces its own budget, which bounds an attacker to N times the limit.
//!
//! The limiters read the app's [`Clock`], like session expiry and digests do, so a test
//! moves their time with the manual clock instead of sleeping through a window.

use std::num::NonZeroU32;

use governor::clock::Clock as _;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};

use crate::clock::Clock;
use crate::config::RateLimits;
use crate::error::AppError;

/// The app's clock as governor reads it: nanoseconds since the Unix epoch.
#[derive(Debug, Clone)]
pub struct LimiterClock(Clock);

impl governor::clock::Clock for LimiterClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        let micros = u64::try_from(self.0.now().micros()).unwrap_or(0);
        Nanos::from(micros.saturating_mul(1_000))
    }
}

/// A limit per key (a client address or an account) on the app's clock.
pub type KeyedLimiter =
    RateLimiter<String, DashMapStateStore<String>, LimiterClock, NoOpMiddleware<Nanos>>;

pub struct RateLimiters {
    pub signin_ip: KeyedLimiter,
    pub signin_account: KeyedLimiter,
    pub signup_ip: KeyedLimiter,
    pub reset_ip: KeyedLimiter,
    pub reset_account: KeyedLimiter,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

fn per_hour(n: u32) -> Quota {
    Quota::per_hour(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl RateLimiters {
    pub fn new(l: &RateLimits, clock: Clock) -> Self {
        let keyed = |quota| RateLimiter::dashmap_with_clock(quota, LimiterClock(clock.clone()));
        Self {
            signin_ip: keyed(per_minute(l.signin_per_ip_per_minute)),
            signin_account: keyed(per_minute(l.signin_per_account_per_minute)),
            signup_ip: keyed(per_hour(l.signup_per_ip_per_hour)),
            reset_ip: keyed(per_hour(l.reset_per_ip_per_hour)),
            reset_account: keyed(per_hour(l.reset_per_account_per_hour)),
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
pub fn check(limiter: &KeyedLimiter, key: &str) -> Result<(), AppError> {
    match limiter.check_key(&key.to_string()) {
        Ok(()) => Ok(()),
        Err(not_until) => {
            let wait = not_until.wait_time_from(limiter.clock().now());
            Err(AppError::RateLimited {
                retry_after_secs: wait.as_secs().max(1),
            })
        }
    }
}
