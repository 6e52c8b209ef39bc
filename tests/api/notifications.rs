//! In-app notifications and watching levels, through the real HTTP app: who hears of
//! which event (one notification per member and event, the strongest reason winning),
//! muting and the other levels, the defaults (creators watch, repliers track, managers'
//! level for new members), privacy, reading (one, all, by opening the topic), the list's
//! keyset pagination, the watch endpoints and the header's unread badge.
//!
//! Outcomes are read from pages (`/notifications`, the header) and, for exact counts and
//! kinds, from the `notifications` and `watches` rows written in each event's transaction.

use std::collections::HashSet;

use diesel::prelude::*;
use parley::db::models::users;
use parley::db::models::watches::{self, Watch};
use parley::db::schema::watches as watches_table;
use parley::db::{
    CommunityRole, NotificationKind, TopicKind, UserId, Visibility, WatchLevel, WatchTarget,
};
use reqwest::{Response, StatusCode};

use crate::helpers::fixtures::{
    admin_client, assert_sent_to_sign_in, assert_sign_in_required, db, find_community,
    sign_up_and_confirm, SiteSettings,
};
use crate::helpers::forum_fixtures::*;
use crate::helpers::notification_fixtures::{notification_kinds, notifications_of};
use crate::helpers::{
    assert_see_other, community_name, grant_role, html_attr, html_select, remove_member,
    spawn_app_with, CommunityBuilder, CommunityEdit, PostBuilder, TestApp, TestClient,
    TopicBuilder, UserBuilder,
};

// ---------------------------------------------------------------------------------------
// Helpers of this module
// ---------------------------------------------------------------------------------------

/// `users.unread_notifications` of the member.
async fn unread_counter(app: &TestApp, user: &UserId) -> i32 {
    let user = user.clone();
    db(app, move |conn| Ok(users::find(conn, &user)?))
        .await
        .expect("user exists")
        .unread_notifications
}

/// Asserts the stored counter equals the member's unread rows, and returns it.
async fn counter_in_step(app: &TestApp, user: &UserId) -> i32 {
    let counter = unread_counter(app, user).await;
    let unread = notifications_of(app, user)
        .await
        .iter()
        .filter(|n| n.read_at.is_none())
        .count();
    assert_eq!(
        usize::try_from(counter).expect("counter is not negative"),
        unread,
        "users.unread_notifications ({counter}) and the unread rows ({unread})"
    );
    counter
}

/// The header's unread badge on a page, if shown.
fn badge(html: &str) -> Option<String> {
    html_select(html, "a.notifications-link span.count-badge")
        .into_iter()
        .next()
}

/// The badge on `/` for this browser.
async fn badge_of(client: &TestClient) -> Option<String> {
    badge(&page(client, "/").await)
}

/// A member's own row on a topic, category or sub-community.
async fn watch_row(app: &TestApp, user: &UserId, kind: WatchTarget, target: &str) -> Option<Watch> {
    let (user, target) = (user.clone(), target.to_string());
    db(app, move |conn| {
        Ok(watches::get(conn, &user, kind, &target)?)
    })
    .await
}

/// Every watch row of the member.
async fn watch_rows_of(app: &TestApp, user: &UserId) -> Vec<Watch> {
    let user = user.clone();
    db(app, move |conn| {
        Ok(watches_table::table
            .filter(watches_table::user_id.eq(&user))
            .select(Watch::as_select())
            .load(conn)?)
    })
    .await
}

async fn watch_topic(client: &TestClient, topic: &TopicRef, level: &str) -> Response {
    client
        .post_form(&format!("/t/{}/watch", topic.id), &[("level", level)])
        .await
}

/// Sets a level on a topic and asserts the app took it.
async fn watch_topic_ok(client: &TestClient, topic: &TopicRef, level: &str) {
    let response = watch_topic(client, topic, level).await;
    assert_see_other(&response, &format!("{}?notice=saved", topic.path));
}

async fn watch_community_ok(client: &TestClient, slug: &str, level: &str) {
    let response = client
        .post_form(&format!("/c/{slug}/watch"), &[("level", level)])
        .await;
    assert_see_other(&response, &format!("/c/{slug}?notice=saved"));
}

async fn watch_category_ok(client: &TestClient, slug: &str, cat: &str, level: &str) {
    let response = client
        .post_form(&format!("/c/{slug}/cat/{cat}/watch"), &[("level", level)])
        .await;
    assert_see_other(&response, &format!("/c/{slug}/cat/{cat}?notice=saved"));
}

/// The links of the entries on a `/notifications` page, in order.
fn entry_links(html: &str) -> Vec<String> {
    html_attr(html, "li.notification .notification-body a", "href")
}

// ---------------------------------------------------------------------------------------
// 1. Each kind reaches exactly the right member
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn reply_to_a_discussion_notifies_its_author_once_with_a_link_and_a_badge() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, bob) = member(&app, "bob").await;
    let cara = UserBuilder::new("cara").build(&app).await;
    let t = TopicBuilder::discussion("Favourite widget colours")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    assert_eq!(badge_of(&ana).await, None, "nothing yet");

    let post = reply(&app, &bob, &t, "Blue, obviously.").await;

    let notes = notifications_of(&app, &ana_user.id).await;
    assert_eq!(notes.len(), 1, "one notification for the author: {notes:?}");
    let n = &notes[0];
    assert_eq!(n.kind, NotificationKind::Reply);
    assert_eq!(n.actor_id.as_ref(), Some(&bob_user.id));
    assert_eq!(
        n.post_id.as_ref().map(|p| p.to_string()),
        Some(post.id.clone())
    );
    assert!(n.read_at.is_none());
    assert!(
        notification_kinds(&app, &bob_user.id).await.is_empty(),
        "the actor hears nothing"
    );
    assert!(
        notification_kinds(&app, &cara.id).await.is_empty(),
        "a bystander hears nothing"
    );
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 1);

    // The list shows it, unread, linking to the post; the header counts it.
    let html = page(&ana, "/notifications").await;
    assert_eq!(badge(&html), Some("1".into()));
    assert_eq!(html_select(&html, "li.notification").len(), 1);
    assert_eq!(html_select(&html, "li.notification.unread").len(), 1);
    let entry = html_select(&html, "li.notification").concat();
    assert!(
        entry.contains("bob replied") && entry.contains("Favourite widget colours"),
        "entry: {entry}"
    );
    let links = entry_links(&html);
    assert_eq!(links, vec![format!("/p/{}", post.id)]);
    // The link lands on the reply on its topic page.
    let response = ana.get(&links[0]).await;
    assert_see_other(&response, &format!("{}#{}", t.path, post.anchor()));
    assert_eq!(badge_of(&bob).await, None, "bob's header shows no badge");
}

#[tokio::test]
async fn answer_comment_and_acceptance_notify_as_answered_reply_and_accepted() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Why does my widget hum?").await;

    let answer = reply(&app, &bob, &q, "Loose fan screw.").await;
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await,
        vec![NotificationKind::Answered],
        "the asker hears of an answer as `answered`"
    );
    let html = page(&ana, "/notifications").await;
    assert!(html_select(&html, "li.notification")
        .concat()
        .contains("bob answered your question"));
    assert_eq!(entry_links(&html), vec![format!("/p/{}", answer.id)]);

    let note = PostBuilder::reply("Which screw, exactly?")
        .under(&answer)
        .to(&q)
        .by(&ana)
        .build(&app)
        .await;
    let response = accept(&ana, &q, &answer).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "ana accepts");

    let bobs = notifications_of(&app, &bob_user.id).await;
    let kinds: Vec<_> = bobs.iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds,
        vec![NotificationKind::Reply, NotificationKind::Accepted],
        "a comment under my answer is a reply, then the acceptance"
    );
    assert_eq!(
        bobs[0].post_id.as_ref().map(|p| p.to_string()),
        Some(note.id.clone())
    );
    assert_eq!(
        bobs[1].post_id.as_ref().map(|p| p.to_string()),
        Some(answer.id.clone())
    );
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await,
        vec![NotificationKind::Answered],
        "ana's own comment and acceptance tell her nothing"
    );
    assert_eq!(counter_in_step(&app, &bob_user.id).await, 2);
    let html = page(&bob, "/notifications").await;
    assert_eq!(badge(&html), Some("2".into()));
    assert_eq!(
        entry_links(&html),
        vec![format!("/p/{}", answer.id), format!("/p/{}", note.id)],
        "newest first"
    );
    assert!(html_select(&html, "li.notification")
        .concat()
        .contains("ana accepted your answer"));
}

#[tokio::test]
async fn mentions_notify_the_mentioned_member_in_replies_and_new_topics() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, bob) = member(&app, "bob").await;
    let (cara_user, cara) = member(&app, "cara").await;
    let dan = UserBuilder::new("dan").build(&app).await;
    let t = TopicBuilder::discussion("Widget meetup")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;

    let post = reply(
        &app,
        &bob,
        &t,
        "@cara should come, she knows everyone. (I am @bob.)",
    )
    .await;
    assert_eq!(
        notification_kinds(&app, &cara_user.id).await,
        vec![NotificationKind::Mention]
    );
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await,
        vec![NotificationKind::Reply]
    );
    assert!(
        notification_kinds(&app, &bob_user.id).await.is_empty(),
        "mentioning yourself tells you nothing"
    );
    assert!(notification_kinds(&app, &dan.id).await.is_empty());
    let html = page(&cara, "/notifications").await;
    assert!(html_select(&html, "li.notification")
        .concat()
        .contains("bob mentioned you"));
    assert_eq!(entry_links(&html), vec![format!("/p/{}", post.id)]);
    assert_eq!(badge(&html), Some("1".into()));

    // A mention in a new topic's opening post.
    let t2 = TopicBuilder::discussion("Introductions")
        .body("Say hi to @dan here.")
        .in_("widgets")
        .by(&cara)
        .build(&app)
        .await;
    let dans = notifications_of(&app, &dan.id).await;
    assert_eq!(dans.len(), 1, "{dans:?}");
    assert_eq!(dans[0].kind, NotificationKind::Mention);
    assert_eq!(
        dans[0].topic_id.as_ref().map(|t| t.to_string()),
        Some(t2.id)
    );
}

#[tokio::test]
async fn a_topic_watcher_hears_of_every_post_as_posted() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (cara_user, cara) = member(&app, "cara").await;
    let t = TopicBuilder::discussion("Release notes 2.0")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    watch_topic_ok(&cara, &t, "watching").await;

    let post = reply(&app, &bob, &t, "The changelog is long.").await;
    let caras = notifications_of(&app, &cara_user.id).await;
    assert_eq!(caras.len(), 1);
    assert_eq!(caras[0].kind, NotificationKind::Posted);
    assert_eq!(
        caras[0].post_id.as_ref().map(|p| p.to_string()),
        Some(post.id.clone())
    );
    // The author hears of it once, as a reply (stronger than her own watch).
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await,
        vec![NotificationKind::Reply]
    );
    let html = page(&cara, "/notifications").await;
    assert!(html_select(&html, "li.notification")
        .concat()
        .contains("bob posted in a topic you watch"));
    assert_eq!(entry_links(&html), vec![format!("/p/{}", post.id)]);
}

#[tokio::test]
async fn new_topic_reaches_community_category_and_new_topics_watchers_once() {
    let (app, admin) = widgets().await;
    let setup = create_category(&app, &admin, "widgets", "setup", "Setup").await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (wally, wally_c) = member(&app, "wally").await; // watching the sub-community
    let (cathy, cathy_c) = member(&app, "cathy").await; // watching the category
    let (nora, nora_c) = member(&app, "nora").await; // new topics in the sub-community
    let (norm, _) = member(&app, "norm").await; // no choice
    watch_community_ok(&wally_c, "widgets", "watching").await;
    watch_category_ok(&cathy_c, "widgets", "setup", "watching").await;
    watch_community_ok(&nora_c, "widgets", "new_topics").await;

    let response = post_topic(
        &ana,
        "widgets",
        &[
            ("kind", "discussion"),
            ("title", "Setting up two widgets"),
            ("body", "Pairing them is tricky."),
            ("tags", ""),
            ("category", &setup),
        ],
    )
    .await;
    let t = topic_from_redirect(&response);
    for (who, user) in [("wally", &wally), ("cathy", &cathy), ("nora", &nora)] {
        let notes = notifications_of(&app, &user.id).await;
        assert_eq!(
            notes.iter().map(|n| n.kind).collect::<Vec<_>>(),
            vec![NotificationKind::NewTopic],
            "{who}"
        );
        assert_eq!(
            notes[0].topic_id.as_ref().map(|x| x.to_string()),
            Some(t.id.clone())
        );
    }
    assert!(
        notification_kinds(&app, &norm.id).await.is_empty(),
        "normal: no new topics"
    );
    let html = page(&nora_c, "/notifications").await;
    assert!(html_select(&html, "li.notification")
        .concat()
        .contains("ana started a topic in something you watch"));
    let opening = opening_post(&app, &t).await;
    assert_eq!(entry_links(&html), vec![format!("/p/{}", opening.id)]);

    // A reply: watchers of the sub-community and category hear of it, "new topics" not.
    reply(&app, &bob, &t, "Use the pairing button.").await;
    assert_eq!(
        notification_kinds(&app, &wally.id).await,
        vec![NotificationKind::NewTopic, NotificationKind::Posted]
    );
    assert_eq!(
        notification_kinds(&app, &cathy.id).await,
        vec![NotificationKind::NewTopic, NotificationKind::Posted]
    );
    assert_eq!(
        notification_kinds(&app, &nora.id).await,
        vec![NotificationKind::NewTopic]
    );

    // A topic outside the category reaches the sub-community's watchers only.
    TopicBuilder::discussion("Uncategorised chatter")
        .in_("widgets")
        .by(&bob)
        .build(&app)
        .await;
    assert_eq!(
        notification_kinds(&app, &cathy.id).await.len(),
        2,
        "not in cathy's category"
    );
    assert_eq!(notification_kinds(&app, &wally.id).await.len(), 3);
    assert_eq!(notification_kinds(&app, &nora.id).await.len(), 2);
    assert!(notification_kinds(&app, &norm.id).await.is_empty());
    assert_eq!(badge_of(&wally_c).await, Some("3".into()));
}

#[tokio::test]
async fn idea_status_reaches_its_author_and_up_voters_only() {
    let (app, _admin) = widgets().await;
    let (chen_user, chen) = member(&app, "chen").await;
    let (dan_user, dan) = member(&app, "dan").await;
    let (eve_user, eve) = member(&app, "eve").await;
    let (erin_user, erin) = employee(&app, "erin").await;
    let idea = TopicBuilder::idea("Dark mode for the dashboard")
        .body("Night shifts would thank you.")
        .in_("widgets")
        .by(&chen)
        .build(&app)
        .await;
    let opening = opening_post(&app, &idea).await;
    vote_ok(&dan, &idea, &opening, 1).await;
    vote_ok(&eve, &idea, &opening, -1).await;

    let response = erin
        .post_form(
            &format!("/t/{}/status", idea.id),
            &[("status", "planned"), ("note", "Autumn.")],
        )
        .await;
    assert_see_other(&response, &idea.path);

    for (who, user) in [("author", &chen_user), ("up-voter", &dan_user)] {
        let notes = notifications_of(&app, &user.id).await;
        assert_eq!(
            notes.iter().map(|n| n.kind).collect::<Vec<_>>(),
            vec![NotificationKind::IdeaStatus],
            "{who}"
        );
        assert!(
            notes[0].summary.contains("Planned"),
            "summary: {}",
            notes[0].summary
        );
    }
    assert!(
        notification_kinds(&app, &eve_user.id).await.is_empty(),
        "a down-voter hears nothing"
    );
    assert!(
        notification_kinds(&app, &erin_user.id).await.is_empty(),
        "nor does the actor"
    );
    let html = page(&dan, "/notifications").await;
    assert_eq!(badge(&html), Some("1".into()));
    assert!(html_select(&html, "li.notification")
        .concat()
        .contains("erin changed the status of an idea you support"));
    assert_eq!(entry_links(&html), vec![format!("/p/{}", opening.id)]);

    // Saving the same status again is no change and tells nobody anything.
    let response = erin
        .post_form(
            &format!("/t/{}/status", idea.id),
            &[("status", "planned"), ("note", "Still autumn.")],
        )
        .await;
    assert_see_other(&response, &idea.path);
    assert_eq!(notification_kinds(&app, &dan_user.id).await.len(), 1);
    let _ = chen;
}

#[tokio::test]
async fn moving_a_topic_and_deleting_a_post_tell_their_authors_even_when_muted() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, bob) = member(&app, "bob").await;
    let (_, wendy) = member(&app, "wendy").await;
    grant_role(&admin, "widgets", "wendy", CommunityRole::Moderator).await;
    let t = TopicBuilder::discussion("My gadget will not pair")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let post = reply(&app, &bob, &t, "Off-topic advertising.").await;
    let before = notification_kinds(&app, &ana_user.id).await.len();
    // Ana mutes her topic: moderation outcomes still reach her.
    watch_topic_ok(&ana, &t, "muted").await;

    let response = wendy
        .post_form(&format!("/p/{}/delete", post.id), &[])
        .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "moderator deletes"
    );
    let bobs = notifications_of(&app, &bob_user.id).await;
    assert_eq!(
        bobs.iter().map(|n| n.kind).collect::<Vec<_>>(),
        vec![NotificationKind::Moderation]
    );
    assert_eq!(
        bobs[0].topic_id.as_ref().map(|x| x.to_string()),
        Some(t.id.clone())
    );

    let response = admin
        .post_form(
            &format!("/t/{}/move", t.id),
            &[("community", "gadgets"), ("category", "")],
        )
        .await;
    assert_see_other(&response, &t.path);
    let notes = notifications_of(&app, &ana_user.id).await;
    assert_eq!(notes.len(), before + 1, "one more notification: {notes:?}");
    let moved = notes.last().expect("a notification");
    assert_eq!(moved.kind, NotificationKind::Moderation);
    assert!(
        moved.summary.contains("moved to Group gadgets"),
        "{}",
        moved.summary
    );
    let gadgets = find_community(&app, "gadgets").await.expect("gadgets");
    assert_eq!(moved.community_id.as_ref(), Some(&gadgets.id));
    let html = page(&ana, "/notifications").await;
    assert_eq!(entry_links(&html)[0], format!("/t/{}", t.id));
    assert!(html_select(&html, "li.notification")
        .concat()
        .contains("chief took a moderation action on your post"));
    // The link reaches the topic.
    let response = ana.get(&format!("/t/{}", t.id)).await;
    assert!(
        response.status() == StatusCode::OK || response.status() == StatusCode::SEE_OTHER,
        "GET /t/{{id}} answered {}",
        response.status()
    );
}

// ---------------------------------------------------------------------------------------
// 2. One notification per member and event; never the actor
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_reply_that_mentions_the_watching_author_is_one_mention() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, bob) = member(&app, "bob").await;
    let (cara_user, cara) = member(&app, "cara").await;
    let q = ask(&ana, "widgets", "Battery drains overnight").await;
    watch_topic_ok(&cara, &q, "watching").await;

    // Ana: author (answered), watcher (creator) and mentioned. Cara: watcher and mentioned.
    reply(
        &app,
        &bob,
        &q,
        "@ana @cara check the standby setting. @ana again.",
    )
    .await;
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await,
        vec![NotificationKind::Mention]
    );
    assert_eq!(
        notification_kinds(&app, &cara_user.id).await,
        vec![NotificationKind::Mention]
    );
    assert!(notification_kinds(&app, &bob_user.id).await.is_empty());
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 1);

    // Ana replies in her own watched topic, mentioning herself: nothing for her.
    reply(&app, &ana, &q, "Thanks, @ana will try (that is me).").await;
    assert_eq!(notification_kinds(&app, &ana_user.id).await.len(), 1);
    // Bob tracks after replying: no `posted`. Cara watches: `posted`.
    assert!(notification_kinds(&app, &bob_user.id).await.is_empty());
    assert_eq!(
        notification_kinds(&app, &cara_user.id).await,
        vec![NotificationKind::Mention, NotificationKind::Posted]
    );
}

// ---------------------------------------------------------------------------------------
// 3. Levels: muted, tracking, normal
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_muted_topic_tells_its_author_nothing_even_for_replies_and_mentions() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let t = TopicBuilder::discussion("Too noisy a thread")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    watch_topic_ok(&ana, &t, "muted").await;

    reply(&app, &bob, &t, "A direct reply.").await;
    reply(&app, &bob, &t, "And @ana, a mention.").await;
    let (_, cara) = member(&app, "cara").await;
    reply(&app, &cara, &t, "Me too.").await;
    assert!(
        notification_kinds(&app, &ana_user.id).await.is_empty(),
        "muted: {:?}",
        notification_kinds(&app, &ana_user.id).await
    );
    assert_eq!(badge_of(&ana).await, None);

    // Unmuted (normal), the next reply reaches her again.
    watch_topic_ok(&ana, &t, "normal").await;
    reply(&app, &bob, &t, "Back again.").await;
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await,
        vec![NotificationKind::Reply]
    );
}

#[tokio::test]
async fn a_muted_sub_community_silences_replies_and_mentions_in_its_topics() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (cara_user, _) = member(&app, "cara").await;
    // A topic of ana's without a topic-level row (imported before watching existed).
    let ids = insert_topics(
        &app,
        "widgets",
        &ana_user.id,
        TopicKind::Discussion,
        vec![("An old thread".into(), app.clock.now())],
    )
    .await;
    let old = TopicRef {
        id: ids[0].to_string(),
        path: topic_row(&app, ids[0].as_ref()).await.path(),
    };
    // Publishing gave ana the default topic-level row; take it away.
    let ana_id = ana_user.id.clone();
    db(&app, move |conn| {
        Ok(
            diesel::delete(watches_table::table.filter(watches_table::user_id.eq(&ana_id)))
                .execute(conn)?,
        )
    })
    .await;
    assert!(watch_rows_of(&app, &ana_user.id).await.is_empty());
    watch_community_ok(&ana, "widgets", "muted").await;

    reply(&app, &bob, &old, "A direct reply to ana.").await;
    let t = TopicBuilder::discussion("Ping for the team")
        .in_("widgets")
        .by(&bob)
        .build(&app)
        .await;
    reply(&app, &bob, &t, "@ana and @cara, look.").await;
    assert!(
        notification_kinds(&app, &ana_user.id).await.is_empty(),
        "muted sub-community"
    );
    assert_eq!(
        notification_kinds(&app, &cara_user.id).await,
        vec![NotificationKind::Mention],
        "the same mention reaches a member who did not mute"
    );
}

#[tokio::test]
async fn tracking_and_normal_hear_replies_and_mentions_but_not_every_post() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (tom, tom_c) = member(&app, "tom").await;
    let (nel, nel_c) = member(&app, "nel").await;
    let (wes, wes_c) = member(&app, "wes").await;
    let t = TopicBuilder::discussion("Firmware 3 feedback")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    watch_topic_ok(&tom_c, &t, "tracking").await;
    watch_topic_ok(&nel_c, &t, "normal").await;
    watch_topic_ok(&wes_c, &t, "watching").await;

    reply(&app, &bob, &t, "@tom @nel what do you think?").await;
    assert_eq!(
        notification_kinds(&app, &tom.id).await,
        vec![NotificationKind::Mention]
    );
    assert_eq!(
        notification_kinds(&app, &nel.id).await,
        vec![NotificationKind::Mention]
    );
    assert_eq!(
        notification_kinds(&app, &wes.id).await,
        vec![NotificationKind::Posted]
    );

    reply(&app, &bob, &t, "Anyone else?").await;
    assert_eq!(
        notification_kinds(&app, &tom.id).await.len(),
        1,
        "tracking: no `posted`"
    );
    assert_eq!(
        notification_kinds(&app, &nel.id).await.len(),
        1,
        "normal: no `posted`"
    );
    assert_eq!(
        notification_kinds(&app, &wes.id).await,
        vec![NotificationKind::Posted, NotificationKind::Posted]
    );
}

/// The topic's own row decides, even when it says "normal": an explicit normal on a
/// topic overrides watching (or muting) its sub-community.
#[tokio::test]
async fn an_explicit_normal_on_a_topic_overrides_the_sub_community_level() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (wes, wes_c) = member(&app, "wes").await;
    let (mia, mia_c) = member(&app, "mia").await;
    watch_community_ok(&wes_c, "widgets", "watching").await;
    watch_community_ok(&mia_c, "widgets", "muted").await;
    let t = TopicBuilder::discussion("Quiet please")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    assert_eq!(
        notification_kinds(&app, &wes.id).await,
        vec![NotificationKind::NewTopic]
    );
    watch_topic_ok(&wes_c, &t, "normal").await;
    watch_topic_ok(&mia_c, &t, "normal").await;
    // The topic page shows the choice as the level in force.
    let html = page(&wes_c, &t.path).await;
    assert_eq!(
        html_attr(
            &html,
            "form.watch-control select[name=level] option[selected]",
            "value"
        ),
        vec!["normal"]
    );

    reply(&app, &bob, &t, "Just a post, and a ping for @mia.").await;
    assert_eq!(
        notification_kinds(&app, &wes.id).await,
        vec![NotificationKind::NewTopic],
        "normal on the topic: no `posted`"
    );
    assert_eq!(
        notification_kinds(&app, &mia.id).await,
        vec![NotificationKind::Mention],
        "normal on the topic: mentions reach her despite the muted sub-community"
    );
}

// ---------------------------------------------------------------------------------------
// 4. Defaults: creators watch, repliers track, a choice stays
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn creators_watch_repliers_track_and_a_chosen_level_is_kept() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, bob) = member(&app, "bob").await;
    let (cara_user, cara) = member(&app, "cara").await;
    let (dan_user, dan) = member(&app, "dan").await;
    let q = ask(&ana, "widgets", "Screen flickers after update").await;
    let level = |w: Option<Watch>| w.map(|w| w.level);
    assert_eq!(
        level(watch_row(&app, &ana_user.id, WatchTarget::Topic, &q.id).await),
        Some(WatchLevel::Watching),
        "the creator watches"
    );

    let answer = reply(&app, &bob, &q, "Roll back the driver.").await;
    assert_eq!(
        level(watch_row(&app, &bob_user.id, WatchTarget::Topic, &q.id).await),
        Some(WatchLevel::Tracking),
        "a replier tracks"
    );
    // Dan chooses to watch before replying; replying does not lower it.
    watch_topic_ok(&dan, &q, "watching").await;
    reply(&app, &dan, &q, "Same here.").await;
    assert_eq!(
        level(watch_row(&app, &dan_user.id, WatchTarget::Topic, &q.id).await),
        Some(WatchLevel::Watching),
        "an explicit choice stays"
    );

    // Cara comments under bob's answer: ana hears of it only through her watch.
    PostBuilder::reply("Which driver version?")
        .under(&answer)
        .to(&q)
        .by(&cara)
        .build(&app)
        .await;
    let anas = notification_kinds(&app, &ana_user.id).await;
    assert_eq!(
        anas,
        vec![
            NotificationKind::Answered,
            NotificationKind::Answered,
            NotificationKind::Posted
        ],
        "two answers, then a comment seen through the creator's watch"
    );
    assert_eq!(
        notification_kinds(&app, &bob_user.id).await,
        vec![NotificationKind::Reply],
        "tracking: only the comment under his answer, not dan's answer"
    );
    assert_eq!(
        notification_kinds(&app, &dan_user.id).await,
        vec![NotificationKind::Posted],
        "still watching: cara's comment"
    );
    assert!(notification_kinds(&app, &cara_user.id).await.is_empty());

    // The topic page's control shows each member's level.
    let selected = |html: &str| {
        html_attr(
            html,
            "form.watch-control select[name=level] option[selected]",
            "value",
        )
    };
    assert_eq!(selected(&page(&ana, &q.path).await), vec!["watching"]);
    assert_eq!(selected(&page(&bob, &q.path).await), vec!["tracking"]);
    assert_eq!(selected(&page(&cara, &q.path).await), vec!["tracking"]);
}

// ---------------------------------------------------------------------------------------
// 5. The manager's level for new members
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn new_members_start_at_the_managers_level_and_existing_ones_keep_theirs() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, mgr) = member(&app, "mgr").await;
    let (_, moddy) = member(&app, "moddy").await;
    let old = UserBuilder::new("old").build(&app).await;
    let newbie = UserBuilder::new("newbie").build(&app).await;
    grant_role(&admin, "widgets", "mgr", CommunityRole::Manager).await;
    grant_role(&admin, "widgets", "moddy", CommunityRole::Moderator).await;
    grant_role(&admin, "widgets", "old", CommunityRole::Member).await;

    // A moderator may not change it.
    let response = CommunityEdit::of("widgets")
        .default_watch_level(WatchLevel::Watching)
        .send(&moddy)
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let c = find_community(&app, "widgets").await.expect("widgets");
    assert_eq!(c.default_watch_level, WatchLevel::Normal);
    // The manager may; the edit page shows it.
    let response = CommunityEdit::of("widgets")
        .default_watch_level(WatchLevel::Watching)
        .send(&mgr)
        .await;
    assert_see_other(&response, "/c/widgets?notice=saved");
    let c = find_community(&app, "widgets").await.expect("widgets");
    assert_eq!(c.default_watch_level, WatchLevel::Watching);
    let html = page(&mgr, "/c/widgets/edit").await;
    assert_eq!(
        html_attr(
            &html,
            "select[name=default_watch_level] option[selected]",
            "value"
        ),
        vec!["watching"]
    );
    // An unknown level is refused and changes nothing.
    let response = mgr
        .post_form(
            "/c/widgets/edit",
            &[
                ("name", &community_name("widgets")),
                ("description", "A place for testing."),
                ("accent_color", "#3355cc"),
                ("visibility", "public"),
                ("position", "0"),
                ("default_watch_level", "loudest"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let c = find_community(&app, "widgets").await.expect("widgets");
    assert_eq!(c.default_watch_level, WatchLevel::Watching);

    // The manager adds a member: they start at watching.
    grant_role(&mgr, "widgets", "newbie", CommunityRole::Member).await;
    assert_eq!(
        watch_row(&app, &newbie.id, WatchTarget::Community, c.id.as_str())
            .await
            .map(|w| w.level),
        Some(WatchLevel::Watching)
    );
    assert!(
        watch_rows_of(&app, &old.id).await.is_empty(),
        "existing members unaffected"
    );

    let t = TopicBuilder::discussion("Welcome thread")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    reply(&app, &bob, &t, "Hello all.").await;
    assert_eq!(
        notification_kinds(&app, &newbie.id).await,
        vec![NotificationKind::NewTopic, NotificationKind::Posted]
    );
    assert!(notification_kinds(&app, &old.id).await.is_empty());
}

#[tokio::test]
async fn a_default_level_never_overrides_a_members_own_choice() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (quiet, quiet_c) = member(&app, "quiet").await;
    let response = CommunityEdit::of("widgets")
        .default_watch_level(WatchLevel::Watching)
        .send(&admin)
        .await;
    assert_see_other(&response, "/c/widgets?notice=saved");
    watch_community_ok(&quiet_c, "widgets", "muted").await;
    grant_role(&admin, "widgets", "quiet", CommunityRole::Member).await;
    let c = find_community(&app, "widgets").await.expect("widgets");
    assert_eq!(
        watch_row(&app, &quiet.id, WatchTarget::Community, c.id.as_str())
            .await
            .map(|w| w.level),
        Some(WatchLevel::Muted)
    );
    TopicBuilder::discussion("Something new")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    assert!(notification_kinds(&app, &quiet.id).await.is_empty());
}

// ---------------------------------------------------------------------------------------
// 6. Privacy
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_mention_of_a_customer_in_an_employees_only_sub_community_creates_nothing() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("staff")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    let (_, erin) = employee(&app, "erin").await;
    let (emil, _) = employee(&app, "emil").await;
    let (cust, cust_c) = member(&app, "cust").await;
    let t = TopicBuilder::discussion("Escalation review")
        .body("@cust reported this; @emil please look.")
        .in_("staff")
        .by(&erin)
        .build(&app)
        .await;
    reply(&app, &erin, &t, "Again, @cust and @emil.").await;
    assert!(
        notification_kinds(&app, &cust.id).await.is_empty(),
        "the customer hears nothing"
    );
    assert_eq!(counter_in_step(&app, &cust.id).await, 0);
    assert_eq!(badge_of(&cust_c).await, None);
    assert_eq!(
        notification_kinds(&app, &emil.id).await,
        vec![NotificationKind::Mention, NotificationKind::Mention],
        "an employee mentioned there hears of it"
    );
}

#[tokio::test]
async fn watchers_stop_hearing_of_a_topic_moved_into_a_private_sub_community() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("staff")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob, bob_c) = member(&app, "bob").await;
    let (_, erin) = employee(&app, "erin").await;
    let (emil, emil_c) = employee(&app, "emil").await;
    watch_community_ok(&bob_c, "widgets", "watching").await;
    watch_community_ok(&emil_c, "staff", "watching").await;
    let t = TopicBuilder::discussion("Refund policy question")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    watch_topic_ok(&bob_c, &t, "watching").await;
    reply(&app, &erin, &t, "Let me check internally.").await;
    let bob_before = notification_kinds(&app, &bob.id).await;
    assert_eq!(
        bob_before,
        vec![NotificationKind::NewTopic, NotificationKind::Posted]
    );
    let ana_before = notification_kinds(&app, &ana_user.id).await.len();

    let response = admin
        .post_form(
            &format!("/t/{}/move", t.id),
            &[("community", "staff"), ("category", "")],
        )
        .await;
    assert_see_other(&response, &t.path);
    reply(
        &app,
        &erin,
        &t,
        "Internal note: @bob and @ana must not see this.",
    )
    .await;

    assert_eq!(
        notification_kinds(&app, &bob.id).await,
        bob_before,
        "bob may not see it now"
    );
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await.len(),
        ana_before,
        "the customer author hears nothing from inside (not even of the move)"
    );
    assert_eq!(
        notification_kinds(&app, &emil.id).await,
        vec![NotificationKind::Posted],
        "the new place's watchers hear of it"
    );
    // And bob's watch control on it is gone with the topic.
    let response = watch_topic(&bob_c, &t, "watching").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

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
// 8. Watch endpoints and controls
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn watch_endpoints_refuse_bad_levels_strangers_and_anonymous_visitors() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("inner")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    create_category(&app, &admin, "widgets", "setup", "Setup").await;
    create_category(&app, &admin, "inner", "plans", "Plans").await;
    let (_, ana) = member(&app, "ana").await;
    let (bob, bob_c) = member(&app, "bob").await;
    let t = TopicBuilder::discussion("Public thread")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let secret = TopicBuilder::discussion("Secret plans")
        .in_("inner")
        .by(&admin)
        .build(&app)
        .await;

    // Bad levels: 4xx and nothing stored.
    for (path, level) in [
        (format!("/t/{}/watch", t.id), "loud"),
        (format!("/t/{}/watch", t.id), ""),
        (format!("/t/{}/watch", t.id), "new_topics"),
        ("/c/widgets/watch".to_string(), "everything"),
        ("/c/widgets/cat/setup/watch".to_string(), "WATCHING!"),
    ] {
        let response = bob_c.post_form(&path, &[("level", level)]).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "POST {path} level={level:?}"
        );
    }
    assert!(
        watch_rows_of(&app, &bob.id).await.is_empty(),
        "nothing stored"
    );

    // Things bob may not see: 404, nothing stored.
    for path in [
        "/c/inner/watch".to_string(),
        "/c/inner/cat/plans/watch".to_string(),
        format!("/t/{}/watch", secret.id),
        "/c/nowhere/watch".to_string(),
        "/c/widgets/cat/nothing/watch".to_string(),
    ] {
        let response = bob_c.post_form(&path, &[("level", "watching")]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "POST {path}");
    }
    assert!(watch_rows_of(&app, &bob.id).await.is_empty());

    // Anonymous: sign in first.
    let anonymous = app.new_client();
    for path in [
        format!("/t/{}/watch", t.id),
        "/c/widgets/watch".to_string(),
        "/c/widgets/cat/setup/watch".to_string(),
    ] {
        let response = anonymous.post_form(&path, &[("level", "watching")]).await;
        assert_sign_in_required(&response, &format!("anonymous POST {path}"));
    }
    for path in ["/notifications", "/settings/notifications"] {
        let response = anonymous.get(path).await;
        assert_sent_to_sign_in(&response, &format!("anonymous GET {path}"));
    }
    let response = anonymous.post_form("/notifications/read-all", &[]).await;
    assert_sign_in_required(&response, "anonymous read-all");

    // The controls: signed-in members see them with their level; visitors do not.
    watch_community_ok(&bob_c, "widgets", "new_topics").await;
    watch_category_ok(&bob_c, "widgets", "setup", "muted").await;
    let selected = |html: &str| {
        html_attr(
            html,
            "form.watch-control select[name=level] option[selected]",
            "value",
        )
    };
    assert_eq!(
        selected(&page(&bob_c, "/c/widgets").await),
        vec!["new_topics"]
    );
    assert_eq!(
        selected(&page(&bob_c, "/c/widgets/cat/setup").await),
        vec!["muted"]
    );
    let topic_html = page(&bob_c, &t.path).await;
    assert_eq!(selected(&topic_html), vec!["normal"]);
    let topic_levels = html_attr(
        &topic_html,
        "form.watch-control select[name=level] option",
        "value",
    );
    assert!(
        !topic_levels.contains(&"new_topics".to_string()),
        "topics offer no 'new topics': {topic_levels:?}"
    );
    for path in ["/c/widgets", "/c/widgets/cat/setup", t.path.as_str()] {
        let html = page(&anonymous, path).await;
        assert!(
            html_select(&html, "form.watch-control").is_empty(),
            "{path}"
        );
    }
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
// More: new accounts, other moderation outcomes, invite-only, concurrency, preferences
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_new_account_starts_at_the_default_levels_of_what_it_may_see_once_confirmed() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("club")
        .visibility(Visibility::Members)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("staff")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("inner")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    CommunityEdit::of("widgets")
        .default_watch_level(WatchLevel::Watching)
        .save(&admin)
        .await;
    CommunityEdit::of("club")
        .visibility(Visibility::Members)
        .default_watch_level(WatchLevel::NewTopics)
        .save(&admin)
        .await;
    CommunityEdit::of("staff")
        .visibility(Visibility::Employees)
        .default_watch_level(WatchLevel::Watching)
        .save(&admin)
        .await;
    CommunityEdit::of("inner")
        .visibility(Visibility::InviteOnly)
        .default_watch_level(WatchLevel::Watching)
        .save(&admin)
        .await;

    let browser = app.new_client();
    let response = browser
        .post_form(
            "/signup",
            &[
                ("username", "newcomer"),
                ("email", "newcomer@customer.example"),
                ("password", "a perfectly fine passphrase"),
            ],
        )
        .await;
    assert_see_other(&response, "/login?notice=check_email");
    let newcomer = user_named(&app, "newcomer").await;
    assert!(
        watch_rows_of(&app, &newcomer.id).await.is_empty(),
        "nothing before the address is confirmed"
    );
    let mail = crate::helpers::fixtures::wait_until("the confirmation mail arrives", || async {
        app.mail
            .messages_to("newcomer@customer.example")
            .into_iter()
            .next()
    })
    .await;
    let link = mail
        .first_link_with(&format!("{}/confirm/", app.address))
        .expect("a confirmation link");
    let response = browser.post_form(&link, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "confirmed");
    assert!(user_named(&app, "newcomer")
        .await
        .email_confirmed_at
        .is_some());

    let mut levels: Vec<(String, WatchLevel)> = Vec::new();
    for w in watch_rows_of(&app, &newcomer.id).await {
        assert_eq!(w.target_kind, WatchTarget::Community);
        let slug = db(&app, move |conn| {
            Ok(parley::db::models::communities::all(conn)?
                .into_iter()
                .find(|c| c.id.as_str() == w.target_id)
                .map(|c| c.slug))
        })
        .await
        .expect("a sub-community");
        levels.push((slug, w.level));
    }
    levels.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        levels,
        vec![
            ("club".to_string(), WatchLevel::NewTopics),
            ("widgets".to_string(), WatchLevel::Watching),
        ],
        "only the sub-communities a customer may see"
    );

    let (_, erin) = employee(&app, "erin").await;
    let (_, ana) = member(&app, "ana").await;
    let t = TopicBuilder::discussion("Hello newcomers")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    TopicBuilder::discussion("Internal only")
        .in_("staff")
        .by(&erin)
        .build(&app)
        .await;
    TopicBuilder::discussion("Invited only")
        .in_("inner")
        .by(&admin)
        .build(&app)
        .await;
    TopicBuilder::discussion("Members lounge")
        .in_("club")
        .by(&ana)
        .build(&app)
        .await;
    assert_eq!(
        notification_kinds(&app, &newcomer.id).await,
        vec![NotificationKind::NewTopic, NotificationKind::NewTopic]
    );
    reply(&app, &erin, &t, "Welcome!").await;
    assert_eq!(
        notification_kinds(&app, &newcomer.id).await.len(),
        3,
        "watching widgets: posted"
    );
}

#[tokio::test]
async fn closing_as_duplicate_and_restoring_tell_the_author() {
    let (app, admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, bob) = member(&app, "bob").await;
    let (wendy_user, wendy) = member(&app, "wendy").await;
    grant_role(&admin, "widgets", "wendy", CommunityRole::Moderator).await;
    let original = ask(&ana, "widgets", "How do I reset my widget?").await;
    let copy = ask(&bob, "widgets", "Resetting a widget, how?").await;
    let answer = reply(&app, &ana, &copy, "See the other question.").await;
    let bob_before = notification_kinds(&app, &bob_user.id).await;
    assert_eq!(bob_before, vec![NotificationKind::Answered]);

    let response = close_as_duplicate(&wendy, &copy, &original.path).await;
    assert_see_other(&response, &copy.path);
    let bobs = notifications_of(&app, &bob_user.id).await;
    assert_eq!(bobs.len(), 2);
    assert_eq!(bobs[1].kind, NotificationKind::Moderation);
    assert!(
        bobs[1].summary.contains("closed as a duplicate"),
        "{}",
        bobs[1].summary
    );

    // Delete and restore ana's answer: two moderation notifications, the second links it.
    let ana_before = notification_kinds(&app, &ana_user.id).await.len();
    for action in ["delete", "restore"] {
        let response = wendy
            .post_form(&format!("/p/{}/{action}", answer.id), &[])
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{action}");
    }
    let anas = notifications_of(&app, &ana_user.id).await;
    assert_eq!(anas.len(), ana_before + 2, "{anas:?}");
    let restored = anas.last().expect("a notification");
    assert_eq!(restored.kind, NotificationKind::Moderation);
    assert!(
        restored.summary.contains("restored"),
        "{}",
        restored.summary
    );
    assert_eq!(
        restored.post_id.as_ref().map(|p| p.to_string()),
        Some(answer.id.clone())
    );
    assert!(
        notification_kinds(&app, &wendy_user.id).await.is_empty(),
        "the moderator hears nothing"
    );
    // An author deleting their own post is no moderation outcome.
    let own = reply(&app, &ana, &original, "Never mind.").await;
    let before = notification_kinds(&app, &ana_user.id).await.len();
    let response = ana.post_form(&format!("/p/{}/delete", own.id), &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(notification_kinds(&app, &ana_user.id).await.len(), before);
}

#[tokio::test]
async fn invite_only_mentions_reach_only_invited_members() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("inner")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (ina, _) = member(&app, "ina").await;
    let (out, out_c) = member(&app, "out").await;
    grant_role(&admin, "inner", "ina", CommunityRole::Member).await;
    let t = TopicBuilder::discussion("Board minutes")
        .in_("inner")
        .by(&admin)
        .build(&app)
        .await;
    reply(&app, &admin, &t, "@ina and @out, please read.").await;
    assert_eq!(
        notification_kinds(&app, &ina.id).await,
        vec![NotificationKind::Mention]
    );
    assert!(
        notification_kinds(&app, &out.id).await.is_empty(),
        "not invited"
    );
    assert_eq!(badge_of(&out_c).await, None);

    // Once invited, the next mention reaches them; removed again, nothing more.
    grant_role(&admin, "inner", "out", CommunityRole::Member).await;
    reply(&app, &admin, &t, "@out welcome aboard.").await;
    assert_eq!(
        notification_kinds(&app, &out.id).await,
        vec![NotificationKind::Mention]
    );
    remove_member(&admin, "inner", "out").await;
    reply(&app, &admin, &t, "@out are you still there?").await;
    assert_eq!(
        notification_kinds(&app, &out.id).await.len(),
        1,
        "removed: nothing more"
    );
}

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

#[tokio::test]
async fn preferences_page_lists_visible_sub_communities_with_their_levels() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("staff")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    let (_, bob) = member(&app, "bob").await;
    let (_, ana) = member(&app, "ana").await;
    let t = TopicBuilder::discussion("A topic to follow")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    reply(&app, &bob, &t, "Following.").await;

    let response = bob
        .post_form("/c/widgets/watch?back=prefs", &[("level", "new_topics")])
        .await;
    assert_see_other(&response, "/settings/notifications?notice=saved");
    let html = page(&bob, "/settings/notifications").await;
    assert_eq!(
        html_attr(&html, "table.watch-table form.watch-control", "action"),
        vec!["/c/widgets/watch?back=prefs"],
        "only what bob may see"
    );
    assert_eq!(
        html_attr(&html, "table.watch-table option[selected]", "value"),
        vec!["new_topics"]
    );
    assert!(
        html_select(&html, "main")
            .concat()
            .contains("You follow 1 topic directly"),
        "the tracked topic is counted"
    );
}

/// An address at an employee domain makes the new account an employee when it is
/// confirmed; the defaults it starts with are those of what an employee may see.
#[tokio::test]
async fn an_employee_sign_up_starts_at_the_defaults_of_employees_only_sub_communities() {
    let (app, admin) = widgets().await;
    SiteSettings {
        site_name: "Acme Community",
        employee_domains: "acme.example",
        ..SiteSettings::default()
    }
    .save(&admin)
    .await;
    CommunityBuilder::new("staff")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    CommunityEdit::of("staff")
        .visibility(Visibility::Employees)
        .default_watch_level(WatchLevel::Watching)
        .save(&admin)
        .await;

    let wile = sign_up_and_confirm(&app, "wile", "wile@acme.example", false).await;
    assert!(wile.is_employee, "an employee once confirmed");
    let staff = find_community(&app, "staff").await.expect("staff");
    assert_eq!(
        watch_row(&app, &wile.id, WatchTarget::Community, staff.id.as_str())
            .await
            .map(|w| w.level),
        Some(WatchLevel::Watching),
        "the new employee starts at the staff sub-community's default"
    );
    let (_, erin) = employee(&app, "erin").await;
    TopicBuilder::discussion("Team standup notes")
        .in_("staff")
        .by(&erin)
        .build(&app)
        .await;
    assert_eq!(
        notification_kinds(&app, &wile.id).await,
        vec![NotificationKind::NewTopic]
    );
}

#[tokio::test]
async fn suspended_members_hear_nothing_until_the_suspension_ends() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (wes, wes_c) = member(&app, "wes").await;
    let t = TopicBuilder::discussion("Suspension check")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    watch_topic_ok(&wes_c, &t, "watching").await;
    // Suspended for a day (there is no page for it yet: straight in the row).
    let until = app.clock.now().plus_secs(24 * 3600);
    for id in [ana_user.id.clone(), wes.id.clone()] {
        let now = app.clock.now();
        db(&app, move |conn| {
            Ok(users::set_suspension(
                conn,
                &id,
                Some(until),
                Some("cool-down"),
                now,
            )?)
        })
        .await;
    }

    reply(&app, &bob, &t, "@ana and @wes, are you there?").await;
    assert!(
        notification_kinds(&app, &ana_user.id).await.is_empty(),
        "suspended author"
    );
    assert!(
        notification_kinds(&app, &wes.id).await.is_empty(),
        "suspended watcher"
    );
    assert_eq!(counter_in_step(&app, &ana_user.id).await, 0);

    app.clock.advance_secs(24 * 3600 + 1);
    reply(&app, &bob, &t, "Welcome back, @ana.").await;
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await,
        vec![NotificationKind::Mention]
    );
    assert_eq!(
        notification_kinds(&app, &wes.id).await,
        vec![NotificationKind::Posted]
    );
}

/// A mention is what the post shows as one (a link to the member): names inside code
/// are shown as code, not as mentions, and tell nobody anything.
#[tokio::test]
async fn names_inside_code_are_not_mentions() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let cara = UserBuilder::new("cara").build(&app).await;
    let dan = UserBuilder::new("dan").build(&app).await;
    let eve = UserBuilder::new("eve").build(&app).await;
    let t = TopicBuilder::discussion("Config file syntax")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let post = reply(
        &app,
        &bob,
        &t,
        "Set `owner = @dan` like this:\n\n```\nnotify: @cara\n```\n\nThanks @eve.",
    )
    .await;
    let html = page(&ana, &t.path).await;
    assert_eq!(
        html_attr(
            &html,
            &format!("article#{} .prose a", post.anchor()),
            "href"
        ),
        vec!["/u/eve"],
        "the page shows one mention"
    );
    assert_eq!(
        notification_kinds(&app, &eve.id).await,
        vec![NotificationKind::Mention]
    );
    assert_eq!(
        (
            notification_kinds(&app, &cara.id).await,
            notification_kinds(&app, &dan.id).await
        ),
        (vec![], vec![]),
        "(named in a code block, named in inline code)"
    );
}

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

#[tokio::test]
async fn a_topic_shows_the_level_it_inherits_and_where_from() {
    let (app, admin) = widgets().await;
    let cat_id = create_category(&app, &admin, "widgets", "setup", "Setup").await;
    let (_, ana) = member(&app, "ana").await;
    let (_, wes) = member(&app, "wes").await;
    let (_, nel) = member(&app, "nel").await;
    let (_, cat) = member(&app, "cat").await;
    watch_community_ok(&wes, "widgets", "watching").await;
    watch_community_ok(&nel, "widgets", "new_topics").await;
    watch_category_ok(&cat, "widgets", "setup", "muted").await;
    let response = post_topic(
        &ana,
        "widgets",
        &[
            ("kind", "discussion"),
            ("title", "Where does my level come from?"),
            ("body", "Curious."),
            ("tags", ""),
            ("category", &cat_id),
        ],
    )
    .await;
    let t = topic_from_redirect(&response);
    let control = |html: &str| {
        (
            html_attr(
                html,
                "form.watch-control select[name=level] option[selected]",
                "value",
            ),
            html_select(html, "form.watch-control p.hint").concat(),
        )
    };
    let (level, hint) = control(&page(&wes, &t.path).await);
    assert_eq!(level, vec!["watching"]);
    assert!(
        hint.contains("from your setting on the sub-community"),
        "{hint}"
    );
    let (level, _) = control(&page(&nel, &t.path).await);
    assert_eq!(
        level,
        vec!["normal"],
        "new topics does not apply to a topic"
    );
    let (level, hint) = control(&page(&cat, &t.path).await);
    assert_eq!(level, vec!["muted"]);
    assert!(hint.contains("from your setting on the category"), "{hint}");
    let (level, hint) = control(&page(&ana, &t.path).await);
    assert_eq!(level, vec!["watching"], "the creator's own row");
    assert!(!hint.contains("from your setting"), "{hint}");
}

// ----- The fan-out queue -----

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
