//! Merging one topic into another: every row that belongs to the merged topic's thread
//! follows its posts. Called inside the merge's write transaction
//! (`forums::topic_moderation::merge`), which has decided and checked everything.

use diesel::prelude::*;

use crate::db::models::topics::{self, Topic};
use crate::db::schema::{
    escalations, posts, reply_tokens, topics as topics_table, votes, watches, wiki_requests,
};
use crate::db::{DbConn, PostId, Timestamp, UserId, WatchTarget};

/// Moves `from`'s posts after `into`'s (their order kept, numbered on from `into`'s last),
/// with their votes, review items, escalations, watchers and e-mail reply addresses; then
/// marks `from` deleted and merged, recounts `into`, and reindexes it. `into` takes
/// `from`'s accepted answer when it has none (the caller has taken it back otherwise).
/// Answers how many posts moved.
pub fn merge_topics(
    conn: &mut DbConn,
    from: &Topic,
    into: &Topic,
    now: Timestamp,
) -> QueryResult<usize> {
    topics::lock(conn, &into.id)?;
    topics::lock(conn, &from.id)?;
    // Numbers above every number `into` uses keep the (topic_id, post_number) key unique
    // at every step of the one statement.
    let base = crate::db::models::posts::next_number(conn, &into.id)? - 1;
    let moved = diesel::update(posts::table.filter(posts::topic_id.eq(&from.id)))
        .set((
            posts::topic_id.eq(&into.id),
            posts::community_id.eq(&into.community_id),
            posts::post_number.eq(posts::post_number + base),
        ))
        .execute(conn)?;
    diesel::update(votes::table.filter(votes::topic_id.eq(&from.id)))
        .set(votes::topic_id.eq(&into.id))
        .execute(conn)?;
    crate::db::models::moderation::move_items_of_topic(conn, &into.id, &into.community_id)?;
    diesel::update(escalations::table.filter(escalations::topic_id.eq(&from.id)))
        .set((
            escalations::topic_id.eq(&into.id),
            escalations::community_id.eq(&into.community_id),
            escalations::updated_at.eq(now),
        ))
        .execute(conn)?;
    // A reply by e-mail to a notification of the merged topic lands in the one it joined.
    diesel::update(reply_tokens::table.filter(reply_tokens::topic_id.eq(&from.id)))
        .set(reply_tokens::topic_id.eq(&into.id))
        .execute(conn)?;
    diesel::delete(wiki_requests::table.filter(wiki_requests::topic_id.eq(&from.id)))
        .execute(conn)?;
    move_watchers(conn, from, into)?;
    let carried: Option<&PostId> = into
        .accepted_post_id
        .as_ref()
        .or(from.accepted_post_id.as_ref());
    diesel::update(topics_table::table.find(&into.id))
        .set((
            topics_table::accepted_post_id.eq(carried),
            topics_table::bumped_at.eq(into.bumped_at.max(from.bumped_at)),
        ))
        .execute(conn)?;
    diesel::update(topics_table::table.find(&from.id))
        .set((
            topics_table::merged_into.eq(Some(&into.id)),
            topics_table::deleted_at.eq(Some(now)),
            topics_table::accepted_post_id.eq(None::<PostId>),
            topics_table::reply_count.eq(0),
            topics_table::official_reply.eq(false),
            topics_table::claimed_by.eq(None::<UserId>),
            topics_table::claimed_at.eq(None::<Timestamp>),
        ))
        .execute(conn)?;
    topics::recount_replies(conn, &into.id)?;
    crate::db::search::index_topic(conn, &into.id)?;
    Ok(moved)
}

/// Whoever chose a level for `from` keeps it on `into`, unless they chose one there too.
/// What they had read of `from` says nothing of `into`'s posts: those count as unread.
fn move_watchers(conn: &mut DbConn, from: &Topic, into: &Topic) -> QueryResult<()> {
    let on_into: Vec<UserId> = watches::table
        .filter(watches::target_kind.eq(WatchTarget::Topic))
        .filter(watches::target_id.eq(into.id.as_str()))
        .select(watches::user_id)
        .load(conn)?;
    let of_from = watches::table
        .filter(watches::target_kind.eq(WatchTarget::Topic))
        .filter(watches::target_id.eq(from.id.as_str()));
    for chunk in on_into.chunks(500) {
        diesel::delete(of_from.filter(watches::user_id.eq_any(chunk))).execute(conn)?;
    }
    diesel::update(of_from)
        .set((
            watches::target_id.eq(into.id.as_str()),
            watches::last_read.eq(0),
        ))
        .execute(conn)?;
    Ok(())
}
