//! Graceful shutdown (issue 22).
//!
//! - SIGTERM **and** SIGINT start a graceful stop (actix's own handler treats SIGINT as
//!   an immediate stop): the listener closes, requests in flight finish (up to
//!   [`DRAIN_SECS`]), idle keep-alive connections close.
//! - Then the background workers (mail, notification mail, webhooks, housekeeping) are
//!   cancelled at their next pause and awaited. A write already handed to the database
//!   runs to its commit (blocking threads are not interrupted), so no half-done item is
//!   recorded; an item a worker had leased but not finished keeps its lease, which
//!   expires (mail after 2 minutes, webhooks after theirs), and the next process to
//!   start sends it. Queued work is never dropped: delivery is at least once.

use tokio::task::JoinHandle;

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

/// Cancels the background workers and waits until each has let go.
pub async fn stop_workers(workers: Vec<JoinHandle<()>>) {
    for w in &workers {
        w.abort();
    }
    for w in workers {
        // A cancelled task ends with a JoinError by design.
        let _ = w.await;
    }
    tracing::info!("background workers stopped; queued work waits for the next start");
}
