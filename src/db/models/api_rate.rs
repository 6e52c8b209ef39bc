//! API quota windows shared by every app node (`api::ratelimit` spends them locally).
//!
//! A node takes a block of a window's quota with one atomic upsert: the block is an
//! eighth of what is left (at least one while anything is left, nothing once the
//! window is spent), so the blocks handed out across all nodes never add up to more than
//! the limit, and a node that leases often still writes a few dozen times a window, not
//! once per request.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::schema::api_rate_windows;
use crate::db::DbConn;

/// A block is `1 / LEASE_SHARE` of the quota left in the window (rounded up).
pub const LEASE_SHARE: i64 = 8;

/// What one lease handed out, and what the window has handed out in all after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct Lease {
    #[diesel(sql_type = BigInt)]
    pub used: i64,
    #[diesel(sql_type = BigInt, column_name = last_grant)]
    pub granted: i64,
}

/// Leases a block of `key`'s quota for the window starting at `window_start` (seconds),
/// whose limit is `limit`. SQLite and PostgreSQL both evaluate the SET expressions
/// against the row as it was, inside the upsert's own lock, so two nodes never take the
/// same units.
pub fn lease(conn: &mut DbConn, key: &str, window_start: i64, limit: i64) -> QueryResult<Lease> {
    let first = (limit + LEASE_SHARE - 1) / LEASE_SHARE;
    let grant = format!(
        "CASE WHEN $4 - api_rate_windows.used > 0 \
         THEN ($4 - api_rate_windows.used + {share} - 1) / {share} ELSE 0 END",
        share = LEASE_SHARE
    );
    let sql = format!(
        "INSERT INTO api_rate_windows (rate_key, window_start, used, last_grant) \
         VALUES ($1, $2, $3, $3) \
         ON CONFLICT (rate_key, window_start) DO UPDATE SET \
         last_grant = {grant}, used = api_rate_windows.used + {grant} \
         RETURNING used, last_grant"
    );
    match conn {
        DbConn::Pg(c) => diesel::sql_query(sql)
            .bind::<Text, _>(key)
            .bind::<BigInt, _>(window_start)
            .bind::<BigInt, _>(first)
            .bind::<BigInt, _>(limit)
            .get_result(c),
        // SQLite numbers its parameters `?N`.
        DbConn::Sqlite(c) => diesel::sql_query(sql.replace('$', "?"))
            .bind::<Text, _>(key)
            .bind::<BigInt, _>(window_start)
            .bind::<BigInt, _>(first)
            .bind::<BigInt, _>(limit)
            .get_result(c),
    }
}

/// Forgets windows that started before `before` (seconds).
pub fn delete_before(conn: &mut DbConn, before: i64) -> QueryResult<usize> {
    diesel::delete(api_rate_windows::table.filter(api_rate_windows::window_start.lt(before)))
        .execute(conn)
}
