//! Issue 24: whether a member may post a reply received by email, and if not, why (the
//! reason is answered to them, so it names the cause rather than hiding it: the member
//! holds a reply address for this topic, so its existence is not a secret to them).

use super::Guardian;
use crate::db::models::communities::Community;
use crate::db::models::topics::Topic;
use crate::db::models::users::User;
use crate::db::Timestamp;

/// Why a reply by email is not posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailReplyRefusal {
    Suspended,
    NotVisible,
    Locked,
    NotAllowed,
}

impl MailReplyRefusal {
    /// The stable reason code (stored, shown on the admin page, picks the answer text).
    pub fn code(self) -> &'static str {
        match self {
            MailReplyRefusal::Suspended => "suspended",
            MailReplyRefusal::NotVisible => "not_visible",
            MailReplyRefusal::Locked => "locked",
            MailReplyRefusal::NotAllowed => "not_allowed",
        }
    }
}

impl Guardian<'_> {
    /// For a guardian of `member` as they are now: `None` when they may reply to `topic`
    /// (the posting service checks again under the write lock).
    pub fn mail_reply_refusal(
        &self,
        member: &User,
        c: &Community,
        topic: &Topic,
        now: Timestamp,
    ) -> Option<MailReplyRefusal> {
        if member.is_suspended_at(now) {
            Some(MailReplyRefusal::Suspended)
        } else if !self.can_see_topic(c, topic) {
            Some(MailReplyRefusal::NotVisible)
        } else if topic.locked && !self.can_reply(c, topic) {
            Some(MailReplyRefusal::Locked)
        } else if !self.can_reply(c, topic) {
            Some(MailReplyRefusal::NotAllowed)
        } else {
            None
        }
    }
}
