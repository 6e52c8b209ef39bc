//! `parley copy --from sqlite://PATH --to postgres://…` (issue 22): moves a whole
//! community from SQLite to PostgreSQL, the upgrade path when it outgrows one file.
//!
//! The copy is generic over the schema, so a table added by a later migration is copied
//! without touching this module: every table the two schemas share is copied, in foreign
//! key order (read from PostgreSQL's catalog), ids and timestamps as they are. Rows go
//! across as JSON batches (`json_object` on SQLite, `json_populate_recordset` on
//! PostgreSQL), so PostgreSQL's own input functions convert each value to its column's
//! type (SQLite's 0/1 to booleans, hex text to `bytea`).
//!
//! Safety: a target with any row of its own is refused before anything is written
//! (migrations included); the rows are written in ONE PostgreSQL transaction, so a failed
//! copy leaves the target as it found it (migrated, empty); the source is read in one
//! SQLite read transaction, a consistent snapshot even while a server writes to it.
//!
//! What PostgreSQL derives is rebuilt rather than copied: the row triggers (page-cache
//! versions, the content epoch, the search index) are switched off for the copy, since
//! they would bump versions the copy must keep; then `post_search` (the full-text index,
//! which SQLite keeps in an FTS5 table instead) is built from the copied posts, and the
//! sequences (if any table has one) are moved past the copied ids. At the end the
//! counters are checked against a recount and every table's row count against the
//! source's.

mod checks;
mod schema;

use std::collections::BTreeMap;

use anyhow::{bail, Context};
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, RunQueryDsl};
use indicatif::{ProgressBar, ProgressStyle};

use crate::db::{Backend, DatabaseUrl, DbConn};

/// Rows per INSERT statement.
pub const BATCH_ROWS: i64 = 500;

/// Tables the migrations themselves fill (singletons and built-in policy detectors): the
/// copy replaces their rows with the source's, and they do not make a target "non-empty".
pub const SEEDED_BY_MIGRATIONS: [&str; 3] =
    ["content_epoch", "moderation_settings", "policy_detectors"];

/// What a finished copy reports (the CLI prints it; tests check it).
#[derive(Debug, Default)]
pub struct CopyReport {
    /// Rows per table, equal on both sides.
    pub rows: BTreeMap<String, i64>,
    /// Source tables with no PostgreSQL counterpart that were left out (SQLite's
    /// full-text index, rebuilt on PostgreSQL as `post_search`).
    pub skipped: Vec<String>,
    /// Entries of `post_search` built.
    pub search_rows: i64,
    /// Counters that disagree with a recount, in the source as in the copy.
    pub drift: Vec<String>,
}

#[derive(diesel::QueryableByName)]
struct JsonBatch {
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    rows: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
    last: Option<i64>,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// `SELECT count(*)` on either connection type.
trait CountRows {
    fn count_rows(&mut self, table: &str) -> anyhow::Result<i64>;
}

impl<C: checks::Counters> CountRows for C {
    fn count_rows(&mut self, table: &str) -> anyhow::Result<i64> {
        self.scalar(&format!("SELECT count(*) AS n FROM {}", quote(table)))
    }
}

fn count(conn: &mut impl CountRows, table: &str) -> anyhow::Result<i64> {
    conn.count_rows(table)
}

/// `parley copy`: parses both URLs, then [`copy`].
pub fn run(from: &str, to: &str, progress: bool) -> anyhow::Result<CopyReport> {
    let source = DatabaseUrl::parse(from).map_err(anyhow::Error::msg)?;
    let target = DatabaseUrl::parse(to).map_err(anyhow::Error::msg)?;
    if source.backend != Backend::Sqlite {
        bail!("--from must be a SQLite database (sqlite://PATH)");
    }
    if target.backend != Backend::Postgres {
        bail!("--to must be a PostgreSQL database (postgres://…)");
    }
    let path = source
        .sqlite_path()
        .context("no SQLite file in --from")?
        .to_path_buf();
    if !path.exists() {
        bail!("no SQLite database at {}", path.display());
    }
    copy(&source, &target, progress)
}

/// Copies every shared table from the SQLite `source` to the PostgreSQL `target`.
pub fn copy(
    source: &DatabaseUrl,
    target: &DatabaseUrl,
    progress: bool,
) -> anyhow::Result<CopyReport> {
    let mut src = open_source(source)?;
    let mut dst = crate::db::connect_single(target)
        .with_context(|| format!("cannot open {}", target.display()))?;
    // Refused before anything is written, migrations included.
    {
        let DbConn::Pg(pg) = &mut dst else {
            bail!("--to must be a PostgreSQL database");
        };
        schema::refuse_non_empty(pg)?;
    }
    let applied = crate::db::run_migrations(&mut dst).context("migrating the target")?;
    if applied > 0 {
        tracing::info!(applied, "target migrations applied");
    }
    let DbConn::Pg(pg) = &mut dst else {
        bail!("--to must be a PostgreSQL database");
    };
    // A server may have started on the target while it was migrated: check again.
    schema::refuse_non_empty(pg)?;

    src.batch_execute("BEGIN")?;
    let result = copy_in_snapshot(&mut src, pg, progress);
    let _ = src.batch_execute("ROLLBACK");
    result
}

fn open_source(source: &DatabaseUrl) -> anyhow::Result<SqliteConnection> {
    let path = source.sqlite_path().context("no SQLite file in --from")?;
    let uri = format!("file:{}?mode=ro", path.display());
    let mut conn = SqliteConnection::establish(&uri)
        .with_context(|| format!("cannot open {}", path.display()))?;
    conn.batch_execute("PRAGMA busy_timeout = 10000;")?;
    let mut wrapped = DbConn::Sqlite(conn);
    let pending = crate::db::pending_migrations(&mut wrapped)?;
    if !pending.is_empty() {
        bail!(
            "the source database has {} pending migration(s) ({}): run `parley migrate` on it first",
            pending.len(),
            pending.join(", ")
        );
    }
    match wrapped {
        DbConn::Sqlite(c) => Ok(c),
        DbConn::Pg(_) => bail!("--from must be a SQLite database"),
    }
}

fn copy_in_snapshot(
    src: &mut SqliteConnection,
    pg: &mut PgConnection,
    progress: bool,
) -> anyhow::Result<CopyReport> {
    let plan = schema::plan(src, pg)?;
    let mut totals = BTreeMap::new();
    for table in &plan.tables {
        totals.insert(table.name.clone(), count(src, &table.name)?);
    }
    let bar = if progress {
        let all: i64 = totals.values().sum();
        let bar = ProgressBar::new(u64::try_from(all).unwrap_or(0));
        if let Ok(style) =
            ProgressStyle::with_template("{msg:24} [{bar:40}] {pos}/{len} rows ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let before = checks::counters(src)?;
    let report = pg.transaction::<_, anyhow::Error, _>(|pg| {
        for t in &plan.triggered {
            pg.batch_execute(&format!("ALTER TABLE {} DISABLE TRIGGER USER", quote(t)))?;
        }
        for t in SEEDED_BY_MIGRATIONS {
            if plan.tables.iter().any(|p| p.name == t) {
                pg.batch_execute(&format!("DELETE FROM {}", quote(t)))?;
            }
        }
        for table in &plan.tables {
            bar.set_message(table.name.clone());
            copy_table(src, pg, table, &bar)?;
        }
        for t in &plan.triggered {
            pg.batch_execute(&format!("ALTER TABLE {} ENABLE TRIGGER USER", quote(t)))?;
        }
        let search_rows = schema::rebuild_derived(pg)?;
        schema::reset_sequences(pg)?;
        let after = checks::counters(pg)?;
        let drift = checks::compare(&before, &after)?;
        Ok(CopyReport {
            rows: BTreeMap::new(),
            skipped: plan.skipped.clone(),
            search_rows,
            drift,
        })
    })?;
    bar.finish_and_clear();
    let mut report = report;
    // Row counts, once the copy is committed and visible to anyone.
    let mut wrong = Vec::new();
    for (table, expected) in totals {
        let got = count(pg, &table)?;
        if got != expected {
            wrong.push(format!(
                "{table}: {expected} in the source, {got} in the target"
            ));
        }
        report.rows.insert(table, got);
    }
    if !wrong.is_empty() {
        bail!(
            "row counts differ after the copy:\n  {}",
            wrong.join("\n  ")
        );
    }
    Ok(report)
}

fn copy_table(
    src: &mut SqliteConnection,
    pg: &mut PgConnection,
    table: &schema::Table,
    bar: &ProgressBar,
) -> anyhow::Result<()> {
    let fields = table
        .columns
        .iter()
        .map(|c| {
            let q = quote(&c.name);
            let value = if c.blob {
                format!("CASE WHEN {q} IS NULL THEN NULL ELSE '\\x' || hex({q}) END")
            } else {
                q
            };
            format!("'{}', {value}", c.name.replace('\'', "''"))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let names = table
        .columns
        .iter()
        .map(|c| quote(&c.name))
        .collect::<Vec<_>>()
        .join(", ");
    // Keyset batches on the rowid: a constant cost per batch however large the table.
    let select = format!(
        "SELECT json_group_array(json(j)) AS rows, max(r) AS last, count(*) AS n FROM \
         (SELECT rowid AS r, json_object({fields}) AS j FROM {t} WHERE rowid > ? ORDER BY rowid LIMIT ?)",
        t = quote(&table.name)
    );
    let insert = format!(
        "INSERT INTO {t} ({names}) SELECT {names} FROM json_populate_recordset(NULL::{t}, $1::json)",
        t = quote(&table.name)
    );
    let mut after = i64::MIN;
    loop {
        let batch: JsonBatch = diesel::sql_query(&select)
            .bind::<BigInt, _>(after)
            .bind::<BigInt, _>(BATCH_ROWS)
            .get_result(src)
            .with_context(|| format!("reading {}", table.name))?;
        if batch.n == 0 {
            return Ok(());
        }
        let (Some(rows), Some(last)) = (batch.rows, batch.last) else {
            return Ok(());
        };
        diesel::sql_query(&insert)
            .bind::<Text, _>(&rows)
            .execute(pg)
            .with_context(|| format!("writing {}", table.name))?;
        bar.inc(u64::try_from(batch.n).unwrap_or(0));
        after = last;
    }
}

/// `parley copy`: the copy with a progress bar on a terminal, then what was copied.
pub fn cli(from: &str, to: &str) -> anyhow::Result<()> {
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let report = run(from, to, progress)?;
    let rows: i64 = report.rows.values().sum();
    println!(
        "Copied {rows} rows in {} tables; row counts verified table by table.",
        report.rows.len()
    );
    println!(
        "Search index built: {} entries. Counters checked against a recount.",
        report.search_rows
    );
    for d in &report.drift {
        println!("warning: {d}");
    }
    if !report.skipped.is_empty() {
        println!(
            "Not copied (SQLite's own search index, rebuilt above): {}",
            report.skipped.join(", ")
        );
    }
    println!("Point DATABASE_URL at the PostgreSQL database and start Parley.");
    Ok(())
}
