//! Who may moderate where (rank, one's own sub-communities, never oneself), and
//! sanctions that take effect at once.

use parley::db::models::users::User;
use parley::db::{CommunityRole, ModerationState, ReviewStatus};
use reqwest::StatusCode;

use super::{opening_state, sign_in_again, VALID_CARD};
use crate::helpers::fixtures::outbox_to;
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::*;
use crate::helpers::{grant_role, location, CommunityBuilder, TopicBuilder, DEFAULT_PASSWORD};

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

#[tokio::test]
async fn a_site_moderator_reaches_a_members_sanctions_from_the_profile_and_others_do_not() {
    let (app, admin) = widgets().await;
    let (_, mona) = member(&app, "mona").await;
    let (_, ana) = member(&app, "ana").await;
    admin
        .post_form(
            &format!("/admin/users/{}/role", user_named(&app, "mona").await.id),
            &[("role", "moderator")],
        )
        .await;
    drop(mona);
    let mona = sign_in_again(&app, "mona").await;
    let link = |html: &str| crate::helpers::html_attr(html, "a.moderate", "href");
    assert_eq!(link(&page(&mona, "/u/ana").await), vec!["/mod/users/ana"]);
    assert!(
        link(&page(&mona, "/u/chief").await).is_empty(),
        "not on an admin"
    );
    assert!(
        link(&page(&mona, "/u/mona").await).is_empty(),
        "not on oneself"
    );
    assert!(
        link(&page(&ana, "/u/mona").await).is_empty(),
        "not for a member"
    );
    assert!(
        link(&page(&app, "/u/ana").await).is_empty(),
        "not for a visitor"
    );
}
