//! Time is injected so expiry, backoff and digests can be tested without sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use crate::db::Timestamp;

#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    /// A clock that only moves when told to (tests).
    Manual(Arc<AtomicI64>),
}

impl Clock {
    pub fn manual_at(now: Timestamp) -> Self {
        Clock::Manual(Arc::new(AtomicI64::new(now.micros())))
    }

    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => {
                let us = time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1000;
                Timestamp::from_micros(i64::try_from(us).unwrap_or(i64::MAX))
            }
            Clock::Manual(t) => Timestamp::from_micros(t.load(Ordering::SeqCst)),
        }
    }

    /// Moves a manual clock forward; the system clock cannot be moved.
    pub fn advance_micros(&self, micros: i64) {
        if let Clock::Manual(t) = self {
            t.fetch_add(micros, Ordering::SeqCst);
        }
    }

    pub fn advance_secs(&self, secs: i64) {
        if let Clock::Manual(t) = self {
            t.fetch_add(secs.saturating_mul(1_000_000), Ordering::SeqCst);
        }
    }
}
