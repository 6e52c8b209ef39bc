//! The work that finishes writes, under one contract on both backends.
//!
//! Some writes leave work for later that many writes are better off doing together: a
//! published post is queued (`models::fanout_queue::push`) and its readers are told in
//! batches (`notifications::fanout::drain`). The application sets that work once, with
//! [`super::DbPool::finish_writes_with`], and the pool does it:
//!
//! - [`super::DbPool::write`] returns only after the finishing work has run over what
//!   the write committed. On SQLite every write group runs it last, in a savepoint of
//!   its own, just before it commits (one pass for all the group's jobs; see
//!   [`super::group_commit`]). On PostgreSQL, whose transactions run side by side, a
//!   write that queued work has it run right after its commit, one pass per
//!   transaction, by one drain per process at a time that covers every write committed
//!   before it started (the writes committing meanwhile wait for the next).
//!   Either way it is the same passes of the same function, and callers do not know
//!   which backend they are on.
//! - A pass that fails is rolled back and logged; the writes it followed stay committed
//!   and their work stays queued. The pool remembers the failure, and
//!   [`super::DbPool::finish_left_over`] (cheap when nothing failed: no database access)
//!   runs the work again for a caller that must not answer before it is done.
//! - Connections outside the pool (`super::write_batch`: one-shot commands, fixtures)
//!   have no finishing work: what they queue waits for the next write through the pool
//!   or the application's background pass.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};

use diesel::Connection;

use super::{write_tx, DbConn};

/// One pass of the finishing work, in the caller's transaction. Returns whether work is
/// left for another pass (a pass may take a bounded batch).
pub type FinishHook = Box<dyn Fn(&mut DbConn) -> diesel::QueryResult<bool> + Send + Sync>;

thread_local! {
    /// Set when the write running on this thread queued work for the finishing hook.
    static QUEUED: Cell<bool> = const { Cell::new(false) };
}

/// Notes that the write running on this thread left work for the finishing hook (called
/// by the functions that queue it, inside the write).
pub(in crate::db) fn note_queued() {
    QUEUED.with(|q| q.set(true));
}

/// Runs `f` (one write, on this thread) and tells whether it queued finishing work.
pub(in crate::db) fn noting_queued<T>(f: impl FnOnce() -> T) -> (T, bool) {
    let outer = QUEUED.with(|q| q.replace(false));
    let value = f();
    let queued = QUEUED.with(|q| q.replace(outer));
    (value, queued)
}

/// The pool's finishing work and what it remembers of failed passes.
#[derive(Default)]
pub(in crate::db) struct Finisher {
    hook: OnceLock<FinishHook>,
    /// Passes failed so far (a count, so a clean run only clears the failures it saw).
    failed: AtomicU64,
    /// The `failed` count the last clean run of [`Finisher::left_over`] started from.
    cleared: AtomicU64,
    /// PostgreSQL: the drains of this process, one at a time (see
    /// [`Finisher::after_commit`]).
    drains: Mutex<Drains>,
    drained: Condvar,
}

/// The drains one process ran after PostgreSQL commits: how many started and finished,
/// and whether one is running.
#[derive(Default)]
struct Drains {
    started: u64,
    finished: u64,
    running: bool,
}

/// Marks the running drain finished (also when its passes panicked) and wakes the
/// writes waiting for it.
struct DrainDone<'a> {
    finisher: &'a Finisher,
    number: u64,
}

impl Drop for DrainDone<'_> {
    fn drop(&mut self) {
        let mut d = self.finisher.drains();
        d.running = false;
        d.finished = d.finished.max(self.number);
        self.finisher.drained.notify_all();
    }
}

impl Finisher {
    /// Sets the hook; false when one was already set.
    pub(in crate::db) fn set(&self, hook: FinishHook) -> bool {
        self.hook.set(hook).is_ok()
    }

    /// Every pass until none is left, in the caller's transaction.
    pub(in crate::db) fn passes(&self, conn: &mut DbConn) -> diesel::QueryResult<()> {
        if let Some(hook) = self.hook.get() {
            while hook(conn)? {}
        }
        Ok(())
    }

    /// Every pass until none is left, each in a transaction of its own on `conn`.
    pub(in crate::db) fn passes_one_by_one(&self, conn: &mut DbConn) -> diesel::QueryResult<()> {
        if let Some(hook) = self.hook.get() {
            while write_tx(conn, |c| hook(c))? {}
        }
        Ok(())
    }

    fn failed_pass(&self, error: &dyn std::fmt::Display) {
        self.failed.fetch_add(1, Ordering::SeqCst);
        tracing::error!(error = %error, "the finishing work of a write failed; left for later");
    }

    /// SQLite: the passes, last in a group's transaction, in a savepoint. A failure is
    /// rolled back to the savepoint and remembered (the jobs' work still commits); only a
    /// panic fails the group.
    pub(in crate::db) fn before_commit(&self, conn: &mut DbConn) -> Result<(), String> {
        if self.hook.get().is_none() {
            return Ok(());
        }
        match catch_unwind(AssertUnwindSafe(|| conn.transaction(|c| self.passes(c)))) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => {
                self.failed_pass(&e);
                Ok(())
            }
            Err(_) => Err("a group's finishing work panicked".to_string()),
        }
    }

    fn drains(&self) -> MutexGuard<'_, Drains> {
        self.drains.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// PostgreSQL: the passes right after a write committed on `conn`, one transaction
    /// each; returns once a drain that started after this commit has finished. Writes of
    /// one process committing side by side do not each drain (they would queue on the
    /// same rows and tell the same watchers one post at a time): one of them leads and
    /// drains everything queued, and those that committed before it started wait for it,
    /// as SQLite's group commit does for its group. A failure is rolled back and
    /// remembered. Other processes' drains exclude this one by the rows they lock.
    pub(in crate::db) fn after_commit(&self, conn: &mut DbConn) {
        let mut d = self.drains();
        // A drain running now may have taken its rows before this commit: only one that
        // starts from here on is sure to see it.
        let needed = d.started + 1;
        loop {
            if d.finished >= needed {
                return;
            }
            if !d.running {
                d.running = true;
                d.started += 1;
                let done = DrainDone {
                    finisher: self,
                    number: d.started,
                };
                drop(d);
                if let Err(e) = self.passes_one_by_one(conn) {
                    self.failed_pass(&e);
                }
                drop(done);
                return;
            }
            d = self.drained.wait(d).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// When a pass failed since the last clean rerun: the failure count a clean rerun
    /// starting now may clear.
    pub(in crate::db) fn left_over(&self) -> Option<u64> {
        let failed = self.failed.load(Ordering::SeqCst);
        (failed > self.cleared.load(Ordering::SeqCst)).then_some(failed)
    }

    /// A rerun that started after [`Finisher::left_over`] returned `seen` ran clean: the
    /// work of those failed passes was committed before they were counted, so it saw it.
    pub(in crate::db) fn clear(&self, seen: u64) {
        self.cleared.fetch_max(seen, Ordering::SeqCst);
    }
}
