//! Recording outcome events from the write cores, inside the action's own transaction.
//! Each function is called from exactly one place (named in its doc), so the event log
//! and the action commit or roll back together.

use diesel::prelude::*;

use crate::db::models::outcome_events::{record, record_new, NewEvent};
use crate::db::models::posts::Post;
use crate::db::models::topics::{self, Topic};
use crate::db::models::users;
use crate::db::schema::outcome_events as ev;
use crate::db::{DbConn, EventKind, PostId, Timestamp, TopicId, TopicKind, UserId};

/// `ReplyPosted.detail` for a reply to someone else's topic, and to one's own.
pub const TO_OTHER: &str = "other";
pub const TO_OWN: &str = "own";

fn is_employee(conn: &mut DbConn, user: &UserId) -> QueryResult<bool> {
    Ok(users::find(conn, user)?.is_some_and(|u| u.is_employee))
}

fn post_has(
    conn: &mut DbConn,
    topic: &TopicId,
    post: &PostId,
    kind: EventKind,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        ev::table
            .filter(ev::topic_id.eq(topic))
            .filter(ev::kind.eq(kind))
            .filter(ev::post_id.eq(post)),
    ))
    .get_result(conn)
}

/// What the caller of [`on_published_with`] already holds: the post's topic row, whether
/// its author is an employee, and whether the post was inserted by this transaction (so
/// no event of it can be recorded yet).
pub struct Known<'a> {
    pub topic: &'a Topic,
    pub author_is_employee: bool,
    pub new_post: bool,
    /// The reply is already counted on the topic row (the caller took the row's lock by
    /// counting it: [`topics::count_reply_locked`]), so publishing does not count it again.
    pub reply_counted: bool,
}

/// A post became visible to readers (`moderation::publish::announce`, the single point):
/// a topic created (and a question asked), or a reply posted, with the question's first
/// reply by someone else, first reply by an employee, and answers given as the brand.
/// A post published twice (hidden, then approved again) records nothing the second time.
pub fn on_published(conn: &mut DbConn, post: &Post, now: Timestamp) -> QueryResult<()> {
    on_published_with(conn, post, None, now)
}

/// [`on_published`], reading only what `known` does not give. A new reply runs this while
/// it holds its topic's row lock, so every statement saved here is waited for by the
/// replies queued behind it.
pub fn on_published_with(
    conn: &mut DbConn,
    post: &Post,
    known: Option<Known<'_>>,
    now: Timestamp,
) -> QueryResult<()> {
    if post.is_comment() {
        return Ok(());
    }
    let read;
    let (topic, employee, new_post) = match known {
        Some(k) => (k.topic, k.author_is_employee, k.new_post),
        None => {
            let Some(t) = topics::find(conn, &post.topic_id)? else {
                return Ok(());
            };
            read = t;
            (&read, is_employee(conn, &post.author_id)?, false)
        }
    };
    let base = NewEvent::new(EventKind::TopicCreated)
        .community(&post.community_id)
        .topic(&post.topic_id)
        .post(&post.id)
        .actor(&post.author_id, employee);
    if post.is_opening() {
        if !new_post && post_has(conn, &post.topic_id, &post.id, EventKind::TopicCreated)? {
            return Ok(());
        }
        record(conn, &base, now)?;
        if topic.kind == TopicKind::Question {
            let asked = NewEvent {
                kind: EventKind::QuestionAsked,
                ..base
            };
            record(conn, &asked, now)?;
        }
        return Ok(());
    }
    if !new_post && post_has(conn, &post.topic_id, &post.id, EventKind::ReplyPosted)? {
        return Ok(());
    }
    let other = topic.author_id != post.author_id;
    let reply = NewEvent {
        kind: EventKind::ReplyPosted,
        detail: if other { TO_OTHER } else { TO_OWN },
        ..base.clone()
    };
    let mut events = vec![reply];
    if topic.kind == TopicKind::Question && other {
        // The question's firsts: offered with every such reply, kept only the first time
        // (a unique index and `ON CONFLICT DO NOTHING`), so nothing is read under the
        // topic's row lock to find out whether they exist.
        events.push(NewEvent {
            kind: EventKind::FirstReply,
            detail: if employee { "employee" } else { "member" },
            ..base.clone()
        });
        if employee {
            events.push(NewEvent {
                kind: EventKind::FirstEmployeeReply,
                ..base.clone()
            });
        }
        if post.as_brand {
            events.push(NewEvent {
                kind: EventKind::BrandAnswer,
                ..base
            });
        }
    }
    record_new(conn, &events, now)
}

/// An answer accepted or un-accepted (`forums::write_core::apply_accept` /
/// `apply_unaccept`): the actor is the answer's author (who is credited), the subject the
/// member who accepted, the detail `self` when they are the same person.
pub fn on_accept(
    conn: &mut DbConn,
    answer: &Post,
    by: &UserId,
    accepted: bool,
    now: Timestamp,
) -> QueryResult<()> {
    let employee = is_employee(conn, &answer.author_id)?;
    let kind = if accepted {
        EventKind::AnswerAccepted
    } else {
        EventKind::AnswerUnaccepted
    };
    let own = &answer.author_id == by;
    record(
        conn,
        &NewEvent::new(kind)
            .community(&answer.community_id)
            .topic(&answer.topic_id)
            .post(&answer.id)
            .actor(&answer.author_id, employee)
            .subject(by.as_str())
            .detail(if own { "self" } else { "" }),
        now,
    )
}

/// A post deleted (`detail` = `deleted`) or restored (`restored`) (`forums::editing::set_deleted`
/// and the review queue's delete). The daily facts ignore deleted posts only when the
/// day they count in is recomputed.
pub fn on_deleted(
    conn: &mut DbConn,
    post: &Post,
    actor: &UserId,
    deleted: bool,
    now: Timestamp,
) -> QueryResult<()> {
    let employee = is_employee(conn, actor)?;
    record(
        conn,
        &NewEvent::new(EventKind::PostDeleted)
            .community(&post.community_id)
            .topic(&post.topic_id)
            .post(&post.id)
            .actor(actor, employee)
            .detail(if deleted { "deleted" } else { "restored" }),
        now,
    )
}
