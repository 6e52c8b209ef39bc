//! Every "may this person do that here" question is answered here and nowhere else.
//! Visibility failures are `NotFound` (a private sub-community does not exist for those
//! who may not see it); permission failures on visible things are `Forbidden`.

use std::sync::Arc;

use crate::auth::viewer::{AuthUser, Viewer};
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::models::users::User;
use crate::db::{CommunityId, CommunityRole, SiteRole, TopicKind, UserId, Visibility};
use crate::error::AppError;

mod escalations;
mod invitations;
mod mail_in;
mod reply_mail;
pub use reply_mail::MailReplyRefusal;
mod outcomes;
mod privacy; // issue 22 (privacy requests)
mod search;
mod sso;
mod tokens;
mod web;
mod wiki;

pub use crate::auth::perms::{
    CommunityPerms, ComposerPerms, NavPerms, PostPerms, RoleChanges, TopicPerms,
};

pub struct Guardian<'a> {
    viewer: Option<&'a Arc<AuthUser>>,
    /// The request came through `/api/v1` (scopes apply even without a token).
    api: bool,
}

/// A [`Guardian`] that owns its viewer ([`Guardian::detached`]); [`Self::guardian`]
/// asks it.
pub struct DetachedGuardian {
    viewer: Viewer,
    api: bool,
}

impl DetachedGuardian {
    pub fn guardian(&self) -> Guardian<'_> {
        Guardian {
            viewer: self.viewer.0.as_ref(),
            api: self.api,
        }
    }
}

impl<'a> Guardian<'a> {
    pub fn new(viewer: &'a Viewer) -> Self {
        Self {
            viewer: viewer.0.as_ref(),
            api: false,
        }
    }

    /// The guardian of an `/api/v1` call: the token's grant travels in the viewer; a
    /// caller without a token is limited to [`ANONYMOUS_API_SCOPES`].
    pub fn for_api(viewer: &'a Viewer) -> Self {
        Self {
            viewer: viewer.0.as_ref(),
            api: true,
        }
    }

    /// The viewer this guardian answers for, owned: a database closure (which must own
    /// what it uses) asks the guardian again about rows it re-reads under a lock.
    pub fn viewer(&self) -> Viewer {
        Viewer(self.viewer.cloned())
    }

    /// This guardian, owned, for a database closure (which must own what it uses) that
    /// asks it about the rows it reads: the same viewer, the same API flag.
    pub fn detached(&self) -> DetachedGuardian {
        DetachedGuardian {
            viewer: self.viewer(),
            api: self.api,
        }
    }

    fn user(&self) -> Option<&User> {
        self.viewer.map(|a| &a.user)
    }

    fn site_role(&self) -> Option<SiteRole> {
        self.user().map(|u| u.role)
    }

    /// The viewer's unread notification count (0 when signed out).
    pub fn unread_notifications(&self) -> i32 {
        self.user().map(|u| u.unread_notifications).unwrap_or(0)
    }

    pub fn is_signed_in(&self) -> bool {
        self.viewer.is_some()
    }

    pub fn is_admin(&self) -> bool {
        self.site_role() == Some(SiteRole::Admin)
    }

    /// Site-wide moderation team: global moderators and admins.
    pub fn is_site_staff(&self) -> bool {
        self.site_role().is_some_and(|r| r >= SiteRole::Moderator)
    }

    pub fn is_employee(&self) -> bool {
        self.user().is_some_and(|u| u.is_employee)
    }

    pub fn community_role(&self, community: &CommunityId) -> Option<CommunityRole> {
        self.viewer?
            .memberships
            .iter()
            .find(|m| &m.community_id == community)
            .map(|m| m.role)
    }

    /// The API token the viewer acts through, if any.
    pub fn can_see_community(&self, c: &Community) -> bool {
        if !self.token_reaches(&c.id) {
            return false;
        }
        if self.is_site_staff() {
            return true;
        }
        let has_role = self.community_role(&c.id).is_some();
        match c.visibility {
            Visibility::Public => true,
            Visibility::Members => self.is_signed_in(),
            Visibility::Employees => self.is_employee() || has_role,
            Visibility::InviteOnly => has_role,
        }
    }

    pub fn ensure_can_see_community(&self, c: &Community) -> Result<(), AppError> {
        if self.can_see_community(c) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Scopes a list of sub-communities to what this viewer may see.
    pub fn visible_communities(&self, all: Vec<Community>) -> Vec<Community> {
        all.into_iter()
            .filter(|c| self.can_see_community(c))
            .collect()
    }

    /// Whether `user` (a notification or mail recipient, not the current visitor) may see
    /// `c`: the same rule as for visitors, and never while suspended.
    pub fn recipient_may_see(
        user: &User,
        memberships: Vec<crate::db::models::communities::Membership>,
        c: &Community,
        now: crate::db::Timestamp,
    ) -> bool {
        if user.is_suspended_at(now) {
            return false;
        }
        let viewer = Viewer(Some(std::sync::Arc::new(AuthUser {
            user: user.clone(),
            session_hash: String::new(),
            memberships,
            silenced: user.is_silenced_at(now),
            grant: None,
        })));
        Guardian::new(&viewer).can_see_community(c)
    }

    /// Why `user` may not be sent mail about the community at `now` (`None`: they may).
    /// The one rule for every mail to a member: at fan-out, when the mail is composed,
    /// and again when it is sent.
    pub fn mail_refusal(user: &User, now: crate::db::Timestamp) -> Option<&'static str> {
        if user.is_suspended_at(now) {
            Some("the member is suspended")
        } else if user.email_confirmed_at.is_none() {
            Some("the address is not confirmed")
        } else if user.email_bouncing_at.is_some() {
            // Issue 24: repeated hard bounces (see `mail_in::bounces`).
            Some("the address bounces")
        } else {
            None
        }
    }

    pub fn can_create_community(&self) -> bool {
        self.is_admin()
    }

    pub fn can_edit_community(&self, c: &Community) -> bool {
        self.is_admin() || self.community_role(&c.id) == Some(CommunityRole::Manager)
    }

    /// Appointing moderators and managers: admins only, so nobody raises their own role.
    pub fn can_appoint_staff(&self, _c: &Community) -> bool {
        self.is_admin()
    }

    /// Adding plain members (the invite list of an invite-only sub-community).
    pub fn can_invite_members(&self, c: &Community) -> bool {
        self.can_edit_community(c)
    }

    /// Who may see a sub-community (its visibility) is changed by admins only.
    pub fn can_change_visibility(&self, _c: &Community) -> bool {
        self.is_admin()
    }

    /// Which role changes this viewer may make in `c` (see [`RoleChanges::allows`]).
    pub fn role_changes(&self, c: &Community) -> RoleChanges {
        RoleChanges {
            invite: self.can_invite_members(c),
            appoint: self.can_appoint_staff(c),
        }
    }

    pub fn can_moderate(&self, c: &Community) -> bool {
        self.is_site_staff()
            || self
                .community_role(&c.id)
                .is_some_and(|r| r >= CommunityRole::Moderator)
    }

    pub fn can_administer_site(&self) -> bool {
        self.is_admin()
    }

    /// Nobody changes their own site role (an admin cannot demote the last admin by
    /// accident, nor raise themselves).
    pub fn can_change_site_role_of(&self, target: &UserId) -> bool {
        self.can_administer_site() && self.user_id() != Some(target)
    }

    pub fn can_edit_profile(&self, owner: &User) -> bool {
        self.user().is_some_and(|u| u.id == owner.id) || self.is_admin()
    }

    pub fn ensure(&self, allowed: bool) -> Result<(), AppError> {
        if allowed {
            Ok(())
        } else if self.is_signed_in() {
            Err(AppError::Forbidden)
        } else {
            Err(AppError::SignInRequired)
        }
    }

    // ----- Forums and Q&A -----

    /// Employees who may see a sub-community cover it: they answer there as the brand.
    pub fn covers(&self, c: &Community) -> bool {
        self.is_employee() && self.can_see_community(c)
    }

    /// Staff of a sub-community: its moderators and managers, employees covering it, site staff.
    pub fn is_community_staff(&self, c: &Community) -> bool {
        self.can_moderate(c) || self.covers(c)
    }

    /// Writing needs a confirmed address and no silence (suspended members are never
    /// signed in).
    pub fn can_post_in(&self, c: &Community) -> bool {
        self.user().is_some_and(|u| u.email_confirmed_at.is_some())
            && !self.viewer.is_some_and(|a| a.silenced)
            && self.can_see_community(c)
    }

    /// Page threads (`comment`) are never started from the composer or the API's topic
    /// create: only by a first comment on an allowed page ([`Self::can_start_page_thread`]).
    pub fn can_create_topic(&self, c: &Community, kind: TopicKind) -> bool {
        self.can_post_in(c)
            && kind != TopicKind::Comment
            && (kind != TopicKind::Announcement || self.is_community_staff(c))
    }

    pub fn can_reply(&self, c: &Community, topic: &Topic) -> bool {
        self.can_post_in(c) && topic.deleted_at.is_none() && (!topic.locked || self.can_moderate(c))
    }

    /// Comments go under a question or one of its answers that is still there, from
    /// whoever may reply to the question.
    pub fn can_comment_on(&self, c: &Community, topic: &Topic, post: &Post) -> bool {
        matches!(topic.kind, TopicKind::Question | TopicKind::Comment)
            && post.parent_id.is_none()
            && post.deleted_at.is_none()
            && self.can_reply(c, topic)
    }

    pub fn can_post_as_brand(&self, c: &Community) -> bool {
        self.covers(c) && self.can_post_in(c) && self.token_may_act_as_brand(&c.id)
    }

    pub fn can_vote(&self, c: &Community, post: &Post) -> bool {
        self.can_post_in(c)
            && self.user().is_some_and(|u| u.id != post.author_id)
            && post.deleted_at.is_none()
    }

    /// Moderators, the author, and on a wiki's opening post its editors (see
    /// [`Self::can_edit_wiki`]).
    pub fn can_edit_post(&self, c: &Community, topic: &Topic, post: &Post) -> bool {
        self.can_moderate(c)
            || (self.is_author(post) && post.deleted_at.is_none() && self.can_post_in(c))
            || self.can_edit_wiki(c, topic, post)
    }

    pub fn can_delete_post(&self, c: &Community, post: &Post) -> bool {
        self.can_moderate(c) || (self.is_author(post) && self.can_post_in(c))
    }

    pub fn can_restore_post(&self, c: &Community) -> bool {
        self.can_moderate(c)
    }

    /// The asker, or staff of that sub-community, accepts an answer.
    pub fn can_accept(&self, c: &Community, topic: &Topic) -> bool {
        let asker = self.user().is_some_and(|u| u.id == topic.author_id);
        topic.kind == TopicKind::Question
            && ((asker && self.can_post_in(c)) || self.is_community_staff(c))
    }

    pub fn can_set_idea_status(&self, c: &Community) -> bool {
        self.covers(c) || self.can_moderate(c)
    }

    pub fn can_work_queue(&self) -> bool {
        self.is_employee()
    }

    /// An employee covering the sub-community claims (or releases) a question to answer.
    pub fn can_claim(&self, c: &Community, topic: &Topic) -> bool {
        self.covers(c) && topic.kind == TopicKind::Question
    }

    /// Assigning an open question to a colleague: as for claiming it.
    pub fn can_assign(&self, c: &Community, topic: &Topic) -> bool {
        self.can_claim(c, topic)
    }

    /// Whether `user` (not the visitor: a colleague a question is assigned to) covers `c`
    /// now: an employee who may see it, not suspended.
    pub fn colleague_covers(
        user: &User,
        memberships: Vec<crate::db::models::communities::Membership>,
        c: &Community,
        now: crate::db::Timestamp,
    ) -> bool {
        !user.is_suspended_at(now)
            && Guardian::new(&Viewer::of_member(user.clone(), memberships, now)).covers(c)
    }

    pub fn can_manage_categories(&self, c: &Community) -> bool {
        self.can_edit_community(c)
    }

    /// Deleted posts stay visible (greyed) to moderators and their authors only.
    pub fn can_see_deleted(&self, c: &Community, post: &Post) -> bool {
        self.can_moderate(c) || self.is_author(post)
    }

    /// A topic: its sub-community, and, when deleted, as a moderator; when held (its
    /// opening post awaits review or is hidden), as its author or a moderator.
    pub fn can_see_topic(&self, c: &Community, topic: &Topic) -> bool {
        self.can_see_community(c)
            && (topic.deleted_at.is_none() || self.can_moderate(c))
            && (!topic.held || self.can_see_held_topic(c, topic))
    }

    /// Where a merged topic's address leads, for a viewer who may see the sub-community
    /// it was in (the topic it joined then decides for itself whether they see it); for
    /// anyone else it stays a topic that does not exist.
    pub fn merged_topic_leads_to<'t>(
        &self,
        c: &Community,
        topic: &'t Topic,
    ) -> Option<&'t crate::db::TopicId> {
        topic
            .merged_into
            .as_ref()
            .filter(|_| self.can_see_community(c))
    }

    /// `NotFound` unless [`Guardian::can_see_topic`]: a topic one may not see does not exist.
    pub fn ensure_can_see_topic(&self, c: &Community, topic: &Topic) -> Result<(), AppError> {
        if self.can_see_topic(c, topic) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// A post of a topic this viewer sees: a deleted one only as
    /// [`Guardian::can_see_deleted`], a held or hidden one only as
    /// [`Guardian::can_see_unpublished`]. Published posts ask nothing more.
    pub fn can_see_post(&self, c: &Community, post: &Post) -> bool {
        (post.deleted_at.is_none() || self.can_see_deleted(c, post))
            && (post.is_published() || self.can_see_unpublished(c, post))
    }

    /// `NotFound` unless the viewer may see both the topic and this post of it.
    pub fn ensure_can_see_post(
        &self,
        c: &Community,
        topic: &Topic,
        post: &Post,
    ) -> Result<(), AppError> {
        self.ensure_can_see_topic(c, topic)?;
        if self.can_see_post(c, post) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// What a sub-community's home page offers this viewer (see [`CommunityPerms`]).
    pub fn community_perms(&self, c: &Community) -> CommunityPerms {
        CommunityPerms {
            signed_in: self.is_signed_in(),
            new_topic: self.can_post_in(c),
            edit_community: self.can_edit_community(c),
            invite_members: self.can_invite_members(c),
            manage_policy: self.can_manage_community_policy(c),
            review: self.can_review(c),
        }
    }

    /// What the new-topic composer offers this viewer in `c` (see [`ComposerPerms`]).
    pub fn composer_perms(&self, c: &Community) -> ComposerPerms {
        ComposerPerms {
            announce: self.can_create_topic(c, TopicKind::Announcement),
            post_as_brand: self.can_post_as_brand(c),
            make_wiki: self.can_start_wiki(c),
        }
    }

    // ----- Moderation and governance -----

    /// Held and hidden posts: their author and the sub-community's moderators.
    pub fn can_see_unpublished(&self, c: &Community, post: &Post) -> bool {
        self.can_moderate(c) || self.is_author(post)
    }

    /// A topic whose opening post is held or hidden: its author and the moderators.
    pub fn can_see_held_topic(&self, c: &Community, topic: &Topic) -> bool {
        self.can_moderate(c) || self.user().is_some_and(|u| u.id == topic.author_id)
    }

    /// Members flag others' posts where they may write.
    /// Flag a post: a published one (held and hidden posts are already before the
    /// moderators), not one's own, where one may post.
    pub fn can_flag(&self, c: &Community, post: &Post) -> bool {
        self.can_post_in(c)
            && !self.is_author(post)
            && post.deleted_at.is_none()
            && post.is_published()
    }

    /// The review queue of a sub-community: its moderators, site moderators and admins.
    pub fn can_review(&self, c: &Community) -> bool {
        self.can_moderate(c)
    }

    /// Moderates at least one sub-community (or the whole site): has a review queue.
    pub fn works_a_review_queue(&self) -> bool {
        self.is_site_staff()
            || self.viewer.is_some_and(|a| {
                a.memberships
                    .iter()
                    .any(|m| m.role >= CommunityRole::Moderator)
            })
    }

    /// Staff of a sub-community skip the new-member limits and pre-moderation there (the
    /// policy engine still checks what they write).
    pub fn skips_new_member_limits(&self, c: &Community) -> bool {
        self.is_community_staff(c)
    }

    /// Sanctions: never oneself; admins only by admins; site moderators only by admins;
    /// anyone else by site staff, or by a moderator of the sub-community (`context`)
    /// where the sanctioned post was written.
    pub fn can_sanction(&self, target: &User, context: Option<&Community>) -> bool {
        let Some(me) = self.user() else {
            return false;
        };
        if me.id == target.id {
            return false;
        }
        match target.role {
            SiteRole::Admin | SiteRole::Moderator => self.is_admin(),
            SiteRole::Member => {
                self.is_site_staff() || context.is_some_and(|c| self.can_moderate(c))
            }
        }
    }

    /// Sanctions outside the sub-community of a post (a member's own sanctions page,
    /// `/mod/users/{name}`): site staff. Whether a given member may be sanctioned is still
    /// [`Self::can_sanction`]'s answer.
    pub fn can_sanction_site_wide(&self) -> bool {
        self.is_site_staff()
    }

    /// Deployment-wide moderation settings, detectors and rules.
    pub fn can_manage_policy(&self) -> bool {
        self.is_admin()
    }

    /// A sub-community's own rules and pre-moderation: its managers and moderators.
    pub fn can_manage_community_policy(&self, c: &Community) -> bool {
        self.can_edit_community(c) || self.can_moderate(c)
    }

    pub fn can_view_audit_log(&self) -> bool {
        self.is_admin()
    }

    /// The header's links to the viewer's work places.
    pub fn nav(&self) -> NavPerms {
        NavPerms {
            queue: self.can_work_queue(),
            review: self.works_a_review_queue(),
            admin: self.can_administer_site(),
        }
    }

    /// Everything this viewer may do on one page of a topic showing `shown` (the opening
    /// post, answers and comments the page lists, in order). The topic view reads these
    /// answers and nothing else about the viewer, so two viewers with equal `TopicPerms`
    /// are shown the same page apart from their own parts (see `views::holes`).
    pub fn topic_perms<'p>(
        &self,
        c: &Community,
        topic: &Topic,
        shown: impl Iterator<Item = &'p Post>,
        claimed_by: Option<&UserId>,
        mut escalation_teams: impl Iterator<Item = &'p UserId>,
    ) -> TopicPerms {
        let team_member = self
            .user_id()
            .is_some_and(|me| escalation_teams.any(|u| u == me));
        TopicPerms {
            signed_in: self.is_signed_in(),
            reply: self.can_reply(c, topic),
            post_as_brand: self.can_post_as_brand(c),
            covers: self.covers(c),
            claimed_by_me: claimed_by.is_some_and(|u| self.user_id() == Some(u)),
            set_idea_status: self.can_set_idea_status(c),
            moderate: self.can_moderate(c),
            review: self.can_review(c),
            restore: self.can_restore_post(c),
            accept: self.can_accept(c, topic),
            make_wiki: self.can_make_wiki(c, topic),
            request_wiki: self.can_request_wiki(c, topic),
            escalate: self.can_escalate(c),
            update_escalation: self.can_read_escalation_note(c, team_member),
            posts: shown
                .map(|p| {
                    (
                        p.id.clone(),
                        PostPerms {
                            vote: self.can_vote(c, p),
                            edit: self.can_edit_post(c, topic, p),
                            delete: self.can_delete_post(c, p),
                            flag: self.can_flag(c, p),
                        },
                    )
                })
                .collect(),
        }
    }

    fn is_author(&self, post: &Post) -> bool {
        self.user().is_some_and(|u| u.id == post.author_id)
    }

    pub fn user_id(&self) -> Option<&UserId> {
        self.user().map(|u| &u.id)
    }
}
