//! Replies that must not be posted: each is refused and answered once with the reason,
//! in the member's language; auto-replies and bounces are dropped and never answered.

use diesel::prelude::*;
use parley::db::models::users;
use parley::db::schema::topics;
use parley::db::{Language, ModerationState, TopicId, UserId};
use parley::reply_mail::Disposition;

use super::{
    answer_to, answers_queued_to, deliver, message, posts_of, results, scene, scene_in, Scene,
};
use crate::helpers::forum_fixtures::page;
use crate::helpers::moderation_fixtures::policy;

const GMAIL: &str = include_str!("fixtures/gmail.eml");
const CARD: &str = include_str!("fixtures/card.eml");
const AUTO_REPLY: &str = include_str!("fixtures/auto_reply.eml");

fn refused(d: &Disposition, reason: &str) -> bool {
    matches!(d, Disposition::Refused { reason: r } if r == reason)
}

async fn send_gmail(s: &Scene, to: &str) -> Disposition {
    let raw = message(GMAIL, &s.ana.email, to);
    deliver(&s.app, &s.ana.email, to, &raw).await
}

async fn assert_nothing_posted(s: &Scene) {
    assert_eq!(posts_of(&s.app, &s.topic).await.len(), 2, "nothing posted");
}

/// The same address with one character of its token changed.
fn forged(address: &str) -> String {
    let (local, domain) = address.split_once('@').expect("address");
    let mut chars: Vec<char> = local.chars().collect();
    let last = chars.len() - 1;
    chars[last] = if chars[last] == 'a' { 'b' } else { 'a' };
    format!("{}@{domain}", chars.into_iter().collect::<String>())
}

#[tokio::test]
async fn a_forged_token_is_refused_and_answered() {
    let s = scene().await;
    let d = send_gmail(&s, &forged(&s.address)).await;
    assert!(refused(&d, "invalid_token"), "{d:?}");
    let made_up = format!("reply+{}@{}", "a".repeat(40), super::REPLY_DOMAIN);
    let d = send_gmail(&s, &made_up).await;
    assert!(refused(&d, "invalid_token"), "{d:?}");
    assert_nothing_posted(&s).await;
    let answer = answer_to(&s.app, &s.ana.email, "Your reply was not posted").await;
    assert!(answer
        .text_body()
        .contains("This reply address is not valid"));
    assert!(
        answer.header("Reply-To").is_none(),
        "an answer invites no reply"
    );
    assert_eq!(
        answers_queued_to(&s.app, &s.ana.email).await,
        1,
        "one answer per sender and reason a day"
    );
}

#[tokio::test]
async fn an_expired_token_is_refused_and_answered() {
    let s = scene().await;
    s.app.clock.advance_secs(31 * 86_400);
    let d = send_gmail(&s, &s.address).await;
    assert!(refused(&d, "expired"), "{d:?}");
    assert_nothing_posted(&s).await;
    let answer = answer_to(&s.app, &s.ana.email, "Your reply was not posted").await;
    assert!(answer.text_body().contains("has expired"));
}

#[tokio::test]
async fn a_suspended_member_s_reply_is_refused_and_answered() {
    let s = scene().await;
    let (id, now) = (s.ana.id.clone(), s.app.clock.now());
    s.app
        .state
        .write(move |conn| {
            Ok(users::set_suspension(
                conn,
                &UserId::parse(id.as_str()).expect("id"),
                Some(now.plus_secs(7 * 86_400)),
                Some("testing"),
                now,
            )?)
        })
        .await
        .expect("suspend");
    let d = send_gmail(&s, &s.address).await;
    assert!(refused(&d, "suspended"), "{d:?}");
    assert_nothing_posted(&s).await;
    let answer = answer_to(&s.app, &s.ana.email, "Your reply was not posted").await;
    assert!(answer.text_body().contains("Your account is suspended"));
}

#[tokio::test]
async fn a_reply_to_a_locked_topic_is_refused_and_answered_in_french() {
    let s = scene_in("widgets-fr", Language::Fr).await;
    let id = TopicId::parse(&s.topic.id).expect("topic id");
    s.app
        .state
        .write(move |conn| {
            Ok(diesel::update(topics::table.find(&id))
                .set(topics::locked.eq(true))
                .execute(conn)?)
        })
        .await
        .expect("lock");
    let d = send_gmail(&s, &s.address).await;
    assert!(refused(&d, "locked"), "{d:?}");
    assert_nothing_posted(&s).await;
    let answer = answer_to(&s.app, &s.ana.email, "Votre réponse n'a pas été publiée").await;
    assert!(answer.text_body().contains("Ce sujet est verrouillé"));
}

#[tokio::test]
async fn a_card_number_held_by_the_policy_is_not_published_and_answered() {
    let s = scene().await;
    let raw = message(CARD, &s.ana.email, &s.address);
    let d = deliver(&s.app, &s.ana.email, &s.address, &raw).await;
    assert!(matches!(d, Disposition::Posted { held: true, .. }), "{d:?}");
    let post = posts_of(&s.app, &s.topic).await.pop().expect("post");
    assert_eq!(post.moderation_state, ModerationState::Held);
    assert!(
        !page(&s.bob, &s.topic.path).await.contains("4111 1111"),
        "others do not see it"
    );
    let answer = answer_to(&s.app, &s.ana.email, "Your reply is waiting for review").await;
    let text = answer.text_body();
    assert!(text.contains("payment card number"), "{text}");
    assert!(
        !text.contains("4111 1111"),
        "the answer does not repeat the number"
    );
}

#[tokio::test]
async fn a_card_number_blocked_by_the_policy_is_not_posted_and_answered() {
    let s = scene().await;
    policy(&s.admin, &[("det_card_action", "block")]).await;
    let raw = message(CARD, &s.ana.email, &s.address);
    let d = deliver(&s.app, &s.ana.email, &s.address, &raw).await;
    assert!(refused(&d, "policy"), "{d:?}");
    assert_nothing_posted(&s).await;
    let answer = answer_to(&s.app, &s.ana.email, "Your reply was not posted").await;
    assert!(answer.text_body().contains("policy does not allow"));
}

#[tokio::test]
async fn an_auto_reply_or_a_bounce_is_dropped_and_never_answered() {
    let s = scene().await;
    let raw = message(AUTO_REPLY, &s.ana.email, &s.address);
    let d = deliver(&s.app, &s.ana.email, &s.address, &raw).await;
    assert!(
        matches!(&d, Disposition::Dropped { reason } if reason == "auto_reply"),
        "{d:?}"
    );
    // A bounce: empty envelope sender.
    let raw = message(GMAIL, &s.ana.email, &s.address);
    let d = deliver(&s.app, "", &s.address, &raw).await;
    assert!(
        matches!(&d, Disposition::Dropped { reason } if reason == "bounce"),
        "{d:?}"
    );
    assert_nothing_posted(&s).await;
    // The decision and any answer are written in one transaction: none was queued.
    assert_eq!(results(&s.app).await.len(), 2);
    assert_eq!(answers_queued_to(&s.app, &s.ana.email).await, 0);
}

#[tokio::test]
async fn another_sender_cannot_use_a_member_s_reply_address() {
    let s = scene().await;
    let raw = message(GMAIL, "mallory@example.net", &s.address);
    let d = deliver(&s.app, "mallory@example.net", &s.address, &raw).await;
    assert!(refused(&d, "sender_mismatch"), "{d:?}");
    assert_nothing_posted(&s).await;
    answer_to(&s.app, "mallory@example.net", "Your reply was not posted").await;
}
