//! The inbound SMTP listener: stored before 250, routed by the worker, not an open relay,
//! bounded in size, duplicates processed once, and nothing lost while the database is down.

use diesel::prelude::*;
use parley::db::schema::inbound_mail as inbound_table;
use parley::db::InboundStatus;
use reqwest::StatusCode;

use super::{
    deliver, inbound_app, inbound_app_with, inbound_rows, reply_message, settled_rows, smtp_addr,
    SmtpClient, REPLY_DOMAIN,
};
use crate::helpers::fixtures::{admin_client, wait_until};
use crate::helpers::{html_select, postgres_or_skip, UserBuilder};

#[tokio::test]
async fn reply_over_smtp_is_stored_then_handed_to_reply_handling() {
    let app = inbound_app().await;
    let rcpt = format!("reply+abc.def@{REPLY_DOMAIN}");
    let message = reply_message(
        "m1@mail.example.com",
        "Thanks, that fixed it.\r\n.leading dot kept\r\n<b>not html</b>\r\n",
    );
    let r = deliver(&app, "ana@example.com", &rcpt, &message).await;
    assert!(r.starts_with("250"), "end of DATA: {r}");

    let rows = settled_rows(&app, 1).await;
    let row = &rows[0];
    assert_eq!(row.recipient, rcpt);
    assert_eq!(row.envelope_from, "ana@example.com");
    assert_eq!(row.source, "smtp");
    assert_eq!(row.message_id, "m1@mail.example.com");
    assert_eq!(row.subject, "Re: Fences");
    let raw = String::from_utf8(row.raw.clone()).unwrap();
    assert!(
        raw.contains("\r\n.leading dot kept\r\n"),
        "dot-unstuffed once: {raw}"
    );
    assert!(!raw.contains("..leading"), "{raw}");
    assert_eq!(row.size_bytes, row.raw.len() as i64);
    // Routed to reply handling (not the bounce handling, not "not addressed to us"),
    // processed once.
    assert_eq!(row.status, InboundStatus::Done);
    assert_eq!(row.attempts, 1);
    assert!(
        ["dropped", "refused", "posted", "held"].contains(&row.disposition.as_str()),
        "{row:?}"
    );
    assert_ne!(row.reason, "not addressed to a reply or bounce address");

    // The admin page lists it and shows it escaped; members may not read it.
    let (_, admin) = admin_client(&app).await;
    let (status, html) = admin.get_html("/admin/inbound").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&rcpt), "{html}");
    assert!(html.contains("Re: Fences"));
    let (status, html) = admin.get_html(&format!("/admin/inbound/{}", row.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("&lt;b&gt;not html&lt;/b&gt;"),
        "escaped: {html}"
    );
    assert!(!html.contains("<b>not html</b>"));
    let (status, html) = admin.get_html("/admin/inbound?status=failed").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !html.contains(&rcpt),
        "the failed filter shows no processed mail"
    );

    let (_, member) = UserBuilder::new("mia").signed_in(&app).await;
    let (status, _) = member.get_html("/admin/inbound").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = member.get_html(&format!("/admin/inbound/{}", row.id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn listener_refuses_other_recipients_and_oversized_mail() {
    let app = inbound_app_with(|s| s.inbound_smtp.max_bytes = 2048).await;
    let mut c = SmtpClient::connect(smtp_addr(&app)).await;
    let ehlo = c.cmd("EHLO relay.example.com").await;
    assert!(
        ehlo.contains("8BITMIME") && ehlo.contains("SIZE 2048"),
        "{ehlo}"
    );
    assert!(
        c.cmd("RCPT TO:<x@y>").await.starts_with("503"),
        "RCPT before MAIL"
    );
    assert!(c
        .cmd("MAIL FROM:<ana@example.com>")
        .await
        .starts_with("250"));
    // Not an open relay: only reply and bounce addresses of the reply domain.
    for other in [
        "someone@example.com".to_string(),
        "reply+abc@elsewhere.example.com".to_string(),
        format!("postmaster@{REPLY_DOMAIN}"),
    ] {
        let r = c.cmd(&format!("RCPT TO:<{other}>")).await;
        assert!(r.starts_with("550"), "{other}: {r}");
    }
    assert!(
        c.cmd("DATA").await.starts_with("503"),
        "DATA without a recipient"
    );
    // Too large when declared...
    assert!(c.cmd("RSET").await.starts_with("250"));
    let r = c.cmd("MAIL FROM:<ana@example.com> SIZE=999999").await;
    assert!(r.starts_with("552"), "{r}");
    // ...and when sent.
    assert!(c
        .cmd("MAIL FROM:<ana@example.com>")
        .await
        .starts_with("250"));
    let rcpt = format!("reply+abc@{REPLY_DOMAIN}");
    assert!(c.cmd(&format!("RCPT TO:<{rcpt}>")).await.starts_with("250"));
    let big = reply_message(
        "big@example.com",
        &format!("{}\r\n", "x".repeat(70)).repeat(40),
    );
    let r = c.data(&big).await;
    assert!(r.starts_with("552"), "{r}");
    // The session goes on after a refusal: a small one is accepted.
    assert!(c.cmd("NOOP").await.starts_with("250"));
    assert!(c
        .cmd("MAIL FROM:<ana@example.com>")
        .await
        .starts_with("250"));
    assert!(c.cmd(&format!("RCPT TO:<{rcpt}>")).await.starts_with("250"));
    let r = c.data(&reply_message("small@example.com", "ok\r\n")).await;
    assert!(r.starts_with("250"), "{r}");
    assert!(c.cmd("QUIT").await.starts_with("221"));

    let rows = settled_rows(&app, 1).await;
    assert_eq!(
        rows[0].message_id, "small@example.com",
        "only the small one is kept"
    );
}

#[tokio::test]
async fn duplicate_deliveries_of_one_message_id_are_processed_once() {
    let app = inbound_app().await;
    let rcpt = format!("reply+abc@{REPLY_DOMAIN}");
    let message = reply_message("same@mail.example.com", "Once.\r\n");
    for _ in 0..2 {
        let r = deliver(&app, "ana@example.com", &rcpt, &message).await;
        assert!(r.starts_with("250"), "{r}");
    }
    let rows = settled_rows(&app, 2).await;
    let processed: Vec<_> = rows
        .iter()
        .filter(|r| r.status == InboundStatus::Done)
        .collect();
    let duplicates: Vec<_> = rows
        .iter()
        .filter(|r| r.status == InboundStatus::Duplicate)
        .collect();
    assert_eq!(processed.len(), 1, "{rows:?}");
    assert_eq!(processed[0].attempts, 1);
    assert_eq!(duplicates.len(), 1, "{rows:?}");
    assert_eq!(duplicates[0].attempts, 0, "a duplicate is never processed");
    assert!(duplicates[0].reason.contains(processed[0].id.as_str()));
}

/// A failed message (the worker gave up) is retried from the admin page.
#[tokio::test]
async fn admin_retries_a_failed_message() {
    let app = inbound_app().await;
    let rcpt = format!("reply+abc@{REPLY_DOMAIN}");
    let r = deliver(
        &app,
        "ana@example.com",
        &rcpt,
        &reply_message("f@x", "Hi\r\n"),
    )
    .await;
    assert!(r.starts_with("250"), "{r}");
    let row = settled_rows(&app, 1).await.remove(0);
    // As the worker leaves a message after its last failed attempt.
    let id = row.id.clone();
    app.state
        .write(move |conn| {
            diesel::update(inbound_table::table.find(&id))
                .set((
                    inbound_table::status.eq(InboundStatus::Failed),
                    inbound_table::attempts.eq(8),
                    inbound_table::last_error.eq(Some("database unavailable")),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    let (_, admin) = admin_client(&app).await;
    let (_, html) = admin.get_html("/admin/inbound?status=failed").await;
    assert!(html.contains("database unavailable"), "{html}");
    let forms = html_select(&html, "table.inbound-mail form.inline button");
    assert_eq!(forms, vec!["Retry"]);
    let response = admin
        .post_form(&format!("/admin/inbound/{}/retry", row.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let done = wait_until("the retried message is processed", || async {
        inbound_rows(&app)
            .await
            .into_iter()
            .find(|r| r.status == InboundStatus::Done && r.attempts == 1)
    })
    .await;
    assert_eq!(done.id, row.id);
    // Only failed messages can be retried.
    let response = admin
        .post_form(&format!("/admin/inbound/{}/retry", row.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

fn pg_admin_exec(admin_url: &str, sql: &str) {
    use diesel::connection::SimpleConnection;
    let mut conn = diesel::PgConnection::establish(admin_url).expect("admin connection");
    conn.batch_execute(sql)
        .unwrap_or_else(|e| panic!("{sql} failed: {e}"));
}

/// PostgreSQL only (SQLite cannot be stopped from outside): a reply received while the
/// database refuses connections is answered 250 (kept in the spool), then imported and
/// processed exactly once when the database is back.
#[tokio::test]
async fn pg_only_reply_received_while_database_is_down_is_processed_once_after_it_returns() {
    let Some(admin_url) = postgres_or_skip(
        "pg_only_reply_received_while_database_is_down_is_processed_once_after_it_returns",
    ) else {
        return;
    };
    let app = inbound_app().await;
    let name = app.pg_database_name().expect("a database").to_string();
    let (url, db) = (admin_url.clone(), name.clone());
    tokio::task::spawn_blocking(move || {
        pg_admin_exec(
            &url,
            &format!(
                "ALTER DATABASE {db} WITH ALLOW_CONNECTIONS false; \
                 SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = '{db}' AND pid <> pg_backend_pid();"
            ),
        )
    })
    .await
    .unwrap();

    let rcpt = format!("reply+abc@{REPLY_DOMAIN}");
    let r = deliver(
        &app,
        "ana@example.com",
        &rcpt,
        &reply_message("down@x", "While down.\r\n"),
    )
    .await;
    assert!(r.starts_with("250"), "accepted into the spool: {r}");
    let spool = app.data_dir().join("inbound");
    let spooled: Vec<_> = std::fs::read_dir(&spool)
        .expect("the spool directory exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "msg"))
        .collect();
    assert_eq!(spooled.len(), 1, "one spool file");

    let (url, db) = (admin_url.clone(), name.clone());
    tokio::task::spawn_blocking(move || {
        pg_admin_exec(
            &url,
            &format!("ALTER DATABASE {db} WITH ALLOW_CONNECTIONS true"),
        )
    })
    .await
    .unwrap();

    let rows = settled_rows(&app, 1).await;
    assert_eq!(rows[0].message_id, "down@x");
    assert_eq!(rows[0].source, "smtp (spool)");
    assert_eq!(rows[0].status, InboundStatus::Done);
    assert_eq!(rows[0].attempts, 1, "processed once");
    wait_until("the spool is emptied", || async {
        let left = std::fs::read_dir(&spool)
            .map(|d| d.filter_map(Result::ok).count())
            .unwrap_or(0);
        (left == 0).then_some(())
    })
    .await;
    // Still one row later (the file was not imported twice).
    assert_eq!(inbound_rows(&app).await.len(), 1);
}

#[tokio::test]
async fn demo_fills_the_inbound_page_in_several_states() {
    let app = inbound_app().await;
    let clock = app.clock.clone();
    let created = crate::helpers::fixtures::db(&app, move |conn| {
        parley::demo::load(conn, &clock, false).map(|s| s.created)
    })
    .await;
    assert!(created);
    let rows = inbound_rows(&app).await;
    let mut states: Vec<_> = rows.iter().map(|r| r.status).collect();
    states.sort();
    states.dedup();
    assert_eq!(
        states,
        vec![
            InboundStatus::Done,
            InboundStatus::Failed,
            InboundStatus::Duplicate
        ]
    );
    let (_, admin) = admin_client(&app).await;
    let (status, html) = admin.get_html("/admin/inbound").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html_select(&html, "table.inbound-mail tbody tr").len(),
        rows.len()
    );
    // The worker leaves the demo's outcomes as they are.
    assert_eq!(inbound_rows(&app).await.len(), rows.len());
}
