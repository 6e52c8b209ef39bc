//! The figures of a date range for the dashboard, read from the daily facts only (never
//! by scanning posts): per-question rows for exact medians, counts per day, help per
//! member, escalations. Scoped to the sub-communities the reader may see.

use std::collections::{BTreeMap, HashMap};

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::auth::Guardian;
use crate::db::models::communities::{self, Community};
use crate::db::schema::{
    outcome_daily, outcome_escalations, outcome_helpers, outcome_questions, outcome_targets,
    topics, users,
};
use crate::db::{DbConn, Timestamp};
use crate::error::{AppError, AppResult};
use crate::outcomes::facts::{day_of, day_start, QuestionFact};
use crate::outcomes::stats::{percentile, Percentile, Span};
use crate::state::AppState;

/// The target first-response time when a sub-community has none.
pub const DEFAULT_TARGET_HOURS: i64 = 24;
/// Rows in the lead users and at-risk lists.
pub const TOP: usize = 10;
pub const AT_RISK_ROWS: i64 = 20;
/// The longest range one report covers.
pub const MAX_DAYS: i64 = 366;

/// An inclusive range of UTC days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub from: i64,
    pub to: i64,
}

impl Range {
    pub fn days(&self) -> i64 {
        self.to - self.from + 1
    }
    /// The period of the same length just before.
    pub fn previous(&self) -> Range {
        Range {
            from: self.from - self.days(),
            to: self.from - 1,
        }
    }
    /// `from`/`to` (`YYYY-MM-DD`) from the query string; the last 30 days otherwise.
    pub fn parse(from: Option<&str>, to: Option<&str>, now: Timestamp) -> Range {
        let today = day_of(now);
        let parse = |s: Option<&str>| s.and_then(crate::outcomes::job::parse_day);
        let to = parse(to).unwrap_or(today).min(today);
        let from = parse(from).unwrap_or(to - 29);
        if from > to || to - from >= MAX_DAYS {
            return Range { from: to - 29, to };
        }
        Range { from, to }
    }
}

/// The figures of one period.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub questions: i64,
    pub answered_24h: i64,
    pub answered_72h: i64,
    pub answered: i64,
    pub solved: i64,
    pub first_response: [Option<Percentile>; 2],
    pub solution: [Option<Percentile>; 2],
    pub employee_first: i64,
    pub member_first: i64,
    pub employee_first_median: Option<Percentile>,
    pub member_first_median: Option<Percentile>,
    /// Questions that needed the employee queue, and of them answered by an employee
    /// within the target time.
    pub needed_queue: i64,
    pub covered: i64,
    pub counts: BTreeMap<String, i64>,
    pub escalations: Vec<TeamRow>,
    pub helpers: Vec<HelperRow>,
    pub sources: Vec<SourceRow>,
    /// Per day: (day, questions asked, answered within 24 h).
    pub per_day: Vec<(i64, i64, i64)>,
}

impl Figures {
    pub fn count(&self, metric: &str) -> i64 {
        self.counts.get(metric).copied().unwrap_or(0)
    }
    /// Ideas by the status they moved to, and how many.
    pub fn ideas(&self) -> Vec<(String, i64)> {
        self.counts
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("idea:").map(|s| (s.to_string(), *v)))
            .collect()
    }
}

#[derive(Debug, Clone, Default)]
pub struct TeamRow {
    pub team: String,
    pub opened: i64,
    pub resolved: i64,
    pub median_resolution: Option<Percentile>,
}

#[derive(Debug, Clone)]
pub struct HelperRow {
    pub user_id: String,
    pub username: String,
    pub accepted: i64,
    pub replies: i64,
}

#[derive(Debug, Clone, Default)]
pub struct SourceRow {
    pub label: String,
    pub signups: i64,
    pub posted: i64,
    pub answered: i64,
}

#[derive(Debug, Clone)]
pub struct AtRisk {
    pub topic_id: String,
    pub title: String,
    pub community: String,
    pub waiting_secs: i64,
}

/// The whole report.
#[derive(Debug, Clone)]
pub struct Report {
    /// `None`: every sub-community the reader may see.
    pub scope: Option<Community>,
    pub communities: Vec<Community>,
    pub range: Range,
    pub now: Timestamp,
    pub current: Figures,
    pub previous: Figures,
    /// Of the previous period's lead users, how many helped again in this one.
    pub returning_helpers: (i64, i64),
    pub waiting_now: i64,
    /// Questions waiting now by age: (label key, count), in order.
    pub age_histogram: Vec<(&'static str, i64)>,
    pub at_risk: Vec<AtRisk>,
    /// The scope's target first-response time (the sub-community's, or the default).
    pub target_hours: i64,
}

/// The age buckets of the waiting histogram: (key, lower bound in hours).
pub const AGE_BUCKETS: [(&str, i64); 5] = [
    ("under 1 day", 0),
    ("1 to 3 days", 24),
    ("3 to 7 days", 72),
    ("7 to 30 days", 168),
    ("over 30 days", 720),
];

/// The report for `scope` (`None`: the whole deployment). A sub-community's report is
/// 404 to anyone who may not read it; the deployment's is 403 to non-staff.
pub async fn report(
    state: &AppState,
    guardian: &Guardian<'_>,
    scope: Option<&Community>,
    range: Range,
) -> AppResult<Report> {
    match scope {
        Some(c) => {
            if !guardian.can_read_outcomes(Some(c)) {
                return Err(AppError::NotFound);
            }
        }
        None => guardian.ensure(guardian.can_read_outcomes(None))?,
    }
    let visible = match scope {
        Some(c) => vec![c.clone()],
        None => {
            let all = state.db(|conn| Ok(communities::all(conn)?)).await?;
            guardian.visible_communities(all)
        }
    };
    let now = state.clock.now();
    let (site_wide, list, sc) = (scope.is_none(), visible.clone(), scope.cloned());
    state
        .db(move |conn| {
            let ids: Vec<String> = list.iter().map(|c| c.id.to_string()).collect();
            let targets = targets(conn, &ids)?;
            let target_hours = match &sc {
                Some(c) => targets
                    .get(c.id.as_str())
                    .copied()
                    .unwrap_or(DEFAULT_TARGET_HOURS),
                None => DEFAULT_TARGET_HOURS,
            };
            let current = figures(conn, &ids, site_wide, range, now, &targets)?;
            let previous = figures(conn, &ids, site_wide, range.previous(), now, &targets)?;
            let before: Vec<String> = previous.helpers.iter().map(|h| h.user_id.clone()).collect();
            let came_back = helpers_active(conn, &ids, range, &before)?;
            let (waiting_now, age_histogram) = waiting(conn, &ids, now)?;
            let at_risk = at_risk(conn, &ids, &list, &targets, now)?;
            Ok(Report {
                scope: sc,
                communities: list,
                range,
                now,
                current,
                previous,
                returning_helpers: (came_back, before.len() as i64),
                waiting_now,
                age_histogram,
                at_risk,
                target_hours,
            })
        })
        .await
}

/// Each sub-community's target first-response time, in hours.
pub fn targets(conn: &mut DbConn, ids: &[String]) -> QueryResult<HashMap<String, i64>> {
    let rows: Vec<(String, i32)> = outcome_targets::table
        .filter(outcome_targets::community_id.eq_any(ids))
        .select((outcome_targets::community_id, outcome_targets::target_hours))
        .load(conn)?;
    Ok(rows.into_iter().map(|(c, h)| (c, i64::from(h))).collect())
}

/// Sets a sub-community's target first-response time (in the caller's write).
pub fn set_target(conn: &mut DbConn, community: &str, hours: i32) -> QueryResult<()> {
    diesel::delete(outcome_targets::table.find(community)).execute(conn)?;
    diesel::insert_into(outcome_targets::table)
        .values((
            outcome_targets::community_id.eq(community),
            outcome_targets::target_hours.eq(hours),
        ))
        .execute(conn)
        .map(|_| ())
}

fn span(q: &QuestionFact, end: Option<i64>, now: i64) -> Span {
    match end {
        Some(t) => Span {
            secs: (t - q.asked_at).max(0) / 1_000_000,
            waiting: false,
        },
        None => Span {
            secs: (now - q.asked_at).max(0) / 1_000_000,
            waiting: true,
        },
    }
}

/// The figures of `range` over the sub-communities `ids` (and the site-wide counts,
/// sign-ups, when `site_wide`).
pub fn figures(
    conn: &mut DbConn,
    ids: &[String],
    site_wide: bool,
    range: Range,
    now: Timestamp,
    targets: &HashMap<String, i64>,
) -> QueryResult<Figures> {
    let mut f = Figures::default();
    let qs: Vec<QuestionFact> = outcome_questions::table
        .filter(outcome_questions::community_id.eq_any(ids))
        .filter(outcome_questions::day.between(range.from, range.to))
        .select(QuestionFact::as_select())
        .load(conn)?;
    let now_us = now.micros();
    let (mut first, mut solution, mut emp, mut mem) = (vec![], vec![], vec![], vec![]);
    let mut per_day: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for q in &qs {
        f.questions += 1;
        let fr = span(q, q.first_response_at, now_us);
        let within = |h: i64| !fr.waiting && fr.secs <= h * 3600;
        f.answered_24h += i64::from(within(24));
        f.answered_72h += i64::from(within(72));
        let d = per_day.entry(q.day).or_default();
        d.0 += 1;
        d.1 += i64::from(within(24));
        first.push(fr);
        solution.push(span(q, q.solved_at, now_us));
        if !fr.waiting {
            f.answered += 1;
            if q.first_response_employee {
                f.employee_first += 1;
                emp.push(fr);
            } else {
                f.member_first += 1;
                mem.push(fr);
            }
        }
        f.solved += i64::from(q.solved_at.is_some());
        // Needed the employee queue: no member answered first within the target time.
        let target = targets
            .get(&q.community_id)
            .copied()
            .unwrap_or(DEFAULT_TARGET_HOURS)
            * 3600;
        let member_in_time = !fr.waiting && !q.first_response_employee && fr.secs <= target;
        if !member_in_time {
            f.needed_queue += 1;
            let emp_span = span(q, q.first_employee_at, now_us);
            f.covered += i64::from(!emp_span.waiting && emp_span.secs <= target);
        }
    }
    f.first_response = [percentile(&first, 50), percentile(&first, 90)];
    f.solution = [percentile(&solution, 50), percentile(&solution, 90)];
    f.employee_first_median = percentile(&emp, 50);
    f.member_first_median = percentile(&mem, 50);
    f.per_day = (range.from..=range.to)
        .map(|d| {
            let (n, a) = per_day.get(&d).copied().unwrap_or_default();
            (d, n, a)
        })
        .collect();

    let mut scope_ids: Vec<String> = ids.to_vec();
    if site_wide {
        scope_ids.push(String::new());
    }
    let rows: Vec<(String, i64)> = outcome_daily::table
        .filter(outcome_daily::community_id.eq_any(&scope_ids))
        .filter(outcome_daily::day.between(range.from, range.to))
        .select((outcome_daily::metric, outcome_daily::value))
        .load(conn)?;
    let mut sources: BTreeMap<String, SourceRow> = BTreeMap::new();
    for (m, v) in rows {
        if let Some((kind, label)) = m.split_once(':').filter(|(k, _)| k.starts_with("source")) {
            let row = sources.entry(label.to_string()).or_default();
            row.label = label.to_string();
            match kind {
                "source" => row.signups += v,
                "source_posted" => row.posted += v,
                _ => row.answered += v,
            }
        } else {
            *f.counts.entry(m).or_insert(0) += v;
        }
    }
    f.sources = sources.into_values().collect();
    f.escalations = escalations(conn, ids, range)?;
    f.helpers = top_helpers(conn, ids, range)?;
    Ok(f)
}

fn escalations(conn: &mut DbConn, ids: &[String], range: Range) -> QueryResult<Vec<TeamRow>> {
    let rows: Vec<(String, i64, Option<i64>)> = outcome_escalations::table
        .filter(outcome_escalations::community_id.eq_any(ids))
        .filter(outcome_escalations::day.between(range.from, range.to))
        .select((
            outcome_escalations::team,
            outcome_escalations::opened_at,
            outcome_escalations::resolved_at,
        ))
        .load(conn)?;
    let mut teams: BTreeMap<String, (TeamRow, Vec<Span>)> = BTreeMap::new();
    for (team, opened, resolved) in rows {
        let (row, spans) = teams.entry(team.clone()).or_default();
        row.team = team;
        row.opened += 1;
        if let Some(r) = resolved {
            row.resolved += 1;
            spans.push(Span {
                secs: (r - opened).max(0) / 1_000_000,
                waiting: false,
            });
        }
    }
    Ok(teams
        .into_values()
        .map(|(mut row, spans)| {
            row.median_resolution = percentile(&spans, 50);
            row
        })
        .collect())
}

/// The period's lead users: most accepted answers, then most replies to others.
fn top_helpers(conn: &mut DbConn, ids: &[String], range: Range) -> QueryResult<Vec<HelperRow>> {
    // Summed, ranked and cut in the database: a year of a large deployment is hundreds of
    // thousands of (member, day) rows, of which the page shows ten. CAST: PostgreSQL's
    // SUM(bigint) is numeric, SQLite's an integer.
    let accepted = sql::<BigInt>("CAST(SUM(outcome_helpers.accepted) AS BIGINT)");
    let replies = sql::<BigInt>("CAST(SUM(outcome_helpers.replies) AS BIGINT)");
    let top: Vec<(String, i64, i64)> = outcome_helpers::table
        .filter(outcome_helpers::community_id.eq_any(ids))
        .filter(outcome_helpers::day.between(range.from, range.to))
        .group_by(outcome_helpers::user_id)
        .select((outcome_helpers::user_id, accepted.clone(), replies.clone()))
        .order_by((
            accepted.desc(),
            replies.desc(),
            outcome_helpers::user_id.asc(),
        ))
        .limit(TOP as i64)
        .load(conn)?;
    let keys: Vec<&str> = top.iter().map(|t| t.0.as_str()).collect();
    let names: HashMap<String, String> = users::table
        .filter(users::id.eq_any(&keys))
        .select((users::id, users::username))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    Ok(top
        .into_iter()
        .map(|(u, accepted, replies)| HelperRow {
            username: names.get(&u).cloned().unwrap_or_default(),
            user_id: u,
            accepted,
            replies,
        })
        .collect())
}

/// How many of `users` helped at all in `range`.
fn helpers_active(
    conn: &mut DbConn,
    ids: &[String],
    range: Range,
    users: &[String],
) -> QueryResult<i64> {
    if users.is_empty() {
        return Ok(0);
    }
    let active: Vec<String> = outcome_helpers::table
        .filter(outcome_helpers::community_id.eq_any(ids))
        .filter(outcome_helpers::day.between(range.from, range.to))
        .filter(outcome_helpers::user_id.eq_any(users))
        .select(outcome_helpers::user_id)
        .distinct()
        .load(conn)?;
    Ok(active.len() as i64)
}

/// Questions waiting now (no reply by anyone but the asker), and by age.
fn waiting(
    conn: &mut DbConn,
    ids: &[String],
    now: Timestamp,
) -> QueryResult<(i64, Vec<(&'static str, i64)>)> {
    let mut out = Vec::new();
    let mut total = 0;
    for (i, (key, lower)) in AGE_BUCKETS.iter().enumerate() {
        let newest = now.micros() - lower * 3_600_000_000;
        let mut q = outcome_questions::table
            .filter(outcome_questions::community_id.eq_any(ids))
            .filter(outcome_questions::first_response_at.is_null())
            .filter(outcome_questions::asked_at.le(newest))
            .into_boxed();
        if let Some((_, upper)) = AGE_BUCKETS.get(i + 1) {
            q = q.filter(outcome_questions::asked_at.gt(now.micros() - upper * 3_600_000_000));
        }
        let n: i64 = q.count().get_result(conn)?;
        total += n;
        out.push((*key, n));
    }
    Ok((total, out))
}

/// The oldest questions still unanswered past their sub-community's target time.
fn at_risk(
    conn: &mut DbConn,
    ids: &[String],
    list: &[Community],
    targets: &HashMap<String, i64>,
    now: Timestamp,
) -> QueryResult<Vec<AtRisk>> {
    let shortest = ids
        .iter()
        .map(|c| targets.get(c).copied().unwrap_or(DEFAULT_TARGET_HOURS))
        .min()
        .unwrap_or(DEFAULT_TARGET_HOURS);
    let rows: Vec<(String, String, i64, String)> = outcome_questions::table
        .inner_join(topics::table.on(topics::id.eq(outcome_questions::topic_id)))
        .filter(outcome_questions::community_id.eq_any(ids))
        .filter(outcome_questions::first_response_at.is_null())
        .filter(outcome_questions::asked_at.le(now.micros() - shortest * 3_600_000_000))
        .filter(topics::deleted_at.is_null())
        .order(outcome_questions::asked_at.asc())
        .limit(AT_RISK_ROWS * 4)
        .select((
            outcome_questions::topic_id,
            outcome_questions::community_id,
            outcome_questions::asked_at,
            topics::title,
        ))
        .load(conn)?;
    let names: HashMap<&str, &str> = list
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|(t, c, asked, title)| {
            let target = targets.get(&c).copied().unwrap_or(DEFAULT_TARGET_HOURS);
            let waited = (now.micros() - asked) / 1_000_000;
            (waited > target * 3600).then(|| AtRisk {
                topic_id: t,
                title,
                community: names
                    .get(c.as_str())
                    .copied()
                    .unwrap_or_default()
                    .to_string(),
                waiting_secs: waited,
            })
        })
        .take(AT_RISK_ROWS as usize)
        .collect())
}

/// The first instant after `range` (for labels).
pub fn range_end(range: Range) -> Timestamp {
    day_start(range.to + 1)
}
