//! Issue 19: the search log, written behind the searches.
//!
//! Every search records a row (`search_log`), and a no-result search an outcome event.
//! Written by the request itself, that was one commit per search, and on SQLite every
//! commit makes each reading connection drop its page cache at its next read (WAL: the
//! connection sees the database changed and starts cold). Under search load the searches
//! then read their index pages back from the operating system every time: S2 (similar
//! questions) served half of what it served without the log writes.
//!
//! So a search puts its row here, with the id its result links carry (made by the
//! application, not the database), and this node writes what has gathered in one
//! transaction every [`FLUSH_EVERY`], or as soon as [`FLUSH_AT`] rows wait. What reads
//! the log flushes first: recording a click on a result (the row must exist) and the
//! content-gaps pages (they show what was just searched). A graceful stop flushes
//! before it returns. What is lost: the rows of the last second when the process is
//! killed outright, and a click that reaches another node within that second (it finds
//! no row and is not counted). The log is analytics, not accepted content; mail, webhooks
//! and inbound mail keep their durable queues.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::db::models::outcome_events::{self, NewEvent};
use crate::db::models::search_log::{self, NewSearchLog};
use crate::db::{CommunityId, EventKind, SearchLogId, Timestamp};
use crate::error::AppResult;
use crate::state::AppState;

/// How often waiting rows are written.
pub const FLUSH_EVERY: Duration = Duration::from_secs(1);
/// Rows that make the writer go at once.
pub const FLUSH_AT: usize = 500;

/// One search to record.
#[derive(Debug, Clone)]
pub struct Pending {
    pub id: SearchLogId,
    /// Normalised (`search::query::normalise`).
    pub query: String,
    pub community_id: Option<CommunityId>,
    pub result_count: i32,
    /// Signed in or not: never who.
    pub member: bool,
    pub source: &'static str,
    pub created_at: Timestamp,
}

/// The rows waiting to be written. Cheap to clone (shared).
#[derive(Clone, Default)]
pub struct SearchLogBuffer {
    pending: Arc<Mutex<Vec<Pending>>>,
    wake: Arc<Notify>,
}

impl SearchLogBuffer {
    fn lock(&self) -> MutexGuard<'_, Vec<Pending>> {
        // A panic while holding the lock leaves a plain Vec behind: still usable.
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues one row; wakes the writer when many wait.
    pub fn push(&self, row: Pending) {
        let waiting = {
            let mut pending = self.lock();
            pending.push(row);
            pending.len()
        };
        if waiting >= FLUSH_AT {
            self.wake.notify_one();
        }
    }

    /// Rows waiting now.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn take(&self) -> Vec<Pending> {
        std::mem::take(&mut *self.lock())
    }

    /// Puts rows that could not be written back in front of any newer ones.
    fn put_back(&self, mut rows: Vec<Pending>) {
        let mut pending = self.lock();
        rows.append(&mut pending);
        *pending = rows;
    }
}

/// Writes every waiting row in one transaction; returns how many. On failure the rows
/// wait for the next try.
pub async fn flush(state: &AppState) -> AppResult<usize> {
    let rows = state.search_log.take();
    if rows.is_empty() {
        return Ok(0);
    }
    let n = rows.len();
    let batch = rows.clone();
    let written = state
        .write(move |conn| {
            for row in &batch {
                search_log::insert(
                    conn,
                    &NewSearchLog {
                        id: &row.id,
                        query: &row.query,
                        community_id: row.community_id.as_ref(),
                        result_count: row.result_count,
                        member: row.member,
                        source: row.source,
                        created_at: row.created_at,
                    },
                )?;
                // Issue 20: a search that found nothing.
                if row.result_count == 0 {
                    outcome_events::record(
                        conn,
                        &NewEvent::new(EventKind::SearchNoResult)
                            .community_opt(row.community_id.as_ref())
                            .subject(row.id.as_str()),
                        row.created_at,
                    )?;
                }
            }
            Ok(())
        })
        .await;
    match written {
        Ok(()) => Ok(n),
        Err(e) => {
            state.search_log.put_back(rows);
            Err(e)
        }
    }
}

/// The writer: every [`FLUSH_EVERY`], when [`FLUSH_AT`] rows wait, and once more when
/// the node stops.
pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(FLUSH_EVERY);
        let wake = state.search_log.wake.clone();
        while !state.stop.is_stopping() {
            tokio::select! {
                _ = tick.tick() => {}
                _ = wake.notified() => {}
                _ = state.stop.stopped() => break,
            }
            if let Err(e) = flush(&state).await {
                tracing::warn!(error = %e, "search log not written; kept for the next try");
            }
        }
        if let Err(e) = flush(&state).await {
            tracing::warn!(error = %e, "search log not written at shutdown");
        }
    })
}
