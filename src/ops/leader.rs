//! Issue 22: scheduled work (the outcome facts job and its monthly mail, housekeeping's
//! clean-ups and single sign-on re-checks) runs on one elected node. Notification batches
//! and digests are not gated: each member's is claimed atomically, so every node composes.
//!
//! - PostgreSQL: the leader is the node whose dedicated connection holds
//!   `pg_try_advisory_lock` (`db::LeaderConnection`). Every node tries every
//!   [`RETRY_SECS`]; the leader checks on the same beat that its session still holds the
//!   lock. When the leader dies, its connection closes, PostgreSQL releases the lock and
//!   the next node to try takes it: take-over within [`RETRY_SECS`] plus the time the
//!   server takes to notice the closed connection. A graceful stop hands over at once.
//! - SQLite: one process serves a database file; it leads from the start.
//!
//! `/metrics` shows `parley_leader` 1 on the leader, 0 elsewhere.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::db::{Backend, DatabaseUrl, LeaderConnection};

/// Seconds between two attempts to lead (and two checks that the lease is still held).
pub const RETRY_SECS: u64 = 5;

#[derive(Default)]
struct Inner {
    leading: AtomicBool,
    /// The connection holding the lock, while this node leads (PostgreSQL).
    held: Mutex<Option<LeaderConnection>>,
    /// Set at shutdown: this node no longer tries to lead.
    resigned: AtomicBool,
}

/// This node's part in the election. Cheap to clone.
#[derive(Clone)]
pub struct Leader {
    url: Option<DatabaseUrl>,
    inner: Arc<Inner>,
}

impl Default for Leader {
    /// A leader without an election (a single process).
    fn default() -> Self {
        Self::alone()
    }
}

impl Leader {
    /// The single process leads (SQLite).
    pub fn alone() -> Self {
        let inner = Inner::default();
        inner.leading.store(true, Ordering::SeqCst);
        Self {
            url: None,
            inner: Arc::new(inner),
        }
    }

    /// The election for `url`: SQLite leads alone; PostgreSQL has not tried yet (call
    /// [`Leader::try_lead`] once, then [`Leader::spawn`]).
    pub fn for_database(url: &DatabaseUrl) -> Self {
        match url.backend {
            Backend::Sqlite => Self::alone(),
            Backend::Postgres => Self {
                url: Some(url.clone()),
                inner: Arc::new(Inner::default()),
            },
        }
    }

    /// Whether this node runs the scheduled work now.
    pub fn is_leading(&self) -> bool {
        self.inner.leading.load(Ordering::SeqCst)
    }

    /// One round of the election: keeps a held lease if still held, takes a free one.
    /// Returns whether this node leads afterwards.
    pub async fn try_lead(&self) -> bool {
        let Some(url) = self.url.clone() else {
            return self.is_leading();
        };
        let inner = self.inner.clone();
        let joined = tokio::task::spawn_blocking(move || round(&url, &inner)).await;
        joined.unwrap_or(false)
    }

    /// Tries again every [`RETRY_SECS`] until [`Leader::resign`].
    pub fn spawn(&self) -> Option<tokio::task::JoinHandle<()>> {
        self.url.as_ref()?;
        let me = self.clone();
        Some(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(RETRY_SECS));
            while !me.inner.resigned.load(Ordering::SeqCst) {
                tick.tick().await;
                me.try_lead().await;
            }
        }))
    }

    /// Stops leading and trying (graceful shutdown): closing the connection releases the
    /// lock, so another node takes over at its next try instead of after a crash's delay.
    pub fn resign(&self) {
        self.inner.resigned.store(true, Ordering::SeqCst);
        if self.url.is_none() {
            return;
        }
        self.inner.leading.store(false, Ordering::SeqCst);
        if let Ok(mut held) = self.inner.held.lock() {
            if held.take().is_some() {
                tracing::info!("leader lease released");
            }
        }
    }
}

/// One election round on the blocking pool.
fn round(url: &DatabaseUrl, inner: &Inner) -> bool {
    let Ok(mut held) = inner.held.lock() else {
        return false;
    };
    if inner.resigned.load(Ordering::SeqCst) {
        return false;
    }
    if let Some(conn) = held.as_mut() {
        if conn.still_held() {
            return true;
        }
        tracing::warn!("leader lease lost (its connection failed); scheduled work stops here");
        *held = None;
        inner.leading.store(false, Ordering::SeqCst);
    }
    match url.try_leader_lock() {
        Ok(Some(conn)) => {
            *held = Some(conn);
            inner.leading.store(true, Ordering::SeqCst);
            tracing::info!("leader lease taken: this node runs the scheduled work");
            true
        }
        Ok(None) => false,
        Err(e) => {
            tracing::warn!(error = %e, "could not try the leader lease");
            false
        }
    }
}
