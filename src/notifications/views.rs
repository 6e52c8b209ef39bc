//! Notification pages: the list, email preferences, unsubscribe, and the watch control
//! shown on topic, category and sub-community pages. Pure functions of their data.

use maud::{html, Markup};

use crate::db::models::authors::AuthorView;
use crate::db::models::notifications::Notification;
use crate::db::{DigestFrequency, MailCategory, WatchLevel, WatchTarget};
use crate::notifications::service::{category_title, NotificationsPage, PrefsPage, WatchState};
use crate::views::components::{avatar, csrf_field, empty_state};
use crate::views::{layout, Page};

fn link_of(n: &Notification) -> String {
    match (&n.post_id, &n.topic_id) {
        (Some(p), _) => format!("/p/{p}"),
        (None, Some(t)) => format!("/t/{t}"),
        _ => "/notifications".into(),
    }
}

pub fn list(page: &Page, data: &NotificationsPage, unread: i32) -> Markup {
    layout(
        page,
        "Notifications",
        html! {
            div.page-head {
                h1 { "Notifications" }
                @if unread > 0 {
                    form.inline method="post" action="/notifications/read-all" {
                        (csrf_field(&page.csrf))
                        button.button.small type="submit" { "Mark all as read" }
                    }
                }
                a.button.small href="/settings/notifications" { "Preferences" }
            }
            @if data.items.is_empty() {
                (empty_state("No notifications yet", html! {
                    p { "When someone replies to you, mentions you, answers your question or posts in something you watch, it shows up here." }
                }))
            } @else {
                ul.notification-list {
                    @for (n, actor) in &data.items {
                        li.notification.unread[n.read_at.is_none()] {
                            @if let Some(a) = actor { (avatar(&a.username, 32)) }
                            div.notification-body {
                                a href=(link_of(n)) {
                                    strong { (super::describe(n.kind, actor.as_ref().map(|a: &AuthorView| a.username.as_str()).unwrap_or("Someone"))) }
                                    @if !n.summary.is_empty() { " · " (n.summary) }
                                }
                                p.muted { time datetime=(n.created_at.rfc3339()) { (n.created_at.date_string()) } }
                            }
                            @if n.read_at.is_none() {
                                form.inline method="post" action={ "/notifications/" (n.id) "/read" } {
                                    (csrf_field(&page.csrf))
                                    button.link-button type="submit" { "Mark read" }
                                }
                            }
                        }
                    }
                }
                @if let Some(next) = &data.next {
                    p { a.button href={ "/notifications?before=" (next) } { "Older notifications" } }
                }
            }
        },
    )
}

/// The level selector. `action` is where the form posts.
pub fn watch_control(
    page: &Page,
    action: &str,
    target: WatchTarget,
    current: WatchLevel,
    state: Option<&WatchState>,
) -> Markup {
    let levels: &[WatchLevel] = match target {
        WatchTarget::Topic => &WatchLevel::FOR_TOPICS,
        _ => WatchLevel::ALL,
    };
    html! {
        form.watch-control method="post" action=(action) {
            (csrf_field(&page.csrf))
            label for={ "watch-" (target) } { "Notifications" }
            select id={ "watch-" (target) } name="level" {
                @for l in levels {
                    option value=(l.as_str()) selected[*l == current] { (l.label()) }
                }
            }
            button.button.small type="submit" { "Save" }
            p.hint {
                (current.help())
                @if let Some(from) = state.and_then(|s| s.inherited_from) {
                    " (from your setting on the " (match from { WatchTarget::Category => "category", _ => "sub-community" }) ")"
                }
            }
        }
    }
}

fn checkbox(name: &str, label: &str, checked: bool) -> Markup {
    html! {
        label.checkbox {
            input type="checkbox" name=(name) value="on" checked[checked];
            " " (label)
        }
    }
}

pub fn preferences(page: &Page, data: &PrefsPage, email_confirmed: bool) -> Markup {
    let p = data.prefs.as_ref();
    let on = |c: MailCategory| {
        p.map(|p| p.wants(c))
            .unwrap_or_else(|| crate::db::models::notification_prefs::default_wants(c))
    };
    let digest = p.map(|p| p.digest).unwrap_or(DigestFrequency::Off);
    layout(
        page,
        "Email and notifications",
        html! {
            h1 { "Email and notifications" }
            @if !email_confirmed {
                p.notice.warn { "Mail goes only to confirmed addresses: confirm yours to receive any of these." }
            }
            section.card {
                h2 { "Email me about" }
                form method="post" action="/settings/notifications" {
                    (csrf_field(&page.csrf))
                    fieldset.field {
                        legend { "Immediately (a few minutes later, skipped if you already read it here)" }
                        (checkbox("mail_replies", category_title(MailCategory::Replies), on(MailCategory::Replies)))
                        (checkbox("mail_mentions", category_title(MailCategory::Mentions), on(MailCategory::Mentions)))
                        (checkbox("mail_watching", category_title(MailCategory::Watching), on(MailCategory::Watching)))
                        (checkbox("mail_updates", category_title(MailCategory::Updates), on(MailCategory::Updates)))
                    }
                    fieldset.field {
                        legend { "Digest of the most active and unanswered topics in what you follow" }
                        @for d in DigestFrequency::ALL {
                            label.radio {
                                input type="radio" name="digest" value=(d.as_str()) checked[*d == digest];
                                " " (match d { DigestFrequency::Off => "Never", DigestFrequency::Daily => "Daily", DigestFrequency::Weekly => "Weekly" })
                            }
                        }
                    }
                    button.button.primary type="submit" { "Save preferences" }
                }
            }
            section.card {
                h2 { "Sub-communities" }
                p.muted { "Watching tells you of every post, watching new topics of every new topic. You follow " (data.watched_topics) " topics directly." }
                @if data.communities.is_empty() {
                    p.muted { "There are no sub-communities yet." }
                }
                table.watch-table {
                    tbody {
                        @for (c, level) in &data.communities {
                            tr {
                                td { a href={ "/c/" (c.slug) } { (c.name) } }
                                td { (watch_control(page, &format!("/c/{}/watch?back=prefs", c.slug), WatchTarget::Community, *level, None)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn unsubscribe_confirm(page: &Page, token: &str, category: MailCategory) -> Markup {
    layout(
        page,
        "Unsubscribe",
        html! {
            section.card {
                h1 { "Unsubscribe" }
                p { "Stop email about: " strong { (category_title(category)) } "?" }
                form method="post" action={ "/unsubscribe/" (token) } {
                    (csrf_field(&page.csrf))
                    button.button.primary type="submit" { "Unsubscribe" }
                }
            }
        },
    )
}

pub fn unsubscribed(page: &Page, category: MailCategory) -> Markup {
    layout(
        page,
        "Unsubscribed",
        html! {
            section.card {
                h1 { "You are unsubscribed" }
                p { "You will no longer receive email about: " strong { (category_title(category)) } "." }
                p { "You can change this at any time in your " a href="/settings/notifications" { "email preferences" } "." }
            }
        },
    )
}
