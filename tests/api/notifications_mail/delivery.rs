//! When mail goes out: batching per topic, skipping what was read on the site, and
//! durability (SMTP outages, a later process, two processes composing).

use diesel::prelude::*;
use parley::db::schema::notifications as notifications_table;
use parley::db::{EmailState, NotificationKind, OutboxStatus, TopicKind};
use reqwest::StatusCode;

use super::{
    mail_app, mail_app_with, notification_rows_to, notifications_about, pass_batch_window,
    settled_notifications, subjects,
};
use crate::helpers::fixtures::{
    admin_client, db, outbox_to, start_node, wait_mails_to, wait_until,
};
use crate::helpers::forum_fixtures::{insert_topics, member, reply, topic_row, TopicRef};
use crate::helpers::{CommunityBuilder, TopicBuilder, UserBuilder};

// ---------------------------------------------------------------------------------------
// 2. Batching, and skipping what was read on the site
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn replies_within_the_window_become_one_mail_and_read_ones_none() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carl) = member(&app, "carl").await;

    let topic = TopicBuilder::discussion("Street lights")
        .body("Ideas?")
        .in_("town")
        .by(&ana_browser)
        .build(&app)
        .await;
    let first = reply(&app, &bob, &topic, "First thought: alpha lamps.").await;
    app.clock.advance_secs(30);
    let second = reply(&app, &carl, &topic, "Second thought: bravo bulbs.").await;
    app.clock.advance_secs(30);
    let third = reply(&app, &bob, &topic, "Third thought: charlie candles.").await;
    pass_batch_window(&app);

    let rows = settled_notifications(&app, &ana.id, &topic, 3).await;
    assert!(
        rows.iter().all(|n| n.email_status == EmailState::Sent),
        "{:?}",
        rows.iter().map(|n| n.email_status).collect::<Vec<_>>()
    );
    assert_eq!(
        notification_rows_to(&app, &ana.email).await.len(),
        1,
        "three replies in one window are one mail"
    );
    let mails = wait_mails_to(&app, &ana.email, 1).await;
    assert_eq!(mails.len(), 1);
    let text = mails[0].text_body();
    for (post, words) in [
        (&first, "alpha lamps"),
        (&second, "bravo bulbs"),
        (&third, "charlie candles"),
    ] {
        assert!(text.contains(words), "the mail lacks {words:?}:\n{text}");
        assert!(
            text.contains(&format!("{}/p/{}", app.address, post.id)),
            "the mail lacks the link to {}",
            post.id
        );
    }

    // Read on the site before the window ends: no mail.
    let other = TopicBuilder::discussion("Park benches")
        .body("More?")
        .in_("town")
        .by(&ana_browser)
        .build(&app)
        .await;
    reply(&app, &bob, &other, "Delta: wooden benches.").await;
    let (status, _) = ana_browser.get_html(&other.path).await;
    assert_eq!(status, StatusCode::OK);
    // The sentinel, in the same batch: a mention elsewhere.
    let elsewhere = TopicBuilder::discussion("Bus stops")
        .body("Hey @ana, look.")
        .in_("town")
        .by(&carl)
        .build(&app)
        .await;
    pass_batch_window(&app);
    let mails = wait_mails_to(&app, &ana.email, 2).await;
    assert!(
        mails[1].subject().contains("Bus stops"),
        "expected the mention as the second mail, got {:?}",
        subjects(&mails)
    );
    let read = settled_notifications(&app, &ana.id, &other, 1).await;
    assert_eq!(read[0].email_status, EmailState::SkippedRead);
    assert!(read[0].read_at.is_some());
    let rows = notification_rows_to(&app, &ana.email).await;
    assert_eq!(
        rows.len(),
        2,
        "{:?}",
        rows.iter().map(|r| &r.subject).collect::<Vec<_>>()
    );
    assert!(rows
        .iter()
        .all(|r| r.topic_id.as_ref().map(|t| t.to_string()) != Some(other.id.clone())));
    assert_eq!(app.mail.messages_to(&ana.email).len(), 2);
    assert!(!notifications_about(&app, &ana.id, &elsewhere)
        .await
        .is_empty());
}

#[tokio::test]
async fn a_member_with_more_notifications_waiting_than_one_statement_takes_is_still_served() {
    let app = mail_app().await;
    let (ana, _) = member(&app, "ana").await;
    // More than SQLite's 32,766 parameters in one statement, all read on the site
    // before their mail was due (written in one transaction, so the background pass sees
    // all of them or none): the pass marks every one of them skipped.
    const WAITING: usize = 33_000;
    let (user, now) = (ana.id.clone(), app.clock.now());
    db(&app, move |conn| {
        parley::db::write_batch(conn, |conn| {
            let ids: Vec<parley::db::NotificationId> = (0..WAITING)
                .map(|_| parley::db::NotificationId::new())
                .collect();
            for chunk in ids.chunks(1_000) {
                let rows: Vec<_> = chunk
                    .iter()
                    .map(|id| parley::db::models::notifications::NewNotification {
                        id,
                        user_id: &user,
                        kind: NotificationKind::Mention,
                        actor_id: None,
                        community_id: None,
                        topic_id: None,
                        post_id: None,
                        summary: "",
                        created_at: now,
                        email_status: EmailState::Pending,
                        email_due_at: Some(now),
                        notice: None,
                    })
                    .collect();
                parley::db::models::notifications::insert_many(conn, &rows)?;
            }
            diesel::update(
                notifications_table::table.filter(notifications_table::user_id.eq(&user)),
            )
            .set(notifications_table::read_at.eq(Some(now)))
            .execute(conn)?;
            Ok(())
        })
    })
    .await;
    pass_batch_window(&app);
    let user = ana.id.clone();
    wait_until("the waiting notifications are marked skipped", || {
        let (app, user) = (&app, user.clone());
        async move {
            let skipped: i64 = db(app, move |conn| {
                Ok(notifications_table::table
                    .filter(notifications_table::user_id.eq(&user))
                    .filter(notifications_table::email_status.eq(EmailState::SkippedRead))
                    .count()
                    .get_result(conn)?)
            })
            .await;
            (skipped == WAITING as i64).then_some(())
        }
    })
    .await;
    assert!(
        app.mail.messages_to(&ana.email).is_empty(),
        "no mail about read news"
    );
}

// ---------------------------------------------------------------------------------------
// 9. Durability
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn notification_mail_survives_an_smtp_outage_and_arrives_exactly_once() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;

    let topic = TopicBuilder::discussion("Roofs")
        .body("Slate?")
        .in_("town")
        .by(&ana_browser)
        .build(&app)
        .await;
    app.mail.set_accepting(false);
    reply(&app, &bob, &topic, "Slate lasts.").await;
    pass_batch_window(&app);
    let failed = wait_until("the first attempt fails", || async {
        notification_rows_to(&app, &ana.email)
            .await
            .into_iter()
            .find(|m| m.attempts >= 1)
    })
    .await;
    assert_eq!(failed.status, OutboxStatus::Queued);
    assert!(app.mail.messages_to(&ana.email).is_empty());

    app.mail.set_accepting(true);
    app.clock.advance_secs(120);
    wait_mails_to(&app, &ana.email, 1).await;
    let sent = wait_until("the mail is marked sent", || async {
        notification_rows_to(&app, &ana.email)
            .await
            .into_iter()
            .find(|m| m.status == OutboxStatus::Sent)
    })
    .await;
    assert_eq!(sent.id, failed.id);
    assert_eq!(sent.attempts, 2);
    assert_eq!(notification_rows_to(&app, &ana.email).await.len(), 1);
    let mails = app.mail.messages_to(&ana.email);
    assert_eq!(mails.len(), 1, "{:?}", subjects(&mails));
    assert!(mails[0].text_body().contains("Slate lasts."));
}

#[tokio::test]
async fn pending_notification_is_mailed_once_by_a_process_started_later() {
    let app = mail_app_with(|s| s.mail.worker = false).await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;

    let topic = TopicBuilder::discussion("Walls")
        .body("Brick?")
        .in_("town")
        .by(&ana_browser)
        .build(&app)
        .await;
    reply(&app, &bob, &topic, "Brick is fine.").await;
    pass_batch_window(&app);
    let pending = notifications_about(&app, &ana.id, &topic).await;
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].email_status, EmailState::Pending);
    assert!(outbox_to(&app, &ana.email).await.is_empty());

    // The "restarted" application: same database and SMTP server, with its workers.
    let _node = start_node(&app, |s| s.mail.worker = true).await;
    wait_mails_to(&app, &ana.email, 1).await;
    let sent = wait_until("the mail is marked sent", || async {
        notification_rows_to(&app, &ana.email)
            .await
            .into_iter()
            .find(|m| m.status == OutboxStatus::Sent)
    })
    .await;
    assert_eq!(sent.attempts, 1);
    assert_eq!(
        settled_notifications(&app, &ana.id, &topic, 1).await[0].email_status,
        EmailState::Sent
    );
    assert_eq!(notification_rows_to(&app, &ana.email).await.len(), 1);
    assert_eq!(app.mail.messages_to(&ana.email).len(), 1);
    assert!(app.mail.messages_to(&ana.email)[0]
        .text_body()
        .contains("Brick is fine."));
}

// ---------------------------------------------------------------------------------------
// More: several processes composing
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_compose_each_members_batch_exactly_once() {
    const MEMBERS: usize = 6;
    let app = mail_app().await;
    let _second = start_node(&app, |s| s.mail.worker = true).await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (_, bob) = member(&app, "bob").await;

    let mut cast = Vec::new();
    for i in 0..MEMBERS {
        let member = UserBuilder::new(&format!("member{i}")).build(&app).await;
        let ids = insert_topics(
            &app,
            "town",
            &member.id,
            TopicKind::Discussion,
            vec![(format!("Topic of member {i}"), app.clock.now())],
        )
        .await;
        let path = topic_row(&app, ids[0].as_ref()).await.path();
        let topic = TopicRef {
            id: ids[0].to_string(),
            path,
        };
        reply(&app, &bob, &topic, "First reply.").await;
        reply(&app, &bob, &topic, "Second reply.").await;
        cast.push((member, topic));
    }
    // Both processes find every batch due at the same moment.
    pass_batch_window(&app);

    for (member, topic) in &cast {
        let rows = settled_notifications(&app, &member.id, topic, 2).await;
        assert!(
            rows.iter().all(|n| n.email_status == EmailState::Sent),
            "{:?}",
            rows.iter().map(|n| n.email_status).collect::<Vec<_>>()
        );
        assert_eq!(
            rows[0].email_batch, rows[1].email_batch,
            "one batch carries both"
        );
    }
    for (member, _) in &cast {
        assert_eq!(
            notification_rows_to(&app, &member.email).await.len(),
            1,
            "{} got more than one composed mail",
            member.username
        );
    }
    wait_until("every notification mail is sent", || async {
        let mut all_sent = true;
        for (member, _) in &cast {
            all_sent &= notification_rows_to(&app, &member.email)
                .await
                .iter()
                .all(|m| m.status == OutboxStatus::Sent);
        }
        all_sent.then_some(())
    })
    .await;
    for (member, _) in &cast {
        let mails = app.mail.messages_to(&member.email);
        assert_eq!(
            mails.len(),
            1,
            "{}: {:?}",
            member.username,
            subjects(&mails)
        );
        let text = mails[0].text_body();
        assert!(text.contains("First reply.") && text.contains("Second reply."));
    }
}
