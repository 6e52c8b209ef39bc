//! Each email: subject, plain text and branded HTML. User-provided text is escaped by maud.

use maud::{html, Markup, DOCTYPE};

use crate::db::models::settings::SiteSettings;
use crate::mail::{Email, MailMeta};

fn wrap(brand: &SiteSettings, heading: &str, body: Markup) -> String {
    let footer = html! {
        "You receive this message because of an action on your " (brand.site_name) " account."
    };
    wrap_with_footer(brand, heading, body, footer)
}

fn wrap_with_footer(brand: &SiteSettings, heading: &str, body: Markup, footer: Markup) -> String {
    html! {
        (DOCTYPE)
        html {
            head { meta charset="utf-8"; title { (heading) } }
            body style="margin:0;padding:0;background:#f5f6f8;font-family:Arial,Helvetica,sans-serif;color:#1d2330" {
                table width="100%" cellpadding="0" cellspacing="0" role="presentation" {
                    tr { td style={ "background:" (brand.primary_color) ";padding:16px 24px;color:#ffffff;font-size:18px;font-weight:bold" } { (brand.site_name) } }
                    tr { td style="padding:24px;background:#ffffff" {
                        h1 style="font-size:20px;margin:0 0 16px" { (heading) }
                        (body)
                    } }
                    tr { td style="padding:16px 24px;font-size:12px;color:#5b6477" { (footer) } }
                }
            }
        }
    }
    .into_string()
}

fn button(brand: &SiteSettings, href: &str, label: &str) -> Markup {
    html! {
        p { a href=(href) style={ "display:inline-block;background:" (brand.primary_color) ";color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none" } { (label) } }
        p style="font-size:13px;color:#5b6477" { "Or paste this link into your browser: " br; (href) }
    }
}

pub fn confirm_email(brand: &SiteSettings, to: &str, username: &str, link: &str) -> Email {
    let subject = format!("Confirm your email for {}", brand.site_name);
    let text = format!(
        "Hello {username},\n\nPlease confirm your email address for {site} by opening this link:\n\n{link}\n\nThe link works once and expires in 48 hours. If you did not sign up, ignore this message.\n",
        site = brand.site_name
    );
    let html = wrap(
        brand,
        "Confirm your email address",
        html! {
            p { "Hello " (username) "," }
            p { "Please confirm your email address to finish creating your account." }
            (button(brand, link, "Confirm my email"))
            p { "The link works once and expires in 48 hours. If you did not sign up, ignore this message." }
        },
    );
    Email {
        kind: "confirm_email",
        to: to.into(),
        subject,
        text,
        html,
        meta: Default::default(),
    }
}

/// Sent when someone signs up with an address that already has an account: the page
/// answered exactly as for a new address, and the owner learns what happened.
pub fn signup_existing(brand: &SiteSettings, to: &str, reset_link: &str) -> Email {
    let subject = format!("Sign-up attempt on {}", brand.site_name);
    let text = format!(
        "Someone (maybe you) tried to sign up for {site} with this email address, which already has an account.\n\nIf it was you and you forgot your password, you can ask for a reset link here:\n\n{reset_link}\n\nOtherwise you can ignore this message.\n",
        site = brand.site_name
    );
    let html = wrap(
        brand,
        "You already have an account",
        html! {
            p { "Someone (maybe you) tried to sign up with this email address, which already has an account." }
            p { "If it was you and you forgot your password, you can ask for a reset link:" }
            (button(brand, reset_link, "Reset my password"))
            p { "Otherwise you can ignore this message." }
        },
    );
    Email {
        kind: "signup_existing",
        to: to.into(),
        subject,
        text,
        html,
        meta: Default::default(),
    }
}

pub fn reset_password(brand: &SiteSettings, to: &str, username: &str, link: &str) -> Email {
    let subject = format!("Reset your {} password", brand.site_name);
    let text = format!(
        "Hello {username},\n\nSomeone asked to reset the password of your {site} account. To choose a new password, open:\n\n{link}\n\nThe link works once and expires in one hour. If you did not ask for this, ignore this message: your password has not changed.\n",
        site = brand.site_name
    );
    let html = wrap(
        brand,
        "Reset your password",
        html! {
            p { "Hello " (username) "," }
            p { "Someone asked to reset the password of your account. To choose a new password:" }
            (button(brand, link, "Choose a new password"))
            p { "The link works once and expires in one hour. If you did not ask for this, ignore this message: your password has not changed." }
        },
    );
    Email {
        kind: "reset_password",
        to: to.into(),
        subject,
        text,
        html,
        meta: Default::default(),
    }
}

pub fn confirm_email_change(brand: &SiteSettings, to: &str, username: &str, link: &str) -> Email {
    let subject = format!("Confirm your new email for {}", brand.site_name);
    let text = format!(
        "Hello {username},\n\nTo make this the email address of your {site} account, open:\n\n{link}\n\nThe link works once and expires in 48 hours.\n",
        site = brand.site_name
    );
    let html = wrap(
        brand,
        "Confirm your new email address",
        html! {
            p { "Hello " (username) "," }
            p { "To make this the email address of your account:" }
            (button(brand, link, "Use this address"))
            p { "The link works once and expires in 48 hours." }
        },
    );
    Email {
        kind: "confirm_email_change",
        to: to.into(),
        subject,
        text,
        html,
        meta: Default::default(),
    }
}

pub fn email_change_requested(brand: &SiteSettings, to: &str, username: &str) -> Email {
    let subject = format!("Your {} email address is being changed", brand.site_name);
    let text = format!(
        "Hello {username},\n\nSomeone signed in to your {site} account asked to change its email address. If this was not you, change your password now.\n",
        site = brand.site_name
    );
    let html = wrap(
        brand,
        "Email change requested",
        html! {
            p { "Hello " (username) "," }
            p { "Someone signed in to your account asked to change its email address. If this was not you, change your password now." }
        },
    );
    Email {
        kind: "email_change_requested",
        to: to.into(),
        subject,
        text,
        html,
        meta: Default::default(),
    }
}

pub fn address_in_use(brand: &SiteSettings, to: &str) -> Email {
    let subject = format!("Email change on {}", brand.site_name);
    let text = format!(
        "Someone asked to move a {site} account to this address, but this address already belongs to an account. Nothing was changed.\n",
        site = brand.site_name
    );
    let html = wrap(
        brand,
        "This address already has an account",
        html! {
            p { "Someone asked to move an account to this address, but this address already belongs to an account. Nothing was changed." }
        },
    );
    Email {
        kind: "address_in_use",
        to: to.into(),
        subject,
        text,
        html,
        meta: Default::default(),
    }
}

/// One event in a notification mail.
pub struct NotificationLine {
    /// "ada replied", "mona mentioned you", ...
    pub line: String,
    /// The start of the post, as its author wrote it (escaped in the HTML part).
    pub excerpt: String,
    /// The exact post.
    pub link: String,
}

/// Links at the foot of every notification and digest mail.
pub struct MailFooterLinks<'a> {
    /// Why this mail came ("You watch this topic", ...).
    pub reason: &'a str,
    pub preferences: &'a str,
    pub unsubscribe: &'a str,
    /// "mail about replies to you", ...
    pub unsubscribe_label: &'a str,
}

fn footer(brand: &SiteSettings, links: &MailFooterLinks<'_>) -> Markup {
    html! {
        p style="margin:0 0 6px" { (links.reason) }
        p style="margin:0" {
            a href=(links.unsubscribe) style="color:#5b6477" { "Unsubscribe from " (links.unsubscribe_label) }
            " · "
            a href=(links.preferences) style="color:#5b6477" { "Email preferences" }
            " · " (brand.site_name)
        }
    }
}

fn footer_text(links: &MailFooterLinks<'_>) -> String {
    format!(
        "--\n{}\nUnsubscribe from {}: {}\nEmail preferences: {}\n",
        links.reason, links.unsubscribe_label, links.unsubscribe, links.preferences
    )
}

/// One mail for one or more events in one topic.
pub fn notification(
    brand: &SiteSettings,
    to: &str,
    community: &str,
    topic_title: &str,
    items: &[NotificationLine],
    links: &MailFooterLinks<'_>,
) -> Email {
    let subject = format!("[{community}] {topic_title}");
    let mut text = String::new();
    for item in items {
        text.push_str(&format!("{}:\n\n", item.line));
        for l in item.excerpt.lines() {
            text.push_str(&format!("> {l}\n"));
        }
        text.push_str(&format!("\nRead it: {}\n\n", item.link));
    }
    text.push_str(&footer_text(links));
    let html = wrap_with_footer(
        brand,
        topic_title,
        html! {
            p style="color:#5b6477;margin:0 0 16px" { (community) }
            @for item in items {
                div style="border-left:3px solid #d5d9e2;padding:4px 0 4px 12px;margin:0 0 20px" {
                    p style="margin:0 0 8px;font-weight:bold" { (item.line) }
                    @for l in item.excerpt.lines() { p style="margin:0 0 6px" { (l) } }
                    p style="margin:8px 0 0" {
                        a href=(item.link) style={ "color:" (brand.primary_color) } { "View the post" }
                    }
                }
            }
        },
        footer(brand, links),
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
    to: &str,
    period: &str,
    active: &[DigestItem],
    unanswered: &[DigestItem],
    links: &MailFooterLinks<'_>,
) -> Email {
    let subject = format!("Your {period} digest from {}", brand.site_name);
    let mut text = String::new();
    for (heading, list) in [
        ("Most active", active),
        ("Waiting for an answer", unanswered),
    ] {
        if list.is_empty() {
            continue;
        }
        text.push_str(&format!("{heading}\n\n"));
        for i in list {
            text.push_str(&format!(
                "- [{}] {} ({} replies)\n  {}\n",
                i.community, i.title, i.replies, i.link
            ));
            for a in &i.actions {
                text.push_str(&format!("  {}: {}\n", a.label, a.link));
            }
        }
        text.push('\n');
    }
    text.push_str(&footer_text(links));
    let html = wrap_with_footer(
        brand,
        &subject,
        html! {
            @for (heading, list) in [("Most active", active), ("Waiting for an answer", unanswered)] {
                @if !list.is_empty() {
                    h2 style="font-size:16px;margin:16px 0 8px" { (heading) }
                    ul style="padding-left:18px;margin:0" {
                        @for i in list {
                            li style="margin:0 0 8px" {
                                a href=(i.link) style={ "color:" (brand.primary_color) } { (i.title) }
                                br;
                                span style="font-size:12px;color:#5b6477" { (i.community) " · " (i.replies) " replies" }
                                @if !i.actions.is_empty() {
                                    br;
                                    span style="font-size:12px" {
                                        @for (n, a) in i.actions.iter().enumerate() {
                                            @if n > 0 { " · " }
                                            a href=(a.link) style={ "color:" (brand.primary_color) } { (a.label) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
        footer(brand, links),
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
    pub label: &'static str,
    pub link: String,
}

/// Issue 24: a personal invitation to a sub-community, with the sender's note.
pub fn invitation(
    brand: &SiteSettings,
    to: &str,
    community: &str,
    inviter: &str,
    note: &str,
    link: &str,
) -> Email {
    let subject = format!(
        "{inviter} invites you to {community} on {}",
        brand.site_name
    );
    let note_text = if note.is_empty() {
        String::new()
    } else {
        format!("\n{inviter} wrote:\n\n{note}\n")
    };
    let text = format!(
        "Hello,\n\n{inviter} invites you to join {community} on {site}.\n{note_text}\nTo accept, open:\n\n{link}\n\nThe link works once. If you do not want to join, ignore this message.\n",
        site = brand.site_name
    );
    let html = wrap(
        brand,
        "You are invited",
        html! {
            p { (inviter) " invites you to join " strong { (community) } " on " (brand.site_name) "." }
            @if !note.is_empty() {
                blockquote style="margin:12px 0;padding:8px 12px;border-left:3px solid #d5dae3;white-space:pre-wrap" { (note) }
            }
            (button(brand, link, "Accept the invitation"))
            p { "The link works once. If you do not want to join, ignore this message." }
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

/// Sent when a moderator suspends or bans an account. `until` is `None` for a ban.
pub fn account_suspended(
    brand: &SiteSettings,
    to: &str,
    username: &str,
    until: Option<&str>,
    reason: &str,
) -> Email {
    let (subject, heading, when) = match until {
        Some(date) => (
            format!("Your {} account is suspended", brand.site_name),
            "Your account is suspended",
            format!("until {date} (UTC)"),
        ),
        None => (
            format!("Your {} account is banned", brand.site_name),
            "Your account is banned",
            "permanently".to_string(),
        ),
    };
    let text = format!(
        "Hello {username},\n\nA moderator of {site} has suspended your account {when}.\n\nReason: {reason}\n\nYou have been signed out and cannot sign in during that time. If you think this is a mistake, reply to the community team.\n",
        site = brand.site_name
    );
    let html = wrap(
        brand,
        heading,
        html! {
            p { "Hello " (username) "," }
            p { "A moderator has suspended your account " (when) "." }
            p { strong { "Reason: " } (reason) }
            p { "You have been signed out and cannot sign in during that time. If you think this is a mistake, reply to the community team." }
        },
    );
    Email {
        kind: "account_suspended",
        to: to.into(),
        subject,
        text,
        html,
        meta: Default::default(),
    }
}

/// To a webhook subscription's owner when Parley stopped sending to it.
pub fn webhook_disabled(
    brand: &SiteSettings,
    to: &str,
    username: &str,
    url: &str,
    reason: &str,
    manage_url: &str,
) -> Email {
    let subject = format!("A webhook of {} was disabled", brand.site_name);
    let text = format!(
        "Hello {username},\n\nParley stopped sending webhooks to {url}: {reason}.\n\nOnce the receiver works again, enable the subscription at {manage_url} (missed deliveries can be redelivered from its log).\n"
    );
    let html = wrap(
        brand,
        "A webhook was disabled",
        html! {
            p { "Hello " (username) "," }
            p { "Parley stopped sending webhooks to " code { (url) } ": " (reason) "." }
            p { "Once the receiver works again, enable the subscription at " a href=(manage_url) { (manage_url) } " (missed deliveries can be redelivered from its log)." }
        },
    );
    Email {
        kind: "webhook_disabled",
        to: to.to_string(),
        subject,
        text,
        html,
        meta: MailMeta::default(),
    }
}
