//! The guardian's decisions about the corporate website (issue 18): embedding widgets,
//! page threads, embed sessions and host sites, and what feeds and link previews may
//! show. A child of `guardian`, so it is the same guardian with the same private state.

use super::Guardian;
use crate::db::models::communities::Community;
use crate::db::models::topics::Topic;
use crate::db::{TopicKind, Visibility};

impl<'a> Guardian<'a> {
    // ----- Embedding on the corporate website -----

    /// A sub-community's widgets may be shown on other sites: public, with at least one
    /// allowed origin. Private sub-communities are never embeddable.
    pub fn is_embeddable(c: &Community) -> bool {
        c.visibility == Visibility::Public && !c.embed_origin_list().is_empty()
    }

    /// `origin` (scheme://host[:port]) may frame or fetch this sub-community's widgets.
    pub fn embed_origin_allowed(c: &Community, origin: &str) -> bool {
        Self::is_embeddable(c)
            && c.embed_origin_list()
                .iter()
                .any(|o| o.eq_ignore_ascii_case(origin))
    }

    /// The first comment on a corporate page starts its thread: whoever may post here,
    /// in an embeddable sub-community, for a URL under one of its allowed prefixes.
    pub fn can_start_page_thread(&self, c: &Community, url: &str) -> bool {
        self.can_post_in(c)
            && Self::is_embeddable(c)
            && c.embed_prefix_list().iter().any(|p| url.starts_with(p))
    }

    // ----- Embed sessions and host sites -----

    /// Host sites and their Parley Connect secrets (`/admin/embedding`): admins only.
    pub fn can_manage_embed_sites(&self) -> bool {
        self.is_admin()
    }

    /// An embed session (a token for a widget's frame) for this member in `c`: an
    /// embeddable sub-community they may see, and not while suspended (a suspended
    /// member has no session, and a Connect assertion must not give them one).
    pub fn can_start_embed_session(&self, c: &Community, now: crate::db::Timestamp) -> bool {
        self.user().is_some_and(|u| !u.is_suspended_at(now))
            && Self::is_embeddable(c)
            && self.can_see_community(c)
    }

    // ----- Page threads (issue 18) -----

    /// A comment on a corporate page (a reply to its thread, or a comment under one):
    /// only in an embeddable sub-community, on a page thread, as any reply is (a locked
    /// thread refuses them). Page threads are never accepted-answer or idea targets
    /// (`can_accept` asks for a question; idea statuses for an idea).
    pub fn can_comment_on_page(&self, c: &Community, topic: &Topic) -> bool {
        Self::is_embeddable(c) && topic.kind == TopicKind::Comment && self.can_reply(c, topic)
    }

    /// Asking from the ask box: an embeddable sub-community where the caller may post.
    pub fn can_ask_from_embed(&self, c: &Community) -> bool {
        Self::is_embeddable(c) && self.can_create_topic(c, TopicKind::Question)
    }

    // ----- Embedding settings (widgets) -----

    /// Who edits a sub-community's Embedding section: whoever edits the sub-community
    /// (its managers and the admins).
    pub fn can_manage_embedding(&self, c: &Community) -> bool {
        self.can_edit_community(c)
    }
}

// ----- feeds and sharing -----
impl Guardian<'static> {
    /// The guardian of a visitor who is not signed in: what feeds, link previews and
    /// search engines may be given.
    pub fn anonymous() -> Self {
        Guardian {
            viewer: None,
            api: false,
        }
    }

    /// `c` has Atom feeds and pages announce them: anonymous visitors may see it.
    pub fn can_syndicate(c: &Community) -> bool {
        Guardian::anonymous().can_see_community(c)
    }

    /// `topic` has an Atom feed and its page announces it.
    pub fn can_syndicate_topic(c: &Community, topic: &Topic) -> bool {
        Guardian::anonymous().can_see_topic(c, topic)
    }
}
