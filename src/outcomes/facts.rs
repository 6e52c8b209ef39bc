//! Computing the daily facts of one UTC day from the event log: the per-question rows
//! (`outcome_questions`), the counts (`outcome_daily`), the help given per member
//! (`outcome_helpers`) and the escalations (`outcome_escalations`). Idempotent: each
//! day's rows are deleted and inserted again in the caller's transaction.

use std::collections::{BTreeMap, HashMap, HashSet};

use diesel::prelude::*;

use crate::db::models::outcome_events::OutcomeEvent;
use crate::db::schema::{
    embed_events, outcome_daily, outcome_escalations, outcome_events as ev, outcome_helpers,
    outcome_questions,
};
use crate::db::{DbConn, EventKind, Timestamp};
use crate::outcomes::events::TO_OTHER;

/// Microseconds in a day.
pub const DAY_US: i64 = 86_400_000_000;
/// Rows per multi-row statement.
const CHUNK: usize = 400;

/// The UTC day (days since 1970-01-01) of `t`.
pub fn day_of(t: Timestamp) -> i64 {
    t.micros().div_euclid(DAY_US)
}

/// The first instant of `day`.
pub fn day_start(day: i64) -> Timestamp {
    Timestamp::from_micros(day.saturating_mul(DAY_US))
}

/// One question as the facts see it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = outcome_questions)]
pub struct QuestionFact {
    pub topic_id: String,
    pub community_id: String,
    pub day: i64,
    pub asked_at: i64,
    pub author_id: Option<String>,
    pub first_response_at: Option<i64>,
    pub first_response_employee: bool,
    pub first_employee_at: Option<i64>,
    pub solved_at: Option<i64>,
    pub brand_answered: bool,
}

fn events_between(conn: &mut DbConn, from: i64, to: i64) -> QueryResult<Vec<OutcomeEvent>> {
    ev::table
        .filter(ev::occurred_at.ge(from))
        .filter(ev::occurred_at.lt(to))
        .order((ev::occurred_at.asc(), ev::id.asc()))
        .select(OutcomeEvent::as_select())
        .load(conn)
}

fn events_of_topics(
    conn: &mut DbConn,
    topics: &[String],
    upto: i64,
) -> QueryResult<Vec<OutcomeEvent>> {
    let mut out = Vec::new();
    for chunk in topics.chunks(CHUNK) {
        out.extend(
            ev::table
                .filter(ev::topic_id.eq_any(chunk))
                .filter(ev::occurred_at.le(upto))
                .order((ev::occurred_at.asc(), ev::id.asc()))
                .select(OutcomeEvent::as_select())
                .load(conn)?,
        );
    }
    out.sort_by(|a, b| (a.occurred_at, &a.id).cmp(&(b.occurred_at, &b.id)));
    Ok(out)
}

/// Posts whose last delete/restore event deleted them.
fn deleted_posts(events: &[OutcomeEvent]) -> HashSet<String> {
    let mut state: HashMap<String, bool> = HashMap::new();
    for e in events.iter().filter(|e| e.kind == EventKind::PostDeleted) {
        if let Some(p) = &e.post_id {
            state.insert(p.to_string(), e.detail == "deleted");
        }
    }
    state
        .into_iter()
        .filter(|(_, d)| *d)
        .map(|(p, _)| p)
        .collect()
}

/// Folds a question's later events into its row: the first reply by someone other than
/// the asker (a reply by the asker alone leaves it unanswered), the first by an
/// employee, an answer given as the brand, and the accepted answer (by someone else)
/// that is still accepted. Deleted posts are ignored.
pub fn fold_question(q: &mut QuestionFact, events: &[&OutcomeEvent], deleted: &HashSet<String>) {
    let mut solved: Option<(i64, String)> = None;
    for e in events {
        let post = e
            .post_id
            .as_ref()
            .map(|p| p.to_string())
            .unwrap_or_default();
        if deleted.contains(&post) {
            continue;
        }
        let at = e.occurred_at.micros();
        let by_other = e.actor_id.as_ref().map(|a| a.to_string()) != q.author_id;
        match e.kind {
            EventKind::ReplyPosted if e.detail == TO_OTHER && by_other => {
                if q.first_response_at.is_none() {
                    q.first_response_at = Some(at);
                    q.first_response_employee = e.actor_is_employee;
                }
                if e.actor_is_employee && q.first_employee_at.is_none() {
                    q.first_employee_at = Some(at);
                }
            }
            EventKind::BrandAnswer => q.brand_answered = true,
            EventKind::AnswerAccepted if e.detail != "self" && by_other => {
                solved = Some((at, post));
            }
            EventKind::AnswerUnaccepted if solved.as_ref().is_some_and(|(_, p)| *p == post) => {
                solved = None;
            }
            _ => {}
        }
    }
    q.solved_at = solved.map(|(at, _)| at);
}

/// Recomputes every fact of `day` from the events known at `now`.
pub fn recompute_day(conn: &mut DbConn, day: i64, now: Timestamp) -> QueryResult<()> {
    let (from, to) = (day_start(day).micros(), day_start(day + 1).micros());
    let today = events_between(conn, from, to)?;

    // Questions asked this day, with everything that happened to them since.
    let asked: Vec<&OutcomeEvent> = today
        .iter()
        .filter(|e| e.kind == EventKind::QuestionAsked)
        .collect();
    let ids: Vec<String> = asked
        .iter()
        .filter_map(|e| e.topic_id.as_ref().map(|t| t.to_string()))
        .collect();
    let later = events_of_topics(conn, &ids, now.micros())?;
    let deleted = deleted_posts(&later);
    let mut by_topic: HashMap<String, Vec<&OutcomeEvent>> = HashMap::new();
    for e in &later {
        if let Some(t) = &e.topic_id {
            by_topic.entry(t.to_string()).or_default().push(e);
        }
    }
    let mut questions = Vec::new();
    for e in &asked {
        let (Some(t), Some(c)) = (&e.topic_id, &e.community_id) else {
            continue;
        };
        if e.post_id
            .as_ref()
            .is_some_and(|p| deleted.contains(p.as_str()))
        {
            continue;
        }
        let mut q = QuestionFact {
            topic_id: t.to_string(),
            community_id: c.to_string(),
            day,
            asked_at: e.occurred_at.micros(),
            author_id: e.actor_id.as_ref().map(|a| a.to_string()),
            first_response_at: None,
            first_response_employee: false,
            first_employee_at: None,
            solved_at: None,
            brand_answered: false,
        };
        let evs = by_topic.get(t.as_str()).map_or(&[][..], |v| v);
        fold_question(&mut q, evs, &deleted);
        questions.push(q);
    }
    diesel::delete(outcome_questions::table.filter(outcome_questions::day.eq(day)))
        .execute(conn)?;
    for chunk in questions.chunks(CHUNK) {
        crate::db::native!(conn, c => diesel::insert_into(outcome_questions::table)
            .values(chunk)
            .execute(c))?;
    }

    let counts = daily_counts(conn, &today, from, to, now)?;
    diesel::delete(outcome_daily::table.filter(outcome_daily::day.eq(day))).execute(conn)?;
    let rows: Vec<_> = counts
        .iter()
        .map(|((c, m), v)| {
            (
                outcome_daily::community_id.eq(c.as_str()),
                outcome_daily::day.eq(day),
                outcome_daily::metric.eq(m.as_str()),
                outcome_daily::value.eq(*v),
            )
        })
        .collect();
    for chunk in rows.chunks(CHUNK) {
        crate::db::native!(conn, c => diesel::insert_into(outcome_daily::table)
            .values(chunk)
            .execute(c))?;
    }

    helpers(conn, &today, day)?;
    escalations(conn, &today, day, now)?;
    Ok(())
}

fn community_key(e: &OutcomeEvent) -> String {
    e.community_id
        .as_ref()
        .map(|c| c.to_string())
        .unwrap_or_default()
}

/// The counts of one day per (sub-community, metric).
fn daily_counts(
    conn: &mut DbConn,
    today: &[OutcomeEvent],
    from: i64,
    to: i64,
    now: Timestamp,
) -> QueryResult<BTreeMap<(String, String), i64>> {
    let mut counts: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut add = |c: String, m: &str, n: i64| *counts.entry((c, m.to_string())).or_insert(0) += n;
    let mut new_members: Vec<(String, String, Option<String>)> = Vec::new();
    for e in today {
        let c = community_key(e);
        match e.kind {
            EventKind::TopicCreated => add(c, "posts", 1),
            EventKind::ReplyPosted => {
                add(c.clone(), "posts", 1);
                add(c, "replies", 1);
            }
            EventKind::BrandAnswer => add(c, "brand_answers", 1),
            EventKind::AnswerAccepted => add(c, "accepted", 1),
            EventKind::FlagRaised => add(c, "flags", 1),
            EventKind::ReviewActed => {
                add(c.clone(), "review_acted", 1);
                add(c, "review_wait_secs", e.detail.parse().unwrap_or(0));
            }
            EventKind::SearchNoResult => add(c, "search_no_result", 1),
            EventKind::IdeaStatusChanged => add(c, &format!("idea:{}", e.detail), 1),
            EventKind::SignUp => {
                if let Some(a) = &e.actor_id {
                    new_members.push((String::new(), a.to_string(), None));
                }
            }
            EventKind::InvitationAccepted => {
                if let Some(a) = &e.actor_id {
                    new_members.push((c, a.to_string(), Some(e.detail.clone())));
                }
            }
            _ => {}
        }
    }
    // Of the new members, who posted and who answered someone (up to now).
    let actors: Vec<String> = new_members.iter().map(|m| m.1.clone()).collect();
    let mut posted = HashSet::new();
    let mut answered = HashSet::new();
    for chunk in actors.chunks(CHUNK) {
        let rows: Vec<(Option<String>, EventKind, String)> = ev::table
            .filter(ev::actor_id.eq_any(chunk))
            .filter(ev::kind.eq_any([EventKind::TopicCreated, EventKind::ReplyPosted]))
            .filter(ev::occurred_at.le(now.micros()))
            .select((ev::actor_id, ev::kind, ev::detail))
            .load(conn)?;
        for (a, k, d) in rows.into_iter() {
            let Some(a) = a else { continue };
            if k == EventKind::ReplyPosted && d == TO_OTHER {
                answered.insert(a.clone());
            }
            posted.insert(a);
        }
    }
    for (c, a, source) in new_members {
        match source {
            None => {
                add(c.clone(), "sign_ups", 1);
                add(c, "sign_ups_posted", i64::from(posted.contains(&a)));
            }
            Some(s) => {
                add(c.clone(), &format!("source:{s}"), 1);
                add(
                    c.clone(),
                    &format!("source_posted:{s}"),
                    i64::from(posted.contains(&a)),
                );
                add(
                    c,
                    &format!("source_answered:{s}"),
                    i64::from(answered.contains(&a)),
                );
            }
        }
    }
    // Deflections: the composer's `deflected` rows that survived (a composer that
    // posted after all deleted its row).
    let deflected: Vec<Option<String>> = embed_events::table
        .filter(embed_events::kind.eq("deflected"))
        .filter(embed_events::created_at.ge(from))
        .filter(embed_events::created_at.lt(to))
        .select(embed_events::community_id)
        .load(conn)?;
    for c in deflected {
        add(c.unwrap_or_default(), "deflections", 1);
    }
    Ok(counts)
}

/// Help given this day per member: accepted answers (not their own question) and
/// replies to others' topics.
fn helpers(conn: &mut DbConn, today: &[OutcomeEvent], day: i64) -> QueryResult<()> {
    let mut help: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    for e in today {
        let Some(a) = &e.actor_id else { continue };
        let key = (community_key(e), a.to_string());
        match e.kind {
            EventKind::AnswerAccepted if e.detail != "self" => help.entry(key).or_default().0 += 1,
            EventKind::ReplyPosted if e.detail == TO_OTHER => help.entry(key).or_default().1 += 1,
            _ => {}
        }
    }
    diesel::delete(outcome_helpers::table.filter(outcome_helpers::day.eq(day))).execute(conn)?;
    let rows: Vec<_> = help
        .iter()
        .map(|((c, u), (acc, rep))| {
            (
                outcome_helpers::community_id.eq(c.as_str()),
                outcome_helpers::day.eq(day),
                outcome_helpers::user_id.eq(u.as_str()),
                outcome_helpers::accepted.eq(*acc),
                outcome_helpers::replies.eq(*rep),
            )
        })
        .collect();
    for chunk in rows.chunks(CHUNK) {
        crate::db::native!(conn, c => diesel::insert_into(outcome_helpers::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

/// Escalations opened this day (team = the opened event's detail), resolved when their
/// latest status event (up to now) is `resolved` or `declined`.
fn escalations(
    conn: &mut DbConn,
    today: &[OutcomeEvent],
    day: i64,
    now: Timestamp,
) -> QueryResult<()> {
    let opened: Vec<&OutcomeEvent> = today
        .iter()
        .filter(|e| e.kind == EventKind::EscalationOpened && e.subject_id.is_some())
        .collect();
    let subjects: Vec<String> = opened.iter().filter_map(|e| e.subject_id.clone()).collect();
    let mut resolved: HashMap<String, Option<i64>> = HashMap::new();
    for chunk in subjects.chunks(CHUNK) {
        let rows: Vec<(Option<String>, EventKind, i64, String)> = ev::table
            .filter(ev::subject_id.eq_any(chunk))
            .filter(ev::kind.eq_any([EventKind::EscalationUpdated, EventKind::EscalationResolved]))
            .filter(ev::occurred_at.le(now.micros()))
            .order((ev::occurred_at.asc(), ev::id.asc()))
            .select((ev::subject_id, ev::kind, ev::occurred_at, ev::detail))
            .load(conn)?;
        for (s, k, at, detail) in rows {
            let Some(s) = s else { continue };
            let slot = resolved.entry(s).or_insert(None);
            match (k, detail.as_str()) {
                (EventKind::EscalationResolved, _) => {
                    slot.get_or_insert(at);
                }
                (_, "open" | "in_progress") => *slot = None,
                _ => {}
            }
        }
    }
    diesel::delete(outcome_escalations::table.filter(outcome_escalations::day.eq(day)))
        .execute(conn)?;
    for e in opened {
        let Some(s) = &e.subject_id else { continue };
        diesel::insert_into(outcome_escalations::table)
            .values((
                outcome_escalations::subject_id.eq(s),
                outcome_escalations::community_id.eq(community_key(e)),
                outcome_escalations::day.eq(day),
                outcome_escalations::team.eq(&e.detail),
                outcome_escalations::opened_at.eq(e.occurred_at.micros()),
                outcome_escalations::resolved_at.eq(resolved.get(s).copied().flatten()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Late answers to questions of days no longer recomputed (before `before_day`): events
/// since `since` fill in a first response or a solution still missing, and never take
/// one away (a deleted post changes a past day only when that day is recomputed).
pub fn fill_late(
    conn: &mut DbConn,
    since: Timestamp,
    before_day: i64,
    now: Timestamp,
) -> QueryResult<()> {
    let recent: Vec<OutcomeEvent> = ev::table
        .filter(ev::occurred_at.ge(since.micros()))
        .filter(ev::occurred_at.le(now.micros()))
        .filter(ev::kind.eq_any([
            EventKind::ReplyPosted,
            EventKind::AnswerAccepted,
            EventKind::BrandAnswer,
            EventKind::PostDeleted,
        ]))
        .order((ev::occurred_at.asc(), ev::id.asc()))
        .select(OutcomeEvent::as_select())
        .load(conn)?;
    let topics: Vec<String> = recent
        .iter()
        .filter_map(|e| e.topic_id.as_ref().map(|t| t.to_string()))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let deleted = deleted_posts(&recent);
    for chunk in topics.chunks(CHUNK) {
        let rows: Vec<QuestionFact> = outcome_questions::table
            .filter(outcome_questions::topic_id.eq_any(chunk))
            .filter(outcome_questions::day.lt(before_day))
            .select(QuestionFact::as_select())
            .load(conn)?;
        for old in rows {
            let mine: Vec<&OutcomeEvent> = recent
                .iter()
                .filter(|e| {
                    e.topic_id
                        .as_ref()
                        .is_some_and(|t| t.as_str() == old.topic_id)
                })
                .collect();
            let mut fresh = QuestionFact {
                first_response_at: None,
                first_response_employee: false,
                first_employee_at: None,
                solved_at: None,
                brand_answered: false,
                ..old.clone()
            };
            fold_question(&mut fresh, &mine, &deleted);
            let mut new = old.clone();
            if new.first_response_at.is_none() && fresh.first_response_at.is_some() {
                new.first_response_at = fresh.first_response_at;
                new.first_response_employee = fresh.first_response_employee;
            }
            new.first_employee_at = new.first_employee_at.or(fresh.first_employee_at);
            new.solved_at = new.solved_at.or(fresh.solved_at);
            new.brand_answered |= fresh.brand_answered;
            if new != old {
                diesel::update(outcome_questions::table.find(&new.topic_id))
                    .set((
                        outcome_questions::first_response_at.eq(new.first_response_at),
                        outcome_questions::first_response_employee.eq(new.first_response_employee),
                        outcome_questions::first_employee_at.eq(new.first_employee_at),
                        outcome_questions::solved_at.eq(new.solved_at),
                        outcome_questions::brand_answered.eq(new.brand_answered),
                    ))
                    .execute(conn)?;
            }
        }
    }
    Ok(())
}
