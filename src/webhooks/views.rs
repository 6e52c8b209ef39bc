//! The admin pages of webhooks: the list (with an empty state), the new-subscription
//! form, the page that shows a new secret once, and a subscription's delivery log.

use maud::{html, Markup};

use crate::db::models::communities::Community;
use crate::db::models::webhooks::{Attempt, Delivery, EventRow};
use crate::db::{DeliveryStatus, WebhookEvent, WebhookId};
use crate::error::FieldErrors;
use crate::i18n::{format, Lang};
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

fn status_badge(lang: Lang, enabled: bool) -> Markup {
    html! {
        @if enabled { span.badge.status-sent { (lang.t("webhooks-enabled")) } } @else { span.badge.status-failed { (lang.t("webhooks-disabled")) } }
    }
}

fn delivery_status(lang: Lang, s: DeliveryStatus) -> String {
    lang.t(match s {
        DeliveryStatus::Pending => "webhooks-status-pending",
        DeliveryStatus::Delivered => "webhooks-status-delivered",
        DeliveryStatus::Failed => "webhooks-status-failed",
        DeliveryStatus::Skipped => "webhooks-status-skipped",
    })
}

pub fn list(page: &Page, subs: &[SubscriptionView]) -> Markup {
    let lang = page.lang;
    let title = page.t("webhooks-title");
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            p.muted { (page.t("webhooks-intro")) }
            p { a.button href="/admin/webhooks/new" { (page.t("webhooks-new")) } }
            @if subs.is_empty() {
                (empty_state(&page.t("webhooks-empty"), html! {
                    p { (page.t("webhooks-empty-hint")) }
                }))
            } @else {
                table.table {
                    thead { tr {
                        th { (page.t("webhooks-col-url")) } th { (page.t("webhooks-col-events")) }
                        th { (page.t("webhooks-col-community")) } th { (page.t("webhooks-col-state")) }
                    } }
                    tbody {
                        @for v in subs {
                            tr {
                                td { a href={ "/admin/webhooks/" (v.sub.id) } { code { (v.sub.url) } } }
                                td { code { (v.events().join(", ")) } }
                                td {
                                    @if v.sub.team_id.is_some() { a href="/admin/teams" { (page.t("webhooks-team")) } }
                                    @else if let Some(c) = &v.community { span data-content { (c.name) } }
                                    @else { (page.t("webhooks-all")) }
                                }
                                td { (status_badge(lang, v.sub.enabled)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The subscription form: a new one (`editing` is `None`), or an existing one's URL,
/// events and sub-community.
pub fn form(
    page: &Page,
    communities: &[Community],
    values: &FormValues,
    errors: &FieldErrors,
    editing: Option<&WebhookId>,
) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let (title, action, submit) = match editing {
        None => (
            page.t("webhooks-new-title"),
            "/admin/webhooks".to_string(),
            page.t("webhooks-create"),
        ),
        Some(id) => (
            page.t("webhooks-edit-title"),
            format!("/admin/webhooks/{id}/edit"),
            page.t("webhooks-save"),
        ),
    };
    layout(
        page,
        &title,
        html! {
            @if let Some(id) = editing {
                p { a href={ "/admin/webhooks/" (id) } { (page.t("webhooks-back-to-one")) } }
            }
            h1 { (title) }
            (error_summary(errors))
            form.stack method="post" action=(action) {
                (csrf_field(&page.csrf))
                (Field::new("url", &page.t("webhooks-url")).kind("url").value(&values.url)
                    .hint(&page.t("webhooks-url-hint")).required().render(errors))
                fieldset {
                    legend { (page.t("webhooks-events")) }
                    @if let Some(e) = errors.get("events") { p.field-error id="events-error" { (e) } }
                    @for event in WebhookEvent::ALL {
                        label.checkbox {
                            input type="checkbox" name="events" value=(event.as_str())
                                checked[values.events.iter().any(|e| e == event.as_str())];
                            " " code { (event.as_str()) }
                        }
                    }
                }
                label for="community" { (page.t("webhooks-community")) }
                select id="community" name="community" {
                    option value="" { (page.t("webhooks-all-communities")) }
                    @for c in communities {
                        option value=(c.slug) selected[values.community == c.slug] { (c.name) }
                    }
                }
                @if let Some(e) = errors.get("community") { p.field-error { (e) } }
                button type="submit" { (submit) }
            }
        },
    )
}

/// The secret, once: after creating a subscription or rotating its secret.
pub fn secret_shown(page: &Page, view: &SubscriptionView, secret: &str, rotated: bool) -> Markup {
    layout(
        page,
        &page.t("webhooks-secret-title"),
        html! {
            h1 { (page.t(if rotated { "webhooks-secret-rotated" } else { "webhooks-created" })) }
            p { (page.t("webhooks-secret-once")) }
            @if rotated { p.muted { (page.t("webhooks-secret-previous")) } }
            label for="webhook-secret" { (page.t("webhooks-secret")) }
            input id="webhook-secret" type="text" readonly value=(secret);
            p { a.button href={ "/admin/webhooks/" (view.sub.id) } { (page.t("webhooks-continue")) } }
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
    let lang = page.lang;
    html! {
        tr {
            td { time datetime=(d.created_at.rfc3339()) { (format::date_time(lang, d.created_at)) } }
            td { code { (e.event_type) } }
            td { span class={ "badge status-" (d.status.as_str()) } { (delivery_status(lang, d.status)) } }
            td { (format::number(lang, i64::from(d.attempts))) }
            td { (d.last_status.map(|s| s.to_string()).unwrap_or_default()) }
            td.error-text data-content { (d.last_error.as_deref().unwrap_or("")) }
            td {
                details {
                    summary { (page.t("webhooks-request")) }
                    @for a in attempts {
                        div.attempt {
                            p { time datetime=(a.started_at.rfc3339()) { (crate::t!(lang, "webhooks-attempt",
                                n = a.attempt,
                                time = format::date_time(lang, a.started_at),
                                ms = a.duration_ms,
                                status = a.response_status.map(|s| s.to_string()).unwrap_or_else(|| page.t("webhooks-no-answer")))) } }
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
                        button.link-button type="submit" { (page.t("webhooks-redeliver")) }
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
    let lang = page.lang;
    layout(
        page,
        &page.t("webhooks-detail-title"),
        html! {
            p { a href="/admin/webhooks" { (page.t("webhooks-back")) } }
            h1 { code { (s.url) } }
            p { (status_badge(lang, s.enabled)) @if let Some(r) = &s.disabled_reason { " " span.muted { (r) } } }
            dl {
                dt { (page.t("webhooks-events")) } dd { (view.events().join(", ")) }
                dt { (page.t("webhooks-community")) } dd {
                    @if let Some(c) = &view.community { (c.name) } @else { (page.t("webhooks-all")) }
                }
                dt { (page.t("webhooks-created-at")) } dd { time datetime=(s.created_at.rfc3339()) { (format::date_time(lang, s.created_at)) } }
            }
            @if s.team_id.is_some() {
                p.muted { (page.t("webhooks-team-managed")) " " a href="/admin/teams" { (page.t("webhooks-team-page")) } }
            }
            div.actions {
                @if s.team_id.is_none() {
                    a.button href={ "/admin/webhooks/" (id) "/edit" } { (page.t("webhooks-edit")) }
                }
                form.inline method="post" action={ "/admin/webhooks/" (id) (if s.enabled { "/disable" } else { "/enable" }) } {
                    (csrf_field(&page.csrf))
                    button type="submit" { (page.t(if s.enabled { "webhooks-disable" } else { "webhooks-enable" })) }
                }
                form.inline method="post" action={ "/admin/webhooks/" (id) "/rotate" } {
                    (csrf_field(&page.csrf))
                    button type="submit" { (page.t("webhooks-rotate")) }
                }
                @if s.team_id.is_none() {
                    form.inline method="post" action={ "/admin/webhooks/" (id) "/delete" } {
                        (csrf_field(&page.csrf))
                        button.danger type="submit" { (page.t("webhooks-delete")) }
                    }
                }
            }
            h2 { (page.t("webhooks-deliveries")) }
            @if log.is_empty() {
                (empty_state(&page.t("webhooks-deliveries-empty"), html! { p { (page.t("webhooks-deliveries-empty-hint")) } }))
            } @else {
                table.table {
                    thead { tr {
                        th { (page.t("webhooks-col-time")) } th { (page.t("webhooks-col-event")) } th { (page.t("webhooks-col-status")) }
                        th { (page.t("webhooks-col-attempts")) } th { (page.t("webhooks-col-response")) } th { (page.t("webhooks-col-error")) } th {}
                    } }
                    tbody { @for (d, e, a) in log { (delivery_row(page, id, d, e, a)) } }
                }
            }
        },
    )
}
