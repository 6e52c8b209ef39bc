//! The content-gaps pages: `/admin/search` (the whole site) and
//! `/c/{slug}/search-insights` (one sub-community): the period, a bar chart of the top
//! queries (SVG drawn here, with a title and a text alternative; the table beside it holds
//! the same numbers), and the three lists, each query with a "write the answer" action.

use maud::{html, Markup};

use crate::i18n::{format, Lang};
use crate::search::insights::{write_answer_path, GapRow, Gaps, PERIODS};
use crate::views::components::empty_state;
use crate::views::{layout, Page};

/// Bars in the chart.
const CHART_BARS: usize = 10;

pub fn page(page: &Page, gaps: &Gaps) -> Markup {
    let lang = page.lang;
    let (title, base) = match &gaps.scope {
        Some(c) => (
            crate::t!(lang, "search-insights-title-for", name = c.name.as_str()),
            format!("/c/{}/search-insights", c.slug),
        ),
        None => (page.t("search-insights-title"), "/admin/search".to_string()),
    };
    layout(
        page,
        &title,
        html! {
            @match &gaps.scope {
                Some(c) => { p { a href={ "/c/" (c.slug) } { "← " span data-content { (c.name) } } } }
                None => { (crate::admin::views::admin_tabs(lang, "/admin/search")) }
            }
            h1 { (title) }
            p.lead {
                (crate::t!(lang, "search-insights-lead", days = gaps.period_days))
            }
            nav.filters aria-label=(page.t("search-insights-period")) {
                @for p in PERIODS {
                    a href={ (base) "?period=" (p) } aria-current=[(p == gaps.period_days).then_some("page")] { (crate::t!(lang, "search-insights-days", n = p)) }
                    " "
                }
            }
            @if gaps.top.is_empty() {
                (empty_state(&page.t("search-insights-empty"), html! {
                    p { (page.t("search-insights-empty-hint")) }
                }))
            } @else {
                section {
                    h2 #top-queries { (page.t("search-insights-top")) }
                    div.columns.even {
                        (chart(lang, &gaps.top))
                        (table(lang, "top-queries", &gaps.top, gaps))
                    }
                }
                section {
                    h2 #no-results { (page.t("search-insights-no-results")) }
                    @if gaps.no_results.is_empty() { p.muted { (page.t("search-insights-no-results-none")) } }
                    @else { (table(lang, "no-results", &gaps.no_results, gaps)) }
                }
                section {
                    h2 #no-clicks { (page.t("search-insights-no-clicks")) }
                    @if gaps.no_clicks.is_empty() { p.muted { (page.t("search-insights-no-clicks-none")) } }
                    @else { (table(lang, "no-clicks", &gaps.no_clicks, gaps)) }
                }
            }
        },
    )
}

fn table(lang: Lang, id: &str, rows: &[GapRow], gaps: &Gaps) -> Markup {
    html! {
        table.table aria-labelledby=(id) {
            thead { tr {
                th scope="col" { (lang.t("search-insights-query")) }
                @if gaps.scope.is_none() { th scope="col" { (lang.t("search-insights-community")) } }
                th scope="col" { (lang.t("search-insights-searches")) }
                th scope="col" { span.visually-hidden { (lang.t("search-insights-action")) } }
            } }
            tbody {
                @for r in rows {
                    tr {
                        td data-content { (r.query) }
                        @if gaps.scope.is_none() {
                            td { @match &r.community { Some(c) => { span data-content { (c.name) } } None => { span.muted { (lang.t("search-insights-all")) } } } }
                        }
                        td { (format::number(lang, r.searches)) }
                        td { (write_action(lang, r, gaps)) }
                    }
                }
            }
        }
    }
}

/// "Write the answer": the composer of the row's sub-community (or, for a site-wide
/// query, of the one chosen in a small GET form), prefilled as a wiki topic.
fn write_action(lang: Lang, r: &GapRow, gaps: &Gaps) -> Markup {
    let target = r.community.as_ref().or(gaps.scope.as_ref());
    html! {
        @match target {
            Some(c) => {
                a.button.small href=(write_answer_path(&c.slug, &r.query)) { (lang.t("search-insights-write")) }
            }
            None => {
                @if !gaps.writable.is_empty() {
                    form.inline method="get" action="/search/write" {
                        input type="hidden" name="title" value=(r.query);
                        label.visually-hidden for={ "w-" (row_key(&r.query)) } { (crate::t!(lang, "search-insights-community-for", query = r.query.as_str())) }
                        select id={ "w-" (row_key(&r.query)) } name="c" {
                            @for c in &gaps.writable { option value=(c.slug) data-content { (c.name) } }
                        }
                        " "
                        button.button.small type="submit" { (lang.t("search-insights-write")) }
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
fn chart(lang: Lang, rows: &[GapRow]) -> Markup {
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
                title #chart-title { (lang.t("search-insights-chart-title")) }
                desc #chart-desc { (summary) }
                @for (i, r) in rows.iter().enumerate() {
                    @let y = gap + (bar_h + gap) * i as i64;
                    @let w = (r.searches * bar_w / max).max(2);
                    text x=(label_w - 6) y=(y + bar_h - 6) text-anchor="end" font-size="12" fill="currentColor" data-content { (short(&r.query)) }
                    rect x=(label_w) y=(y) width=(w) height=(bar_h) rx="3" fill="#4f6bed" {}
                    text x=(label_w + w + 6) y=(y + bar_h - 6) font-size="12" fill="currentColor" { (r.searches) }
                }
            }
            figcaption.muted { (crate::t!(lang, "search-insights-chart-caption", n = rows.len())) }
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
