//! The `/api/v1` contract across its parts, over real HTTP on both databases: a retried
//! create with the same `Idempotency-Key` makes one topic; a session cookie never
//! authorises an API write; anonymous reads see what a signed-out visitor sees.

use reqwest::header::AUTHORIZATION;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::api_client::{problem, token, Api};
use crate::helpers::forum_fixtures::{member, topic_count, widgets};
use crate::helpers::{CommunityBuilder, TopicBuilder};

const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

#[tokio::test]
async fn an_idempotency_key_replay_creates_one_topic() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let secret = token(&ana, &["topics:read", "topics:write"], None).await;
    let http = reqwest::Client::new();
    let body = json!({"community": "widgets", "kind": "question",
                      "title": "Does the hub need a reset after an update?", "body": "It blinks."});
    let before = topic_count(&app).await;

    let send = |body: Value| {
        http.post(app.url("/api/v1/topics"))
            .header(AUTHORIZATION, format!("Bearer {secret}"))
            .header(IDEMPOTENCY_KEY, "7c1d5a52-4e0b-4d59-9d1c-2f0a1b9e6f11")
            .json(&body)
            .send()
    };
    let first = send(body.clone()).await.expect("first POST");
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.expect("JSON");

    let again = send(body.clone()).await.expect("second POST");
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(
        again
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    let again: Value = again.json().await.expect("JSON");
    assert_eq!(
        again["id"], first["id"],
        "the replay answers the same topic"
    );
    assert_eq!(topic_count(&app).await, before + 1, "one topic, not two");

    // The same key with another body is refused, and creates nothing either.
    let mut other = body.clone();
    other["title"] = json!("A different question altogether");
    let reused = send(other).await.expect("third POST");
    problem(
        reused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
    assert_eq!(topic_count(&app).await, before + 1);

    // Without a key, each request is its own.
    let api = Api::new(&app, &secret);
    let response = api.post("/topics", body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(topic_count(&app).await, before + 2);
}

#[tokio::test]
async fn a_session_cookie_never_authorises_an_api_write() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let before = topic_count(&app).await;
    let body = json!({"community": "widgets", "kind": "discussion",
                      "title": "Posted with a cookie only", "body": "Should not work."});

    // Same origin, with a valid CSRF token: the cookie is still not a credential here.
    let csrf = ana.csrf_token().await;
    let response = ana
        .http
        .post(ana.url("/api/v1/topics"))
        .header(crate::helpers::CSRF_HEADER, csrf)
        .json(&body)
        .send()
        .await
        .expect("POST");
    problem(response, StatusCode::UNAUTHORIZED, "sign_in_required").await;

    // From another origin: refused before anything runs.
    let response = ana
        .http
        .post(ana.url("/api/v1/topics"))
        .header("Origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .expect("POST");
    assert!(
        response.status() == StatusCode::FORBIDDEN || response.status() == StatusCode::UNAUTHORIZED,
        "{}",
        response.status()
    );
    assert_eq!(topic_count(&app).await, before, "nothing was created");
}

#[tokio::test]
async fn anonymous_reads_see_what_a_signed_out_visitor_sees() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("inner-circle")
        .visibility(parley::db::Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let public = TopicBuilder::question("Which battery does the remote take?")
        .in_("widgets")
        .by(&admin)
        .build(&app)
        .await
        .id;
    let private = TopicBuilder::discussion("Roadmap for next year")
        .in_("inner-circle")
        .by(&admin)
        .build(&app)
        .await
        .id;
    let http = reqwest::Client::new();
    let get = |path: String| http.get(app.url(&path)).send();

    let response = get(format!("/api/v1/topics/{public}")).await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    let topic: Value = response.json().await.expect("JSON");
    assert_eq!(topic["title"], "Which battery does the remote take?");

    let response = get(format!("/api/v1/topics/{private}")).await.expect("GET");
    problem(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = get("/api/v1/communities/inner-circle".into())
        .await
        .expect("GET");
    problem(response, StatusCode::NOT_FOUND, "not_found").await;
    let listed: Value = get("/api/v1/communities".into())
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON");
    let slugs: Vec<&str> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|c| c["slug"].as_str())
        .collect();
    assert!(slugs.contains(&"widgets"), "{slugs:?}");
    assert!(!slugs.contains(&"inner-circle"), "{slugs:?}");
    let all: Value = get("/api/v1/topics?limit=100".into())
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON");
    let titles: Vec<&str> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|t| t["title"].as_str())
        .collect();
    assert!(titles.contains(&"Which battery does the remote take?"));
    assert!(!titles.contains(&"Roadmap for next year"), "{titles:?}");

    // Anything beyond public reads needs a token.
    let response = get("/api/v1/notifications".into()).await.expect("GET");
    problem(response, StatusCode::UNAUTHORIZED, "sign_in_required").await;
}

#[tokio::test]
async fn demoting_a_tokens_owner_takes_effect_on_the_next_call() {
    let (app, admin) = widgets().await;
    let (_, mia) = member(&app, "mia").await;
    crate::helpers::grant_role(
        &admin,
        "widgets",
        "mia",
        parley::db::CommunityRole::Moderator,
    )
    .await;
    let api = Api::new(&app, &token(&mia, &["moderation:read"], None).await);

    // Twice, so the second answer comes from the caller cache.
    for _ in 0..2 {
        let response = api.get("/moderation/queue").await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    crate::helpers::grant_role(&admin, "widgets", "mia", parley::db::CommunityRole::Member).await;
    let response = api.get("/moderation/queue").await;
    problem(response, StatusCode::FORBIDDEN, "forbidden").await;
}
