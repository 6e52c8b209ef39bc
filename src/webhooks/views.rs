//! The admin pages of webhooks: the list (with an empty state), the new-subscription
//! form, the page that shows a new secret once, and a subscription's delivery log.

use maud::{html, Markup};

use crate::db::models::communities::Community;
use crate::db::models::webhooks::{Attempt, Delivery, EventRow};
use crate::db::{DeliveryStatus, WebhookEvent};
use crate::error::FieldErrors;
use crate::views::components::{csrf_field, empty_state, error_summary, Field};
use crate::views::{layout, Page};
use crate::webhooks::service::SubscriptionView;

/// What the new-subscription form holds (kept on errors).
#[derive(Default)]
pub struct FormValues {
    pub url: String,
    pub events: Vec<String>,
    pub community: String,
}

fn status_badge(enabled: bool) -> Markup {
    html! {
        @if enabled { span.badge.status-sent { "enabled" } } @else { span.badge.status-failed { "disabled" } }
    }
}

pub fn list(page: &Page, subs: &[SubscriptionView]) -> Markup {
    layout(
        page,
        "Webhooks",
        html! {
            h1 { "Webhooks" }
            p.muted { "Parley POSTs signed events (Standard Webhooks) to your systems: a CRM, a support desk, a chat channel." }
            p { a.button href="/admin/webhooks/new" { "New subscription" } }
            @if subs.is_empty() {
                (empty_state("No webhooks yet", html! {
                    p { "Subscribe a URL to events such as new questions or accepted answers; each request is signed so the receiver can check it came from here." }
                }))
            } @else {
                table.table {
                    thead { tr { th { "URL" } th { "Events" } th { "Sub-community" } th { "State" } } }
                    tbody {
                        @for v in subs {
                            tr {
                                td { a href={ "/admin/webhooks/" (v.sub.id) } { code { (v.sub.url) } } }
                                td { (v.events().join(", ")) }
                                td {
                                    @if v.sub.team_id.is_some() { a href="/admin/teams" { "One product team's escalations" } }
                                    @else { (v.community.as_ref().map(|c| c.name.as_str()).unwrap_or("All")) }
                                }
                                td { (status_badge(v.sub.enabled)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn new_form(
    page: &Page,
    communities: &[Community],
    values: &FormValues,
    errors: &FieldErrors,
) -> Markup {
    layout(
        page,
        "New webhook",
        html! {
            h1 { "New webhook" }
            (error_summary(errors))
            form.stack method="post" action="/admin/webhooks" {
                (csrf_field(&page.csrf))
                (Field::new("url", "Receiver URL").kind("url").value(&values.url)
                    .hint("https://… Intranet addresses only if the operator allowlisted the host.").required().render(errors))
                fieldset {
                    legend { "Events" }
                    @if let Some(e) = errors.get("events") { p.field-error id="events-error" { (e) } }
                    @for event in WebhookEvent::ALL {
                        label.checkbox {
                            input type="checkbox" name="events" value=(event.as_str())
                                checked[values.events.iter().any(|e| e == event.as_str())];
                            " " code { (event.as_str()) }
                        }
                    }
                }
                label for="community" { "Sub-community" }
                select id="community" name="community" {
                    option value="" { "All sub-communities" }
                    @for c in communities {
                        option value=(c.slug) selected[values.community == c.slug] { (c.name) }
                    }
                }
                @if let Some(e) = errors.get("community") { p.field-error { (e) } }
                button type="submit" { "Create subscription" }
            }
        },
    )
}

/// The secret, once: after creating a subscription or rotating its secret.
pub fn secret_shown(page: &Page, view: &SubscriptionView, secret: &str, rotated: bool) -> Markup {
    layout(
        page,
        "Webhook secret",
        html! {
            h1 { @if rotated { "New signing secret" } @else { "Webhook created" } }
            p { "Copy the signing secret now: it is not shown again." }
            @if rotated { p.muted { "The previous secret stays valid for 24 hours: requests carry a signature with each until then." } }
            label for="webhook-secret" { "Signing secret" }
            input id="webhook-secret" type="text" readonly value=(secret);
            p { a.button href={ "/admin/webhooks/" (view.sub.id) } { "Continue" } }
        },
    )
}

fn delivery_row(
    page: &Page,
    sub: &str,
    d: &Delivery,
    e: &EventRow,
    attempts: &[Attempt],
) -> Markup {
    html! {
        tr {
            td { time datetime=(d.created_at.rfc3339()) { (d.created_at.rfc3339()) } }
            td { code { (e.event_type) } }
            td { span class={ "badge status-" (d.status.as_str()) } { (d.status.as_str()) } }
            td { (d.attempts) }
            td { (d.last_status.map(|s| s.to_string()).unwrap_or_default()) }
            td.error-text { (d.last_error.as_deref().unwrap_or("")) }
            td {
                details {
                    summary { "Request" }
                    @for a in attempts {
                        div.attempt {
                            p { "Attempt " (a.attempt) " at " time datetime=(a.started_at.rfc3339()) { (a.started_at.rfc3339()) }
                                " · " (a.duration_ms) " ms · "
                                (a.response_status.map(|s| s.to_string()).unwrap_or_else(|| "no answer".into())) }
                            pre { (a.request_headers) "\n\n" (a.request_body) }
                            @if let Some(err) = &a.error { p.error-text { (err) } }
                            @if !a.response_body.is_empty() { pre { (a.response_body) } }
                        }
                    }
                    @if attempts.is_empty() { pre { (e.payload) } }
                }
                @if d.status != DeliveryStatus::Pending {
                    form.inline method="post" action={ "/admin/webhooks/" (sub) "/deliveries/" (d.id) "/redeliver" } {
                        (csrf_field(&page.csrf))
                        button.link-button type="submit" { "Redeliver" }
                    }
                }
            }
        }
    }
}

pub fn detail(
    page: &Page,
    view: &SubscriptionView,
    log: &[(Delivery, EventRow, Vec<Attempt>)],
) -> Markup {
    let s = &view.sub;
    let id = s.id.as_str();
    layout(
        page,
        "Webhook",
        html! {
            p { a href="/admin/webhooks" { "← Webhooks" } }
            h1 { code { (s.url) } }
            p { (status_badge(s.enabled)) @if let Some(r) = &s.disabled_reason { " " span.muted { (r) } } }
            dl {
                dt { "Events" } dd { (view.events().join(", ")) }
                dt { "Sub-community" } dd { (view.community.as_ref().map(|c| c.name.as_str()).unwrap_or("All")) }
                dt { "Created" } dd { (s.created_at.rfc3339()) }
            }
            div.actions {
                form.inline method="post" action={ "/admin/webhooks/" (id) (if s.enabled { "/disable" } else { "/enable" }) } {
                    (csrf_field(&page.csrf))
                    button type="submit" { @if s.enabled { "Disable" } @else { "Enable" } }
                }
                form.inline method="post" action={ "/admin/webhooks/" (id) "/rotate" } {
                    (csrf_field(&page.csrf))
                    button type="submit" { "Rotate secret" }
                }
                form.inline method="post" action={ "/admin/webhooks/" (id) "/delete" } {
                    (csrf_field(&page.csrf))
                    button.danger type="submit" { "Delete" }
                }
            }
            h2 { "Deliveries" }
            @if log.is_empty() {
                (empty_state("No deliveries yet", html! { p { "Events this subscription listens to will be listed here with each attempt." } }))
            } @else {
                table.table {
                    thead { tr { th { "Time" } th { "Event" } th { "Status" } th { "Attempts" } th { "Response" } th { "Error" } th {} } }
                    tbody { @for (d, e, a) in log { (delivery_row(page, id, d, e, a)) } }
                }
            }
        },
    )
}
