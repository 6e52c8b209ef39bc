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
use crate::i18n::{format, Lang};
use crate::t;
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

fn state_of(lang: Lang, i: &Invitation, now: Timestamp) -> String {
    lang.t(if i.revoked_at.is_some() {
        "invitations-state-revoked"
    } else if i.use_count > 0 && i.max_uses == Some(1) {
        "invitations-state-accepted"
    } else if i.expires_at.is_some_and(|e| e <= now) {
        "invitations-state-expired"
    } else if i.max_uses.is_some_and(|m| i.use_count >= m) {
        "invitations-state-used-up"
    } else if i.max_uses == Some(1) {
        "invitations-state-sent"
    } else {
        "invitations-state-active"
    })
}

fn day(lang: Lang, at: Timestamp) -> maud::Markup {
    html! { time datetime=(at.rfc3339()) { (format::date(lang, at)) } }
}

pub fn manage(
    page: &Page,
    c: &Community,
    data: &ManagePage,
    f: &ManageForms<'_>,
    now: Timestamp,
) -> Markup {
    let base = format!("/c/{}/invitations", c.slug);
    let lang = page.lang;
    let title = t!(lang, "invitations-title", community = c.name.as_str());
    layout(
        page,
        &title,
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { (title) }
            (error_summary(f.errors))
            @if let Some(url) = f.created {
                section.card.notice role="status" {
                    h2 { (lang.t("invitations-new-link")) }
                    p { (lang.t("invitations-new-link-once")) }
                    p { input type="text" readonly value=(url) aria-label=(lang.t("invitations-link-label")) size="70"; }
                }
            }
            @if let Some(n) = f.sent {
                section.card.notice role="status" { p { (t!(lang, "invitations-queued", count = n as i64)) } }
            }
            section.card {
                h2 { (lang.t("invitations-create-heading")) }
                p.muted { (t!(lang, "invitations-create-help", community = c.name.as_str())) }
                form method="post" action={ (base) "/links" } novalidate {
                    (csrf_field(&page.csrf))
                    (Field::new("source", &lang.t("invitations-source")).value(&f.link.source).required()
                        .hint(&lang.t("invitations-source-hint")).render(f.errors))
                    (Field::new("expires_in_days", &lang.t("invitations-expires")).kind("number").value(&f.link.expires_in_days)
                        .hint(&lang.t("invitations-expires-hint")).render(f.errors))
                    (Field::new("max_uses", &lang.t("invitations-max-uses")).kind("number").value(&f.link.max_uses)
                        .hint(&lang.t("invitations-max-uses-hint")).render(f.errors))
                    button.button.primary type="submit" { (lang.t("invitations-create-link")) }
                }
            }
            section.card {
                h2 { (lang.t("invitations-personal-heading")) }
                form method="post" action={ (base) "/personal" } novalidate {
                    (csrf_field(&page.csrf))
                    (Field::new("addresses", &lang.t("invitations-addresses")).kind("textarea").value(&f.personal.addresses).required()
                        .hint(&lang.t("invitations-addresses-hint")).render(f.errors))
                    (Field::new("note", &lang.t("invitations-note")).kind("textarea").value(&f.personal.note)
                        .hint(&lang.t("invitations-note-hint")).render(f.errors))
                    (Field::new("source", &lang.t("invitations-source")).value(&f.personal.source).required()
                        .hint(&lang.t("invitations-personal-source-hint")).render(f.errors))
                    button.button.primary type="submit" { (lang.t("invitations-send")) }
                }
            }
            section.card {
                h2 { (lang.t("invitations-links")) }
                @if data.links.is_empty() { p.muted { (lang.t("invitations-no-links")) } } @else {
                    table.table {
                        thead { tr {
                            th { (lang.t("invitations-col-source")) } th { (lang.t("invitations-col-created")) } th { (lang.t("invitations-col-expires")) }
                            th { (lang.t("invitations-col-uses")) } th { (lang.t("invitations-col-state")) } th { span.visually-hidden { (lang.t("invitations-col-actions")) } }
                        } }
                        tbody { @for i in &data.links { tr {
                            td { code { (i.source) } }
                            td { (day(lang, i.created_at)) }
                            td { @match i.expires_at { Some(e) => (day(lang, e)), None => (lang.t("invitations-never")) } }
                            td { @match i.max_uses {
                                Some(m) => (t!(lang, "invitations-uses-of", used = i.use_count, max = m)),
                                None => (format::number(lang, i64::from(i.use_count))),
                            } }
                            td { (state_of(lang, i, now)) }
                            td { @if i.revoked_at.is_none() {
                                form.inline method="post" action={ (base) "/" (i.id) "/revoke" } {
                                    (csrf_field(&page.csrf))
                                    button.link-button type="submit" { (lang.t("invitations-revoke")) }
                                }
                            } }
                        } } }
                    }
                }
            }
            section.card {
                h2 { (lang.t("invitations-personal")) }
                @if data.personal.is_empty() { p.muted { (lang.t("invitations-none-sent")) } } @else {
                    table.table {
                        thead { tr {
                            th { (lang.t("invitations-col-address")) } th { (lang.t("invitations-col-source")) }
                            th { (lang.t("invitations-col-sent")) } th { (lang.t("invitations-col-state")) }
                        } }
                        tbody { @for i in &data.personal { tr {
                            td data-content { (i.email.as_deref().unwrap_or("")) }
                            td { code { (i.source) } }
                            td { (day(lang, i.created_at)) }
                            td { (state_of(lang, i, now)) }
                        } } }
                    }
                }
            }
            section.card {
                h2 { (lang.t("invitations-by-source")) }
                (super::stats_views::table(lang, &data.stats))
                p { a href={ (base) ".csv" } download { (lang.t("invitations-download-csv")) } }
            }
        },
    )
}

pub fn invite(page: &Page, data: &InvitePage, token: &str) -> Markup {
    let c = &data.community;
    let lang = page.lang;
    let name = c.name.as_str();
    layout(
        page,
        &t!(lang, "invitations-join-title", community = name),
        html! {
            section.card.narrow {
                h1 { (t!(lang, "invitations-invited", community = name)) }
                @if !c.description.is_empty() { p.lead { (c.description) } }
                @match (&data.state, page.viewer.user().is_some()) {
                    (Err(refusal), _) => { p role="alert" { (refusal.message(lang)) } }
                    (Ok(()), true) if data.already_member => {
                        p { (lang.t("invitations-already-member")) }
                        p { a.button.primary href={ "/c/" (c.slug) } { (t!(lang, "invitations-go-to", community = name)) } }
                    }
                    (Ok(()), true) => {
                        form method="post" action={ "/invite/" (token) } {
                            (csrf_field(&page.csrf))
                            button.button.primary type="submit" { (t!(lang, "invitations-join", community = name)) }
                        }
                    }
                    (Ok(()), false) => {
                        p { a.button.primary href={ "/signup?invitation=" (token) } { (lang.t("invitations-create-account")) } }
                        p { (lang.t("invitations-have-account")) " "
                            a href={ "/login?next=/invite/" (token) } { (lang.t("invitations-sign-in")) } " " (lang.t("invitations-come-back")) }
                    }
                }
            }
        },
    )
}

pub fn refused(page: &Page, refusal: Refusal) -> Markup {
    refused_text(page, &refusal.message(page.lang))
}

pub fn refused_text(page: &Page, message: &str) -> Markup {
    layout(
        page,
        &page.t("invitations-refused-title"),
        html! {
            section.card.narrow {
                h1 { (page.t("invitations-refused-heading")) }
                p role="alert" { (message) }
                p { a href="/" { (page.t("invitations-home")) } }
            }
        },
    )
}

fn what(c: &Confirm) -> &'static str {
    match c.action {
        OneClickAction::Helped if c.accepts => "invitations-oc-accept",
        OneClickAction::Helped => "invitations-oc-upvote",
        OneClickAction::VoteIdea => "invitations-oc-vote-idea",
        OneClickAction::Follow => "invitations-oc-follow",
    }
}

pub fn one_click_confirm(page: &Page, token: &str, c: &Confirm) -> Markup {
    layout(
        page,
        &page.t("invitations-oc-confirm-title"),
        html! {
            section.card.narrow {
                h1 { (page.t(what(c))) }
                p { (page.t("invitations-oc-topic")) " " a href=(c.topic_path) { (c.topic_title) } }
                form method="post" action={ "/mail/action/" (token) } {
                    button.button.primary type="submit" { (page.t("invitations-oc-confirm")) }
                }
                p.muted { (page.t("invitations-oc-nothing-yet")) }
            }
        },
    )
}

pub fn one_click_done(page: &Page, c: &Confirm) -> Markup {
    let done = match c.action {
        OneClickAction::Helped if c.accepts => "invitations-oc-accepted",
        OneClickAction::Helped => "invitations-oc-upvoted",
        OneClickAction::VoteIdea => "invitations-oc-voted",
        OneClickAction::Follow => "invitations-oc-followed",
    };
    layout(
        page,
        &page.t("invitations-oc-done-title"),
        html! {
            section.card.narrow {
                h1 { (page.t(done)) }
                p { a href=(c.topic_path) { (t!(page.lang, "invitations-oc-open", title = c.topic_title.as_str())) } }
            }
        },
    )
}
