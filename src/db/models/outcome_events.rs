//! Issue 20: the outcome event log. Every action the outcome dashboard counts appends one
//! row here inside the action's own transaction (so an action and its event commit or
//! roll back together). Rows are never updated; the daily facts are derived from them.

use diesel::prelude::*;

use crate::db::schema::outcome_events;
use crate::db::{CommunityId, DbConn, EventKind, PostId, Timestamp, TopicId, UserId};

/// One event as a caller describes it. Build with [`NewEvent::new`] and the setters.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub kind: EventKind,
    pub community: Option<&'a CommunityId>,
    pub topic: Option<&'a TopicId>,
    pub post: Option<&'a PostId>,
    pub actor: Option<&'a UserId>,
    pub actor_is_employee: bool,
    /// What the event is about when it is not a topic or a post (an escalation, a team,
    /// an invitation).
    pub subject: Option<&'a str>,
    /// A short machine-readable value: a status, a source label, a number of seconds.
    pub detail: &'a str,
}

impl<'a> NewEvent<'a> {
    pub fn new(kind: EventKind) -> Self {
        Self {
            kind,
            community: None,
            topic: None,
            post: None,
            actor: None,
            actor_is_employee: false,
            subject: None,
            detail: "",
        }
    }
    pub fn community(mut self, c: &'a CommunityId) -> Self {
        self.community = Some(c);
        self
    }
    pub fn community_opt(mut self, c: Option<&'a CommunityId>) -> Self {
        self.community = c;
        self
    }
    pub fn topic(mut self, t: &'a TopicId) -> Self {
        self.topic = Some(t);
        self
    }
    pub fn post(mut self, p: &'a PostId) -> Self {
        self.post = Some(p);
        self
    }
    pub fn actor(mut self, u: &'a UserId, is_employee: bool) -> Self {
        self.actor = Some(u);
        self.actor_is_employee = is_employee;
        self
    }
    pub fn subject(mut self, s: &'a str) -> Self {
        self.subject = Some(s);
        self
    }
    pub fn detail(mut self, d: &'a str) -> Self {
        self.detail = d;
        self
    }
}

/// A recorded event.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outcome_events)]
pub struct OutcomeEvent {
    pub id: String,
    pub kind: EventKind,
    pub occurred_at: Timestamp,
    pub community_id: Option<CommunityId>,
    pub topic_id: Option<TopicId>,
    pub post_id: Option<PostId>,
    pub actor_id: Option<UserId>,
    pub actor_is_employee: bool,
    pub subject_id: Option<String>,
    pub detail: String,
}

/// One event as its row, for [`record`] and [`record_new`].
#[derive(Insertable)]
#[diesel(table_name = outcome_events, treat_none_as_default_value = false)]
struct Row<'a> {
    id: String,
    kind: EventKind,
    occurred_at: Timestamp,
    community_id: Option<&'a CommunityId>,
    topic_id: Option<&'a TopicId>,
    post_id: Option<&'a PostId>,
    actor_id: Option<&'a UserId>,
    actor_is_employee: bool,
    subject_id: Option<&'a str>,
    detail: &'a str,
}

impl<'a> Row<'a> {
    fn of(e: &NewEvent<'a>, at: Timestamp) -> Self {
        Row {
            id: uuid::Uuid::now_v7().to_string(),
            kind: e.kind,
            occurred_at: at,
            community_id: e.community,
            topic_id: e.topic,
            post_id: e.post,
            actor_id: e.actor,
            actor_is_employee: e.actor_is_employee,
            subject_id: e.subject,
            detail: e.detail,
        }
    }
}

/// Appends one event at `at` (the action's time: the app's clock, or a loader's
/// back-dated time).
pub fn record(conn: &mut DbConn, e: &NewEvent<'_>, at: Timestamp) -> QueryResult<()> {
    diesel::insert_into(outcome_events::table)
        .values(&Row::of(e, at))
        .execute(conn)
        .map(|_| ())
}

/// Appends several events at `at` in one statement, skipping any that a unique index
/// refuses (a question's first reply and first employee reply exist once per topic:
/// migration 000039), so a reply records its events without reading the topic's first.
pub fn record_new(conn: &mut DbConn, events: &[NewEvent<'_>], at: Timestamp) -> QueryResult<()> {
    let rows: Vec<Row<'_>> = events.iter().map(|e| Row::of(e, at)).collect();
    crate::db::native!(conn, c => diesel::insert_into(outcome_events::table)
        .values(&rows)
        .on_conflict_do_nothing()
        .execute(c))
    .map(|_| ())
}

/// Events of `kind`, oldest first (tests and small reports; the dashboard reads facts).
pub fn of_kind(conn: &mut DbConn, kind: EventKind) -> QueryResult<Vec<OutcomeEvent>> {
    outcome_events::table
        .filter(outcome_events::kind.eq(kind))
        .order((outcome_events::occurred_at.asc(), outcome_events::id.asc()))
        .select(OutcomeEvent::as_select())
        .load(conn)
}
