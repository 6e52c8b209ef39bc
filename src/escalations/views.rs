//! The topic's escalation banner and the escalate page (`/t/{id}/escalate`): pure maud
//! functions of their data and the guardian's answers.

use maud::{html, Markup};

use crate::db::models::communities::Community;
use crate::db::models::escalations::{Banner, Change};
use crate::db::models::teams::Team;
use crate::db::models::topics::Topic;
use crate::db::EscalationStatus;
use crate::error::FieldErrors;
use crate::views::components::{csrf_field, error_summary, Field};
use crate::views::{layout, Page};

/// "Escalated to the Billing team · In progress", the external reference, the public
/// resolution note once closed; the internal note only with `notes`. Shown to everyone
/// who sees the topic; part of the cached page (the topic's version moves on a change).
pub fn banner(topic: &Topic, banners: &[Banner], escalate: bool, notes: bool) -> Markup {
    html! {
        @for b in banners {
            @let e = &b.escalation;
            div.notice.escalation class=[(!e.is_open).then_some("closed")] role="status" {
                strong {
                    @match &b.team { Some((name, _)) => { "Escalated to the " (name) " team" }, None => { "Escalated to the product team" } }
                }
                " · " span.badge { (e.status.label()) }
                @if !e.external_id.is_empty() || !e.external_url.is_empty() {
                    " · Ticket "
                    @if e.external_url.is_empty() { code { (e.external_id) } }
                    @else { a href=(e.external_url) rel="noopener noreferrer" { (if e.external_id.is_empty() { e.external_url.as_str() } else { e.external_id.as_str() }) } }
                }
                @if let Some(o) = &b.owner { " · Owner: " (o.name_to_show()) }
                @if !e.is_open && !e.resolution_note.is_empty() {
                    p { strong { "Resolution: " } (e.resolution_note) }
                }
                @if notes && !e.internal_note.is_empty() {
                    p.muted { strong { "Internal note: " } (e.internal_note) }
                }
                @if notes { " " a href={ "/t/" (topic.id) "/escalate" } { "Update" } }
            }
        }
        @if escalate && banners.is_empty() {
            p { a.button.small href={ "/t/" (topic.id) "/escalate" } { "Escalate to a product team" } }
        }
    }
}

/// What the escalate form holds (kept on errors).
#[derive(Debug, Default, Clone)]
pub struct EscalateValues {
    pub team: String,
    pub external_id: String,
    pub external_url: String,
    pub internal_note: String,
}

/// One escalation on the escalate page, with its history and whether the viewer may
/// change it.
pub struct Existing {
    pub banner: Banner,
    pub history: Vec<(Change, String)>,
    pub may_update: bool,
}

/// `/t/{id}/escalate`: the topic's escalations (history, update form) and the form to
/// escalate it again.
#[allow(clippy::too_many_arguments)]
pub fn escalate_page(
    page: &Page,
    topic: &Topic,
    community: &Community,
    teams: &[Team],
    existing: &[Existing],
    may_escalate: bool,
    values: &EscalateValues,
    errors: &FieldErrors,
) -> Markup {
    layout(
        page,
        "Escalate",
        html! {
            p.crumbs { a href={ "/c/" (community.slug) } { (community.name) } " › " a href=(topic.path()) { (topic.title) } }
            h1 { "Escalation" }
            (error_summary(errors))
            @for x in existing { (existing_block(page, topic, x, errors)) }
            @if may_escalate {
                section.card {
                    h2 { (if existing.is_empty() { "Escalate this topic" } else { "Escalate again" }) }
                    p.muted { "Route the topic to the product team that can fix it, and/or record the ticket in your tracker. Everyone who can see the topic sees the status; the internal note stays with staff." }
                    form.stack method="post" action={ "/t/" (topic.id) "/escalate" } {
                        (csrf_field(&page.csrf))
                        label for="f-team" { "Team" }
                        select #f-team name="team" aria-describedby=[errors.get("team").map(|_| "team-error")] {
                            option value="" { "(no team: external reference only)" }
                            @for t in teams { option value=(t.slug) selected[values.team == t.slug] { (t.name) } }
                        }
                        @if let Some(e) = errors.get("team") { p.field-error id="team-error" { (e) } }
                        @if teams.is_empty() { p.muted { "No team covers " (community.name) " yet: an admin sets teams up at /admin/teams." } }
                        (Field::new("external_id", "Ticket id in your tracker").value(&values.external_id).render(errors))
                        (Field::new("external_url", "Ticket URL").kind("url").value(&values.external_url).hint("https://…").render(errors))
                        (Field::new("internal_note", "Internal note (staff only)").kind("textarea").value(&values.internal_note).render(errors))
                        div.form-actions { button.button.primary type="submit" { "Escalate" } }
                    }
                }
            }
        },
    )
}

fn existing_block(page: &Page, topic: &Topic, x: &Existing, errors: &FieldErrors) -> Markup {
    let e = &x.banner.escalation;
    html! {
        section.card id={ "escalation-" (e.id) } {
            h2 {
                @match &x.banner.team { Some((name, slug)) => { a href={ "/teams/" (slug) } { (name) } " team" }, None => { "External reference" } }
                " · " (e.status.label())
            }
            @if !e.external_id.is_empty() || !e.external_url.is_empty() {
                p { "Ticket: " (e.external_id) " " @if !e.external_url.is_empty() { a href=(e.external_url) rel="noopener noreferrer" { (e.external_url) } } }
            }
            @if !e.internal_note.is_empty() { p { strong { "Internal note: " } (e.internal_note) } }
            @if !e.resolution_note.is_empty() { p { strong { "Resolution note: " } (e.resolution_note) } }
            h3 { "History" }
            ol.history {
                @for (c, who) in &x.history {
                    li {
                        (c.created_at.date_string()) " · " (who) " · "
                        @match c.from_status { Some(f) if f != c.to_status => { (f.label()) " → " (c.to_status.label()) }, Some(_) => { "updated" }, None => { "opened" } }
                        @if !c.note.is_empty() { " — " (c.note) }
                    }
                }
            }
            @if x.may_update {
                form.stack method="post" action={ "/t/" (topic.id) "/escalations/" (e.id) } {
                    (csrf_field(&page.csrf))
                    label for={ "f-status-" (e.id) } { "Status" }
                    select id={ "f-status-" (e.id) } name="status" {
                        @for s in EscalationStatus::ALL { option value=(s.as_str()) selected[e.status == *s] { (s.label()) } }
                    }
                    @let owner = x.banner.owner.as_ref().map(|o| o.username.as_str()).unwrap_or("");
                    (Field::new("owner", "Owner (username)").value(owner).render(errors))
                    (Field::new("external_id", "Ticket id").value(&e.external_id).render(errors))
                    (Field::new("external_url", "Ticket URL").kind("url").value(&e.external_url).render(errors))
                    (Field::new("internal_note", "Internal note (staff only)").kind("textarea").value(&e.internal_note).render(errors))
                    (Field::new("resolution_note", "Resolution note (shown in the thread once resolved or declined)").kind("textarea").value(&e.resolution_note).render(errors))
                    (Field::new("note", "What changed (kept in the history)").render(errors))
                    div.form-actions { button.button.primary type="submit" { "Save" } }
                }
            }
        }
    }
}
