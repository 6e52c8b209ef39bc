//! Notification pages: the list, email preferences, unsubscribe, and the watch control
//! shown on topic, category and sub-community pages. Pure functions of their data, in
//! the viewer's language (`page.lang`).

use maud::{html, Markup};

use crate::db::models::authors::AuthorView;
use crate::db::models::notifications::Notification;
use crate::db::{DigestFrequency, MailCategory, WatchLevel, WatchTarget};
use crate::i18n::format;
use crate::notifications::service::{category_title, NotificationsPage, PrefsPage, WatchState};
use crate::t;
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
    let title = page.t("notifications-title");
    layout(
        page,
        &title,
        html! {
            div.page-head {
                h1 { (title) }
                @if unread > 0 {
                    form.inline method="post" action="/notifications/read-all" {
                        (csrf_field(&page.csrf))
                        button.button.small type="submit" { (page.t("notifications-mark-all-read")) }
                    }
                }
                a.button.small href="/settings/notifications" { (page.t("notifications-preferences")) }
            }
            @if data.items.is_empty() {
                (empty_state(&page.t("notifications-empty-title"), html! {
                    p { (page.t("notifications-empty-body")) }
                }))
            } @else {
                ul.notification-list {
                    @for (n, actor) in &data.items {
                        li.notification.unread[n.read_at.is_none()] {
                            @if let Some(a) = actor { (avatar(&a.username, 32)) }
                            div.notification-body {
                                a href=(link_of(n)) {
                                    strong { (super::describe(n.kind, actor.as_ref().map(|a: &AuthorView| a.username.as_str()), page.lang)) }
                                    @if n.notice.is_some() {
                                        " · " span { (super::summary_text(n, page.lang)) }
                                    } @else if !n.summary.is_empty() {
                                        " · " span data-content { (n.summary) }
                                    }
                                }
                                p.muted { time datetime=(n.created_at.rfc3339()) { (format::date(page.lang, n.created_at)) } }
                            }
                            @if n.read_at.is_none() {
                                form.inline method="post" action={ "/notifications/" (n.id) "/read" } {
                                    (csrf_field(&page.csrf))
                                    button.link-button type="submit" { (page.t("notifications-mark-read")) }
                                }
                            }
                        }
                    }
                }
                @if let Some(next) = &data.next {
                    p { a.button href={ "/notifications?before=" (next) } { (page.t("notifications-older")) } }
                }
            }
        },
    )
}

/// A watching level's name and its explanation, in the viewer's language.
pub fn level_text(page: &Page, level: WatchLevel) -> (String, String) {
    let key = match level {
        WatchLevel::Watching => "notifications-level-watching",
        WatchLevel::NewTopics => "notifications-level-new-topics",
        WatchLevel::Tracking => "notifications-level-tracking",
        WatchLevel::Normal => "notifications-level-normal",
        WatchLevel::Muted => "notifications-level-muted",
    };
    (page.t(key), page.t(&format!("{key}-help")))
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
            label for={ "watch-" (target) } { (page.t("notifications-watch-label")) }
            select id={ "watch-" (target) } name="level" {
                @for l in levels {
                    option value=(l.as_str()) selected[*l == current] { (level_text(page, *l).0) }
                }
            }
            button.button.small type="submit" { (page.t("notifications-watch-save")) }
            p.hint {
                (level_text(page, current).1)
                @if let Some(from) = state.and_then(|s| s.inherited_from) {
                    " " (page.t(match from {
                        WatchTarget::Category => "notifications-inherited-category",
                        _ => "notifications-inherited-community",
                    }))
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
    let title = page.t("notifications-prefs-title");
    let kinds = [
        ("mail_replies", MailCategory::Replies),
        ("mail_mentions", MailCategory::Mentions),
        ("mail_watching", MailCategory::Watching),
        ("mail_updates", MailCategory::Updates),
    ];
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            @if !email_confirmed {
                p.notice.warn { (page.t("notifications-prefs-unconfirmed")) }
            }
            section.card {
                h2 { (page.t("notifications-prefs-email-me")) }
                form method="post" action="/settings/notifications" {
                    (csrf_field(&page.csrf))
                    fieldset.field {
                        legend { (page.t("notifications-prefs-immediately")) }
                        @for (name, c) in kinds {
                            (checkbox(name, &category_title(c, page.lang), on(c)))
                        }
                    }
                    fieldset.field {
                        legend { (page.t("notifications-prefs-digest")) }
                        @for d in DigestFrequency::ALL {
                            label.radio {
                                input type="radio" name="digest" value=(d.as_str()) checked[*d == digest];
                                " " (page.t(match d {
                                    DigestFrequency::Off => "notifications-digest-off",
                                    DigestFrequency::Daily => "notifications-digest-daily",
                                    DigestFrequency::Weekly => "notifications-digest-weekly",
                                }))
                            }
                        }
                    }
                    button.button.primary type="submit" { (page.t("notifications-prefs-save")) }
                }
            }
            section.card {
                h2 { (page.t("notifications-prefs-communities")) }
                p.muted { (t!(page.lang, "notifications-prefs-communities-help", count = data.watched_topics)) }
                @if data.communities.is_empty() {
                    p.muted { (page.t("notifications-prefs-no-communities")) }
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
    let title = page.t("notifications-unsubscribe-title");
    let what = category_title(category, page.lang);
    layout(
        page,
        &title,
        html! {
            section.card {
                h1 { (title) }
                p { (t!(page.lang, "notifications-unsubscribe-question", what = what.as_str())) }
                form method="post" action={ "/unsubscribe/" (token) } {
                    (csrf_field(&page.csrf))
                    button.button.primary type="submit" { (page.t("notifications-unsubscribe-button")) }
                }
            }
        },
    )
}

pub fn unsubscribed(page: &Page, category: MailCategory) -> Markup {
    let what = category_title(category, page.lang);
    layout(
        page,
        &page.t("notifications-unsubscribed-title"),
        html! {
            section.card {
                h1 { (page.t("notifications-unsubscribed-heading")) }
                p { (t!(page.lang, "notifications-unsubscribed-body", what = what.as_str())) }
                p { (page.t("notifications-unsubscribed-change")) " " a href="/settings/notifications" { (page.t("notifications-unsubscribed-prefs-link")) } "." }
            }
        },
    )
}
