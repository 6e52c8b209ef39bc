//! The guardian's decisions about product teams and escalations (issue 20). A child of
//! `guardian`, so it is the same guardian with the same private state. Team membership
//! is data the caller reads (`team_member`), as the claim of a question is.

use super::Guardian;
use crate::db::models::communities::Community;
use crate::db::Scope;

impl Guardian<'_> {
    /// Setting up product teams (`/admin/teams`): admins.
    pub fn can_manage_teams(&self) -> bool {
        self.is_admin()
    }

    /// Escalating a topic of `c` to a team or an external tracker: employees covering the
    /// sub-community and its moderators (site staff included). Over the API the token
    /// needs `topics:write`.
    pub fn can_escalate(&self, c: &Community) -> bool {
        self.can_see_community(c)
            && self.has_scope(Scope::TopicsWrite)
            && (self.covers(c) || self.can_moderate(c))
    }

    /// Changing an escalation of a topic in `c` (status, owner, notes): the members of
    /// its team, the escalator's peers there ([`Self::can_escalate`]) and admins. They
    /// also read its internal note.
    pub fn can_update_escalation(&self, c: &Community, team_member: bool) -> bool {
        self.can_see_community(c)
            && self.has_scope(Scope::TopicsWrite)
            && (self.is_admin() || team_member || self.can_escalate(c))
    }

    /// Who reads an escalation's internal note: those who may update it, token or not.
    pub fn can_read_escalation_note(&self, c: &Community, team_member: bool) -> bool {
        self.can_see_community(c)
            && (self.is_admin() || team_member || self.covers(c) || self.can_moderate(c))
    }

    /// A team's queue (`/teams/{slug}`): its members and admins. Each row is still
    /// filtered by [`Guardian::can_see_community`].
    pub fn can_see_team_queue(&self, team_member: bool) -> bool {
        self.is_signed_in() && (team_member || self.is_admin())
    }
}
