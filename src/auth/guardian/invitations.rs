//! The guardian's invitation decisions (issue 24). A child of `guardian`, so it is the
//! same guardian with the same private state.
//!
//! One-click actions in mail ask no rule of their own: the member's guardian, built from
//! their row as it is now, answers `can_vote`, `can_accept` and `can_see_topic` as on the
//! site (a suspended member is refused before any of these).

use super::Guardian;
use crate::db::models::communities::Community;
use crate::db::models::invitations::Invitation;
use crate::db::models::users::User;
use crate::db::{CommunityRole, InvitationKind};
use crate::domain::Email;

impl<'a> Guardian<'a> {
    /// Invitation links, personal invitations and a sub-community's figures by source:
    /// admins, and the managers of that sub-community (who must still see it). Everyone
    /// else gets 404 from the pages (they are not told the page exists).
    pub fn can_manage_invitations(&self, c: &Community) -> bool {
        self.can_see_community(c)
            && (self.is_admin() || self.community_role(&c.id) == Some(CommunityRole::Manager))
    }

    /// `/admin/invitations`: every sub-community's figures (each still narrowed to the
    /// sub-communities the admin may see).
    pub fn can_read_all_invitation_stats(&self) -> bool {
        self.is_admin()
    }

    /// A signed-in member opening an invitation link joins its sub-community: anyone
    /// signed in and not suspended (suspended members have no session at all) who is not
    /// silenced out of joining; the invitation itself is the permission to enter an
    /// invite-only sub-community.
    pub fn can_join_by_invitation(&self) -> bool {
        self.is_signed_in()
    }

    /// Whether `user` may take a use of `inv`, as far as who they are goes (validity,
    /// expiry and the use limit are the invitation's own: `Invitation::unusable_at`). A
    /// link is for whoever holds it; a personal invitation only for the address it was
    /// mailed to, so a forwarded or leaked mail does not let someone else in. Decided on
    /// the member's row as it is inside the redeeming transaction (for a sign-up, the
    /// account being created), comparing normalised addresses.
    pub fn may_redeem(inv: &Invitation, user: &User) -> bool {
        match (inv.kind, inv.email.as_deref()) {
            (InvitationKind::Personal, Some(address)) => {
                Email::parse(address).is_ok_and(|e| e.key() == user.email_key)
            }
            (InvitationKind::Personal, None) => false,
            (InvitationKind::Link, _) => true,
        }
    }
}
