//! The one place a post goes out, and the one place it is taken back.
//!
//! [`publish_post`] runs for every post that becomes visible to everyone: a new post the
//! policy let through, and a held or hidden post a moderator approved. Anything that must
//! happen when readers can first see a post (counters, bumping the topic, and later
//! notifications and webhooks) hooks in there and nowhere else.

use diesel::prelude::*;

use crate::db::models::posts::{self, Post};
use crate::db::models::topics;
use crate::db::schema::topics as topics_table;
use crate::db::{DbConn, ModerationState, PostId, Timestamp};

/// Makes a post visible to everyone who may see its sub-community, inside the caller's
/// transaction: marks it published, lists its topic (opening post) or counts the reply
/// and bumps the topic. Idempotent for a post that is already published.
pub fn publish_post(conn: &mut DbConn, id: &PostId, now: Timestamp) -> QueryResult<Post> {
    let mut post = posts::find(conn, id)?.ok_or(diesel::result::Error::NotFound)?;
    if post.moderation_state == ModerationState::Published {
        // Already public (flags ignored, a public post edited from the queue): nothing
        // moves and nobody is told twice.
        return Ok(post);
    }
    posts::set_moderation_state(conn, id, ModerationState::Published)?;
    post.moderation_state = ModerationState::Published;
    announce(conn, &post, now)?;
    Ok(post)
}

/// What publishing moves for a post now in the published state: its topic's counters (or,
/// for an opening post, the topic's listing) and the queue of posts readers must hear of.
/// A new reply inserted straight into the published state calls this alone.
pub fn announce(conn: &mut DbConn, post: &Post, now: Timestamp) -> QueryResult<()> {
    announce_with(conn, post, None, now)
}

/// [`announce`] for a caller that holds the post's topic row (and so knows what the
/// outcome events would read again): a new reply, under its topic's row lock, possibly
/// counted already by the statement that took the lock.
pub fn announce_with(
    conn: &mut DbConn,
    post: &Post,
    known: Option<crate::outcomes::events::Known<'_>>,
    now: Timestamp,
) -> QueryResult<()> {
    let counted = known.as_ref().is_some_and(|k| k.reply_counted);
    if post.is_opening() {
        topics::set_held(conn, &post.topic_id, false)?;
    } else if !post.is_comment() && !counted {
        if post.deleted_at.is_none() {
            // A reply that was not counted now is: O(1), not a count over the thread.
            crate::db::native!(conn, c => diesel::update(topics_table::table.find(&post.topic_id))
                .set((
                    topics_table::reply_count.eq(topics_table::reply_count + 1),
                    topics_table::bumped_at.eq(now),
                ))
                .execute(c))?;
            if post.as_brand {
                diesel::update(topics_table::table.find(&post.topic_id))
                    .set(topics_table::official_reply.eq(true))
                    .execute(conn)?;
            }
        } else {
            topics::recount_replies(conn, &post.topic_id)?;
        }
    }
    // Readers hear of the post now that they can see it (watchers, mentions, replies):
    // queued here, told by `notifications::fanout::drain` once this commits.
    crate::db::models::fanout_queue::push(conn, &post.id, now)?;
    // Webhook subscribers hear of it now too (never of a post still held).
    crate::webhooks::events::published(conn, post, now)?;
    // Issue 20: the outcome events of a post readers can now see.
    crate::outcomes::events::on_published_with(conn, post, known, now)?;
    Ok(())
}

/// Takes a post back from readers (`Held` or `Hidden`): its topic leaves the lists when
/// it is the opening post, otherwise the reply no longer counts.
pub fn withdraw_post(conn: &mut DbConn, post: &Post, state: ModerationState) -> QueryResult<()> {
    posts::set_moderation_state(conn, &post.id, state)?;
    if post.is_opening() {
        topics::set_held(conn, &post.topic_id, true)?;
    } else if !post.is_comment() {
        topics::recount_replies(conn, &post.topic_id)?;
    }
    Ok(())
}
