//! What every handler can reach: the pool, settings, clock, rate limiters, brand cache.

use std::sync::Arc;

use actix_web::web;
use tokio::sync::Notify;

use crate::auth::rate_limit::RateLimiters;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{DbConn, DbError, DbPool};
use crate::error::{AppError, AppResult};
use crate::views::brand::BrandCache;

#[derive(Clone)]
pub struct AppState {
    pub db: DbPool,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    pub limits: Arc<RateLimiters>,
    /// This node's leases of the `/api/v1` quotas kept in the database.
    pub api_limits: Arc<crate::api::ratelimit::NodeLeases>,
    pub brand: BrandCache,
    /// Rendered anonymous topic pages and the topic-page data every viewer shares.
    pub pages: crate::forums::page_cache::PageCache,
    /// Signed-in members by session, checked against the database on every request.
    pub viewers: crate::auth::viewer::ViewerCache,
    /// API callers by token, checked against the database on every request.
    pub api_callers: crate::auth::api_caller::CallerCache,
    /// Rendered embed fragments, reused for one second (`embed::cache`).
    pub fragments: crate::embed::cache::FragmentCache,
    /// Issue 22: sub-community topic lists as anonymous visitors see them, reused for one
    /// second like the fragments (`forums::routes::lists`).
    pub lists: crate::embed::cache::FragmentCache<crate::http::CachedPage>,
    /// Issue 22: the rows anonymous topic views open with, shared for a quarter second
    /// (`forums::open_cache`).
    pub opens: crate::forums::open_cache::OpenCache,
    /// Issue 22: the sub-community rows anonymous pages inside one open with, by slug,
    /// shared the same way (`forums::open_cache`).
    pub community_opens: crate::forums::open_cache::CommunityOpens,
    /// Wakes the outbox worker when a handler has queued mail.
    pub outbox_wake: Arc<Notify>,
    /// Issue 24: wakes the inbound-mail worker; the SMTP listener's bound address.
    pub inbound: crate::mail_in::InboundHandle,
    /// Issue 22: whether this node runs the scheduled work (`ops::leader`).
    pub leader: crate::ops::leader::Leader,
    /// Issue 22: tells the background workers to stop after the item in hand.
    pub stop: crate::ops::shutdown::StopSignal,
    /// Issue 22 (privacy requests): wakes the privacy job when a request was written.
    pub privacy_wake: Arc<Notify>,
    /// Issue 19: search-log rows waiting to be written (`search::log_buffer`).
    pub search_log: crate::search::log_buffer::SearchLogBuffer,
}

impl AppState {
    /// Runs synchronous database work on the blocking pool, taking the pooled
    /// connection inside the closure so no async worker ever waits on the database.
    pub async fn db<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.db.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await
        .map_err(AppError::from)?
    }

    /// As [`AppState::db`], inside one write transaction through [`DbPool::write`] (the
    /// only way the application writes): returns once it is committed.
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.write_as(f).await?
    }

    /// As [`AppState::write`], for a use case whose own error type tells apart outcomes
    /// that all roll its work back (an address already taken, say).
    pub async fn write_as<T, E, F>(&self, f: F) -> AppResult<Result<T, E>>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        let pool = self.db.clone();
        web::block(move || pool.write(f))
            .await
            .map_err(AppError::from)
    }

    /// Runs the finishing work of writes again if a pass of it failed (see
    /// [`DbPool::finish_left_over`]); no database access otherwise.
    pub async fn finish_left_over(&self) -> AppResult<()> {
        if !self.db.has_left_over() {
            return Ok(());
        }
        let pool = self.db.clone();
        web::block(move || pool.finish_left_over())
            .await
            .map_err(AppError::from)??;
        Ok(())
    }

    pub fn base_url(&self) -> String {
        self.settings.public_base_url()
    }
}
