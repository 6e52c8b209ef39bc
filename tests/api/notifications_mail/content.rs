//! What a mail says: the answered question's multipart mail with its links and
//! threading, post HTML escaped, titles that cannot add headers.

use parley::db::TopicKind;
use reqwest::StatusCode;

use super::{mail_app, notification_rows_to, pass_batch_window, subjects};
use crate::helpers::fixtures::{
    admin_client, assert_no_active_content, path_of, wait_mails_to, SiteSettings,
};
use crate::helpers::forum_fixtures::{
    ask, insert_topics, member, post_anchors, reply, topic_count, topic_row, TopicRef,
};
use crate::helpers::{
    html_attr, html_select, location, CommunityBuilder, ReceivedMail, TopicBuilder,
};

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
