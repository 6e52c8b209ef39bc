//! Demo content for the outcome dashboard (issue 20; runs last): ninety days of
//! back-dated outcome events for the demo's public sub-communities (questions answered
//! by members and by employees, some fast, some slow, some still waiting; accepted
//! answers, answers as the brand, idea status changes, flags and review actions,
//! explicit deflections), then the daily facts computed once over them.

use diesel::prelude::*;

use crate::db::models::outcome_events::{record, NewEvent};
use crate::db::schema::embed_events;
use crate::db::{write_batch, DbConn, EventKind, PostId, Timestamp, TopicId};
use crate::demo_more::DemoIds;
use crate::error::AppResult;
use crate::outcomes::facts::{day_of, recompute_day};

/// Days of back-dated history.
const DAYS: i64 = 90;
/// Hours to the first response, cycled through (0 = still waiting).
const FIRST_RESPONSE_HOURS: [i64; 9] = [1, 3, 0, 6, 2, 30, 12, 1, 80];

pub fn seed(conn: &mut DbConn, ids: &DemoIds<'_>, now: Timestamp) -> AppResult<()> {
    let askers: Vec<_> = ["carla", "chen", "pat"]
        .iter()
        .filter_map(|n| ids.user(n))
        .collect();
    let members: Vec<_> = ["chen", "pat", "carla"]
        .iter()
        .filter_map(|n| ids.user(n))
        .collect();
    let staff: Vec<_> = ["mona", "erin", "eli"]
        .iter()
        .filter_map(|n| ids.user(n))
        .collect();
    if askers.is_empty() || staff.is_empty() {
        return Ok(());
    }
    let today = day_of(now);
    write_batch(conn, |conn| -> AppResult<()> {
        let mut n: usize = 0;
        for (ci, slug) in ["widgets", "gadgets", "widgets-fr"].iter().enumerate() {
            let Some(c) = ids.community(slug) else {
                continue;
            };
            for back in 1..=DAYS {
                let start = now.plus_secs(-back * 86_400);
                let per_day = 1 + (back as usize + ci) % 4;
                for i in 0..per_day {
                    n += 1;
                    let asked = start.plus_secs((i as i64) * 3 * 3600);
                    let (topic, opening) = (TopicId::new(), PostId::new());
                    let asker = &askers[n % askers.len()];
                    let base = NewEvent::new(EventKind::TopicCreated)
                        .community(&c)
                        .topic(&topic)
                        .post(&opening)
                        .actor(asker, false);
                    record(conn, &base, asked)?;
                    record(
                        conn,
                        &NewEvent {
                            kind: EventKind::QuestionAsked,
                            ..base.clone()
                        },
                        asked,
                    )?;
                    let hours = FIRST_RESPONSE_HOURS[n % FIRST_RESPONSE_HOURS.len()];
                    let at = asked.plus_secs(hours * 3600);
                    if hours == 0 || at > now {
                        continue;
                    }
                    let by_staff = n.is_multiple_of(3);
                    let (who, emp) = if by_staff {
                        (&staff[n % staff.len()], true)
                    } else {
                        (&members[n % members.len()], false)
                    };
                    if who == asker {
                        continue;
                    }
                    let post = PostId::new();
                    let reply = NewEvent::new(EventKind::ReplyPosted)
                        .community(&c)
                        .topic(&topic)
                        .post(&post)
                        .actor(who, emp)
                        .detail(crate::outcomes::events::TO_OTHER);
                    record(conn, &reply, at)?;
                    record(
                        conn,
                        &NewEvent {
                            kind: EventKind::FirstReply,
                            detail: if emp { "employee" } else { "member" },
                            ..reply.clone()
                        },
                        at,
                    )?;
                    if emp {
                        record(
                            conn,
                            &NewEvent {
                                kind: EventKind::FirstEmployeeReply,
                                ..reply.clone()
                            },
                            at,
                        )?;
                        if n.is_multiple_of(2) {
                            record(
                                conn,
                                &NewEvent {
                                    kind: EventKind::BrandAnswer,
                                    ..reply.clone()
                                },
                                at,
                            )?;
                        }
                    }
                    if n % 5 < 3 {
                        let accepted = at.plus_secs(4 * 3600);
                        if accepted <= now {
                            record(
                                conn,
                                &NewEvent::new(EventKind::AnswerAccepted)
                                    .community(&c)
                                    .topic(&topic)
                                    .post(&post)
                                    .actor(who, emp)
                                    .subject(asker.as_str()),
                                accepted,
                            )?;
                        }
                    }
                    // Some visitors found an answer in the suggestions and did not ask.
                    if n.is_multiple_of(4) {
                        diesel::insert_into(embed_events::table)
                            .values((
                                embed_events::id.eq(uuid::Uuid::now_v7().to_string()),
                                embed_events::kind.eq("deflected"),
                                embed_events::community_id.eq(Some(c.as_str().to_string())),
                                // The answer they found is not one of these synthetic topics.
                                embed_events::topic_id.eq(None::<String>),
                                embed_events::created_at.eq(at),
                            ))
                            .execute(conn)?;
                    }
                    if n.is_multiple_of(17) {
                        record(
                            conn,
                            &NewEvent::new(EventKind::FlagRaised)
                                .community(&c)
                                .post(&post)
                                .topic(&topic),
                            at,
                        )?;
                        record(
                            conn,
                            &NewEvent::new(EventKind::ReviewActed)
                                .community(&c)
                                .post(&post)
                                .topic(&topic)
                                .detail("5400"),
                            at.plus_secs(5400),
                        )?;
                    }
                }
                if back % 9 == 0 {
                    let status = ["under_review", "planned", "shipped"][(back as usize / 9) % 3];
                    record(
                        conn,
                        &NewEvent::new(EventKind::IdeaStatusChanged)
                            .community(&c)
                            .detail(status),
                        start.plus_secs(10 * 3600),
                    )?;
                }
            }
        }
        Ok(())
    })?;
    for day in (today - DAYS - 1)..=today {
        write_batch(conn, |c| recompute_day(c, day, now))?;
    }
    Ok(())
}
