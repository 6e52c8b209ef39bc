//! The views of `/admin/inbound`: pure functions of the rows they are given. Everything
//! received is shown escaped (maud escapes all text; nothing here is `PreEscaped`).

use maud::{html, Markup};

use crate::admin::views::admin_nav;
use crate::db::models::inbound_mail::{InboundMail, InboundSummary};
use crate::db::models::mail_bounces::BouncingMember;
use crate::db::InboundStatus;
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
    layout(
        page,
        "Inbound mail",
        html! {
            h1 { "Inbound mail" }
            (admin_nav("/admin/inbound"))
            p.muted { "Replies to notification mail and delivery reports, as received, and what became of each." }
            nav.filters aria-label="Filter by status" {
                a href="/admin/inbound" aria-current=[filter.is_none().then_some("page")] { "All" }
                @for s in InboundStatus::ALL {
                    a href={ "/admin/inbound?status=" (s.as_str()) } aria-current=[(filter == Some(*s)).then_some("page")] { (status_label(*s)) }
                }
            }
            @if rows.is_empty() {
                (empty_state("Nothing received", html! { p { "Mail received by the inbound listener or the IMAP mailbox will be listed here." } }))
            } @else {
                table.table.inbound-mail {
                    thead { tr {
                        th { "Received" } th { "From" } th { "To" } th { "Subject" } th { "Size" }
                        th { "Status" } th { "Outcome" } th { "Attempts" } th { "Last error" } th {}
                    } }
                    tbody {
                        @for m in rows {
                            tr data-id=(m.id) {
                                td { a href={ "/admin/inbound/" (m.id) } { time datetime=(m.received_at.rfc3339()) { (m.received_at.rfc3339()) } } }
                                td { (if m.from_header.is_empty() { &m.envelope_from } else { &m.from_header }) }
                                td { (m.recipient) }
                                td { (m.subject) }
                                td { (size(m.size_bytes)) }
                                td { span class={ "badge status-" (m.status.as_str()) } { (m.status.as_str()) } }
                                td.outcome { (m.disposition) @if !m.reason.is_empty() { ": " (m.reason) } }
                                td { (m.attempts) }
                                td.error-text { (m.last_error.as_deref().unwrap_or("")) }
                                td {
                                    @if m.status == InboundStatus::Failed {
                                        form.inline method="post" action={ "/admin/inbound/" (m.id) "/retry" } {
                                            (csrf_field(&page.csrf))
                                            button.link-button type="submit" { "Retry" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if let Some(href) = next {
                    p { a rel="next" href=(href) { "Older messages" } }
                }
            }
            section.card.bouncing {
                h2 { "Bouncing addresses" }
                p.muted { "Parley no longer mails these members: their address failed repeatedly. The notice goes away when they confirm a new address." }
                @if bouncing.is_empty() {
                    p { "None." }
                } @else {
                    ul {
                        @for b in bouncing {
                            li { a href={ "/u/" (b.username) } { (b.username) } " " (b.email)
                                @if let Some(at) = b.since { " since " (at.date_string()) } }
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
    layout(
        page,
        "Inbound message",
        html! {
            h1 { "Inbound message" }
            (admin_nav("/admin/inbound"))
            p { a href="/admin/inbound" { "All inbound mail" } }
            dl.facts {
                dt { "Received" } dd { (m.received_at.rfc3339()) " (" (m.source) ")" }
                dt { "Envelope sender" } dd { (m.envelope_from) }
                dt { "Recipient" } dd { (m.recipient) }
                dt { "From" } dd { (m.from_header) }
                dt { "Subject" } dd { (m.subject) }
                dt { "Message-ID" } dd { (m.message_id) }
                dt { "Size" } dd { (size(m.size_bytes)) }
                dt { "Status" } dd { (m.status.as_str()) }
                dt { "Outcome" } dd { (m.disposition) @if !m.reason.is_empty() { ": " (m.reason) } }
                dt { "Attempts" } dd { (m.attempts) }
                @if let Some(e) = &m.last_error { dt { "Last error" } dd.error-text { (e) } }
            }
            @if m.status == InboundStatus::Failed {
                form method="post" action={ "/admin/inbound/" (m.id) "/retry" } {
                    (csrf_field(&page.csrf))
                    button type="submit" { "Retry" }
                }
            }
            h2 { "Message as received" }
            pre.raw-mail { (shown) }
            @if shown.len() < text.len() { p.muted { "(cut; the whole message is stored)" } }
        },
    )
}

fn status_label(s: InboundStatus) -> &'static str {
    match s {
        InboundStatus::Queued => "Waiting",
        InboundStatus::Done => "Processed",
        InboundStatus::Failed => "Failed",
        InboundStatus::Duplicate => "Duplicates",
    }
}

fn size(bytes: i64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
