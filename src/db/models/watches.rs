//! Watching levels: one row per member and topic, category or sub-community they chose a
//! level for. No row means normal.

use diesel::prelude::*;

use crate::db::schema::watches;
use crate::db::{is_unique_violation, DbConn, Timestamp, UserId, WatchLevel, WatchTarget};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = watches)]
pub struct Watch {
    pub user_id: UserId,
    pub target_kind: WatchTarget,
    pub target_id: String,
    pub level: WatchLevel,
    pub last_read: i32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

pub fn get(
    conn: &mut DbConn,
    user: &UserId,
    kind: WatchTarget,
    target: &str,
) -> QueryResult<Option<Watch>> {
    crate::db::native!(conn, c => watches::table
        .find((user, kind, target))
        .select(Watch::as_select())
        .first(c)
        .optional())
}

/// Sets the member's level (inserting the row if needed). Inside a write transaction.
pub fn set(
    conn: &mut DbConn,
    user: &UserId,
    kind: WatchTarget,
    target: &str,
    level: WatchLevel,
    now: Timestamp,
) -> QueryResult<()> {
    let changed = diesel::update(watches::table.find((user, kind, target)))
        .set((watches::level.eq(level), watches::updated_at.eq(now)))
        .execute(conn)?;
    if changed == 0 {
        insert_if_absent(conn, user, kind, target, level, now)?;
    }
    Ok(())
}

/// Gives the member a level unless they already chose one (defaults never override a choice).
pub fn insert_if_absent(
    conn: &mut DbConn,
    user: &UserId,
    kind: WatchTarget,
    target: &str,
    level: WatchLevel,
    now: Timestamp,
) -> QueryResult<bool> {
    if get(conn, user, kind, target)?.is_some() {
        return Ok(false);
    }
    // A savepoint, so a concurrent insert of the same row (PostgreSQL) does not abort
    // the surrounding transaction.
    let inserted = crate::db::write_tx(conn, |conn| {
        diesel::insert_into(watches::table)
            .values((
                watches::user_id.eq(user),
                watches::target_kind.eq(kind),
                watches::target_id.eq(target),
                watches::level.eq(level),
                watches::last_read.eq(0),
                watches::created_at.eq(now),
                watches::updated_at.eq(now),
            ))
            .execute(conn)
    });
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Every member's row on a topic, its category and its sub-community: who watches,
/// tracks or muted something that covers this topic. Rows set to normal are included:
/// an explicit normal on the topic overrides a watched or muted sub-community.
pub fn covering(
    conn: &mut DbConn,
    topic: &str,
    category: Option<&str>,
    community: &str,
) -> QueryResult<Vec<Watch>> {
    crate::db::native!(conn, c => watches::table
        .filter(
            watches::target_kind
                .eq(WatchTarget::Topic)
                .and(watches::target_id.eq(topic))
                .or(watches::target_kind
                    .eq(WatchTarget::Category)
                    .and(watches::target_id.eq(category.unwrap_or(""))))
                .or(watches::target_kind
                    .eq(WatchTarget::Community)
                    .and(watches::target_id.eq(community))),
        )
        .select(Watch::as_select())
        .load(c))
}

/// One member's rows on a topic, its category and its sub-community.
pub fn of_user_covering(
    conn: &mut DbConn,
    user: &UserId,
    topic: &str,
    category: Option<&str>,
    community: &str,
) -> QueryResult<Vec<Watch>> {
    crate::db::native!(conn, c => watches::table
        .filter(watches::user_id.eq(user))
        .filter(
            watches::target_kind
                .eq(WatchTarget::Topic)
                .and(watches::target_id.eq(topic))
                .or(watches::target_kind
                    .eq(WatchTarget::Category)
                    .and(watches::target_id.eq(category.unwrap_or(""))))
                .or(watches::target_kind
                    .eq(WatchTarget::Community)
                    .and(watches::target_id.eq(community))),
        )
        .select(Watch::as_select())
        .load(c))
}

/// Remembers how many replies the member has seen on a topic they watch or track.
pub fn mark_topic_seen(
    conn: &mut DbConn,
    user: &UserId,
    topic: &str,
    reply_count: i32,
) -> QueryResult<usize> {
    diesel::update(
        watches::table
            .find((user, WatchTarget::Topic, topic))
            .filter(watches::last_read.ne(reply_count)),
    )
    .set(watches::last_read.eq(reply_count))
    .execute(conn)
}

/// All of a member's chosen levels (for the preferences page).
pub fn of_user(conn: &mut DbConn, user: &UserId) -> QueryResult<Vec<Watch>> {
    watches::table
        .filter(watches::user_id.eq(user))
        .order(watches::updated_at.desc())
        .select(Watch::as_select())
        .load(conn)
}

/// The member's topic rows among `topics` (for "n new" on lists).
pub fn of_user_topics(
    conn: &mut DbConn,
    user: &UserId,
    topics: &[String],
) -> QueryResult<Vec<Watch>> {
    if topics.is_empty() {
        return Ok(vec![]);
    }
    watches::table
        .filter(watches::user_id.eq(user))
        .filter(watches::target_kind.eq(WatchTarget::Topic))
        .filter(watches::target_id.eq_any(topics))
        .select(Watch::as_select())
        .load(conn)
}
