//! What to copy and in which order (both catalogs), the emptiness check, and what
//! PostgreSQL derives after the rows are in (the search index, sequences).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::bail;
use diesel::pg::PgConnection;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;
use diesel::RunQueryDsl;

use super::{quote, CountRows, SEEDED_BY_MIGRATIONS};

const MIGRATIONS_TABLE: &str = "__diesel_schema_migrations";

pub struct Column {
    pub name: String,
    /// Declared BLOB on SQLite: sent as `\x…` hex text, which `bytea` reads.
    pub blob: bool,
}

pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
}

pub struct Plan {
    /// Parents before children.
    pub tables: Vec<Table>,
    /// Copied tables with triggers of their own (switched off during the copy).
    pub triggered: Vec<String>,
    /// Source tables PostgreSQL has no counterpart for.
    pub skipped: Vec<String>,
}

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(diesel::QueryableByName)]
struct Pair {
    #[diesel(sql_type = Text)]
    a: String,
    #[diesel(sql_type = Text)]
    b: String,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn pg_tables(pg: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    Ok(diesel::sql_query(
        "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1",
    )
    .load::<Name>(pg)?
    .into_iter()
    .map(|n| n.name)
    .collect())
}

/// Refuses a target holding any row of its own (the migrations' seed rows aside).
pub fn refuse_non_empty(pg: &mut PgConnection) -> anyhow::Result<()> {
    let mut filled = Vec::new();
    for table in pg_tables(pg)? {
        if table == MIGRATIONS_TABLE || SEEDED_BY_MIGRATIONS.contains(&table.as_str()) {
            continue;
        }
        let n = pg.count_rows(&table)?;
        if n > 0 {
            filled.push(format!("{table} ({n} rows)"));
        }
    }
    if !filled.is_empty() {
        bail!(
            "the target database is not empty: {}. parley copy only writes into an empty \
             database (create one with `createdb`); nothing was changed",
            filled.join(", ")
        );
    }
    Ok(())
}

/// The tables both schemas have, their shared columns, in foreign-key order.
pub fn plan(src: &mut SqliteConnection, pg: &mut PgConnection) -> anyhow::Result<Plan> {
    let source: Vec<String> = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .load::<Name>(src)?
    .into_iter()
    .map(|n| n.name)
    .filter(|n| n != MIGRATIONS_TABLE)
    .collect();
    let target: BTreeSet<String> = pg_tables(pg)?.into_iter().collect();
    let mut pg_columns: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in diesel::sql_query(
        "SELECT table_name::text AS a, column_name::text AS b FROM information_schema.columns \
         WHERE table_schema = current_schema() AND is_generated = 'NEVER'",
    )
    .load::<Pair>(pg)?
    {
        pg_columns.entry(p.a).or_default().insert(p.b);
    }
    let mut tables = BTreeMap::new();
    let mut skipped = Vec::new();
    for name in source {
        if !target.contains(&name) {
            skipped.push(name);
            continue;
        }
        let shared = pg_columns.get(&name).cloned().unwrap_or_default();
        let mut columns = Vec::new();
        for c in diesel::sql_query("SELECT name AS a, type AS b FROM pragma_table_info(?)")
            .bind::<Text, _>(&name)
            .load::<Pair>(src)?
        {
            if !shared.contains(&c.a) {
                bail!(
                    "column {name}.{} exists on SQLite but not on PostgreSQL: the two schemas \
                     differ (are both at the same Parley version?)",
                    c.a
                );
            }
            columns.push(Column {
                blob: c.b.to_ascii_uppercase().contains("BLOB"),
                name: c.a,
            });
        }
        tables.insert(name.clone(), Table { name, columns });
    }
    let order = dependency_order(pg, &tables.keys().cloned().collect())?;
    let triggered: Vec<String> = diesel::sql_query(
        "SELECT DISTINCT c.relname::text AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
         WHERE NOT t.tgisinternal ORDER BY 1",
    )
    .load::<Name>(pg)?
    .into_iter()
    .map(|n| n.name)
    .filter(|n| tables.contains_key(n))
    .collect();
    let tables = order
        .into_iter()
        .filter_map(|name| tables.remove(&name))
        .collect();
    Ok(Plan {
        tables,
        triggered,
        skipped,
    })
}

/// Parents first (Kahn's algorithm over PostgreSQL's foreign keys, ties by name).
fn dependency_order(
    pg: &mut PgConnection,
    tables: &BTreeSet<String>,
) -> anyhow::Result<Vec<String>> {
    let mut parents: BTreeMap<String, BTreeSet<String>> = tables
        .iter()
        .map(|t| (t.clone(), BTreeSet::new()))
        .collect();
    for p in diesel::sql_query(
        "SELECT c.conrelid::regclass::text AS a, c.confrelid::regclass::text AS b \
         FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid <> c.confrelid",
    )
    .load::<Pair>(pg)?
    {
        let (child, parent) = (
            p.a.trim_matches('"').to_string(),
            p.b.trim_matches('"').to_string(),
        );
        if tables.contains(&child) && tables.contains(&parent) {
            parents.entry(child).or_default().insert(parent);
        }
    }
    let mut order = Vec::with_capacity(tables.len());
    let mut done = BTreeSet::new();
    while order.len() < tables.len() {
        let ready: Vec<String> = parents
            .iter()
            .filter(|(t, ps)| !done.contains(*t) && ps.iter().all(|p| done.contains(p)))
            .map(|(t, _)| t.clone())
            .collect();
        if ready.is_empty() {
            let left: Vec<&String> = tables.iter().filter(|t| !done.contains(*t)).collect();
            bail!("the foreign keys between these tables form a cycle: {left:?}");
        }
        for t in ready {
            done.insert(t.clone());
            order.push(t);
        }
    }
    Ok(order)
}

/// Builds PostgreSQL's full-text index from the copied posts (what the trigger switched
/// off during the copy would have written); returns its rows.
pub fn rebuild_derived(pg: &mut PgConnection) -> anyhow::Result<i64> {
    let exists: Vec<Name> = diesel::sql_query(
        "SELECT 'post_search' AS name WHERE to_regclass('post_search') IS NOT NULL",
    )
    .load(pg)?;
    if exists.is_empty() {
        return Ok(0);
    }
    diesel::sql_query(
        "INSERT INTO post_search (post_id, topic_id, community_id, lang, created_at, opening, \
             vector, findable, official, accepted, solved, post_number) \
         SELECT post_id, topic_id, community_id, lang, created_at, opening, vector, findable, \
                official, accepted, solved, post_number \
         FROM post_search_source \
         ON CONFLICT (post_id) DO NOTHING",
    )
    .execute(pg)?;
    pg.count_rows("post_search")
}

/// Moves every sequence past the largest copied value (ids are kept, so the next
/// generated one must not collide).
pub fn reset_sequences(pg: &mut PgConnection) -> anyhow::Result<()> {
    let owned = diesel::sql_query(
        "SELECT table_name::text AS a, column_name::text AS b FROM information_schema.columns \
         WHERE table_schema = current_schema() \
           AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')",
    )
    .load::<Pair>(pg)?;
    for p in owned {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(max({c}), 0) + 1, false) AS n FROM {t}",
            c = quote(&p.b),
            t = quote(&p.a)
        );
        let moved: Count = diesel::sql_query(sql)
            .bind::<Text, _>(&p.a)
            .bind::<Text, _>(&p.b)
            .get_result(pg)?;
        tracing::debug!(table = %p.a, column = %p.b, next = moved.n, "sequence moved");
    }
    Ok(())
}
