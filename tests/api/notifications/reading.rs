//! Reading: one, all, by opening the topic; the list's pagination; tracked topics'
//! new replies on lists; queries that stay bounded.

use std::collections::HashSet;

use reqwest::StatusCode;

use super::{
    badge, badge_of, counter_in_step, watch_category_ok, watch_community_ok, watch_topic_ok,
};
use crate::helpers::fixtures::admin_client;
use crate::helpers::forum_fixtures::*;
use crate::helpers::notification_fixtures::{notification_kinds, notifications_of};
use crate::helpers::{
    assert_see_other, html_attr, html_select, spawn_app_with, CommunityBuilder, PostBuilder,
    TestClient, TopicBuilder, UserBuilder,
};

// ---------------------------------------------------------------------------------------
// 7. Reading: one, all, by opening the topic; pagination
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn marking_read_one_all_and_by_opening_the_topic() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let first = TopicBuilder::discussion("First thread")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let second = TopicBuilder::discussion("Second thread")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    reply(&app, &bob, &first, "One.").await;
    reply(&app, &cara, &first, "Two.").await;
    reply(&app, &bob, &second, "Three.").await;
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 3);
    assert_eq!(badge_of(&ana).await, Some("3".into()));

    // Someone else's notification: 404, nothing changes.
    let on_second = notifications_of(&app, &ana_user.id)
        .await
        .into_iter()
        .find(|n| n.topic_id.as_ref().map(|t| t.to_string()) == Some(second.id.clone()))
        .expect("a notification on the second thread");
    let response = bob
        .post_form(&format!("/notifications/{}/read", on_second.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = ana.post_form("/notifications/not-an-id/read", &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 3);
    assert!(notification_kinds(&app, &bob_user.id).await.is_empty());

    // Ana marks it read herself.
    let response = ana
        .post_form(&format!("/notifications/{}/read", on_second.id), &[])
        .await;
    assert_see_other(&response, "/notifications");
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 2);
    let html = page(&ana, "/notifications").await;
    assert_eq!(badge(&html), Some("2".into()));
    assert_eq!(html_select(&html, "li.notification").len(), 3);
    assert_eq!(html_select(&html, "li.notification.unread").len(), 2);
    // Marking it again changes nothing.
    let response = ana
        .post_form(&format!("/notifications/{}/read", on_second.id), &[])
        .await;
    assert_see_other(&response, "/notifications");
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 2);

    // Opening the first thread reads its two; the page that read them shows no badge.
    let html = page(&ana, &first.path).await;
    assert_eq!(
        badge(&html),
        None,
        "the topic page itself already counts them read"
    );
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 0);
    let html = page(&ana, "/notifications").await;
    assert_eq!(badge(&html), None);
    assert!(html_select(&html, "li.notification.unread").is_empty());
    assert!(
        html_select(&html, "form[action='/notifications/read-all']").is_empty(),
        "no mark-all button with nothing unread"
    );

    // New ones, then "mark all as read".
    reply(&app, &bob, &second, "Four.").await;
    reply(&app, &cara, &first, "Five.").await;
    let html = page(&ana, "/notifications").await;
    assert_eq!(badge(&html), Some("2".into()));
    assert_eq!(
        html_select(&html, "form[action='/notifications/read-all']").len(),
        1
    );
    let response = ana.post_form("/notifications/read-all", &[]).await;
    assert_see_other(&response, "/notifications");
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 0);
    assert_eq!(badge_of(&ana).await, None);
    assert!(notifications_of(&app, &ana_user.id)
        .await
        .iter()
        .all(|n| n.read_at.is_some()));
}

#[tokio::test]
async fn the_list_pages_35_notifications_as_30_then_5_newest_first_without_repeats() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    // Past the new-account posting limit (moderation), so bob can reply 35 times.
    app.clock.advance_secs(25 * 3600);
    let t = TopicBuilder::discussion("A very busy thread")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    for i in 1..=35 {
        reply(&app, &bob, &t, &format!("Reply number {i}.")).await;
        // Some share a timestamp (the manual clock stands still), some do not.
        if i % 10 == 0 {
            app.clock.advance_secs(1);
        }
    }
    let mut expected: Vec<String> = notifications_of(&app, &ana_user.id)
        .await
        .iter()
        .map(|n| format!("/notifications/{}/read", n.id))
        .collect();
    expected.reverse(); // newest first
    assert_eq!(expected.len(), 35);
    assert_eq!(badge_of(&ana).await, Some("35".into()));

    let first = page(&ana, "/notifications").await;
    let first_ids = html_attr(&first, "li.notification form", "action");
    assert_eq!(first_ids.len(), 30, "30 on the first page");
    let older = html_attr(&first, "a.button[href^='/notifications?before=']", "href");
    assert_eq!(older.len(), 1, "a link to older notifications");
    let second = page(&ana, &older[0]).await;
    let second_ids = html_attr(&second, "li.notification form", "action");
    assert_eq!(second_ids.len(), 5, "5 on the second page");
    assert!(
        html_attr(&second, "a.button[href^='/notifications?before=']", "href").is_empty(),
        "no further page"
    );
    let all: Vec<String> = first_ids.into_iter().chain(second_ids).collect();
    let distinct: HashSet<&String> = all.iter().collect();
    assert_eq!(distinct.len(), 35, "no duplicates");
    assert_eq!(all, expected, "newest first, in the stored order");
    // Reading a page marks nothing read.
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 35);
}

// ---------------------------------------------------------------------------------------
// 9. Query budget
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn topic_page_queries_stay_bounded_for_a_member_with_watches() {
    let app = spawn_app_with(|s| {
        quiet_background(s);
        s.rate_limits.signin_per_ip_per_minute = 10_000;
        s.rate_limits.signin_per_account_per_minute = 10_000;
    })
    .await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let setup = create_category(&app, &admin, "widgets", "setup", "Setup").await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let cara = UserBuilder::new("cara").build(&app).await;
    watch_community_ok(&bob, "widgets", "watching").await;
    watch_category_ok(&bob, "widgets", "setup", "tracking").await;

    let mut threads = Vec::new();
    for (title, replies) in [("Short watched thread", 5), ("Long watched thread", 100)] {
        let response = post_topic(
            &ana,
            "widgets",
            &[
                ("kind", "question"),
                ("title", title),
                ("body", "Details."),
                ("tags", ""),
                ("category", &setup),
            ],
        )
        .await;
        let q = topic_from_redirect(&response);
        insert_replies(&app, &q.id, &cara.id, replies).await;
        watch_topic_ok(&bob, &q, "watching").await;
        let first = PostRef {
            id: post_by_number(&app, &q.id, 2).await.id.to_string(),
            number: 2,
        };
        vote_ok(&bob, &q, &first, 1).await;
        PostBuilder::reply("Thanks, that helped.")
            .under(&first)
            .to(&q)
            .by(&ana)
            .build(&app)
            .await;
        threads.push(q);
    }
    // Bob has notifications on both; reading them first makes both pages alike.
    let response = bob.post_form("/notifications/read-all", &[]).await;
    assert_see_other(&response, "/notifications");

    page(&bob, &threads[0].path).await; // warm-up
    assert_queries_do_not_grow(
        &app,
        (&bob, &threads[0].path),
        (&bob, &threads[1].path),
        "a watched topic page with 5 replies, and with 100",
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// More: unread replies on lists, the list's queries
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn tracked_topics_show_new_replies_on_lists_until_opened_but_not_ones_own() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let t = TopicBuilder::discussion("Tracking the new ones")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    reply(&app, &bob, &t, "First from bob.").await;
    page(&bob, &t.path).await; // bob has read everything so far
    let new_for = |client: &TestClient| {
        let client = client.clone();
        async move {
            let html = page(&client, "/c/widgets").await;
            html_select(&html, "li.topic-row span.badge.new-replies")
        }
    };
    assert!(new_for(&bob).await.is_empty(), "nothing new for bob yet");

    reply(&app, &cara, &t, "One from cara.").await;
    reply(&app, &cara, &t, "Two from cara.").await;
    assert_eq!(
        new_for(&bob).await,
        vec!["2 new"],
        "tracking: two new replies"
    );
    assert_eq!(
        new_for(&ana).await,
        vec!["3 new"],
        "watching: three new replies"
    );
    page(&bob, &t.path).await;
    assert!(
        new_for(&bob).await.is_empty(),
        "opening the topic reads them"
    );
    // A member's own replies are not new to them.
    assert_eq!(
        new_for(&cara).await,
        Vec::<String>::new(),
        "cara after reading and replying twice"
    );
    page(&ana, &t.path).await;
    reply(&app, &ana, &t, "Thanks all, from ana.").await;
    assert_eq!(
        new_for(&ana).await,
        Vec::<String>::new(),
        "ana after her own reply"
    );
    // ... while ana's reply is new to the others.
    assert_eq!(new_for(&cara).await, vec!["1 new"]);
    assert_eq!(new_for(&bob).await, vec!["1 new"]);
}

#[tokio::test]
async fn notifications_page_queries_do_not_grow_with_notifications() {
    let app = spawn_app_with(|s| {
        quiet_background(s);
        s.rate_limits.signin_per_ip_per_minute = 10_000;
        s.rate_limits.signin_per_account_per_minute = 10_000;
    })
    .await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, bob) = member(&app, "bob").await;
    let mut repliers = Vec::new();
    for i in 0..3 {
        repliers.push(member(&app, &format!("replier{i}")).await.1);
    }
    let few = TopicBuilder::discussion("A quiet thread")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let many = TopicBuilder::discussion("A busy thread")
        .in_("widgets")
        .by(&bob)
        .build(&app)
        .await;
    for i in 0..5 {
        reply(&app, &repliers[i % 3], &few, "A reply.").await;
    }
    for i in 0..30 {
        reply(&app, &repliers[i % 3], &many, "A reply.").await;
    }
    assert_eq!(notification_kinds(&app, &ana_user.id).await.len(), 5);
    assert_eq!(notification_kinds(&app, &bob_user.id).await.len(), 30);

    page(&ana, "/notifications").await; // warm-up
    assert_queries_do_not_grow(
        &app,
        (&ana, "/notifications"),
        (&bob, "/notifications"),
        "the notifications page with 5, and with 30",
    )
    .await;
}
