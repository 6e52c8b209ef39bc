//! `/admin/teams` (the teams and their form) and `/teams/{slug}` (a team's queue).

use maud::{html, Markup};

use crate::db::models::communities::Community;
use crate::db::models::teams::Team;
use crate::db::{EscalationStatus, WebhookId};
use crate::error::FieldErrors;
use crate::escalations::views::status_label;
use crate::i18n::format;
use crate::t;
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
    let errors = &errors.in_lang(page.lang);
    let action = match editing {
        Some(t) => format!("/admin/teams/{}", t.team.id),
        None => "/admin/teams".to_string(),
    };
    let lang = page.lang;
    layout(
        page,
        &page.t("escalations-teams-title"),
        html! {
            (crate::admin::views::admin_tabs(lang, "/admin/teams"))
            h1 { (page.t("escalations-teams-title")) }
            p.muted { (page.t("escalations-teams-help")) }
            @if teams.is_empty() {
                (empty_state(&page.t("escalations-teams-empty-title"), html! { p { (page.t("escalations-teams-empty-body")) } }))
            } @else {
                table.table {
                    thead { tr { th { (lang.t("escalations-col-team")) } th { (lang.t("escalations-col-members")) } th { (lang.t("escalations-col-covers")) } th { (lang.t("escalations-col-notifications")) } th { span.visually-hidden { (lang.t("escalations-col-actions")) } } } }
                    tbody {
                        @for t in teams {
                            tr {
                                td data-content { a href={ "/teams/" (t.team.slug) } { (t.team.name) } }
                                td data-content { (t.members.iter().map(|m| m.username.as_str()).collect::<Vec<_>>().join(", ")) }
                                td data-content { (all.iter().filter(|c| t.communities.contains(&c.id)).map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")) }
                                td {
                                    @if !t.team.notify_email.is_empty() { span data-content { (t.team.notify_email) } br; }
                                    @if !t.team.webhook_url.is_empty() { code { (t.team.webhook_url) } }
                                }
                                td { a href={ "/admin/teams/" (t.team.id) } { (lang.t("escalations-edit")) } }
                            }
                        }
                    }
                }
            }
            section.card {
                h2 { (lang.t(if editing.is_some() { "escalations-edit-team" } else { "escalations-new-team" })) }
                (error_summary(errors))
                form.stack method="post" action=(action) {
                    (csrf_field(&page.csrf))
                    (Field::new("name", &lang.t("escalations-field-name")).value(&values.name).required().render(errors))
                    (Field::new("slug", &lang.t("escalations-field-slug")).value(&values.slug).hint(&lang.t("escalations-field-slug-hint")).required().render(errors))
                    (Field::new("members", &lang.t("escalations-field-members")).kind("textarea").value(&values.members).hint(&lang.t("escalations-field-members-hint")).render(errors))
                    fieldset {
                        legend { (lang.t("escalations-field-covers")) }
                        @if let Some(e) = errors.get("communities") { p.field-error { (e) } }
                        @for c in all {
                            label.checkbox {
                                input type="checkbox" name="communities" value=(c.slug) checked[values.communities.contains(&c.slug)];
                                " " span data-content { (c.name) }
                            }
                        }
                    }
                    (Field::new("notify_email", &lang.t("escalations-field-notify")).kind("email").value(&values.notify_email).hint(&lang.t("escalations-field-notify-hint")).render(errors))
                    (Field::new("webhook_url", &lang.t("escalations-field-webhook")).kind("url").value(&values.webhook_url).hint(&lang.t("escalations-field-webhook-hint")).render(errors))
                    div.form-actions { button.button.primary type="submit" { (lang.t(if editing.is_some() { "escalations-save-team" } else { "escalations-create-team" })) } }
                }
                @if let Some(t) = editing {
                    form.stack method="post" action={ "/admin/teams/" (t.team.id) "/delete" } {
                        (csrf_field(&page.csrf))
                        p.muted { (lang.t("escalations-delete-team-help")) }
                        div.form-actions { button.button.danger type="submit" { (lang.t("escalations-delete-team")) } }
                    }
                }
            }
        },
    )
}

/// After a team's webhook URL was first saved: its signing secret, shown once.
pub fn hook_secret(page: &Page, team: &Team, hook: &WebhookId, secret: &str) -> Markup {
    let lang = page.lang;
    layout(
        page,
        &page.t("escalations-hook-title"),
        html! {
            h1 { (t!(lang, "escalations-hook-heading", team = team.name.as_str())) }
            p { (t!(lang, "escalations-hook-saved", url = team.webhook_url.as_str())) }
            p { (page.t("escalations-hook-copy")) }
            label for="webhook-secret" { (page.t("escalations-hook-secret")) }
            input id="webhook-secret" type="text" readonly value=(secret);
            p {
                a.button href="/admin/teams" { (page.t("escalations-hook-back")) } " "
                a.button href={ "/admin/webhooks/" (hook) } { (page.t("escalations-hook-log")) }
            }
        },
    )
}

pub fn queue_page(page: &Page, q: &QueuePage) -> Markup {
    let status = q.status.map(|s| s.as_str()).unwrap_or("");
    let community = q.community.as_deref().unwrap_or("");
    let link = |after: &str| {
        format!(
            "/teams/{}?status={status}&c={community}&after={after}",
            q.team.slug
        )
    };
    let lang = page.lang;
    layout(
        page,
        &t!(lang, "escalations-queue-title", team = q.team.name.as_str()),
        html! {
            h1 { (t!(lang, "escalations-queue-heading", team = q.team.name.as_str())) }
            form.inline method="get" action={ "/teams/" (q.team.slug) } {
                label for="f-status" { (lang.t("escalations-filter-status")) " " }
                select #f-status name="status" {
                    option value="" { (lang.t("escalations-filter-any")) }
                    @for s in EscalationStatus::ALL { option value=(s.as_str()) selected[q.status == Some(*s)] { (status_label(lang, *s)) } }
                }
                " "
                label for="f-c" { (lang.t("escalations-filter-community")) " " }
                select #f-c name="c" {
                    option value="" { (lang.t("escalations-filter-all")) }
                    @for c in &q.communities { option value=(c.slug) selected[community == c.slug] { (c.name) } }
                }
                " " button.button.small type="submit" { (lang.t("escalations-filter")) }
            }
            @if q.rows.is_empty() {
                (empty_state(&lang.t("escalations-queue-empty-title"), html! { p { (lang.t("escalations-queue-empty-body")) } }))
            } @else {
                table.table.escalation-queue {
                    thead { tr {
                        th { (lang.t("escalations-col-topic")) } th { (lang.t("escalations-col-community")) } th { (lang.t("escalations-col-status")) }
                        th { (lang.t("escalations-col-owner")) } th { (lang.t("escalations-col-ticket")) } th { (lang.t("escalations-col-opened")) }
                    } }
                    tbody {
                        @for r in &q.rows {
                            tr {
                                td { a href=(r.topic.path()) { (r.topic.title) } " " a.small href={ "/t/" (r.topic.id) "/escalate" } { (lang.t("escalations-queue-update")) } }
                                td data-content { (r.community.name) }
                                td { (status_label(lang, r.escalation.status)) }
                                td data-content { (r.owner.as_ref().map(|o| o.name_to_show()).unwrap_or("—")) }
                                td data-content { @if r.escalation.external_url.is_empty() { (r.escalation.external_id) } @else { a href=(r.escalation.external_url) rel="noopener noreferrer" { (if r.escalation.external_id.is_empty() { lang.t("escalations-ticket-link") } else { r.escalation.external_id.clone() }) } } }
                                td { time datetime=(r.escalation.created_at.rfc3339()) { (format::date(lang, r.escalation.created_at)) } }
                            }
                        }
                    }
                }
            }
            p.pager {
                @if q.later { a.button href=(link("")) { (lang.t("escalations-first")) } " " }
                @if let Some(next) = &q.next { a.button href=(link(&next.encode())) { (lang.t("escalations-next")) } }
            }
        },
    )
}
