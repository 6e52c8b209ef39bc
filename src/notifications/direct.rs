//! Direct events: one member, or an idea's author and up-voters, hear of something done
//! to their content or on their behalf, inside the write transaction that did it. They
//! go through [`deliver`](super::fanout::deliver) like every other event.

use super::fanout::{deliver, muted_on, Event};
use crate::config::NotificationSettings;
use crate::db::models::communities::Community;
use crate::db::models::topics::Topic;
use crate::db::{DbConn, NotificationKind, PostId, Timestamp, UserId};

/// Tells one member about something done to their content or on their behalf
/// (an accepted answer, a moderation outcome, an escalation).
#[allow(clippy::too_many_arguments)]
pub fn to_member(
    conn: &mut DbConn,
    cfg: &NotificationSettings,
    member: &UserId,
    kind: NotificationKind,
    community: &Community,
    topic: &Topic,
    post: Option<&PostId>,
    actor: &UserId,
    notice: Option<&super::Notice>,
    now: Timestamp,
) -> diesel::QueryResult<usize> {
    let muted = if kind == NotificationKind::Moderation {
        vec![] // Moderation outcomes reach the member even on muted topics.
    } else {
        muted_on(conn, topic)?
    };
    deliver(
        conn,
        cfg,
        &Event {
            community,
            topic: Some(topic),
            post,
            actor: Some(actor),
            summary: &topic.title,
            notice,
            now,
        },
        vec![(member.clone(), kind)],
        &muted,
    )
}

/// An idea's status changed: its author and everyone who up-voted it hear of it.
pub fn on_idea_status(
    conn: &mut DbConn,
    cfg: &NotificationSettings,
    community: &Community,
    topic: &Topic,
    actor: &UserId,
    notice: &super::Notice,
    now: Timestamp,
) -> diesel::QueryResult<usize> {
    let Some((opening, _)) = crate::db::models::posts::opening(conn, &topic.id)? else {
        return Ok(0);
    };
    let mut candidates = vec![(topic.author_id.clone(), NotificationKind::IdeaStatus)];
    for voter in crate::db::models::votes::up_voters(conn, &opening.id)? {
        candidates.push((voter, NotificationKind::IdeaStatus));
    }
    let muted = muted_on(conn, topic)?;
    deliver(
        conn,
        cfg,
        &Event {
            community,
            topic: Some(topic),
            post: Some(&opening.id),
            actor: Some(actor),
            summary: &topic.title,
            notice: Some(notice),
            now,
        },
        candidates,
        &muted,
    )
}
