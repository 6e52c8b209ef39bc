//! Per-member email preferences. No row means the defaults (every kind of immediate
//! mail on, digest off); a row is created on first change or first notification mail.

use diesel::prelude::*;

use crate::db::schema::notification_prefs;
use crate::db::{is_unique_violation, DbConn, DigestFrequency, MailCategory, Timestamp, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notification_prefs)]
pub struct Prefs {
    pub user_id: UserId,
    pub mail_replies: bool,
    pub mail_mentions: bool,
    pub mail_watching: bool,
    pub mail_updates: bool,
    pub digest: DigestFrequency,
    pub last_digest_at: Option<Timestamp>,
    pub unsubscribe_key: String,
    pub updated_at: Timestamp,
}

impl Prefs {
    pub fn wants(&self, category: MailCategory) -> bool {
        match category {
            MailCategory::Replies => self.mail_replies,
            MailCategory::Mentions => self.mail_mentions,
            MailCategory::Watching => self.mail_watching,
            MailCategory::Updates => self.mail_updates,
            MailCategory::Digest => self.digest != DigestFrequency::Off,
        }
    }
}

/// What a member without a row gets.
pub fn default_wants(category: MailCategory) -> bool {
    category != MailCategory::Digest
}

pub fn find(conn: &mut DbConn, user: &UserId) -> QueryResult<Option<Prefs>> {
    notification_prefs::table
        .find(user)
        .select(Prefs::as_select())
        .first(conn)
        .optional()
}

pub fn for_users(conn: &mut DbConn, users: &[UserId]) -> QueryResult<Vec<Prefs>> {
    if users.is_empty() {
        return Ok(vec![]);
    }
    crate::db::native!(conn, c => notification_prefs::table
        .filter(notification_prefs::user_id.eq_any(users))
        .select(Prefs::as_select())
        .load(c))
}

/// The member's row, created with the defaults and a signing key from `fresh_key` when
/// missing (the caller supplies the randomness: the data layer knows no secrets).
pub fn ensure(
    conn: &mut DbConn,
    user: &UserId,
    now: Timestamp,
    fresh_key: impl FnOnce() -> String,
) -> QueryResult<Prefs> {
    if let Some(p) = find(conn, user)? {
        return Ok(p);
    }
    let key = fresh_key();
    let inserted = crate::db::write_tx(conn, |conn| {
        diesel::insert_into(notification_prefs::table)
            .values((
                notification_prefs::user_id.eq(user),
                notification_prefs::unsubscribe_key.eq(&key),
                notification_prefs::updated_at.eq(now),
            ))
            .execute(conn)
    });
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {}
        Err(e) => return Err(e),
    }
    find(conn, user)?.ok_or(diesel::result::Error::NotFound)
}

#[derive(Debug, AsChangeset)]
#[diesel(table_name = notification_prefs)]
pub struct PrefsChanges {
    pub mail_replies: bool,
    pub mail_mentions: bool,
    pub mail_watching: bool,
    pub mail_updates: bool,
    pub digest: DigestFrequency,
    pub updated_at: Timestamp,
}

pub fn update(conn: &mut DbConn, user: &UserId, c: &PrefsChanges) -> QueryResult<usize> {
    diesel::update(notification_prefs::table.find(user))
        .set(c)
        .execute(conn)
}

/// Starts (or restarts) the digest clock: the first digest comes one period later.
pub fn set_digest_started(conn: &mut DbConn, user: &UserId, at: Timestamp) -> QueryResult<usize> {
    diesel::update(notification_prefs::table.find(user))
        .set(notification_prefs::last_digest_at.eq(Some(at)))
        .execute(conn)
}

/// Turns one kind of mail off (one-click unsubscribe).
pub fn switch_off(
    conn: &mut DbConn,
    user: &UserId,
    category: MailCategory,
    now: Timestamp,
) -> QueryResult<usize> {
    let row = notification_prefs::table.find(user);
    let q = diesel::update(row);
    match category {
        MailCategory::Replies => q
            .set((
                notification_prefs::mail_replies.eq(false),
                notification_prefs::updated_at.eq(now),
            ))
            .execute(conn),
        MailCategory::Mentions => q
            .set((
                notification_prefs::mail_mentions.eq(false),
                notification_prefs::updated_at.eq(now),
            ))
            .execute(conn),
        MailCategory::Watching => q
            .set((
                notification_prefs::mail_watching.eq(false),
                notification_prefs::updated_at.eq(now),
            ))
            .execute(conn),
        MailCategory::Updates => q
            .set((
                notification_prefs::mail_updates.eq(false),
                notification_prefs::updated_at.eq(now),
            ))
            .execute(conn),
        MailCategory::Digest => q
            .set((
                notification_prefs::digest.eq(DigestFrequency::Off),
                notification_prefs::updated_at.eq(now),
            ))
            .execute(conn),
    }
}

/// Members whose digest is due: daily ones last sent a day ago, weekly ones a week ago.
pub fn digests_due(conn: &mut DbConn, now: Timestamp, limit: i64) -> QueryResult<Vec<Prefs>> {
    let day_ago = now.plus_secs(-86_400);
    let week_ago = now.plus_secs(-7 * 86_400);
    notification_prefs::table
        .filter(
            notification_prefs::digest
                .eq(DigestFrequency::Daily)
                .and(notification_prefs::last_digest_at.le(day_ago))
                .or(notification_prefs::digest
                    .eq(DigestFrequency::Weekly)
                    .and(notification_prefs::last_digest_at.le(week_ago))),
        )
        .select(Prefs::as_select())
        .limit(limit)
        .load(conn)
}

/// Records that a digest was composed, unless another process already did (conditional).
pub fn claim_digest(
    conn: &mut DbConn,
    user: &UserId,
    previous: Timestamp,
    now: Timestamp,
) -> QueryResult<bool> {
    let n = diesel::update(
        notification_prefs::table
            .find(user)
            .filter(notification_prefs::last_digest_at.eq(Some(previous))),
    )
    .set(notification_prefs::last_digest_at.eq(Some(now)))
    .execute(conn)?;
    Ok(n == 1)
}
