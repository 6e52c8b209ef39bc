use diesel::prelude::*;

use crate::db::models::authors::AuthorView;
use crate::db::schema::{audit_log, users};
use crate::db::{AuditId, CommunityId, DbConn, Timestamp, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: AuditId,
    pub actor_id: Option<UserId>,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub details: String,
    pub created_at: Timestamp,
    /// The sub-community the action happened in, when there is one.
    pub community_id: Option<CommunityId>,
    pub before_value: String,
    pub after_value: String,
}

/// Appends one row; audit rows are never updated or deleted (the database refuses too).
pub fn record(
    conn: &mut DbConn,
    actor: Option<&UserId>,
    action: &str,
    target_type: &str,
    target_id: &str,
    details: &str,
    now: Timestamp,
) -> QueryResult<()> {
    record_change(
        conn,
        &Change {
            actor,
            action,
            target_type,
            target_id,
            community: None,
            details,
            before: "",
            after: "",
        },
        now,
    )
}

/// One audited action with the sub-community and the values before and after it.
pub struct Change<'a> {
    pub actor: Option<&'a UserId>,
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: &'a str,
    pub community: Option<&'a CommunityId>,
    pub details: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

pub fn record_change(conn: &mut DbConn, c: &Change<'_>, now: Timestamp) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(AuditId::new()),
            audit_log::actor_id.eq(c.actor),
            audit_log::action.eq(c.action),
            audit_log::target_type.eq(c.target_type),
            audit_log::target_id.eq(c.target_id),
            audit_log::details.eq(c.details),
            audit_log::created_at.eq(now),
            audit_log::community_id.eq(c.community),
            audit_log::before_value.eq(c.before),
            audit_log::after_value.eq(c.after),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn recent(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<AuditEntry>> {
    audit_log::table
        .order(audit_log::created_at.desc())
        .limit(limit)
        .select(AuditEntry::as_select())
        .load(conn)
}

/// Filters of the audit log page and its CSV export.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub actor: Option<UserId>,
    /// An action or an action prefix ending in '.', e.g. "review." or "user.suspend".
    pub action: Option<String>,
    pub target_id: Option<String>,
    pub community: Option<CommunityId>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

/// Newest first, with the actor's account when it still exists.
pub fn filtered(
    conn: &mut DbConn,
    f: &AuditFilter,
    limit: i64,
) -> QueryResult<Vec<(AuditEntry, Option<AuthorView>)>> {
    let mut q = audit_log::table
        .left_join(users::table.on(audit_log::actor_id.eq(users::id.nullable())))
        .select((AuditEntry::as_select(), Option::<AuthorView>::as_select()))
        .into_boxed();
    if let Some(a) = &f.actor {
        q = q.filter(audit_log::actor_id.eq(a));
    }
    if let Some(action) = f.action.as_deref().filter(|a| !a.is_empty()) {
        if action.ends_with('.') {
            let pattern = format!("{}%", action.replace(['%', '_', '\\'], ""));
            q = q.filter(audit_log::action.like(pattern));
        } else {
            q = q.filter(audit_log::action.eq(action.to_string()));
        }
    }
    if let Some(t) = f.target_id.as_deref().filter(|t| !t.is_empty()) {
        q = q.filter(audit_log::target_id.eq(t.to_string()));
    }
    if let Some(c) = &f.community {
        q = q.filter(audit_log::community_id.eq(c));
    }
    if let Some(s) = f.since {
        q = q.filter(audit_log::created_at.ge(s));
    }
    if let Some(u) = f.until {
        q = q.filter(audit_log::created_at.lt(u));
    }
    q.order((audit_log::created_at.desc(), audit_log::id.desc()))
        .limit(limit)
        .load(conn)
}
