//! Flags and the review queue with its one-step actions, moderating from the topic
//! page, review items of moved topics, and what moderation tells members.

use parley::db::{CommunityRole, ModerationState, NotificationKind, ReviewReason, ReviewStatus};
use reqwest::StatusCode;

use super::{opening_state, VALID_CARD};
use crate::helpers::fixtures::assert_sent_to_sign_in;
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::*;
use crate::helpers::notification_fixtures::notification_kinds;
use crate::helpers::{grant_role, html_select, CommunityBuilder, TestClient, TopicBuilder};

// ----- Flags and the queue -----

#[tokio::test]
async fn flags_from_trusted_members_hide_a_post_with_one_review_item() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let mut flaggers = vec![];
    for name in ["fay", "gus", "hal", "ivy"] {
        flaggers.push(member(&app, name).await.1);
    }
    let topic = ask(&ana, "widgets", "Buy cheap things").await;
    let answer = reply(&app, &ana, &topic, "Visit my shop for cheap things").await;
    // Accounts become trusted after the new-account period.
    app.clock.advance_secs(2 * 86_400);
    let (_, late) = member(&app, "late").await;

    let flag = |c: &TestClient, reason: &str, note: &str| {
        let (c, id, reason, note) = (
            c.clone(),
            answer.id.clone(),
            reason.to_string(),
            note.to_string(),
        );
        async move {
            c.post_form(
                &format!("/p/{id}/flag"),
                &[("reason", &reason), ("note", &note)],
            )
            .await
        }
    };
    // "Other" needs an explanation; nothing is stored without it.
    assert_eq!(
        flag(&flaggers[0], "other", "").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(all_review_items(&app).await.is_empty());
    // The author cannot flag their own post.
    assert_eq!(flag(&ana, "spam", "").await.status(), StatusCode::FORBIDDEN);

    assert_eq!(
        flag(&flaggers[0], "spam", "").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        flag(&flaggers[0], "spam", "").await.status(),
        StatusCode::SEE_OTHER,
        "repeating changes nothing"
    );
    flag(&late, "spam", "").await; // a new account: counted, but not trusted
    flag(&flaggers[1], "other", "Link farm").await;
    assert_eq!(
        post_row(&app, &answer).await.moderation_state,
        ModerationState::Published
    );
    flag(&flaggers[2], "off_topic", "").await;
    assert_eq!(
        post_row(&app, &answer).await.moderation_state,
        ModerationState::Hidden,
        "three trusted flags hide it"
    );
    assert_eq!(topic_row(&app, &topic.id).await.reply_count, 0);
    assert!(!post_anchors(&page(&flaggers[3], &topic.path).await).contains(&answer.anchor()));

    let items = all_review_items(&app).await;
    assert_eq!(items.len(), 1, "one open review item however many flags");
    assert_eq!(items[0].reason, ReviewReason::Flagged);
    let queue = page(&admin, "/review").await;
    for who in [
        "fay",
        "gus",
        "hal",
        "late",
        "Link farm",
        "Spam",
        "Off-topic",
    ] {
        assert!(queue.contains(who), "the queue shows {who}");
    }
    // Ignoring the flags puts it back.
    review(&admin, &items[0], "ignore", &[]).await;
    assert_eq!(
        post_row(&app, &answer).await.moderation_state,
        ModerationState::Published
    );
    assert_eq!(topic_row(&app, &topic.id).await.reply_count, 1);
    // A later flag opens a new item.
    flag(&flaggers[3], "inappropriate", "").await;
    let open: Vec<_> = all_review_items(&app)
        .await
        .into_iter()
        .filter(|i| i.status == ReviewStatus::Open)
        .collect();
    assert_eq!(open.len(), 1);
}

#[tokio::test]
async fn queue_actions_hide_delete_and_edit_with_a_reason() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&bob, "widgets", "Questions about payment").await;
    let mut items = vec![];
    for body in [
        format!("a {VALID_CARD}"),
        format!("b {VALID_CARD}"),
        format!("c {VALID_CARD}"),
    ] {
        let (p, held) = reply_after_post(
            &app,
            &topic,
            &post_reply(&ana, &topic, &[("body", &body)]).await,
        )
        .await;
        assert!(held);
        items.push((p.clone(), open_item(&app, &p.id).await));
    }
    review(&admin, &items[0].1, "hide", &[]).await;
    assert_eq!(
        post_row(&app, &items[0].0).await.moderation_state,
        ModerationState::Hidden
    );
    review(&admin, &items[1].1, "delete", &[]).await;
    assert!(post_row(&app, &items[1].0).await.deleted_at.is_some());
    // An edit needs a reason.
    let response = review(
        &admin,
        &items[2].1,
        "edit",
        &[("body", "c [card removed]"), ("reason", "")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(item_status(&app, &items[2].1).await, ReviewStatus::Open);
    // The edited text passes the policy too: still holding the card, it is refused.
    let response = review(
        &admin,
        &items[2].1,
        "edit",
        &[("body", &format!("c {VALID_CARD}")), ("reason", "Tidy up")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(item_status(&app, &items[2].1).await, ReviewStatus::Open);
    review(
        &admin,
        &items[2].1,
        "edit",
        &[
            ("body", "c [card removed]"),
            ("reason", "Removed card number"),
        ],
    )
    .await;
    let edited = post_row(&app, &items[2].0).await;
    assert_eq!(edited.body_markdown, "c [card removed]");
    assert_eq!(edited.moderation_state, ModerationState::Published);
    let rows = audit_rows(&app, "review.edit").await;
    assert_eq!(rows[0].details, "Removed card number");
    assert!(rows[0].before_value.contains(VALID_CARD));
    assert_eq!(rows[0].after_value, "c [card removed]");
    // An item is resolved once.
    assert_eq!(
        review(&admin, &items[0].1, "approve", &[]).await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(topic_row(&app, &topic.id).await.reply_count, 1);
}

// ----- Moderating from the topic page, moved topics -----

#[tokio::test]
async fn moderators_hide_and_publish_from_the_topic_page_only_where_they_moderate() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carla) = member(&app, "carla").await;
    let (_, dave) = member(&app, "dave").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    grant_role(&admin, "gadgets", "dave", CommunityRole::Moderator).await;
    let topic = ask(&ana, "widgets", "Widget colours").await;
    let answer = reply(&app, &bob, &topic, "Blue is best, obviously").await;

    let hide = format!("/p/{}/hide", answer.id);
    assert_eq!(
        dave.post_form(&hide, &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ana.post_form(&hide, &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post_row(&app, &answer).await.moderation_state,
        ModerationState::Published
    );

    assert_eq!(
        carla.post_form(&hide, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        post_row(&app, &answer).await.moderation_state,
        ModerationState::Hidden
    );
    assert_eq!(topic_row(&app, &topic.id).await.reply_count, 0);
    assert!(!post_anchors(&page(&ana, &topic.path).await).contains(&answer.anchor()));
    let own = page(&bob, &topic.path).await;
    assert!(own.contains("Hidden by moderators"), "the author sees why");

    let publish = format!("/p/{}/publish", answer.id);
    assert_eq!(
        dave.post_form(&publish, &[]).await.status(),
        StatusCode::NOT_FOUND,
        "not even visible to him"
    );
    assert_eq!(
        carla.post_form(&publish, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(topic_row(&app, &topic.id).await.reply_count, 1);
    let rows = audit_rows(&app, "post.hide").await;
    assert_eq!(
        (rows[0].before_value.as_str(), rows[0].after_value.as_str()),
        ("published", "hidden")
    );
    assert_eq!(audit_rows(&app, "post.publish").await.len(), 1);
}

#[tokio::test]
async fn review_items_follow_a_moved_topic() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, carla) = member(&app, "carla").await;
    let (_, dave) = member(&app, "dave").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    grant_role(&admin, "gadgets", "dave", CommunityRole::Moderator).await;
    let (t, held) = topic_after_post(
        &TopicBuilder::discussion("Wrong place")
            .body(&format!("{VALID_CARD} here"))
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    assert!(held);
    let response = admin
        .post_form(
            &format!("/t/{}/move", t.id),
            &[("community", "gadgets"), ("category", "")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let item = open_item(&app, post_by_number(&app, &t.id, 1).await.id.as_ref()).await;
    assert!(page(&dave, "/review").await.contains("Wrong place"));
    assert!(!page(&carla, "/review").await.contains("Wrong place"));
    assert_eq!(
        review(&carla, &item, "approve", &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        review(&dave, &item, "approve", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(opening_state(&app, &t).await, ModerationState::Published);
}

// ----- Moderation and notifications -----

#[tokio::test]
async fn a_held_reply_notifies_nobody_until_approved_and_its_author_hears_the_outcome() {
    let (app, admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, bob) = member(&app, "bob").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    let topic = ask(&bob, "widgets", "Where do I pay for widgets").await;

    let response = post_reply(&ana, &topic, &[("body", &format!("use card {VALID_CARD}"))]).await;
    let (held, was_held) = reply_after_post(&app, &topic, &response).await;
    assert!(was_held);
    assert!(
        notification_kinds(&app, &bob_user.id).await.is_empty(),
        "the asker hears nothing of a held answer"
    );

    let item = open_item(&app, &held.id).await;
    assert_eq!(
        review(&carla, &item, "approve", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        notification_kinds(&app, &bob_user.id).await,
        vec![NotificationKind::Answered],
        "approval publishes the answer to the asker"
    );
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await,
        vec![NotificationKind::Moderation],
        "the author hears that the post was approved"
    );
}

#[tokio::test]
async fn ignoring_flags_on_a_public_post_tells_nobody_again() {
    let (app, admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, fay) = member(&app, "fay").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    let topic = ask(&ana, "widgets", "Which widget for a boat").await;
    let answer = reply(&app, &bob, &topic, "The marine one.").await;
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await,
        vec![NotificationKind::Answered]
    );

    let response = fay
        .post_form(
            &format!("/p/{}/flag", answer.id),
            &[("reason", "off_topic"), ("note", "")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let item = open_item(&app, &answer.id).await;
    assert_eq!(
        review(&carla, &item, "ignore", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(item_status(&app, &item).await, ReviewStatus::Ignored);
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await,
        vec![NotificationKind::Answered],
        "the asker was told of the answer once, not again when its flags were ignored"
    );
    assert_eq!(topic_row(&app, &topic.id).await.reply_count, 1);
}

#[tokio::test]
async fn a_post_is_flagged_from_its_own_page_linked_under_the_post() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Where is the reset button").await;
    let answer = reply(&app, &bob, &q, "Behind the small flap at the back.").await;
    let flag_path = format!("/p/{}/flag", answer.id);

    // Ana sees a link under Bob's answer, not a form repeated under every post.
    let topic = page(&ana, &q.path).await;
    let links = html_select(
        &topic,
        &format!("#{} a[href=\"{flag_path}\"]", answer.anchor()),
    );
    assert_eq!(links, vec!["Flag"]);
    assert!(html_select(&topic, ".flag-form").is_empty());

    let form = page(&ana, &flag_path).await;
    assert!(form.contains("Behind the small flap at the back."));
    assert_eq!(
        html_select(
            &form,
            &format!("form[action=\"{flag_path}\"] input[name=reason]")
        )
        .len(),
        5
    );
    // Bob cannot flag his own answer; a visitor is asked to sign in first.
    assert_eq!(bob.get(&flag_path).await.status(), StatusCode::FORBIDDEN);
    assert!(html_select(
        &page(&bob, &q.path).await,
        &format!("a[href=\"{flag_path}\"]")
    )
    .is_empty());
    let visitor = app.new_client().get(&flag_path).await;
    assert_sent_to_sign_in(&visitor, "a visitor opening the flag form");

    // "Other" without an explanation: the same page again, with the error, and nothing stored.
    let response = ana
        .post_form(&flag_path, &[("reason", "other"), ("note", "")])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let again = response.text().await.expect("body");
    assert_eq!(
        html_select(&again, "#f-note").len(),
        1,
        "the form is shown again"
    );
    assert!(!html_select(&again, ".error-summary").is_empty());
    assert!(all_review_items(&app).await.is_empty());

    let response = ana.post_form(&flag_path, &[("reason", "off_topic")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(open_item(&app, &answer.id).await.status, ReviewStatus::Open);
}
