//! The content-gaps pages: `/admin/search` (the whole site) and
//! `/c/{slug}/search-insights` (one sub-community): the period, a bar chart of the top
//! queries (SVG drawn here, with a title and a text alternative; the table beside it holds
//! the same numbers), and the three lists, each query with a "write the answer" action.

use maud::{html, Markup};

use crate::search::insights::{write_answer_path, GapRow, Gaps, PERIODS};
use crate::views::components::empty_state;
use crate::views::{layout, Page};

/// Bars in the chart.
const CHART_BARS: usize = 10;

pub fn page(page: &Page, gaps: &Gaps) -> Markup {
    let (title, base) = match &gaps.scope {
        Some(c) => (
            format!("Search insights: {}", c.name),
            format!("/c/{}/search-insights", c.slug),
        ),
        None => ("Search insights".to_string(), "/admin/search".to_string()),
    };
    layout(
        page,
        &title,
        html! {
            @match &gaps.scope {
                Some(c) => { p { a href={ "/c/" (c.slug) } { "← " (c.name) } } }
                None => { (crate::admin::views::admin_nav("/admin/search")) }
            }
            h1 { (title) }
            p.lead {
                "What people searched for in the last " (gaps.period_days) " days, what found nothing, and what found something nobody opened. "
                "Each query can become a wiki topic that answers it. The log never records who searched."
            }
            nav.filters aria-label="Period" {
                @for p in PERIODS {
                    a href={ (base) "?period=" (p) } aria-current=[(p == gaps.period_days).then_some("page")] { (p) " days" }
                    " "
                }
            }
            @if gaps.top.is_empty() {
                (empty_state("No searches in this period", html! {
                    p { "Searches made on the search page, through the API, in the composer's similar questions and in the embedded ask box appear here." }
                }))
            } @else {
                section {
                    h2 #top-queries { "Top queries" }
                    div.columns.even {
                        (chart(&gaps.top))
                        (table("top-queries", &gaps.top, gaps, "Searches"))
                    }
                }
                section {
                    h2 #no-results { "Queries with no results" }
                    @if gaps.no_results.is_empty() { p.muted { "Every query found something." } }
                    @else { (table("no-results", &gaps.no_results, gaps, "Searches")) }
                }
                section {
                    h2 #no-clicks { "Queries with results but no clicks" }
                    @if gaps.no_clicks.is_empty() { p.muted { "Every query that found something had a result opened." } }
                    @else { (table("no-clicks", &gaps.no_clicks, gaps, "Searches")) }
                }
            }
        },
    )
}

fn table(id: &str, rows: &[GapRow], gaps: &Gaps, count_label: &str) -> Markup {
    html! {
        table.table aria-labelledby=(id) {
            thead { tr {
                th scope="col" { "Query" }
                @if gaps.scope.is_none() { th scope="col" { "Sub-community" } }
                th scope="col" { (count_label) }
                th scope="col" { span.visually-hidden { "Action" } }
            } }
            tbody {
                @for r in rows {
                    tr {
                        td { (r.query) }
                        @if gaps.scope.is_none() {
                            td { @match &r.community { Some(c) => { (c.name) } None => { span.muted { "All" } } } }
                        }
                        td { (r.searches) }
                        td { (write_action(r, gaps)) }
                    }
                }
            }
        }
    }
}

/// "Write the answer": the composer of the row's sub-community (or, for a site-wide
/// query, of the one chosen in a small GET form), prefilled as a wiki topic.
fn write_action(r: &GapRow, gaps: &Gaps) -> Markup {
    let target = r.community.as_ref().or(gaps.scope.as_ref());
    html! {
        @match target {
            Some(c) => {
                a.button.small href=(write_answer_path(&c.slug, &r.query)) { "Write the answer" }
            }
            None => {
                @if !gaps.writable.is_empty() {
                    form.inline method="get" action="/search/write" {
                        input type="hidden" name="title" value=(r.query);
                        label.visually-hidden for={ "w-" (row_key(&r.query)) } { "Sub-community for “" (r.query) "”" }
                        select id={ "w-" (row_key(&r.query)) } name="c" {
                            @for c in &gaps.writable { option value=(c.slug) { (c.name) } }
                        }
                        " "
                        button.button.small type="submit" { "Write the answer" }
                    }
                }
            }
        }
    }
}

/// A short stable id for a query's controls.
fn row_key(query: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(query.as_bytes())[..6])
}

/// A horizontal bar chart of the top queries, drawn as SVG (no script, no inline style:
/// presentation attributes only).
fn chart(rows: &[GapRow]) -> Markup {
    let rows: Vec<&GapRow> = rows.iter().take(CHART_BARS).collect();
    let max = rows.iter().map(|r| r.searches).max().unwrap_or(1).max(1);
    let (bar_h, gap, label_w, bar_w) = (22_i64, 6_i64, 160_i64, 220_i64);
    let height = (bar_h + gap) * rows.len() as i64 + gap;
    let width = label_w + bar_w + 50;
    let summary = rows
        .iter()
        .map(|r| format!("{}: {}", r.query, r.searches))
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        figure.search-chart {
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc"
                viewBox={ "0 0 " (width) " " (height) } width=(width) height=(height) {
                title #chart-title { "Top queries by number of searches" }
                desc #chart-desc { (summary) }
                @for (i, r) in rows.iter().enumerate() {
                    @let y = gap + (bar_h + gap) * i as i64;
                    @let w = (r.searches * bar_w / max).max(2);
                    text x=(label_w - 6) y=(y + bar_h - 6) text-anchor="end" font-size="12" fill="currentColor" { (short(&r.query)) }
                    rect x=(label_w) y=(y) width=(w) height=(bar_h) rx="3" fill="#4f6bed" {}
                    text x=(label_w + w + 6) y=(y + bar_h - 6) font-size="12" fill="currentColor" { (r.searches) }
                }
            }
            figcaption.muted { "Top " (rows.len()) " queries; the table holds the same numbers." }
        }
    }
}

fn short(q: &str) -> String {
    if q.chars().count() > 24 {
        format!("{}…", q.chars().take(23).collect::<String>())
    } else {
        q.to_string()
    }
}
