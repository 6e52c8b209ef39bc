//! The monthly outcome mail: once per month (the month's row in `outcome_mail_months`
//! makes it once across restarts and nodes), each manager of each sub-community who
//! has not opted out gets last month's headline figures and a link to the dashboard,
//! through the durable outbox.

use diesel::prelude::*;

use crate::db::models::{communities, settings};
use crate::db::schema::{community_members, outcome_mail_months, outcome_mail_optouts, users};
use crate::db::{DbConn, Language, Timestamp, UserId};
use crate::error::AppResult;
use crate::i18n::{format, resolve, Lang};
use crate::mail::{Email, MailMeta};
use crate::outcomes::facts::{day_of, day_start};
use crate::outcomes::report::{self, figures, targets, Range};
use crate::outcomes::stats::share;
use crate::state::AppState;
use crate::t;

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
    let site_default = settings::load(conn, now)?.default_language;
    let mut queued = 0;
    for c in communities::all(conn)? {
        if c.created_at >= end {
            continue;
        }
        let managers: Vec<(String, String, String, Option<Language>)> = community_members::table
            .inner_join(users::table)
            .filter(community_members::community_id.eq(c.id.as_str()))
            .filter(community_members::role.eq("manager"))
            .select((users::id, users::email, users::username, users::language))
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
        let link = format!("{base}/c/{}/outcomes", c.slug);
        for (uid, email, name, language) in managers {
            let lang = resolve::for_recipient(language, Some(c.default_language), site_default);
            let figures = ManagerMail {
                lang,
                month: format::month(lang, day_start(range.from)),
                community: &c.name,
                name: &name,
                link: &link,
                f: &f,
            };
            let mail = Email {
                kind: "outcome_monthly",
                to: email,
                subject: t!(
                    lang,
                    "mail-outcomes-subject",
                    community = c.name.as_str(),
                    month = figures.month.as_str()
                ),
                text: figures.text(),
                html: figures.html(),
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

/// One manager's mail: last month's figures, in the manager's language.
struct ManagerMail<'a> {
    lang: Lang,
    month: String,
    community: &'a str,
    name: &'a str,
    link: &'a str,
    f: &'a report::Figures,
}

impl ManagerMail<'_> {
    fn share(&self, part: i64) -> String {
        match share(part, self.f.questions) {
            Some(pct) => format::percent(self.lang, pct / 100.0, 0),
            None => t!(self.lang, "mail-outcomes-no-questions"),
        }
    }

    fn median(&self) -> String {
        match self.f.first_response[0] {
            Some(p) if p.waiting => t!(
                self.lang,
                "mail-outcomes-more-than",
                time = format::duration(self.lang, p.secs)
            ),
            Some(p) => format::duration(self.lang, p.secs),
            None => t!(self.lang, "mail-outcomes-no-questions"),
        }
    }

    /// The figures, one line each.
    fn lines(&self) -> Vec<String> {
        let lang = self.lang;
        vec![
            t!(lang, "mail-outcomes-asked", count = self.f.questions),
            t!(
                lang,
                "mail-outcomes-answered-24h",
                share = self.share(self.f.answered_24h)
            ),
            t!(
                lang,
                "mail-outcomes-solved",
                share = self.share(self.f.solved)
            ),
            t!(lang, "mail-outcomes-median", time = self.median()),
            t!(
                lang,
                "mail-outcomes-deflected",
                count = self.f.count("deflections")
            ),
        ]
    }

    fn lead(&self) -> String {
        t!(
            self.lang,
            "mail-outcomes-lead",
            community = self.community,
            month = self.month.as_str()
        )
    }

    fn why(&self) -> String {
        t!(self.lang, "mail-outcomes-why", community = self.community)
    }

    fn text(&self) -> String {
        let list: Vec<String> = self.lines().iter().map(|l| format!("- {l}")).collect();
        format!(
            "{}\n\n{}\n\n{}\n\n{}\n\n{}\n",
            t!(self.lang, "mail-hello", name = self.name),
            self.lead(),
            list.join("\n"),
            t!(self.lang, "mail-outcomes-dashboard", link = self.link),
            self.why(),
        )
    }

    fn html(&self) -> String {
        let body = maud::html! {
            p { (t!(self.lang, "mail-hello", name = self.name)) }
            p { (self.lead()) }
            ul { @for l in self.lines() { li { (l) } } }
            p { a href=(self.link) { (t!(self.lang, "mail-outcomes-open-dashboard")) } }
            p { (self.why()) }
        };
        crate::mail::templates::document(self.lang, &body)
    }
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
