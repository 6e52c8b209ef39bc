//! The outcome dashboard pages: `/admin/outcomes` (every sub-community the reader may
//! see) and `/c/{slug}/outcomes` (one). Every metric has a one-line definition; every
//! chart (see `charts`) has a title, a text alternative and its table beside it; every
//! table exports as CSV (`?format=csv&table=ID`). Pure functions of the report.

use maud::{html, Markup};

use crate::outcomes::charts;
use crate::outcomes::facts::day_start;
use crate::outcomes::report::{Figures, Report};
use crate::outcomes::stats::{human, share, Percentile};
use crate::views::components::{csrf_field, empty_state};
use crate::views::{layout, Page};

/// One row of the summary table.
pub struct Metric {
    pub label: &'static str,
    pub definition: &'static str,
    pub current: String,
    pub previous: String,
}

/// A table as plain cells, shared by the page and the CSV export.
pub struct Table {
    pub id: &'static str,
    pub title: &'static str,
    pub head: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

fn pct(part: i64, whole: i64) -> String {
    share(part, whole).map_or("–".to_string(), |v| format!("{v:.1} %"))
}

fn duration(p: Option<Percentile>) -> String {
    match p {
        None => "–".to_string(),
        Some(p) if p.waiting => format!("more than {} (still waiting)", human(p.secs)),
        Some(p) => human(p.secs),
    }
}

fn per_thousand(part: i64, whole: i64) -> String {
    if whole == 0 {
        "–".to_string()
    } else {
        format!("{:.1}", part as f64 * 1000.0 / whole as f64)
    }
}

fn avg_secs(total: i64, n: i64) -> String {
    if n == 0 {
        "–".to_string()
    } else {
        human(total / n)
    }
}

fn day_label(day: i64) -> String {
    day_start(day).date_string()
}

/// A metric: its label, its one-line definition, how to read it from a period's figures.
type MetricDef = (&'static str, &'static str, fn(&Figures) -> String);

/// The headline metrics with their definitions, this period and the previous one.
pub fn summary(r: &Report) -> Vec<Metric> {
    let rows: [MetricDef; 17] = [
        ("Questions asked", "Questions published in the period (held questions count when approved; deleted ones count until their day is recomputed).", |f| f.questions.to_string()),
        ("Answered within 24 h", "Share of those questions whose first reply by someone other than the asker came within 24 hours.", |f| pct(f.answered_24h, f.questions)),
        ("Answered within 72 h", "The same within 72 hours.", |f| pct(f.answered_72h, f.questions)),
        ("Solved", "Share of those questions with an accepted answer written by someone other than the asker.", |f| pct(f.solved, f.questions)),
        ("Time to first response, median", "Half of the questions had a first reply by someone else within this time; questions still waiting count with their age so far.", |f| duration(f.first_response[0])),
        ("Time to first response, 90th percentile", "Nine questions in ten had a first reply within this time (waiting questions counted as waiting).", |f| duration(f.first_response[1])),
        ("Time to solution, median", "Half of the questions had an accepted answer within this time (unsolved ones count with their age so far).", |f| duration(f.solution[0])),
        ("Time to solution, 90th percentile", "Nine questions in ten were solved within this time (unsolved counted as waiting).", |f| duration(f.solution[1])),
        ("First answered by an employee", "Answered questions whose first reply came from an employee; median time in brackets.", |f| format!("{} ({})", f.employee_first, duration(f.employee_first_median))),
        ("First answered by a member", "Answered questions whose first reply came from a member; median time in brackets.", |f| format!("{} ({})", f.member_first, duration(f.member_first_median))),
        ("Employee coverage", "Of the questions no member answered within the target time (they needed the employee queue), the share an employee answered within it.", |f| pct(f.covered, f.needed_queue)),
        ("Answers given as the brand", "Share of replies posted as the company (official answers).", |f| pct(f.count("brand_answers"), f.count("replies"))),
        ("Deflected questions (explicit)", "Visitors who clicked a suggested answer while asking and then did not post: counted, not estimated.", |f| f.count("deflections").to_string()),
        ("Searches with no result", "Searches that found nothing: content to write.", |f| f.count("search_no_result").to_string()),
        ("Flags per 1,000 posts", "Flags raised for every thousand posts published in the period.", |f| per_thousand(f.count("flags"), f.count("posts"))),
        ("Time to act on the review queue", "Average time a review item waited before a moderator acted on it.", |f| avg_secs(f.count("review_wait_secs"), f.count("review_acted"))),
        ("New members (posted)", "Accounts created in the period (site-wide only), and in brackets how many of them have posted since.", |f| format!("{} ({})", f.count("sign_ups"), f.count("sign_ups_posted"))),
    ];
    rows.iter()
        .map(|(label, definition, value)| Metric {
            label,
            definition,
            current: value(&r.current),
            previous: value(&r.previous),
        })
        .collect()
}

/// Every table of the page, by id (the CSV export's `table=`).
pub fn tables(r: &Report) -> Vec<Table> {
    let f = &r.current;
    vec![
        Table {
            id: "summary",
            title: "Summary",
            head: vec!["Metric", "This period", "Previous period", "Definition"],
            rows: summary(r)
                .into_iter()
                .map(|m| vec![m.label.into(), m.current, m.previous, m.definition.into()])
                .collect(),
        },
        Table {
            id: "daily",
            title: "Questions per day",
            head: vec!["Day", "Questions asked", "Answered within 24 h"],
            rows: f
                .per_day
                .iter()
                .map(|(d, n, a)| vec![day_label(*d), n.to_string(), a.to_string()])
                .collect(),
        },
        Table {
            id: "waiting",
            title: "Questions waiting now, by age",
            head: vec!["Waiting for", "Questions"],
            rows: r
                .age_histogram
                .iter()
                .map(|(k, n)| vec![(*k).to_string(), n.to_string()])
                .collect(),
        },
        Table {
            id: "escalations",
            title: "Escalations by team",
            head: vec!["Team", "Opened", "Resolved", "Median time to resolution"],
            rows: f
                .escalations
                .iter()
                .map(|t| {
                    vec![
                        if t.team.is_empty() {
                            "(no team)".into()
                        } else {
                            t.team.clone()
                        },
                        t.opened.to_string(),
                        t.resolved.to_string(),
                        duration(t.median_resolution),
                    ]
                })
                .collect(),
        },
        Table {
            id: "ideas",
            title: "Ideas by new status",
            head: vec!["Status", "Ideas moved to it"],
            rows: f
                .ideas()
                .into_iter()
                .map(|(s, n)| vec![s.replace('_', " "), n.to_string()])
                .collect(),
        },
        Table {
            id: "lead_users",
            title: "Lead users",
            head: vec!["Member", "Accepted answers", "Replies to others"],
            rows: f
                .helpers
                .iter()
                .map(|h| {
                    vec![
                        h.username.clone(),
                        h.accepted.to_string(),
                        h.replies.to_string(),
                    ]
                })
                .collect(),
        },
        Table {
            id: "sources",
            title: "Members by source",
            head: vec![
                "Source",
                "Signed up",
                "Of them posted",
                "Of them answered someone",
            ],
            rows: f
                .sources
                .iter()
                .map(|s| {
                    vec![
                        s.label.clone(),
                        s.signups.to_string(),
                        s.posted.to_string(),
                        s.answered.to_string(),
                    ]
                })
                .collect(),
        },
        Table {
            id: "at_risk",
            title: "Questions at risk now",
            head: vec!["Question", "Sub-community", "Waiting for"],
            rows: r
                .at_risk
                .iter()
                .map(|q| vec![q.title.clone(), q.community.clone(), human(q.waiting_secs)])
                .collect(),
        },
    ]
}

fn table(t: &Table, base: &str, query: &str) -> Markup {
    html! {
        @if t.rows.is_empty() {
            p.muted { "Nothing in this period." }
        } @else {
            table.table aria-labelledby=(t.id) {
                thead { tr { @for h in &t.head { th scope="col" { (h) } } } }
                tbody { @for row in &t.rows { tr { @for c in row { td { (c) } } } } }
            }
        }
        p { a href={ (base) "?" (query) "&format=csv&table=" (t.id) } { "Export “" (t.title) "” as CSV" } }
    }
}

/// The dashboard page.
pub fn page(page: &Page, r: &Report, opted_out: Option<bool>) -> Markup {
    let (title, base) = match &r.scope {
        Some(c) => (
            format!("Outcomes: {}", c.name),
            format!("/c/{}/outcomes", c.slug),
        ),
        None => ("Outcomes".to_string(), "/admin/outcomes".to_string()),
    };
    let query = format!(
        "from={}&to={}",
        day_label(r.range.from),
        day_label(r.range.to)
    );
    let prev = r.range.previous();
    let tables = tables(r);
    let find = |id: &str| tables.iter().find(|t| t.id == id);
    layout(
        page,
        &title,
        html! {
            @match &r.scope {
                Some(c) => { p { a href={ "/c/" (c.slug) } { "← " (c.name) } } }
                None => { (crate::admin::views::admin_nav("/admin/outcomes")) }
            }
            h1 { (title) }
            p.lead {
                "What the community achieved from " (day_label(r.range.from)) " to " (day_label(r.range.to))
                ", compared with " (day_label(prev.from)) " to " (day_label(prev.to)) ". "
                "Figures come from the daily facts, recomputed every few minutes for the last days."
            }
            form.filters method="get" action=(base) {
                label { "From " input type="date" name="from" value=(day_label(r.range.from)); }
                " "
                label { "To " input type="date" name="to" value=(day_label(r.range.to)); }
                " "
                button type="submit" { "Show" }
            }
            @if r.current.questions == 0 && r.current.counts.is_empty() && r.waiting_now == 0 {
                (empty_state("No activity in this period", html! {
                    p { "Questions, replies, accepted answers and the rest appear here once members start asking. Nothing to measure yet." }
                }))
            }
            section {
                h2 #summary { "Summary" }
                @if let Some(t) = find("summary") { (table(t, &base, &query)) }
            }
            section {
                h2 #daily { "Questions per day" }
                div.columns.even {
                    (charts::daily(&r.current.per_day))
                    @if let Some(t) = find("daily") { div { (table(t, &base, &query)) } }
                }
            }
            section {
                h2 #waiting { "Waiting now: " (r.waiting_now) }
                p.muted { "Questions nobody but their asker has replied to, by how long they have waited." }
                div.columns.even {
                    (charts::histogram(&r.age_histogram))
                    @if let Some(t) = find("waiting") { div { (table(t, &base, &query)) } }
                }
            }
            section {
                h2 #at_risk { "Questions at risk now" }
                p.muted {
                    "Unanswered past the target first-response time ("
                    (r.target_hours) " h" @if r.scope.is_none() { " unless a sub-community set its own" } "). "
                    a href="/queue" { "Open the employee queue" }
                }
                @if r.at_risk.is_empty() { p { "No question is past its target time." } }
                @else {
                    ul { @for q in &r.at_risk { li { a href={ "/t/" (q.topic_id) } { (q.title) } " · " (q.community) " · waiting " (human(q.waiting_secs)) } } }
                }
                @if let Some(t) = find("at_risk") { @if !t.rows.is_empty() { p { a href={ (base) "?" (query) "&format=csv&table=at_risk" } { "Export as CSV" } } } }
            }
            @for id in ["escalations", "ideas", "lead_users", "sources"] {
                @if let Some(t) = find(id) {
                    section {
                        h2 id=(t.id) { (t.title) }
                        @if id == "lead_users" {
                            p.muted {
                                "Top helpers by accepted answers, then replies to others (not by their own posts). Of the previous period's "
                                (r.returning_helpers.1) ", " (r.returning_helpers.0) " helped again in this one."
                            }
                        }
                        (table(t, &base, &query))
                    }
                }
            }
            @if let Some(c) = &r.scope {
                section {
                    h2 #settings { "Settings" }
                    form method="post" action={ (base) "/settings" } {
                        (csrf_field(&page.csrf))
                        label { "Target first-response time (hours) "
                            input type="number" name="target_hours" min="1" max="720" value=(r.target_hours); }
                        " "
                        @if let Some(off) = opted_out {
                            label { input type="checkbox" name="monthly_mail" value="on" checked[!off]; " Send me the monthly outcome mail for " (c.name) }
                            " "
                        }
                        button type="submit" { "Save" }
                    }
                }
            }
        },
    )
}
