//! Each pooled connection's instrumentation: statements counted and slow ones logged,
//! the pool's liveness fed, and commits counted for [`super::DbPool::write_generation`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::{Instrumentation, InstrumentationEvent};

/// Counts the statements a pool's connections run (tests use it to hold hot pages to a
/// fixed number of queries: a regression to N+1 fails them) and logs slow ones.
/// It also keeps the pool's [`manager::Liveness`]: when a statement last succeeded; and
/// counts the transactions its connections committed (see [`DbPool::write_generation`]).
#[derive(Debug, Clone, Default)]
pub struct QueryCounter(
    pub(super) Arc<AtomicU64>,
    pub(super) Arc<super::manager::Liveness>,
    pub(super) Arc<AtomicU64>,
);

impl QueryCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Statements slower than this are logged with their SQL (never their bound values).
const SLOW_QUERY: Duration = Duration::from_millis(20);

/// One connection's instrumentation: the shared counter and the current statement's start.
pub(super) struct ConnectionProbe {
    counter: QueryCounter,
    started: Option<std::time::Instant>,
    /// The outermost transaction is being committed: its `COMMIT` is the next statement
    /// to finish, and the commit counter moves once it has.
    committing: bool,
}

impl ConnectionProbe {
    pub(super) fn new(counter: &QueryCounter) -> Self {
        ConnectionProbe {
            counter: counter.clone(),
            started: None,
            committing: false,
        }
    }
}

impl Instrumentation for ConnectionProbe {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { .. } => {
                self.counter.0.fetch_add(1, Ordering::Relaxed);
                self.started = Some(std::time::Instant::now());
            }
            InstrumentationEvent::CommitTransaction { depth, .. }
                if depth.get() == 1 && !READING.with(|r| r.get()) =>
            {
                self.committing = true;
            }
            InstrumentationEvent::FinishQuery { query, error, .. } => {
                if std::mem::take(&mut self.committing) {
                    // After the COMMIT ran (even when it failed: a cache only re-reads).
                    self.counter.2.fetch_add(1, Ordering::SeqCst);
                }
                match error {
                    None => self.counter.1.ok(),
                    Some(diesel::result::Error::DatabaseError(
                        diesel::result::DatabaseErrorKind::ClosedConnection
                        | diesel::result::DatabaseErrorKind::UnableToSendCommand,
                        _,
                    )) => self.counter.1.lost(),
                    Some(_) => {}
                }
                if let Some(elapsed) = self.started.take().map(|s| s.elapsed()) {
                    if elapsed >= SLOW_QUERY {
                        tracing::warn!(ms = elapsed.as_millis() as u64, sql = %query, "slow query");
                    } else {
                        tracing::trace!(us = elapsed.as_micros() as u64, sql = %query, "query");
                    }
                }
            }
            _ => {}
        }
    }
}

thread_local! {
    /// Set while [`super::read_snapshot`] runs on this thread: the transaction it commits only read.
    pub(super) static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}
