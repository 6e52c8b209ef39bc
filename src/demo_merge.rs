//! A merged question in the demo: "Will rotating our API key break the running services?"
//! was asked again after "How do I rotate a Widgets API key without downtime?", and a
//! moderator (ada) merged it there: its answer now sits in the older topic, its address
//! leads there, the audit log has the merge and its asker (mona) was told.

use diesel::prelude::*;

use crate::db::models::{audit, communities, merge, topics, users};
use crate::db::schema::{notifications as n, topics as t};
use crate::db::{write_batch, DbConn, NotificationKind, Timestamp, TopicId};
use crate::error::AppResult;

pub const KEPT: &str = "How do I rotate a Widgets API key without downtime?";
pub const MERGED: &str = "Will rotating our API key break the running services?";

fn titled(conn: &mut DbConn, title: &str) -> QueryResult<Option<TopicId>> {
    t::table
        .filter(t::title.eq(title))
        .filter(t::deleted_at.is_null())
        .select(t::id)
        .first(conn)
        .optional()
}

pub fn seed(conn: &mut DbConn, now: Timestamp) -> AppResult<()> {
    write_batch(conn, |conn| merge_demo(conn, now))
}

fn merge_demo(conn: &mut DbConn, now: Timestamp) -> AppResult<()> {
    let (Some(widgets), Some(ada)) = (
        communities::find_by_slug(conn, "widgets")?,
        users::find_by_username_key(conn, "ada")?,
    ) else {
        return Ok(());
    };
    let (Some(kept), Some(merged)) = (titled(conn, KEPT)?, titled(conn, MERGED)?) else {
        return Ok(());
    };
    let (Some(kept), Some(merged)) = (topics::find(conn, &kept)?, topics::find(conn, &merged)?)
    else {
        return Ok(());
    };
    let at = now.plus_secs(-40 * 3_600);
    merge::merge_topics(conn, &merged, &kept, at)?;
    audit::record(
        conn,
        Some(&ada.id),
        "topic.merge",
        "topic",
        merged.id.as_str(),
        kept.id.as_str(),
        at,
    )?;
    if let Some(joined) = topics::find(conn, &kept.id)? {
        crate::notifications::direct::to_member(
            conn,
            &crate::config::NotificationSettings::default(),
            &merged.author_id,
            NotificationKind::Moderation,
            &widgets,
            &joined,
            None,
            &ada.id,
            Some(&crate::notifications::Notice::Merged),
            at,
        )?;
    }
    // History is not mailed (as in `demo::load_conversations`).
    diesel::update(
        n::table
            .filter(n::topic_id.eq(&kept.id))
            .filter(n::notice.eq("merged")),
    )
    .set(n::email_status.eq(crate::db::EmailState::None))
    .execute(conn)?;
    Ok(())
}
