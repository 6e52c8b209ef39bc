//! Widget events for the outcome metrics (issue 18): `commented` and `asked`, recorded
//! by their endpoints, and `similar_clicked`, reported by the ask frame.

use diesel::prelude::*;

use crate::db::schema::embed_events;
use crate::db::{CommunityId, DbConn, Timestamp, TopicId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = embed_events)]
pub struct EmbedEvent {
    pub id: String,
    pub kind: String,
    pub community_id: Option<String>,
    pub topic_id: Option<String>,
    pub page_key: Option<String>,
    pub origin: Option<String>,
    pub created_at: Timestamp,
}

/// One event as recorded.
pub struct NewEvent<'a> {
    pub kind: &'a str,
    pub community: &'a CommunityId,
    pub topic: Option<&'a TopicId>,
    pub page_key: Option<&'a str>,
    pub origin: Option<&'a str>,
}

pub fn record(conn: &mut DbConn, e: &NewEvent<'_>, now: Timestamp) -> QueryResult<()> {
    diesel::insert_into(embed_events::table)
        .values((
            embed_events::id.eq(uuid::Uuid::now_v7().to_string()),
            embed_events::kind.eq(e.kind),
            embed_events::community_id.eq(Some(e.community.as_str())),
            embed_events::topic_id.eq(e.topic.map(TopicId::as_str)),
            embed_events::page_key.eq(e.page_key),
            embed_events::origin.eq(e.origin),
            embed_events::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Events of `kind`, oldest first (metrics and tests).
pub fn of_kind(conn: &mut DbConn, kind: &str) -> QueryResult<Vec<EmbedEvent>> {
    embed_events::table
        .filter(embed_events::kind.eq(kind))
        .order(embed_events::created_at.asc())
        .select(EmbedEvent::as_select())
        .load(conn)
}
