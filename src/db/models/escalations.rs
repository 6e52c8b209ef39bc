//! Escalations of topics to product teams (issue 20) and each one's history of changes.

use diesel::prelude::*;

use crate::db::schema::{escalation_history, escalations, product_teams};
use crate::db::{
    CommunityId, DbConn, EscalationChangeId, EscalationId, EscalationStatus, TeamId, Timestamp,
    TopicId, UserId,
};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = escalations)]
pub struct Escalation {
    pub id: EscalationId,
    pub topic_id: TopicId,
    pub community_id: CommunityId,
    pub team_id: Option<TeamId>,
    /// The ticket in the company's tracker (both empty: none).
    pub external_id: String,
    pub external_url: String,
    pub status: EscalationStatus,
    pub is_open: bool,
    pub owner_id: Option<UserId>,
    /// Seen only by those who may update the escalation.
    pub internal_note: String,
    /// Shown on the topic's banner once resolved or declined.
    pub resolution_note: String,
    pub opened_by: Option<UserId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
}

/// One change of an escalation: who, when, from which status to which, and a note.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = escalation_history)]
pub struct Change {
    pub id: EscalationChangeId,
    pub escalation_id: EscalationId,
    pub actor_id: Option<UserId>,
    pub from_status: Option<EscalationStatus>,
    pub to_status: EscalationStatus,
    pub note: String,
    pub created_at: Timestamp,
}

/// How many escalations a topic page shows (a topic is rarely escalated more than once).
pub const PER_TOPIC: i64 = 5;

pub fn insert(conn: &mut DbConn, e: &Escalation) -> QueryResult<()> {
    diesel::insert_into(escalations::table)
        .values(e)
        .execute(conn)
        .map(|_| ())
}

/// Writes the changeable fields of `e` (status, owner, notes, reference, times).
pub fn update(conn: &mut DbConn, e: &Escalation) -> QueryResult<usize> {
    diesel::update(escalations::table.find(&e.id))
        .set((
            escalations::status.eq(e.status),
            escalations::is_open.eq(e.is_open),
            escalations::owner_id.eq(e.owner_id.as_ref()),
            escalations::internal_note.eq(&e.internal_note),
            escalations::resolution_note.eq(&e.resolution_note),
            escalations::external_id.eq(&e.external_id),
            escalations::external_url.eq(&e.external_url),
            escalations::updated_at.eq(e.updated_at),
            escalations::resolved_at.eq(e.resolved_at),
        ))
        .execute(conn)
}

pub fn find(conn: &mut DbConn, id: &EscalationId) -> QueryResult<Option<Escalation>> {
    escalations::table
        .find(id)
        .select(Escalation::as_select())
        .first(conn)
        .optional()
}

/// An escalation with its team's name and slug (none without a team).
pub type WithTeam = (Escalation, Option<(String, String)>);

/// The latest escalations of a topic (newest first) with their team, bounded.
pub fn of_topic(conn: &mut DbConn, topic: &TopicId, limit: i64) -> QueryResult<Vec<WithTeam>> {
    escalations::table
        .left_join(product_teams::table)
        .filter(escalations::topic_id.eq(topic))
        .order((escalations::created_at.desc(), escalations::id.desc()))
        .limit(limit)
        .select((
            Escalation::as_select(),
            (product_teams::name, product_teams::slug).nullable(),
        ))
        .load(conn)
}

pub fn record_change(conn: &mut DbConn, c: &Change) -> QueryResult<()> {
    diesel::insert_into(escalation_history::table)
        .values(c)
        .execute(conn)
        .map(|_| ())
}

/// An escalation's history, oldest first (bounded: a life cycle has a few steps).
pub fn history(conn: &mut DbConn, id: &EscalationId) -> QueryResult<Vec<Change>> {
    escalation_history::table
        .filter(escalation_history::escalation_id.eq(id))
        .order((
            escalation_history::created_at.asc(),
            escalation_history::id.asc(),
        ))
        .limit(200)
        .select(Change::as_select())
        .load(conn)
}

/// What a team's queue shows.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub status: Option<EscalationStatus>,
    pub community: Option<CommunityId>,
    /// Only these sub-communities (those the viewer may see).
    pub visible: Vec<CommunityId>,
}

/// A keyset position in a team's queue: the last row of the page before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCursor {
    pub open: bool,
    pub created_at: Timestamp,
    pub id: EscalationId,
}

impl QueueCursor {
    pub fn of(e: &Escalation) -> Self {
        Self {
            open: e.is_open,
            created_at: e.created_at,
            id: e.id.clone(),
        }
    }
    pub fn encode(&self) -> String {
        format!(
            "{}_{}_{}",
            u8::from(self.open),
            self.created_at.micros(),
            self.id
        )
    }
    /// `None` for anything [`QueueCursor::encode`] did not write.
    pub fn decode(s: &str) -> Option<Self> {
        let mut parts = s.splitn(3, '_');
        let open = match parts.next()? {
            "1" => true,
            "0" => false,
            _ => return None,
        };
        let created_at = Timestamp::from_micros(parts.next()?.parse().ok()?);
        let id = EscalationId::parse(parts.next()?)?;
        Some(Self {
            open,
            created_at,
            id,
        })
    }
}

/// A team's escalations: open first, oldest first; `limit` rows after `after` (keyset:
/// every page costs the same, along `escalations_team_queue_idx`).
pub fn queue(
    conn: &mut DbConn,
    team: &TeamId,
    f: &QueueFilter,
    limit: i64,
    after: Option<&QueueCursor>,
) -> QueryResult<Vec<Escalation>> {
    let mut q = escalations::table
        .filter(escalations::team_id.eq(team))
        .filter(escalations::community_id.eq_any(&f.visible))
        .into_boxed();
    if let Some(s) = f.status {
        q = q.filter(escalations::status.eq(s));
    }
    if let Some(c) = &f.community {
        q = q.filter(escalations::community_id.eq(c));
    }
    if let Some(c) = after {
        // Later in the same group (same `is_open`), or in the closed group after the open.
        let later = escalations::is_open.eq(c.open).and(
            escalations::created_at
                .gt(c.created_at)
                .or(escalations::created_at
                    .eq(c.created_at)
                    .and(escalations::id.gt(c.id.clone()))),
        );
        q = if c.open {
            q.filter(later.or(escalations::is_open.eq(false)))
        } else {
            q.filter(later)
        };
    }
    q.order((
        escalations::is_open.desc(),
        escalations::created_at.asc(),
        escalations::id.asc(),
    ))
    .limit(limit)
    .select(Escalation::as_select())
    .load(conn)
}

/// An escalation as a topic's banner shows it: its team, the team's members (who may
/// read its internal note) and its owner.
#[derive(Debug, Clone)]
pub struct Banner {
    pub escalation: Escalation,
    /// The team's name and address, if it has a team.
    pub team: Option<(String, String)>,
    pub team_members: Vec<UserId>,
    pub owner: Option<crate::db::models::authors::AuthorView>,
}

/// The banners of a topic (at most [`PER_TOPIC`], newest first): a bounded number of
/// small queries.
pub fn banners(conn: &mut DbConn, topic: &TopicId) -> QueryResult<Vec<Banner>> {
    let mut out = vec![];
    for (escalation, team) in of_topic(conn, topic, PER_TOPIC)? {
        let team_members = match &escalation.team_id {
            Some(t) => crate::db::models::teams::member_ids(conn, t)?,
            None => vec![],
        };
        let owner = match &escalation.owner_id {
            Some(u) => crate::db::models::authors::find(conn, u)?,
            None => None,
        };
        out.push(Banner {
            escalation,
            team,
            team_members,
            owner,
        });
    }
    Ok(out)
}
