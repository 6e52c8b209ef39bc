//! Notification mail: what reaches the SMTP sink after a real event through the HTTP app,
//! batched per topic after `notifications.batch_secs`, with threading and one-click
//! unsubscribe headers, honouring preferences, digests and the daily cap, and re-checking
//! who may still receive it when it is composed and again when it is sent.
//!
//! Time is moved with `app.clock`, never slept. "No mail" is shown either by a final
//! database state written in the same transaction that would have queued the mail, or by
//! a later mail (a sentinel) that must arrive first.
//!
//! Submodules, by theme (the tests the old file gathered under "More" went to their
//! themes):
//! - `content`: the answered question's mail (multipart, links, threading), escaping and
//!   header injection.
//! - `delivery`: batching and skipping what was read, durability (SMTP outages, later
//!   processes, several processes composing).
//! - `preferences`: one-click unsubscribe, the preferences page, digests, the daily cap.
//! - `recipients`: suspended members, unconfirmed and changed addresses, permissions
//!   re-checked when composing and when sending, mentions in unseen places.
//! - `updates`: accepted answers and moderation outcomes.

mod content;
mod delivery;
mod preferences;
mod recipients;
mod updates;

use parley::db::models::notifications::Notification;
use parley::db::models::outbox::OutboxMessage;
use parley::db::{EmailState, UserId};

use crate::helpers::fixtures::{outbox_to, wait_until};
use crate::helpers::forum_fixtures::TopicRef;
use crate::helpers::notification_fixtures::notifications_of;
use crate::helpers::{spawn_app_with, ReceivedMail, TestApp};

/// A test app whose sign-in limits allow a whole cast from one address.
pub async fn mail_app_with(configure: impl FnOnce(&mut parley::config::Settings)) -> TestApp {
    spawn_app_with(|s| {
        s.rate_limits.signin_per_ip_per_minute = 10_000;
        s.rate_limits.signin_per_account_per_minute = 10_000;
        s.mail.retry_base_secs = 60;
        configure(s);
    })
    .await
}

pub async fn mail_app() -> TestApp {
    mail_app_with(|_| {}).await
}

/// Moves the app's clock past the batching window of everything pending now.
pub fn pass_batch_window(app: &TestApp) {
    app.clock
        .advance_secs(app.settings().notifications.batch_secs + 1);
}

/// The notifications of a member about one topic.
pub async fn notifications_about(
    app: &TestApp,
    user: &UserId,
    topic: &TopicRef,
) -> Vec<Notification> {
    notifications_of(app, user)
        .await
        .into_iter()
        .filter(|n| n.topic_id.as_ref().map(|t| t.to_string()) == Some(topic.id.clone()))
        .collect()
}

/// Waits until none of the member's notifications about `topic` is pending any more and
/// returns them.
pub async fn settled_notifications(
    app: &TestApp,
    user: &UserId,
    topic: &TopicRef,
    expected: usize,
) -> Vec<Notification> {
    wait_until("the notifications' mail is decided", || async {
        let rows = notifications_about(app, user, topic).await;
        (rows.len() == expected && rows.iter().all(|n| n.email_status != EmailState::Pending))
            .then_some(rows)
    })
    .await
}

/// Notification outbox rows (any status) to `address`.
pub async fn notification_rows_to(app: &TestApp, address: &str) -> Vec<OutboxMessage> {
    outbox_to(app, address)
        .await
        .into_iter()
        .filter(|m| m.kind == "notification")
        .collect()
}

/// `<url>` of a `List-Unsubscribe` header → `url`.
pub fn unsubscribe_url(mail: &ReceivedMail) -> String {
    let value = mail
        .header("List-Unsubscribe")
        .unwrap_or_else(|| panic!("no List-Unsubscribe header:\n{}", mail.raw));
    let value = value.trim();
    value
        .strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .unwrap_or_else(|| panic!("List-Unsubscribe is not <url>: {value}"))
        .to_string()
}

/// The subjects of received mails, for failure messages.
pub fn subjects(mails: &[ReceivedMail]) -> Vec<String> {
    mails.iter().map(ReceivedMail::subject).collect()
}
