//! The figures by source: a table, a server-drawn SVG bar chart (no script, presentation
//! attributes only) with a text alternative.

use maud::{html, Markup};

use super::stats::Report;
use crate::db::models::invitations::SourceStats;
use crate::i18n::{format, Lang};
use crate::t;
use crate::views::{layout, Page};

const CHART_BARS: usize = 12;

pub fn table(lang: Lang, rows: &[SourceStats]) -> Markup {
    let n = |v: i64| format::number(lang, v);
    html! {
        @if rows.is_empty() {
            p.muted { (lang.t("invitations-stats-empty")) }
        } @else {
            table.table {
                caption { (lang.t("invitations-stats-caption")) }
                thead { tr {
                    th scope="col" { (lang.t("invitations-col-source")) }
                    th scope="col" { (lang.t("invitations-stats-sent")) }
                    th scope="col" { (lang.t("invitations-stats-signups")) }
                    th scope="col" { (lang.t("invitations-stats-posters")) }
                    th scope="col" { (lang.t("invitations-stats-answerers")) }
                } }
                tbody {
                    @for r in rows {
                        tr {
                            th scope="row" { code { (r.source) } }
                            td { (n(r.sent)) } td { (n(r.signups)) } td { (n(r.posters)) } td { (n(r.answerers)) }
                        }
                    }
                }
            }
            (chart(lang, rows))
        }
    }
}

/// Sign-ups per source as horizontal bars, with posters and answerers as inner bars.
fn chart(lang: Lang, rows: &[SourceStats]) -> Markup {
    let rows: Vec<&SourceStats> = rows.iter().take(CHART_BARS).collect();
    let max = rows.iter().map(|r| r.signups).max().unwrap_or(1).max(1);
    let (bar_h, gap, label_w, bar_w) = (22_i64, 8_i64, 170_i64, 260_i64);
    let height = (bar_h + gap) * rows.len() as i64 + gap;
    let width = label_w + bar_w + 140;
    let summary = rows
        .iter()
        .map(|r| {
            t!(
                lang,
                "invitations-chart-desc",
                source = r.source.as_str(),
                signups = r.signups,
                posters = r.posters,
                answerers = r.answerers
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        figure.invitations-chart {
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="inv-chart-title inv-chart-desc"
                viewBox={ "0 0 " (width) " " (height) } width=(width) height=(height) {
                title #inv-chart-title { (lang.t("invitations-chart-title")) }
                desc #inv-chart-desc { (summary) }
                @for (i, r) in rows.iter().enumerate() {
                    @let y = gap + (bar_h + gap) * i as i64;
                    @let w = |n: i64| if n == 0 { 0 } else { (n * bar_w / max).max(2) };
                    text x=(label_w - 6) y=(y + bar_h - 6) text-anchor="end" font-size="12" fill="currentColor" data-content { (r.source) }
                    rect x=(label_w) y=(y) width=(w(r.signups).max(1)) height=(bar_h) rx="3" fill="#b9c6f7" {}
                    rect x=(label_w) y=(y + 4) width=(w(r.posters)) height=(bar_h - 8) fill="#4f6bed" {}
                    rect x=(label_w) y=(y + 8) width=(w(r.answerers)) height=(bar_h - 16) fill="#1f3399" {}
                    text x=(label_w + w(r.signups) + 6) y=(y + bar_h - 6) font-size="12" fill="currentColor" {
                        (format::number(lang, r.signups)) " / " (format::number(lang, r.posters)) " / " (format::number(lang, r.answerers))
                    }
                }
            }
            figcaption.muted { (lang.t("invitations-chart-caption")) }
        }
    }
}

pub fn page(page: &Page, report: &Report) -> Markup {
    let lang = page.lang;
    let (title, csv) = match &report.community {
        Some(c) => (
            t!(lang, "invitations-title", community = c.name.as_str()),
            format!("/c/{}/invitations.csv", c.slug),
        ),
        None => (
            lang.t("invitations-stats-title"),
            "/admin/invitations.csv".to_string(),
        ),
    };
    layout(
        page,
        &title,
        html! {
            @if report.community.is_none() { (crate::admin::views::admin_tabs(lang, "/admin/invitations")) }
            h1 { (title) }
            p.lead { (lang.t("invitations-stats-lead")) }
            section.card {
                (table(lang, &report.rows))
                p { a href=(csv) download { (lang.t("invitations-download-csv")) } }
            }
        },
    )
}
