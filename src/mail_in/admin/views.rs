//! The views of `/admin/inbound`: pure functions of the rows they are given. Everything
//! received is shown escaped (maud escapes all text; nothing here is `PreEscaped`).

use maud::{html, Markup};

use crate::admin::views::admin_tabs;
use crate::db::models::inbound_mail::{InboundMail, InboundSummary};
use crate::db::models::mail_bounces::BouncingMember;
use crate::db::InboundStatus;
use crate::i18n::{format, Lang};
use crate::t;
use crate::views::components::{csrf_field, empty_state};
use crate::views::{layout, Page};

/// Most of a message shown on its page; the rest is cut (it stays stored).
const DETAIL_MAX_CHARS: usize = 100_000;

pub fn list(
    page: &Page,
    rows: &[InboundSummary],
    filter: Option<InboundStatus>,
    next: Option<&str>,
    bouncing: &[BouncingMember],
) -> Markup {
    let lang = page.lang;
    layout(
        page,
        &page.t("inbound-title"),
        html! {
            h1 { (page.t("inbound-title")) }
            (admin_tabs(lang, "/admin/inbound"))
            p.muted { (page.t("inbound-help")) }
            nav.filters aria-label=(page.t("inbound-filter-label")) {
                a href="/admin/inbound" aria-current=[filter.is_none().then_some("page")] { (page.t("inbound-filter-all")) }
                @for s in InboundStatus::ALL {
                    a href={ "/admin/inbound?status=" (s.as_str()) } aria-current=[(filter == Some(*s)).then_some("page")] { (filter_label(lang, *s)) }
                }
            }
            @if rows.is_empty() {
                (empty_state(&page.t("inbound-empty-title"), html! { p { (page.t("inbound-empty-body")) } }))
            } @else {
                table.table.inbound-mail {
                    thead { tr {
                        th { (lang.t("inbound-col-received")) } th { (lang.t("inbound-col-from")) } th { (lang.t("inbound-col-to")) }
                        th { (lang.t("inbound-col-subject")) } th { (lang.t("inbound-col-size")) }
                        th { (lang.t("inbound-col-status")) } th { (lang.t("inbound-col-outcome")) } th { (lang.t("inbound-col-attempts")) }
                        th { (lang.t("inbound-col-last-error")) } th { span.visually-hidden { (lang.t("inbound-col-actions")) } }
                    } }
                    tbody {
                        @for m in rows {
                            tr data-id=(m.id) {
                                td { a href={ "/admin/inbound/" (m.id) } { time datetime=(m.received_at.rfc3339()) { (format::date_time(lang, m.received_at)) } } }
                                td data-content { (if m.from_header.is_empty() { &m.envelope_from } else { &m.from_header }) }
                                td data-content { (m.recipient) }
                                td data-content { (m.subject) }
                                td { (size(lang, m.size_bytes)) }
                                td { span class={ "badge status-" (m.status.as_str()) } { (status_label(lang, m.status)) } }
                                td.outcome { (outcome(lang, &m.disposition)) @if !m.reason.is_empty() { ": " span data-content { (m.reason) } } }
                                td { (format::number(lang, i64::from(m.attempts))) }
                                td.error-text data-content { (m.last_error.as_deref().unwrap_or("")) }
                                td {
                                    @if m.status == InboundStatus::Failed {
                                        form.inline method="post" action={ "/admin/inbound/" (m.id) "/retry" } {
                                            (csrf_field(&page.csrf))
                                            button.link-button type="submit" { (lang.t("inbound-retry")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if let Some(href) = next {
                    p { a rel="next" href=(href) { (lang.t("inbound-older")) } }
                }
            }
            section.card.bouncing {
                h2 { (lang.t("inbound-bouncing")) }
                p.muted { (lang.t("inbound-bouncing-help")) }
                @if bouncing.is_empty() {
                    p { (lang.t("inbound-bouncing-none")) }
                } @else {
                    ul {
                        @for b in bouncing {
                            li { a href={ "/u/" (b.username) } { (b.username) } " " span data-content { (b.email) }
                                @if let Some(at) = b.since { " " (t!(lang, "inbound-bouncing-since", date = format::date(lang, at))) } }
                        }
                    }
                }
            }
        },
    )
}

pub fn detail(page: &Page, m: &InboundMail) -> Markup {
    let text = String::from_utf8_lossy(&m.raw);
    let shown: String = text.chars().take(DETAIL_MAX_CHARS).collect();
    let lang = page.lang;
    layout(
        page,
        &page.t("inbound-message-title"),
        html! {
            h1 { (page.t("inbound-message-title")) }
            (admin_tabs(lang, "/admin/inbound"))
            p { a href="/admin/inbound" { (page.t("inbound-all")) } }
            dl.facts {
                dt { (lang.t("inbound-col-received")) } dd { time datetime=(m.received_at.rfc3339()) { (format::date_time(lang, m.received_at)) } " (" (m.source) ")" }
                dt { (lang.t("inbound-envelope-sender")) } dd data-content { (m.envelope_from) }
                dt { (lang.t("inbound-recipient")) } dd data-content { (m.recipient) }
                dt { (lang.t("inbound-col-from")) } dd data-content { (m.from_header) }
                dt { (lang.t("inbound-col-subject")) } dd data-content { (m.subject) }
                dt { (lang.t("inbound-message-id")) } dd data-content { (m.message_id) }
                dt { (lang.t("inbound-col-size")) } dd { (size(lang, m.size_bytes)) }
                dt { (lang.t("inbound-col-status")) } dd { (status_label(lang, m.status)) }
                dt { (lang.t("inbound-col-outcome")) } dd { (outcome(lang, &m.disposition)) @if !m.reason.is_empty() { ": " span data-content { (m.reason) } } }
                dt { (lang.t("inbound-col-attempts")) } dd { (format::number(lang, i64::from(m.attempts))) }
                @if let Some(e) = &m.last_error { dt { (lang.t("inbound-col-last-error")) } dd.error-text data-content { (e) } }
            }
            @if m.status == InboundStatus::Failed {
                form method="post" action={ "/admin/inbound/" (m.id) "/retry" } {
                    (csrf_field(&page.csrf))
                    button type="submit" { (lang.t("inbound-retry")) }
                }
            }
            h2 { (lang.t("inbound-as-received")) }
            pre.raw-mail { (shown) }
            @if shown.len() < text.len() { p.muted { (lang.t("inbound-cut")) } }
        },
    )
}

/// A status as the filter links name it ("Processed").
fn filter_label(lang: Lang, s: InboundStatus) -> String {
    lang.t(&format!("inbound-filter-{}", s.as_str()))
}

/// A status as a row shows it ("processed").
fn status_label(lang: Lang, s: InboundStatus) -> String {
    lang.t(&format!("inbound-status-{}", s.as_str()))
}

/// What became of a message (`inbound_mail.disposition`, a stable code), in words.
fn outcome(lang: Lang, disposition: &str) -> String {
    match disposition {
        "posted" | "held" | "refused" | "dropped" | "bounce" | "duplicate" => {
            lang.t(&format!("inbound-outcome-{disposition}"))
        }
        other => other.to_string(),
    }
}

fn size(lang: Lang, bytes: i64) -> String {
    if bytes < 1024 {
        t!(lang, "inbound-size-bytes", n = bytes)
    } else {
        t!(
            lang,
            "inbound-size-kib",
            n = format::decimal(lang, bytes as f64 / 1024.0, 1)
        )
    }
}
