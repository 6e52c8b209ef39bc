//! `parley reindex` on PostgreSQL: rebuilds `post_search` from the posts, in batches of
//! `BATCH` posts in key order, each batch its own statement (an upsert), so searches and
//! writes go on meanwhile and the triggers keep every new or edited post current. Needed
//! only when the vectors' recipe changed (a dictionary, a weight); the triggers keep the
//! table complete otherwise.

use diesel::pg::PgConnection;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use crate::db::DbConn;

const BATCH: i64 = 5_000;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Batch {
    #[diesel(sql_type = Nullable<Text>)]
    last: Option<String>,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

pub fn reindex(conn: &mut DbConn, progress: &mut dyn FnMut(u64, u64)) -> QueryResult<u64> {
    match conn {
        DbConn::Pg(c) => rebuild(c, progress),
        DbConn::Sqlite(_) => Ok(0),
    }
}

fn rebuild(conn: &mut PgConnection, progress: &mut dyn FnMut(u64, u64)) -> QueryResult<u64> {
    let total = diesel::sql_query("SELECT count(*) AS n FROM posts")
        .get_result::<Count>(conn)?
        .n;
    let total = u64::try_from(total).unwrap_or(0);
    let mut done: u64 = 0;
    let mut after = String::new();
    progress(0, total);
    loop {
        // One batch: the next BATCH posts after `after`, upserted; returns the last id.
        let batch: Batch = diesel::sql_query(
            "WITH batch AS (
                SELECT * FROM post_search_source WHERE post_id > $1 ORDER BY post_id LIMIT $2
            ), written AS (
                INSERT INTO post_search
                    (post_id, topic_id, community_id, lang, created_at, opening, vector,
                     findable, official, accepted, solved, post_number)
                SELECT post_id, topic_id, community_id, lang, created_at, opening, vector,
                       findable, official, accepted, solved, post_number
                FROM batch
                ON CONFLICT (post_id) DO UPDATE SET
                    topic_id = EXCLUDED.topic_id, community_id = EXCLUDED.community_id,
                    lang = EXCLUDED.lang, opening = EXCLUDED.opening, vector = EXCLUDED.vector,
                    findable = EXCLUDED.findable, official = EXCLUDED.official,
                    accepted = EXCLUDED.accepted, solved = EXCLUDED.solved,
                    post_number = EXCLUDED.post_number
                WHERE (post_search.topic_id, post_search.community_id, post_search.lang,
                       post_search.opening, post_search.vector, post_search.findable,
                       post_search.official, post_search.accepted, post_search.solved,
                       post_search.post_number)
                   IS DISTINCT FROM (EXCLUDED.topic_id, EXCLUDED.community_id,
                       EXCLUDED.lang, EXCLUDED.opening, EXCLUDED.vector, EXCLUDED.findable,
                       EXCLUDED.official, EXCLUDED.accepted, EXCLUDED.solved,
                       EXCLUDED.post_number)
            )
            SELECT max(post_id) AS last, count(*) AS n FROM batch",
        )
        .bind::<Text, _>(&after)
        .bind::<BigInt, _>(BATCH)
        .get_result(conn)?;
        let Some(last) = batch.last else {
            break;
        };
        after = last;
        done += u64::try_from(batch.n).unwrap_or(0);
        // Posts written meanwhile can make `done` pass the first count.
        progress(done.min(total.max(done)), total.max(done));
    }
    Ok(done)
}
