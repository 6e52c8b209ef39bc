//! The guardian's wiki decisions (issue 19): who turns a post into a wiki, who edits it.
//! A child of `guardian`, so it is the same guardian with the same private state.

use super::Guardian;
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;

impl Guardian<'_> {
    /// Turning a topic's opening post into a wiki (or back): the sub-community's
    /// moderators and managers, site moderators and admins.
    pub fn can_make_wiki(&self, c: &Community, topic: &Topic) -> bool {
        topic.deleted_at.is_none() && self.can_start_wiki(c)
    }

    /// Starting a new topic as a wiki (the composer's "Make this a wiki"): the same
    /// people as [`Self::can_make_wiki`], who may also post there.
    pub fn can_start_wiki(&self, c: &Community) -> bool {
        self.can_moderate(c)
    }

    /// The topic's author asks for a wiki; a moderator consents
    /// ([`Self::can_make_wiki`]).
    pub fn can_request_wiki(&self, c: &Community, topic: &Topic) -> bool {
        !topic.wiki
            && topic.deleted_at.is_none()
            && self.user().is_some_and(|u| u.id == topic.author_id)
            && self.can_post_in(c)
    }

    /// Editing a wiki's opening post: employees and staff of the sub-community, and
    /// members who may post there with at least the sub-community's
    /// `wiki_min_reputation`. Never silenced members (`can_post_in`), never a locked
    /// topic for anyone but its moderators, never a deleted post.
    pub fn can_edit_wiki(&self, c: &Community, topic: &Topic, post: &Post) -> bool {
        let reputable = self
            .user()
            .is_some_and(|u| u.reputation >= c.wiki_min_reputation);
        topic.wiki
            && post.topic_id == topic.id
            && post.is_opening()
            && post.deleted_at.is_none()
            && topic.deleted_at.is_none()
            && (!topic.locked || self.can_moderate(c))
            && self.can_post_in(c)
            && (self.is_employee() || self.is_community_staff(c) || reputable)
    }

    /// Reverting a post to an older revision is an edit: whoever may edit it now.
    pub fn can_revert(&self, c: &Community, topic: &Topic, post: &Post) -> bool {
        self.can_edit_post(c, topic, post)
    }
}
