//! Which path a search takes on PostgreSQL (issue 19): walking the date index for a
//! query that matches a large share of the newest posts, or the GIN index otherwise.
//!
//! The planner misjudges this both ways when left to itself (an exclusion made it walk
//! all 500,000 rows for no match; an underestimated French parse made it fetch 100,000
//! rows), so a probe counts the query's matches among the newest posts and the search
//! tells the planner which path to take. Both paths return the same rows (the newest
//! `CANDIDATES` matches the reader may see): the probe decides how they are fetched,
//! never which. So its answer is kept for [`KEEP`] per query text and sub-communities
//! (their ids are a deployment's own), like a plan: a search repeated within a minute does not send the probe
//! (a second statement, about 1 ms of PostgreSQL's time). Results are never kept.

use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::sql_types::{Array, BigInt, Text};
use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use super::kept::Kept;
use super::query::{ids, MATCH};
use crate::db::CommunityId;

/// How a query is judged common: at least `DENSE_HITS` matches among the newest
/// `PROBE_ROWS` posts (2 %). Left to itself the planner misjudges both ways (an exclusion
/// made it walk all 500,000 rows for no match; an underestimated French parse made it
/// fetch 100,000 rows), so the engine measures and then tells it which path to take.
const PROBE_ROWS: i64 = 2_000;
const DENSE_HITS: i64 = 40;
/// How long a probe's answer is used.
const KEEP: Duration = Duration::from_secs(60);
/// Answers kept at most (about; the least used are evicted first).
const MAX_KEPT: usize = 10_000;

/// The query text and its sub-communities -> whether dense, the database.
static KEPT: Kept<(String, Vec<String>), (bool, String)> = Kept::new(KEEP, MAX_KEPT);

#[derive(QueryableByName)]
struct Probe {
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Text)]
    database: String,
}

/// Counts the query's matches among the newest posts.
fn probe(
    conn: &mut PgConnection,
    text: &str,
    communities: &[CommunityId],
) -> QueryResult<(bool, String)> {
    let probe = diesel::sql_query(format!(
        "SELECT count(*) AS n, current_database()::text AS database FROM (
            SELECT s.lang, s.vector FROM post_search s WHERE s.community_id = ANY($2)
            ORDER BY s.created_at DESC LIMIT {PROBE_ROWS}
        ) s WHERE {MATCH}"
    ))
    .bind::<Text, _>(text)
    .bind::<Array<Text>, _>(ids(communities))
    .get_result::<Probe>(conn)?;
    Ok((probe.n >= DENSE_HITS, probe.database))
}

/// Whether the query matches a large share of the newest posts (see `DENSE_HITS`), and
/// the database's name (the key of `lexemes`' statistics): kept, or probed now.
pub(super) fn is_dense(
    conn: &mut PgConnection,
    text: &str,
    communities: &[CommunityId],
) -> QueryResult<(bool, String)> {
    let key = (text.to_string(), ids(communities));
    if let Some(answer) = KEPT.get(&key) {
        return Ok(answer);
    }
    let answer = probe(conn, text, communities)?;
    KEPT.put(key, answer.clone());
    Ok(answer)
}
