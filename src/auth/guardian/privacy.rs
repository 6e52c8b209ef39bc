//! The guardian's decisions about privacy requests (issue 22): a member's own data, or
//! an admin acting on a member's request. Never through an API token.

use super::Guardian;
use crate::db::models::users::User;
use crate::db::{SiteRole, UserId};

impl Guardian<'_> {
    /// Asking for a member's data export: the member themself, or an admin (the link
    /// is mailed to the member either way).
    pub fn can_request_export_for(&self, member: &UserId) -> bool {
        !self.api && (self.is_self(member) || self.is_admin())
    }

    /// Downloading an archive: only the signed-in member it belongs to (not even an
    /// admin: the link was mailed to the member).
    pub fn can_download_export(&self, owner: &UserId) -> bool {
        !self.api && self.is_self(owner)
    }

    /// Deleting an account: the member themself, or an admin on their request. An
    /// admin's account is deleted only once another admin has made it a member's, so a
    /// community never loses its last admin this way.
    pub fn can_delete_account(&self, member: &User) -> bool {
        !self.api && member.role != SiteRole::Admin && (self.is_self(&member.id) || self.is_admin())
    }

    /// Erasing an account without its grace period: admins, for someone else.
    pub fn can_shorten_deletion_grace(&self, member: &User) -> bool {
        !self.api && self.is_admin() && !self.is_self(&member.id)
    }

    fn is_self(&self, member: &UserId) -> bool {
        self.user().is_some_and(|u| u.id == *member)
    }
}
