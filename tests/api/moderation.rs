//! Moderation and governance: the policy engine on posts, titles and profiles (detectors,
//! rules, block / hold / censor / flag), pre-moderation, flags and the review queue with
//! its one-step actions, sanctions that take effect at once, limits for new accounts,
//! permissions across sub-communities, and the append-only, filterable audit log.

use diesel::prelude::*;
use parley::db::models::users::User;
use parley::db::schema::{audit_log, policy_rules};
use parley::db::{
    CommunityRole, ModerationState, NotificationKind, ReviewReason, ReviewStatus, Visibility,
};
use reqwest::StatusCode;

use crate::helpers::fixtures::{
    admin_client, assert_no_active_content, assert_sent_to_sign_in, db, outbox_to,
};
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::*;
use crate::helpers::notification_fixtures::notification_kinds;
use crate::helpers::{
    grant_role, html_select, location, CommunityBuilder, TestApp, TestClient, TestUser,
    TopicBuilder, UserBuilder, DEFAULT_PASSWORD,
};

const VALID_CARD: &str = "4111 1111 1111 1111";
const INVALID_CARD: &str = "4111 1111 1111 1112";

/// A fresh browser for an existing member (after a sanction or a role change).
async fn sign_in_again(app: &TestApp, username: &str) -> TestClient {
    let user = TestUser {
        id: user_named(app, username).await.id,
        username: username.into(),
        email: format!("{username}@example.com"),
        password: DEFAULT_PASSWORD.into(),
    };
    app.signed_in_client(&user).await
}

async fn opening_state(app: &TestApp, topic: &TopicRef) -> ModerationState {
    post_by_number(app, &topic.id, 1).await.moderation_state
}

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

// ----- Permissions -----

#[tokio::test]
async fn a_moderator_of_one_community_cannot_act_in_another() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;

    let (t, held) = topic_after_post(
        &TopicBuilder::discussion("Gadget payment")
            .body(&format!("{VALID_CARD} here"))
            .in_("gadgets")
            .by(&ana)
            .send()
            .await,
    );
    assert!(held);
    let opening = post_by_number(&app, &t.id, 1).await;
    let item = open_item(&app, opening.id.as_ref()).await;

    for action in ["approve", "hide", "delete", "ignore"] {
        let response = review(&carla, &item, action, &[]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{action}");
    }
    let response = review(
        &carla,
        &item,
        "sanction",
        &[("kind", "suspend"), ("days", "3"), ("reason", "spam")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        carla.get("/review?c=gadgets").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        carla.get("/c/gadgets/moderation").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(carla.get(&t.path).await.status(), StatusCode::NOT_FOUND);
    // Nothing changed.
    assert_eq!(item_status(&app, &item).await, ReviewStatus::Open);
    assert_eq!(opening_state(&app, &t).await, ModerationState::Held);
    assert!(user_named(&app, "ana").await.suspended_until.is_none());
    assert!(audit_rows(&app, "review.approve").await.is_empty());
    // The widgets queue does not list it either.
    assert!(!page(&carla, "/review").await.contains("Gadget payment"));
    // Plain members have no queue.
    assert_eq!(ana.get("/review").await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sanctions_respect_rank_and_nobody_sanctions_themselves() {
    let (app, admin) = widgets().await;
    let (_, mona) = member(&app, "mona").await;
    admin
        .post_form(
            &format!("/admin/users/{}/role", user_named(&app, "mona").await.id),
            &[("role", "moderator")],
        )
        .await;
    drop(mona);
    // A demotion or promotion signs the member out; a new browser carries the new role.
    let mona = sign_in_again(&app, "mona").await;
    let form = [
        ("kind", "suspend"),
        ("days", "3"),
        ("reason", "testing limits"),
    ];
    assert_eq!(
        mona.post_form("/mod/users/chief/sanction", &form)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert!(
        user_named(&app, "chief").await.suspended_until.is_none(),
        "an admin cannot be sanctioned by a moderator"
    );
    assert_eq!(
        mona.post_form("/mod/users/mona/sanction", &form)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        admin
            .post_form("/mod/users/chief/sanction", &form)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    // Nobody raises their own role.
    let response = mona
        .post_form(
            &format!("/admin/users/{}/role", user_named(&app, "mona").await.id),
            &[("role", "admin")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(user_named(&app, "mona").await.role.as_str(), "moderator");
    // Bad input: clear error, nothing changed.
    let (_, _ana) = member(&app, "ana").await;
    let response = mona
        .post_form(
            "/mod/users/ana/sanction",
            &[("kind", "suspend"), ("days", "0"), ("reason", "x")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(user_named(&app, "ana").await.suspended_until.is_none());
}

// ----- Sanctions -----

#[tokio::test]
async fn a_suspended_members_open_session_is_rejected_on_the_next_request() {
    let (app, admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    assert_eq!(ana.get("/settings/account").await.status(), StatusCode::OK);

    let response = admin
        .post_form(
            "/mod/users/ana/sanction",
            &[
                ("kind", "suspend"),
                ("days", "7"),
                ("reason", "Repeated spam links"),
            ],
        )
        .await;
    assert_eq!(
        location(&response).as_deref(),
        Some("/mod/users/ana?notice=saved")
    );

    let response = ana.get("/settings/account").await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "the open session no longer works"
    );
    assert!(location(&response).unwrap().starts_with("/login"));
    assert_eq!(
        post_topic(
            &ana,
            "widgets",
            &[
                ("kind", "question"),
                ("title", "Still here?"),
                ("body", "Can I post?")
            ]
        )
        .await
        .status(),
        StatusCode::UNAUTHORIZED
    );
    let mail = outbox_to(&app, &ana_user.email).await;
    let notice = mail
        .iter()
        .find(|m| m.kind == "account_suspended")
        .expect("the member is told by mail");
    assert!(notice.body_text.contains("Repeated spam links"));
    let rows = audit_rows(&app, "user.suspend").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].target_id, ana_user.id.to_string());
    assert!(
        !rows[0].after_value.is_empty(),
        "the audit row has the end date"
    );

    // Signing in again is refused while it lasts.
    let response = app.new_client().login("ana", &ana_user.password).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn silenced_member_can_read_but_not_write_and_a_ban_comes_from_the_queue() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&bob, "widgets", "Something to read").await;
    admin
        .post_form(
            "/mod/users/ana/sanction",
            &[("kind", "silence"), ("days", "2"), ("reason", "Cool down")],
        )
        .await;
    assert_eq!(
        ana.get(&topic.path).await.status(),
        StatusCode::OK,
        "still reads"
    );
    assert!(
        page(&ana, &topic.path).await.contains("read-only"),
        "the member is told"
    );
    assert_eq!(
        post_reply(&ana, &topic, &[("body", "I am here")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(post_count(&app, &topic).await, 1);
    app.clock.advance_secs(3 * 86_400);
    let ana = sign_in_again(&app, "ana").await;
    let response = post_reply(&ana, &topic, &[("body", &format!("card {VALID_CARD}"))]).await;
    let (held, _) = reply_after_post(&app, &topic, &response).await;

    // Sanction from the review queue in one step: hidden, banned, sessions gone, mail.
    let item = open_item(&app, &held.id).await;
    let response = review(
        &admin,
        &item,
        "sanction",
        &[("kind", "ban"), ("reason", "Card fraud")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        post_row(&app, &held).await.moderation_state,
        ModerationState::Hidden
    );
    let u: User = user_named(&app, "ana").await;
    assert!(u.is_suspended_at(app.clock.now().plus_secs(365 * 86_400)));
    assert_eq!(
        ana.get("/settings/account").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(audit_rows(&app, "user.ban").await.len(), 1);
    let response = app.new_client().login("ana", DEFAULT_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let html = response.text().await.unwrap();
    assert!(html.contains("This account is banned.") && html.contains("Card fraud"));
    assert_eq!(audit_rows(&app, "review.sanction").await.len(), 1);
}

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

// ----- Rules -----

#[tokio::test]
async fn rules_are_tested_before_saving_and_validated_on_save() {
    let (app, admin) = widgets().await;
    let response = admin
        .post_form(
            "/admin/moderation/test",
            &[
                ("kind", "phrase"),
                ("pattern", "launch date"),
                ("action", "hold"),
                ("sample", "The LAUNCH date is Monday"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(html_select(&html, ".test-result mark")
        .iter()
        .any(|m| m == "LAUNCH date"));
    let count = || {
        db(&app, |conn| {
            Ok(policy_rules::table.count().get_result::<i64>(conn)?)
        })
    };
    assert_eq!(count().await, 0, "testing saves nothing");

    for bad in ["(unclosed", "", r"\w{1000}\w{1000}\w{1000}"] {
        let response = admin
            .post_form(
                "/admin/moderation/rules",
                &[("kind", "regex"), ("pattern", bad), ("action", "hold")],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad:?}"
        );
    }
    assert_eq!(count().await, 0);
    let response = admin
        .post_form(
            "/admin/moderation/rules",
            &[("kind", "word"), ("pattern", "darn"), ("action", "censor")],
        )
        .await;
    assert_eq!(
        location(&response).as_deref(),
        Some("/admin/moderation?notice=saved")
    );
    assert_eq!(count().await, 1);

    let (_, ana) = member(&app, "ana").await;
    let (t, _) = topic_after_post(
        &TopicBuilder::discussion("Darn widgets")
            .body("This darn thing broke")
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    let topic = topic_row(&app, &t.id).await;
    assert_eq!(topic.title, "[removed] widgets", "titles are checked too");
    assert_eq!(
        post_by_number(&app, &t.id, 1).await.body_markdown,
        "This [removed] thing broke"
    );
    assert_eq!(audit_rows(&app, "policy.rule_add").await.len(), 1);
}

#[tokio::test]
async fn community_rules_apply_only_there_and_its_moderators_manage_them() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    let response = carla
        .post_form(
            "/c/widgets/moderation/rules",
            &[
                ("kind", "word"),
                ("pattern", "competitor"),
                ("action", "flag"),
            ],
        )
        .await;
    assert_eq!(
        location(&response).as_deref(),
        Some("/c/widgets/moderation?notice=saved")
    );
    let response = carla
        .post_form(
            "/c/gadgets/moderation/rules",
            &[("kind", "word"), ("pattern", "x"), ("action", "block")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        carla.get("/admin/moderation").await.status(),
        StatusCode::FORBIDDEN
    );

    let (_, ana) = member(&app, "ana").await;
    let (w, held) = topic_after_post(
        &TopicBuilder::discussion("Versus competitor")
            .body("Our competitor is cheaper")
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    assert!(!held, "a flag rule leaves the post published");
    let item = open_item(&app, post_by_number(&app, &w.id, 1).await.id.as_ref()).await;
    assert_eq!(item.reason, ReviewReason::Policy);
    let (g, _) = topic_after_post(
        &TopicBuilder::discussion("Versus competitor")
            .body("Our competitor is cheaper")
            .in_("gadgets")
            .by(&ana)
            .send()
            .await,
    );
    let opening = post_by_number(&app, &g.id, 1).await;
    assert!(all_review_items(&app)
        .await
        .iter()
        .all(|i| i.post_id != opening.id));
}

#[tokio::test]
async fn a_catastrophic_backtracking_pattern_on_a_large_post_is_handled() {
    let (app, admin) = widgets().await;
    let response = admin
        .post_form(
            "/admin/moderation/rules",
            &[("kind", "regex"), ("pattern", "(a+)+$"), ("action", "hold")],
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "linear-time patterns are accepted"
    );
    let (_, ana) = member(&app, "ana").await;

    let mut near_miss = "a".repeat(45_000);
    near_miss.push('!');
    let (t, held) = topic_after_post(
        &TopicBuilder::discussion("Many letters")
            .body(&near_miss)
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    assert!(!held);
    assert_eq!(opening_state(&app, &t).await, ModerationState::Published);

    let (t, held) = topic_after_post(
        &TopicBuilder::discussion("Many more letters")
            .body(&"a".repeat(45_000))
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    assert!(held);
    assert_eq!(opening_state(&app, &t).await, ModerationState::Held);
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

// ----- Audit log -----

#[tokio::test]
async fn audit_log_is_filterable_exportable_and_never_editable() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (t, _) = topic_after_post(
        &TopicBuilder::discussion("Payment")
            .body(VALID_CARD)
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    let item = open_item(&app, post_by_number(&app, &t.id, 1).await.id.as_ref()).await;
    review(&admin, &item, "hide", &[]).await;

    let html = page(
        &admin,
        "/admin/audit?action=review.&actor=chief&community=widgets",
    )
    .await;
    assert!(html.contains("review.hide"));
    assert!(!html.contains("community.create"), "filtered by action");
    let html = page(&admin, "/admin/audit?actor=nobody").await;
    assert!(
        !html.contains("review.hide"),
        "an unknown actor matches nothing"
    );

    let response = admin.get("/admin/audit.csv?action=review.hide").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("when,who,action"));
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].contains("\"review.hide\"")
            && lines[1].contains("\"held\"")
            && lines[1].contains("\"hidden\"")
    );
    assert_eq!(
        ana.get("/admin/audit.csv").await.status(),
        StatusCode::FORBIDDEN
    );

    // The database refuses to change or delete audit rows.
    let tampered = app
        .state
        .db(|conn| {
            Ok(diesel::update(audit_log::table)
                .set(audit_log::details.eq("tampered"))
                .execute(conn)?)
        })
        .await;
    assert!(tampered.is_err());
    let deleted = app
        .state
        .db(|conn| Ok(diesel::delete(audit_log::table).execute(conn)?))
        .await;
    assert!(deleted.is_err());
    assert!(!audit_rows(&app, "review.hide").await.is_empty());
}

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

#[tokio::test]
async fn moderation_pages_render_without_active_content() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (t, _) = topic_after_post(
        &TopicBuilder::discussion("Payment")
            .body(VALID_CARD)
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    let answer = reply(
        &app,
        &admin,
        &TopicRef {
            id: t.id.clone(),
            path: t.path.clone(),
        },
        "An answer",
    )
    .await;
    let response = ana
        .post_form(&format!("/p/{}/flag", answer.id), &[("reason", "spam")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    for path in [
        "/admin/moderation",
        "/c/widgets/moderation",
        "/mod/users/ana",
        "/review",
        "/review?c=widgets",
        "/admin/audit",
        t.path.as_str(),
    ] {
        let html = page(&admin, path).await;
        assert_no_active_content(&html, path);
    }
    let html = page(&admin, "/admin/moderation").await;
    for d in [
        "Payment card numbers",
        "IBANs",
        "API keys and secrets",
        "Internal code names",
    ] {
        assert!(html.contains(d), "the settings page lists {d}");
    }
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
