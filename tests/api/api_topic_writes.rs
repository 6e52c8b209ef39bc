//! Topic writes (`POST /api/v1/topics`, `PATCH /api/v1/topics/{id}`), member profiles
//! and notifications over real HTTP with real tokens, on both databases: strict bodies,
//! the composer's and editor's permissions, held topics, marking read.

use parley::db::{CommunityRole, Visibility};
use reqwest::header::LOCATION;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::api_client::{ids, problem, titles, token, Api};
use crate::helpers::fixtures::admin_client;
use crate::helpers::forum_fixtures::{
    forum_app, member, reply, topic_count, topic_row, user_named, widgets,
};
use crate::helpers::{CommunityBuilder, TopicBuilder, UserBuilder};

#[tokio::test]
async fn creating_a_topic_answers_201_with_it_or_202_when_held() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = UserBuilder::new("erin").employee().signed_in(&app).await;
    let category =
        crate::helpers::forum_fixtures::create_category(&app, &admin, "widgets", "setup", "Setup")
            .await;
    let api = Api::new(
        &app,
        &token(&ana, &["topics:read", "topics:write"], None).await,
    );

    let response = api
        .send(
            reqwest::Method::POST,
            "/api/v1/topics",
            &json!({"community": "widgets", "kind": "question", "title": "How do I pair a widget?",
                    "body": "I tried **everything**.", "tags": ["pairing", "Setup"], "category": "setup"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("Location")
        .to_string();
    let created: Value = response.json().await.expect("JSON");
    assert_eq!(
        location,
        format!("/api/v1/topics/{}", created["id"].as_str().expect("id"))
    );
    assert_eq!(created["kind"], "question");
    assert_eq!(created["state"], "unanswered");
    assert_eq!(created["tags"], json!(["pairing", "setup"]));
    assert_eq!(created["category_id"], category.as_str());
    assert_eq!(created["moderation_state"], "published");
    assert_eq!(created["author"]["username"], "ana");
    let got = api.json(&location).await;
    assert_eq!(got["title"], "How do I pair a widget?");
    assert_eq!(
        got["posts"][0]["body_html"],
        "<p>I tried <strong>everything</strong>.</p>\n"
    );

    // Announcements are for staff of the sub-community.
    let before = topic_count(&app).await;
    let announce = json!({"community": "widgets", "kind": "announcement", "title": "Big news today", "body": "Read this."});
    problem(
        api.send(reqwest::Method::POST, "/api/v1/topics", &announce)
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(topic_count(&app).await, before);
    let staff = Api::new(&app, &token(&erin, &["topics:write"], None).await);
    let response = staff
        .send(reqwest::Method::POST, "/api/v1/topics", &announce)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    // A field the composer refuses is a 422 naming it.
    let body = problem(
        api.send(
            reqwest::Method::POST,
            "/api/v1/topics",
            &json!({"community": "widgets", "kind": "discussion", "title": "", "body": "Some text."}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body.to_string().contains("title"), "{body}");

    // Held for review: 202, the topic, and nobody else sees it.
    let response = admin
        .post_form("/c/widgets/moderation", &[("hold_first_posts", "1")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, newbie) = member(&app, "newbie").await;
    let newbie = Api::new(
        &app,
        &token(&newbie, &["topics:read", "topics:write"], None).await,
    );
    let response = newbie
        .send(
            reqwest::Method::POST,
            "/api/v1/topics",
            &json!({"community": "widgets", "kind": "discussion", "title": "Hello from a newcomer", "body": "Nice to meet you all."}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let held: Value = response.json().await.expect("JSON");
    assert_eq!(held["moderation_state"], "held");
    let path = held["url"].as_str().expect("url");
    assert_eq!(newbie.json(path).await["moderation_state"], "held");
    problem(api.get(path).await, StatusCode::NOT_FOUND, "not_found").await;
    assert!(!titles(&api.walk("/api/v1/topics", 20).await)
        .contains(&"Hello from a newcomer".to_string()));
}

#[tokio::test]
async fn malformed_or_oversized_bodies_are_problems_and_create_nothing() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let api = Api::new(&app, &token(&ana, &["topics:write"], None).await);
    let before = topic_count(&app).await;
    let post = |content_type: &'static str, body: String| {
        let api = &api;
        async move {
            api.raw(reqwest::Method::POST, "/api/v1/topics", content_type, body)
                .await
        }
    };
    let json = "application/json";
    for body in [
        r#"{"community": "widgets", "kind": "discussion","#.to_string(),
        r#"{"community": "widgets", "kind": "discussion", "title": 5, "body": "Some text."}"#
            .to_string(),
        r#"{"community": "widgets", "kind": "discussion", "title": "A title", "body": "Text.", "as_brand": true}"#
            .to_string(),
        r#"{"kind": "discussion", "title": "A title", "body": "Text."}"#.to_string(),
    ] {
        problem(post(json, body).await, StatusCode::BAD_REQUEST, "bad_request").await;
    }
    let valid = r#"{"community": "widgets", "kind": "discussion", "title": "A title", "body": "Text here."}"#;
    problem(
        post("text/plain", valid.to_string()).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    let huge = format!(
        r#"{{"community": "widgets", "kind": "discussion", "title": "A title", "body": "{}"}}"#,
        "x".repeat(300 * 1024)
    );
    problem(
        post(json, huge).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
    assert_eq!(topic_count(&app).await, before);
}

#[tokio::test]
async fn editing_a_topic_goes_through_the_edit_service_and_its_permissions() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, mo) = UserBuilder::new("moe").signed_in(&app).await;
    crate::helpers::builders::grant_role(&admin, "widgets", "moe", CommunityRole::Moderator).await;
    let category =
        crate::helpers::forum_fixtures::create_category(&app, &admin, "widgets", "setup", "Setup")
            .await;
    let topic = TopicBuilder::question("First title")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let scopes = ["topics:read", "topics:write"];
    let ana = Api::new(&app, &token(&ana, &scopes, None).await);
    let bob = Api::new(&app, &token(&bob, &scopes, None).await);
    let mo = Api::new(&app, &token(&mo, &scopes, None).await);
    let path = format!("/api/v1/topics/{}", topic.id);

    let response = ana
        .send(
            reqwest::Method::PATCH,
            &path,
            &json!({"title": "A better title", "tags": ["pairing"], "body": "More details now."}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let edited: Value = response.json().await.expect("JSON");
    assert_eq!(edited["title"], "A better title");
    assert_eq!(edited["tags"], json!(["pairing"]));
    let got = ana.json(&path).await;
    assert_eq!(got["posts"][0]["body"], "More details now.");
    assert!(got["posts"][0]["edited_at"].is_string());

    // Someone else may not; the author may not move it; a moderator may.
    problem(
        bob.send(
            reqwest::Method::PATCH,
            &path,
            &json!({"title": "Hijacked title"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        ana.send(
            reqwest::Method::PATCH,
            &path,
            &json!({"category": "setup", "title": "Sneaky rename"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let row = topic_row(&app, &topic.id).await;
    assert_eq!(row.title, "A better title");
    assert_eq!(row.category_id, None);
    let response = mo
        .send(reqwest::Method::PATCH, &path, &json!({"category": "setup"}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let moved: Value = response.json().await.expect("JSON");
    assert_eq!(moved["category_id"], category.as_str());
    assert_eq!(moved["title"], "A better title");
    problem(
        ana.send(
            reqwest::Method::PATCH,
            &path,
            &json!({"tags": ["no spaces allowed!"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn profiles_and_notifications_over_the_api() {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let secret = CommunityBuilder::new("secret")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, ana) = UserBuilder::new("ana")
        .role_in(&secret, CommunityRole::Member)
        .signed_in(&app)
        .await;
    let (_, bob) = member(&app, "bob").await;
    let open = TopicBuilder::question("Ana's public question")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    TopicBuilder::question("Ana's secret question")
        .in_(&secret)
        .by(&ana)
        .build(&app)
        .await;
    for i in 0..3 {
        reply(&app, &bob, &open, &format!("Answer number {i} from Bob.")).await;
    }
    let ana_api = Api::new(
        &app,
        &token(
            &ana,
            &["users:read", "notifications:read", "notifications:write"],
            None,
        )
        .await,
    );
    let bob_api = Api::new(&app, &token(&bob, &["users:read"], None).await);

    let profile = bob_api.json("/api/v1/members/ana").await;
    assert_eq!(profile["username"], "ana");
    assert_eq!(
        titles(profile["topics"].as_array().expect("topics")),
        ["Ana's public question"]
    );
    assert!(profile.get("email").is_none(), "{profile}");
    let own = ana_api.json("/api/v1/members/ana").await;
    assert_eq!(own["topics"].as_array().map(Vec::len), Some(2));
    let bobs = ana_api.json("/api/v1/members/bob").await;
    assert_eq!(bobs["answers"].as_array().map(Vec::len), Some(3));
    problem(
        bob_api.get("/api/v1/members/nobody-here").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // A token limited to another sub-community hears nothing of these.
    let elsewhere = Api::new(
        &app,
        &token(&ana, &["notifications:read"], Some("secret")).await,
    );
    assert_eq!(
        elsewhere.json("/api/v1/notifications").await["items"],
        json!([])
    );
    let all = ana_api.walk("/api/v1/notifications", 2).await;
    assert_eq!(all.len(), 3, "{all:?}");
    let mut unique = ids(&all);
    unique.dedup();
    assert_eq!(unique.len(), 3);
    assert!(all.iter().all(|n| n["read"] == false));
    assert_eq!(all[0]["topic_id"], open.id.as_str());
    let response = ana_api
        .send(
            reqwest::Method::POST,
            "/api/v1/notifications/read",
            &json!({"ids": [all[0]["id"]]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(user_named(&app, "ana").await.unread_notifications, 2);
    let first = ana_api.json("/api/v1/notifications?limit=1").await;
    assert_eq!(first["items"][0]["read"], true);
    problem(
        ana_api
            .send(
                reqwest::Method::POST,
                "/api/v1/notifications/read",
                &json!({}),
            )
            .await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    let response = ana_api
        .send(
            reqwest::Method::POST,
            "/api/v1/notifications/read",
            &json!({"all": true}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(user_named(&app, "ana").await.unread_notifications, 0);
}
