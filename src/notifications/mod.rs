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

/// One line describing a notification, for the page and for mail.
pub fn describe(kind: NotificationKind, actor: &str) -> String {
    match kind {
        NotificationKind::Reply => format!("{actor} replied"),
        NotificationKind::Answered => format!("{actor} answered your question"),
        NotificationKind::Mention => format!("{actor} mentioned you"),
        NotificationKind::Posted => format!("{actor} posted in a topic you watch"),
        NotificationKind::NewTopic => format!("{actor} started a topic in something you watch"),
        NotificationKind::Accepted => format!("{actor} accepted your answer"),
        NotificationKind::IdeaStatus => {
            format!("{actor} changed the status of an idea you support")
        }
        NotificationKind::Moderation => format!("{actor} took a moderation action on your post"),
        NotificationKind::Escalation => {
            format!("{actor} escalated a topic or changed its escalation")
        }
    }
}
