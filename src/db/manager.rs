//! The r2d2 manager: opens the backend named by the URL's scheme, checks a PostgreSQL
//! connection is alive before handing it out (only when no statement has just succeeded
//! on the pool), and discards connections handed back broken.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use diesel::connection::{SimpleConnection, TransactionManager};

use super::{establish_counted, DatabaseUrl, DbConn, QueryCounter};

/// How recently a statement must have succeeded on one of the pool's connections for
/// the next connection handed out to skip its liveness check.
const TRUSTED_FOR_MS: u64 = 1_000;

/// When a statement last succeeded on any of a pool's connections (each connection's
/// instrumentation reports it, `ConnectionProbe`); a lost connection clears it.
#[derive(Debug)]
pub struct Liveness {
    /// The origin of `last_ok_ms`.
    origin: Instant,
    /// Milliseconds after `origin` at which a statement last succeeded, plus one (0:
    /// never, or a connection was lost since).
    last_ok_ms: AtomicU64,
}

impl Default for Liveness {
    fn default() -> Self {
        Liveness {
            origin: Instant::now(),
            last_ok_ms: AtomicU64::new(0),
        }
    }
}

impl Liveness {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// A statement succeeded just now.
    pub fn ok(&self) {
        self.last_ok_ms.store(self.now_ms() + 1, Ordering::Relaxed);
    }

    /// A connection was found lost: check every connection again until one works.
    pub fn lost(&self) {
        self.last_ok_ms.store(0, Ordering::Relaxed);
    }

    fn trusted(&self) -> bool {
        let last = self.last_ok_ms.load(Ordering::Relaxed);
        last != 0 && self.now_ms() + 1 < last + TRUSTED_FOR_MS
    }
}

/// r2d2 manager that opens the backend named by the URL's scheme.
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
    counter: QueryCounter,
}

impl Manager {
    pub(super) fn new(url: DatabaseUrl, counter: QueryCounter) -> Self {
        Manager { url, counter }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        establish_counted(&self.url, Some(&self.counter))
            .map_err(diesel::r2d2::Error::ConnectionError)
    }

    /// Called when the pool hands out a connection (PostgreSQL only; a local SQLite file
    /// cannot go stale). A round trip per request is a large share of a cached page's
    /// cost (issue 22), so the check is skipped while the server is known to be up: a
    /// statement succeeded on one of this pool's connections less than
    /// [`TRUSTED_FOR_MS`] ago. A connection that died in that window (its server process
    /// killed, the server restarted) fails the one request that gets it, with a 503 (a
    /// lost connection is `AppError::Unavailable`); libpq's status marks it broken, so
    /// `has_broken` discards it, and the loss ends the trust: every connection is
    /// checked again until a statement succeeds.
    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        if self.counter.1.trusted() {
            return Ok(());
        }
        conn.batch_execute("SELECT 1")
            .map_err(diesel::r2d2::Error::QueryError)
    }

    /// A connection handed back inside a transaction (or with its transaction state
    /// broken by a failed rollback, or by a lost connection: diesel reads libpq's status
    /// after every statement) is discarded rather than reused.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        let broken = !matches!(
            <DbConn as TransactionManager<DbConn>>::transaction_manager_status_mut(conn)
                .transaction_depth(),
            Ok(None)
        );
        if broken {
            self.counter.1.lost();
        }
        broken
    }
}
