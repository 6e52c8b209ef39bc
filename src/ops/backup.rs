//! `parley backup FILE` and `parley restore FILE` for SQLite deployments (issue 22).
//!
//! The copy is made with `VACUUM INTO`, not the step-wise backup API: it is one read
//! transaction, so under WAL the server keeps reading and writing while it runs and the
//! copy is exactly the database as of the moment it began (every commit acknowledged
//! before that is in it). The backup API copies page ranges and, when another process
//! writes to the source between two steps, starts again from the first page: under a
//! steady write load (the case that matters) it may never finish. `VACUUM INTO` also
//! writes a compact file with no WAL beside it, ready to copy off the machine. It is
//! written to `FILE.partial` and renamed when complete, then checked.
//!
//! PostgreSQL has `pg_dump`; `parley backup` says so ([`POSTGRES_RECIPE`]) and fails.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, RunQueryDsl, SqliteConnection};

use crate::config::Settings;
use crate::db::{migrate_lock_path, Backend};
use crate::ops::lock_file::{self, Mode};

pub const POSTGRES_RECIPE: &str = "\
parley backup copies SQLite databases only. On PostgreSQL use its own tools:

  backup (while Parley serves; a consistent snapshot):
    pg_dump --format=custom --no-owner --file=parley.dump \"$DATABASE_URL\"

  restore (Parley stopped; into an empty database):
    createdb parley_restored
    pg_restore --no-owner --exit-on-error --dbname=postgres://.../parley_restored parley.dump
    then point DATABASE_URL at it and start Parley (pending migrations apply at start).";

/// Beside the database: held shared by every server running on it, so `restore` can
/// tell that one is (the kernel releases it when the server's process ends).
pub fn serve_lock_path(db_file: &Path) -> PathBuf {
    let mut name = db_file.as_os_str().to_owned();
    name.push(".serve-lock");
    PathBuf::from(name)
}

fn sqlite_file(settings: &Settings) -> anyhow::Result<PathBuf> {
    let url = settings.database().map_err(anyhow::Error::msg)?;
    if url.backend == Backend::Postgres {
        bail!("{POSTGRES_RECIPE}");
    }
    url.sqlite_path()
        .map(Path::to_path_buf)
        .ok_or_else(|| anyhow!("no SQLite file in the database URL"))
}

fn sql_string(path: &Path) -> anyhow::Result<String> {
    let s = path
        .to_str()
        .ok_or_else(|| anyhow!("{} is not valid UTF-8", path.display()))?;
    Ok(format!("'{}'", s.replace('\'', "''")))
}

/// `parley backup FILE`: an online, consistent copy of the SQLite database.
pub fn backup(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let db = sqlite_file(settings)?;
    if !db.exists() {
        bail!("no database at {}", db.display());
    }
    if file.exists() {
        bail!("{} exists already; choose a new file name", file.display());
    }
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let partial = with_suffix(file, ".partial");
    let _ = std::fs::remove_file(&partial);
    let mut conn = open_existing(&db)?;
    conn.batch_execute("PRAGMA busy_timeout = 10000;")?;
    let spinner = indicatif::ProgressBar::new_spinner();
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        spinner.set_message(format!("copying {}", db.display()));
        spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    } else {
        spinner.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let started = std::time::Instant::now();
    let copied = conn.batch_execute(&format!("VACUUM INTO {}", sql_string(&partial)?));
    spinner.finish_and_clear();
    copied.with_context(|| format!("VACUUM INTO {} failed", partial.display()))?;
    drop(conn);
    let summary = check_parley_database(&partial)
        .with_context(|| format!("the copy {} failed its check", partial.display()))?;
    std::fs::rename(&partial, file)
        .with_context(|| format!("cannot rename {} to {}", partial.display(), file.display()))?;
    println!(
        "Backup of {} written to {} in {:.1} s ({} bytes, {summary}).",
        db.display(),
        file.display(),
        started.elapsed().as_secs_f64(),
        std::fs::metadata(file).map(|m| m.len()).unwrap_or(0)
    );
    Ok(())
}

/// `parley restore FILE`: checks FILE, keeps the current database aside, puts FILE in
/// its place. Refuses while a server runs on the database.
pub fn restore(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let db = sqlite_file(settings)?;
    let summary = check_parley_database(file)
        .with_context(|| format!("{} is not a usable Parley backup", file.display()))?;
    if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let serving = serve_lock_path(&db);
    let Some(_no_server) = lock_file::try_lock(&serving, Mode::Exclusive)? else {
        bail!(
            "a Parley server is running on {} (it holds {}): stop it, then restore",
            db.display(),
            serving.display()
        );
    };
    // A server starting meanwhile waits at its migrations until the swap is done.
    let _no_migration = lock_file::exclusive(&migrate_lock_path(&db))?;
    let staged = with_suffix(&db, ".restoring");
    std::fs::copy(file, &staged)
        .with_context(|| format!("cannot copy {} to {}", file.display(), staged.display()))?;
    let mut kept = None;
    if db.exists() {
        let stamp = time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year][month][day]-[hour][minute][second]"
            ))
            .unwrap_or_else(|_| "old".into());
        let aside = with_suffix(&db, &format!(".before-restore-{stamp}"));
        std::fs::rename(&db, &aside)
            .with_context(|| format!("cannot move {} aside", db.display()))?;
        // The WAL holds the old database's last commits: it goes with it.
        for ext in ["-wal", "-shm"] {
            let side = with_suffix(&db, ext);
            if side.exists() {
                std::fs::rename(&side, with_suffix(&aside, ext))
                    .with_context(|| format!("cannot move {} aside", side.display()))?;
            }
        }
        kept = Some(aside);
    }
    std::fs::rename(&staged, &db)
        .with_context(|| format!("cannot move {} into place", staged.display()))?;
    println!(
        "Restored {} into {} ({summary}).",
        file.display(),
        db.display()
    );
    if let Some(aside) = kept {
        println!("The previous database is kept as {}.", aside.display());
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn open_existing(path: &Path) -> anyhow::Result<SqliteConnection> {
    if !path.is_file() {
        bail!("no file at {}", path.display());
    }
    let target = path
        .to_str()
        .ok_or_else(|| anyhow!("{} is not valid UTF-8", path.display()))?;
    SqliteConnection::establish(target).with_context(|| format!("cannot open {}", path.display()))
}

#[derive(diesel::QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// `PRAGMA integrity_check` says `ok` and the file has Parley's migrations table with
/// at least one migration; returns a short summary.
pub fn check_parley_database(path: &Path) -> anyhow::Result<String> {
    let mut conn = open_existing(path)?;
    let lines: Vec<Line> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut conn)
        .context("not a SQLite database")?;
    let report: Vec<String> = lines.into_iter().map(|l| l.integrity_check).collect();
    if report != ["ok"] {
        bail!("integrity check failed: {}", report.join("; "));
    }
    let migrations = diesel::sql_query("SELECT COUNT(*) AS n FROM __diesel_schema_migrations")
        .get_result::<Count>(&mut conn)
        .map_err(|_| anyhow!("no migrations table: not a Parley database"))?
        .n;
    if migrations == 0 {
        bail!("no migration applied: not a Parley database");
    }
    Ok(format!("integrity ok, {migrations} migrations"))
}
