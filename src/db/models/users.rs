use diesel::prelude::*;

use crate::db::schema::users;
use crate::db::{DbConn, Language, SiteRole, Timestamp, UserId};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub username_key: String,
    pub username_skeleton: String,
    pub email: String,
    pub email_key: String,
    pub email_confirmed_at: Option<Timestamp>,
    pub password_hash: String,
    pub display_name: String,
    pub title: String,
    pub bio_markdown: String,
    pub bio_html: String,
    pub role: SiteRole,
    pub is_employee: bool,
    pub suspended_until: Option<Timestamp>,
    pub suspension_reason: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Sum of this member's reputation events, kept in step in the same transactions.
    pub reputation: i32,
    /// Unread notifications, kept in step with `notifications` in the same transactions
    /// (the header shows it without another query).
    pub unread_notifications: i32,
    /// Read-only until then.
    pub silenced_until: Option<Timestamp>,
    /// Moved by triggers on every change to this row or to the member's memberships: the
    /// viewer cache (`auth::viewer`) serves a member it has seen only while it is equal.
    pub version: i64,
    /// Issue 24: the address bounced repeatedly (hard bounces); Parley stops mailing it
    /// until a confirmed address change clears it.
    pub email_bouncing_at: Option<Timestamp>,
    /// Issue 21: the language the member chose in `/settings/profile` (None: not chosen;
    /// see `i18n::resolve`).
    pub language: Option<Language>,
}

impl User {
    pub fn is_silenced_at(&self, now: Timestamp) -> bool {
        self.silenced_until.is_some_and(|until| until > now)
    }
    pub fn is_suspended_at(&self, now: Timestamp) -> bool {
        self.suspended_until.is_some_and(|until| until > now)
    }
    pub fn name_to_show(&self) -> &str {
        if self.display_name.is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: &'a UserId,
    pub username: &'a str,
    pub username_key: &'a str,
    pub username_skeleton: &'a str,
    pub email: &'a str,
    pub email_key: &'a str,
    pub email_confirmed_at: Option<Timestamp>,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub role: SiteRole,
    pub is_employee: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, AsChangeset)]
#[diesel(table_name = users)]
pub struct ProfileChanges<'a> {
    pub display_name: &'a str,
    pub title: &'a str,
    pub bio_markdown: &'a str,
    pub bio_html: &'a str,
    pub updated_at: Timestamp,
}

/// Inserts an account and, in the same transaction, its `SignUp` outcome event (issue
/// 20): every way an account comes to exist (sign-up, SSO, the embed, setup, loaders)
/// passes here, so the event is recorded once per account.
pub fn insert(conn: &mut DbConn, user: &NewUser<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(user)
        .execute(conn)?;
    crate::db::models::outcome_events::record(
        conn,
        &crate::db::models::outcome_events::NewEvent::new(crate::db::EventKind::SignUp)
            .actor(user.id, user.is_employee),
        user.created_at,
    )
}

pub fn find(conn: &mut DbConn, id: &UserId) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_username_key(conn: &mut DbConn, key: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::username_key.eq(key))
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Employees by name, up to `limit` (the colleagues a question can be assigned to,
/// before the guardian keeps those who cover its sub-community).
pub fn employees(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::is_employee.eq(true))
        .order(users::username_key.asc())
        .limit(limit)
        .select(User::as_select())
        .load(conn)
}

pub fn find_by_email_key(conn: &mut DbConn, key: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email_key.eq(key))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn username_taken(conn: &mut DbConn, key: &str, skeleton: &str) -> QueryResult<bool> {
    let n: i64 = users::table
        .filter(
            users::username_key
                .eq(key)
                .or(users::username_skeleton.eq(skeleton)),
        )
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

pub fn set_password(
    conn: &mut DbConn,
    id: &UserId,
    hash: &str,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
        .execute(conn)
}

/// Replaces `old` with `new`, which hashes the same password with other parameters, if
/// `old` is still the stored hash (a password changed meanwhile is left as it is). Not a
/// password change: sessions and `updated_at` stay.
pub fn replace_password_hash(
    conn: &mut DbConn,
    id: &UserId,
    old: &str,
    new: &str,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id).filter(users::password_hash.eq(old)))
        .set(users::password_hash.eq(new))
        .execute(conn)
}

pub fn confirm_email(conn: &mut DbConn, id: &UserId, now: Timestamp) -> QueryResult<usize> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::email_confirmed_at.is_null()),
    )
    .set((
        users::email_confirmed_at.eq(Some(now)),
        users::updated_at.eq(now),
    ))
    .execute(conn)
}

pub fn set_email(
    conn: &mut DbConn,
    id: &UserId,
    email: &str,
    key: &str,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::email.eq(email),
            users::email_key.eq(key),
            users::email_confirmed_at.eq(Some(now)),
            users::updated_at.eq(now),
            // Issue 24: a confirmed new address is not the one that bounced.
            users::email_bouncing_at.eq(None::<Timestamp>),
        ))
        .execute(conn)
}

pub fn update_profile(
    conn: &mut DbConn,
    id: &UserId,
    changes: &ProfileChanges<'_>,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(changes)
        .execute(conn)
}

/// Issue 21: the member's own language (`None`: automatic). Moves the member's
/// version like any change to the row, so cached viewers see it on the next request.
pub fn set_language(
    conn: &mut DbConn,
    id: &UserId,
    language: Option<Language>,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::language.eq(language), users::updated_at.eq(now)))
        .execute(conn)
}

pub fn set_employee(
    conn: &mut DbConn,
    id: &UserId,
    employee: bool,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::is_employee.eq(employee), users::updated_at.eq(now)))
        .execute(conn)
}

pub fn set_role(
    conn: &mut DbConn,
    id: &UserId,
    role: SiteRole,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::role.eq(role), users::updated_at.eq(now)))
        .execute(conn)
}

pub fn set_suspension(
    conn: &mut DbConn,
    id: &UserId,
    until: Option<Timestamp>,
    reason: Option<&str>,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::suspended_until.eq(until),
            users::suspension_reason.eq(reason),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Admin listing, newest first, optionally filtered by a username/email prefix.
pub fn list(conn: &mut DbConn, prefix: Option<&str>, limit: i64) -> QueryResult<Vec<User>> {
    let mut q = users::table.select(User::as_select()).into_boxed();
    if let Some(p) = prefix.filter(|p| !p.is_empty()) {
        let pattern = format!("{}%", p.replace(['%', '_', '\\'], ""));
        q = q.filter(
            users::username_key
                .like(pattern.clone())
                .or(users::email_key.like(pattern)),
        );
    }
    q.order(users::created_at.desc()).limit(limit).load(conn)
}

/// Which of these username keys belong to members (for @mentions), in one query.
pub fn existing_keys(conn: &mut DbConn, keys: &[String]) -> QueryResult<Vec<String>> {
    users::table
        .filter(users::username_key.eq_any(keys))
        .select(users::username_key)
        .load(conn)
}

/// Ids of the members with these username keys (mentioned members).
pub fn ids_by_keys(conn: &mut DbConn, keys: &[String]) -> QueryResult<Vec<UserId>> {
    if keys.is_empty() {
        return Ok(vec![]);
    }
    users::table
        .filter(users::username_key.eq_any(keys))
        .select(users::id)
        .load(conn)
}

pub fn find_many(conn: &mut DbConn, ids: &[UserId]) -> QueryResult<Vec<User>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    crate::db::native!(conn, c => users::table
        .filter(users::id.eq_any(ids))
        .select(User::as_select())
        .load(c))
}

pub fn set_silence(
    conn: &mut DbConn,
    id: &UserId,
    until: Option<Timestamp>,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::silenced_until.eq(until), users::updated_at.eq(now)))
        .execute(conn)
}
