//! Graceful shutdown (issue 22).
//!
//! - SIGTERM **and** SIGINT start a graceful stop (actix's own handler treats SIGINT as
//!   an immediate stop): the listener closes, requests in flight finish (up to
//!   [`DRAIN_SECS`]), idle keep-alive connections close.
//! - Then the background workers (mail, notification mail, webhooks, inbound mail, the
//!   outcome job, housekeeping) are told to stop ([`StopSignal`]): each finishes the
//!   item in hand (a mail being sent is sent and recorded), claims nothing more and
//!   returns. They get [`WORKER_STOP_SECS`] in all; one still busy after that is
//!   cancelled, and an item it had leased keeps its lease, which expires (mail after 2
//!   minutes, webhooks after theirs) so another node or the next start sends it. Queued
//!   work is never dropped: delivery is at least once.
//! - The leader lease is released (`ops::leader`), so another node takes the scheduled
//!   work over at its next try.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Seconds the workers get, in all, to finish the items in hand at shutdown.
pub const WORKER_STOP_SECS: u64 = 30;

/// Tells the background workers to stop after the item in hand. Cheap to clone.
#[derive(Clone)]
pub struct StopSignal(Arc<watch::Sender<bool>>);

impl Default for StopSignal {
    fn default() -> Self {
        Self(Arc::new(watch::Sender::new(false)))
    }
}

impl StopSignal {
    /// Starts the stop: loops see it between items and at their pauses.
    pub fn stop(&self) {
        self.0.send_replace(true);
    }

    pub fn is_stopping(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once the stop began (at once if it already has).
    pub async fn stopped(&self) {
        let mut rx = self.0.subscribe();
        // The sender lives as long as `self`: `wait_for` only ends on the value.
        let _ = rx.wait_for(|stopping| *stopping).await;
    }
}

/// Seconds a graceful stop waits for requests in flight.
pub const DRAIN_SECS: u64 = 10;

/// Resolves at the first SIGTERM or SIGINT (Ctrl-C), for `HttpServer::shutdown_signal`.
pub async fn on_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => tracing::info!("SIGTERM received; draining requests in flight"),
                    _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT received; draining requests in flight"),
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; only Ctrl-C stops gracefully");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("Ctrl-C received; draining requests in flight");
    }
}

/// Tells the workers to stop, waits up to [`WORKER_STOP_SECS`] for them to finish
/// the items in hand, then cancels any still running.
pub async fn stop_workers(stop: &StopSignal, workers: Vec<JoinHandle<()>>) {
    stop.stop();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(WORKER_STOP_SECS);
    let mut cancelled = 0;
    for mut w in workers {
        if tokio::time::timeout_at(deadline, &mut w).await.is_err() {
            w.abort();
            // A cancelled task ends with a JoinError by design.
            let _ = w.await;
            cancelled += 1;
        }
    }
    if cancelled > 0 {
        tracing::warn!(cancelled, "background workers cancelled after the stop bound; their leased items go back to the queue when the leases expire");
    }
    tracing::info!("background workers stopped; queued work waits for the next start");
}
