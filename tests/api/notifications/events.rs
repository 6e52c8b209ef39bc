//! Each kind of event reaches exactly the right member: one notification per
//! member and event, never the actor, moderation outcomes told to their authors.

use parley::db::{CommunityRole, NotificationKind};
use parley::i18n::Lang;
use parley::notifications::summary_text;
use reqwest::StatusCode;

use super::{
    badge, badge_of, counter_in_step, watch_category_ok, watch_community_ok, watch_topic_ok,
};
use crate::helpers::fixtures::find_community;
use crate::helpers::forum_fixtures::*;
use crate::helpers::notification_fixtures::{notification_kinds, notifications_of};
use crate::helpers::{
    assert_see_other, grant_role, html_attr, html_select, CommunityBuilder, PostBuilder,
    TopicBuilder, UserBuilder,
};

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
        let (en, fr) = (
            summary_text(&notes[0], Lang::En),
            summary_text(&notes[0], Lang::Fr),
        );
        assert!(en.ends_with("is now Planned"), "summary: {en}");
        assert!(fr.contains("est maintenant : Prévue"), "summary: {fr}");
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
    // Stored as a notice with the title, written in each reader's language.
    assert_eq!(moved.summary, "My gadget will not pair");
    assert_eq!(moved.notice.as_deref(), Some("moved:Group gadgets"));
    let text = summary_text(moved, Lang::En);
    assert!(text.contains("was moved to Group gadgets"), "{text}");
    let gadgets = find_community(&app, "gadgets").await.expect("gadgets");
    assert_eq!(moved.community_id.as_ref(), Some(&gadgets.id));
    let html = page(&ana, "/notifications").await;
    assert_eq!(entry_links(&html)[0], format!("/t/{}", t.id));
    assert!(html_select(&html, "li.notification")
        .concat()
        .contains("chief took a moderation action on your post"));
    assert!(
        html.contains("was moved to Group gadgets"),
        "the notice on the page"
    );
    // The same row, read in French (`?lang=` is then ana's choice).
    let fr = page(&ana, "/notifications?lang=fr").await;
    assert!(fr.contains("a été déplacé vers Group gadgets"), "{fr}");
    assert!(
        !fr.contains("was moved to"),
        "no English sentence on the French page"
    );
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
// More: other moderation outcomes
// ---------------------------------------------------------------------------------------

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
    let text = summary_text(&bobs[1], Lang::En);
    assert!(text.contains("was closed as a duplicate"), "{text}");
    let fr = summary_text(&bobs[1], Lang::Fr);
    assert!(fr.contains("a été fermé comme doublon"), "{fr}");

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
    let text = summary_text(restored, Lang::En);
    assert!(text.contains("was restored by a moderator"), "{text}");
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
