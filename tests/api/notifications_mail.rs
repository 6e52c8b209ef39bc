//! Notification mail: what reaches the SMTP sink after a real event through the HTTP app,
//! batched per topic after `notifications.batch_secs`, with threading and one-click
//! unsubscribe headers, honouring preferences, digests and the daily cap, and re-checking
//! who may still receive it when it is composed and again when it is sent.
//!
//! Time is moved with `app.clock`, never slept. "No mail" is shown either by a final
//! database state written in the same transaction that would have queued the mail, or by
//! a later mail (a sentinel) that must arrive first.

use diesel::prelude::*;
use parley::db::models::notification_prefs::{self, Prefs};
use parley::db::models::notifications::Notification;
use parley::db::models::outbox::OutboxMessage;
use parley::db::models::users;
use parley::db::schema::notifications as notifications_table;
use parley::db::{
    CommunityRole, DigestFrequency, EmailState, NotificationKind, OutboxStatus, TopicKind, UserId,
    Visibility,
};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;

use crate::helpers::fixtures::{
    admin_client, assert_no_active_content, db, find_community, outbox_to, path_of,
    sign_up_and_confirm, start_node, wait_mails_to, wait_until, SiteSettings,
};
use crate::helpers::forum_fixtures::{
    ask, close_as_duplicate, insert_topics, member, post_anchors, reply, topic_count, topic_row,
    TopicRef,
};
use crate::helpers::notification_fixtures::notifications_of;
use crate::helpers::{
    assert_see_other, grant_role, html_attr, html_select, location, remove_member, spawn_app_with,
    CommunityBuilder, ReceivedMail, TestApp, TestClient, TopicBuilder, UserBuilder,
};

// ---------------------------------------------------------------------------------------
// Helpers of this module
// ---------------------------------------------------------------------------------------

/// A test app whose sign-in limits allow a whole cast from one address.
async fn mail_app_with(configure: impl FnOnce(&mut parley::config::Settings)) -> TestApp {
    spawn_app_with(|s| {
        s.rate_limits.signin_per_ip_per_minute = 10_000;
        s.rate_limits.signin_per_account_per_minute = 10_000;
        s.mail.retry_base_secs = 60;
        configure(s);
    })
    .await
}

async fn mail_app() -> TestApp {
    mail_app_with(|_| {}).await
}

/// Moves the app's clock past the batching window of everything pending now.
fn pass_batch_window(app: &TestApp) {
    app.clock
        .advance_secs(app.settings().notifications.batch_secs + 1);
}

/// The notifications of a member about one topic.
async fn notifications_about(app: &TestApp, user: &UserId, topic: &TopicRef) -> Vec<Notification> {
    notifications_of(app, user)
        .await
        .into_iter()
        .filter(|n| n.topic_id.as_ref().map(|t| t.to_string()) == Some(topic.id.clone()))
        .collect()
}

/// Waits until none of the member's notifications about `topic` is pending any more and
/// returns them.
async fn settled_notifications(
    app: &TestApp,
    user: &UserId,
    topic: &TopicRef,
    expected: usize,
) -> Vec<Notification> {
    wait_until("the notifications' mail is decided", || async {
        let rows = notifications_about(app, user, topic).await;
        (rows.len() == expected && rows.iter().all(|n| n.email_status != EmailState::Pending))
            .then_some(rows)
    })
    .await
}

async fn prefs_of(app: &TestApp, user: &UserId) -> Option<Prefs> {
    let user = user.clone();
    db(app, move |conn| Ok(notification_prefs::find(conn, &user)?)).await
}

/// Notification outbox rows (any status) to `address`.
async fn notification_rows_to(app: &TestApp, address: &str) -> Vec<OutboxMessage> {
    outbox_to(app, address)
        .await
        .into_iter()
        .filter(|m| m.kind == "notification")
        .collect()
}

async fn suspend(app: &TestApp, user: &UserId) {
    let (id, now) = (user.clone(), app.clock.now());
    app.state
        .write(move |conn| {
            Ok(users::set_suspension(
                conn,
                &id,
                Some(now.plus_secs(30 * 86_400)),
                Some("testing"),
                now,
            )?)
        })
        .await
        .expect("suspend the member");
}

/// `<url>` of a `List-Unsubscribe` header → `url`.
fn unsubscribe_url(mail: &ReceivedMail) -> String {
    let value = mail
        .header("List-Unsubscribe")
        .unwrap_or_else(|| panic!("no List-Unsubscribe header:\n{}", mail.raw));
    let value = value.trim();
    value
        .strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .unwrap_or_else(|| panic!("List-Unsubscribe is not <url>: {value}"))
        .to_string()
}

/// POSTs the RFC 8058 one-click body to `url` from a client with no cookies at all.
async fn one_click(url: &str) -> StatusCode {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    client
        .post(url)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {url} failed: {e}"))
        .status()
}

/// Mails that must arrive after everything the mailer had started before: an admin
/// mentions `beacon` in an invite-only sub-community nobody else sees, twice in a row
/// (the second is composed by a pass that started after the one composing the first
/// ended). Afterwards, whatever an earlier pass composed is in the outbox.
async fn barrier(app: &TestApp, admin: &TestClient) {
    if find_community(app, "beacon").await.is_none() {
        CommunityBuilder::new("beacon")
            .visibility(Visibility::InviteOnly)
            .build(app, admin)
            .await;
        UserBuilder::new("beacon").build(app).await;
        grant_role(admin, "beacon", "beacon", CommunityRole::Member).await;
    }
    for _ in 0..2 {
        let before = app.mail.messages_to("beacon@example.com").len();
        TopicBuilder::discussion(&format!("Beacon {}", before + 1))
            .body("Ping @beacon, the sentinel.")
            .in_("beacon")
            .by(admin)
            .build(app)
            .await;
        pass_batch_window(app);
        wait_mails_to(app, "beacon@example.com", before + 1).await;
    }
}

/// The subjects of received mails, for failure messages.
fn subjects(mails: &[ReceivedMail]) -> Vec<String> {
    mails.iter().map(ReceivedMail::subject).collect()
}

async fn save_prefs(client: &TestClient, fields: &[(&str, &str)]) {
    let response = client.post_form("/settings/notifications", fields).await;
    assert_see_other(&response, "/settings/notifications?notice=saved");
}

// ---------------------------------------------------------------------------------------
// 1. An answered question: content, links and threading
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn answered_question_mails_the_asker_a_threaded_multipart_mail_linking_the_answer() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    SiteSettings {
        site_name: "Contoso Hub",
        tagline: "Where things get built",
        primary_color: "#224488",
        ..SiteSettings::default()
    }
    .save(&admin)
    .await;
    let community = CommunityBuilder::new("help").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carl) = member(&app, "carl").await;

    let question = ask(&ana_browser, "help", "How do I frobnicate widgets?").await;
    let answer = reply(
        &app,
        &bob,
        &question,
        "Turn the crank twice, then frobnicate.",
    )
    .await;
    pass_batch_window(&app);
    let mails = wait_mails_to(&app, &ana.email, 1).await;
    let mail = &mails[0];

    assert_eq!(
        mail.content_types(),
        vec!["multipart/alternative", "text/plain", "text/html"]
    );
    let subject = mail.subject();
    assert!(
        subject.contains("How do I frobnicate widgets?") && subject.contains(&community.name),
        "subject {subject:?}"
    );
    let link = format!("{}/p/{}", app.address, answer.id);
    assert!(
        mail.text_body().contains(&link),
        "text part lacks {link}:\n{}",
        mail.text_body()
    );
    assert!(
        mail.text_body().contains("Turn the crank twice"),
        "text part lacks the answer"
    );
    let html = mail.html_body();
    assert!(
        html_attr(&html, "a", "href").contains(&link),
        "HTML part lacks a link to {link}:\n{html}"
    );
    assert!(html.contains("Contoso Hub"), "HTML lacks the brand name");
    assert_no_active_content(&html, "notification mail");

    // The link leads (303) to the topic page showing the answer.
    let response = ana_browser
        .get(&path_of(&app, &mail.first_link_with(&link).expect("link")))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response).expect("Location");
    let (page_path, fragment) = to.split_once('#').expect("an anchor");
    assert_eq!(fragment, answer.anchor());
    assert!(
        page_path.starts_with(&question.path),
        "{to} is not the topic {}",
        question.path
    );
    let (status, page) = ana_browser.get_html(page_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        post_anchors(&page).contains(&answer.anchor()),
        "{page_path} does not show {}",
        answer.anchor()
    );

    // Headers: a Message-ID of its own, the topic's thread.
    let rows = notification_rows_to(&app, &ana.email).await;
    assert_eq!(rows.len(), 1);
    let message_id = mail.header("Message-ID").expect("Message-ID");
    assert!(
        message_id.starts_with(&format!("<{}@", rows[0].id)) && message_id.ends_with('>'),
        "Message-ID {message_id}"
    );
    let thread = mail.header("In-Reply-To").expect("In-Reply-To");
    assert!(
        thread.starts_with(&format!("<topic-{}@", question.id)) && thread.ends_with('>'),
        "In-Reply-To {thread}"
    );
    assert_eq!(mail.header("References").as_deref(), Some(thread.as_str()));

    // A second mail about the same topic: same thread, another Message-ID.
    reply(&app, &carl, &question, "Or ask the widget nicely.").await;
    pass_batch_window(&app);
    let mails = wait_mails_to(&app, &ana.email, 2).await;
    assert_eq!(mails.len(), 2);
    let second = &mails[1];
    assert!(second.text_body().contains("ask the widget nicely"));
    assert_eq!(
        second.header("References").as_deref(),
        Some(thread.as_str())
    );
    assert_eq!(
        second.header("In-Reply-To").as_deref(),
        Some(thread.as_str())
    );
    let second_id = second.header("Message-ID").expect("Message-ID");
    assert_ne!(second_id, message_id);
}

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
// 3. One-click unsubscribe
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn one_click_unsubscribe_switches_off_that_kind_only_and_refuses_tampered_links() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (bob, bob_browser) = member(&app, "bob").await;
    let (_, carl) = member(&app, "carl").await;
    // Bob has preferences (and so a signing key) of his own.
    save_prefs(
        &bob_browser,
        &[
            ("mail_replies", "on"),
            ("mail_mentions", "on"),
            ("mail_watching", "on"),
            ("mail_updates", "on"),
            ("digest", "off"),
        ],
    )
    .await;

    let topic = TopicBuilder::discussion("Gardens")
        .body("Flowers?")
        .in_("town")
        .by(&ana_browser)
        .build(&app)
        .await;
    reply(&app, &bob_browser, &topic, "Tulips, obviously.").await;
    pass_batch_window(&app);
    let mail = wait_mails_to(&app, &ana.email, 1).await.remove(0);
    assert_eq!(
        mail.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let url = unsubscribe_url(&mail);
    let prefix = format!("{}/unsubscribe/", app.address);
    let token = url
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{url} does not start with {prefix}"))
        .to_string();
    assert!(
        mail.text_body().contains(&url),
        "the text part lacks the unsubscribe link"
    );
    let parts: Vec<&str> = token.splitn(3, '.').collect();
    assert_eq!(parts.len(), 3, "token {token}");
    assert_eq!(parts[0], ana.id.to_string());
    assert_eq!(parts[1], "replies");

    // Tampered links: 400, nothing changes.
    let sig = parts[2];
    let flipped = {
        let mut s = sig.to_string();
        let last = s.pop().expect("signature");
        s.push(if last == '0' { '1' } else { '0' });
        s
    };
    for bad in [
        format!("{}.replies.{sig}", bob.id),
        format!("{}.mentions.{sig}", ana.id),
        format!("{}.replies.{flipped}", ana.id),
    ] {
        let status = one_click(&format!("{prefix}{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "tampered token {bad}");
        let (status, _) = app
            .new_client()
            .get_html(&format!("/unsubscribe/{bad}"))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "GET tampered token {bad}");
    }
    for who in [&ana, &bob] {
        let p = prefs_of(&app, &who.id).await.expect("prefs row");
        assert!(
            p.mail_replies && p.mail_mentions && p.mail_watching && p.mail_updates,
            "{} lost a preference to a tampered link: {p:?}",
            who.username
        );
    }

    // A reply arrives and is still pending when the member unsubscribes.
    let pending = reply(&app, &bob_browser, &topic, "Daisies, on reflection.").await;

    // GET shows a confirmation page and changes nothing.
    let (status, page) = app.new_client().get_html(&path_of(&app, &url)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html_attr(&page, "form", "action")
            .iter()
            .filter(|a| a.ends_with(&token))
            .count(),
        1,
        "the confirmation page has no form posting to the link"
    );
    assert!(prefs_of(&app, &ana.id).await.expect("prefs").mail_replies);

    // The one-click POST, without cookies or CSRF token.
    assert_eq!(one_click(&url).await, StatusCode::OK);
    let p = prefs_of(&app, &ana.id).await.expect("prefs");
    assert!(!p.mail_replies, "replies are still on");
    assert!(p.mail_mentions && p.mail_watching && p.mail_updates);

    // A later reply is still an in-app notification, but not mailed; a mention still is.
    let later = reply(&app, &bob_browser, &topic, "Roses, on second thought.").await;
    TopicBuilder::discussion("Hedges")
        .body("What do you think, @ana?")
        .in_("town")
        .by(&carl)
        .build(&app)
        .await;
    pass_batch_window(&app);
    let mails = wait_mails_to(&app, &ana.email, 2).await;
    assert!(
        mails[1].subject().contains("Hedges"),
        "the second mail should be the mention: {:?}",
        subjects(&mails)
    );
    let in_app: Vec<Notification> = notifications_about(&app, &ana.id, &topic)
        .await
        .into_iter()
        .filter(|n| n.post_id.as_ref().map(|p| p.to_string()) == Some(later.id.clone()))
        .collect();
    assert_eq!(in_app.len(), 1, "the reply is still notified in the app");
    assert_eq!(in_app[0].kind, NotificationKind::Reply);
    assert!(
        matches!(
            in_app[0].email_status,
            EmailState::None | EmailState::Unsubscribed
        ),
        "{:?}",
        in_app[0].email_status
    );
    let earlier: Vec<Notification> = notifications_about(&app, &ana.id, &topic)
        .await
        .into_iter()
        .filter(|n| n.post_id.as_ref().map(|p| p.to_string()) == Some(pending.id.clone()))
        .collect();
    assert_eq!(earlier.len(), 1);
    assert_eq!(
        earlier[0].email_status,
        EmailState::Unsubscribed,
        "a reply pending when the member unsubscribed"
    );
    assert_eq!(notification_rows_to(&app, &ana.email).await.len(), 2);
    assert!(app
        .mail
        .messages_to(&ana.email)
        .iter()
        .all(|m| !m.text_body().contains("Roses") && !m.text_body().contains("Daisies")));
}

// ---------------------------------------------------------------------------------------
// 4. The preferences page
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn preferences_page_switches_kinds_off_and_the_digest_on() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carl) = member(&app, "carl").await;

    let (status, page) = ana_browser.get_html("/settings/notifications").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html_attr(&page, "input[type=checkbox][checked]", "name").len(),
        4,
        "every kind is on by default"
    );
    assert_eq!(
        html_attr(&page, "input[name=digest][checked]", "value"),
        vec!["off"]
    );

    // Without the CSRF token nothing changes.
    let response = ana_browser
        .post_form_without_csrf("/settings/notifications", &[("digest", "daily")])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(prefs_of(&app, &ana.id)
        .await
        .is_none_or(|p| p.mail_replies && p.digest == DigestFrequency::Off));

    save_prefs(
        &ana_browser,
        &[
            ("mail_mentions", "on"),
            ("mail_watching", "on"),
            ("mail_updates", "on"),
            ("digest", "daily"),
        ],
    )
    .await;
    let (_, page) = ana_browser.get_html("/settings/notifications").await;
    let checked = html_attr(&page, "input[type=checkbox][checked]", "name");
    assert!(
        !checked.contains(&"mail_replies".to_string()),
        "{checked:?}"
    );
    assert_eq!(checked.len(), 3, "{checked:?}");
    assert_eq!(
        html_attr(&page, "input[name=digest][checked]", "value"),
        vec!["daily"]
    );
    // The digest covers what happens after it was switched on.
    app.clock.advance_secs(1);

    // Replies are not mailed, mentions are (the sentinel, same batch).
    let topic = TopicBuilder::discussion("Lanterns")
        .body("Paper?")
        .in_("town")
        .by(&ana_browser)
        .build(&app)
        .await;
    reply(&app, &bob, &topic, "Paper lanterns burn.").await;
    TopicBuilder::discussion("Kites")
        .body("@ana flies kites.")
        .in_("town")
        .by(&carl)
        .build(&app)
        .await;
    pass_batch_window(&app);
    let mails = wait_mails_to(&app, &ana.email, 1).await;
    assert!(
        mails[0].subject().contains("Kites"),
        "{:?}",
        subjects(&mails)
    );
    let about_reply = settled_notifications(&app, &ana.id, &topic, 1).await;
    assert_ne!(about_reply[0].email_status, EmailState::Sent);
    assert_eq!(notification_rows_to(&app, &ana.email).await.len(), 1);

    // The daily digest comes a day later and lists the active topic.
    app.clock.advance_secs(86_400);
    let digest = wait_until("the daily digest reaches ana", || async {
        app.mail
            .messages_to(&ana.email)
            .into_iter()
            .find(|m| m.subject().contains("digest"))
    })
    .await;
    assert!(digest.subject().contains("daily"), "{}", digest.subject());
    assert!(
        digest.text_body().contains("Lanterns"),
        "{}",
        digest.text_body()
    );
}

// ---------------------------------------------------------------------------------------
// 5. Digests
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn weekly_digest_lists_visible_activity_only_and_none_is_sent_by_default_or_when_quiet() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    let open = CommunityBuilder::new("open").build(&app, &admin).await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let dave = UserBuilder::new("dave").build(&app).await;
    let (eve, eve_browser) = member(&app, "eve").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carl) = member(&app, "carl").await;

    save_prefs(
        &eve_browser,
        &[
            ("mail_replies", "on"),
            ("mail_mentions", "on"),
            ("mail_watching", "on"),
            ("mail_updates", "on"),
            ("digest", "weekly"),
        ],
    )
    .await;
    assert_eq!(
        prefs_of(&app, &eve.id).await.expect("prefs").digest,
        DigestFrequency::Weekly
    );
    app.clock.advance_secs(1);

    let busy = TopicBuilder::discussion("Busy thread")
        .body("Talk.")
        .in_("open")
        .by(&bob)
        .build(&app)
        .await;
    reply(&app, &carl, &busy, "Talking back.").await;
    let lonely = ask(&bob, "open", "Lonely question nobody answers").await;
    let hidden = TopicBuilder::discussion("Vault plans")
        .body("Secret.")
        .in_("vault")
        .by(&admin)
        .build(&app)
        .await;
    reply(&app, &admin, &hidden, "Even more secret.").await;
    ask(&admin, "vault", "Vault question").await;

    app.clock.advance_secs(7 * 86_400 + 1);
    let digest = wait_until("the weekly digest reaches eve", || async {
        app.mail
            .messages_to(&eve.email)
            .into_iter()
            .find(|m| m.subject().contains("digest"))
    })
    .await;
    assert!(digest.subject().contains("weekly"), "{}", digest.subject());
    let text = digest.text_body();
    let html = digest.html_body();
    for (title, topic) in [
        ("Busy thread", &busy),
        ("Lonely question nobody answers", &lonely),
    ] {
        assert!(text.contains(title), "digest lacks {title:?}:\n{text}");
        assert!(html.contains(title), "HTML digest lacks {title:?}");
        assert!(
            text.contains(&format!("{}{}", app.address, topic.path)),
            "digest lacks the link to {title:?}"
        );
    }
    assert!(
        text.contains(&open.name),
        "digest lacks the sub-community name"
    );
    for secret in ["Vault", "Group vault"] {
        assert!(!text.contains(secret), "digest shows {secret:?}:\n{text}");
        assert!(!html.contains(secret), "HTML digest shows {secret:?}");
    }
    assert!(digest.header("List-Unsubscribe").is_some());

    // A member who never opted in gets nothing after 8 days.
    app.clock.advance_secs(86_400);
    barrier(&app, &admin).await;
    assert!(app.mail.messages_to(&dave.email).is_empty());
    assert!(outbox_to(&app, &dave.email).await.is_empty());

    // Nothing new that eve may see: no second digest.
    app.clock.advance_secs(7 * 86_400);
    barrier(&app, &admin).await;
    let digests: Vec<_> = outbox_to(&app, &eve.email)
        .await
        .into_iter()
        .filter(|m| m.kind == "digest")
        .collect();
    assert_eq!(digests.len(), 1, "an empty digest was queued");
    assert_eq!(
        app.mail
            .messages_to(&eve.email)
            .iter()
            .filter(|m| m.subject().contains("digest"))
            .count(),
        1
    );
}

// ---------------------------------------------------------------------------------------
// 6. The daily cap
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn daily_cap_holds_back_mail_until_a_day_has_passed() {
    let app = mail_app_with(|s| s.notifications.daily_cap = 2).await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;

    let mut topics = Vec::new();
    for title in ["Topic one", "Topic two", "Topic three"] {
        topics.push(
            TopicBuilder::discussion(title)
                .body("Body.")
                .in_("town")
                .by(&ana_browser)
                .build(&app)
                .await,
        );
    }
    for t in &topics {
        reply(&app, &bob, t, "A reply.").await;
    }
    pass_batch_window(&app);
    let mut states = Vec::new();
    for t in &topics {
        states.push(settled_notifications(&app, &ana.id, t, 1).await[0].email_status);
    }
    assert_eq!(
        states.iter().filter(|s| **s == EmailState::Sent).count(),
        2,
        "{states:?}"
    );
    assert_eq!(
        states.iter().filter(|s| **s == EmailState::Capped).count(),
        1,
        "{states:?}"
    );
    assert_eq!(notification_rows_to(&app, &ana.email).await.len(), 2);
    wait_mails_to(&app, &ana.email, 2).await;

    // A day later, activity mails again.
    app.clock.advance_secs(86_400);
    reply(&app, &bob, &topics[2], "Another day, another reply.").await;
    pass_batch_window(&app);
    let mails = wait_mails_to(&app, &ana.email, 3).await;
    assert_eq!(mails.len(), 3);
    assert!(mails[2].text_body().contains("Another day"));
    assert_eq!(notification_rows_to(&app, &ana.email).await.len(), 3);
}

// ---------------------------------------------------------------------------------------
// 7. Suspended members and unconfirmed addresses
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn suspended_members_get_no_notification_mail_when_composed_or_sent() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (sue, sue_browser) = member(&app, "sue").await;
    let (_, bob) = member(&app, "bob").await;

    // Suspended during the batching window: dropped when composed.
    let topic = TopicBuilder::discussion("Fences")
        .body("Tall?")
        .in_("town")
        .by(&ana_browser)
        .build(&app)
        .await;
    reply(&app, &bob, &topic, "Very tall.").await;
    suspend(&app, &ana.id).await;
    pass_batch_window(&app);
    let rows = settled_notifications(&app, &ana.id, &topic, 1).await;
    assert_eq!(rows[0].email_status, EmailState::Dropped);
    assert!(outbox_to(&app, &ana.email).await.is_empty());

    // Suspended after the mail was queued, while SMTP was down: dropped when sent.
    let topic = TopicBuilder::discussion("Gates")
        .body("Wide?")
        .in_("town")
        .by(&sue_browser)
        .build(&app)
        .await;
    app.mail.set_accepting(false);
    reply(&app, &bob, &topic, "Very wide.").await;
    pass_batch_window(&app);
    let queued = wait_until("sue's mail fails once", || async {
        notification_rows_to(&app, &sue.email)
            .await
            .into_iter()
            .find(|m| m.attempts >= 1)
    })
    .await;
    assert_eq!(queued.status, OutboxStatus::Queued);
    suspend(&app, &sue.id).await;
    app.mail.set_accepting(true);
    app.clock.advance_secs(3600);
    let dropped = wait_until("sue's mail is dropped", || async {
        notification_rows_to(&app, &sue.email)
            .await
            .into_iter()
            .find(|m| m.id == queued.id && m.status != OutboxStatus::Queued)
    })
    .await;
    assert_eq!(dropped.status, OutboxStatus::Dropped);
    assert!(
        dropped
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("suspended")),
        "{:?}",
        dropped.last_error
    );
    assert!(app.mail.messages_to(&sue.email).is_empty());
    assert!(app.mail.messages_to(&ana.email).is_empty());
}

#[tokio::test]
async fn unconfirmed_addresses_get_only_their_confirmation_mail() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, _) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;

    let response = app
        .new_client()
        .post_form(
            "/signup",
            &[
                ("username", "uma"),
                ("email", "uma@example.com"),
                ("password", "a perfectly fine passphrase"),
            ],
        )
        .await;
    assert_see_other(&response, "/login?notice=check_email");
    let confirmation = wait_mails_to(&app, "uma@example.com", 1).await;
    assert!(confirmation[0].subject().contains("Confirm"));

    // Mentioned together with ana (the sentinel: the same event, the same batch window).
    let topic = TopicBuilder::discussion("Welcome")
        .body("Hello @uma and @ana!")
        .in_("town")
        .by(&bob)
        .build(&app)
        .await;
    pass_batch_window(&app);
    let mails = wait_mails_to(&app, &ana.email, 1).await;
    assert!(mails[0].subject().contains("Welcome"));

    let uma = crate::helpers::forum_fixtures::user_named(&app, "uma").await;
    assert!(uma.email_confirmed_at.is_none());
    for n in notifications_about(&app, &uma.id, &topic).await {
        assert!(
            !matches!(n.email_status, EmailState::Pending | EmailState::Sent),
            "{:?}",
            n.email_status
        );
    }
    let rows = outbox_to(&app, "uma@example.com").await;
    assert_eq!(
        rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        vec!["confirm_email"]
    );
    assert_eq!(app.mail.messages_to("uma@example.com").len(), 1);
}

// ---------------------------------------------------------------------------------------
// 8. Permissions re-checked when composing and when sending
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn member_removed_from_an_invite_only_community_during_the_window_gets_no_mail() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    let inner = CommunityBuilder::new("inner")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ivy, ivy_browser) = UserBuilder::new("ivy")
        .role_in(&inner, CommunityRole::Member)
        .signed_in(&app)
        .await;
    let (_, bob) = UserBuilder::new("bob")
        .role_in(&inner, CommunityRole::Member)
        .signed_in(&app)
        .await;
    let (_, carl) = member(&app, "carl").await;

    let topic = TopicBuilder::discussion("Inner plans")
        .body("Hush.")
        .in_("inner")
        .by(&ivy_browser)
        .build(&app)
        .await;
    reply(&app, &bob, &topic, "Hush indeed.").await;
    assert_eq!(
        notifications_about(&app, &ivy.id, &topic).await[0].email_status,
        EmailState::Pending
    );
    remove_member(&admin, "inner", "ivy").await;
    // The sentinel, same batch: a mention in a public sub-community.
    TopicBuilder::discussion("Open plans")
        .body("Thoughts, @ivy?")
        .in_("town")
        .by(&carl)
        .build(&app)
        .await;
    pass_batch_window(&app);
    let mails = wait_mails_to(&app, &ivy.email, 1).await;
    assert!(mails[0].subject().contains("Open plans"));
    let rows = settled_notifications(&app, &ivy.id, &topic, 1).await;
    assert_eq!(rows[0].email_status, EmailState::Dropped);
    let queued = notification_rows_to(&app, &ivy.email).await;
    assert_eq!(
        queued.len(),
        1,
        "{:?}",
        queued.iter().map(|r| &r.subject).collect::<Vec<_>>()
    );
    assert_eq!(app.mail.messages_to(&ivy.email).len(), 1);
    assert!(!mails[0].text_body().contains("Hush"));
}

#[tokio::test]
async fn mail_queued_before_the_member_lost_access_is_dropped_when_sent() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    let inner = CommunityBuilder::new("inner")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ivy, ivy_browser) = UserBuilder::new("ivy")
        .role_in(&inner, CommunityRole::Member)
        .signed_in(&app)
        .await;
    let (_, bob) = UserBuilder::new("bob")
        .role_in(&inner, CommunityRole::Member)
        .signed_in(&app)
        .await;
    let (_, carl) = member(&app, "carl").await;

    let topic = TopicBuilder::discussion("Inner plans")
        .body("Hush.")
        .in_("inner")
        .by(&ivy_browser)
        .build(&app)
        .await;
    app.mail.set_accepting(false);
    reply(&app, &bob, &topic, "Hush indeed.").await;
    pass_batch_window(&app);
    let queued = wait_until("the mail to ivy fails once", || async {
        notification_rows_to(&app, &ivy.email)
            .await
            .into_iter()
            .find(|m| m.attempts >= 1)
    })
    .await;
    assert_eq!(queued.status, OutboxStatus::Queued);
    assert_eq!(
        settled_notifications(&app, &ivy.id, &topic, 1).await[0].email_status,
        EmailState::Sent,
        "composed and queued"
    );

    remove_member(&admin, "inner", "ivy").await;
    app.mail.set_accepting(true);
    app.clock.advance_secs(3600);
    let done = wait_until("the queued mail is decided", || async {
        let row = notification_rows_to(&app, &ivy.email)
            .await
            .into_iter()
            .find(|m| m.id == queued.id)?;
        (row.status != OutboxStatus::Queued).then_some(row)
    })
    .await;
    assert_eq!(done.status, OutboxStatus::Dropped);
    let reason = done.last_error.clone().unwrap_or_default();
    assert!(
        reason.contains("may no longer see"),
        "the reason is not recorded: {reason:?}"
    );

    // A later mail to ivy arrives, the dropped one never did.
    TopicBuilder::discussion("Open plans")
        .body("Thoughts, @ivy?")
        .in_("town")
        .by(&carl)
        .build(&app)
        .await;
    pass_batch_window(&app);
    let mails = wait_mails_to(&app, &ivy.email, 1).await;
    assert_eq!(mails.len(), 1, "{:?}", subjects(&mails));
    assert!(mails[0].subject().contains("Open plans"));
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
// 10. Escaping and header injection
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn post_html_is_escaped_in_the_html_part() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;

    let topic = TopicBuilder::discussion("Scripts")
        .body("Hm.")
        .in_("town")
        .by(&ana_browser)
        .build(&app)
        .await;
    reply(
        &app,
        &bob,
        &topic,
        "Look: <script>alert(1)</script> and <img src=x onerror=alert(2)> done",
    )
    .await;
    pass_batch_window(&app);
    let mail = wait_mails_to(&app, &ana.email, 1).await.remove(0);
    let html = mail.html_body();
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "raw <script> in the HTML part:\n{html}"
    );
    assert!(
        !html.to_ascii_lowercase().contains("<img"),
        "raw <img>:\n{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)"),
        "the text is not shown escaped:\n{html}"
    );
    assert_no_active_content(&html, "notification mail");
    assert!(mail.text_body().contains("<script>alert(1)</script>"));
}

#[tokio::test]
async fn a_title_with_line_breaks_cannot_add_mail_headers() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;

    // Stored by the write core directly (as an import or an older version might have):
    // the mail must still carry one subject line and no extra header.
    let stored = insert_topics(
        &app,
        "town",
        &ana.id,
        TopicKind::Discussion,
        vec![(
            "Stored title\r\nBcc: evil@example.com".to_string(),
            app.clock.now(),
        )],
    )
    .await;
    let stored_path = topic_row(&app, stored[0].as_ref()).await.path();
    let stored = TopicRef {
        id: stored[0].to_string(),
        path: stored_path,
    };
    reply(&app, &bob, &stored, "Replying to the stored title.").await;
    pass_batch_window(&app);
    let mail = wait_mails_to(&app, &ana.email, 1).await.remove(0);
    assert_single_recipient_and_subject_line(&mail, &ana.email, "Stored title");
    assert!(app.mail.messages_to("evil@example.com").is_empty());

    // Typed into the form, such a title never gets as far as a mail: a title is one line
    // (`TopicTitle::parse`), so the form answers 422 with the reason next to the title
    // and stores nothing.
    let before = topic_count(&app).await;
    let response = TopicBuilder::discussion("Broken title\r\nBcc: evil@example.com")
        .body("Body.")
        .in_("town")
        .by(&ana_browser)
        .send()
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("the form page");
    assert_eq!(
        html_select(&html, "#f-title-error"),
        vec!["Title must be a single line."]
    );
    assert_eq!(topic_count(&app).await, before, "refused, yet stored");
    assert!(app.mail.messages_to("evil@example.com").is_empty());
    assert_eq!(
        app.mail.messages().len(),
        1,
        "{:?}",
        subjects(&app.mail.messages())
    );
}

#[track_caller]
fn assert_single_recipient_and_subject_line(mail: &ReceivedMail, to: &str, title: &str) {
    assert_eq!(mail.to, vec![to.to_string()]);
    assert!(mail.header("Bcc").is_none(), "a Bcc header:\n{}", mail.raw);
    let subject = mail.subject();
    assert!(
        !subject.contains('\r') && !subject.contains('\n'),
        "subject {subject:?}"
    );
    assert!(subject.contains(title), "subject {subject:?}");
    let head = mail.raw.split("\r\n\r\n").next().unwrap_or_default();
    assert!(
        !head
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("bcc:")),
        "a Bcc header line:\n{head}"
    );
}

// ---------------------------------------------------------------------------------------
// 11. Mentions in places the member cannot see
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn mention_in_an_employees_only_community_does_not_reach_a_member_who_cannot_see_it() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("staff")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let emp = UserBuilder::new("emp").employee().build(&app).await;
    let emp_browser = app.signed_in_client(&emp).await;
    let eli = UserBuilder::new("eli").employee().build(&app).await;
    let (mo, _) = member(&app, "moe").await;
    let (_, carl) = member(&app, "carl").await;

    let secret = TopicBuilder::discussion("Staff party")
        .body("Should we invite @moe? Ask @eli.")
        .in_("staff")
        .by(&emp_browser)
        .build(&app)
        .await;
    // The sentinel for mo, same batch: a mention they may see.
    let open = TopicBuilder::discussion("Town fair")
        .body("Coming, @moe?")
        .in_("town")
        .by(&carl)
        .build(&app)
        .await;
    assert!(notifications_about(&app, &mo.id, &secret).await.is_empty());
    assert_eq!(notifications_about(&app, &eli.id, &secret).await.len(), 1);
    pass_batch_window(&app);

    let eli_mails = wait_mails_to(&app, &eli.email, 1).await;
    assert!(eli_mails[0].subject().contains("Staff party"));
    let mo_mails = wait_mails_to(&app, &mo.email, 1).await;
    assert!(mo_mails[0].subject().contains("Town fair"));
    assert_eq!(notifications_about(&app, &mo.id, &open).await.len(), 1);
    assert!(notifications_of(&app, &mo.id).await.iter().all(|n| n
        .topic_id
        .as_ref()
        .map(|t| t.to_string())
        == Some(open.id.clone())));
    let rows = notification_rows_to(&app, &mo.email).await;
    assert_eq!(rows.len(), 1);
    assert!(app
        .mail
        .messages_to(&mo.email)
        .iter()
        .all(|m| !m.raw.contains("Staff party")));
}

// ---------------------------------------------------------------------------------------
// More: several processes composing, and preferences against the strongest reason
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

#[tokio::test]
async fn an_answer_that_mentions_the_asker_is_mailed_as_a_reply_when_only_mentions_are_off() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("help").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    save_prefs(
        &ana_browser,
        &[
            ("mail_replies", "on"),
            ("mail_watching", "on"),
            ("mail_updates", "on"),
            ("digest", "off"),
        ],
    )
    .await;

    let question = ask(&ana_browser, "help", "Where is the spare key?").await;
    let answer = reply(&app, &bob, &question, "Under the mat, @ana.").await;
    let rows = notifications_about(&app, &ana.id, &question).await;
    assert_eq!(rows.len(), 1, "one notification for one event");
    assert_eq!(
        rows[0].email_status,
        EmailState::Pending,
        "ana switched off mention mail but wants mail about replies; the answer to her \
         question (which also mentions her, kind {:?}) is not going to be mailed",
        rows[0].kind
    );
    pass_batch_window(&app);
    let mails = wait_mails_to(&app, &ana.email, 1).await;
    assert!(mails[0]
        .text_body()
        .contains(&format!("{}/p/{}", app.address, answer.id)));
}

#[tokio::test]
async fn weekly_digest_ticked_at_sign_up_arrives_and_an_unticked_sign_up_gets_none() {
    let app = mail_app_with(|s| s.rate_limits.signup_per_ip_per_hour = 100).await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("open").build(&app, &admin).await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carl) = member(&app, "carl").await;

    let (status, form) = app.new_client().get_html("/signup").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html_attr(&form, "input[name=weekly_digest][checked]", "name").is_empty(),
        "the digest is ticked by default"
    );
    let fay = sign_up_and_confirm(&app, "fay", "fay@example.com", true)
        .await
        .email;
    let gus = sign_up_and_confirm(&app, "gus", "gus@example.com", false)
        .await
        .email;
    app.clock.advance_secs(1);

    let busy = TopicBuilder::discussion("Harbour news")
        .body("Boats.")
        .in_("open")
        .by(&bob)
        .build(&app)
        .await;
    reply(&app, &carl, &busy, "More boats.").await;
    ask(&bob, "open", "Which boat is fastest?").await;

    app.clock.advance_secs(8 * 86_400);
    let digest = wait_until("fay's weekly digest", || async {
        app.mail
            .messages_to(&fay)
            .into_iter()
            .find(|m| m.subject().contains("digest"))
    })
    .await;
    assert!(digest.subject().contains("weekly"), "{}", digest.subject());
    let text = digest.text_body();
    assert!(text.contains("Harbour news"), "{text}");
    assert!(text.contains("Which boat is fastest?"), "{text}");

    barrier(&app, &admin).await;
    let gus_mail = app.mail.messages_to(&gus);
    assert_eq!(gus_mail.len(), 1, "{:?}", subjects(&gus_mail));
    assert!(outbox_to(&app, &gus)
        .await
        .iter()
        .all(|m| m.kind == "confirm_email"));
}

// ---------------------------------------------------------------------------------------
// Updates: accepted answers and moderation outcomes
// ---------------------------------------------------------------------------------------

/// The kind named by a mail's `List-Unsubscribe` link (`replies`, `updates`, ...).
fn unsubscribe_kind(mail: &ReceivedMail) -> String {
    let url = unsubscribe_url(mail);
    let token = url.rsplit('/').next().unwrap_or_default();
    token.split('.').nth(1).unwrap_or_default().to_string()
}

#[tokio::test]
async fn an_accepted_answer_is_mailed_to_its_author_as_an_update() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("help").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (bob, bob_browser) = member(&app, "bob").await;

    let question = ask(&ana, "help", "Why is the sky blue?").await;
    let answer = reply(&app, &bob_browser, &question, "Rayleigh scattering.").await;
    let response = crate::helpers::forum_fixtures::accept(&ana, &question, &answer).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    pass_batch_window(&app);
    let mails = wait_mails_to(&app, &bob.email, 1).await;
    assert_eq!(mails.len(), 1, "{:?}", subjects(&mails));
    assert!(mails[0].subject().contains("Why is the sky blue?"));
    assert!(mails[0].text_body().contains("accepted your answer"));
    assert!(mails[0]
        .text_body()
        .contains(&format!("{}/p/{}", app.address, answer.id)));
    assert_eq!(unsubscribe_kind(&mails[0]), "updates");
}

#[tokio::test]
async fn a_topic_closed_as_duplicate_by_a_moderator_is_mailed_to_its_author() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    let help = CommunityBuilder::new("help").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (bob, bob_browser) = member(&app, "bob").await;
    let (_, wendy) = UserBuilder::new("wendy")
        .role_in(&help, CommunityRole::Moderator)
        .signed_in(&app)
        .await;

    let original = ask(&ana, "help", "How do I reset my widget?").await;
    let copy = ask(&bob_browser, "help", "Resetting a widget, how?").await;
    let response =
        close_as_duplicate(&wendy, &copy, &format!("{}{}", app.address, original.path)).await;
    assert_see_other(&response, &copy.path);
    let rows = notifications_about(&app, &bob.id, &copy).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind, NotificationKind::Moderation);
    pass_batch_window(&app);

    let rows = settled_notifications(&app, &bob.id, &copy, 1).await;
    assert_eq!(
        rows[0].email_status,
        EmailState::Sent,
        "a moderation outcome (no post attached) was not mailed to the author"
    );
    let mails = wait_mails_to(&app, &bob.email, 1).await;
    assert!(mails[0].subject().contains("Resetting a widget, how?"));
    assert!(mails[0].text_body().contains("moderation"));
    assert_eq!(unsubscribe_kind(&mails[0]), "updates");
}

#[tokio::test]
async fn posts_and_topics_deleted_by_a_moderator_are_mailed_to_their_authors() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    let help = CommunityBuilder::new("help").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (bob, bob_browser) = member(&app, "bob").await;
    let (_, wendy) = UserBuilder::new("wendy")
        .role_in(&help, CommunityRole::Moderator)
        .signed_in(&app)
        .await;

    // A reply of bob's, deleted by the moderator.
    let question = ask(&ana, "help", "Best way to water plants?").await;
    let rude = reply(&app, &bob_browser, &question, "Figure it out yourself.").await;
    let response = wendy
        .post_form(&format!("/p/{}/delete", rude.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    pass_batch_window(&app);
    let rows = settled_notifications(&app, &bob.id, &question, 1).await;
    assert_eq!(rows[0].kind, NotificationKind::Moderation);
    assert_eq!(
        rows[0].email_status,
        EmailState::Sent,
        "the deletion of bob's reply was not mailed to him"
    );
    let mails = wait_mails_to(&app, &bob.email, 1).await;
    assert!(mails[0].subject().contains("Best way to water plants?"));
    assert!(
        !mails[0].text_body().contains("Figure it out yourself."),
        "the deleted text is quoted back"
    );

    // A topic of bob's (its opening post), deleted by the moderator.
    let spam = TopicBuilder::discussion("Cheap watches")
        .body("Buy!")
        .in_("help")
        .by(&bob_browser)
        .build(&app)
        .await;
    let opening = crate::helpers::forum_fixtures::opening_post(&app, &spam).await;
    let response = wendy
        .post_form(&format!("/p/{}/delete", opening.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(topic_row(&app, &spam.id).await.deleted_at.is_some());
    pass_batch_window(&app);
    let rows = settled_notifications(&app, &bob.id, &spam, 1).await;
    assert_eq!(rows[0].kind, NotificationKind::Moderation);
    assert_eq!(
        rows[0].email_status,
        EmailState::Sent,
        "the deletion of bob's topic was not mailed to him"
    );
    let mails = wait_mails_to(&app, &bob.email, 2).await;
    assert!(mails[1].subject().contains("Cheap watches"));
    let row = wait_until("the mail about the deleted topic is decided", || async {
        notification_rows_to(&app, &bob.email)
            .await
            .into_iter()
            .find(|m| m.subject.contains("Cheap watches") && m.status != OutboxStatus::Queued)
    })
    .await;
    assert_eq!(row.status, OutboxStatus::Sent, "{:?}", row.last_error);
}

#[tokio::test]
async fn mail_queued_before_an_address_change_does_not_go_to_the_old_address() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;

    let topic = TopicBuilder::discussion("Moving house")
        .body("Tips?")
        .in_("town")
        .by(&ana_browser)
        .build(&app)
        .await;
    app.mail.set_accepting(false);
    reply(&app, &bob, &topic, "Label every box.").await;
    pass_batch_window(&app);
    let queued = wait_until("the mail to ana fails once", || async {
        notification_rows_to(&app, &ana.email)
            .await
            .into_iter()
            .find(|m| m.attempts >= 1)
    })
    .await;

    // Ana moves to a new address and confirms it while the mail waits.
    let new_email = "ana.new@example.com";
    let response = ana_browser
        .post_form(
            "/settings/email",
            &[("email", new_email), ("current_password", &ana.password)],
        )
        .await;
    assert_see_other(&response, "/settings/account?notice=email_change_sent");
    let confirm = outbox_to(&app, new_email)
        .await
        .into_iter()
        .next()
        .expect("the confirmation for the new address is queued");
    let prefix = format!("{}/settings/email/confirm/", app.address);
    let start = confirm.body_text.find(&prefix).expect("confirmation link");
    let link: String = confirm.body_text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let response = ana_browser.post_form(&path_of(&app, &link), &[]).await;
    assert_see_other(&response, "/login?notice=email_changed");
    assert_eq!(
        crate::helpers::forum_fixtures::user_named(&app, "ana")
            .await
            .email,
        new_email
    );

    app.mail.set_accepting(true);
    app.clock.advance_secs(3600);
    let done = wait_until("the queued notification mail is decided", || async {
        let row = outbox_rows_by_id(&app, &queued.id).await?;
        (row.status != OutboxStatus::Queued).then_some(row)
    })
    .await;
    let to_old: Vec<String> = app
        .mail
        .messages_to(&ana.email)
        .iter()
        .map(ReceivedMail::subject)
        .filter(|s| s.contains("Moving house"))
        .collect();
    assert!(
        to_old.is_empty(),
        "a notification queued before the change went to the address ana gave up \
         (outbox row {:?}, last_error {:?})",
        done.status,
        done.last_error
    );
}

async fn outbox_rows_by_id(app: &TestApp, id: &parley::db::OutboxId) -> Option<OutboxMessage> {
    crate::helpers::fixtures::outbox_rows(app)
        .await
        .into_iter()
        .find(|m| &m.id == id)
}
