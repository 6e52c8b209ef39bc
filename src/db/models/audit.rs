use diesel::prelude::*;

use crate::db::schema::audit_log;
use crate::db::{AuditId, DbConn, Timestamp, UserId};

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
}

/// Appends one row; audit rows are never updated or deleted by the application.
pub fn record(
    conn: &mut DbConn,
    actor: Option<&UserId>,
    action: &str,
    target_type: &str,
    target_id: &str,
    details: &str,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(AuditId::new()),
            audit_log::actor_id.eq(actor),
            audit_log::action.eq(action),
            audit_log::target_type.eq(target_type),
            audit_log::target_id.eq(target_id),
            audit_log::details.eq(details),
            audit_log::created_at.eq(now),
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
