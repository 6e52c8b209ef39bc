//! The one-click actions offered under each topic of a digest (issue 24), decided for the
//! recipient by their guardian as they are at composition time (and again when the link
//! is used): "This answer helped me" (a question's accepted or best-voted answer, for
//! whoever may vote on it or accept it), "Vote for this idea" (its opening post), "Follow
//! this topic", and "Answer this question" (an unanswered question, for members who may
//! reply; a plain link to the reply form). Two bounded queries for all the digest's topics.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::auth::{Guardian, Viewer};
use crate::db::models::communities::{self, Community};
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::models::users::User;
use crate::db::schema::posts;
use crate::db::{DbConn, ModerationState, OneClickAction, Timestamp, TopicId, TopicKind};
use crate::mail::templates::DigestAction;

/// Candidate answers read for one digest (all its questions together).
const ANSWER_ROWS: i64 = 400;

pub fn for_digest(
    conn: &mut DbConn,
    base: &str,
    key: &str,
    user: &User,
    topics: &[&Topic],
    places: &[Community],
    now: Timestamp,
) -> QueryResult<HashMap<TopicId, Vec<DigestAction>>> {
    let memberships = communities::memberships_of(conn, &user.id)?;
    let viewer = Viewer::of_member(user.clone(), memberships, now);
    let guardian = Guardian::new(&viewer);
    let expires = now.plus_secs(super::one_click::TTL_SECS);
    let questions: Vec<&TopicId> = topics
        .iter()
        .filter(|t| t.kind == TopicKind::Question && t.reply_count > 0)
        .map(|t| &t.id)
        .collect();
    let ideas: Vec<&TopicId> = topics
        .iter()
        .filter(|t| t.kind == TopicKind::Idea)
        .map(|t| &t.id)
        .collect();
    let answers: Vec<Post> = if questions.is_empty() {
        Vec::new()
    } else {
        posts::table
            .filter(posts::topic_id.eq_any(&questions))
            .filter(posts::post_number.gt(1))
            .filter(posts::parent_id.is_null())
            .filter(posts::deleted_at.is_null())
            .filter(posts::moderation_state.eq(ModerationState::Published))
            .order((posts::score.desc(), posts::post_number.asc()))
            .limit(ANSWER_ROWS)
            .select(Post::as_select())
            .load(conn)?
    };
    let openings: Vec<Post> = if ideas.is_empty() {
        Vec::new()
    } else {
        posts::table
            .filter(posts::topic_id.eq_any(&ideas))
            .filter(posts::post_number.eq(1))
            .filter(posts::deleted_at.is_null())
            .select(Post::as_select())
            .load(conn)?
    };
    let link = |action: OneClickAction, target: &str| {
        super::one_click::url(base, key, &user.id, action, target, expires)
    };
    let mut out = HashMap::new();
    for t in topics {
        let Some(c) = places.iter().find(|c| c.id == t.community_id) else {
            continue;
        };
        if !guardian.can_see_topic(c, t) {
            continue;
        }
        let mut actions = Vec::new();
        if t.kind == TopicKind::Question {
            let best: Option<&Post> = match &t.accepted_post_id {
                Some(a) => answers.iter().find(|p| &p.id == a),
                None => answers.iter().find(|p| p.topic_id == t.id),
            };
            if let Some(answer) = best {
                let asker_accepts = t.author_id == user.id
                    && t.accepted_post_id.is_none()
                    && guardian.can_accept(c, t);
                if asker_accepts || guardian.can_vote(c, answer) {
                    actions.push(DigestAction {
                        key: "mail-digest-action-helped",
                        link: link(OneClickAction::Helped, answer.id.as_str()),
                    });
                }
            }
        }
        if let Some(opening) = openings.iter().find(|p| p.topic_id == t.id) {
            if guardian.can_vote(c, opening) {
                actions.push(DigestAction {
                    key: "mail-digest-action-vote-idea",
                    link: link(OneClickAction::VoteIdea, opening.id.as_str()),
                });
            }
        }
        actions.push(DigestAction {
            key: "mail-digest-action-follow",
            link: link(OneClickAction::Follow, t.id.as_str()),
        });
        if t.kind == TopicKind::Question && t.reply_count == 0 && guardian.can_reply(c, t) {
            actions.push(DigestAction {
                key: "mail-digest-action-answer",
                link: format!("{base}/t/{}/reply", t.id),
            });
        }
        out.insert(t.id.clone(), actions);
    }
    Ok(out)
}
