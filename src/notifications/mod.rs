//! Notifications and the mail that brings people back.
//!
//! - [`fanout`]: who hears about an event, written in the event's own transaction
//!   (notification rows, unread counters); [`default_watches`]: what a member watches
//!   without having chosen.
//! - [`mailer`]: a background task that turns due notifications into one mail per topic
//!   and kind (after a short batching window, skipping what was read on the site), and
//!   composes daily/weekly digests; both go through the durable outbox.
//! - [`unsubscribe`]: signed one-click unsubscribe links (RFC 8058).
//! - [`service`], [`routes`], [`views`]: the notifications page, watching levels, email
//!   preferences.
pub mod default_watches;
pub mod fanout;
pub mod mailer;
pub mod routes;
pub mod service;
pub mod unsubscribe;
pub mod views;

use crate::db::{MailCategory, NotificationKind};
use crate::i18n::Lang;
use crate::t;

/// The kind of mail (and unsubscribe link) a notification belongs to.
pub fn mail_category(kind: NotificationKind) -> MailCategory {
    match kind {
        NotificationKind::Reply | NotificationKind::Answered => MailCategory::Replies,
        NotificationKind::Mention => MailCategory::Mentions,
        NotificationKind::Posted | NotificationKind::NewTopic => MailCategory::Watching,
        NotificationKind::Accepted
        | NotificationKind::IdeaStatus
        | NotificationKind::Moderation
        | NotificationKind::Escalation => MailCategory::Updates,
    }
}

/// When one member would hear of an event for several reasons, the strongest wins.
pub fn priority(kind: NotificationKind) -> u8 {
    match kind {
        NotificationKind::Mention => 6,
        NotificationKind::Answered => 5,
        NotificationKind::Reply => 4,
        NotificationKind::Accepted
        | NotificationKind::IdeaStatus
        | NotificationKind::Moderation
        | NotificationKind::Escalation => 3,
        NotificationKind::NewTopic => 2,
        NotificationKind::Posted => 1,
    }
}

/// One line describing a notification, for the page and for mail, in `lang`; `actor`
/// is the username of whoever caused it (`None`: "Someone").
pub fn describe(kind: NotificationKind, actor: Option<&str>, lang: Lang) -> String {
    let key = match kind {
        NotificationKind::Reply => "notifications-describe-reply",
        NotificationKind::Answered => "notifications-describe-answered",
        NotificationKind::Mention => "notifications-describe-mention",
        NotificationKind::Posted => "notifications-describe-posted",
        NotificationKind::NewTopic => "notifications-describe-new-topic",
        NotificationKind::Accepted => "notifications-describe-accepted",
        NotificationKind::IdeaStatus => "notifications-describe-idea-status",
        NotificationKind::Moderation => "notifications-describe-moderation",
        NotificationKind::Escalation => "notifications-describe-escalation",
    };
    let someone;
    let actor = match actor {
        Some(a) => a,
        None => {
            someone = t!(lang, "notifications-someone");
            someone.as_str()
        }
    };
    t!(lang, key, actor = actor)
}
