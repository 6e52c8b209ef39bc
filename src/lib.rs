//! Parley: a self-hosted corporate community platform.
//!
//! Request path: `http::routes` -> feature handler (`accounts/`, `communities/`, ...) ->
//! the feature's service functions -> `db::models` -> a maud view in the feature's
//! `views.rs`, wrapped by `views::layout`.

// A panic in a request or a background task is an outage for whoever hit it: errors
// become `AppError`. Tests may unwrap; start-up code that may, says why where it does.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod accounts;
pub mod admin;
pub mod api;
pub mod auth;
pub mod bench_data;
pub mod cli;
pub mod clock;
pub mod communities;
pub mod config;
pub mod db;
pub mod demo;
pub mod demo_embed;
pub mod demo_escalations; // issue 20
pub mod demo_invitations; // issue 24
pub mod demo_mail; // issue 24
pub mod demo_merge;
pub mod demo_more; // issues 20 and 24
pub mod demo_outcomes; // issue 20
pub mod demo_queue;
pub mod demo_search; // issue 19 (search-ui)
                     // Issue 19: the demo's wiki topic.
pub mod demo_wiki;
pub mod domain;
pub mod embed;
pub mod error;
pub mod escalations; // issue 20
pub mod feeds;
pub mod forums;
pub mod http;
pub mod i18n; // issue 21
pub mod invitations; // issue 24
pub mod mail;
pub mod mail_in; // issue 24
pub mod members;
pub mod moderation;
pub mod notifications;
pub mod outcomes; // issue 20
pub mod privacy; // issue 22 (privacy requests)
                 // Issue 19: `parley reindex` (search index rebuild).
pub mod reindex;
pub mod reply_mail; // issue 24
pub mod search;
pub mod seo;
pub mod setup;
pub mod sso;
// Issue 23: the demo's single sign-on key.
pub mod demo_sso;
pub mod ops; // issue 22 (operations)
pub mod state;
pub mod telemetry;
pub mod views;
pub mod webhooks;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use tokio::sync::Notify;
use tracing_actix_web::TracingLogger;

use crate::auth::rate_limit::RateLimiters;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::DbPool;
use crate::state::AppState;
use crate::views::brand::BrandCache;

/// The running application: a bound listener, the HTTP server and the mail worker.
/// Tests build it on port 0 and talk to it over HTTP.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    worker: Option<tokio::task::JoinHandle<()>>,
    composer: Option<tokio::task::JoinHandle<()>>,
    hooks: Option<tokio::task::JoinHandle<()>>,
    outcomes: Option<tokio::task::JoinHandle<()>>,
    housekeeping: tokio::task::JoinHandle<()>,
    /// Issue 22: the privacy requests job.
    privacy: tokio::task::JoinHandle<()>,
    search_log: tokio::task::JoinHandle<()>,
    /// Issue 24: the inbound SMTP listener, IMAP poller and inbound worker that run.
    inbound: Vec<tokio::task::JoinHandle<()>>,
    /// Issue 22: the leader election's retries (PostgreSQL).
    election: Option<tokio::task::JoinHandle<()>>,
    // Issue 22 (operations): metrics, the serve lock, graceful shutdown.
    ops: ops::Running,
}

impl Application {
    /// Connects to the database, applies migrations, binds the listener and starts the
    /// mail worker. Nothing is served until [`Application::run_until_stopped`].
    pub async fn build(mut settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        let url = settings.database().map_err(anyhow::Error::msg)?;
        auth::password::start_hashers()?;
        let pool = {
            let url = url.clone();
            let size = settings.pool_size;
            tokio::task::spawn_blocking(move || -> anyhow::Result<DbPool> {
                let pool = DbPool::connect(&url, size)?;
                let applied = pool.migrate()?;
                if applied > 0 {
                    tracing::info!(applied, "database migrations applied");
                }
                Ok(pool)
            })
            .await??
        };
        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        if settings.base_url.trim().is_empty() {
            // Links in mail must name the port actually bound (port 0 in tests).
            settings.base_url = format!("http://{}", listener.local_addr()?);
        }
        let state = AppState {
            db: pool,
            pages: forums::page_cache::PageCache::new(settings.page_cache_mib),
            limits: Arc::new(RateLimiters::new(&settings.rate_limits)),
            api_limits: Arc::default(),
            settings: Arc::new(settings),
            clock,
            brand: BrandCache::default(),
            viewers: auth::viewer::ViewerCache::default(),
            api_callers: auth::api_caller::CallerCache::default(),
            fragments: embed::cache::FragmentCache::default(),
            lists: embed::cache::FragmentCache::default(),
            opens: forums::open_cache::OpenCache::default(),
            community_opens: forums::open_cache::CommunityOpens::default(),
            outbox_wake: Arc::new(Notify::new()),
            inbound: mail_in::InboundHandle::default(),
            leader: ops::leader::Leader::for_database(&url),
            stop: ops::shutdown::StopSignal::default(),
            privacy_wake: Arc::new(Notify::new()),
            search_log: search::log_buffer::SearchLogBuffer::default(),
        };
        // Issue 22: one round of the election before the workers start, so a lone node
        // runs its scheduled work from the first pass; then a round every few seconds.
        state.leader.try_lead().await;
        let election = state.leader.spawn();
        notifications::fanout::drain_after_each_write(&state);
        let worker = state
            .settings
            .mail
            .worker
            .then(|| mail::worker::spawn(state.clone()));
        let composer = state
            .settings
            .mail
            .worker
            .then(|| notifications::mailer::spawn(state.clone()));
        let hooks = state
            .settings
            .webhooks
            .worker
            .then(|| webhooks::deliver::spawn(state.clone()));
        // Issue 20: the outcome facts job (and the monthly outcome mail).
        let outcomes = state
            .settings
            .outcomes
            .worker
            .then(|| outcomes::job::spawn(state.clone()));
        let housekeeping = tokio::spawn(housekeeping(state.clone()));
        // Issue 22: data exports to prepare, accounts to erase (the elected node).
        let privacy = privacy::job::spawn(state.clone());
        // Issue 19: the search log, written behind the searches (every node).
        let search_log = search::log_buffer::spawn(state.clone());
        let inbound = start_inbound_mail(&state).await?;
        setup::announce_if_needed(&state).await?;
        // Error pages show the brand from the first request on.
        state.brand.get(&state).await?;
        // Issue 22 (operations).
        let ops = ops::Running::start(&state)?;
        let server = build_server(listener, state.clone(), ops.metrics.clone())?;
        tracing::info!(port, database = %url.display(), "Parley listening");
        Ok(Self {
            port,
            server,
            state,
            worker,
            composer,
            hooks,
            outcomes,
            housekeeping,
            privacy,
            search_log,
            inbound,
            election,
            ops,
        })
    }

    // Issue 22 (operations).
    /// Stops the server as SIGTERM would (`stop(true)`: drain requests in flight).
    pub fn server_handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// The metrics-only server's port (`[metrics] bind`), when configured.
    pub fn metrics_port(&self) -> Option<u16> {
        self.ops.metrics_port()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        // Issue 22: requests drained first, then the workers (see `ops::shutdown`).
        let result = self.server.await;
        self.ops.stop().await;
        let workers = [
            self.worker,
            self.composer,
            self.hooks,
            self.outcomes,
            Some(self.housekeeping),
            Some(self.privacy),
            Some(self.search_log),
        ];
        let mut tasks: Vec<_> = workers.into_iter().flatten().collect();
        tasks.extend(self.inbound);
        ops::shutdown::stop_workers(&self.state.stop, tasks).await;
        // Issue 22: hand the scheduled work over to another node at once.
        self.state.leader.resign();
        if let Some(election) = self.election {
            election.abort();
            let _ = election.await;
        }
        result
    }
}

/// Issue 24: the inbound SMTP listener (`[inbound_smtp] bind`), the IMAP poller
/// (`[inbound_imap] url`) and the inbound worker (`[mail] inbound_worker`), as configured.
async fn start_inbound_mail(state: &AppState) -> anyhow::Result<Vec<tokio::task::JoinHandle<()>>> {
    let mut tasks = Vec::new();
    if !state.settings.inbound_smtp.bind.trim().is_empty() {
        tasks.push(mail_in::smtp::start(state.clone()).await?);
    }
    tasks.extend(mail_in::imap::spawn(state.clone()));
    if state.settings.mail.inbound_worker {
        tasks.push(mail_in::worker::spawn(state.clone()));
    }
    Ok(tasks)
}

/// Every minute: forget past API quota windows of this node (bounded memory); on the
/// elected node only (issue 22), delete settled rate-limit keys, expired sessions and
/// idempotency keys, and re-check single sign-on members.
async fn housekeeping(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    while !state.stop.is_stopping() {
        tokio::select! {
            _ = tick.tick() => {}
            _ = state.stop.stopped() => break,
        }
        let now = state.clock.now();
        let now_secs = now.micros().div_euclid(1_000_000);
        state.api_limits.forget_old(now_secs);
        if state.leader.is_leading() {
            clean_up(&state).await;
        }
    }
}

/// Housekeeping's shared clean-ups (scheduled work: the leader runs them).
pub async fn clean_up(state: &AppState) {
    let now = state.clock.now();
    let now_secs = now.micros().div_euclid(1_000_000);
    let retention_days = state.settings.search.log_retention_days;
    if let Err(e) = state
        .write(move |conn| {
            db::models::sessions::delete_expired(conn, now)?;
            db::models::api_idempotency::delete_expired(conn, now)?;
            db::models::embed::delete_expired(conn, now)?;
            db::models::api_tokens::delete_expired_embed(conn, now)?;
            // Issue 19 (search-ui): the search log's retention.
            crate::search::service::prune_log(conn, now, retention_days)?;
            db::models::sso_identities::delete_expired(conn, now)?;
            db::models::api_rate::delete_before(conn, now_secs - 2 * api::ratelimit::WINDOW_SECS)?;
            // Issue 22: sign-in/sign-up/reset keys whose budget is full again.
            db::models::rate_limits::delete_settled(conn, now.micros())?;
            Ok(())
        })
        .await
    {
        tracing::warn!(error = %e, "clean-up failed");
    }
    // Issue 23: members signed in through SSO, checked again with the provider.
    if let Err(e) = sso::leave::recheck_due(state).await {
        tracing::warn!(error = %e, "single sign-on re-check failed");
    }
}

fn build_server(
    listener: TcpListener,
    state: AppState,
    metrics: ops::metrics::Registry,
) -> std::io::Result<Server> {
    let max_body = state.settings.max_body_bytes;
    let data = web::Data::new(state);
    // Issue 22 (operations).
    let metrics = web::Data::new(metrics);
    let door = web::Data::new(ops::metrics::Door::Main);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(metrics.clone()) // issue 22
            .app_data(door.clone()) // issue 22
            .app_data(web::FormConfig::default().limit(max_body))
            .app_data(web::JsonConfig::default().limit(max_body))
            .app_data(web::PayloadConfig::default().limit(max_body))
            .configure(http::routes::configure)
            .default_service(web::to(http::routes::not_found))
            // Issue 21: `?lang=` remembered in a cookie.
            .wrap(actix_web::middleware::from_fn(i18n::remember::middleware))
            .wrap(actix_web::middleware::from_fn(http::csrf::middleware))
            .wrap(actix_web::middleware::from_fn(http::errors::middleware))
            .wrap(actix_web::middleware::from_fn(http::headers::middleware))
            .wrap(actix_web::middleware::Compress::default())
            // Issue 22: HEAD for every GET route, then request metrics around it all.
            .wrap(actix_web::middleware::from_fn(ops::head::middleware))
            .wrap(actix_web::middleware::from_fn(ops::metrics::middleware))
            .wrap(TracingLogger::default())
    })
    // Compressed responses leave in several writes (headers, then the encoder's chunks);
    // with Nagle's algorithm the last small one waited for the client's delayed ACK,
    // about 40 ms per page. Every response is written whole as soon as it is ready.
    .on_connect(|conn, _| {
        if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(error = %e, "could not set TCP_NODELAY");
            }
        }
    })
    .listen(listener)?
    // Issue 22: SIGTERM and SIGINT both drain requests in flight (see `ops::shutdown`).
    .shutdown_signal(ops::shutdown::on_signal())
    .shutdown_timeout(ops::shutdown::DRAIN_SECS)
    .run();
    Ok(server)
}
