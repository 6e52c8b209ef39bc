//! `/admin/teams` (the teams and their form) and `/teams/{slug}` (a team's queue).

use maud::{html, Markup};

use crate::db::models::communities::Community;
use crate::db::models::teams::Team;
use crate::db::{EscalationStatus, WebhookId};
use crate::error::FieldErrors;
use crate::views::components::{csrf_field, empty_state, error_summary, Field};
use crate::views::{layout, Page};

use super::queue::QueuePage;
use super::teams::{TeamInput, TeamView};

pub fn admin_page(
    page: &Page,
    teams: &[TeamView],
    all: &[Community],
    editing: Option<&TeamView>,
    values: &TeamInput,
    errors: &FieldErrors,
) -> Markup {
    let action = match editing {
        Some(t) => format!("/admin/teams/{}", t.team.id),
        None => "/admin/teams".to_string(),
    };
    layout(
        page,
        "Product teams",
        html! {
            (crate::admin::views::admin_nav("/admin/teams"))
            h1 { "Product teams" }
            p.muted { "Employees and moderators escalate topics to the team that can fix them. A team covers some sub-communities; its members work its queue." }
            @if teams.is_empty() {
                (empty_state("No teams yet", html! { p { "Create the first team below: for example Billing, covering the sub-communities where billing questions are asked." } }))
            } @else {
                table.table {
                    thead { tr { th { "Team" } th { "Members" } th { "Covers" } th { "Notifications" } th { "" } } }
                    tbody {
                        @for t in teams {
                            tr {
                                td { a href={ "/teams/" (t.team.slug) } { (t.team.name) } }
                                td { (t.members.iter().map(|m| m.username.as_str()).collect::<Vec<_>>().join(", ")) }
                                td { (all.iter().filter(|c| t.communities.contains(&c.id)).map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")) }
                                td {
                                    @if !t.team.notify_email.is_empty() { (t.team.notify_email) br; }
                                    @if !t.team.webhook_url.is_empty() { code { (t.team.webhook_url) } }
                                }
                                td { a href={ "/admin/teams/" (t.team.id) } { "Edit" } }
                            }
                        }
                    }
                }
            }
            section.card {
                h2 { (if editing.is_some() { "Edit team" } else { "New team" }) }
                (error_summary(errors))
                form.stack method="post" action=(action) {
                    (csrf_field(&page.csrf))
                    (Field::new("name", "Name").value(&values.name).required().render(errors))
                    (Field::new("slug", "Address (/teams/…)").value(&values.slug).hint("Lowercase letters, digits and hyphens, e.g. billing.").required().render(errors))
                    (Field::new("members", "Members (usernames)").kind("textarea").value(&values.members).hint("Separated by commas or spaces.").render(errors))
                    fieldset {
                        legend { "Covers these sub-communities" }
                        @if let Some(e) = errors.get("communities") { p.field-error { (e) } }
                        @for c in all {
                            label.checkbox {
                                input type="checkbox" name="communities" value=(c.slug) checked[values.communities.contains(&c.slug)];
                                " " (c.name)
                            }
                        }
                    }
                    (Field::new("notify_email", "Notification address").kind("email").value(&values.notify_email).hint("Optional: a mail goes here for each new escalation.").render(errors))
                    (Field::new("webhook_url", "Webhook URL").kind("url").value(&values.webhook_url).hint("Optional: Parley sends this team's topic.escalated and escalation.updated events here, signed (Standard Webhooks); the signing secret is shown once after saving, and deliveries are logged at /admin/webhooks. Clear it to stop.").render(errors))
                    div.form-actions { button.button.primary type="submit" { (if editing.is_some() { "Save team" } else { "Create team" }) } }
                }
            }
        },
    )
}

/// After a team's webhook URL was first saved: its signing secret, shown once.
pub fn hook_secret(page: &Page, team: &Team, hook: &WebhookId, secret: &str) -> Markup {
    layout(
        page,
        "Team webhook",
        html! {
            h1 { "Webhook for " (team.name) }
            p { "Team saved. Parley now sends this team's escalation events to " code { (team.webhook_url) } ", signed with this secret." }
            p { "Copy the signing secret now: it is not shown again." }
            label for="webhook-secret" { "Signing secret" }
            input id="webhook-secret" type="text" readonly value=(secret);
            p {
                a.button href="/admin/teams" { "Back to teams" } " "
                a.button href={ "/admin/webhooks/" (hook) } { "Delivery log" }
            }
        },
    )
}

pub fn queue_page(page: &Page, q: &QueuePage) -> Markup {
    let status = q.status.map(|s| s.as_str()).unwrap_or("");
    let community = q.community.as_deref().unwrap_or("");
    let link = |p: i64| {
        format!(
            "/teams/{}?status={status}&c={community}&page={p}",
            q.team.slug
        )
    };
    layout(
        page,
        &format!("{} team queue", q.team.name),
        html! {
            h1 { (q.team.name) " team" }
            form.inline method="get" action={ "/teams/" (q.team.slug) } {
                label for="f-status" { "Status " }
                select #f-status name="status" {
                    option value="" { "Any" }
                    @for s in EscalationStatus::ALL { option value=(s.as_str()) selected[q.status == Some(*s)] { (s.label()) } }
                }
                " "
                label for="f-c" { "Sub-community " }
                select #f-c name="c" {
                    option value="" { "All" }
                    @for c in &q.communities { option value=(c.slug) selected[community == c.slug] { (c.name) } }
                }
                " " button.button.small type="submit" { "Filter" }
            }
            @if q.rows.is_empty() {
                (empty_state("Nothing in the queue", html! { p { "No escalation matches. Topics escalated to this team appear here, open ones first." } }))
            } @else {
                table.table.escalation-queue {
                    thead { tr { th { "Topic" } th { "Sub-community" } th { "Status" } th { "Owner" } th { "Ticket" } th { "Opened" } } }
                    tbody {
                        @for r in &q.rows {
                            tr {
                                td { a href=(r.topic.path()) { (r.topic.title) } " " a.small href={ "/t/" (r.topic.id) "/escalate" } { "(update)" } }
                                td { (r.community.name) }
                                td { (r.escalation.status.label()) }
                                td { (r.owner.as_ref().map(|o| o.name_to_show()).unwrap_or("—")) }
                                td { @if r.escalation.external_url.is_empty() { (r.escalation.external_id) } @else { a href=(r.escalation.external_url) rel="noopener noreferrer" { (if r.escalation.external_id.is_empty() { "link" } else { r.escalation.external_id.as_str() }) } } }
                                td { (r.escalation.created_at.date_string()) }
                            }
                        }
                    }
                }
            }
            p.pager {
                @if q.page > 0 { a.button href=(link(q.page - 1)) { "← Previous" } " " }
                @if q.more { a.button href=(link(q.page + 1)) { "Next →" } }
            }
        },
    )
}
