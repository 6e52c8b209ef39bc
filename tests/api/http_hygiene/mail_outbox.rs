//! The durability of the mail outbox: SMTP outages, retries, restarts, several nodes.

use parley::db::models::outbox::{self, NewOutboxMessage};
use parley::db::{OutboxId, OutboxStatus};
use reqwest::StatusCode;

use crate::helpers::fixtures::{
    admin_client, outbox_row, outbox_rows, outbox_to, request_password_reset, start_node,
    wait_until,
};
use crate::helpers::{
    assert_see_other, html_attr, html_select, spawn_app, spawn_app_with, TestApp, UserBuilder,
};

/// Waits until the outbox row `id` is sent and returns it.
async fn wait_until_sent(app: &TestApp, id: &OutboxId) -> outbox::OutboxMessage {
    wait_until("the mail is marked sent", || async {
        let row = outbox_row(app, id).await;
        (row.status == OutboxStatus::Sent).then_some(row)
    })
    .await
}

#[tokio::test]
async fn mail_survives_an_smtp_outage_and_is_delivered_exactly_once() {
    let app = spawn_app_with(|s| s.mail.retry_base_secs = 60).await;
    let (_, admin) = admin_client(&app).await;
    let ana = UserBuilder::new("ana").build(&app).await;
    app.mail.set_accepting(false);

    request_password_reset(&app.new_client(), &ana.email).await;
    let rows = outbox_to(&app, &ana.email).await;
    assert_eq!(rows.len(), 1, "the reset mail is stored with the request");
    let id = rows[0].id.clone();

    let failed = wait_until("the first delivery attempt fails", || async {
        let row = outbox_row(&app, &id).await;
        (row.attempts >= 1).then_some(row)
    })
    .await;
    assert_eq!(
        failed.status,
        OutboxStatus::Queued,
        "one failure is not final"
    );
    assert_eq!(failed.attempts, 1);
    let error = failed.last_error.clone().unwrap_or_default();
    assert!(!error.trim().is_empty(), "no last_error recorded");
    assert!(
        failed.next_attempt_at > app.clock.now(),
        "the retry should wait for the backoff"
    );
    assert!(app.mail.messages_to(&ana.email).is_empty());

    let (status, html) = admin.get_html("/admin/outbox?status=queued").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html_select(&html, "table tbody td:nth-child(2)"),
        vec![ana.email.clone()]
    );
    let shown = html_select(&html, "td.error-text");
    assert_eq!(
        shown,
        vec![error.split_whitespace().collect::<Vec<_>>().join(" ")],
        "the outbox page should show the last error"
    );

    app.mail.set_accepting(true);
    app.clock.advance_secs(120);
    app.mail.wait_for(1).await;
    let sent = wait_until_sent(&app, &id).await;
    assert_eq!(sent.attempts, 2);
    assert!(sent.last_error.is_none(), "{:?}", sent.last_error);
    assert!(sent.sent_at.is_some());

    let mails = app.mail.messages_to(&ana.email);
    assert_eq!(mails.len(), 1, "the reset mail arrived more than once");
    assert!(
        mails[0]
            .first_link_with(&format!("{}/password/reset/", app.address))
            .is_some(),
        "the delivered mail lacks its link:\n{}",
        mails[0].raw
    );
    assert_eq!(app.mail.messages().len(), 1);
}

#[tokio::test]
async fn mail_failing_every_attempt_is_marked_failed_and_can_be_retried() {
    let app = spawn_app_with(|s| {
        s.mail.retry_base_secs = 60;
        s.mail.max_attempts = 2;
    })
    .await;
    let (_, admin) = admin_client(&app).await;
    let ana = UserBuilder::new("ana").build(&app).await;
    app.mail.set_accepting(false);
    request_password_reset(&app.new_client(), &ana.email).await;
    let id = outbox_to(&app, &ana.email).await[0].id.clone();

    wait_until("the first attempt fails", || async {
        (outbox_row(&app, &id).await.attempts >= 1).then_some(())
    })
    .await;
    app.clock.advance_secs(120);
    let failed = wait_until("the mail is marked failed", || async {
        let row = outbox_row(&app, &id).await;
        (row.status == OutboxStatus::Failed).then_some(row)
    })
    .await;
    assert_eq!(failed.attempts, 2);
    let error = failed
        .last_error
        .clone()
        .expect("last_error of a failed mail");

    let (status, html) = admin.get_html("/admin/outbox?status=failed").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html_select(&html, "table tbody td:nth-child(2)"),
        vec![ana.email.clone()]
    );
    assert_eq!(
        html_select(&html, "td.error-text"),
        vec![error.split_whitespace().collect::<Vec<_>>().join(" ")]
    );
    let retry_action = format!("/admin/outbox/{id}/retry");
    assert_eq!(
        html_attr(&html, "form[action$='/retry']", "action"),
        vec![retry_action.clone()]
    );
    let (_, queued) = admin.get_html("/admin/outbox?status=queued").await;
    assert!(
        !queued.contains(&ana.email),
        "a failed mail is listed as queued"
    );
    let (_, overview) = admin.get_html("/admin").await;
    // Issue 21: the label agrees with the count ("1 mail failed", "2 mails failed").
    let failed = html_select(&overview, ".stat.warn .stat-value");
    let expected = if failed == ["1"] {
        "mail failed"
    } else {
        "mails failed"
    };
    assert!(!failed.is_empty(), "the overview warns of failed mail");
    assert_eq!(
        html_select(&overview, ".stat.warn .stat-label"),
        vec![expected]
    );

    // Failed is final: only an admin's retry sends it again.
    app.mail.set_accepting(true);
    let member = app.signed_in_client(&ana).await;
    let response = member.post_form(&retry_action, &[]).await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "a member retried mail"
    );
    assert_eq!(outbox_row(&app, &id).await.status, OutboxStatus::Failed);

    let response = admin.post_form(&retry_action, &[]).await;
    assert_see_other(&response, "/admin/outbox?notice=saved");
    app.mail.wait_for(1).await;
    wait_until_sent(&app, &id).await;
    assert_eq!(app.mail.messages_to(&ana.email).len(), 1);

    // Retrying a mail that is not failed is a 404, not a second delivery.
    let response = admin.post_form(&retry_action, &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(outbox_row(&app, &id).await.status, OutboxStatus::Sent);
}

#[tokio::test]
async fn mail_queued_without_a_worker_is_delivered_once_by_a_later_process() {
    let app = spawn_app_with(|s| s.mail.worker = false).await;
    let ana = UserBuilder::new("ana").build(&app).await;
    request_password_reset(&app.new_client(), &ana.email).await;
    let rows = outbox_to(&app, &ana.email).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, OutboxStatus::Queued);
    assert_eq!(rows[0].attempts, 0);
    let id = rows[0].id.clone();

    // A process started later on the same database, data directory and SMTP server.
    let node = start_node(&app, |s| s.mail.worker = true).await;
    app.mail.wait_for(1).await;
    let sent = wait_until_sent(&app, &id).await;
    assert_eq!(sent.attempts, 1);
    assert_eq!(app.mail.messages_to(&ana.email).len(), 1);
    assert_eq!(app.mail.messages().len(), 1);
    let (status, _) = node.client().get_html("/").await;
    assert_eq!(status, StatusCode::OK, "the second node serves too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_deliver_each_queued_mail_exactly_once() {
    const MAILS: usize = 20;
    let app = spawn_app().await;
    let _second = start_node(&app, |s| s.mail.worker = true).await;

    // Queue the mail due a minute from now, so both workers find it due at the same moment.
    let now = app.clock.now();
    app.state
        .write(move |conn| {
            for i in 0..MAILS {
                outbox::insert(
                    conn,
                    &NewOutboxMessage {
                        id: &OutboxId::new(),
                        kind: "test",
                        recipient: &format!("r{i}@example.com"),
                        subject: &format!("Mail {i}"),
                        body_text: "hello",
                        body_html: "<p>hello</p>",
                        status: OutboxStatus::Queued,
                        next_attempt_at: now.plus_secs(60),
                        created_at: now,
                        user_id: None,
                        topic_id: None,
                        thread_key: None,
                        unsubscribe_url: None,
                        reply_to: None,
                    },
                )?;
            }
            Ok(())
        })
        .await
        .expect("queue the mail");
    assert_eq!(outbox_rows(&app).await.len(), MAILS);
    app.clock.advance_secs(120);

    app.mail.wait_for(MAILS).await;
    wait_until("every mail is marked sent", || async {
        outbox_rows(&app)
            .await
            .iter()
            .all(|m| m.status == OutboxStatus::Sent)
            .then_some(())
    })
    .await;
    for i in 0..MAILS {
        let to = format!("r{i}@example.com");
        assert_eq!(
            app.mail.messages_to(&to).len(),
            1,
            "mail {i} was delivered {} times",
            app.mail.messages_to(&to).len()
        );
    }
    assert_eq!(app.mail.messages().len(), MAILS);
    for row in outbox_rows(&app).await {
        assert_eq!(
            row.attempts, 1,
            "{} was attempted {} times",
            row.recipient, row.attempts
        );
    }
}
