//! Pages of invitations and one-click actions: pure functions of their data.

use maud::{html, Markup};

use super::links::{LinkInput, ManagePage};
use super::one_click::Confirm;
use super::personal::PersonalInput;
use super::signup::{InvitePage, Refusal};
use crate::db::models::communities::Community;
use crate::db::models::invitations::Invitation;
use crate::db::{OneClickAction, Timestamp};
use crate::error::FieldErrors;
use crate::views::components::{csrf_field, error_summary, Field};
use crate::views::{layout, Page};

/// What the management page shows besides its lists.
pub struct ManageForms<'a> {
    pub link: &'a LinkInput,
    pub personal: &'a PersonalInput,
    pub errors: &'a FieldErrors,
    /// A link just created: its URL, shown once.
    pub created: Option<&'a str>,
    /// Personal invitations just queued.
    pub sent: Option<usize>,
}

fn state_of(i: &Invitation, now: Timestamp) -> &'static str {
    if i.revoked_at.is_some() {
        "revoked"
    } else if i.use_count > 0 && i.max_uses == Some(1) {
        "accepted"
    } else if i.expires_at.is_some_and(|e| e <= now) {
        "expired"
    } else if i.max_uses.is_some_and(|m| i.use_count >= m) {
        "used up"
    } else if i.max_uses == Some(1) {
        "sent"
    } else {
        "active"
    }
}

pub fn manage(
    page: &Page,
    c: &Community,
    data: &ManagePage,
    f: &ManageForms<'_>,
    now: Timestamp,
) -> Markup {
    let base = format!("/c/{}/invitations", c.slug);
    layout(
        page,
        &format!("Invitations to {}", c.name),
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { "Invitations to " (c.name) }
            (error_summary(f.errors))
            @if let Some(url) = f.created {
                section.card.notice role="status" {
                    h2 { "Your new invitation link" }
                    p { "Copy it now: it is shown only once." }
                    p { input type="text" readonly value=(url) aria-label="Invitation link" size="70"; }
                }
            }
            @if let Some(n) = f.sent {
                section.card.notice role="status" { p { (n) " invitation(s) queued for sending." } }
            }
            section.card {
                h2 { "Create an invitation link" }
                p.muted { "Share it where you meet people (a social network, a newsletter, an event). Whoever signs up through it joins " (c.name) ", and the source label tells you later where they came from." }
                form method="post" action={ (base) "/links" } novalidate {
                    (csrf_field(&page.csrf))
                    (Field::new("source", "Source label").value(&f.link.source).required()
                        .hint("For example twitter, linkedin, newsletter-2026-12, event-paris: lowercase letters, digits, '-', '_' and '.'.").render(f.errors))
                    (Field::new("expires_in_days", "Expires after (days)").kind("number").value(&f.link.expires_in_days)
                        .hint("Leave empty for a link that does not expire.").render(f.errors))
                    (Field::new("max_uses", "Use limit").kind("number").value(&f.link.max_uses)
                        .hint("Leave empty for no limit.").render(f.errors))
                    button.button.primary type="submit" { "Create link" }
                }
            }
            section.card {
                h2 { "Mail personal invitations" }
                form method="post" action={ (base) "/personal" } novalidate {
                    (csrf_field(&page.csrf))
                    (Field::new("addresses", "Email addresses").kind("textarea").value(&f.personal.addresses).required()
                        .hint("One per line or separated by commas; at most 200 at a time. Each invitation works once.").render(f.errors))
                    (Field::new("note", "Your note").kind("textarea").value(&f.personal.note)
                        .hint("Included in the mail, up to 2,000 characters.").render(f.errors))
                    (Field::new("source", "Source label").value(&f.personal.source).required()
                        .hint("Where you met these people, for example event-paris.").render(f.errors))
                    button.button.primary type="submit" { "Send invitations" }
                }
            }
            section.card {
                h2 { "Links" }
                @if data.links.is_empty() { p.muted { "No links yet." } } @else {
                    table.table {
                        thead { tr { th { "Source" } th { "Created" } th { "Expires" } th { "Uses" } th { "State" } th { span.visually-hidden { "Actions" } } } }
                        tbody { @for i in &data.links { tr {
                            td { code { (i.source) } }
                            td { (i.created_at.date_string()) }
                            td { @match i.expires_at { Some(e) => (e.date_string()), None => "never" } }
                            td { (i.use_count) @if let Some(m) = i.max_uses { " of " (m) } }
                            td { (state_of(i, now)) }
                            td { @if i.revoked_at.is_none() {
                                form.inline method="post" action={ (base) "/" (i.id) "/revoke" } {
                                    (csrf_field(&page.csrf))
                                    button.link-button type="submit" { "Revoke" }
                                }
                            } }
                        } } }
                    }
                }
            }
            section.card {
                h2 { "Personal invitations" }
                @if data.personal.is_empty() { p.muted { "None sent yet." } } @else {
                    table.table {
                        thead { tr { th { "Address" } th { "Source" } th { "Sent" } th { "State" } } }
                        tbody { @for i in &data.personal { tr {
                            td { (i.email.as_deref().unwrap_or("")) }
                            td { code { (i.source) } }
                            td { (i.created_at.date_string()) }
                            td { (state_of(i, now)) }
                        } } }
                    }
                }
            }
            section.card {
                h2 { "By source" }
                (super::stats_views::table(&data.stats))
                p { a href={ (base) ".csv" } download { "Download as CSV" } }
            }
        },
    )
}

pub fn invite(page: &Page, data: &InvitePage, token: &str) -> Markup {
    let c = &data.community;
    layout(
        page,
        &format!("Join {}", c.name),
        html! {
            section.card.narrow {
                h1 { "You are invited to " (c.name) }
                @if !c.description.is_empty() { p.lead { (c.description) } }
                @match (&data.state, page.viewer.user().is_some()) {
                    (Err(refusal), _) => { p role="alert" { (refusal.message()) } }
                    (Ok(()), true) if data.already_member => {
                        p { "You are already a member." }
                        p { a.button.primary href={ "/c/" (c.slug) } { "Go to " (c.name) } }
                    }
                    (Ok(()), true) => {
                        form method="post" action={ "/invite/" (token) } {
                            (csrf_field(&page.csrf))
                            button.button.primary type="submit" { "Join " (c.name) }
                        }
                    }
                    (Ok(()), false) => {
                        p { a.button.primary href={ "/signup?invitation=" (token) } { "Create an account" } }
                        p { "Already have an account? "
                            a href={ "/login?next=/invite/" (token) } { "Sign in" } " and come back to this page to join." }
                    }
                }
            }
        },
    )
}

pub fn refused(page: &Page, refusal: Refusal) -> Markup {
    refused_text(page, refusal.message())
}

pub fn refused_text(page: &Page, message: &str) -> Markup {
    layout(
        page,
        "Invitation",
        html! {
            section.card.narrow {
                h1 { "This invitation cannot be used" }
                p role="alert" { (message) }
                p { a href="/" { "Go to the home page" } }
            }
        },
    )
}

fn what(c: &Confirm) -> &'static str {
    match c.action {
        OneClickAction::Helped if c.accepts => "Accept this answer to your question",
        OneClickAction::Helped => "Upvote this answer: it helped you",
        OneClickAction::VoteIdea => "Vote for this idea",
        OneClickAction::Follow => "Follow this topic: get mail about new replies",
    }
}

pub fn one_click_confirm(page: &Page, token: &str, c: &Confirm) -> Markup {
    layout(
        page,
        "Confirm",
        html! {
            section.card.narrow {
                h1 { (what(c)) }
                p { "Topic: " a href=(c.topic_path) { (c.topic_title) } }
                form method="post" action={ "/mail/action/" (token) } {
                    button.button.primary type="submit" { "Confirm" }
                }
                p.muted { "Nothing happens until you press the button. The link works once." }
            }
        },
    )
}

pub fn one_click_done(page: &Page, c: &Confirm) -> Markup {
    let done = match c.action {
        OneClickAction::Helped if c.accepts => "The answer is accepted. Thank you!",
        OneClickAction::Helped => "Your upvote is counted. Thank you!",
        OneClickAction::VoteIdea => "Your vote is counted.",
        OneClickAction::Follow => "You now follow this topic.",
    };
    layout(
        page,
        "Done",
        html! {
            section.card.narrow {
                h1 { (done) }
                p { a href=(c.topic_path) { "Open “" (c.topic_title) "”" } }
            }
        },
    )
}
