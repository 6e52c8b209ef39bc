//! Policy rules: tested before saving, validated on save, scoped to a sub-community,
//! and safe against catastrophic backtracking.

use diesel::prelude::*;
use parley::db::schema::policy_rules;
use parley::db::{CommunityRole, ModerationState, ReviewReason};
use reqwest::StatusCode;

use super::opening_state;
use crate::helpers::fixtures::db;
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::*;
use crate::helpers::{grant_role, html_select, location, CommunityBuilder, TopicBuilder};

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
