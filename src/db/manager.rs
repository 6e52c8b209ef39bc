//! The r2d2 manager: opens the backend named by the URL's scheme, checks a PostgreSQL
//! connection is alive before handing it out (only when the pool has not just seen one
//! work), and discards connections handed back broken.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use diesel::connection::{SimpleConnection, TransactionManager};

use super::{establish_counted, DatabaseUrl, DbConn, QueryCounter};

/// How recently a connection of this pool must have finished its work, with no
/// connection error, for the next one handed out to skip its liveness check.
const TRUSTED_FOR_MS: u64 = 1_000;

/// r2d2 manager that opens the backend named by the URL's scheme.
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
    counter: QueryCounter,
    /// When this manager was made: the origin of `last_ok_ms`.
    origin: Instant,
    /// Milliseconds after `origin` at which a connection last came back healthy, plus
    /// one (0: never).
    last_ok_ms: AtomicU64,
}

impl Manager {
    pub(super) fn new(url: DatabaseUrl, counter: QueryCounter) -> Self {
        Manager {
            url,
            counter,
            origin: Instant::now(),
            last_ok_ms: AtomicU64::new(0),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
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
    /// connection of this pool came back healthy less than [`TRUSTED_FOR_MS`] ago. A
    /// connection that died alone in that window (its server process killed) fails the
    /// one request that gets it, and libpq's status marks it broken, so `has_broken`
    /// discards it; after a server restart the first failures stop the trust and every
    /// connection is checked again.
    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        let last = self.last_ok_ms.load(Ordering::Relaxed);
        if last != 0 && self.now_ms() + 1 < last + TRUSTED_FOR_MS {
            return Ok(());
        }
        conn.batch_execute("SELECT 1")
            .map_err(diesel::r2d2::Error::QueryError)
    }

    /// A connection handed back inside a transaction (or with its transaction state
    /// broken by a failed rollback, or by a lost connection: diesel reads libpq's status
    /// after every statement) is discarded rather than reused. A healthy one renews the
    /// pool's trust (see `is_valid`).
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        let broken = !matches!(
            <DbConn as TransactionManager<DbConn>>::transaction_manager_status_mut(conn)
                .transaction_depth(),
            Ok(None)
        );
        if broken {
            self.last_ok_ms.store(0, Ordering::Relaxed);
        } else {
            self.last_ok_ms.store(self.now_ms() + 1, Ordering::Relaxed);
        }
        broken
    }
}
