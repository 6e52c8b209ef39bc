//! The guardian's decisions for the outcome dashboard (issue 20). A child of `guardian`,
//! so it is the same guardian with the same private state.
//!
//! The deployment's dashboard (`/admin/outcomes`) is the admins' and site moderators',
//! and covers only the sub-communities they may see ([`Guardian::visible_communities`]);
//! a sub-community's (`/c/{slug}/outcomes`) is its managers' and the site staff's, and
//! 404 to everyone else (the caller turns a refusal into 404).

use super::Guardian;
use crate::db::models::communities::Community;
use crate::db::CommunityRole;

impl<'a> Guardian<'a> {
    /// Whether this reader may read the outcome figures of `c` (`None`: the deployment).
    pub fn can_read_outcomes(&self, c: Option<&Community>) -> bool {
        match c {
            None => self.is_site_staff(),
            Some(c) => {
                self.can_see_community(c)
                    && (self.is_site_staff()
                        || self.community_role(&c.id) == Some(CommunityRole::Manager))
            }
        }
    }

    /// Whether this reader may change a sub-community's outcome settings (the target
    /// first-response time): the same readers.
    pub fn can_set_outcome_target(&self, c: &Community) -> bool {
        self.can_read_outcomes(Some(c))
    }
}
