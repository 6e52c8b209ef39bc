//! The fan-out queue (replies published just before a crash, batches) and concurrent
//! replies keeping the unread counter in step.

use parley::db::{NotificationKind, UserId};
use reqwest::StatusCode;

use super::{badge_of, counter_in_step, watch_topic_ok};
use crate::helpers::fixtures::{db, find_community};
use crate::helpers::forum_fixtures::*;
use crate::helpers::notification_fixtures::notification_kinds;
use crate::helpers::{TestApp, TopicBuilder};

// ---------------------------------------------------------------------------------------
// Concurrency
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn concurrent_replies_each_notify_once_and_the_counter_keeps_step() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let q = ask(&ana, "widgets", "Which firmware do you run?").await;
    let mut clients = Vec::new();
    for i in 0..8 {
        let (_, c) = member(&app, &format!("voter{i}")).await;
        c.csrf_token().await;
        clients.push(c);
    }
    let responses = futures_util::future::join_all(
        clients
            .iter()
            .map(|c| post_reply(c, &q, &[("body", "Version 3.2 here.")])),
    )
    .await;
    for r in &responses {
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    assert_eq!(notification_kinds(&app, &ana_user.id).await.len(), 8);
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 8);
    assert_eq!(badge_of(&ana).await, Some("8".into()));
    // Opening the topic while more replies arrive: the counter still matches the rows.
    let more = clients
        .iter()
        .map(|c| post_reply(c, &q, &[("body", "Also 3.3 on one device.")]));
    let (replies, opened) = tokio::join!(futures_util::future::join_all(more), ana.get(&q.path));
    assert!(replies.iter().all(|r| r.status() == StatusCode::SEE_OTHER));
    assert_eq!(opened.status(), StatusCode::OK);
    assert_eq!(notification_kinds(&app, &ana_user.id).await.len(), 16);
    counter_in_step(&app, &ana_user.id).await;
}

/// Publishes replies (in one transaction) the way a request does, but stops before the
/// request tells anyone, as if the process died right after the commit: they stay queued.
async fn replies_left_in_the_queue(
    app: &TestApp,
    topic: &TopicRef,
    author: &UserId,
    bodies: &[&str],
) {
    let community = find_community(app, "widgets").await.expect("widgets");
    let (tid, author) = (
        parley::db::TopicId::parse(&topic.id).expect("topic id"),
        author.clone(),
    );
    let bodies: Vec<String> = bodies.iter().map(|b| b.to_string()).collect();
    let now = app.clock.now();
    db(app, move |conn| {
        Ok(parley::db::write_batch(conn, |conn| {
            for body in &bodies {
                parley::forums::write_core::insert_reply(
                    conn,
                    &tid,
                    &community.id,
                    &author,
                    body,
                    false,
                    None,
                    now,
                )?;
            }
            diesel::QueryResult::Ok(())
        })?)
    })
    .await;
}

async fn queued(app: &TestApp) -> i64 {
    db(app, |conn| Ok(parley::db::models::fanout_queue::len(conn)?)).await
}

// ----- The fan-out queue -----

#[tokio::test]
async fn a_reply_published_just_before_a_crash_is_still_announced_by_the_background_pass() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, _) = member(&app, "bob").await;
    let t = TopicBuilder::discussion("Will this survive a crash?")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    assert_eq!(
        queued(&app).await,
        0,
        "the request told readers before answering"
    );

    replies_left_in_the_queue(
        &app,
        &t,
        &bob_user.id,
        &["Published, then the lights went out."],
    )
    .await;
    // No request drains it: the background loop does.
    crate::helpers::fixtures::wait_until("the queued reply is announced", || async {
        (notification_kinds(&app, &ana_user.id).await == vec![NotificationKind::Reply])
            .then_some(())
    })
    .await;
    assert_eq!(queued(&app).await, 0);
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 1);
}

#[tokio::test]
async fn a_batch_of_queued_replies_counts_every_notification_of_a_member() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, _) = member(&app, "bob").await;
    let (cara_user, cara) = member(&app, "cara").await;
    let t = TopicBuilder::discussion("Three replies at once")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    watch_topic_ok(&cara, &t, "watching").await;
    // Three replies wait in the queue, committed together: whichever drain comes first
    // (the background loop's or the next request's) takes them in one batch.
    replies_left_in_the_queue(&app, &t, &bob_user.id, &["One.", "Two.", "Three."]).await;
    reply(&app, &ana, &t, "And a fourth, through the app.").await;
    assert_eq!(queued(&app).await, 0);
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await,
        vec![NotificationKind::Reply; 3],
        "one notification per reply of bob's, none for her own"
    );
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 3);
    assert_eq!(
        notification_kinds(&app, &cara_user.id).await,
        vec![NotificationKind::Posted; 4],
        "a watcher hears of every reply"
    );
    assert_eq!(counter_in_step(&app, &cara_user.id).await, 4);
}
