//! Who may still receive a mail: suspended members, unconfirmed and changed
//! addresses, permissions re-checked when composing and when sending, mentions in
//! places the member cannot see.

use parley::db::models::outbox::OutboxMessage;
use parley::db::models::users;
use parley::db::{CommunityRole, EmailState, OutboxStatus, UserId, Visibility};

use super::{
    mail_app, notification_rows_to, notifications_about, pass_batch_window, settled_notifications,
    subjects,
};
use crate::helpers::fixtures::{admin_client, outbox_to, path_of, wait_mails_to, wait_until};
use crate::helpers::forum_fixtures::{member, reply};
use crate::helpers::notification_fixtures::notifications_of;
use crate::helpers::{
    assert_see_other, remove_member, CommunityBuilder, ReceivedMail, TestApp, TopicBuilder,
    UserBuilder,
};

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
// Address changes
// ---------------------------------------------------------------------------------------

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
