//! Rate limits on `/api/v1`, per token (`api.rate_limit_per_token`) and, for calls
//! without a token, per client address (`api.rate_limit_per_address`), in fixed
//! one-minute windows shared by every app node.
//!
//! The count lives in the database (`db::models::api_rate`), but a request does not
//! write it: each node leases a block of the window's quota with one atomic upsert and
//! spends it in memory ([`NodeLeases`]), going back for another block when it runs out.
//! Blocks shrink as the window's quota does, and the database refuses to hand out more
//! than the limit, so all nodes together never exceed it; a node that holds unspent
//! units when another runs dry makes the others stop a little early, never late.
//!
//! Every answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
//! (IETF draft names); over the limit it is a 429 problem with `Retry-After`. The
//! remaining count is this node's view (the window's unleased quota plus its own lease).

use std::collections::HashMap;
use std::sync::Mutex;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use crate::auth::api_caller::caller_key;
use crate::db::models::api_rate;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Window length, in seconds.
pub const WINDOW_SECS: i64 = 60;

/// This node's unspent lease of one key's current window.
#[derive(Debug, Clone, Copy)]
struct NodeLease {
    window: i64,
    /// Units leased and not spent yet.
    left: i64,
    /// What the whole window had handed out at the last lease (all nodes).
    leased_in_all: i64,
    /// The database had nothing left to lease in this window.
    spent: bool,
}

/// What a request was told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub limit: i64,
    pub remaining: i64,
    /// Seconds until the window ends.
    pub reset: i64,
}

/// This node's leases, by key. Only the current window of a key is kept.
#[derive(Debug, Default)]
pub struct NodeLeases {
    leases: Mutex<HashMap<String, NodeLease>>,
}

impl NodeLeases {
    /// Spends one unit of `key`'s quota (`limit` a window) at `now_secs`, leasing a new
    /// block from the database when this node's is used up.
    pub async fn check(
        &self,
        state: &AppState,
        key: &str,
        limit: i64,
        now_secs: i64,
    ) -> AppResult<Decision> {
        let window = now_secs.div_euclid(WINDOW_SECS) * WINDOW_SECS;
        let reset = window + WINDOW_SECS - now_secs;
        if let Some(decision) = self.spend(key, window, limit, reset) {
            return Ok(decision);
        }
        let owned_key = key.to_string();
        let lease = state
            .write(move |conn| Ok(api_rate::lease(conn, &owned_key, window, limit)?))
            .await?;
        if let Ok(mut leases) = self.leases.lock() {
            let entry = leases.entry(key.to_string()).or_insert(NodeLease {
                window,
                left: 0,
                leased_in_all: 0,
                spent: false,
            });
            if entry.window != window {
                *entry = NodeLease {
                    window,
                    left: 0,
                    leased_in_all: 0,
                    spent: false,
                };
            }
            entry.left += lease.granted;
            entry.leased_in_all = entry.leased_in_all.max(lease.used);
            entry.spent = lease.granted == 0;
        }
        Ok(self.spend(key, window, limit, reset).unwrap_or(Decision {
            allowed: false,
            limit,
            remaining: 0,
            reset,
        }))
    }

    /// Spends from this node's lease; `None` when a new lease is needed.
    fn spend(&self, key: &str, window: i64, limit: i64, reset: i64) -> Option<Decision> {
        let mut leases = self.leases.lock().ok()?;
        let lease = leases.get_mut(key).filter(|l| l.window == window)?;
        if lease.left > 0 {
            lease.left -= 1;
            return Some(Decision {
                allowed: true,
                limit,
                remaining: (limit - lease.leased_in_all).max(0) + lease.left,
                reset,
            });
        }
        lease.spent.then_some(Decision {
            allowed: false,
            limit,
            remaining: 0,
            reset,
        })
    }

    /// Drops leases of windows before the one at `now_secs` (housekeeping).
    pub fn forget_old(&self, now_secs: i64) {
        let window = now_secs.div_euclid(WINDOW_SECS) * WINDOW_SECS;
        if let Ok(mut leases) = self.leases.lock() {
            leases.retain(|_, l| l.window >= window);
        }
    }
}

fn header(name: &'static str, value: i64) -> (HeaderName, HeaderValue) {
    (HeaderName::from_static(name), HeaderValue::from(value))
}

/// The middleware on the `/api/v1` scope.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let (key, is_token) = caller_key(req.request(), state.settings.trust_proxy);
    let limit = i64::from(if is_token {
        state.settings.api.rate_limit_per_token
    } else {
        state.settings.api.rate_limit_per_address
    });
    if limit == 0 {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let now_secs = state.clock.now().micros().div_euclid(1_000_000);
    let decision = match state.api_limits.check(&state, &key, limit, now_secs).await {
        Ok(d) => d,
        Err(e) => return Ok(req.error_response(e)),
    };
    let mut res = if decision.allowed {
        next.call(req).await?.map_into_boxed_body()
    } else {
        req.error_response(AppError::RateLimited {
            retry_after_secs: u64::try_from(decision.reset).unwrap_or(1),
        })
    };
    let headers = res.headers_mut();
    for (name, value) in [
        header("ratelimit-limit", decision.limit),
        header("ratelimit-remaining", decision.remaining),
        header("ratelimit-reset", decision.reset),
    ] {
        headers.insert(name, value);
    }
    Ok(res)
}
