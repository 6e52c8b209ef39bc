//! Issue 22: the migration lock, so any number of processes may start at once on one
//! database, and the list of pending migrations for `parley migrate --check`.

use diesel::connection::SimpleConnection;
use diesel::migration::MigrationSource;
use diesel::sqlite::SqliteConnection;

use super::{
    Backend, DatabaseUrl, DbConn, DbError, DbPool, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS,
};
use crate::ops::lock_file::{self, LockGuard};

/// Issue 22: runs `f` holding the migration lock, released afterwards on every path.
/// PostgreSQL: a session-level advisory lock on this connection (`pg_advisory_lock`),
/// which PostgreSQL itself releases if the process dies. SQLite: an exclusive `flock` on
/// `<database>.migrate-lock` beside the file (see [`lock_file`]), which the kernel
/// releases when the process dies, so a crash never leaves a stale lock. Both wait.
/// Not reentrant: inside `f`, call [`run_migrations_locked`], never [`run_migrations`].
pub fn with_migration_lock<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<DbError>,
{
    match conn {
        DbConn::Pg(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
                .map_err(DbError::from)?;
            let result = f(conn);
            if let DbConn::Pg(c) = conn {
                if let Err(e) =
                    c.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))
                {
                    tracing::warn!(error = %e, "could not release the migration lock");
                }
            }
            result
        }
        DbConn::Sqlite(c) => {
            let _guard = sqlite_lock(c)?;
            f(conn)
        }
    }
}

/// The key of PostgreSQL's advisory lock around migrations (any constant of our own).
const MIGRATION_LOCK_KEY: i64 = 0x7061_726c_6579_0001;

/// Where the SQLite migration lock lives: beside the database file.
pub fn migrate_lock_path(db_file: &std::path::Path) -> std::path::PathBuf {
    let mut name = db_file.as_os_str().to_owned();
    name.push(".migrate-lock");
    std::path::PathBuf::from(name)
}

#[derive(diesel::QueryableByName)]
struct DatabaseFile {
    #[diesel(sql_type = diesel::sql_types::Text)]
    file: String,
}

/// The file behind a SQLite connection's main database; `None` in memory.
fn sqlite_main_file(conn: &mut SqliteConnection) -> Result<Option<std::path::PathBuf>, DbError> {
    use diesel::RunQueryDsl;
    let rows: Vec<DatabaseFile> =
        diesel::sql_query("SELECT file FROM pragma_database_list WHERE name = 'main'")
            .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| r.file)
        .find(|f| !f.is_empty())
        .map(std::path::PathBuf::from))
}

/// Takes the SQLite migration lock of `conn`'s file (none in memory: one connection).
pub(super) fn sqlite_lock(conn: &mut SqliteConnection) -> Result<Option<LockGuard>, DbError> {
    match sqlite_main_file(conn)? {
        Some(file) => Ok(Some(lock_file::exclusive(&migrate_lock_path(&file))?)),
        None => Ok(None),
    }
}

#[derive(diesel::QueryableByName)]
struct Version {
    #[diesel(sql_type = diesel::sql_types::Text)]
    version: String,
}

/// The embedded migrations not yet applied to `conn`'s database, oldest first. Reads
/// only: unlike diesel's harness it never creates the migrations table.
pub fn pending_migrations(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    use diesel::RunQueryDsl;
    let exists_sql = match conn {
        DbConn::Sqlite(_) => {
            "SELECT name AS version FROM sqlite_master WHERE type = 'table' \
             AND name = '__diesel_schema_migrations'"
        }
        DbConn::Pg(_) => {
            "SELECT CAST(to_regclass('__diesel_schema_migrations') AS TEXT) AS version \
             WHERE to_regclass('__diesel_schema_migrations') IS NOT NULL"
        }
    };
    let exists = !diesel::sql_query(exists_sql)
        .load::<Version>(conn)?
        .is_empty();
    let applied: Vec<String> = if exists {
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations")
            .load::<Version>(conn)?
            .into_iter()
            .map(|v| v.version)
            .collect()
    } else {
        Vec::new()
    };
    let embedded = match conn {
        DbConn::Sqlite(_) => {
            MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
        }
        DbConn::Pg(_) => {
            return names_not_in(
                MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES_MIGRATIONS),
                &applied,
            )
        }
    };
    names_not_in(embedded, &applied)
}

fn names_not_in<DB: diesel::backend::Backend>(
    embedded: diesel::migration::Result<Vec<Box<dyn diesel::migration::Migration<DB>>>>,
    applied: &[String],
) -> Result<Vec<String>, DbError> {
    let embedded = embedded.map_err(|e| DbError::Migration(e.to_string()))?;
    Ok(embedded
        .iter()
        .filter(|m| !applied.iter().any(|a| *a == m.name().version().to_string()))
        .map(|m| m.name().to_string())
        .collect())
}

impl DbPool {
    /// Issue 22 (metrics): the pool's open connections, idle ones, and its maximum.
    pub fn pool_state(&self) -> (u32, u32, u32) {
        let state = self.pool.state();
        (
            state.connections,
            state.idle_connections,
            self.pool.max_size(),
        )
    }

    /// Issue 22: the database this pool opens.
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }
}

impl DatabaseUrl {
    /// Issue 22: the SQLite database file (`None` on PostgreSQL).
    pub fn sqlite_path(&self) -> Option<&std::path::Path> {
        (self.backend == Backend::Sqlite).then(|| std::path::Path::new(&self.target))
    }
}
