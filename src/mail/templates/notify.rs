//! Mail that brings people back: one topic's notifications, digests, invitations.

use maud::{html, Markup};

use super::{button, paragraphs, wrap, wrap_with_footer};
use crate::db::models::settings::SiteSettings;
use crate::db::DigestFrequency;
use crate::i18n::Lang;
use crate::mail::Email;
use crate::t;

/// One event in a notification mail.
pub struct NotificationLine {
    /// "ada replied", "mona mentioned you", ... (already in the recipient's language)
    pub line: String,
    /// The start of the post, as its author wrote it (escaped in the HTML part).
    pub excerpt: String,
    /// The exact post.
    pub link: String,
}

/// Links at the foot of every notification and digest mail, already in the
/// recipient's language.
pub struct MailFooterLinks<'a> {
    /// Why this mail came ("You watch this topic", ...).
    pub reason: &'a str,
    pub preferences: &'a str,
    pub unsubscribe: &'a str,
    /// "mail about replies to you", ...
    pub unsubscribe_label: &'a str,
}

fn footer(brand: &SiteSettings, lang: Lang, links: &MailFooterLinks<'_>) -> Markup {
    html! {
        p style="margin:0 0 6px" { (links.reason) }
        p style="margin:0" {
            a href=(links.unsubscribe) style="color:#5b6477" { (t!(lang, "mail-unsubscribe-from", what = links.unsubscribe_label)) }
            " · "
            a href=(links.preferences) style="color:#5b6477" { (t!(lang, "mail-preferences")) }
            " · " (brand.site_name)
        }
    }
}

fn footer_text(lang: Lang, links: &MailFooterLinks<'_>) -> String {
    format!(
        "--\n{}\n{}: {}\n{}: {}\n",
        links.reason,
        t!(
            lang,
            "mail-unsubscribe-from",
            what = links.unsubscribe_label
        ),
        links.unsubscribe,
        t!(lang, "mail-preferences"),
        links.preferences
    )
}

/// What a notification mail is about, before its items.
pub struct NotificationHead<'a> {
    pub community: &'a str,
    pub topic_title: &'a str,
    /// "3 new replies in this topic", ... (already in the recipient's language)
    pub summary: &'a str,
}

/// One mail for one or more events in one topic.
pub fn notification(
    brand: &SiteSettings,
    lang: Lang,
    to: &str,
    head: &NotificationHead<'_>,
    items: &[NotificationLine],
    links: &MailFooterLinks<'_>,
) -> Email {
    let subject = format!("[{}] {}", head.community, head.topic_title);
    let mut text = format!("{}\n\n", head.summary);
    for item in items {
        text.push_str(&format!("{}:\n\n", item.line));
        for l in item.excerpt.lines() {
            text.push_str(&format!("> {l}\n"));
        }
        text.push_str(&format!(
            "\n{}\n\n",
            t!(lang, "mail-notification-read-it", link = item.link.as_str())
        ));
    }
    text.push_str(&footer_text(lang, links));
    let html = wrap_with_footer(
        brand,
        lang,
        head.topic_title,
        html! {
            p style="color:#5b6477;margin:0 0 16px" { (head.community) " · " (head.summary) }
            @for item in items {
                div style="border-left:3px solid #d5d9e2;padding:4px 0 4px 12px;margin:0 0 20px" {
                    p style="margin:0 0 8px;font-weight:bold" { (item.line) }
                    @for l in item.excerpt.lines() { p style="margin:0 0 6px" { (l) } }
                    p style="margin:8px 0 0" {
                        a href=(item.link) style={ "color:" (brand.primary_color) } { (t!(lang, "mail-notification-view-post")) }
                    }
                }
            }
        },
        footer(brand, lang, links),
    );
    Email {
        kind: "notification",
        to: to.into(),
        subject,
        text,
        html,
        meta: Default::default(),
    }
}

/// A topic in a digest.
pub struct DigestItem {
    /// Issue 24: one-click actions offered for this topic (label, link).
    pub actions: Vec<DigestAction>,
    pub title: String,
    pub community: String,
    pub link: String,
    pub replies: i32,
}

pub fn digest(
    brand: &SiteSettings,
    lang: Lang,
    to: &str,
    period: DigestFrequency,
    active: &[DigestItem],
    unanswered: &[DigestItem],
    links: &MailFooterLinks<'_>,
) -> Email {
    let period = match period {
        DigestFrequency::Weekly => "weekly",
        _ => "daily",
    };
    let subject = t!(
        lang,
        "mail-digest-subject",
        period = period,
        site = brand.site_name.as_str()
    );
    let sections = [
        (t!(lang, "mail-digest-active"), active),
        (t!(lang, "mail-digest-unanswered"), unanswered),
    ];
    let replies = |i: &DigestItem| t!(lang, "mail-digest-replies", count = i.replies);
    let mut text = String::new();
    for (heading, list) in &sections {
        if list.is_empty() {
            continue;
        }
        text.push_str(&format!("{heading}\n\n"));
        for i in list.iter() {
            text.push_str(&format!(
                "- [{}] {} ({})\n  {}\n",
                i.community,
                i.title,
                replies(i),
                i.link
            ));
            for a in &i.actions {
                text.push_str(&format!("  {}: {}\n", lang.t(a.key), a.link));
            }
        }
        text.push('\n');
    }
    text.push_str(&footer_text(lang, links));
    let html = wrap_with_footer(
        brand,
        lang,
        &subject,
        html! {
            @for (heading, list) in &sections {
                @if !list.is_empty() {
                    h2 style="font-size:16px;margin:16px 0 8px" { (heading) }
                    ul style="padding-left:18px;margin:0" {
                        @for i in list.iter() {
                            li style="margin:0 0 8px" {
                                a href=(i.link) style={ "color:" (brand.primary_color) } { (i.title) }
                                br;
                                span style="font-size:12px;color:#5b6477" { (i.community) " · " (replies(i)) }
                                @if !i.actions.is_empty() {
                                    br;
                                    span style="font-size:12px" {
                                        @for (n, a) in i.actions.iter().enumerate() {
                                            @if n > 0 { " · " }
                                            a href=(a.link) style={ "color:" (brand.primary_color) } { (lang.t(a.key)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
        footer(brand, lang, links),
    );
    Email {
        kind: "digest",
        to: to.into(),
        subject,
        text,
        html,
        meta: Default::default(),
    }
}

/// Issue 24: a one-click action under a digest item ("This answer helped me", ...).
#[derive(Debug, Clone)]
pub struct DigestAction {
    /// The `mail.ftl` key of its label, written in the recipient's language.
    pub key: &'static str,
    pub link: String,
}

/// Issue 24: a personal invitation to a sub-community, with the sender's note.
pub fn invitation(
    brand: &SiteSettings,
    lang: Lang,
    to: &str,
    community: &str,
    inviter: &str,
    note: &str,
    link: &str,
) -> Email {
    let site = brand.site_name.as_str();
    let subject = t!(
        lang,
        "mail-invitation-subject",
        inviter = inviter,
        community = community,
        site = site
    );
    let lead = t!(
        lang,
        "mail-invitation-lead",
        inviter = inviter,
        community = community,
        site = site
    );
    let once = t!(lang, "mail-invitation-once");
    let mut parts = vec![t!(lang, "mail-hello-anonymous"), lead.clone()];
    if !note.is_empty() {
        parts.push(t!(lang, "mail-invitation-note", inviter = inviter));
        parts.push(note.to_string());
    }
    parts.push(t!(lang, "mail-invitation-accept-text"));
    parts.push(link.to_string());
    parts.push(once.clone());
    let text = paragraphs(&parts);
    let html = wrap(
        brand,
        lang,
        &t!(lang, "mail-invitation-heading"),
        html! {
            p { (lead) }
            @if !note.is_empty() {
                blockquote style="margin:12px 0;padding:8px 12px;border-left:3px solid #d5dae3;white-space:pre-wrap" { (note) }
            }
            (button(brand, lang, link, &t!(lang, "mail-invitation-button")))
            p { (once) }
        },
    );
    Email {
        kind: "invitation",
        to: to.into(),
        subject,
        text,
        html,
        meta: Default::default(),
    }
}
