//! The PostgreSQL pool's liveness check (issue 22): skipped while the pool's connections
//! keep working, so a cached page costs one round trip; a connection that died anyway
//! fails at most the one request that got it, and the pool replaces it.

use diesel::{Connection, RunQueryDsl};
use reqwest::StatusCode;

use crate::helpers::{postgres_or_skip, spawn_app};

#[tokio::test]
async fn pg_only_connections_killed_under_the_pool_are_replaced_after_one_failure_at_most() {
    if postgres_or_skip(
        "pg_only_connections_killed_under_the_pool_are_replaced_after_one_failure_at_most",
    )
    .is_none()
    {
        return;
    }
    let app = spawn_app().await;
    for _ in 0..5 {
        assert_eq!(app.get("/latest").await.status(), StatusCode::OK);
    }
    // Kill every server process of the app's database (its pooled connections) from a
    // connection of our own, as a restart or an administrator would.
    let url = app.state.settings.database_url.clone();
    let killed = tokio::task::spawn_blocking(move || {
        let mut own = diesel::PgConnection::establish(&url).expect("own connection");
        #[derive(diesel::QueryableByName)]
        struct Killed {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(
            "SELECT COUNT(pg_terminate_backend(pid)) AS n FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .get_result::<Killed>(&mut own)
        .expect("terminate")
        .n
    })
    .await
    .unwrap();
    assert!(killed >= 1, "the app had connections open");

    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(app.get("/latest").await.status());
    }
    let failed = statuses.iter().filter(|s| **s != StatusCode::OK).count();
    assert!(
        failed <= 1,
        "at most the first request after the kill fails: {statuses:?}"
    );
    assert!(
        statuses[1..].iter().all(|s| *s == StatusCode::OK),
        "every later request is served: {statuses:?}"
    );
}
