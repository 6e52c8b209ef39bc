//! What every handler can reach: the pool, settings, clock, rate limiters, brand cache.

use std::sync::Arc;

use actix_web::web;
use tokio::sync::Notify;

use crate::auth::rate_limit::RateLimiters;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{DbConn, DbPool};
use crate::error::{AppError, AppResult};
use crate::views::brand::BrandCache;

#[derive(Clone)]
pub struct AppState {
    pub db: DbPool,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    pub limits: Arc<RateLimiters>,
    pub brand: BrandCache,
    /// Rendered anonymous topic pages and the topic-page data every viewer shares.
    pub pages: crate::forums::page_cache::PageCache,
    /// Signed-in members by session, checked against the database on every request.
    pub viewers: crate::auth::viewer::ViewerCache,
    /// Wakes the outbox worker when a handler has queued mail.
    pub outbox_wake: Arc<Notify>,
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

    /// As [`AppState::db`], inside one write transaction (BEGIN IMMEDIATE on SQLite).
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.db.clone();
        web::block(move || pool.write(f))
            .await
            .map_err(AppError::from)?
    }

    pub fn base_url(&self) -> String {
        self.settings.public_base_url()
    }
}
