//! Who hears nothing: members who may not see where it happened, the uninvited,
//! suspended members, and names inside code (not mentions).

use parley::db::models::users;
use parley::db::{CommunityRole, NotificationKind, Visibility};
use reqwest::StatusCode;

use super::{badge_of, counter_in_step, watch_community_ok, watch_topic, watch_topic_ok};
use crate::helpers::fixtures::db;
use crate::helpers::forum_fixtures::*;
use crate::helpers::notification_fixtures::notification_kinds;
use crate::helpers::{
    assert_see_other, grant_role, html_attr, remove_member, CommunityBuilder, TopicBuilder,
    UserBuilder,
};

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
// More: invite-only, suspension, code
// ---------------------------------------------------------------------------------------

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
