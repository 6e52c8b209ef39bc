//! The review queue over `/api/v1`: a held reply waits until a moderator approves it
//! through `POST /api/v1/moderation/queue/{id}`; the queue answers what the HTML queue
//! answers (403 for members who moderate nothing), pages with a cursor, and a token
//! limited to one sub-community never sees or touches another's items.

use parley::db::{CommunityRole, ModerationState, ReviewStatus};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::api_client::{assert_problem, json_of, token, Api};
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::{all_review_items, item_status, open_item};
use crate::helpers::{grant_role, CommunityBuilder};

const VALID_CARD: &str = "4111 1111 1111 1111";

/// Replies through the API with a card number, which the default policy holds; asserts
/// the 202 and returns the held post.
async fn held_reply(api: &Api, topic: &TopicRef, text: &str) -> PostRef {
    let body = json_of(
        api.post(
            &format!("/topics/{}/posts", topic.id),
            json!({"body": format!("{text} {VALID_CARD}")}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(body["moderation_state"], "held", "{body}");
    PostRef {
        id: body["id"].as_str().expect("id").to_string(),
        number: i32::try_from(body["post_number"].as_i64().expect("number")).expect("small"),
    }
}

fn item_ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("item id").to_string())
        .collect()
}

#[tokio::test]
async fn held_reply_is_invisible_to_others_until_approved_through_the_api_queue() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    let topic = ask(&bob, "widgets", "How to pay for widgets").await;
    let author = Api::new(&app, &token(&ana, "posts:write topics:read", None).await);
    let reader = Api::new(&app, &token(&bob, "topics:read", None).await);
    let moderator = Api::new(
        &app,
        &token(&carla, "moderation:read moderation:write", None).await,
    );

    let held = held_reply(&author, &topic, "Pay with card").await;
    assert_eq!(
        post_row(&app, &held).await.moderation_state,
        ModerationState::Held
    );
    // Its author sees it; others do not, on the API or the page.
    let mine = json_of(
        author.get(&format!("/posts/{}", held.id)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine["moderation_state"], "held");
    assert_problem(
        reader.get(&format!("/posts/{}", held.id)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert!(!post_anchors(&page(&bob, &topic.path).await).contains(&held.anchor()));
    assert_eq!(topic_row(&app, &topic.id).await.reply_count, 0);

    let queue = json_of(moderator.get("/moderation/queue").await, StatusCode::OK).await;
    let items = queue["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{queue}");
    assert_eq!(items[0]["post"]["id"], held.id.as_str());
    assert_eq!(items[0]["reason"], "policy");
    assert_eq!(items[0]["community"], "widgets");
    assert_eq!(queue["next"], Value::Null);
    let item_id = items[0]["id"].as_str().expect("id").to_string();

    let outcome = json_of(
        moderator
            .post(
                &format!("/moderation/queue/{item_id}"),
                json!({"action": "approve"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(outcome["status"], "approved");
    assert_eq!(outcome["post"]["moderation_state"], "published");

    let seen = json_of(
        reader.get(&format!("/posts/{}", held.id)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["moderation_state"], "published");
    assert!(post_anchors(&page(&bob, &topic.path).await).contains(&held.anchor()));
    assert_eq!(topic_row(&app, &topic.id).await.reply_count, 1);
    // Resolved once: acting again is a conflict, and the queue is empty.
    assert_problem(
        moderator
            .post(
                &format!("/moderation/queue/{item_id}"),
                json!({"action": "hide"}),
            )
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    let queue = json_of(moderator.get("/moderation/queue").await, StatusCode::OK).await;
    assert!(item_ids(&queue).is_empty(), "{queue}");
}

#[tokio::test]
async fn queue_scopes_and_non_moderators_are_refused_as_on_the_page() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    let topic = ask(&bob, "widgets", "Widget payments").await;
    let author = Api::new(&app, &token(&ana, "posts:write", None).await);
    let held = held_reply(&author, &topic, "Card").await;
    let item = open_item(&app, &held.id).await;
    let act = format!("/moderation/queue/{}", item.id);

    // A member who moderates nothing: 403 here, as on /review.
    let member_api = Api::new(
        &app,
        &token(&bob, "moderation:read moderation:write", None).await,
    );
    assert_eq!(bob.get("/review").await.status(), StatusCode::FORBIDDEN);
    assert_problem(
        member_api.get("/moderation/queue").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_problem(
        member_api.post(&act, json!({"action": "approve"})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // The moderator's token without the scopes.
    let no_read = Api::new(&app, &token(&carla, "moderation:write", None).await);
    let no_write = Api::new(&app, &token(&carla, "moderation:read", None).await);
    assert_problem(
        no_read.get("/moderation/queue").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_problem(
        no_write.post(&act, json!({"action": "approve"})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // Unknown actions and fields never reach the service.
    let full = Api::new(
        &app,
        &token(&carla, "moderation:read moderation:write", None).await,
    );
    for body in [
        json!({"action": "publish"}),
        json!({"action": "approve", "silently": true}),
        json!({"action": 1}),
    ] {
        assert_problem(
            full.post(&act, body).await,
            StatusCode::BAD_REQUEST,
            "bad_request",
        )
        .await;
    }
    assert_eq!(item_status(&app, &item).await, ReviewStatus::Open);
    assert_eq!(
        post_row(&app, &held).await.moderation_state,
        ModerationState::Held
    );

    // Rejecting it hides it for good.
    let outcome = json_of(
        full.post(&act, json!({"action": "hide"})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(outcome["status"], "hidden");
    assert_eq!(
        post_row(&app, &held).await.moderation_state,
        ModerationState::Hidden
    );
}

#[tokio::test]
async fn a_token_limited_to_one_sub_community_never_sees_anothers_queue_items() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    grant_role(&admin, "gadgets", "carla", CommunityRole::Moderator).await;
    let author = Api::new(&app, &token(&ana, "posts:write", None).await);
    let in_widgets = ask(&bob, "widgets", "Widget prices").await;
    let in_gadgets = ask(&bob, "gadgets", "Gadget prices").await;
    let held_w = held_reply(&author, &in_widgets, "Widget card").await;
    let held_g = held_reply(&author, &in_gadgets, "Gadget card").await;
    let item_w = open_item(&app, &held_w.id).await;
    let item_g = open_item(&app, &held_g.id).await;

    let everywhere = Api::new(&app, &token(&carla, "moderation:read", None).await);
    let mut all =
        item_ids(&json_of(everywhere.get("/moderation/queue").await, StatusCode::OK).await);
    all.sort();
    let mut expected = vec![item_w.id.to_string(), item_g.id.to_string()];
    expected.sort();
    assert_eq!(all, expected);

    let limited = Api::new(
        &app,
        &token(&carla, "moderation:read moderation:write", Some("widgets")).await,
    );
    let listed = item_ids(&json_of(limited.get("/moderation/queue").await, StatusCode::OK).await);
    assert_eq!(listed, vec![item_w.id.to_string()]);
    let listed = item_ids(
        &json_of(
            limited.get("/moderation/queue?community=widgets").await,
            StatusCode::OK,
        )
        .await,
    );
    assert_eq!(listed, vec![item_w.id.to_string()]);
    assert_problem(
        limited.get("/moderation/queue?community=gadgets").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_problem(
        limited
            .post(
                &format!("/moderation/queue/{}", item_g.id),
                json!({"action": "approve"}),
            )
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(item_status(&app, &item_g).await, ReviewStatus::Open);
    assert_eq!(
        post_row(&app, &held_g).await.moderation_state,
        ModerationState::Held
    );
}

#[tokio::test]
async fn the_queue_pages_with_a_cursor_oldest_first() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    let topic = ask(&bob, "widgets", "Many held replies").await;
    let author = Api::new(&app, &token(&ana, "posts:write", None).await);
    for n in ["one", "two", "three"] {
        held_reply(&author, &topic, &format!("Card {n}:")).await;
        app.clock.advance_secs(1);
    }
    let expected: Vec<String> = all_review_items(&app)
        .await
        .into_iter()
        .map(|i| i.id.to_string())
        .collect();
    assert_eq!(expected.len(), 3);
    let moderator = Api::new(&app, &token(&carla, "moderation:read", None).await);

    let first = json_of(
        moderator.get("/moderation/queue?limit=2").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(item_ids(&first), expected[..2].to_vec());
    let next = first["next"].as_str().expect("a next link").to_string();
    let next = next.strip_prefix("/api/v1").expect("an API path");
    let second = json_of(moderator.get(next).await, StatusCode::OK).await;
    assert_eq!(item_ids(&second), expected[2..].to_vec());
    assert_eq!(second["next"], Value::Null);
    assert_problem(
        moderator.get("/moderation/queue?cursor=garbage").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
}

#[tokio::test]
async fn topics_are_merged_through_the_api_by_moderators_only() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "widgets", "carla", CommunityRole::Moderator).await;
    let kept = ask(&ana, "widgets", "Widget LED blinks red").await;
    let merged = ask(&ana, "widgets", "Red blinking LED on widget").await;
    reply(
        &app,
        &carla,
        &merged,
        "A red blink means the battery is low.",
    )
    .await;
    let member_api = Api::new(&app, &token(&ana, "moderation:write", None).await);
    let reader = Api::new(&app, &token(&carla, "moderation:read", None).await);
    let moderator = Api::new(
        &app,
        &token(&carla, "moderation:write topics:read", None).await,
    );
    let path = format!("/topics/{}/merge", merged.id);

    assert_problem(
        member_api.post(&path, json!({"into": kept.id})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_problem(
        reader.post(&path, json!({"into": kept.id})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_problem(
        moderator.post(&path, json!({"into": merged.id})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_problem(
        moderator.post(&path, json!({"onto": kept.id})).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    assert!(topic_row(&app, &merged.id).await.merged_into.is_none());

    let joined = json_of(
        moderator.post(&path, json!({"into": kept.path})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(joined["id"], kept.id.as_str(), "{joined}");
    assert_eq!(joined["reply_count"], 2, "{joined}");
    // The merged topic's address leads to the kept one, for whoever could see it.
    let r = moderator.get(&format!("/topics/{}", merged.id)).await;
    assert_eq!(r.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        crate::helpers::location(&r),
        Some(format!("/api/v1/topics/{}", kept.id))
    );
}
