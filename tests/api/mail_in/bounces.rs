//! Delivery reports: hard bounces mark an address bouncing after the threshold (Parley
//! stops mailing it, the member sees a notice, admins see it); soft bounces do not.

use diesel::prelude::*;
use parley::db::models::users::User;
use parley::db::schema::users as users_table;
use parley::db::{EmailState, UserId};
use reqwest::StatusCode;

use super::{deliver, inbound_app_with, inbound_rows, settled_rows, REPLY_DOMAIN};
use crate::helpers::fixtures::{admin_client, db, wait_until};
use crate::helpers::forum_fixtures::{member, reply};
use crate::helpers::notification_fixtures::notifications_of;
use crate::helpers::{html_select, CommunityBuilder, TestApp, TopicBuilder};

/// A DSN as Postfix writes it, about one recipient.
fn dsn(message_id: &str, final_recipient: &str, action: &str, status: &str) -> String {
    format!(
        "From: MAILER-DAEMON@relay.example.com (Mail Delivery System)\r\n\
         To: bounce@{REPLY_DOMAIN}\r\n\
         Subject: Undelivered Mail Returned to Sender\r\n\
         Message-ID: <{message_id}>\r\n\
         Auto-Submitted: auto-replied\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status;\r\n\
         \tboundary=\"XYZ\"\r\n\
         \r\n\
         --XYZ\r\n\
         Content-Type: text/plain; charset=us-ascii\r\n\
         \r\n\
         I'm sorry to have to inform you that your message could not be delivered.\r\n\
         \r\n\
         --XYZ\r\n\
         Content-Type: message/delivery-status\r\n\
         \r\n\
         Reporting-MTA: dns; relay.example.com\r\n\
         Arrival-Date: Fri,  4 Dec 2026 10:00:00 +0000 (UTC)\r\n\
         \r\n\
         Final-Recipient: rfc822; {final_recipient}\r\n\
         Original-Recipient: rfc822;{final_recipient}\r\n\
         Action: {action}\r\n\
         Status: {status}\r\n\
         Remote-MTA: dns; mx.example.com\r\n\
         Diagnostic-Code: smtp; 550 5.1.1 <{final_recipient}>: Recipient address rejected\r\n\
         \r\n\
         --XYZ--\r\n"
    )
}

async fn user_row(app: &TestApp, id: &UserId) -> User {
    let id = id.clone();
    db(app, move |conn| {
        Ok(users_table::table
            .find(&id)
            .select(User::as_select())
            .first(conn)?)
    })
    .await
}

async fn bounce(app: &TestApp, to: &str, report: &str, expect_rows: usize) -> String {
    let r = deliver(app, "", to, report).await;
    assert!(r.starts_with("250"), "{r}");
    let rows = settled_rows(app, expect_rows).await;
    let last = rows.last().unwrap();
    assert_eq!(last.disposition, "bounce", "{last:?}");
    last.reason.clone()
}

#[tokio::test]
async fn hard_bounces_mark_the_address_after_the_threshold_and_mail_stops() {
    let app = inbound_app_with(|s| s.mail.bounce_threshold = 2).await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (sue, sue_browser) = member(&app, "sue").await;
    let (_, bob) = member(&app, "bob").await;

    // Outgoing mail carries the VERP return path naming its outbox row.
    let anonymous = app.new_client();
    let response = anonymous
        .post_form("/password/reset", &[("email", ana.email.as_str())])
        .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let sent = wait_until("the reset mail reaches the relay", || async {
        app.mail.messages_to(&ana.email).into_iter().next()
    })
    .await;
    let return_path = sent.from.clone();
    assert!(
        return_path.starts_with("bounce+") && return_path.ends_with(&format!("@{REPLY_DOMAIN}")),
        "envelope sender: {return_path}"
    );

    // 1st hard bounce, to the VERP address, the relay having rewritten the recipient:
    // the outbox row names ana's address.
    let reason = bounce(
        &app,
        &return_path,
        &dsn("b1@relay", "ana-alias@relay.internal", "failed", "5.1.1"),
        1,
    )
    .await;
    assert!(reason.contains(&ana.email), "{reason}");
    assert!(
        user_row(&app, &ana.id).await.email_bouncing_at.is_none(),
        "below the threshold"
    );

    // Soft bounces never mark an address, however many.
    let plain = format!("bounce@{REPLY_DOMAIN}");
    for (i, n) in [(1, 2), (2, 3), (3, 4)] {
        let reason = bounce(
            &app,
            &plain,
            &dsn(&format!("s{i}@relay"), &sue.email, "delayed", "4.2.2"),
            n,
        )
        .await;
        assert!(reason.starts_with("soft 4.2.2"), "{reason}");
    }
    assert!(user_row(&app, &sue.id).await.email_bouncing_at.is_none());

    // 2nd hard bounce (any case): ana's address is marked bouncing.
    let reason = bounce(
        &app,
        &plain,
        &dsn("b2@relay", &ana.email.to_uppercase(), "failed", "5.1.1"),
        5,
    )
    .await;
    assert!(reason.contains("now marked bouncing"), "{reason}");
    assert!(user_row(&app, &ana.id).await.email_bouncing_at.is_some());

    // Ana is told on her next visit; sue is not.
    let (_, html) = ana_browser.get_html("/").await;
    let notices = html_select(&html, "p.notice.bouncing");
    assert_eq!(notices.len(), 1, "{html}");
    assert!(notices[0].contains(&ana.email));
    let (_, html) = sue_browser.get_html("/").await;
    assert!(html_select(&html, "p.notice.bouncing").is_empty());

    // The admin sees it.
    let (status, html) = admin.get_html("/admin/inbound").await;
    assert_eq!(status, StatusCode::OK);
    let listed = html_select(&html, "section.bouncing li").join("\n");
    assert!(listed.contains(&ana.email), "{listed}");
    assert!(!listed.contains(&sue.email), "{listed}");
    let (_, html) = admin.get_html("/admin/users").await;
    assert_eq!(
        html_select(&html, "span.badge.bouncing").len(),
        1,
        "only ana is marked"
    );

    // Parley stops mailing ana: a reply to her topic notifies her on the site only,
    // while sue (whose address works) is mailed as usual.
    let ana_topic = TopicBuilder::discussion("Fences")
        .body("Tall?")
        .in_("town")
        .by(&ana_browser)
        .build(&app)
        .await;
    let sue_topic = TopicBuilder::discussion("Gates")
        .body("Wide?")
        .in_("town")
        .by(&sue_browser)
        .build(&app)
        .await;
    reply(&app, &bob, &ana_topic, "Very tall.").await;
    reply(&app, &bob, &sue_topic, "Very wide.").await;
    let ana_state = wait_until("ana is notified", || async {
        notifications_of(&app, &ana.id)
            .await
            .into_iter()
            .find(|n| n.topic_id.as_ref().map(|t| t.to_string()) == Some(ana_topic.id.clone()))
            .map(|n| n.email_status)
    })
    .await;
    let sue_state = wait_until("sue is notified", || async {
        notifications_of(&app, &sue.id)
            .await
            .into_iter()
            .find(|n| n.topic_id.as_ref().map(|t| t.to_string()) == Some(sue_topic.id.clone()))
            .map(|n| n.email_status)
    })
    .await;
    assert_eq!(ana_state, EmailState::None, "no mail to a bouncing address");
    assert_ne!(sue_state, EmailState::None, "the control member is mailed");

    // Exactly the reports were stored; none is left waiting.
    assert_eq!(inbound_rows(&app).await.len(), 5);

    // A confirmed address change clears it (account mail still reaches the member).
    let new_email = "ana.new@example.com";
    let response = ana_browser
        .post_form(
            "/settings/email",
            &[("email", new_email), ("current_password", &ana.password)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let confirm = wait_until("the confirmation reaches the new address", || async {
        app.mail.messages_to(new_email).into_iter().next()
    })
    .await;
    let link = confirm
        .first_link_with(&format!("{}/settings/email/confirm/", app.address))
        .expect("a confirmation link");
    assert!(
        user_row(&app, &ana.id).await.email_bouncing_at.is_some(),
        "not before it is confirmed"
    );
    let response = ana_browser.post_form(&link, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(user_row(&app, &ana.id).await.email_bouncing_at.is_none());
    let ana_again = app.new_client();
    assert_eq!(
        ana_again.login(new_email, &ana.password).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, html) = ana_again.get_html("/").await;
    assert!(html_select(&html, "p.notice.bouncing").is_empty(), "{html}");
}
