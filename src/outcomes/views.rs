//! The outcome dashboard pages: `/admin/outcomes` (every sub-community the reader may
//! see) and `/c/{slug}/outcomes` (one). Every metric has a one-line definition; every
//! chart (see `charts`) has a title, a text alternative and its table beside it; every
//! table exports as CSV (`?format=csv&table=ID`). Pure functions of the report.

use maud::{html, Markup};

use crate::i18n::{format, Lang};
use crate::outcomes::charts;
use crate::outcomes::facts::day_start;
use crate::outcomes::report::{Figures, Report};
use crate::outcomes::stats::{human, share, Percentile};
use crate::t;
use crate::views::components::{csrf_field, empty_state};
use crate::views::{layout, Page};

/// One row of the summary table.
pub struct Metric {
    pub label: String,
    pub definition: String,
    pub current: String,
    pub previous: String,
}

/// A table as plain cells, shared by the page and the CSV export (both in the reader's
/// language).
pub struct Table {
    pub id: &'static str,
    /// The columns that hold user content (names, titles), marked `data-content` on the
    /// page: never translated.
    pub content: &'static [usize],
    pub title: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A count: "1,234" / "1 234".
fn num(lang: Lang, n: i64) -> String {
    format::number(lang, n)
}

/// A share with one decimal: "45.0 %" in English (as the dashboard always printed it),
/// "45 %" / "45,5 %" in French.
fn pct(lang: Lang, part: i64, whole: i64) -> String {
    match share(part, whole) {
        None => lang.t("outcomes-none"),
        Some(v) => match lang {
            Lang::Fr => format!("{}{}%", format::decimal(lang, v, 1), format::FR_GROUP),
            Lang::En | Lang::Pseudo => format!("{v:.1} %"),
        },
    }
}

/// A time span: "2.5 h" in English (as before), "2 h 30 min" in French.
fn span(lang: Lang, secs: i64) -> String {
    match lang {
        Lang::Fr => format::duration(lang, secs),
        Lang::En => human(secs),
        // Written for the language, so marked as the pseudo-locale marks messages.
        Lang::Pseudo => crate::i18n::pseudo::wrap(human(secs)),
    }
}

fn duration(lang: Lang, p: Option<Percentile>) -> String {
    match p {
        None => lang.t("outcomes-none"),
        Some(p) if p.waiting => t!(
            lang,
            "outcomes-still-waiting",
            duration = span(lang, p.secs)
        ),
        Some(p) => span(lang, p.secs),
    }
}

fn per_thousand(lang: Lang, part: i64, whole: i64) -> String {
    if whole == 0 {
        lang.t("outcomes-none")
    } else {
        let v = part as f64 * 1000.0 / whole as f64;
        match lang {
            Lang::Fr => format::decimal(lang, v, 1),
            Lang::En | Lang::Pseudo => format!("{v:.1}"),
        }
    }
}

fn avg_secs(lang: Lang, total: i64, n: i64) -> String {
    if n == 0 {
        lang.t("outcomes-none")
    } else {
        span(lang, total / n)
    }
}

fn count_with_time(lang: Lang, n: i64, time: String) -> String {
    t!(
        lang,
        "outcomes-count-with-time",
        count = num(lang, n),
        duration = time
    )
}

/// A day as the form and the CSV use it (ISO, language-neutral).
fn day_label(day: i64) -> String {
    day_start(day).date_string()
}

/// A day as a sentence shows it: "Dec 2, 2026" / "2 déc. 2026".
fn day_text(lang: Lang, day: i64) -> String {
    format::date(lang, day_start(day))
}

/// An age bucket of the waiting histogram (`report::AGE_BUCKETS`) in the language.
pub fn age_label(lang: Lang, bucket: &str) -> String {
    let key = match bucket {
        "under 1 day" => "outcomes-age-under-1-day",
        "1 to 3 days" => "outcomes-age-1-3-days",
        "3 to 7 days" => "outcomes-age-3-7-days",
        "7 to 30 days" => "outcomes-age-7-30-days",
        "over 30 days" => "outcomes-age-over-30-days",
        other => return other.to_string(),
    };
    lang.t(key)
}

fn idea_label(lang: Lang, status: &str) -> String {
    match status {
        "under_review" | "planned" | "shipped" | "declined" => {
            lang.t(&format!("outcomes-idea-{status}"))
        }
        other => other.replace('_', " "),
    }
}

/// A metric: its label key, how to read it from a period's figures.
type MetricDef = (&'static str, fn(&Figures, Lang) -> String);

/// The headline metrics with their definitions, this period and the previous one.
pub fn summary(lang: Lang, r: &Report) -> Vec<Metric> {
    let rows: [MetricDef; 17] = [
        ("outcomes-m-questions", |f, l| num(l, f.questions)),
        ("outcomes-m-answered-24", |f, l| {
            pct(l, f.answered_24h, f.questions)
        }),
        ("outcomes-m-answered-72", |f, l| {
            pct(l, f.answered_72h, f.questions)
        }),
        ("outcomes-m-solved", |f, l| pct(l, f.solved, f.questions)),
        ("outcomes-m-first-median", |f, l| {
            duration(l, f.first_response[0])
        }),
        ("outcomes-m-first-p90", |f, l| {
            duration(l, f.first_response[1])
        }),
        ("outcomes-m-solution-median", |f, l| {
            duration(l, f.solution[0])
        }),
        ("outcomes-m-solution-p90", |f, l| duration(l, f.solution[1])),
        ("outcomes-m-employee-first", |f, l| {
            count_with_time(l, f.employee_first, duration(l, f.employee_first_median))
        }),
        ("outcomes-m-member-first", |f, l| {
            count_with_time(l, f.member_first, duration(l, f.member_first_median))
        }),
        ("outcomes-m-coverage", |f, l| {
            pct(l, f.covered, f.needed_queue)
        }),
        ("outcomes-m-brand", |f, l| {
            pct(l, f.count("brand_answers"), f.count("replies"))
        }),
        ("outcomes-m-deflected", |f, l| {
            num(l, f.count("deflections"))
        }),
        ("outcomes-m-no-result", |f, l| {
            num(l, f.count("search_no_result"))
        }),
        ("outcomes-m-flags", |f, l| {
            per_thousand(l, f.count("flags"), f.count("posts"))
        }),
        ("outcomes-m-review", |f, l| {
            avg_secs(l, f.count("review_wait_secs"), f.count("review_acted"))
        }),
        ("outcomes-m-new-members", |f, l| {
            t!(
                l,
                "outcomes-count-with-time",
                count = num(l, f.count("sign_ups")),
                duration = num(l, f.count("sign_ups_posted"))
            )
        }),
    ];
    rows.iter()
        .map(|(key, value)| Metric {
            label: lang.t(key),
            definition: lang.t(&format!("{key}-def")),
            current: value(&r.current, lang),
            previous: value(&r.previous, lang),
        })
        .collect()
}

fn heads(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| lang.t(k)).collect()
}

/// Every table of the page, by id (the CSV export's `table=`), in `lang`.
pub fn tables(lang: Lang, r: &Report) -> Vec<Table> {
    let f = &r.current;
    vec![
        Table {
            id: "summary",
            content: &[],
            title: lang.t("outcomes-t-summary"),
            head: heads(
                lang,
                &[
                    "outcomes-h-metric",
                    "outcomes-h-this-period",
                    "outcomes-h-previous-period",
                    "outcomes-h-definition",
                ],
            ),
            rows: summary(lang, r)
                .into_iter()
                .map(|m| vec![m.label, m.current, m.previous, m.definition])
                .collect(),
        },
        Table {
            id: "daily",
            content: &[],
            title: lang.t("outcomes-t-daily"),
            head: heads(
                lang,
                &[
                    "outcomes-h-day",
                    "outcomes-m-questions",
                    "outcomes-m-answered-24",
                ],
            ),
            rows: f
                .per_day
                .iter()
                .map(|(d, n, a)| vec![day_label(*d), num(lang, *n), num(lang, *a)])
                .collect(),
        },
        Table {
            id: "waiting",
            content: &[],
            title: lang.t("outcomes-t-waiting"),
            head: heads(lang, &["outcomes-h-waiting-for", "outcomes-h-questions"]),
            rows: r
                .age_histogram
                .iter()
                .map(|(k, n)| vec![age_label(lang, k), num(lang, *n)])
                .collect(),
        },
        Table {
            id: "escalations",
            content: &[0],
            title: lang.t("outcomes-t-escalations"),
            head: heads(
                lang,
                &[
                    "outcomes-h-team",
                    "outcomes-h-opened",
                    "outcomes-h-resolved",
                    "outcomes-h-median-resolution",
                ],
            ),
            rows: f
                .escalations
                .iter()
                .map(|tr| {
                    vec![
                        if tr.team.is_empty() {
                            lang.t("outcomes-no-team")
                        } else {
                            tr.team.clone()
                        },
                        num(lang, tr.opened),
                        num(lang, tr.resolved),
                        duration(lang, tr.median_resolution),
                    ]
                })
                .collect(),
        },
        Table {
            id: "ideas",
            content: &[],
            title: lang.t("outcomes-t-ideas"),
            head: heads(lang, &["outcomes-h-status", "outcomes-h-ideas-moved"]),
            rows: f
                .ideas()
                .into_iter()
                .map(|(s, n)| vec![idea_label(lang, &s), num(lang, n)])
                .collect(),
        },
        Table {
            id: "lead_users",
            content: &[0],
            title: lang.t("outcomes-t-lead-users"),
            head: heads(
                lang,
                &[
                    "outcomes-h-member",
                    "outcomes-h-accepted",
                    "outcomes-h-replies-to-others",
                ],
            ),
            rows: f
                .helpers
                .iter()
                .map(|h| {
                    vec![
                        h.username.clone(),
                        num(lang, h.accepted),
                        num(lang, h.replies),
                    ]
                })
                .collect(),
        },
        Table {
            id: "sources",
            content: &[0],
            title: lang.t("outcomes-t-sources"),
            head: heads(
                lang,
                &[
                    "outcomes-h-source",
                    "outcomes-h-signed-up",
                    "outcomes-h-posted",
                    "outcomes-h-answered",
                ],
            ),
            rows: f
                .sources
                .iter()
                .map(|s| {
                    vec![
                        s.label.clone(),
                        num(lang, s.signups),
                        num(lang, s.posted),
                        num(lang, s.answered),
                    ]
                })
                .collect(),
        },
        Table {
            id: "at_risk",
            content: &[0, 1],
            title: lang.t("outcomes-t-at-risk"),
            head: heads(
                lang,
                &[
                    "outcomes-h-question",
                    "outcomes-h-community",
                    "outcomes-h-waiting-for",
                ],
            ),
            rows: r
                .at_risk
                .iter()
                .map(|q| {
                    vec![
                        q.title.clone(),
                        q.community.clone(),
                        span(lang, q.waiting_secs),
                    ]
                })
                .collect(),
        },
    ]
}

fn table(lang: Lang, t: &Table, base: &str, query: &str) -> Markup {
    html! {
        @if t.rows.is_empty() {
            p.muted { (lang.t("outcomes-nothing")) }
        } @else {
            table.table aria-labelledby=(t.id) {
                thead { tr { @for h in &t.head { th scope="col" { (h) } } } }
                tbody { @for row in &t.rows { tr { @for (i, c) in row.iter().enumerate() { td data-content[t.content.contains(&i)] { (c) } } } } }
            }
        }
        p { a href={ (base) "?" (query) "&format=csv&table=" (t.id) } { (t!(lang, "outcomes-export", table = t.title.as_str())) } }
    }
}

/// The dashboard page.
pub fn page(page: &Page, r: &Report, opted_out: Option<bool>) -> Markup {
    let lang = page.lang;
    let (title, base) = match &r.scope {
        Some(c) => (
            t!(
                lang,
                "outcomes-title-community",
                community = c.name.as_str()
            ),
            format!("/c/{}/outcomes", c.slug),
        ),
        None => (lang.t("outcomes-title"), "/admin/outcomes".to_string()),
    };
    let query = format!(
        "from={}&to={}",
        day_label(r.range.from),
        day_label(r.range.to)
    );
    let prev = r.range.previous();
    let tables = tables(lang, r);
    let find = |id: &str| tables.iter().find(|t| t.id == id);
    let at_risk_help = if r.scope.is_none() {
        "outcomes-at-risk-help-site"
    } else {
        "outcomes-at-risk-help"
    };
    layout(
        page,
        &title,
        html! {
            @match &r.scope {
                Some(c) => { p { a href={ "/c/" (c.slug) } { "← " (c.name) } } }
                None => { (crate::admin::views::admin_tabs(lang, "/admin/outcomes")) }
            }
            h1 { (title) }
            p.lead {
                (t!(lang, "outcomes-lead",
                    from = day_text(lang, r.range.from),
                    to = day_text(lang, r.range.to),
                    prev_from = day_text(lang, prev.from),
                    prev_to = day_text(lang, prev.to)))
            }
            form.filters method="get" action=(base) {
                label { (page.t("outcomes-from")) " " input type="date" name="from" value=(day_label(r.range.from)); }
                " "
                label { (page.t("outcomes-to")) " " input type="date" name="to" value=(day_label(r.range.to)); }
                " "
                button type="submit" { (page.t("outcomes-show")) }
            }
            @if r.current.questions == 0 && r.current.counts.is_empty() && r.waiting_now == 0 {
                (empty_state(&page.t("outcomes-empty-title"), html! {
                    p { (page.t("outcomes-empty-body")) }
                }))
            }
            section {
                h2 #summary { (page.t("outcomes-t-summary")) }
                @if let Some(t) = find("summary") { (table(lang, t, &base, &query)) }
            }
            section {
                h2 #daily { (page.t("outcomes-t-daily")) }
                div.columns.even {
                    (charts::daily(lang, &r.current.per_day))
                    @if let Some(t) = find("daily") { div { (table(lang, t, &base, &query)) } }
                }
            }
            section {
                h2 #waiting { (t!(lang, "outcomes-waiting-now", count = r.waiting_now)) }
                p.muted { (page.t("outcomes-waiting-help")) }
                div.columns.even {
                    (charts::histogram(lang, &r.age_histogram))
                    @if let Some(t) = find("waiting") { div { (table(lang, t, &base, &query)) } }
                }
            }
            section {
                h2 #at_risk { (page.t("outcomes-t-at-risk")) }
                p.muted {
                    (t!(lang, at_risk_help, hours = r.target_hours)) " "
                    a href="/queue" { (page.t("outcomes-open-queue")) }
                }
                @if r.at_risk.is_empty() { p { (page.t("outcomes-none-at-risk")) } }
                @else {
                    ul { @for q in &r.at_risk { li { a href={ "/t/" (q.topic_id) } { (q.title) } " · " span data-content { (q.community) } " · " (t!(lang, "outcomes-waiting-since", duration = span(lang, q.waiting_secs))) } } }
                }
                @if let Some(t) = find("at_risk") { @if !t.rows.is_empty() { p { a href={ (base) "?" (query) "&format=csv&table=at_risk" } { (page.t("outcomes-export-plain")) } } } }
            }
            @for id in ["escalations", "ideas", "lead_users", "sources"] {
                @if let Some(t) = find(id) {
                    section {
                        h2 id=(t.id) { (t.title) }
                        @if id == "lead_users" {
                            p.muted {
                                (t!(lang, "outcomes-lead-users-help",
                                    before = r.returning_helpers.1,
                                    again = r.returning_helpers.0))
                            }
                        }
                        (table(lang, t, &base, &query))
                    }
                }
            }
            @if let Some(c) = &r.scope {
                section {
                    h2 #settings { (page.t("outcomes-settings")) }
                    form method="post" action={ (base) "/settings" } {
                        (csrf_field(&page.csrf))
                        label { (page.t("outcomes-target-hours")) " "
                            input type="number" name="target_hours" min="1" max="720" value=(r.target_hours); }
                        " "
                        @if let Some(off) = opted_out {
                            label { input type="checkbox" name="monthly_mail" value="on" checked[!off]; " " (t!(lang, "outcomes-monthly-mail", community = c.name.as_str())) }
                            " "
                        }
                        button type="submit" { (page.t("outcomes-save")) }
                    }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_figures_follow_french_conventions() {
        assert_eq!(num(Lang::Fr, 1234), "1\u{202f}234");
        assert_eq!(pct(Lang::Fr, 45, 100), "45\u{202f}%");
        assert_eq!(pct(Lang::Fr, 1, 3), "33,3\u{202f}%");
        assert_eq!(span(Lang::Fr, 3 * 3600 + 20 * 60), "3 h 20 min");
        assert_eq!(per_thousand(Lang::Fr, 3, 2000), "1,5");
        assert_eq!(age_label(Lang::Fr, "under 1 day"), "moins d’un jour");
    }

    #[test]
    fn english_figures_stay_as_the_dashboard_printed_them() {
        assert_eq!(num(Lang::En, 1234), "1,234");
        assert_eq!(pct(Lang::En, 45, 100), "45.0 %");
        assert_eq!(span(Lang::En, 2 * 3600 + 30 * 60), "2.5 h");
        assert_eq!(pct(Lang::En, 0, 0), "–");
        assert_eq!(age_label(Lang::En, "1 to 3 days"), "1 to 3 days");
    }
}
