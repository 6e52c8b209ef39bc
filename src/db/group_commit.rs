//! Group commit for SQLite's single writer.
//!
//! SQLite lets one transaction write at a time, and every commit appends each page it
//! dirtied to the WAL. Concurrent writes in one process therefore queue here, and the
//! jobs that find others queued behind them share one transaction: each runs in its own
//! savepoint (a failing job is rolled back alone), and the group commits once, when no
//! one is left in the queue or the group is full. Pages that several jobs touch (the
//! right-hand end of every index, a busy topic's row, a watcher's `users` row) are then
//! written once per group instead of once per job.
//!
//! The writer keeps one connection of its own between groups. SQLite drops a connection's
//! page cache whenever another connection has written, so a writer that took any pooled
//! connection started every transaction cold; this one is the only writer, and its cache
//! (sized by [`WRITER_CACHE_KIB`]) stays valid.
//!
//! Every job still runs alone and in arrival order on the one connection, so it sees
//! exactly what a serial run would show it, and a job's caller gets `Ok` only after its
//! group committed. The first job of a group runs without a savepoint (if it fails, the
//! whole transaction rolls back, nothing else is in it), so an uncontended write issues
//! the same statements as a plain `BEGIN IMMEDIATE … COMMIT`.

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::Connection;

use super::finish::Finisher;
use super::{DbConn, DbError};

/// Most jobs one transaction carries before it commits, so early jobs' callers do not
/// wait on an endless stream of later ones.
pub const MAX_GROUP: usize = 32;

/// Page cache of the writer's connection (readers keep SQLite's default of 2 MiB).
pub const WRITER_CACHE_KIB: u32 = 16 * 1024;

/// WAL pages after which the writer's own commit checkpoints (SQLite's default is
/// 1,000): a backstop only, since a thread of its own checkpoints every
/// [`super::checkpoint::INTERVAL`] (see [`super::checkpoint`]).
pub const WRITER_CHECKPOINT_PAGES: u32 = 16_000;

pub struct GroupCommit {
    /// Held by the thread running a job on the shared transaction.
    turn: Mutex<()>,
    /// Threads queued for `turn`: while there are any, a finished job leaves the
    /// transaction open for them instead of committing.
    waiting: AtomicUsize,
    /// The open transaction, when a group is under way.
    open: Mutex<Option<Open>>,
    /// The writer's connection between groups.
    idle: Mutex<Option<DbConn>>,
    commits: AtomicU64,
    /// The pool's finishing work, which every group does last, before it commits, so it
    /// is done once for all its jobs (see [`super::finish`]).
    finisher: Arc<Finisher>,
}

struct Open {
    conn: DbConn,
    /// Jobs in this transaction whose callers wait for the commit.
    members: usize,
    /// Jobs run in this transaction, failed ones included.
    jobs: usize,
    outcome: Arc<Outcome>,
}

/// How a group ended, for the members waiting on it.
#[derive(Default)]
struct Outcome {
    result: Mutex<Option<Result<(), String>>>,
    ended: Condvar,
}

impl Outcome {
    fn publish(&self, result: Result<(), String>) {
        *lock(&self.result) = Some(result);
        self.ended.notify_all();
    }

    fn wait(&self) -> Result<(), String> {
        let mut r = lock(&self.result);
        loop {
            if let Some(done) = r.as_ref() {
                return done.clone();
            }
            r = self
                .ended
                .wait(r)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl std::fmt::Debug for GroupCommit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupCommit")
            .field("commits", &self.commits())
            .finish()
    }
}

impl GroupCommit {
    pub fn new(finisher: Arc<Finisher>) -> Self {
        Self {
            turn: Mutex::default(),
            waiting: AtomicUsize::default(),
            open: Mutex::default(),
            idle: Mutex::default(),
            commits: AtomicU64::default(),
            finisher,
        }
    }

    /// Transactions committed so far (each carrying one or more jobs).
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Threads queued for the writer's turn right now.
    #[cfg(test)]
    pub fn queued(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }

    /// Runs `f` in the shared write transaction, opening one with `BEGIN IMMEDIATE` when
    /// none is open (on the writer's connection, made with `connect` the first time or
    /// after a failure). Returns once `f`'s work is committed, or with `f`'s error (its
    /// work rolled back), or with the group's commit error.
    pub fn run<T, E, F>(
        &self,
        connect: impl FnOnce() -> Result<DbConn, DbError>,
        f: F,
    ) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<DbError> + From<diesel::result::Error>,
    {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let turn = lock(&self.turn);
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let mut slot = lock(&self.open);
        let mut open = match slot.take() {
            Some(open) => open,
            None => {
                let mut conn = match lock(&self.idle).take() {
                    Some(conn) => conn,
                    None => connect()?,
                };
                if let Err(e) = begin(&mut conn) {
                    // Dropped: the next group opens a fresh connection.
                    return Err(e.into());
                }
                Open {
                    conn,
                    members: 0,
                    jobs: 0,
                    outcome: Arc::new(Outcome::default()),
                }
            }
        };
        let first = open.jobs == 0;
        open.jobs += 1;
        let ran = catch_unwind(AssertUnwindSafe(|| {
            if first {
                f(&mut open.conn)
            } else {
                // A savepoint: on error diesel rolls back to it, leaving the others' work.
                open.conn.transaction(f)
            }
        }));
        match ran {
            Err(panic) => {
                // The transaction's state is unknown: nothing of this group is kept.
                self.abandon(open, "a write in the same group panicked");
                drop(slot);
                drop(turn);
                resume_unwind(panic)
            }
            Ok(Err(e)) if first => {
                rollback(&mut open.conn);
                self.keep(open.conn);
                Err(e)
            }
            Ok(Err(e)) => {
                self.pass_on_or_commit(open, &mut slot);
                Err(e)
            }
            Ok(Ok(value)) => {
                open.members += 1;
                let outcome = open.outcome.clone();
                let committed_now = self.pass_on_or_commit(open, &mut slot);
                drop(slot);
                drop(turn);
                let result = match committed_now {
                    Some(r) => r,
                    None => outcome.wait(),
                };
                result
                    .map(|()| value)
                    .map_err(|msg| DbError::Commit(msg).into())
            }
        }
    }

    /// Leaves the transaction open for the next queued job, or commits it when no one is
    /// queued or the group is full. Returns the commit's result when it committed.
    fn pass_on_or_commit(
        &self,
        mut open: Open,
        slot: &mut MutexGuard<'_, Option<Open>>,
    ) -> Option<Result<(), String>> {
        if self.waiting.load(Ordering::SeqCst) > 0 && open.jobs < MAX_GROUP {
            **slot = Some(open);
            return None;
        }
        let result = if open.members == 0 {
            rollback(&mut open.conn);
            Ok(())
        } else if let Err(why) = self.finisher.before_commit(&mut open.conn) {
            // The connection's state is unknown after a panic: nothing of this group is kept.
            rollback(&mut open.conn);
            Err(why)
        } else {
            match <DbConn as TransactionManager<DbConn>>::commit_transaction(&mut open.conn) {
                Ok(()) => {
                    self.commits.fetch_add(1, Ordering::Relaxed);
                    tracing::trace!(jobs = open.jobs, "group committed");
                    Ok(())
                }
                Err(e) => {
                    tracing::error!(error = %e, jobs = open.members, "group commit failed");
                    rollback(&mut open.conn);
                    Err(e.to_string())
                }
            }
        };
        open.outcome.publish(result.clone());
        self.keep(open.conn);
        Some(result)
    }

    /// Keeps the writer's connection for the next group, unless it is still inside a
    /// transaction (a rollback failed): then it is dropped and the next group opens anew.
    fn keep(&self, mut conn: DbConn) {
        let clean = matches!(
            <DbConn as TransactionManager<DbConn>>::transaction_manager_status_mut(&mut conn)
                .transaction_depth(),
            Ok(None)
        );
        if clean {
            *lock(&self.idle) = Some(conn);
        }
    }

    fn abandon(&self, mut open: Open, why: &str) {
        rollback(&mut open.conn);
        open.outcome.publish(Err(why.to_string()));
        self.keep(open.conn);
    }
}

fn begin(conn: &mut DbConn) -> Result<(), DbError> {
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        other => <DbConn as TransactionManager<DbConn>>::begin_transaction(other)?,
    }
    Ok(())
}

/// Rolls back whatever is open on `conn`, so it goes back to the pool clean.
fn rollback(conn: &mut DbConn) {
    let open = <DbConn as TransactionManager<DbConn>>::transaction_manager_status_mut(conn)
        .transaction_depth()
        .map(|d| d.is_some())
        .unwrap_or(true);
    if !open {
        return;
    }
    if let Err(e) = <DbConn as TransactionManager<DbConn>>::rollback_transaction(conn) {
        tracing::error!(error = %e, "rollback failed; the connection will be discarded");
        let _ = conn.batch_execute("ROLLBACK");
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use diesel::RunQueryDsl;

    use super::*;
    use crate::db::{DatabaseUrl, DbPool};

    /// A database file removed (with its WAL) when the test ends.
    struct Scratch(std::path::PathBuf);

    impl Drop for Scratch {
        fn drop(&mut self) {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
            }
        }
    }

    fn pool() -> Result<(DbPool, Scratch), DbError> {
        let path = std::env::temp_dir().join(format!("parley-group-{}.db", uuid::Uuid::new_v4()));
        let pool = DbPool::connect(&DatabaseUrl::sqlite_file(&path), 4)?;
        pool.get()?
            .batch_execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")?;
        Ok((pool, Scratch(path)))
    }

    fn insert(conn: &mut DbConn, n: i32) -> Result<(), DbError> {
        diesel::sql_query(format!("INSERT INTO t (n) VALUES ({n})")).execute(conn)?;
        Ok(())
    }

    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        n: i32,
    }

    fn rows(pool: &DbPool) -> Result<BTreeSet<i32>, DbError> {
        Ok(diesel::sql_query("SELECT n FROM t")
            .load::<Row>(&mut *pool.get()?)?
            .into_iter()
            .map(|r| r.n)
            .collect())
    }

    /// The result of a test thread; a panic in it becomes an error that fails the test.
    fn joined<T>(handle: std::thread::JoinHandle<T>) -> Result<T, DbError> {
        handle
            .join()
            .map_err(|_| DbError::Config("a test thread panicked".into()))
    }

    /// Holds the first job until `n` writers queue behind it.
    fn wait_for_queue(pool: &DbPool, n: usize) -> Result<(), DbError> {
        let group = pool
            .sqlite_writer
            .as_ref()
            .ok_or_else(|| DbError::Config("a SQLite pool has a group writer".into()))?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while group.queued() < n {
            assert!(Instant::now() < deadline, "writers never queued");
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok(())
    }

    /// A writer that inserts `row`, then holds the turn until `queued` writers wait behind
    /// it. Returns once it holds the turn.
    fn first_writer(
        pool: &DbPool,
        row: i32,
        queued: usize,
    ) -> Result<std::thread::JoinHandle<Result<(), DbError>>, DbError> {
        let (started, is_running) = mpsc::channel();
        let pool = pool.clone();
        let handle = std::thread::spawn(move || {
            pool.write(|conn| {
                insert(conn, row)?;
                started
                    .send(())
                    .map_err(|_| DbError::Config("the test stopped waiting".into()))?;
                wait_for_queue(&pool, queued)
            })
        });
        is_running
            .recv()
            .map_err(|_| DbError::Config("the first writer never started".into()))?;
        Ok(handle)
    }

    #[test]
    fn queued_writers_share_one_commit_and_a_failing_one_is_rolled_back_alone(
    ) -> Result<(), DbError> {
        let (pool, _file) = pool()?;
        let first = first_writer(&pool, 0, 7)?;
        let others: Vec<_> = (1..8)
            .map(|n| {
                let pool = pool.clone();
                std::thread::spawn(move || {
                    pool.write(|conn| {
                        insert(conn, n)?;
                        if n == 3 {
                            return Err(DbError::Config("refused".into()));
                        }
                        Ok(())
                    })
                })
            })
            .collect();
        assert!(joined(first)?.is_ok());
        for (n, t) in (1..8).zip(others) {
            let r = joined(t)?;
            assert_eq!(r.is_err(), n == 3, "job {n}: {r:?}");
        }
        assert_eq!(rows(&pool)?, BTreeSet::from([0, 1, 2, 4, 5, 6, 7]));
        assert_eq!(pool.group_commits(), 1, "eight queued writes, one commit");

        // Alone, a write commits by itself, and a failing first job leaves nothing.
        pool.write(|conn| insert(conn, 8))?;
        assert!(pool
            .write(|conn| {
                insert(conn, 9)?;
                Err::<(), _>(DbError::Config("refused".into()))
            })
            .is_err());
        assert_eq!(pool.group_commits(), 2);
        assert_eq!(rows(&pool)?, BTreeSet::from([0, 1, 2, 4, 5, 6, 7, 8]));
        Ok(())
    }

    #[test]
    fn a_panicking_write_takes_its_group_down_and_the_next_write_starts_clean(
    ) -> Result<(), DbError> {
        let (pool, _file) = pool()?;
        let first = first_writer(&pool, 1, 1)?;
        let panicking = {
            let pool = pool.clone();
            std::thread::spawn(move || {
                pool.write(|conn| -> Result<(), DbError> {
                    insert(conn, 2)?;
                    panic!("a bug in a write")
                })
            })
        };
        assert!(
            panicking.join().is_err(),
            "the panic reaches its own caller"
        );
        let r = joined(first)?;
        assert!(matches!(r, Err(DbError::Commit(_))), "{r:?}");
        assert_eq!(rows(&pool)?, BTreeSet::new());
        pool.write(|conn| insert(conn, 3))?;
        assert_eq!(rows(&pool)?, BTreeSet::from([3]));
        Ok(())
    }

    #[derive(diesel::QueryableByName)]
    struct Seen {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        seen: i32,
    }

    #[test]
    fn the_finishing_work_runs_once_per_group_and_its_failure_keeps_the_jobs() -> Result<(), DbError>
    {
        let (pool, _file) = pool()?;
        pool.get()?
            .batch_execute("CREATE TABLE f (seen INTEGER NOT NULL)")?;
        // Notes how many rows of `t` it saw; refuses (after writing) once it sees 100.
        assert!(pool.finish_writes_with(Box::new(|conn| {
            diesel::sql_query("INSERT INTO f (seen) SELECT count(*) FROM t").execute(conn)?;
            let seen =
                diesel::sql_query("SELECT count(*) AS seen FROM t").get_result::<Seen>(conn)?;
            if seen.seen >= 100 {
                return Err(diesel::result::Error::RollbackTransaction);
            }
            Ok(false)
        })));
        assert!(
            !pool.finish_writes_with(Box::new(|_| Ok(false))),
            "set once"
        );

        let first = first_writer(&pool, 0, 3)?;
        let others: Vec<_> = (1..4)
            .map(|n| {
                let pool = pool.clone();
                std::thread::spawn(move || -> Result<Vec<i32>, DbError> {
                    pool.write(|conn| insert(conn, n))?;
                    // Back from the write: the group's finishing work is committed too.
                    Ok(diesel::sql_query("SELECT seen FROM f")
                        .load::<Seen>(&mut *pool.get()?)?
                        .into_iter()
                        .map(|s| s.seen)
                        .collect())
                })
            })
            .collect();
        assert!(joined(first)?.is_ok());
        for t in others {
            assert_eq!(joined(t)??, vec![4], "one pass, after all four jobs");
        }
        assert_eq!(pool.group_commits(), 1);

        // A failing pass is rolled back alone: the job's row is committed, its note is not.
        pool.write(|conn| {
            for n in 4..100 {
                insert(conn, n)?;
            }
            Ok::<_, DbError>(())
        })?;
        assert_eq!(rows(&pool)?.len(), 100);
        let notes = diesel::sql_query("SELECT seen FROM f").load::<Seen>(&mut *pool.get()?)?;
        assert_eq!(notes.iter().map(|s| s.seen).collect::<Vec<_>>(), vec![4]);

        // The failure is remembered: a rerun fails the same way, and once the passes can
        // succeed again a rerun clears it (and the next finds nothing left to do).
        assert!(pool.finish_left_over().is_err());
        pool.write(|conn| {
            diesel::sql_query("DELETE FROM t WHERE n >= 50").execute(conn)?;
            Ok::<_, DbError>(())
        })?;
        assert!(pool.finish_left_over()?, "a pass failed, so it ran again");
        assert!(!pool.finish_left_over()?, "nothing left since");
        Ok(())
    }

    #[test]
    fn the_checkpoint_thread_copies_the_wal_without_the_writer() -> Result<(), DbError> {
        let (pool, _file) = pool()?;
        assert_eq!(pool.checkpoints(), 0);
        // Far fewer pages than the writer's own checkpoint mark: only the thread copies them.
        for n in 0..50 {
            pool.write(|conn| insert(conn, n))?;
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while pool.checkpoints() == 0 {
            assert!(Instant::now() < deadline, "no checkpoint came");
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(rows(&pool)?.len(), 50);
        Ok(())
    }
}
