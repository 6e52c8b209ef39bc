//! The second wave's demo content (issues 20 and 24), called by `demo::load` once the
//! members, sub-communities and conversations exist. Each feature seeds its own part in
//! its own file.

use crate::accounts::tokens::{create_personal_in, TokenInput, TokenRequest};
use crate::auth::{Guardian, Viewer};
use crate::db::models::{communities, users};
use crate::db::{write_batch, CommunityId, DbConn, Timestamp, UserId};
use crate::error::{AppError, AppResult};

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

/// An example row on the admin's `/settings/tokens`. Its secret is random and printed
/// nowhere, so the demo ships no usable credential.
pub fn demo_token(conn: &mut DbConn, admin: Option<UserId>, now: Timestamp) -> AppResult<()> {
    let admin = admin.ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("no demo admin")))?;
    let user = users::find(conn, &admin)?.ok_or(AppError::NotFound)?;
    let memberships = communities::memberships_of(conn, &admin)?;
    let viewer = Viewer::of_member(user, memberships, now);
    let request = TokenRequest::parse(&TokenInput {
        name: "Demo integration".into(),
        scopes: "users:read topics:read".into(),
        communities: vec![],
        expires_days: String::new(),
    })
    .map_err(AppError::Validation)?;
    write_batch(conn, |conn| {
        create_personal_in(conn, &Guardian::new(&viewer), request, now).map(|_| ())
    })
}
