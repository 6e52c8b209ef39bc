//! The life cycle of an escalation as its people see it, and the team's queue.

use parley::db::models::outcome_events;
use parley::db::{EscalationStatus, EventKind};
use reqwest::StatusCode;

use super::{
    audit_actions, escalate, escalate_ok, escalation_notifications, history_of, question, scene,
    update,
};
use crate::helpers::fixtures::{db, wait_mails_to};
use crate::helpers::forum_fixtures::page;
use crate::helpers::{html_attr, html_select};

#[tokio::test]
async fn escalation_life_cycle_shows_the_banner_notifies_mails_audits_and_logs_outcomes() {
    let s = scene().await;
    let app = &s.app;
    let topic = question(&s, "widgets", "I was charged twice this month").await;
    let watch = s
        .watcher
        .1
        .post_form(&format!("/t/{}/watch", topic.id), &[("level", "watching")])
        .await;
    assert_eq!(watch.status(), StatusCode::SEE_OTHER);
    // An anonymous visitor's page is cached before the escalation...
    let visitor = app.new_client();
    let before = page(&visitor, &topic.path).await;
    assert!(!before.contains("Escalated to"), "no banner yet");

    let eid = escalate_ok(app, &s.employee.1, &topic).await;

    // ...and the cached page is not served once the topic is escalated.
    let shown = page(&visitor, &topic.path).await;
    let banner = html_select(&shown, ".escalation").join(" ");
    assert!(banner.contains("Escalated to the Billing team"), "{banner}");
    assert!(banner.contains("Open"), "{banner}");
    assert!(banner.contains("BIL-7"), "{banner}");
    assert!(
        !shown.contains("Refund needs finance sign-off"),
        "internal note leaked"
    );
    let member_view = page(&s.member.1, &topic.path).await;
    assert!(!member_view.contains("Refund needs finance sign-off"));
    let staff_view = page(&s.employee.1, &topic.path).await;
    assert!(staff_view.contains("Refund needs finance sign-off"));
    let team_view = page(&s.tara.1, &topic.path).await;
    assert!(team_view.contains("Refund needs finance sign-off"));

    // The team member takes it, then resolves it with a public note.
    let r = update(
        &s.tara.1,
        &topic,
        &eid,
        &[
            ("status", "in_progress"),
            ("owner", "tara"),
            ("note", "Checking invoices"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let shown = page(&visitor, &topic.path).await;
    let banner = html_select(&shown, ".escalation").join(" ");
    assert!(banner.contains("In progress"), "{banner}");
    assert!(banner.contains("Owner: tara"), "{banner}");

    let r = update(
        &s.tara.1,
        &topic,
        &eid,
        &[
            ("status", "resolved"),
            (
                "resolution_note",
                "Refunded on 3 December; the double charge came from a retry bug.",
            ),
            ("note", "Refund issued"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let shown = page(&visitor, &topic.path).await;
    let banner = html_select(&shown, ".escalation").join(" ");
    assert!(banner.contains("Resolved"), "{banner}");
    assert!(banner.contains("Refunded on 3 December"), "{banner}");

    // History: opened, then each change with who, from, to and the note.
    let history = history_of(app, &eid).await;
    let steps: Vec<_> = history
        .iter()
        .map(|c| (c.from_status, c.to_status, c.note.as_str()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (None, EscalationStatus::Open, ""),
            (
                Some(EscalationStatus::Open),
                EscalationStatus::InProgress,
                "Checking invoices"
            ),
            (
                Some(EscalationStatus::InProgress),
                EscalationStatus::Resolved,
                "Refund issued"
            ),
        ]
    );
    assert_eq!(history[0].actor_id.as_ref(), Some(&s.employee.0.id));
    assert_eq!(history[2].actor_id.as_ref(), Some(&s.tara.0.id));

    // Audit rows: the team, the escalation and each change.
    assert_eq!(audit_actions(app, "team.").await, vec!["team.create"]);
    assert_eq!(
        audit_actions(app, "escalation.").await,
        vec!["escalation.open", "escalation.update", "escalation.update"]
    );

    // Notifications: the asker and the watcher hear of the escalation and each status
    // change; the team member of the escalation (not of their own changes).
    for who in [&s.asker.0, &s.watcher.0] {
        let got = escalation_notifications(app, &who.id).await;
        assert_eq!(got.len(), 3, "{}: {got:?}", who.username);
        assert!(got[0].contains("escalated to the Billing team"), "{got:?}");
        assert!(got[1].contains("working on it"), "{got:?}");
        assert!(got[2].contains("resolved"), "{got:?}");
    }
    let tara = escalation_notifications(app, &s.tara.0.id).await;
    assert_eq!(tara.len(), 1, "{tara:?}");
    assert!(escalation_notifications(app, &s.member.0.id)
        .await
        .is_empty());

    // The mail path: the team's address gets a mail; the asker a notification mail.
    let team_mail = wait_mails_to(app, "billing@example.com", 1).await;
    assert!(
        team_mail[0].subject().contains("Billing"),
        "{}",
        team_mail[0].subject()
    );
    assert!(team_mail[0]
        .text_body()
        .contains("I was charged twice this month"));
    app.clock
        .advance_secs(app.settings().notifications.batch_secs + 1);
    let mails = wait_mails_to(app, &s.asker.0.email, 1).await;
    assert!(
        mails[0]
            .text_body()
            .contains("I was charged twice this month"),
        "{}",
        mails[0].text_body()
    );

    // Outcome events, per the contract between engineers.
    let (opened, updated, resolved) = db(app, |conn| {
        Ok((
            outcome_events::of_kind(conn, EventKind::EscalationOpened)?,
            outcome_events::of_kind(conn, EventKind::EscalationUpdated)?,
            outcome_events::of_kind(conn, EventKind::EscalationResolved)?,
        ))
    })
    .await;
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0].detail, "Billing");
    assert_eq!(opened[0].subject_id.as_deref(), Some(eid.as_str()));
    assert_eq!(
        opened[0].topic_id.as_ref().map(|t| t.to_string()),
        Some(topic.id.clone())
    );
    assert_eq!(opened[0].community_id.as_ref(), Some(&s.widgets.id));
    assert_eq!(opened[0].actor_id.as_ref(), Some(&s.employee.0.id));
    let details: Vec<&str> = updated.iter().map(|e| e.detail.as_str()).collect();
    assert_eq!(details, vec!["in_progress", "resolved"]);
    assert_eq!(resolved.len(), 1);
    assert_eq!(resolved[0].detail, "resolved");
    assert_eq!(resolved[0].subject_id.as_deref(), Some(eid.as_str()));
}

#[tokio::test]
async fn team_queue_lists_open_first_then_oldest_first_and_filters() {
    let s = scene().await;
    let app = &s.app;
    let first = question(&s, "widgets", "Invoice shows the wrong VAT").await;
    let second = question(&s, "widgets", "Card declined at renewal").await;
    let third = question(&s, "widgets", "Refund not received").await;
    let e1 = escalate_ok(app, &s.employee.1, &first).await;
    app.clock.advance_secs(60);
    escalate_ok(app, &s.employee.1, &second).await;
    app.clock.advance_secs(60);
    escalate_ok(app, &s.employee.1, &third).await;
    // The oldest is declined: it goes after the open ones.
    let r = update(&s.tara.1, &first, &e1, &[("status", "declined")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let queue = page(&s.tara.1, "/teams/billing").await;
    let rows = html_select(
        &queue,
        ".escalation-queue tbody tr td:first-child a:first-child",
    );
    assert_eq!(
        rows,
        vec![
            "Card declined at renewal",
            "Refund not received",
            "Invoice shows the wrong VAT"
        ]
    );
    let declined = page(&s.tara.1, "/teams/billing?status=declined").await;
    let rows = html_select(
        &declined,
        ".escalation-queue tbody tr td:first-child a:first-child",
    );
    assert_eq!(rows, vec!["Invoice shows the wrong VAT"]);
    let open = page(&s.admin, "/teams/billing?status=open&c=widgets").await;
    let rows = html_select(
        &open,
        ".escalation-queue tbody tr td:first-child a:first-child",
    );
    assert_eq!(
        rows,
        vec!["Card declined at renewal", "Refund not received"]
    );

    // Outside the team the queue does not exist.
    let (status, _) = s.member.1.get_html("/teams/billing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s.employee.1.get_html("/teams/billing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The escalate form refuses nothing here: a second escalation of one topic is kept.
    let r = escalate(&s.employee.1, &first, &[("external_id", "FIN-2")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_demo_has_three_teams_and_escalations_in_every_status_with_history() {
    use diesel::prelude::*;
    use parley::db::schema::{escalation_history, escalations, product_teams};
    let app = crate::helpers::forum_fixtures::forum_app().await;
    let clock = app.clock.clone();
    let created = db(&app, move |conn| {
        Ok(parley::demo::load(conn, &clock, false)?.created)
    })
    .await;
    assert!(created);
    let (teams, statuses, history): (Vec<String>, Vec<EscalationStatus>, i64) = db(&app, |conn| {
        Ok((
            product_teams::table
                .order(product_teams::name.asc())
                .select(product_teams::name)
                .load(conn)?,
            escalations::table.select(escalations::status).load(conn)?,
            escalation_history::table.count().get_result(conn)?,
        ))
    })
    .await;
    assert_eq!(
        teams,
        vec!["Billing", "Gadgets Hardware", "Widgets Product"]
    );
    assert!(statuses.len() >= 5, "{statuses:?}");
    for s in EscalationStatus::ALL {
        assert!(statuses.contains(s), "no {s} escalation in {statuses:?}");
    }
    assert!(
        history > statuses.len() as i64,
        "each escalation has a history"
    );
}

#[tokio::test]
async fn team_queue_pages_by_keyset_through_open_then_closed_without_gaps_or_repeats() {
    use diesel::prelude::*;
    use parley::db::models::escalations::Escalation;
    use parley::db::schema::escalations;
    use parley::db::{EscalationId, Timestamp};

    let s = scene().await;
    let topic = question(&s, "widgets", "Invoice shows the wrong VAT").await;
    let first = escalate_ok(&s.app, &s.employee.1, &topic).await;
    // 54 more of the same team: every third one closed, three at each instant (so the id
    // breaks ties), the first page's last row somewhere among the open ones.
    let expected: Vec<String> = db(&s.app, move |conn| {
        let model: Escalation = escalations::table
            .find(EscalationId::parse(&first).expect("id"))
            .select(Escalation::as_select())
            .first(conn)?;
        let base = model.created_at.micros();
        let rows: Vec<Escalation> = (0..54)
            .map(|i| {
                let closed = i % 3 == 0;
                Escalation {
                    id: EscalationId::new(),
                    external_id: format!("T-{i:02}"),
                    external_url: String::new(),
                    status: if closed {
                        EscalationStatus::Resolved
                    } else {
                        EscalationStatus::Open
                    },
                    is_open: !closed,
                    created_at: Timestamp::from_micros(base + 1_000_000 * (1 + i / 3)),
                    ..model.clone()
                }
            })
            .collect();
        for row in &rows {
            diesel::insert_into(escalations::table)
                .values(row)
                .execute(conn)?;
        }
        let mut all: Vec<Escalation> = escalations::table
            .select(Escalation::as_select())
            .load(conn)?;
        all.sort_by(|a, b| {
            (!a.is_open, a.created_at, &a.id).cmp(&(!b.is_open, b.created_at, &b.id))
        });
        Ok(all.into_iter().map(|e| e.external_id).collect())
    })
    .await;
    assert_eq!(expected.len(), 55);

    let tickets = ".escalation-queue tbody tr td:nth-child(5)";
    let one = page(&s.tara.1, "/teams/billing").await;
    let mut seen = html_select(&one, tickets);
    assert_eq!(seen.len(), 50, "a page holds 50 escalations");
    assert!(html_select(&one, ".pager a")
        .iter()
        .all(|a| !a.contains("First")));
    let next = html_attr(&one, ".pager a", "href");
    assert_eq!(next.len(), 1, "the first page links only to the next");
    assert!(next[0].contains("after="), "{next:?}");

    let two = page(&s.tara.1, &next[0]).await;
    seen.extend(html_select(&two, tickets));
    assert_eq!(seen, expected, "open first, oldest first, each once");
    let links = html_attr(&two, ".pager a", "href");
    assert_eq!(links.len(), 1, "the last page links only back to the first");
    assert!(!links[0].contains("after=1") && !links[0].contains("after=0"));

    // A position that does not parse starts at the head, as the filters' links do.
    let odd = page(&s.tara.1, "/teams/billing?after=1_x_%27%3B").await;
    assert_eq!(html_select(&odd, tickets), expected[..50].to_vec());
}
