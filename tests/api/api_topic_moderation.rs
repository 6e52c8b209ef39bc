//! A moderator's topic tools over `/api/v1` (pin, lock, move, close as duplicate): the
//! topic page's services behind a `moderation:write` token. Members and tokens without
//! the scope are refused and change nothing; a topic or destination the caller cannot
//! see is a 404; a refused move changes nothing; each action is audited as on the page.

use parley::db::{CommunityRole, Visibility};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::api_client::{assert_problem, json_of, token, Api};
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::audit_rows;
use crate::helpers::{grant_role, CommunityBuilder};

async fn call(api: &Api, method: Method, path: &str) -> reqwest::Response {
    api.call(method, path, None).await
}

#[tokio::test]
async fn pin_and_lock_through_the_api_are_for_moderators_with_the_scope() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    let topic = ask(&ana, "widgets", "Where is the reset button?").await;
    let member_api = Api::new(&app, &token(&ana, "moderation:write", None).await);
    let unscoped = Api::new(&app, &token(&carla, "topics:write", None).await);
    let moderator = Api::new(&app, &token(&carla, "moderation:write", None).await);
    let pin = format!("/topics/{}/pin", topic.id);
    let lock = format!("/topics/{}/lock", topic.id);

    for (api, path) in [(&member_api, &pin), (&unscoped, &pin), (&member_api, &lock)] {
        assert_problem(
            call(api, Method::POST, path).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    let row = topic_row(&app, &topic.id).await;
    assert!(
        !row.pinned && !row.locked,
        "a refused call changed the topic"
    );

    let pinned = json_of(call(&moderator, Method::POST, &pin).await, StatusCode::OK).await;
    assert_eq!(
        (&pinned["pinned"], &pinned["locked"]),
        (&json!(true), &json!(false))
    );
    let locked = json_of(call(&moderator, Method::POST, &lock).await, StatusCode::OK).await;
    assert_eq!(
        (&locked["pinned"], &locked["locked"]),
        (&json!(true), &json!(true))
    );
    let row = topic_row(&app, &topic.id).await;
    assert!(row.pinned && row.locked);
    assert_eq!(audit_rows(&app, "topic.pin").await.len(), 1);
    assert_eq!(audit_rows(&app, "topic.lock").await.len(), 1);

    // A locked topic takes no member's reply through the API either.
    let writer = Api::new(&app, &token(&ana, "posts:write", None).await);
    let r = writer
        .post(
            &format!("/topics/{}/posts", topic.id),
            json!({"body": "Any news on this?"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(post_count(&app, &topic).await, 1);

    let unpinned = json_of(call(&moderator, Method::DELETE, &pin).await, StatusCode::OK).await;
    assert_eq!(unpinned["pinned"], json!(false));
    let unlocked = json_of(
        call(&moderator, Method::DELETE, &lock).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(unlocked["locked"], json!(false));
    let row = topic_row(&app, &topic.id).await;
    assert!(!row.pinned && !row.locked);
    assert_eq!(audit_rows(&app, "topic.unlock").await.len(), 1);
}

#[tokio::test]
async fn a_topic_the_caller_cannot_see_is_a_404_for_every_tool() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("insiders")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    let hidden = ask(&admin, "insiders", "Roadmap for the next widget").await;
    let moderator = Api::new(&app, &token(&carla, "moderation:write", None).await);
    for (method, tool, body) in [
        (Method::POST, "pin", None),
        (Method::DELETE, "lock", None),
        (Method::POST, "move", Some(json!({"community": "widgets"}))),
        (
            Method::POST,
            "duplicate",
            Some(json!({"original": hidden.id})),
        ),
    ] {
        let r = moderator
            .call(method, &format!("/topics/{}/{tool}", hidden.id), body)
            .await;
        assert_problem(r, StatusCode::NOT_FOUND, "not_found").await;
    }
    let row = topic_row(&app, &hidden.id).await;
    assert!(!row.pinned && !row.locked && row.duplicate_of.is_none());
    assert_eq!(row.community_id, find_community_id(&app, "insiders").await);
}

async fn find_community_id(app: &crate::helpers::TestApp, slug: &str) -> parley::db::CommunityId {
    crate::helpers::fixtures::find_community(app, slug)
        .await
        .unwrap_or_else(|| panic!("no sub-community {slug}"))
        .id
}

#[tokio::test]
async fn a_topic_moves_through_the_api_only_where_the_caller_moderates() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    CommunityBuilder::new("billing").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    grant_role(&admin, "gadgets", "carla", CommunityRole::Moderator).await;
    let setup = create_category(&app, &admin, "gadgets", "setup", "Setup").await;
    let topic = ask(&ana, "widgets", "How do I pair the gadget remote?").await;
    let moderator = Api::new(&app, &token(&carla, "moderation:write", None).await);
    let path = format!("/topics/{}/move", topic.id);
    let widgets_id = find_community_id(&app, "widgets").await;

    // Refused: a sub-community the caller does not moderate, a category the destination
    // does not have, an unknown field. Nothing moves.
    assert_problem(
        moderator.post(&path, json!({"community": "billing"})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_problem(
        moderator
            .post(
                &path,
                json!({"community": "gadgets", "category": "no-such"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_problem(
        moderator.post(&path, json!({"community": "nowhere"})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_problem(
        moderator.post(&path, json!({"to": "gadgets"})).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    assert_eq!(topic_row(&app, &topic.id).await.community_id, widgets_id);
    assert!(audit_rows(&app, "topic.move").await.is_empty());

    let moved: Value = json_of(
        moderator
            .post(&path, json!({"community": "gadgets", "category": "setup"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["community"], "gadgets", "{moved}");
    assert_eq!(moved["category_id"], setup.as_str(), "{moved}");
    let row = topic_row(&app, &topic.id).await;
    assert_eq!(row.community_id, find_community_id(&app, "gadgets").await);
    assert_eq!(audit_rows(&app, "topic.move").await.len(), 1);
    // The opening post went with it.
    let opening = opening_post(&app, &topic).await;
    assert_eq!(
        post_row(&app, &opening).await.community_id,
        row.community_id
    );
}

#[tokio::test]
async fn a_topic_is_closed_as_a_duplicate_through_the_api() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    let original = ask(&ana, "widgets", "Widget will not charge").await;
    let repeat = ask(&ana, "widgets", "My widget does not charge anymore").await;
    let moderator = Api::new(
        &app,
        &token(&carla, "moderation:write topics:read", None).await,
    );
    let member_api = Api::new(&app, &token(&ana, "moderation:write", None).await);
    let path = format!("/topics/{}/duplicate", repeat.id);

    assert_problem(
        member_api
            .post(&path, json!({"original": original.id}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    for original in [json!(repeat.id), json!(""), json!("/t/not-a-topic")] {
        assert_problem(
            moderator.post(&path, json!({ "original": original })).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }
    let row = topic_row(&app, &repeat.id).await;
    assert!(row.duplicate_of.is_none() && !row.locked);

    let closed = json_of(
        moderator
            .post(&path, json!({"original": original.path}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed["duplicate_of"], original.id.as_str(), "{closed}");
    assert_eq!(closed["locked"], json!(true), "{closed}");
    // The topic's own representation says so too.
    let shown = moderator.json(&format!("/topics/{}", repeat.id)).await;
    assert_eq!(shown["duplicate_of"], original.id.as_str(), "{shown}");
    assert_eq!(audit_rows(&app, "topic.duplicate").await.len(), 1);
}
