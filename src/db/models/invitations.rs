//! Issue 24: invitations (links and personal mails), who came in through them, the
//! per-source figures of `/admin/invitations`, and used one-click tokens.

use std::collections::BTreeMap;

use diesel::dsl::{count, count_star, exists, not};
use diesel::prelude::*;

use crate::db::schema::{invitation_uses, invitations, one_click_used, posts, topics};
use crate::db::{
    CommunityId, DbConn, InvitationId, InvitationKind, ModerationState, Timestamp, TopicKind,
    UserId,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub id: InvitationId,
    pub community_id: CommunityId,
    pub kind: InvitationKind,
    pub token_hash: String,
    pub source: String,
    pub email: Option<String>,
    pub note: String,
    pub max_uses: Option<i32>,
    pub use_count: i32,
    pub expires_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
}

/// Why an invitation can no longer be used (`None`: it can).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    Revoked,
    Expired,
    UsedUp,
}

impl Invitation {
    pub fn unusable_at(&self, now: Timestamp) -> Option<Unusable> {
        if self.revoked_at.is_some() {
            Some(Unusable::Revoked)
        } else if self.expires_at.is_some_and(|e| e <= now) {
            Some(Unusable::Expired)
        } else if self.max_uses.is_some_and(|m| self.use_count >= m) {
            Some(Unusable::UsedUp)
        } else {
            None
        }
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = invitations)]
pub struct NewInvitation<'a> {
    pub id: &'a InvitationId,
    pub community_id: &'a CommunityId,
    pub kind: InvitationKind,
    pub token_hash: &'a str,
    pub source: &'a str,
    pub email: Option<&'a str>,
    pub note: &'a str,
    pub max_uses: Option<i32>,
    pub use_count: i32,
    pub expires_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    pub created_by: Option<&'a UserId>,
    pub created_at: Timestamp,
}

pub fn insert(conn: &mut DbConn, row: &NewInvitation<'_>) -> QueryResult<()> {
    diesel::insert_into(invitations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: &InvitationId) -> QueryResult<Option<Invitation>> {
    invitations::table
        .find(id)
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_token_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<Invitation>> {
    invitations::table
        .filter(invitations::token_hash.eq(hash))
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

/// A sub-community's newest invitations of one kind (bounded).
pub fn list(
    conn: &mut DbConn,
    community: &CommunityId,
    kind: InvitationKind,
    limit: i64,
) -> QueryResult<Vec<Invitation>> {
    invitations::table
        .filter(invitations::community_id.eq(community))
        .filter(invitations::kind.eq(kind))
        .order((invitations::created_at.desc(), invitations::id.desc()))
        .limit(limit)
        .select(Invitation::as_select())
        .load(conn)
}

pub fn revoke(
    conn: &mut DbConn,
    community: &CommunityId,
    id: &InvitationId,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(
        invitations::table
            .filter(invitations::id.eq(id))
            .filter(invitations::community_id.eq(community))
            .filter(invitations::revoked_at.is_null()),
    )
    .set(invitations::revoked_at.eq(Some(now)))
    .execute(conn)
}

/// Counts one use if the invitation is still usable, in the statement that checks it:
/// on PostgreSQL a concurrent transaction waits for the row and re-checks the condition,
/// on SQLite writers are serial; either way the limit holds. True when a use was taken.
pub fn take_use(conn: &mut DbConn, id: &InvitationId, now: Timestamp) -> QueryResult<bool> {
    let n = diesel::update(
        invitations::table
            .filter(invitations::id.eq(id))
            .filter(invitations::revoked_at.is_null())
            .filter(
                invitations::expires_at
                    .is_null()
                    .or(invitations::expires_at.gt(now)),
            )
            .filter(
                invitations::max_uses
                    .is_null()
                    .or(invitations::use_count.lt(invitations::max_uses.assume_not_null())),
            ),
    )
    .set(invitations::use_count.eq(invitations::use_count + 1))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn has_used(conn: &mut DbConn, id: &InvitationId, user: &UserId) -> QueryResult<bool> {
    diesel::select(exists(
        invitation_uses::table
            .filter(invitation_uses::invitation_id.eq(id))
            .filter(invitation_uses::user_id.eq(user)),
    ))
    .get_result(conn)
}

#[derive(Debug, Insertable)]
#[diesel(table_name = invitation_uses)]
pub struct NewUse<'a> {
    pub invitation_id: &'a InvitationId,
    pub user_id: &'a UserId,
    pub community_id: &'a CommunityId,
    pub source: &'a str,
    pub signed_up: bool,
    pub used_at: Timestamp,
}

pub fn record_use(conn: &mut DbConn, row: &NewUse<'_>) -> QueryResult<()> {
    diesel::insert_into(invitation_uses::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Figures for one source label (across the sub-communities asked about).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceStats {
    pub source: String,
    /// Personal invitations mailed plus links created.
    pub sent: i64,
    pub signups: i64,
    /// Members who signed up through it and published a post in that sub-community.
    pub posters: i64,
    /// ... and replied to another member's question there, or had an answer accepted.
    pub answerers: i64,
}

/// The per-source figures over `communities`, one grouped query per figure (four in all,
/// whatever the number of sources or members). Sorted by source label.
pub fn stats(conn: &mut DbConn, communities: &[CommunityId]) -> QueryResult<Vec<SourceStats>> {
    let mut by: BTreeMap<String, SourceStats> = BTreeMap::new();
    let sent: Vec<(String, i64)> = invitations::table
        .filter(invitations::community_id.eq_any(communities))
        .group_by(invitations::source)
        .select((invitations::source, count_star()))
        .load(conn)?;
    for (s, n) in sent {
        by.entry(s.clone()).or_default().sent = n;
    }
    let signups: Vec<(String, i64)> = invitation_uses::table
        .filter(invitation_uses::community_id.eq_any(communities))
        .filter(invitation_uses::signed_up.eq(true))
        .group_by(invitation_uses::source)
        .select((
            invitation_uses::source,
            count(invitation_uses::user_id).aggregate_distinct(),
        ))
        .load(conn)?;
    for (s, n) in signups {
        by.entry(s.clone()).or_default().signups = n;
    }
    let live_post = posts::author_id
        .eq(invitation_uses::user_id)
        .and(posts::community_id.eq(invitation_uses::community_id))
        .and(posts::deleted_at.is_null())
        .and(posts::moderation_state.eq(ModerationState::Published));
    let posters: Vec<(String, i64)> = invitation_uses::table
        .filter(invitation_uses::community_id.eq_any(communities))
        .filter(invitation_uses::signed_up.eq(true))
        .filter(exists(posts::table.filter(live_post)))
        .group_by(invitation_uses::source)
        .select((
            invitation_uses::source,
            count(invitation_uses::user_id).aggregate_distinct(),
        ))
        .load(conn)?;
    for (s, n) in posters {
        by.entry(s.clone()).or_default().posters = n;
    }
    // An answer: a published reply (not a comment) to someone else's question, or a post
    // accepted as the answer.
    let answered = exists(
        posts::table
            .inner_join(topics::table.on(topics::id.eq(posts::topic_id)))
            .filter(live_post)
            .filter(posts::post_number.gt(1))
            .filter(
                topics::accepted_post_id
                    .eq(posts::id.nullable())
                    .or(topics::kind
                        .eq(TopicKind::Question)
                        .and(posts::parent_id.is_null())
                        .and(not(topics::author_id.eq(invitation_uses::user_id)))),
            ),
    );
    let answerers: Vec<(String, i64)> = invitation_uses::table
        .filter(invitation_uses::community_id.eq_any(communities))
        .filter(invitation_uses::signed_up.eq(true))
        .filter(answered)
        .group_by(invitation_uses::source)
        .select((
            invitation_uses::source,
            count(invitation_uses::user_id).aggregate_distinct(),
        ))
        .load(conn)?;
    for (s, n) in answerers {
        by.entry(s.clone()).or_default().answerers = n;
    }
    Ok(by
        .into_iter()
        .map(|(source, mut s)| {
            s.source = source;
            s
        })
        .collect())
}

/// Marks a one-click token used; false when it already was (on any node).
pub fn mark_one_click_used(
    conn: &mut DbConn,
    token_hash: &str,
    user: &UserId,
    expires_at: Timestamp,
    now: Timestamp,
) -> QueryResult<bool> {
    let row = (
        one_click_used::token_hash.eq(token_hash),
        one_click_used::user_id.eq(user),
        one_click_used::used_at.eq(now),
        one_click_used::expires_at.eq(expires_at),
    );
    // DO NOTHING rather than catching the unique violation: on PostgreSQL an error
    // aborts the whole transaction.
    let n = crate::db::native!(conn, c => diesel::insert_into(one_click_used::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(n == 1)
}

pub fn one_click_was_used(conn: &mut DbConn, token_hash: &str) -> QueryResult<bool> {
    diesel::select(exists(
        one_click_used::table.filter(one_click_used::token_hash.eq(token_hash)),
    ))
    .get_result(conn)
}
