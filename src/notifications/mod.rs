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
pub mod direct;
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
        | NotificationKind::Escalation
        | NotificationKind::Assigned => MailCategory::Updates,
    }
}

/// When one member would hear of an event for several reasons, the strongest wins.
pub fn priority(kind: NotificationKind) -> u8 {
    match kind {
        NotificationKind::Assigned | NotificationKind::Mention => 6,
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
        NotificationKind::Assigned => "notifications-describe-assigned",
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

/// A system notice (a moderation outcome, a move, a close, an idea's status), stored as
/// a code in `notifications.notice` with the topic's title as the summary, and written in
/// the reader's language when the page or the mail shows it: the English sentence stored
/// for everyone reached French readers as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The review queue published the author's held post.
    Published,
    /// A moderator edited, hid or removed the author's post.
    Edited,
    Hidden,
    Removed,
    /// A moderator restored the author's deleted post.
    Restored,
    /// The topic was moved; `to` is where (a sub-community's or category's name).
    Moved {
        to: String,
    },
    /// The topic was closed as a duplicate.
    Duplicate,
    /// An idea's status was set (`None`: cleared).
    IdeaStatus(Option<crate::db::IdeaStatus>),
    /// The topic was escalated to a product team (`None`: no team named).
    Escalated {
        team: Option<String>,
    },
    /// The escalation's status changed.
    Escalation {
        status: crate::db::EscalationStatus,
        team: Option<String>,
    },
    /// An open question was assigned to the member (the notification's actor did it).
    Assigned,
    /// The member's topic was merged into the notification's topic.
    Merged,
}

impl Notice {
    /// The stored code: a name, and for a move the destination after a colon.
    pub fn code(&self) -> String {
        match self {
            Notice::Published => "published".into(),
            Notice::Edited => "edited".into(),
            Notice::Hidden => "hidden".into(),
            Notice::Removed => "removed".into(),
            Notice::Restored => "restored".into(),
            Notice::Moved { to } => format!("moved:{to}"),
            Notice::Duplicate => "duplicate".into(),
            Notice::IdeaStatus(Some(s)) => format!("idea:{}", s.as_str()),
            Notice::IdeaStatus(None) => "idea:".into(),
            Notice::Escalated { team } => format!("escalated:{}", team.as_deref().unwrap_or("")),
            Notice::Escalation { status, team } => {
                format!(
                    "escalation:{}:{}",
                    status.as_str(),
                    team.as_deref().unwrap_or("")
                )
            }
            Notice::Assigned => "assigned".into(),
            Notice::Merged => "merged".into(),
        }
    }

    /// Reads a stored code; `None` for one this version does not know.
    pub fn parse(code: &str) -> Option<Notice> {
        let (name, arg) = code.split_once(':').unwrap_or((code, ""));
        Some(match name {
            "published" => Notice::Published,
            "edited" => Notice::Edited,
            "hidden" => Notice::Hidden,
            "removed" => Notice::Removed,
            "restored" => Notice::Restored,
            "moved" => Notice::Moved {
                to: arg.to_string(),
            },
            "duplicate" => Notice::Duplicate,
            "idea" if arg.is_empty() => Notice::IdeaStatus(None),
            "idea" => Notice::IdeaStatus(Some(arg.parse().ok()?)),
            "escalated" => Notice::Escalated {
                team: (!arg.is_empty()).then(|| arg.to_string()),
            },
            "escalation" => {
                let (status, team) = arg.split_once(':')?;
                Notice::Escalation {
                    status: status.parse().ok()?,
                    team: (!team.is_empty()).then(|| team.to_string()),
                }
            }
            "assigned" => Notice::Assigned,
            "merged" => Notice::Merged,
            _ => return None,
        })
    }

    /// The notice in `lang`, about the topic `title`.
    pub fn text(&self, lang: Lang, title: &str) -> String {
        match self {
            Notice::Published => t!(lang, "notice-published", title = title),
            Notice::Edited => t!(lang, "notice-edited", title = title),
            Notice::Hidden => t!(lang, "notice-hidden", title = title),
            Notice::Removed => t!(lang, "notice-removed", title = title),
            Notice::Restored => t!(lang, "notice-restored", title = title),
            Notice::Moved { to } => t!(lang, "notice-moved", title = title, place = to.as_str()),
            Notice::Duplicate => t!(lang, "notice-duplicate", title = title),
            Notice::IdeaStatus(Some(s)) => {
                let status = crate::forums::views::idea_status_label(lang, *s);
                t!(lang, "notice-idea-status", title = title, status = status)
            }
            Notice::IdeaStatus(None) => t!(lang, "notice-idea-status-cleared", title = title),
            Notice::Escalated { team } => {
                let team = team_name(lang, team.as_deref());
                t!(lang, "notice-escalated", title = title, team = team)
            }
            Notice::Escalation { status, team } => {
                use crate::db::EscalationStatus as S;
                let key = match status {
                    S::Open => "notice-escalation-open",
                    S::InProgress => "notice-escalation-in-progress",
                    S::Resolved => "notice-escalation-resolved",
                    S::Declined => "notice-escalation-declined",
                };
                let team = team_name(lang, team.as_deref());
                t!(lang, key, title = title, team = team)
            }
            Notice::Assigned => t!(lang, "notice-assigned", title = title),
            Notice::Merged => t!(lang, "notice-merged", title = title),
        }
    }
}

/// "the Billing team", or "the product team" when none is named.
fn team_name(lang: Lang, team: Option<&str>) -> String {
    match team {
        Some(name) => t!(lang, "notice-team-named", name = name),
        None => t!(lang, "notice-team-product"),
    }
}

/// What follows a notification's line: its notice in `lang` when it has one, else its
/// stored summary (a topic's title: content, shown as written).
pub fn summary_text(n: &crate::db::models::notifications::Notification, lang: Lang) -> String {
    match n.notice.as_deref().and_then(Notice::parse) {
        Some(notice) => notice.text(lang, &n.summary),
        None => n.summary.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{EscalationStatus, IdeaStatus};

    #[test]
    fn notices_read_back_what_they_stored() {
        let all = [
            Notice::Published,
            Notice::Edited,
            Notice::Hidden,
            Notice::Removed,
            Notice::Restored,
            Notice::Moved {
                to: "Billing: EU".into(),
            },
            Notice::Duplicate,
            Notice::IdeaStatus(Some(IdeaStatus::UnderReview)),
            Notice::IdeaStatus(None),
            Notice::Escalated { team: None },
            Notice::Escalation {
                status: EscalationStatus::InProgress,
                team: Some("R&D: core".into()),
            },
            Notice::Assigned,
            Notice::Merged,
        ];
        for n in all {
            assert_eq!(Notice::parse(&n.code()), Some(n.clone()), "{}", n.code());
            assert!(!n.text(Lang::Fr, "T").is_empty());
        }
        assert_eq!(Notice::parse("idea:nonsense"), None);
        assert_eq!(Notice::parse("later-kind"), None);
    }

    #[test]
    fn notices_are_written_in_the_readers_language() {
        let n = Notice::Escalated {
            team: Some("Billing".into()),
        };
        assert!(n
            .text(Lang::En, "Refunds")
            .contains("escalated to the Billing team"));
        assert!(n
            .text(Lang::Fr, "Refunds")
            .contains("transmis à l'équipe Billing"));
    }
}
