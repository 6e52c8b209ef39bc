//! Demo content of issue 20's escalations: three product teams with demo employees as
//! members, and escalations of existing demo topics in every status, with their history,
//! notes and outcome events, back-dated over the last weeks.

use diesel::prelude::*;

use crate::db::models::escalations::{self as edb, Change, Escalation};
use crate::db::models::outcome_events::{self, NewEvent};
use crate::db::models::teams::{self, Team};
use crate::db::schema::topics;
use crate::db::{
    CommunityId, DbConn, EscalationChangeId, EscalationId, EscalationStatus, EventKind, TeamId,
    Timestamp, TopicId, UserId,
};
use crate::demo_more::DemoIds;
use crate::error::AppResult;

const DAY: i64 = 86_400;

/// (name, slug, members, covered sub-communities, notification address)
type DemoTeam = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
);

const TEAMS: &[DemoTeam] = &[
    (
        "Billing",
        "billing",
        &["mona", "ada"],
        &["widgets", "gadgets", "widgets-fr"],
        "billing-team@example.com",
    ),
    (
        "Widgets Product",
        "widgets-product",
        &["erin"],
        &["widgets", "widgets-fr"],
        "",
    ),
    (
        "Gadgets Hardware",
        "gadgets-hardware",
        &["eli"],
        &["gadgets"],
        "hardware@example.com",
    ),
];

/// One demo escalation: team slug, sub-community, which of its topics (oldest first),
/// days ago opened, the steps (status, days ago, actor, note), external reference,
/// internal note, resolution note, owner.
struct Demo {
    team: &'static str,
    community: &'static str,
    nth_topic: i64,
    opened_days_ago: i64,
    by: &'static str,
    steps: &'static [(EscalationStatus, i64, &'static str, &'static str)],
    external: (&'static str, &'static str),
    internal: &'static str,
    resolution: &'static str,
    owner: &'static str,
}

const DEMOS: &[Demo] = &[
    Demo {
        team: "widgets-product",
        community: "widgets",
        nth_topic: 0,
        opened_days_ago: 24,
        by: "mona",
        steps: &[
            (EscalationStatus::InProgress, 22, "erin", "Reproduced on firmware 4.2."),
            (EscalationStatus::Resolved, 15, "erin", "Fixed in 4.2.1."),
        ],
        external: ("WID-1432", "https://tracker.example.com/browse/WID-1432"),
        internal: "Three enterprise customers hit this; priority raised by account management.",
        resolution: "Fixed in firmware 4.2.1, released on the update channel. Update and restart the widget.",
        owner: "erin",
    },
    Demo {
        team: "billing",
        community: "widgets",
        nth_topic: 1,
        opened_days_ago: 12,
        by: "erin",
        steps: &[(EscalationStatus::InProgress, 10, "mona", "Finance is checking the invoices.")],
        external: ("FIN-88", ""),
        internal: "Double charge confirmed for two accounts; refunds need finance sign-off.",
        resolution: "",
        owner: "mona",
    },
    Demo {
        team: "billing",
        community: "gadgets",
        nth_topic: 0,
        opened_days_ago: 3,
        by: "eli",
        steps: &[],
        external: ("", ""),
        internal: "Customer asked about VAT on the annual plan; not sure it is a bug.",
        resolution: "",
        owner: "",
    },
    Demo {
        team: "gadgets-hardware",
        community: "gadgets",
        nth_topic: 1,
        opened_days_ago: 18,
        by: "eli",
        steps: &[
            (EscalationStatus::InProgress, 16, "eli", "Asked the lab for a unit."),
            (EscalationStatus::Declined, 9, "eli", "Works as designed."),
        ],
        external: ("HW-210", "https://tracker.example.com/browse/HW-210"),
        internal: "Lab could not reproduce with the supplied charger.",
        resolution: "The charger in the report is not a certified one; with the certified charger the battery behaves as specified. See the support article on chargers.",
        owner: "eli",
    },
    Demo {
        team: "widgets-product",
        community: "widgets-fr",
        nth_topic: 0,
        opened_days_ago: 7,
        by: "erin",
        steps: &[(EscalationStatus::InProgress, 5, "erin", "Traduction en cours.")],
        external: ("WID-1501", "https://tracker.example.com/browse/WID-1501"),
        internal: "Missing French strings in the setup wizard.",
        resolution: "",
        owner: "erin",
    },
    Demo {
        team: "widgets-product",
        community: "widgets",
        nth_topic: 2,
        opened_days_ago: 30,
        by: "mona",
        steps: &[
            (EscalationStatus::InProgress, 27, "erin", "Design review scheduled."),
            (EscalationStatus::Resolved, 20, "erin", "Shipped."),
        ],
        external: ("", ""),
        internal: "",
        resolution: "The export now includes the custom fields (release 2026.11).",
        owner: "erin",
    },
];

fn topic_of(conn: &mut DbConn, c: &CommunityId, nth: i64) -> QueryResult<Option<TopicId>> {
    topics::table
        .filter(topics::community_id.eq(c))
        .filter(topics::deleted_at.is_null())
        .order((topics::created_at.asc(), topics::id.asc()))
        .offset(nth)
        .limit(1)
        .select(topics::id)
        .first(conn)
        .optional()
}

pub fn seed(conn: &mut DbConn, ids: &DemoIds<'_>, now: Timestamp) -> AppResult<()> {
    let ago = |days: i64| now.plus_secs(-days * DAY);
    let mut made: Vec<Team> = vec![];
    for (name, slug, members, covers, email) in TEAMS {
        let team = Team {
            id: TeamId::new(),
            name: name.to_string(),
            slug: slug.to_string(),
            notify_email: email.to_string(),
            webhook_url: String::new(),
            created_at: ago(40),
            updated_at: ago(40),
        };
        teams::insert(conn, &team)?;
        let users: Vec<UserId> = members.iter().filter_map(|m| ids.user(m)).collect();
        teams::set_members(conn, &team.id, &users, ago(40))?;
        let cs: Vec<CommunityId> = covers.iter().filter_map(|c| ids.community(c)).collect();
        teams::set_communities(conn, &team.id, &cs)?;
        made.push(team);
    }
    for d in DEMOS {
        let (Some(team), Some(cid)) = (
            made.iter().find(|t| t.slug == d.team),
            ids.community(d.community),
        ) else {
            continue;
        };
        let Some(tid) = topic_of(conn, &cid, d.nth_topic)? else {
            continue;
        };
        let opener = ids.user(d.by);
        let last = d.steps.last();
        let status = last.map_or(EscalationStatus::Open, |s| s.0);
        let e = Escalation {
            id: EscalationId::new(),
            topic_id: tid.clone(),
            community_id: cid.clone(),
            team_id: Some(team.id.clone()),
            external_id: d.external.0.into(),
            external_url: d.external.1.into(),
            status,
            is_open: status.is_open(),
            owner_id: ids.user(d.owner),
            internal_note: d.internal.into(),
            resolution_note: d.resolution.into(),
            opened_by: opener.clone(),
            created_at: ago(d.opened_days_ago),
            updated_at: ago(last.map_or(d.opened_days_ago, |s| s.1)),
            resolved_at: (!status.is_open()).then(|| ago(last.map_or(0, |s| s.1))),
        };
        edb::insert(conn, &e)?;
        let opened = ago(d.opened_days_ago);
        edb::record_change(
            conn,
            &Change {
                id: EscalationChangeId::new(),
                escalation_id: e.id.clone(),
                actor_id: opener.clone(),
                from_status: None,
                to_status: EscalationStatus::Open,
                note: String::new(),
                created_at: opened,
            },
        )?;
        let mut event = NewEvent::new(EventKind::EscalationOpened)
            .community(&cid)
            .topic(&tid)
            .subject(e.id.as_str())
            .detail(&team.name);
        if let Some(u) = &opener {
            event = event.actor(u, true);
        }
        outcome_events::record(conn, &event, opened)?;
        let mut from = EscalationStatus::Open;
        for (to, days, who, note) in d.steps {
            let actor = ids.user(who);
            edb::record_change(
                conn,
                &Change {
                    id: EscalationChangeId::new(),
                    escalation_id: e.id.clone(),
                    actor_id: actor.clone(),
                    from_status: Some(from),
                    to_status: *to,
                    note: note.to_string(),
                    created_at: ago(*days),
                },
            )?;
            let mut ev = NewEvent::new(EventKind::EscalationUpdated)
                .community(&cid)
                .topic(&tid)
                .subject(e.id.as_str())
                .detail(to.as_str());
            if let Some(u) = &actor {
                ev = ev.actor(u, true);
            }
            outcome_events::record(conn, &ev, ago(*days))?;
            if !to.is_open() {
                ev.kind = EventKind::EscalationResolved;
                outcome_events::record(conn, &ev, ago(*days))?;
            }
            from = *to;
        }
        tell_followers(conn, &e, &team.name, d, ago)?;
    }
    Ok(())
}

/// The asker and the topic's watchers hear of the escalation and of each change, as the
/// service tells them (`escalations::notify::followers`): the notices on their
/// notifications page, in the reader's language.
fn tell_followers(
    conn: &mut DbConn,
    e: &Escalation,
    team: &str,
    d: &Demo,
    ago: impl Fn(i64) -> Timestamp,
) -> AppResult<()> {
    use crate::notifications::Notice;
    let (Some(community), Some(topic)) = (
        crate::db::models::communities::find(conn, &e.community_id)?,
        crate::db::models::topics::find(conn, &e.topic_id)?,
    ) else {
        return Ok(());
    };
    let cfg = crate::config::NotificationSettings::default();
    let team = Some(team.to_string());
    // The opening (by its opener), then each step (by the owner, else the opener).
    let mut told = vec![(
        e.opened_by.as_ref(),
        Notice::Escalated { team: team.clone() },
        ago(d.opened_days_ago),
    )];
    for (status, days, _, _) in d.steps {
        let notice = Notice::Escalation {
            status: *status,
            team: team.clone(),
        };
        told.push((
            e.owner_id.as_ref().or(e.opened_by.as_ref()),
            notice,
            ago(*days),
        ));
    }
    for (by, notice, at) in told {
        if let Some(by) = by {
            let (c, t) = (&community, &topic);
            crate::escalations::notify::followers(conn, &cfg, c, t, by, &[], &notice, at)?;
        }
    }
    // History is not mailed (as in `demo::load_conversations`).
    use crate::db::schema::notifications as n;
    diesel::update(
        n::table
            .filter(n::topic_id.eq(&e.topic_id))
            .filter(n::kind.eq("escalation")),
    )
    .set(n::email_status.eq(crate::db::EmailState::None))
    .execute(conn)?;
    Ok(())
}
