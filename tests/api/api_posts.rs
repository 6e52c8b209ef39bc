//! Writing posts over `/api/v1` with real tokens and a real HTTP client: reply (also as
//! the brand), comment, edit, delete, vote, accept, flag; each scope refused without it,
//! revoked tokens, other people's posts, tokens limited to a sub-community, and bodies
//! that do not parse. After every refusal the database (or the page) shows nothing changed.

use diesel::prelude::*;
use parley::auth::secret::hash_token;
use parley::db::models::api_tokens::ApiToken;
use parley::db::schema::api_tokens;
use parley::db::{ModerationState, PostId};
use reqwest::header::LOCATION;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::api_client::{assert_problem, json_of, token, Api};
use crate::helpers::fixtures::db;
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::all_review_items;
use crate::helpers::CommunityBuilder;

fn post_ref(body: &Value) -> PostRef {
    PostRef {
        id: body["id"].as_str().expect("post id").to_string(),
        number: i32::try_from(body["post_number"].as_i64().expect("post number"))
            .expect("small number"),
    }
}

#[tokio::test]
async fn reply_is_201_with_location_and_appears_on_the_topic_page() {
    let (app, _) = widgets().await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&bob, "widgets", "How do widgets spin").await;
    let api = Api::new(&app, &token(&ana_browser, "posts:write", None).await);

    let response = api
        .post(
            &format!("/topics/{}/posts", topic.id),
            json!({"body": "They spin on **bearings**."}),
        )
        .await;
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = json_of(response, StatusCode::CREATED).await;
    let post = post_ref(&body);
    assert_eq!(location, Some(format!("/api/v1/posts/{}", post.id)));
    assert_eq!(body["topic_id"], topic.id.as_str());
    assert_eq!(body["body"], "They spin on **bearings**.");
    assert!(body["body_html"]
        .as_str()
        .is_some_and(|h| h.contains("<strong>bearings</strong>")));
    assert_eq!(body["author"]["username"], "ana");
    assert_eq!(body["as_brand"], false);
    assert_eq!(body["moderation_state"], "published");

    let row = post_row(&app, &post).await;
    assert_eq!(row.author_id, ana.id);
    assert_eq!(topic_row(&app, &topic.id).await.reply_count, 1);
    let html = page(&bob, &topic.path).await;
    assert!(post_anchors(&html).contains(&post.anchor()), "{html}");
}

#[tokio::test]
async fn comment_edit_and_delete_of_ones_own_post() {
    let (app, _) = widgets().await;
    let (_, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&bob, "widgets", "Which widget fits").await;
    let answer = reply(&app, &bob, &topic, "The blue one fits most.").await;
    let api = Api::new(
        &app,
        &token(&ana_browser, "posts:write topics:read", None).await,
    );

    let body = json_of(
        api.post(
            &format!("/posts/{}/comments", answer.id),
            json!({"body": "Even the large blue one?"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let comment = post_ref(&body);
    assert_eq!(body["parent_id"], answer.id.as_str());
    assert_eq!(
        post_row(&app, &comment)
            .await
            .parent_id
            .map(|p| p.to_string()),
        Some(answer.id.clone())
    );
    // A comment goes under a question or an answer, not under another comment.
    assert_problem(
        api.post(
            &format!("/posts/{}/comments", comment.id),
            json!({"body": "Nested?"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let body = json_of(
        api.call(
            Method::PATCH,
            &format!("/posts/{}", comment.id),
            Some(json!({"body": "Even the large blue one, with the lid?"})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["body"], "Even the large blue one, with the lid?");
    assert!(body["edited_at"].is_string(), "{body}");
    let row = post_row(&app, &comment).await;
    assert_eq!(row.body_markdown, "Even the large blue one, with the lid?");

    let response = api
        .call(Method::DELETE, &format!("/posts/{}", comment.id), None)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(post_row(&app, &comment).await.deleted_at.is_some());
    let bob_api = Api::new(&app, &token(&bob, "topics:read", None).await);
    assert_problem(
        bob_api.get(&format!("/posts/{}", comment.id)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn editing_or_deleting_someone_elses_post_is_403_and_changes_nothing() {
    let (app, _) = widgets().await;
    let (_, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&bob, "widgets", "Why are widgets round").await;
    let answer = reply(&app, &bob, &topic, "Because corners catch.").await;
    let api = Api::new(&app, &token(&ana_browser, "posts:write", None).await);

    assert_problem(
        api.call(
            Method::PATCH,
            &format!("/posts/{}", answer.id),
            Some(json!({"body": "Vandalised"})),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_problem(
        api.call(Method::DELETE, &format!("/posts/{}", answer.id), None)
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let row = post_row(&app, &answer).await;
    assert_eq!(row.body_markdown, "Because corners catch.");
    assert!(row.edited_at.is_none());
    assert!(row.deleted_at.is_none());
}

#[tokio::test]
async fn voting_twice_counts_once_zero_removes_the_vote_and_own_posts_are_403() {
    let (app, _) = widgets().await;
    let (_, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&bob, "widgets", "Best widget oil").await;
    let answer = reply(&app, &bob, &topic, "Light machine oil.").await;
    let own = reply(&app, &ana_browser, &topic, "Olive oil, surely.").await;
    let api = Api::new(&app, &token(&ana_browser, "posts:write", None).await);
    let path = format!("/posts/{}/vote", answer.id);

    for _ in 0..2 {
        let body = json_of(api.post(&path, json!({"value": 1})).await, StatusCode::OK).await;
        assert_eq!(body["score"], 1, "{body}");
    }
    assert_eq!(post_row(&app, &answer).await.score, 1);
    assert_eq!(vote_rows(&app, &answer).await, 1);

    let body = json_of(api.post(&path, json!({"value": -1})).await, StatusCode::OK).await;
    assert_eq!(body["score"], -1);
    let body = json_of(api.post(&path, json!({"value": 0})).await, StatusCode::OK).await;
    assert_eq!(body["score"], 0);
    assert_eq!(post_row(&app, &answer).await.score, 0);

    assert_problem(
        api.post(&path, json!({"value": 2})).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    assert_problem(
        api.post(&format!("/posts/{}/vote", own.id), json!({"value": 1}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(post_row(&app, &answer).await.score, 0);
    assert_eq!(post_row(&app, &own).await.score, 0);
}

#[tokio::test]
async fn the_asker_accepts_and_unaccepts_an_answer_and_anyone_else_gets_403() {
    let (app, _) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&ana, "widgets", "Where to buy widgets").await;
    let answer = reply(&app, &bob, &topic, "At the widget shop.").await;
    let asker = Api::new(&app, &token(&ana, "answers:accept", None).await);
    let other = Api::new(&app, &token(&bob, "answers:accept", None).await);
    let accept = format!("/posts/{}/accept", answer.id);

    assert_problem(
        other.call(Method::POST, &accept, None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(accepted_answer(&app, &topic).await, None);

    let body = json_of(
        asker.call(Method::POST, &accept, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["accepted"], true);
    assert_eq!(accepted_answer(&app, &topic).await, Some(answer.id.clone()));

    assert_problem(
        other.call(Method::DELETE, &accept, None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(accepted_answer(&app, &topic).await, Some(answer.id.clone()));

    let body = json_of(
        asker.call(Method::DELETE, &accept, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["accepted"], false);
    assert_eq!(accepted_answer(&app, &topic).await, None);
}

#[tokio::test]
async fn answering_as_the_brand_takes_an_employee() {
    let (app, _) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, eve) = employee(&app, "eve").await;
    let topic = ask(&ana, "widgets", "Is there a warranty").await;
    let path = format!("/topics/{}/posts", topic.id);
    let brand = json!({"body": "Yes, two years.", "as_brand": true});

    let member_api = Api::new(&app, &token(&ana, "posts:write", None).await);
    assert_problem(
        member_api.post(&path, brand.clone()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(post_count(&app, &topic).await, 1);
    assert!(!topic_row(&app, &topic.id).await.official_reply);

    let employee_api = Api::new(&app, &token(&eve, "posts:write", None).await);
    let body = json_of(employee_api.post(&path, brand).await, StatusCode::CREATED).await;
    assert_eq!(body["as_brand"], true);
    assert!(post_row(&app, &post_ref(&body)).await.as_brand);
    assert!(topic_row(&app, &topic.id).await.official_reply);
}

#[tokio::test]
async fn each_scope_is_refused_without_it_and_nothing_changes() {
    let (app, _) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&ana, "widgets", "Can widgets fly").await;
    let answer = reply(&app, &bob, &topic, "Only with wings.").await;
    let own = reply(&app, &ana, &topic, "I will try wings.").await;
    // Every scope but the one each route needs.
    let without_posts_write = Api::new(
        &app,
        &token(
            &ana,
            "topics:read answers:accept moderation:read users:read",
            None,
        )
        .await,
    );
    let without_accept = Api::new(&app, &token(&ana, "posts:write topics:read", None).await);

    let refused = [
        (
            Method::POST,
            format!("/topics/{}/posts", topic.id),
            Some(json!({"body": "A reply"})),
        ),
        (
            Method::POST,
            format!("/posts/{}/comments", answer.id),
            Some(json!({"body": "A comment"})),
        ),
        (
            Method::PATCH,
            format!("/posts/{}", own.id),
            Some(json!({"body": "Edited"})),
        ),
        (Method::DELETE, format!("/posts/{}", own.id), None),
        (
            Method::POST,
            format!("/posts/{}/vote", answer.id),
            Some(json!({"value": 1})),
        ),
        (
            Method::POST,
            format!("/posts/{}/flags", answer.id),
            Some(json!({"reason": "spam"})),
        ),
    ];
    for (method, path, body) in refused {
        assert_problem(
            without_posts_write.call(method, &path, body).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    let accept = format!("/posts/{}/accept", answer.id);
    for method in [Method::POST, Method::DELETE] {
        assert_problem(
            without_accept.call(method, &accept, None).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }

    assert_eq!(post_count(&app, &topic).await, 3);
    let own_row = post_row(&app, &own).await;
    assert_eq!(own_row.body_markdown, "I will try wings.");
    assert!(own_row.deleted_at.is_none());
    assert_eq!(post_row(&app, &answer).await.score, 0);
    assert_eq!(vote_rows(&app, &answer).await, 0);
    assert!(all_review_items(&app).await.is_empty());
    assert_eq!(accepted_answer(&app, &topic).await, None);
}

#[tokio::test]
async fn a_revoked_token_is_401_and_posts_nothing() {
    let (app, _) = widgets().await;
    let (ana, browser) = member(&app, "ana").await;
    let topic = ask(&browser, "widgets", "Widget colours").await;
    let secret = token(&browser, "posts:write", None).await;
    let hash = hash_token(&secret);
    let row: ApiToken = db(&app, move |conn| {
        Ok(api_tokens::table
            .filter(api_tokens::token_hash.eq(hash))
            .select(ApiToken::as_select())
            .first(conn)?)
    })
    .await;
    assert_eq!(row.user_id, ana.id);
    let response = browser
        .post_form(&format!("/settings/tokens/{}/revoke", row.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let api = Api::new(&app, &secret);
    assert_problem(
        api.post(
            &format!("/topics/{}/posts", topic.id),
            json!({"body": "Still here?"}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "sign_in_required",
    )
    .await;
    assert_eq!(post_count(&app, &topic).await, 1);
}

#[tokio::test]
async fn malformed_json_unknown_fields_and_wrong_types_are_400_and_change_nothing() {
    let (app, _) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&bob, "widgets", "Widget sizes").await;
    let answer = reply(&app, &bob, &topic, "Small, medium, large.").await;
    let api = Api::new(&app, &token(&ana, "posts:write", None).await);
    let reply_path = format!("/topics/{}/posts", topic.id);
    let vote_path = format!("/posts/{}/vote", answer.id);
    let json = "application/json";

    for (path, content_type, body) in [
        (&reply_path, json, "{\"body\": "),
        (&reply_path, json, "{\"body\": \"Hi\", \"pinned\": true}"),
        (&reply_path, json, "{\"body\": 5}"),
        (
            &reply_path,
            json,
            "{\"body\": \"Hi\", \"as_brand\": \"yes\"}",
        ),
        (&reply_path, "text/plain", "{\"body\": \"Hi\"}"),
        (&vote_path, json, "{\"value\": \"up\"}"),
        (&vote_path, json, "{\"value\": 1, \"weight\": 9}"),
    ] {
        assert_problem(
            api.raw(Method::POST, path, content_type, body).await,
            StatusCode::BAD_REQUEST,
            "bad_request",
        )
        .await;
    }
    assert_eq!(post_count(&app, &topic).await, 2);
    assert_eq!(vote_rows(&app, &answer).await, 0);
}

#[tokio::test]
async fn a_token_limited_to_one_sub_community_gets_404_for_posts_in_another() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let in_widgets = ask(&bob, "widgets", "Widget question").await;
    let in_gadgets = ask(&bob, "gadgets", "Gadget question").await;
    let gadget_answer = reply(&app, &bob, &in_gadgets, "A gadget answer.").await;
    let api = Api::new(
        &app,
        &token(&ana, "posts:write topics:read", Some("widgets")).await,
    );

    json_of(
        api.post(
            &format!("/topics/{}/posts", in_widgets.id),
            json!({"body": "Fine here."}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_problem(
        api.post(
            &format!("/topics/{}/posts", in_gadgets.id),
            json!({"body": "Not here."}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    for (method, path, body) in [
        (Method::GET, format!("/posts/{}", gadget_answer.id), None),
        (
            Method::POST,
            format!("/posts/{}/vote", gadget_answer.id),
            Some(json!({"value": 1})),
        ),
        (
            Method::POST,
            format!("/posts/{}/comments", gadget_answer.id),
            Some(json!({"body": "Not here either."})),
        ),
        (
            Method::POST,
            format!("/posts/{}/flags", gadget_answer.id),
            Some(json!({"reason": "spam"})),
        ),
    ] {
        assert_problem(
            api.call(method, &path, body).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    assert_eq!(post_count(&app, &in_gadgets).await, 2);
    assert_eq!(vote_rows(&app, &gadget_answer).await, 0);
    assert!(all_review_items(&app).await.is_empty());
}

#[tokio::test]
async fn flagging_opens_a_review_item_once_and_ones_own_post_is_403() {
    let (app, _) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&bob, "widgets", "Cheap widgets here").await;
    let spam = reply(&app, &bob, &topic, "Buy widgets at my shop.").await;
    let own = reply(&app, &ana, &topic, "Is this allowed?").await;
    let api = Api::new(&app, &token(&ana, "posts:write", None).await);
    let path = format!("/posts/{}/flags", spam.id);

    assert_problem(
        api.post(&path, json!({"reason": "other"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(all_review_items(&app).await.is_empty());
    for _ in 0..2 {
        let response = api
            .post(&path, json!({"reason": "spam", "note": "An advert"}))
            .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }
    let items = all_review_items(&app).await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].post_id, PostId::parse(&spam.id).expect("id"));
    assert_eq!(
        post_row(&app, &spam).await.moderation_state,
        ModerationState::Published
    );

    assert_problem(
        api.post(
            &format!("/posts/{}/flags", own.id),
            json!({"reason": "spam"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(all_review_items(&app).await.len(), 1);
}
