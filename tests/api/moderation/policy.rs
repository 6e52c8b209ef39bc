//! The policy engine on posts, titles and profiles (detectors, block / hold), code
//! names, pre-moderation, and limits for new accounts.

use parley::db::{CommunityRole, ModerationState, ReviewReason, ReviewStatus, Visibility};
use reqwest::StatusCode;

use super::{opening_state, sign_in_again, VALID_CARD};
use crate::helpers::fixtures::admin_client;
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::*;
use crate::helpers::{
    grant_role, html_select, location, CommunityBuilder, TestApp, TestClient, TopicBuilder,
    UserBuilder,
};

const INVALID_CARD: &str = "4111 1111 1111 1112";

// ----- Policy engine on posts -----

#[tokio::test]
async fn valid_card_number_in_an_employee_post_is_held_and_an_invalid_one_is_not() {
    let (app, _admin) = widgets().await;
    let (_, staff) = employee(&app, "erin").await;

    let response = TopicBuilder::discussion("Refund for order 1001")
        .body(&format!("Card: {VALID_CARD} please refund"))
        .in_("widgets")
        .by(&staff)
        .send()
        .await;
    let (held, was_held) = topic_after_post(&response);
    assert!(was_held, "the author is told the post awaits approval");
    assert_eq!(opening_state(&app, &held).await, ModerationState::Held);
    assert!(topic_row(&app, &held.id).await.held);
    let item = open_item(&app, post_by_number(&app, &held.id, 1).await.id.as_ref()).await;
    assert_eq!(item.reason, ReviewReason::Policy);
    assert!(
        item.matches.contains("4111 1111 1111 1111"),
        "the item records what matched"
    );

    // The author sees it with the reason; the held notice names what to look at.
    let html = page(&staff, &held.path).await;
    assert!(html.contains("Awaiting approval"));
    assert!(
        html.contains("Payment card numbers"),
        "the author is told why"
    );

    let response = TopicBuilder::discussion("Order number question")
        .body(&format!("Order ref {INVALID_CARD} is odd"))
        .in_("widgets")
        .by(&staff)
        .send()
        .await;
    let (published, was_held) = topic_after_post(&response);
    assert!(!was_held);
    assert_eq!(
        opening_state(&app, &published).await,
        ModerationState::Published
    );
}

#[tokio::test]
async fn aws_style_key_is_blocked_with_a_clear_message_and_nothing_is_stored() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let before = topic_count(&app).await;

    let response = TopicBuilder::discussion("Deploy fails")
        .body("my key is AKIAIOSFODNN7EXAMPLE, why does it fail?")
        .in_("widgets")
        .by(&ana)
        .send()
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    let errors = html_select(&html, ".error").join(" ");
    assert!(
        errors.contains("API keys and secrets"),
        "says what to change: {errors}"
    );
    assert!(errors.contains("Remove it"), "says what to do: {errors}");
    assert!(
        !html.contains("AKIAIOSFODNN7EXAMPLE\u{201d}"),
        "the key is shown masked"
    );
    assert_eq!(topic_count(&app).await, before, "nothing was stored");
    assert!(all_review_items(&app).await.is_empty());

    // A reply and an edit are checked too.
    let topic = ask(&ana, "widgets", "A clean question").await;
    let response = post_reply(
        &ana,
        &topic,
        &[("body", "token ghp_0123456789abcdefghijABCDEFGHIJ012345")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(post_count(&app, &topic).await, 1);
    let opening = opening_post(&app, &topic).await;
    let response = ana
        .post_form(
            &format!("/p/{}/edit", opening.id),
            &[
                ("body", "-----BEGIN PRIVATE KEY----- oops"),
                ("title", "A clean question"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        post_row(&app, &opening).await.body_markdown,
        "Some details about the question."
    );
}

#[tokio::test]
async fn a_french_author_is_told_in_french_what_was_found_and_why_a_post_waits() {
    use crate::i18n_forum::set_member_language;
    use parley::db::Language;
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    set_member_language(&app, "ana", Language::Fr).await;
    let response = TopicBuilder::discussion("Le déploiement échoue")
        .body("ma clé est AKIAIOSFODNN7EXAMPLE, pourquoi ?")
        .in_("widgets")
        .by(&ana)
        .send()
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    let errors = html_select(&html, ".error").join(" ");
    assert!(
        errors.contains("Clés d'API et secrets") && errors.contains("Retirez-le"),
        "the refusal is in French: {errors}"
    );
    assert!(!errors.contains("Remove it"), "no English left: {errors}");

    let (_, erin) = employee(&app, "erin").await;
    set_member_language(&app, "erin", Language::Fr).await;
    let response = TopicBuilder::discussion("Remboursement de la commande 1001")
        .body(&format!("Carte : {VALID_CARD}, merci de rembourser"))
        .in_("widgets")
        .by(&erin)
        .send()
        .await;
    let (held, was_held) = topic_after_post(&response);
    assert!(was_held);
    let html = page(&erin, &held.path).await;
    let notice = html_select(&html, "p.notice.pending").concat();
    assert!(
        notice.contains("il semble contenir") && notice.contains("Numéros de carte bancaire"),
        "why it waits, in French: {notice}"
    );
    assert!(!notice.contains("appears to contain"), "{notice}");
}

/// The employee-only `internal` and the public `widgets`, the employee erin, and the
/// code names Bluebird and Project Falcon in the policy.
async fn code_names() -> (TestApp, TestClient, TestClient) {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("internal")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (_, staff) = employee(&app, "erin").await;
    policy(&admin, &[("code_names", "Bluebird\nProject Falcon")]).await;
    (app, admin, staff)
}

#[tokio::test]
async fn code_name_is_held_in_an_employee_only_community_when_the_rule_says_so() {
    let (app, admin, staff) = code_names().await;

    // By default code names are not checked where only employees read.
    let (t, held) = topic_after_post(
        &TopicBuilder::discussion("Bluebird status")
            .body("Bluebird ships soon")
            .in_("internal")
            .by(&staff)
            .send()
            .await,
    );
    assert!(!held);
    assert_eq!(opening_state(&app, &t).await, ModerationState::Published);
    // Everywhere else they are held.
    let (t, held) = topic_after_post(
        &TopicBuilder::discussion("Roadmap")
            .body("Is project  falcon real?")
            .in_("widgets")
            .by(&staff)
            .send()
            .await,
    );
    assert!(held);
    assert_eq!(opening_state(&app, &t).await, ModerationState::Held);

    // The rule now says employee-only sub-communities too.
    policy(
        &admin,
        &[
            ("code_names", "Bluebird\nProject Falcon"),
            ("det_code_name_skip", ""),
        ],
    )
    .await;
    let (t, held) = topic_after_post(
        &TopicBuilder::discussion("Bluebird again")
            .body("More on Bluebird")
            .in_("internal")
            .by(&staff)
            .send()
            .await,
    );
    assert!(held, "held in the employee-only sub-community too");
    assert_eq!(opening_state(&app, &t).await, ModerationState::Held);
}

#[tokio::test]
async fn a_topic_moves_out_of_an_employee_only_sub_community_only_past_the_policy() {
    let (app, admin, staff) = code_names().await;
    let (t, held) = topic_after_post(
        &TopicBuilder::discussion("Launch plan")
            .body("Notes for the launch.")
            .in_("internal")
            .by(&staff)
            .send()
            .await,
    );
    assert!(!held);
    // Allowed where only employees read.
    let leak = reply(&app, &staff, &t, "Bluebird ships in May.").await;
    let internal = topic_row(&app, &t.id).await.community_id;
    let move_path = format!("/t/{}/move", t.id);
    let to_widgets = [("community", "widgets"), ("category", "")];

    let response = admin.post_form(&move_path, &to_widgets).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = response.text().await.unwrap();
    assert!(
        text.contains("Post #2 contains") && text.contains("Bluebird"),
        "the refusal names the post and what it contains: {text}"
    );
    assert_eq!(
        topic_row(&app, &t.id).await.community_id,
        internal,
        "nothing moved"
    );
    assert_eq!(
        app.new_client().get_html(&t.path).await.0,
        StatusCode::NOT_FOUND,
        "still only where employees read"
    );

    // Once the post no longer names the project, the topic may go.
    let response = staff
        .post_form(
            &format!("/p/{}/edit", leak.id),
            &[("body", "The new widget ships in May.")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        admin.post_form(&move_path, &to_widgets).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_ne!(topic_row(&app, &t.id).await.community_id, internal);
}

#[tokio::test]
async fn held_post_is_invisible_to_others_until_approved() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    let topic = ask(&bob, "widgets", "How do widgets work").await;

    // A held topic: not listed, 404 for others, visible to its author.
    let (held_topic, was_held) = topic_after_post(
        &TopicBuilder::discussion("Pay me here")
            .body(&format!("{VALID_CARD} thanks"))
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    assert!(was_held);
    assert_eq!(
        bob.get(&held_topic.path).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.new_client().get(&held_topic.path).await.status(),
        StatusCode::NOT_FOUND
    );
    for list in ["/c/widgets", "/latest", "/c/widgets?sort=new"] {
        assert!(
            !listed_titles(&page(&bob, list).await).contains(&"Pay me here".to_string()),
            "{list}"
        );
    }
    assert!(
        !page(&bob, "/u/ana").await.contains("Pay me here"),
        "not in profile activity"
    );
    assert!(page(&ana, &held_topic.path)
        .await
        .contains("Awaiting approval"));
    assert!(page(&carla, &held_topic.path)
        .await
        .contains("Awaiting approval"));

    // A held reply: not shown, not counted, not quotable; the author sees it.
    let response = post_reply(&ana, &topic, &[("body", &format!("use card {VALID_CARD}"))]).await;
    let (held_reply, was_held) = reply_after_post(&app, &topic, &response).await;
    assert!(was_held);
    assert_eq!(topic_row(&app, &topic.id).await.reply_count, 0);
    let others = page(&bob, &topic.path).await;
    assert!(!post_anchors(&others).contains(&held_reply.anchor()));
    assert!(!others.contains("use card"));
    assert!(
        !page(&bob, &format!("{}?quote={}", topic.path, held_reply.id))
            .await
            .contains("use card")
    );
    assert_eq!(
        bob.get(&format!("/p/{}/history", held_reply.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert!(post_anchors(&page(&ana, &topic.path).await).contains(&held_reply.anchor()));

    // The moderator sees both in the queue, with the match highlighted, and approves.
    let queue = page(&carla, "/review?c=widgets").await;
    assert!(html_select(&queue, "mark")
        .iter()
        .any(|m| m.contains(VALID_CARD)));
    let item = open_item(&app, &held_reply.id).await;
    let response = review(&carla, &item, "approve", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(item_status(&app, &item).await, ReviewStatus::Approved);
    assert_eq!(topic_row(&app, &topic.id).await.reply_count, 1);
    assert!(post_anchors(&page(&bob, &topic.path).await).contains(&held_reply.anchor()));

    let opening = post_by_number(&app, &held_topic.id, 1).await;
    review(
        &carla,
        &open_item(&app, opening.id.as_ref()).await,
        "approve",
        &[],
    )
    .await;
    assert_eq!(bob.get(&held_topic.path).await.status(), StatusCode::OK);
    assert!(listed_titles(&page(&bob, "/c/widgets").await).contains(&"Pay me here".to_string()));
    assert_eq!(audit_rows(&app, "review.approve").await.len(), 2);
}

#[tokio::test]
async fn pre_moderation_holds_the_first_posts_of_new_members() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, staff) = employee(&app, "erin").await;
    let response = admin
        .post_form("/c/widgets/moderation", &[("hold_first_posts", "1")])
        .await;
    assert_eq!(
        location(&response).as_deref(),
        Some("/c/widgets/moderation?notice=saved")
    );

    let (first, held) = topic_after_post(
        &TopicBuilder::discussion("My first topic")
            .body("Hello everyone here")
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    assert!(held, "the first post of a member is held");
    let item = open_item(&app, post_by_number(&app, &first.id, 1).await.id.as_ref()).await;
    assert_eq!(item.reason, ReviewReason::NewMember);
    assert!(page(&ana, &first.path)
        .await
        .contains("first posts of new members"));
    assert_eq!(bob.get(&first.path).await.status(), StatusCode::NOT_FOUND);
    review(&admin, &item, "approve", &[]).await;

    let (second, held) = topic_after_post(
        &TopicBuilder::discussion("My second topic")
            .body("Hello again, all")
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    assert!(!held, "after the first approved post, posts go out");
    assert_eq!(bob.get(&second.path).await.status(), StatusCode::OK);
    // Staff of the sub-community are not pre-moderated.
    let (_, held) = topic_after_post(
        &TopicBuilder::discussion("Staff topic")
            .body("From the team")
            .in_("widgets")
            .by(&staff)
            .send()
            .await,
    );
    assert!(!held);
    // Bad input changes nothing.
    let response = admin
        .post_form("/c/widgets/moderation", &[("hold_first_posts", "many")])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

// ----- New accounts and profiles -----

#[tokio::test]
async fn new_accounts_have_a_link_limit_and_a_posting_rate() {
    let (app, admin) = widgets().await;
    policy(
        &admin,
        &[
            ("new_account_posts_per_hour", "2"),
            ("new_account_max_links", "1"),
        ],
    )
    .await;
    let (_, ana) = member(&app, "ana").await;
    let before = topic_count(&app).await;
    let response = TopicBuilder::discussion("Links")
        .body("see https://a.example and https://b.example")
        .in_("widgets")
        .by(&ana)
        .send()
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("at most 1 links"));
    assert_eq!(topic_count(&app).await, before);

    ask(&ana, "widgets", "First question here").await;
    ask(&ana, "widgets", "Second question here").await;
    let response = TopicBuilder::discussion("Third one")
        .body("Too fast")
        .in_("widgets")
        .by(&ana)
        .send()
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    // Older accounts are not limited.
    app.clock.advance_secs(2 * 86_400);
    let ana = sign_in_again(&app, "ana").await;
    let response = TopicBuilder::discussion("Links again")
        .body("see https://a.example and https://b.example")
        .in_("widgets")
        .by(&ana)
        .send()
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn profile_fields_pass_the_policy() {
    let app = forum_app().await;
    let ana_user = UserBuilder::new("ana").build(&app).await;
    let ana = app.signed_in_client(&ana_user).await;
    let response = ana
        .post_form(
            "/settings/profile",
            &[
                ("display_name", "Ana"),
                ("title", "Dev"),
                ("bio", "Reach me: 4111 1111 1111 1111"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("Payment card numbers"));
    assert!(!user_named(&app, "ana").await.bio_markdown.contains("4111"));
}
