//! The member's choices: one-click unsubscribe, the preferences page, digests and the
//! daily cap.

use parley::db::models::notification_prefs::{self, Prefs};
use parley::db::models::notifications::Notification;
use parley::db::{
    CommunityRole, DigestFrequency, EmailState, NotificationKind, UserId, Visibility,
};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;

use super::{
    mail_app, mail_app_with, notification_rows_to, notifications_about, pass_batch_window,
    settled_notifications, subjects, unsubscribe_url,
};
use crate::helpers::fixtures::{
    admin_client, db, find_community, outbox_to, path_of, sign_up_and_confirm, wait_mails_to,
    wait_until,
};
use crate::helpers::forum_fixtures::{ask, member, reply};
use crate::helpers::{
    assert_see_other, grant_role, html_attr, CommunityBuilder, TestApp, TestClient, TopicBuilder,
    UserBuilder,
};

async fn prefs_of(app: &TestApp, user: &UserId) -> Option<Prefs> {
    let user = user.clone();
    db(app, move |conn| Ok(notification_prefs::find(conn, &user)?)).await
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

async fn save_prefs(client: &TestClient, fields: &[(&str, &str)]) {
    let response = client.post_form("/settings/notifications", fields).await;
    assert_see_other(&response, "/settings/notifications?notice=saved");
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
// More: preferences against the strongest reason, the digest at sign-up
// ---------------------------------------------------------------------------------------

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
