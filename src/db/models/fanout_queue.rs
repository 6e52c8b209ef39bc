//! Published posts whose readers have not been told yet (see `notifications::fanout::drain`).

use diesel::prelude::*;

use crate::db::schema::fanout_queue;
use crate::db::{DbConn, PostId, Timestamp};

/// Queues a post, in the transaction that publishes it (once: a second publish is a no-op).
/// The pool's finishing work tells its readers before the write returns (see `db::finish`).
pub fn push(conn: &mut DbConn, post: &PostId, now: Timestamp) -> QueryResult<()> {
    crate::db::finish::note_queued();
    crate::db::native!(conn, c => diesel::insert_into(fanout_queue::table)
        .values((
            fanout_queue::post_id.eq(post),
            fanout_queue::queued_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(())
}

/// Takes up to `limit` queued posts, oldest first, off the queue. On PostgreSQL the rows
/// are locked (`FOR UPDATE`): a drain that meets rows another drain is taking waits for
/// it to commit, so a request never answers before its post's notifications exist (with
/// `SKIP LOCKED` it would return at once, while the other drain is still writing them).
/// On SQLite the write transaction already excludes every other writer.
pub fn take(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<PostId>> {
    let query = fanout_queue::table
        .order((fanout_queue::queued_at, fanout_queue::post_id))
        .select(fanout_queue::post_id)
        .limit(limit);
    let ids: Vec<PostId> = match conn {
        DbConn::Pg(c) => query.for_update().load(c)?,
        DbConn::Sqlite(c) => query.load(c)?,
    };
    if !ids.is_empty() {
        crate::db::native!(conn, c => diesel::delete(
            fanout_queue::table.filter(fanout_queue::post_id.eq_any(&ids))
        )
        .execute(c))?;
    }
    Ok(ids)
}

/// Posts still waiting to be announced.
pub fn len(conn: &mut DbConn) -> QueryResult<i64> {
    fanout_queue::table.count().get_result(conn)
}
