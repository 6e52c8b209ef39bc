//! Privacy requests (issue 22): the data export holds the member's data and nobody
//! else's, through a link that works once, for its owner only, until it expires; the
//! account deletion signs out everywhere at once, is cancelled by signing in during the
//! grace period, and at its end leaves no trace of the email or username in any text
//! column of any table while the threads stay readable. Both backends.

mod deletion;
mod demo;
mod export;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use parley::db::DbConn;

use crate::helpers::fixtures::db;
use crate::helpers::{spawn_app_with, TestApp};

/// A forum app whose privacy job runs only when a request wakes it (and at start), so a
/// test that moves the clock runs the job's passes itself.
pub async fn privacy_app() -> TestApp {
    spawn_app_with(|s| {
        s.rate_limits.signin_per_ip_per_minute = 10_000;
        s.rate_limits.signin_per_account_per_minute = 10_000;
        s.privacy.poll_secs = 24 * 3600;
    })
    .await
}

#[derive(QueryableByName)]
struct Pair {
    #[diesel(sql_type = Text)]
    t: String,
    #[diesel(sql_type = Text)]
    c: String,
}

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every `table.column` of the database holding `needle` (any case): on SQLite every
/// column of every table (blobs read as text), on PostgreSQL every text, varchar and
/// JSON column. Found from the catalog, so a table added later is searched too.
pub async fn columns_holding(app: &TestApp, needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    assert!(
        needle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@.-".contains(c)),
        "a plain needle: {needle}"
    );
    db(app, move |conn| {
        let columns: Vec<Pair> = match conn {
            DbConn::Sqlite(c) => diesel::sql_query(
                "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
            )
            .load(c)?,
            DbConn::Pg(c) => diesel::sql_query(
                "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
                 WHERE table_schema = current_schema() \
                 AND data_type IN ('text', 'character varying', 'json', 'jsonb')",
            )
            .load(c)?,
        };
        assert!(columns.len() > 100, "the catalog lists the columns");
        let mut hits = Vec::new();
        for p in columns {
            let sql = format!(
                "SELECT count(*) AS n FROM \"{}\" WHERE lower(CAST(\"{}\" AS TEXT)) LIKE '%{}%'",
                p.t, p.c, needle
            );
            let n: N = match conn {
                DbConn::Sqlite(c) => diesel::sql_query(sql).get_result(c)?,
                DbConn::Pg(c) => diesel::sql_query(sql).get_result(c)?,
            };
            if n.n > 0 {
                hits.push(format!("{}.{} ({} rows)", p.t, p.c, n.n));
            }
        }
        Ok(hits)
    })
    .await
}

/// The audit log's privacy entries about the account `id` (action, details).
pub async fn audit_actions(app: &TestApp, id: &str) -> Vec<(String, String)> {
    let id = id.to_string();
    db(app, move |conn| {
        use parley::db::schema::audit_log;
        Ok(audit_log::table
            .filter(audit_log::target_id.eq(&id))
            .filter(audit_log::action.like("privacy.%"))
            .select((audit_log::action, audit_log::details))
            .load::<(String, String)>(conn)?)
    })
    .await
}
