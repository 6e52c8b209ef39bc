//! Issue 22: the GCRA state of the sign-in, sign-up and reset limits, shared by every
//! app node (`auth::rate_limit` decides with it).
//!
//! One atomic upsert per attempt: SQLite and PostgreSQL both evaluate the SET
//! expressions against the row as it was, under the row's lock (PostgreSQL) or the
//! single writer (SQLite), so two nodes racing for a key's last unit never both get it.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

use crate::db::DbConn;

/// What an attempt was told: allowed or not, and the key's theoretical arrival time
/// after it (microseconds since the epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct Attempt {
    #[diesel(sql_type = BigInt)]
    pub tat: i64,
    #[diesel(sql_type = Integer)]
    pub allowed: i32,
}

/// Spends one unit of `key`'s budget at `now` (microseconds): a unit comes back every
/// `interval` microseconds and at most `window` microseconds of them may be spent ahead
/// (burst × interval). Refused attempts leave the state as it was.
pub fn attempt(
    conn: &mut DbConn,
    key: &str,
    now: i64,
    interval: i64,
    window: i64,
) -> QueryResult<Attempt> {
    // The key's next free time: its arrival time, or now if that is already past.
    let start = "(CASE WHEN rate_limit_state.tat > $2 THEN rate_limit_state.tat ELSE $2 END)";
    let fits = format!("{start} + $3 - $2 <= $4");
    let sql = format!(
        "INSERT INTO rate_limit_state (rate_key, tat, allowed) VALUES ($1, $2 + $3, 1) \
         ON CONFLICT (rate_key) DO UPDATE SET \
         tat = CASE WHEN {fits} THEN {start} + $3 ELSE rate_limit_state.tat END, \
         allowed = CASE WHEN {fits} THEN 1 ELSE 0 END \
         RETURNING tat, allowed"
    );
    match conn {
        DbConn::Pg(c) => diesel::sql_query(sql)
            .bind::<Text, _>(key)
            .bind::<BigInt, _>(now)
            .bind::<BigInt, _>(interval)
            .bind::<BigInt, _>(window)
            .get_result(c),
        // SQLite numbers its parameters `?N`.
        DbConn::Sqlite(c) => diesel::sql_query(sql.replace('$', "?"))
            .bind::<Text, _>(key)
            .bind::<BigInt, _>(now)
            .bind::<BigInt, _>(interval)
            .bind::<BigInt, _>(window)
            .get_result(c),
    }
}

/// Deletes keys whose budget is full again (arrival time before `now`, microseconds):
/// a missing row and such a row mean the same.
pub fn delete_settled(conn: &mut DbConn, now: i64) -> QueryResult<usize> {
    let sql = "DELETE FROM rate_limit_state WHERE tat < $1";
    match conn {
        DbConn::Pg(c) => diesel::sql_query(sql).bind::<BigInt, _>(now).execute(c),
        DbConn::Sqlite(c) => diesel::sql_query(sql.replace('$', "?"))
            .bind::<BigInt, _>(now)
            .execute(c),
    }
}

/// How many keys hold state (tests, metrics).
pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let sql = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM rate_limit_state";
    let row: N = match conn {
        DbConn::Pg(c) => diesel::sql_query(sql).get_result(c)?,
        DbConn::Sqlite(c) => diesel::sql_query(sql).get_result(c)?,
    };
    Ok(row.n)
}
