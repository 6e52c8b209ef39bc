//! Default watching levels: what a member watches without having chosen, from the
//! sub-communities' defaults (a member's own choice always wins).

use crate::auth::Guardian;
use crate::db::models::{communities, users, watches};
use crate::db::{CommunityId, DbConn, Timestamp, UserId, WatchLevel, WatchTarget};

/// Gives a member who joins a sub-community its default watching level (unless they
/// already chose one).
pub fn apply_default_watch(
    conn: &mut DbConn,
    community: &CommunityId,
    user: &UserId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let Some(c) = communities::find(conn, community)? else {
        return Ok(());
    };
    if c.default_watch_level != WatchLevel::Normal {
        watches::insert_if_absent(
            conn,
            user,
            WatchTarget::Community,
            c.id.as_str(),
            c.default_watch_level,
            now,
        )?;
    }
    Ok(())
}

/// A new account (on confirming its address) starts at the default level of every
/// sub-community it may see.
pub fn apply_default_watches_for_new_member(
    conn: &mut DbConn,
    user: &users::User,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    for c in communities::all(conn)? {
        if c.default_watch_level == WatchLevel::Normal {
            continue;
        }
        let roles = communities::memberships_in(conn, &c.id, std::slice::from_ref(&user.id))?;
        if Guardian::recipient_may_see(user, roles, &c, now) {
            watches::insert_if_absent(
                conn,
                &user.id,
                WatchTarget::Community,
                c.id.as_str(),
                c.default_watch_level,
                now,
            )?;
        }
    }
    Ok(())
}
