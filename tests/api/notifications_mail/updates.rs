//! Updates: accepted answers and moderation outcomes mailed to their authors.

use parley::db::{CommunityRole, EmailState, NotificationKind, OutboxStatus};
use reqwest::StatusCode;

use super::{
    mail_app, notification_rows_to, notifications_about, pass_batch_window, settled_notifications,
    subjects, unsubscribe_url,
};
use crate::helpers::fixtures::{admin_client, wait_mails_to, wait_until};
use crate::helpers::forum_fixtures::{ask, close_as_duplicate, member, reply, topic_row};
use crate::helpers::{assert_see_other, CommunityBuilder, ReceivedMail, TopicBuilder, UserBuilder};

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
