//! The figures by source: a table, a server-drawn SVG bar chart (no script, presentation
//! attributes only) with a text alternative.

use maud::{html, Markup};

use super::stats::Report;
use crate::db::models::invitations::SourceStats;
use crate::views::{layout, Page};

const CHART_BARS: usize = 12;

pub fn table(rows: &[SourceStats]) -> Markup {
    html! {
        @if rows.is_empty() {
            p.muted { "No invitations yet: create a link or mail a few invitations, and the figures appear here by source." }
        } @else {
            table.table {
                caption { "Invitations and members by source" }
                thead { tr {
                    th scope="col" { "Source" }
                    th scope="col" { "Invitations sent" }
                    th scope="col" { "Sign-ups" }
                    th scope="col" { "Members who posted" }
                    th scope="col" { "Members who answered someone" }
                } }
                tbody {
                    @for r in rows {
                        tr {
                            th scope="row" { code { (r.source) } }
                            td { (r.sent) } td { (r.signups) } td { (r.posters) } td { (r.answerers) }
                        }
                    }
                }
            }
            (chart(rows))
        }
    }
}

/// Sign-ups per source as horizontal bars, with posters and answerers as inner bars.
fn chart(rows: &[SourceStats]) -> Markup {
    let rows: Vec<&SourceStats> = rows.iter().take(CHART_BARS).collect();
    let max = rows.iter().map(|r| r.signups).max().unwrap_or(1).max(1);
    let (bar_h, gap, label_w, bar_w) = (22_i64, 8_i64, 170_i64, 260_i64);
    let height = (bar_h + gap) * rows.len() as i64 + gap;
    let width = label_w + bar_w + 140;
    let summary = rows
        .iter()
        .map(|r| {
            format!(
                "{}: {} sign-ups, {} posted, {} answered",
                r.source, r.signups, r.posters, r.answerers
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        figure.invitations-chart {
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="inv-chart-title inv-chart-desc"
                viewBox={ "0 0 " (width) " " (height) } width=(width) height=(height) {
                title #inv-chart-title { "Sign-ups by source, with members who posted and who answered" }
                desc #inv-chart-desc { (summary) }
                @for (i, r) in rows.iter().enumerate() {
                    @let y = gap + (bar_h + gap) * i as i64;
                    @let w = |n: i64| if n == 0 { 0 } else { (n * bar_w / max).max(2) };
                    text x=(label_w - 6) y=(y + bar_h - 6) text-anchor="end" font-size="12" fill="currentColor" { (r.source) }
                    rect x=(label_w) y=(y) width=(w(r.signups).max(1)) height=(bar_h) rx="3" fill="#b9c6f7" {}
                    rect x=(label_w) y=(y + 4) width=(w(r.posters)) height=(bar_h - 8) fill="#4f6bed" {}
                    rect x=(label_w) y=(y + 8) width=(w(r.answerers)) height=(bar_h - 16) fill="#1f3399" {}
                    text x=(label_w + w(r.signups) + 6) y=(y + bar_h - 6) font-size="12" fill="currentColor" {
                        (r.signups) " / " (r.posters) " / " (r.answerers)
                    }
                }
            }
            figcaption.muted { "Bars: sign-ups (light), members who posted (middle), members who answered someone (dark). The table holds the same numbers." }
        }
    }
}

pub fn page(page: &Page, report: &Report) -> Markup {
    let (title, csv) = match &report.community {
        Some(c) => (
            format!("Invitations to {}", c.name),
            format!("/c/{}/invitations.csv", c.slug),
        ),
        None => (
            "Invitations by source".to_string(),
            "/admin/invitations.csv".to_string(),
        ),
    };
    layout(
        page,
        &title,
        html! {
            @if report.community.is_none() { (crate::admin::views::admin_nav("/admin/invitations")) }
            h1 { (title) }
            p.lead { "Which channels bring members who take part, not just clicks: sign-ups, members who posted, and members who answered someone, by source label." }
            section.card {
                (table(&report.rows))
                p { a href=(csv) download { "Download as CSV" } }
            }
        },
    )
}
