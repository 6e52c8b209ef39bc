//! The guardian's search decisions (issue 19): who reads the search log and content gaps.
//! A child of `guardian`, so it is the same guardian with the same private state.
//!
//! What a search may return is [`Guardian::visible_communities`]'s answer, read at query
//! time (so a sub-community made private disappears from the next search): there is no
//! search-specific visibility rule.

use super::Guardian;
use crate::db::models::communities::Community;
use crate::db::{CommunityId, CommunityRole};

impl<'a> Guardian<'a> {
    /// Content gaps and the search log: the whole site's (`None`) to admins; one
    /// sub-community's to admins and its managers (who must still see it).
    pub fn can_read_search_insights(&self, c: Option<&Community>) -> bool {
        match c {
            None => self.is_admin(),
            Some(c) => {
                self.can_see_community(c)
                    && (self.is_admin()
                        || self.community_role(&c.id) == Some(CommunityRole::Manager))
            }
        }
    }

    /// Whether search-log rows narrowed to `community` (or to none) may be shown in a
    /// report to this reader: rows of sub-communities they may not see never are.
    pub fn may_see_search_row(
        &self,
        community: Option<&CommunityId>,
        visible: &[Community],
    ) -> bool {
        community.is_none_or(|id| visible.iter().any(|c| &c.id == id))
    }
}
