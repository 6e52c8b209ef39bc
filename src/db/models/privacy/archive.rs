//! A member's data export: everything Parley holds about them, as one JSON document.

use diesel::prelude::*;
use serde_json::{json, Value};

use crate::db::schema::{
    api_tokens, community_members, notification_prefs, notifications, posts, sessions, topics,
    users, votes, watches,
};
use crate::db::{DbConn, Timestamp, UserId};

/// Everything Parley holds about the member, as one JSON document: their profile, what
/// they wrote (in any sub-community), their votes, notifications, sessions, watches,
/// notification settings, API tokens (never the secrets) and memberships. Nobody else's
/// posts or profile: only rows that are the member's own.
pub fn archive(conn: &mut DbConn, user: &UserId, now: Timestamp) -> QueryResult<Value> {
    let profile: (
        String,
        String,
        String,
        String,
        String,
        String,
        Timestamp,
        bool,
        i32,
    ) = users::table
        .find(user)
        .select((
            users::username,
            users::email,
            users::display_name,
            users::title,
            users::bio_markdown,
            users::role,
            users::created_at,
            users::is_employee,
            users::reputation,
        ))
        .first(conn)?;
    let topics_rows: Vec<(String, String, String, Timestamp)> = topics::table
        .filter(topics::author_id.eq(user))
        .order(topics::created_at)
        .select((
            topics::id,
            topics::community_id,
            topics::title,
            topics::created_at,
        ))
        .load(conn)?;
    let posts_rows: Vec<(String, String, i32, String, Timestamp)> = posts::table
        .filter(posts::author_id.eq(user))
        .order(posts::created_at)
        .select((
            posts::id,
            posts::topic_id,
            posts::post_number,
            posts::body_markdown,
            posts::created_at,
        ))
        .load(conn)?;
    let votes_rows: Vec<(String, i32, Timestamp)> = votes::table
        .filter(votes::user_id.eq(user))
        .select((votes::post_id, votes::value, votes::created_at))
        .load(conn)?;
    // What each notification was about, not its summary: that names another member
    // (the one who replied, mentioned, ...), whose data this archive does not hold.
    #[allow(clippy::type_complexity)]
    let notes: Vec<(
        String,
        Option<String>,
        Option<String>,
        Timestamp,
        Option<Timestamp>,
    )> = notifications::table
        .filter(notifications::user_id.eq(user))
        .order(notifications::created_at)
        .select((
            notifications::kind,
            notifications::topic_id,
            notifications::post_id,
            notifications::created_at,
            notifications::read_at,
        ))
        .load(conn)?;
    let sessions_rows: Vec<(Timestamp, Timestamp, String, String)> = sessions::table
        .filter(sessions::user_id.eq(user))
        .select((
            sessions::created_at,
            sessions::last_seen_at,
            sessions::user_agent,
            sessions::ip,
        ))
        .load(conn)?;
    let watches_rows: Vec<(String, String, String)> = watches::table
        .filter(watches::user_id.eq(user))
        .select((watches::target_kind, watches::target_id, watches::level))
        .load(conn)?;
    let tokens_rows: Vec<(String, String, Timestamp, Timestamp)> = api_tokens::table
        .filter(api_tokens::user_id.eq(user))
        .select((
            api_tokens::name,
            api_tokens::scopes,
            api_tokens::created_at,
            api_tokens::expires_at,
        ))
        .load(conn)?;
    let memberships: Vec<(String, String, Timestamp)> = community_members::table
        .filter(community_members::user_id.eq(user))
        .select((
            community_members::community_id,
            community_members::role,
            community_members::created_at,
        ))
        .load(conn)?;
    let prefs: Option<(bool, bool, bool, bool, String)> = notification_prefs::table
        .find(user)
        .select((
            notification_prefs::mail_replies,
            notification_prefs::mail_mentions,
            notification_prefs::mail_watching,
            notification_prefs::mail_updates,
            notification_prefs::digest,
        ))
        .first(conn)
        .optional()?;
    let t = |ts: Timestamp| ts.rfc3339();
    Ok(json!({
        "format": "parley-export-1",
        "prepared_at": t(now),
        "profile": {
            "id": user.as_str(),
            "username": profile.0,
            "email": profile.1,
            "display_name": profile.2,
            "title": profile.3,
            "bio": profile.4,
            "role": profile.5,
            "joined_at": t(profile.6),
            "is_employee": profile.7,
            "reputation": profile.8,
        },
        "topics": topics_rows.iter().map(|r| json!({
            "id": r.0, "community_id": r.1, "title": r.2, "created_at": t(r.3),
        })).collect::<Vec<_>>(),
        "posts": posts_rows.iter().map(|r| json!({
            "id": r.0, "topic_id": r.1, "number": r.2, "body": r.3, "created_at": t(r.4),
        })).collect::<Vec<_>>(),
        "votes": votes_rows.iter().map(|r| json!({
            "post_id": r.0, "value": r.1, "created_at": t(r.2),
        })).collect::<Vec<_>>(),
        "notifications": notes.iter().map(|r| json!({
            "kind": r.0, "topic_id": r.1, "post_id": r.2, "created_at": t(r.3),
            "read_at": r.4.map(t),
        })).collect::<Vec<_>>(),
        "sessions": sessions_rows.iter().map(|r| json!({
            "created_at": t(r.0), "last_seen_at": t(r.1), "user_agent": r.2, "ip": r.3,
        })).collect::<Vec<_>>(),
        "watches": watches_rows.iter().map(|r| json!({
            "kind": r.0, "target_id": r.1, "level": r.2,
        })).collect::<Vec<_>>(),
        "notification_settings": prefs.map(|p| json!({
            "mail_replies": p.0, "mail_mentions": p.1, "mail_watching": p.2,
            "mail_updates": p.3, "digest": p.4,
        })),
        "api_tokens": tokens_rows.iter().map(|r| json!({
            "name": r.0, "scopes": r.1, "created_at": t(r.2), "expires_at": t(r.3),
        })).collect::<Vec<_>>(),
        "memberships": memberships.iter().map(|r| json!({
            "community_id": r.0, "role": r.1, "joined_at": t(r.2),
        })).collect::<Vec<_>>(),
    }))
}
