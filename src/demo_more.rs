//! The second wave's demo content (issues 20 and 24), called by `demo::load` once the
//! members, sub-communities and conversations exist. Each feature seeds its own part in
//! its own file.

use crate::db::{CommunityId, DbConn, Timestamp, UserId};
use crate::error::AppResult;

/// The demo's members and sub-communities by name.
pub struct DemoIds<'a> {
    pub users: &'a [(&'static str, UserId)],
    pub communities: &'a [(&'static str, CommunityId)],
}

impl DemoIds<'_> {
    pub fn user(&self, name: &str) -> Option<UserId> {
        self.users
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, id)| id.clone())
    }
    pub fn community(&self, slug: &str) -> Option<CommunityId> {
        self.communities
            .iter()
            .find(|(s, _)| *s == slug)
            .map(|(_, id)| id.clone())
    }
}

pub fn seed(conn: &mut DbConn, ids: &DemoIds<'_>, now: Timestamp) -> AppResult<()> {
    crate::demo_escalations::seed(conn, ids, now)?;
    crate::demo_invitations::seed(conn, ids, now)?;
    crate::demo_mail::seed(conn, ids, now)?;
    crate::demo_queue::seed(conn, ids, now)?;
    // Last: the outcome dashboard's facts are computed over everything seeded before.
    crate::demo_outcomes::seed(conn, ids, now)?;
    Ok(())
}
