//! The one place that knows there are two database backends.
//!
//! Everything outside `db/` talks to [`DbConn`] through diesel's query builder; where the
//! dialects differ (pragmas, upserts, migrations) a `match` on the inner connection lives
//! here, named by intent.

mod checkpoint;
mod finish;
mod group_commit;
mod leader_lock; // issue 22
mod manager;
pub use leader_lock::LeaderConnection;
pub use manager::Manager;
mod migration_lock; // issue 22
pub use finish::FinishHook;
pub use migration_lock::{migrate_lock_path, pending_migrations, with_migration_lock};
pub mod models;
pub mod prepared; // issue 19
pub mod schema;
pub mod search;
pub mod types;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub use types::*;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// How long a SQLite writer waits for the lock before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 10_000;
/// Each SQLite connection maps the first 2 GiB of the database file into memory, so a
/// read is a memory access rather than a `pread` copied out of the operating system's
/// page cache into the connection's own 2 MB cache (issue 19: a search's candidates read
/// FTS5 pages all over the index; S1 served 13 % more and S2 57 % more with the map).
/// Address space only: the pages are the OS's page cache, shared by every connection and
/// process. A commit still makes the other connections drop what they hold (SQLite
/// unmaps and maps again), which is why the search log is written behind the searches.
const SQLITE_MMAP_BYTES: u64 = 2 << 30;

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database URL whose backend has been decided from its scheme, never by trial.
#[derive(Debug, Clone)]
pub struct DatabaseUrl {
    pub backend: Backend,
    /// What the driver receives: a file path for SQLite, the URL itself for PostgreSQL.
    target: String,
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        if let Some(rest) = url.strip_prefix("sqlite://") {
            if rest.is_empty() {
                return Err("sqlite:// URL needs a file path, e.g. sqlite://data/parley.db".into());
            }
            Ok(Self {
                backend: Backend::Sqlite,
                target: rest.to_string(),
            })
        } else if let Some(rest) = url.strip_prefix("sqlite:") {
            Ok(Self {
                backend: Backend::Sqlite,
                target: rest.to_string(),
            })
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self {
                backend: Backend::Postgres,
                target: url.to_string(),
            })
        } else {
            Err(format!(
                "unsupported DATABASE_URL scheme in {:?}: use sqlite://PATH or postgres://...",
                redact(url)
            ))
        }
    }

    pub fn sqlite_file(path: &std::path::Path) -> Self {
        Self {
            backend: Backend::Sqlite,
            target: path.to_string_lossy().into_owned(),
        }
    }

    /// The URL without credentials, for logs.
    pub fn display(&self) -> String {
        match self.backend {
            Backend::Sqlite => format!("sqlite://{}", self.target),
            Backend::Postgres => redact(&self.target),
        }
    }
}

fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

mod probe;
pub use probe::QueryCounter;
use probe::{ConnectionProbe, READING};

fn establish(url: &DatabaseUrl) -> diesel::ConnectionResult<DbConn> {
    establish_counted(url, None)
}

fn establish_counted(
    url: &DatabaseUrl,
    counter: Option<&QueryCounter>,
) -> diesel::ConnectionResult<DbConn> {
    match url.backend {
        Backend::Postgres => {
            let mut conn = PgConnection::establish(&url.target)?;
            if let Some(c) = counter {
                conn.set_instrumentation(ConnectionProbe::new(c));
            }
            Ok(DbConn::Pg(conn))
        }
        Backend::Sqlite => {
            let mut conn = SqliteConnection::establish(&url.target)?;
            if let Some(c) = counter {
                conn.set_instrumentation(ConnectionProbe::new(c));
            }
            // Per-connection settings. WAL is set once, before the pool starts (see `connect`).
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = {SQLITE_MMAP_BYTES};"
            ))
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConn::Sqlite(conn))
        }
    }
}

pub type PooledConn = r2d2::PooledConnection<Manager>;

#[derive(Clone)]
pub struct DbPool {
    pool: r2d2::Pool<Manager>,
    url: DatabaseUrl,
    backend: Backend,
    counter: QueryCounter,
    /// SQLite allows one writer at a time. Writers of this process queue here and are
    /// woken as soon as the lock is free, instead of polling it in SQLite's busy handler
    /// (which sleeps up to 100 ms per try and collapses throughput under contention);
    /// queued writers share one transaction (see [`group_commit`]).
    sqlite_writer: Option<Arc<group_commit::GroupCommit>>,
    /// The work that finishes every write, on either backend (see [`finish`]).
    finisher: Arc<finish::Finisher>,
    /// SQLite: the thread that copies the WAL into the database file, off the writer's
    /// path (see [`checkpoint`]); it stops when the last clone of the pool is dropped.
    checkpointer: Option<Arc<checkpoint::Checkpointer>>,
}

impl std::fmt::Debug for DbPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbPool")
            .field("backend", &self.backend)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database unavailable: {0}")]
    Unavailable(#[from] r2d2::Error),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("{0}")]
    Config(String),
    #[error("commit failed: {0}")]
    Commit(String),
}

impl DbPool {
    /// Opens the pool. For SQLite the parent folder is created and WAL mode is switched
    /// on once here: doing it in every new connection races at pool start.
    pub fn connect(url: &DatabaseUrl, max_size: u32) -> Result<Self, DbError> {
        let mut first = connect_single(url)?;
        if let DbConn::Sqlite(c) = &mut first {
            let missing = missing_sqlite_options(c)?;
            if !missing.is_empty() {
                tracing::warn!(
                    ?missing,
                    "SQLite was built without the options in .cargo/config.toml: every cached \
                     statement is re-planned on each run and pages are several times slower"
                );
            }
        }
        drop(first);
        let counter = QueryCounter::default();
        let pool = r2d2::Pool::builder()
            // A local SQLite file cannot go stale; a PostgreSQL connection can.
            .test_on_check_out(url.backend == Backend::Postgres)
            .max_size(max_size)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(5))
            .build(Manager::new(url.clone(), counter.clone()))?;
        let finisher = Arc::new(finish::Finisher::default());
        Ok(Self {
            pool,
            url: url.clone(),
            backend: url.backend,
            counter,
            sqlite_writer: (url.backend == Backend::Sqlite)
                .then(|| Arc::new(group_commit::GroupCommit::new(finisher.clone()))),
            finisher,
            checkpointer: match url.backend {
                Backend::Sqlite => Some(checkpoint::Checkpointer::start(url).map_err(|e| {
                    DbError::Config(format!("cannot start the checkpoint thread: {e}"))
                })?),
                Backend::Postgres => None,
            },
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs `f` in a write transaction and returns once it is committed and the finishing
    /// work has run over it (see [`finish`]). The only way the application writes. On
    /// SQLite it runs after this process's other writers, possibly in one transaction with
    /// them (each in its own savepoint; see [`group_commit`]); an error in `f` rolls back
    /// `f`'s work alone.
    pub fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<DbError> + From<diesel::result::Error>,
    {
        match &self.sqlite_writer {
            Some(group) => group.run(|| self.open_writer(), f),
            None => {
                let mut conn = self.get()?;
                let (written, queued) = finish::noting_queued(|| write_tx(&mut conn, f));
                if queued && written.is_ok() {
                    self.finisher.after_commit(&mut conn);
                }
                written
            }
        }
    }

    /// Sets the work that finishes every write (see [`finish`]): once, at start-up.
    /// False when it was already set.
    pub fn finish_writes_with(&self, hook: FinishHook) -> bool {
        self.finisher.set(hook)
    }

    /// Whether a pass of the finishing work failed since the last clean
    /// [`DbPool::finish_left_over`] (no database access).
    pub fn has_left_over(&self) -> bool {
        self.finisher.left_over().is_some()
    }

    /// Runs the finishing work again when a pass failed since the last clean rerun, as a
    /// write of its own, and returns whether it ran. Its error is the caller's, so a
    /// request that must not answer before the work is done can fail instead.
    pub fn finish_left_over(&self) -> Result<bool, DbError> {
        let Some(seen) = self.finisher.left_over() else {
            return Ok(false);
        };
        match &self.sqlite_writer {
            Some(group) => group.run(
                || self.open_writer(),
                |conn| Ok::<_, DbError>(self.finisher.passes(conn)?),
            )?,
            None => self.finisher.passes_one_by_one(&mut *self.get()?)?,
        }
        self.finisher.clear(seen);
        Ok(true)
    }

    /// The SQLite writer's own connection: counted like the pool's, with a larger cache.
    /// It leaves checkpoints to the checkpoint thread (see [`checkpoint`]): a commit that
    /// crossed SQLite's mark used to copy the WAL into the database file and sync it while
    /// every queued writer waited (up to 250 ms). Its own automatic checkpoint stays, at
    /// 16,000 pages (64 MiB), as a backstop. Measured on W5: see `bench/README.md`.
    /// Its statement journals (one per savepoint of a group) stay in memory; the other
    /// connections keep temporary files, since SQLite's in-memory temp store seeks
    /// linearly and made `bench-data`'s index builds 33 → 87 s.
    fn open_writer(&self) -> Result<DbConn, DbError> {
        let mut conn = establish_counted(&self.url, Some(&self.counter))
            .map_err(|e| DbError::Config(format!("cannot open {}: {e}", self.url.display())))?;
        conn.batch_execute(&format!(
            "PRAGMA cache_size = -{}; PRAGMA wal_autocheckpoint = {}; PRAGMA temp_store = MEMORY;",
            group_commit::WRITER_CACHE_KIB,
            group_commit::WRITER_CHECKPOINT_PAGES
        ))?;
        Ok(conn)
    }

    /// Background checkpoints so far that copied WAL pages into the SQLite file.
    pub fn checkpoints(&self) -> u64 {
        self.checkpointer.as_ref().map_or(0, |c| c.copied())
    }

    /// SQLite write transactions committed through [`DbPool::write`] so far.
    pub fn group_commits(&self) -> u64 {
        self.sqlite_writer.as_ref().map_or(0, |g| g.commits())
    }

    /// Statements run through this pool so far.
    /// Moves after every transaction committed on this pool's connections (the write
    /// path, the SQLite writer, `write_batch` on a pooled connection), so a cache of rows
    /// read before a commit can tell it may be stale (`forums::open_cache`). Writes by
    /// other processes, and statements outside transactions, do not move it: such
    /// caches bound their age as well.
    pub fn write_generation(&self) -> u64 {
        self.counter.2.load(Ordering::SeqCst)
    }

    pub fn query_count(&self) -> u64 {
        self.counter.get()
    }

    pub fn get(&self) -> Result<PooledConn, DbError> {
        Ok(self.pool.get()?)
    }

    /// Applies pending embedded migrations; returns how many ran.
    pub fn migrate(&self) -> Result<usize, DbError> {
        let mut conn = self.get()?;
        run_migrations(&mut conn)
    }

    /// Readiness probe: a connection can be had and answers.
    pub fn ping(&self) -> Result<(), DbError> {
        let mut conn = self.get()?;
        conn.batch_execute("SELECT 1")?;
        Ok(())
    }
}

/// One connection, for one-shot commands (`migrate`, `user create`, `demo`, `bench-data`):
/// a pool's background threads could still be opening connections when the process
/// exits, and libpq crashes if it is torn down under them. For SQLite this also creates
/// the folder and switches the file to WAL (once, before any pool: it persists).
pub fn connect_single(url: &DatabaseUrl) -> Result<DbConn, DbError> {
    if url.backend == Backend::Sqlite {
        let path = std::path::Path::new(&url.target);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| DbError::Config(format!("cannot create {}: {e}", parent.display())))?;
        }
    }
    let mut conn = establish(url)
        .map_err(|e| DbError::Config(format!("cannot open {}: {e}", url.display())))?;
    if let DbConn::Sqlite(c) = &mut conn {
        // Switching a new file to WAL needs SQLite's exclusive lock: processes started at
        // the same moment take turns under the migration lock (issue 22).
        let _guard = migration_lock::sqlite_lock(c)?;
        c.batch_execute("PRAGMA journal_mode = WAL;")?;
    }
    Ok(conn)
}

/// Compile-time options the bundled SQLite must have (set in `.cargo/config.toml`; see
/// the comments there): without them every `LIMIT ?` statement is re-prepared per run.
pub const REQUIRED_SQLITE_OPTIONS: [&str; 2] = ["ENABLE_QPSG", "DEFAULT_MEMSTATUS=0"];

#[derive(diesel::QueryableByName)]
struct CompileOption {
    #[diesel(sql_type = diesel::sql_types::Text)]
    compile_options: String,
}

/// The [`REQUIRED_SQLITE_OPTIONS`] this SQLite library was built without.
pub fn missing_sqlite_options(conn: &mut SqliteConnection) -> Result<Vec<&'static str>, DbError> {
    use diesel::RunQueryDsl;
    let have: Vec<String> = diesel::sql_query("PRAGMA compile_options")
        .load::<CompileOption>(conn)?
        .into_iter()
        .map(|o| o.compile_options)
        .collect();
    Ok(REQUIRED_SQLITE_OPTIONS
        .into_iter()
        .filter(|want| !have.iter().any(|h| h == want))
        .collect())
}

/// Applies the pending migrations under the migration lock (see [`with_migration_lock`]),
/// so processes started at the same moment take turns: the first migrates, the others
/// then find nothing to do.
pub fn run_migrations(conn: &mut DbConn) -> Result<usize, DbError> {
    with_migration_lock(conn, run_migrations_locked)
}

/// Applies pending migrations; the caller holds the migration lock.
pub fn run_migrations_locked(conn: &mut DbConn) -> Result<usize, DbError> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        DbConn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| DbError::Migration(e.to_string()))?;
    Ok(applied.len())
}

/// Runs `f` in one write transaction on a connection of the caller's own: for one-shot
/// commands that hold a single connection (`demo`, `bench-data`, `user create`) and for
/// tests' fixtures. It has no group and no finishing work (see [`finish`]): what it
/// queues waits for the next write through the pool or the background pass. The
/// application itself writes only through [`DbPool::write`].
pub fn write_batch<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    write_tx(conn, f)
}

/// Runs `f` in a write transaction. On SQLite it begins with `BEGIN IMMEDIATE`, so the
/// write lock is taken up front and waits under `busy_timeout` instead of failing with
/// "database is locked" when a read transaction later tries to upgrade. Nested in
/// another transaction it is a savepoint. Only this module opens write transactions:
/// everything else goes through [`DbPool::write`] (or [`write_batch`]).
pub(in crate::db) fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let nested = <DbConn as TransactionManager<DbConn>>::transaction_manager_status_mut(conn)
        .transaction_depth()?
        .is_some();
    if nested {
        // Already inside a write transaction: a savepoint keeps the outer lock.
        return conn.transaction(f);
    }
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConn::Pg(_) => <DbConn as TransactionManager<DbConn>>::begin_transaction(conn)?,
    }
    match f(conn) {
        Ok(value) => {
            <DbConn as TransactionManager<DbConn>>::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            if let Err(rollback) =
                <DbConn as TransactionManager<DbConn>>::rollback_transaction(conn)
            {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(e)
        }
    }
}

/// Runs `f`, which only reads, in one read transaction on SQLite: its statements see one
/// snapshot, and the WAL read lock is taken once instead of once per statement (each
/// autocommit statement takes and drops it, a `fcntl` call and a contended mutex; 10 % of
/// a signed-in topic view's CPU). On PostgreSQL the statements run as they are, since a
/// transaction there would add two round trips. `f` must not write: a deferred SQLite
/// transaction cannot take the write lock once another connection committed.
pub fn read_snapshot<T, E>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn {
        DbConn::Sqlite(_) => {
            // Its commit ends a read: the pool's write generation stays (see `ConnectionProbe`).
            let outer = READING.with(|r| r.replace(true));
            let read = conn.transaction(f);
            READING.with(|r| r.set(outer));
            read
        }
        DbConn::Pg(_) => f(conn),
    }
}

/// Runs a query on the backend's own connection instead of through `DbConn`'s
/// `MultiConnection` layer, which renders the whole SQL text on every execution, twice
/// (once to ask whether the statement may be cached, once to collect its binds): for a
/// select of a wide row that costs more than SQLite takes to run it. The body is compiled
/// once per backend, sees the connection as `$c`, and is counted and logged like any
/// other statement. Used on the hot read paths (sessions, topic pages).
#[macro_export]
macro_rules! native {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite($c) => $body,
            $crate::db::DbConn::Pg($c) => $body,
        }
    };
}
pub use native;

/// Locks one row until the end of the transaction: `SELECT … FOR NO KEY UPDATE` on
/// PostgreSQL (what an `UPDATE` of non-key columns takes: writers of the row wait, while
/// inserts that reference it by a foreign key do not);
/// nothing on SQLite, where a write transaction (`BEGIN IMMEDIATE`) already excludes every
/// other writer. (An `UPDATE … SET id = id` would do on both, but SQLite then checks every
/// foreign key that points at the row: a scan of the child tables per lock.)
#[macro_export]
macro_rules! lock_row {
    ($conn:expr, $table:ident, $id:expr) => {{
        use diesel::prelude::*;
        match $conn {
            $crate::db::DbConn::Pg(c) => $crate::db::schema::$table::table
                .find($id)
                .select($crate::db::schema::$table::id)
                .for_no_key_update()
                .load::<String>(c)
                .map(|_| ()),
            $crate::db::DbConn::Sqlite(_) => Ok(()),
        }
    }};
}
pub use lock_row;

/// True when the error is a unique-constraint violation (both backends report it alike).
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `.cargo/config.toml` reached the bundled SQLite's build: without it cached
    /// statements are re-planned on every execution.
    #[test]
    fn bundled_sqlite_has_the_planner_and_allocator_options(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut conn = SqliteConnection::establish(":memory:")?;
        assert_eq!(missing_sqlite_options(&mut conn)?, Vec::<&str>::new());
        Ok(())
    }
}
