//! The single-row counter that moves when something shown on many pages changes (a
//! member's name, title, badge or suspension; a category). Moved only by triggers
//! (migration 000006); read by the page cache.

use diesel::prelude::*;

use crate::db::schema::content_epoch;
use crate::db::DbConn;

pub fn current(conn: &mut DbConn) -> QueryResult<i64> {
    crate::db::native!(conn, c => content_epoch::table
        .find(1)
        .select(content_epoch::epoch)
        .first(c))
}
