//! In-app notifications and the state of their email. A notification is written in the
//! same transaction as the event; `users.unread_notifications` moves with it.

use diesel::prelude::*;

use crate::db::models::authors::AuthorView;
use crate::db::schema::{notifications, users};
use crate::db::{
    CommunityId, DbConn, EmailState, NotificationId, NotificationKind, PostId, Timestamp, TopicId,
    UserId,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct Notification {
    pub id: NotificationId,
    pub user_id: UserId,
    pub kind: NotificationKind,
    pub actor_id: Option<UserId>,
    pub community_id: Option<CommunityId>,
    pub topic_id: Option<TopicId>,
    pub post_id: Option<PostId>,
    pub summary: String,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
    pub email_status: EmailState,
    pub email_due_at: Option<Timestamp>,
    pub email_batch: Option<String>,
    /// A system notice's code (`notifications::Notice`); `summary` is then the topic's title.
    pub notice: Option<String>,
}

/// `treat_none_as_default_value = false`: a `None` is written as NULL (these columns have
/// no default), which lets diesel insert many rows in one SQLite statement; it sends rows
/// that may hold DEFAULT one statement each.
#[derive(Debug, Insertable)]
#[diesel(table_name = notifications, treat_none_as_default_value = false)]
pub struct NewNotification<'a> {
    pub id: &'a NotificationId,
    pub user_id: &'a UserId,
    pub kind: NotificationKind,
    pub actor_id: Option<&'a UserId>,
    pub community_id: Option<&'a CommunityId>,
    pub topic_id: Option<&'a TopicId>,
    pub post_id: Option<&'a PostId>,
    pub summary: &'a str,
    pub created_at: Timestamp,
    pub email_status: EmailState,
    pub email_due_at: Option<Timestamp>,
    pub notice: Option<&'a str>,
}

/// Inserts a batch of notifications in one statement and counts each unread for its
/// member. Batch INSERT goes through the inner connection
/// (the two-backend enum does not offer it).
pub fn insert_many(conn: &mut DbConn, rows: &[NewNotification<'_>]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    match conn {
        DbConn::Sqlite(c) => diesel::insert_into(notifications::table)
            .values(rows)
            .execute(c)?,
        DbConn::Pg(c) => diesel::insert_into(notifications::table)
            .values(rows)
            .execute(c)?,
    };
    // A member may have several rows in a batch: count them, then one UPDATE per count.
    let mut per_member: std::collections::BTreeMap<&UserId, i32> = Default::default();
    for r in rows {
        *per_member.entry(r.user_id).or_default() += 1;
    }
    let mut by_count: std::collections::BTreeMap<i32, Vec<&UserId>> = Default::default();
    for (member, n) in per_member {
        by_count.entry(n).or_default().push(member);
    }
    for (n, members) in by_count {
        crate::db::native!(conn, c => diesel::update(users::table.filter(users::id.eq_any(&members)))
            .set(users::unread_notifications.eq(users::unread_notifications + n))
            .execute(c))?;
    }
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &NotificationId) -> QueryResult<Option<Notification>> {
    notifications::table
        .find(id)
        .select(Notification::as_select())
        .first(conn)
        .optional()
}

/// A page of a member's notifications, newest first, with the member who caused each.
/// Keyset on (created_at, id); two fixed query shapes so both stay prepared. With
/// `communities` (a token's limit), only those about these sub-communities or about
/// none, through a boxed query (API calls of limited tokens only).
pub fn page(
    conn: &mut DbConn,
    user: &UserId,
    communities: Option<&[CommunityId]>,
    before: Option<(Timestamp, &NotificationId)>,
    limit: i64,
) -> QueryResult<Vec<(Notification, Option<AuthorView>)>> {
    let base = notifications::table
        .left_join(users::table.on(users::id.nullable().eq(notifications::actor_id)))
        .filter(notifications::user_id.eq(user))
        .select((Notification::as_select(), Option::<AuthorView>::as_select()))
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .limit(limit);
    let after_cursor = |(at, id): (Timestamp, &NotificationId)| {
        notifications::created_at
            .lt(at)
            .or(notifications::created_at
                .eq(at)
                .and(notifications::id.lt(id.clone())))
    };
    if let Some(ids) = communities {
        let mut limited = base.into_boxed().filter(
            notifications::community_id
                .is_null()
                .or(notifications::community_id.eq_any(ids.to_vec())),
        );
        if let Some(cursor) = before {
            limited = limited.filter(after_cursor(cursor));
        }
        return limited.load(conn);
    }
    match before {
        None => base.load(conn),
        Some(cursor) => base.filter(after_cursor(cursor)).load(conn),
    }
}

/// Sets `users.unread_notifications` from the rows (after marking some read). Takes the
/// member's row lock before counting (`lock_row!`, as `topics::lock`): a concurrent
/// notification either committed before the count (and is counted) or waits and adds one
/// to the stored result, so the counter never loses an increment.
fn recount(conn: &mut DbConn, user: &UserId) -> QueryResult<()> {
    crate::db::lock_row!(conn, users, user)?;
    let n: i64 = notifications::table
        .filter(notifications::user_id.eq(user))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?;
    diesel::update(users::table.find(user))
        .set(users::unread_notifications.eq(i32::try_from(n).unwrap_or(i32::MAX)))
        .execute(conn)?;
    Ok(())
}

pub fn mark_read(
    conn: &mut DbConn,
    user: &UserId,
    id: &NotificationId,
    now: Timestamp,
) -> QueryResult<usize> {
    let n = diesel::update(
        notifications::table
            .find(id)
            .filter(notifications::user_id.eq(user))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(now)))
    .execute(conn)?;
    if n > 0 {
        recount(conn, user)?;
    }
    Ok(n)
}

/// Whether the member has unread notifications about this topic (a read, so opening a
/// topic takes the write lock only when there is something to mark).
pub fn has_unread_for_topic(
    conn: &mut DbConn,
    user: &UserId,
    topic: &TopicId,
) -> QueryResult<bool> {
    crate::db::native!(conn, c => diesel::select(diesel::dsl::exists(
        notifications::table
            .filter(notifications::user_id.eq(user))
            .filter(notifications::topic_id.eq(topic))
            .filter(notifications::read_at.is_null()),
    ))
    .get_result(c))
}

/// Everything about a topic counts as read once the member has opened it.
pub fn mark_topic_read(
    conn: &mut DbConn,
    user: &UserId,
    topic: &TopicId,
    now: Timestamp,
) -> QueryResult<usize> {
    let n = diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user))
            .filter(notifications::topic_id.eq(topic))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(now)))
    .execute(conn)?;
    if n > 0 {
        recount(conn, user)?;
    }
    Ok(n)
}

pub fn mark_all_read(conn: &mut DbConn, user: &UserId, now: Timestamp) -> QueryResult<usize> {
    let n = diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(now)))
    .execute(conn)?;
    recount(conn, user)?;
    Ok(n)
}

/// Members with at least one notification whose mail is due.
pub fn users_with_due_mail(
    conn: &mut DbConn,
    now: Timestamp,
    limit: i64,
) -> QueryResult<Vec<UserId>> {
    notifications::table
        .filter(notifications::email_status.eq(EmailState::Pending))
        .filter(notifications::email_due_at.le(now))
        .select(notifications::user_id)
        .distinct()
        .limit(limit)
        .load(conn)
}

/// Claims a member's oldest `limit` pending mail notifications (a few hundred: one
/// statement takes them all) for one composed batch. A conditional UPDATE: of two
/// processes composing at once, one gets each row.
pub fn claim_pending(
    conn: &mut DbConn,
    user: &UserId,
    batch: &str,
    limit: i64,
) -> QueryResult<Vec<Notification>> {
    let oldest: Vec<NotificationId> = notifications::table
        .filter(notifications::user_id.eq(user))
        .filter(notifications::email_status.eq(EmailState::Pending))
        .filter(notifications::email_batch.is_null())
        .order((notifications::created_at.asc(), notifications::id.asc()))
        .limit(limit)
        .select(notifications::id)
        .load(conn)?;
    if oldest.is_empty() {
        return Ok(vec![]);
    }
    diesel::update(
        notifications::table
            .filter(notifications::id.eq_any(&oldest))
            .filter(notifications::email_batch.is_null()),
    )
    .set(notifications::email_batch.eq(Some(batch)))
    .execute(conn)?;
    notifications::table
        .filter(notifications::email_batch.eq(batch))
        .order((notifications::created_at.asc(), notifications::id.asc()))
        .select(Notification::as_select())
        .load(conn)
}

/// Sets the mail state of `ids`, a few hundred per statement: a member may have more
/// notifications waiting than SQLite takes parameters in one statement (32,766).
pub fn set_email_status(
    conn: &mut DbConn,
    ids: &[NotificationId],
    status: EmailState,
) -> QueryResult<usize> {
    let mut changed = 0;
    for chunk in ids.chunks(500) {
        changed += diesel::update(notifications::table.filter(notifications::id.eq_any(chunk)))
            .set(notifications::email_status.eq(status))
            .execute(conn)?;
    }
    Ok(changed)
}

/// Counts of notifications by email state (for the admin outbox page).
pub fn email_state_counts(conn: &mut DbConn) -> QueryResult<Vec<(EmailState, i64)>> {
    use diesel::dsl::count_star;
    notifications::table
        .group_by(notifications::email_status)
        .select((notifications::email_status, count_star()))
        .load(conn)
}
