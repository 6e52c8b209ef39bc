//! The stored counters, checked against a recount on both sides: the copy must carry
//! every one over unchanged (a counter that already disagreed with its rows in the
//! source is reported, not silently "fixed", so the two deployments stay identical).

use anyhow::bail;
use diesel::pg::PgConnection;
use diesel::sql_types::BigInt;
use diesel::sqlite::SqliteConnection;
use diesel::RunQueryDsl;

/// (what, SQL returning one BigInt `n`).
const CHECKS: [(&str, &str); 6] = [
    (
        "topics whose reply count differs from a recount",
        "SELECT count(*) AS n FROM topics t WHERE t.reply_count <> (SELECT count(*) FROM posts p \
         WHERE p.topic_id = t.id AND p.post_number > 1 AND p.parent_id IS NULL \
         AND p.deleted_at IS NULL AND p.moderation_state = 'published')",
    ),
    (
        "members whose unread count differs from a recount",
        "SELECT count(*) AS n FROM users u WHERE u.unread_notifications <> (SELECT count(*) \
         FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL)",
    ),
    (
        "members whose reputation differs from a recount",
        "SELECT count(*) AS n FROM users u WHERE u.reputation <> (SELECT COALESCE(sum(r.points), 0) \
         FROM reputation_events r WHERE r.user_id = u.id)",
    ),
    (
        "sum of reply counts",
        "SELECT CAST(COALESCE(sum(reply_count), 0) AS BIGINT) AS n FROM topics",
    ),
    (
        "sum of unread counts",
        "SELECT CAST(COALESCE(sum(unread_notifications), 0) AS BIGINT) AS n FROM users",
    ),
    (
        "sum of reputation",
        "SELECT CAST(COALESCE(sum(reputation), 0) AS BIGINT) AS n FROM users",
    ),
];

#[derive(diesel::QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

pub trait Counters {
    fn scalar(&mut self, sql: &str) -> anyhow::Result<i64>;
}

impl Counters for SqliteConnection {
    fn scalar(&mut self, sql: &str) -> anyhow::Result<i64> {
        Ok(diesel::sql_query(sql).get_result::<N>(self)?.n)
    }
}

impl Counters for PgConnection {
    fn scalar(&mut self, sql: &str) -> anyhow::Result<i64> {
        Ok(diesel::sql_query(sql).get_result::<N>(self)?.n)
    }
}

pub fn counters(conn: &mut impl Counters) -> anyhow::Result<Vec<(&'static str, i64)>> {
    CHECKS
        .iter()
        .map(|(what, sql)| Ok((*what, conn.scalar(sql)?)))
        .collect()
}

/// Fails when the copy's counters are not the source's; warns about drift both share.
pub fn compare(
    source: &[(&'static str, i64)],
    target: &[(&'static str, i64)],
) -> anyhow::Result<Vec<String>> {
    let mut wrong = Vec::new();
    let mut drift = Vec::new();
    for ((what, s), (_, t)) in source.iter().zip(target) {
        if s != t {
            wrong.push(format!("{what}: {s} in the source, {t} in the copy"));
        } else if what.contains("differs") && *t > 0 {
            drift.push(format!("{what}: {t} (as in the source)"));
        }
    }
    if !wrong.is_empty() {
        bail!("counters differ after the copy:\n  {}", wrong.join("\n  "));
    }
    Ok(drift)
}
