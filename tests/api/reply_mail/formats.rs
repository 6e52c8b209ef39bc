//! Replies from common mail clients are posted as the member, quote and signature removed.

use parley::db::{Language, ModerationState};
use parley::reply_mail::Disposition;

use super::{
    deliver, deliver_through_listener, message, posts_of, results, scene, scene_in, BOB_ANSWER,
};
use crate::helpers::fixtures::wait_until;
use crate::helpers::forum_fixtures::page;

const GMAIL: &str = include_str!("fixtures/gmail.eml");
const OUTLOOK: &str = include_str!("fixtures/outlook.eml");
const APPLE_MAIL: &str = include_str!("fixtures/apple_mail.eml");
const THUNDERBIRD: &str = include_str!("fixtures/thunderbird.eml");
const FRENCH: &str = include_str!("fixtures/french.eml");
const HTML_ONLY: &str = include_str!("fixtures/html_only.eml");

#[tokio::test]
async fn replies_from_each_mail_client_are_posted_as_the_member_without_the_quote() {
    let s = scene().await;
    assert!(
        !s.address.is_empty(),
        "the notification has a reply address"
    );
    let quoted_before = page(&s.bob, &s.topic.path)
        .await
        .matches(BOB_ANSWER)
        .count();
    let cases = [
        ("Gmail", GMAIL, "Thanks Bob, restarting the sync agent fixed it.\n\nAna"),
        (
            "Outlook",
            OUTLOOK,
            "I checked the logs and the error is gone since this morning. Closing this on our side.\n\nKind regards,\nAna",
        ),
        (
            "Apple Mail",
            APPLE_MAIL,
            "Great, I\u{2019}ll roll it out to the warehouse tablets tomorrow.",
        ),
        (
            "Thunderbird",
            THUNDERBIRD,
            "The firmware 2.4 release notes describe the same reset, step 3.",
        ),
        (
            "HTML only",
            HTML_ONLY,
            "The **fix** is in the [sync guide](https://docs.example.com/sync):\n\n- Stop the agent\n- Delete the cache folder",
        ),
    ];
    for (i, (client, fixture, expected)) in cases.iter().enumerate() {
        let raw = message(fixture, &s.ana.email, &s.address);
        let disposition = deliver(&s.app, &s.ana.email, &s.address, &raw).await;
        let Disposition::Posted { post_id, held } = disposition else {
            panic!("{client}: not posted: {disposition:?}");
        };
        assert!(!held, "{client}: published");
        let posts = posts_of(&s.app, &s.topic).await;
        let post = posts.last().expect("posts");
        assert_eq!(post.id.to_string(), post_id, "{client}");
        assert_eq!(post.post_number, 3 + i as i32, "{client}: one new post");
        assert_eq!(post.author_id, s.ana.id, "{client}: posted as the member");
        assert_eq!(
            post.body_markdown, *expected,
            "{client}: the member's text only"
        );
        assert_eq!(post.moderation_state, ModerationState::Published);
    }

    // Others see the replies in the topic, by ana, without the quoted notification.
    let html = page(&s.bob, &s.topic.path).await;
    assert!(html.contains("restarting the sync agent fixed it"));
    assert!(html.contains("Delete the cache folder"));
    assert!(!html.contains("Reply to this email to post your answer"));
    assert!(!html.contains("wrote:"));
    assert_eq!(
        html.matches(BOB_ANSWER).count(),
        quoted_before,
        "none of the replies quotes bob's answer"
    );
}

#[tokio::test]
async fn a_french_reply_is_posted_without_le_a_ecrit_and_the_phone_signature() {
    let s = scene_in("widgets-fr", Language::Fr).await;
    let raw = message(FRENCH, &s.ana.email, &s.address);
    let disposition = deliver(&s.app, &s.ana.email, &s.address, &raw).await;
    assert!(
        matches!(disposition, Disposition::Posted { held: false, .. }),
        "{disposition:?}"
    );
    let post = posts_of(&s.app, &s.topic).await.pop().expect("post");
    assert_eq!(
        post.body_markdown,
        "Merci Bob, la réinitialisation a fonctionné du premier coup."
    );
    assert_eq!(post.author_id, s.ana.id);
}

#[tokio::test]
async fn the_same_message_delivered_twice_is_posted_once() {
    let s = scene().await;
    let raw = message(GMAIL, &s.ana.email, &s.address);
    let first = deliver(&s.app, &s.ana.email, &s.address, &raw).await;
    // The relay delivers it again (a retry after a lost acknowledgement): another stored
    // message, the same Message-ID.
    let second = deliver(&s.app, &s.ana.email, &s.address, &raw).await;
    assert!(matches!(first, Disposition::Posted { .. }), "{first:?}");
    assert_eq!(first, second, "the second delivery reports the first post");
    assert_eq!(posts_of(&s.app, &s.topic).await.len(), 3, "one reply added");
    assert_eq!(results(&s.app).await.len(), 1);
}

#[tokio::test]
async fn a_reply_delivered_through_the_inbound_listener_is_posted() {
    let s = scene().await;
    let raw = message(THUNDERBIRD, &s.ana.email, &s.address);
    deliver_through_listener(&s.app, &s.ana.email, &s.address, &raw).await;
    let post = wait_until("the reply is posted", || async {
        posts_of(&s.app, &s.topic)
            .await
            .into_iter()
            .find(|p| p.post_number == 3)
    })
    .await;
    assert_eq!(post.author_id, s.ana.id);
    assert_eq!(
        post.body_markdown,
        "The firmware 2.4 release notes describe the same reset, step 3."
    );
}
