//! The monthly outcome mail: once per month (the month's row in `outcome_mail_months`
//! makes it once across restarts and nodes), each manager of each sub-community who
//! has not opted out gets last month's headline figures and a link to the dashboard,
//! through the durable outbox.

use diesel::prelude::*;

use crate::db::models::communities;
use crate::db::schema::{community_members, outcome_mail_months, outcome_mail_optouts, users};
use crate::db::{DbConn, Timestamp, UserId};
use crate::error::AppResult;
use crate::mail::{Email, MailMeta};
use crate::outcomes::facts::{day_of, day_start};
use crate::outcomes::report::{figures, targets, Range};
use crate::outcomes::stats::{human, share};
use crate::state::AppState;

/// The previous calendar month of `now`: its `YYYY-MM` and its days.
pub fn previous_month(now: Timestamp) -> (String, Range) {
    let d = now.to_offset_datetime().date();
    let first_this = day_of(now) - i64::from(d.day()) + 1;
    let last_prev = first_this - 1;
    let p = day_start(last_prev).to_offset_datetime().date();
    let first_prev = last_prev - i64::from(p.day()) + 1;
    (
        format!("{:04}-{:02}", p.year(), u8::from(p.month())),
        Range {
            from: first_prev,
            to: last_prev,
        },
    )
}

/// Queues last month's mail unless it was queued already. Sub-communities created after
/// that month ended have nothing to report and are skipped.
pub async fn send_monthly(state: &AppState) -> AppResult<()> {
    let now = state.clock.now();
    let base = state.settings.base_url.trim_end_matches('/').to_string();
    let queued = state
        .write(move |conn| Ok(queue_month(conn, &base, now)?))
        .await?;
    if queued > 0 {
        state.outbox_wake.notify_one();
    }
    Ok(())
}

/// In the caller's write: claims the month, then queues one mail per manager and
/// sub-community. Answers how many were queued (0 when the month was claimed before).
pub fn queue_month(conn: &mut DbConn, base: &str, now: Timestamp) -> QueryResult<usize> {
    let (month, range) = previous_month(now);
    let claimed: i64 = outcome_mail_months::table
        .filter(outcome_mail_months::month.eq(&month))
        .count()
        .get_result(conn)?;
    if claimed > 0 {
        return Ok(0);
    }
    diesel::insert_into(outcome_mail_months::table)
        .values((
            outcome_mail_months::month.eq(&month),
            outcome_mail_months::sent_at.eq(now.micros()),
        ))
        .execute(conn)?;
    let end = day_start(range.to + 1);
    let mut queued = 0;
    for c in communities::all(conn)? {
        if c.created_at >= end {
            continue;
        }
        let managers: Vec<(String, String, String)> = community_members::table
            .inner_join(users::table)
            .filter(community_members::community_id.eq(c.id.as_str()))
            .filter(community_members::role.eq("manager"))
            .select((users::id, users::email, users::username))
            .load(conn)?;
        let off: Vec<String> = outcome_mail_optouts::table
            .filter(outcome_mail_optouts::community_id.eq(c.id.as_str()))
            .select(outcome_mail_optouts::user_id)
            .load(conn)?;
        let managers: Vec<_> = managers
            .into_iter()
            .filter(|m| !off.contains(&m.0))
            .collect();
        if managers.is_empty() {
            continue;
        }
        let ids = vec![c.id.to_string()];
        let t = targets(conn, &ids)?;
        let f = figures(conn, &ids, false, range, now, &t)?;
        let pct = |s: Option<f64>| s.map_or("no questions".to_string(), |v| format!("{v:.0} %"));
        let median = f.first_response[0].map_or("no questions".to_string(), |p| {
            format!(
                "{}{}",
                if p.waiting { "more than " } else { "" },
                human(p.secs)
            )
        });
        let link = format!("{base}/c/{}/outcomes", c.slug);
        for (uid, email, name) in managers {
            let text = format!(
                "Hello {name},\n\nWhat {community} achieved in {month}:\n\n\
                 - Questions asked: {q}\n- Answered within 24 hours: {a24}\n\
                 - Solved: {solved}\n- Median time to first response: {median}\n\
                 - Deflected questions (visitors who found an answer and did not ask): {defl}\n\n\
                 The dashboard: {link}\n\n\
                 You receive this because you manage {community}; you can stop it on the dashboard.\n",
                community = c.name,
                q = f.questions,
                a24 = pct(share(f.answered_24h, f.questions)),
                solved = pct(share(f.solved, f.questions)),
                defl = f.count("deflections"),
            );
            let html = maud::html! {
                p { "Hello " (name) "," }
                p { "What " (c.name) " achieved in " (month) ":" }
                ul {
                    li { "Questions asked: " (f.questions) }
                    li { "Answered within 24 hours: " (pct(share(f.answered_24h, f.questions))) }
                    li { "Solved: " (pct(share(f.solved, f.questions))) }
                    li { "Median time to first response: " (median) }
                    li { "Deflected questions: " (f.count("deflections")) }
                }
                p { a href=(link) { "Open the dashboard" } }
                p { "You receive this because you manage " (c.name) "; you can stop it on the dashboard." }
            };
            let mail = Email {
                kind: "outcome_monthly",
                to: email,
                subject: format!("{}: outcomes of {month}", c.name),
                text,
                html: html.into_string(),
                meta: MailMeta {
                    user_id: UserId::parse(&uid),
                    ..MailMeta::default()
                },
            };
            crate::mail::outbox::enqueue(conn, &mail, now)?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// A manager stops (`off`) or restarts the monthly mail of a sub-community.
pub fn set_opt_out(conn: &mut DbConn, user: &str, community: &str, off: bool) -> QueryResult<()> {
    diesel::delete(
        outcome_mail_optouts::table
            .filter(outcome_mail_optouts::user_id.eq(user))
            .filter(outcome_mail_optouts::community_id.eq(community)),
    )
    .execute(conn)?;
    if off {
        diesel::insert_into(outcome_mail_optouts::table)
            .values((
                outcome_mail_optouts::user_id.eq(user),
                outcome_mail_optouts::community_id.eq(community),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Whether `user` opted out of `community`'s monthly mail.
pub fn opted_out(conn: &mut DbConn, user: &str, community: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        outcome_mail_optouts::table
            .filter(outcome_mail_optouts::user_id.eq(user))
            .filter(outcome_mail_optouts::community_id.eq(community)),
    ))
    .get_result(conn)
}
