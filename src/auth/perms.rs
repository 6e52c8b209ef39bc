//! The guardian's answers as snapshots a view or a service reads without knowing roles
//! (see `Guardian::topic_perms`, `community_perms`, `composer_perms`, `role_changes`,
//! `nav`).

use crate::db::{CommunityRole, PostId};

/// The guardian's answers for one page of a topic (see [`Guardian::topic_perms`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TopicPerms {
    pub signed_in: bool,
    pub reply: bool,
    pub post_as_brand: bool,
    /// An employee covering the sub-community (the employee tools).
    pub covers: bool,
    /// The viewer is the employee who claimed the question.
    pub claimed_by_me: bool,
    pub set_idea_status: bool,
    pub moderate: bool,
    pub review: bool,
    pub restore: bool,
    pub accept: bool,
    /// Issue 19: turn the opening post into a wiki and back / ask a moderator to.
    pub make_wiki: bool,
    pub request_wiki: bool,
    /// Issue 20: escalate the topic / change its escalations and read their internal note.
    pub escalate: bool,
    pub update_escalation: bool,
    /// Each post the page shows, in order, with what the viewer may do to it.
    pub posts: Vec<(PostId, PostPerms)>,
}

impl TopicPerms {
    /// What the viewer may do to `post` (nothing when the page does not show it).
    pub fn post(&self, post: &PostId) -> PostPerms {
        self.posts
            .iter()
            .find(|(id, _)| id == post)
            .map(|(_, p)| *p)
            .unwrap_or_default()
    }
}

/// The guardian's answers for a sub-community's home page (see
/// [`Guardian::community_perms`]): the view reads these, never roles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommunityPerms {
    pub signed_in: bool,
    pub new_topic: bool,
    pub edit_community: bool,
    pub invite_members: bool,
    pub manage_policy: bool,
    pub review: bool,
}

/// The guardian's answers for the new-topic composer (see [`Guardian::composer_perms`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ComposerPerms {
    /// May start an announcement (other kinds need only [`Guardian::can_post_in`]).
    pub announce: bool,
    pub post_as_brand: bool,
    /// May start the topic as a wiki (issue 19).
    pub make_wiki: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PostPerms {
    pub vote: bool,
    pub edit: bool,
    pub delete: bool,
    pub flag: bool,
}

/// The role changes a viewer may make in one sub-community: a snapshot the service checks
/// inside its transaction (where the member's current role is read) and the members page
/// reads to decide which controls to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleChanges {
    /// Add or remove plain members.
    pub invite: bool,
    /// Appoint, change or remove moderators and managers.
    pub appoint: bool,
}

impl RoleChanges {
    /// Whether a member whose role is `current` may be given `new` (`None`: removed).
    /// Only those who appoint staff touch a staff member's role or make someone staff.
    pub fn allows(&self, current: Option<CommunityRole>, new: Option<CommunityRole>) -> bool {
        let is_staff = |r: Option<CommunityRole>| r.is_some_and(|r| r >= CommunityRole::Moderator);
        if is_staff(current) || is_staff(new) {
            self.appoint
        } else {
            self.invite || self.appoint
        }
    }

    /// Whether any change to a member holding `current` is allowed (the Remove control).
    pub fn may_remove(&self, current: CommunityRole) -> bool {
        self.allows(Some(current), None)
    }
}

/// Which work places the header links to (see [`Guardian::nav`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NavPerms {
    /// The employees' unanswered queue.
    pub queue: bool,
    /// A review queue (moderates somewhere).
    pub review: bool,
    /// The admin pages.
    pub admin: bool,
}
