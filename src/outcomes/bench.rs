//! Outcome events for the benchmark data set (`parley bench-data`): the loader writes
//! topics and posts with multi-row inserts, not through the write cores, so it builds
//! the events those cores would record in bulk too (a year of them at the default size).

use diesel::prelude::*;

use crate::db::schema::outcome_events;
use crate::db::{CommunityId, DbConn, EventKind, PostId, Timestamp, TopicId, UserId};
use crate::outcomes::events::{TO_OTHER, TO_OWN};

#[derive(Insertable)]
#[diesel(table_name = outcome_events)]
pub struct EventRow {
    id: String,
    kind: EventKind,
    occurred_at: Timestamp,
    community_id: Option<CommunityId>,
    topic_id: Option<TopicId>,
    post_id: Option<PostId>,
    actor_id: Option<UserId>,
    actor_is_employee: bool,
    subject_id: Option<String>,
    detail: String,
}

/// One post as the loader generated it.
pub struct BenchPost<'a> {
    pub community: &'a CommunityId,
    pub topic: &'a TopicId,
    pub post: &'a PostId,
    pub author: &'a UserId,
    pub employee: bool,
    pub at: Timestamp,
}

fn row(kind: EventKind, p: &BenchPost<'_>, detail: &str) -> EventRow {
    EventRow {
        id: uuid::Uuid::now_v7().to_string(),
        kind,
        occurred_at: p.at,
        community_id: Some(p.community.clone()),
        topic_id: Some(p.topic.clone()),
        post_id: Some(p.post.clone()),
        actor_id: Some(p.author.clone()),
        actor_is_employee: p.employee,
        subject_id: None,
        detail: detail.to_string(),
    }
}

/// The events of an opening post.
pub fn opening(rows: &mut Vec<EventRow>, p: &BenchPost<'_>, question: bool) {
    rows.push(row(EventKind::TopicCreated, p, ""));
    if question {
        rows.push(row(EventKind::QuestionAsked, p, ""));
    }
}

/// The events of a reply: `first_by_other` when it is the question's first reply by
/// someone else, `first_by_employee` likewise for employees, `accepted_by` when it is
/// the accepted answer (the asker's id).
pub fn reply(
    rows: &mut Vec<EventRow>,
    p: &BenchPost<'_>,
    other: bool,
    first_by_other: bool,
    first_by_employee: bool,
    accepted_by: Option<&UserId>,
) {
    rows.push(row(
        EventKind::ReplyPosted,
        p,
        if other { TO_OTHER } else { TO_OWN },
    ));
    if first_by_other {
        let who = if p.employee { "employee" } else { "member" };
        rows.push(row(EventKind::FirstReply, p, who));
    }
    if first_by_employee {
        rows.push(row(EventKind::FirstEmployeeReply, p, ""));
    }
    if let Some(asker) = accepted_by {
        let mut r = row(
            EventKind::AnswerAccepted,
            p,
            if other { "" } else { "self" },
        );
        r.subject_id = Some(asker.to_string());
        rows.push(r);
    }
}

/// Writes the rows in multi-row statements (in the caller's transaction) and clears them.
pub fn flush(conn: &mut DbConn, rows: &mut Vec<EventRow>) -> QueryResult<()> {
    for chunk in rows.chunks(500) {
        crate::db::native!(conn, c => diesel::insert_into(outcome_events::table)
            .values(chunk)
            .execute(c))?;
    }
    rows.clear();
    Ok(())
}
