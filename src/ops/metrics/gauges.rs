//! Gauges read at scrape time: the connection pool, the page cache's hits, and bounded
//! `COUNT`s of the queues (outbox, webhook deliveries, fan-out) and active sessions.

use diesel::sql_types::BigInt;
use diesel::RunQueryDsl;

use super::Exposition;
use crate::error::AppError;
use crate::state::AppState;

/// No count reads more than this many rows (a scrape stays cheap on a large outbox).
pub const COUNT_CAP: i64 = 1_000_000;

#[derive(diesel::QueryableByName)]
struct Counts {
    #[diesel(sql_type = BigInt)]
    outbox_queued: i64,
    #[diesel(sql_type = BigInt)]
    outbox_sent: i64,
    #[diesel(sql_type = BigInt)]
    outbox_failed: i64,
    #[diesel(sql_type = BigInt)]
    outbox_dropped: i64,
    #[diesel(sql_type = BigInt)]
    webhooks_pending: i64,
    #[diesel(sql_type = BigInt)]
    webhooks_failed: i64,
    #[diesel(sql_type = BigInt)]
    fanout: i64,
    #[diesel(sql_type = BigInt)]
    sessions: i64,
}

fn capped(table: &str, filter: &str) -> String {
    format!("(SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {filter} LIMIT {COUNT_CAP}) q)")
}

/// One statement, no binds (literals only), so it runs unchanged on both backends.
fn counts_sql(now_micros: i64) -> String {
    format!(
        "SELECT CAST({} AS BIGINT) AS outbox_queued, CAST({} AS BIGINT) AS outbox_sent, \
         CAST({} AS BIGINT) AS outbox_failed, CAST({} AS BIGINT) AS outbox_dropped, \
         CAST({} AS BIGINT) AS webhooks_pending, CAST({} AS BIGINT) AS webhooks_failed, \
         CAST({} AS BIGINT) AS fanout, CAST({} AS BIGINT) AS sessions",
        capped("outbox", "status = 'queued'"),
        capped("outbox", "status = 'sent'"),
        capped("outbox", "status = 'failed'"),
        capped("outbox", "status = 'dropped'"),
        capped("webhook_deliveries", "status = 'pending'"),
        capped("webhook_deliveries", "status = 'failed'"),
        capped("fanout_queue", "1 = 1"),
        capped("sessions", &format!("expires_at > {now_micros}")),
    )
}

pub async fn write(state: &AppState, out: &mut Exposition) -> Result<(), AppError> {
    let (open, idle, max) = state.db.pool_state();
    // Issue 22: whether this node runs the scheduled work.
    out.gauge(
        "parley_leader",
        "1 on the node elected to run scheduled work (daily facts, clean-ups), else 0.",
        if state.leader.is_leading() { 1.0 } else { 0.0 },
    );
    out.gauge(
        "parley_db_pool_connections",
        "Open database connections in this process's pool.",
        f64::from(open),
    );
    out.gauge(
        "parley_db_pool_idle_connections",
        "Idle database connections in the pool.",
        f64::from(idle),
    );
    out.gauge(
        "parley_db_pool_max_connections",
        "The pool's maximum size.",
        f64::from(max),
    );
    out.gauge(
        "parley_db_pool_in_use_connections",
        "Database connections checked out of the pool at scrape time.",
        f64::from(open.saturating_sub(idle)),
    );

    out.family(
        "parley_page_cache_lookups_total",
        "counter",
        "Page-cache lookups by cache and result (hit: served from the cache).",
    );
    let mut hits_all = 0u64;
    let mut lookups_all = 0u64;
    for (cache, hits, misses) in state.pages.stats() {
        out.sample(
            "parley_page_cache_lookups_total",
            &[("cache", cache), ("result", "hit")],
            hits as f64,
        );
        out.sample(
            "parley_page_cache_lookups_total",
            &[("cache", cache), ("result", "miss")],
            misses as f64,
        );
        hits_all += hits;
        lookups_all += hits + misses;
    }
    out.gauge(
        "parley_page_cache_hit_ratio",
        "Share of page-cache lookups served from the cache since start (0 before any).",
        if lookups_all == 0 {
            0.0
        } else {
            hits_all as f64 / lookups_all as f64
        },
    );

    let sql = counts_sql(state.clock.now().micros());
    let c = state
        .db(move |conn| Ok(diesel::sql_query(sql).get_result::<Counts>(conn)?))
        .await?;
    out.family(
        "parley_outbox_messages",
        "gauge",
        "Mail in the durable outbox by state (counts capped at 1,000,000).",
    );
    for (s, n) in [
        ("queued", c.outbox_queued),
        ("sent", c.outbox_sent),
        ("failed", c.outbox_failed),
        ("dropped", c.outbox_dropped),
    ] {
        out.sample("parley_outbox_messages", &[("state", s)], n as f64);
    }
    out.family(
        "parley_queue_depth",
        "gauge",
        "Work waiting in each queue (mail, webhooks, notification fan-out).",
    );
    for (q, n) in [
        ("mail", c.outbox_queued),
        ("webhooks", c.webhooks_pending),
        ("fanout", c.fanout),
    ] {
        out.sample("parley_queue_depth", &[("queue", q)], n as f64);
    }
    out.family(
        "parley_webhook_deliveries",
        "gauge",
        "Webhook deliveries pending or given up.",
    );
    out.sample(
        "parley_webhook_deliveries",
        &[("state", "pending")],
        c.webhooks_pending as f64,
    );
    out.sample(
        "parley_webhook_deliveries",
        &[("state", "failed")],
        c.webhooks_failed as f64,
    );
    out.gauge(
        "parley_active_sessions",
        "Sign-in sessions not yet expired.",
        c.sessions as f64,
    );
    Ok(())
}
