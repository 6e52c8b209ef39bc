//! `GET /api/v1/search` and `GET /api/v1/search/similar`: the JSON shapes, anonymous
//! callers (public content only), a token limited to one sub-community, odd input.

use parley::db::CommunityRole;
use reqwest::StatusCode;
use serde_json::Value;

use super::page::ODD_QUERIES;
use super::{encode, log_rows, two_groups};
use crate::helpers::api_client::{assert_problem, token, Api};
use crate::helpers::forum_fixtures::member;
use crate::helpers::{grant_role, CommunityBuilder, TestApp, TopicBuilder};

async fn anonymous(app: &TestApp, path: &str) -> reqwest::Response {
    app.http
        .get(app.url(&format!("/api/v1{path}")))
        .send()
        .await
        .unwrap()
}

fn titles(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap_or_else(|| panic!("items: {v}"))
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn search_answers_results_with_ids_urls_badges_and_total() {
    let (app, admin, _, secret) = two_groups().await;
    let (_, ana) = member(&app, "ana").await;
    let t = TopicBuilder::question("Public rattles fix")
        .in_("widgets")
        .by(&ana)
        .tags("noise")
        .build(&app)
        .await;
    TopicBuilder::question("Hidden rattles plan")
        .in_(&secret)
        .by(&admin)
        .build(&app)
        .await;

    let r = anonymous(&app, &format!("/search?{}", encode("q", "rattles"))).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(titles(&body), vec!["Public rattles fix"], "{body}");
    assert_eq!(body["total"], 1);
    assert_eq!(body["next"], Value::Null);
    assert!(body["facets"].is_array());
    let hit = &body["items"][0];
    assert_eq!(hit["topic_id"], t.id.as_str());
    assert_eq!(hit["community"], "widgets");
    assert_eq!(hit["kind"], "question");
    assert_eq!(hit["state"], "unanswered");
    assert_eq!(hit["url"], format!("/api/v1/topics/{}", t.id));
    assert_eq!(hit["html_url"], format!("/t/{}", t.id));
    assert_eq!(hit["author"]["username"], "ana");
    assert_eq!(hit["tags"], serde_json::json!(["noise"]));
    for key in [
        "post_id",
        "snippet",
        "created_at",
        "accepted",
        "official",
        "wiki",
    ] {
        assert!(hit.get(key).is_some(), "{key} in {hit}");
    }
    let rows = log_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].source, "api");
    assert!(!rows[0].member);

    // Signed in through a token, a member of `secret` finds both.
    grant_role(&admin, &secret, "ana", CommunityRole::Member).await;
    let api = Api::new(&app, &token(&ana, "topics:read", None).await);
    let body = api
        .json(&format!("/search?{}", encode("q", "rattles")))
        .await;
    let mut found = titles(&body);
    found.sort();
    assert_eq!(found, vec!["Hidden rattles plan", "Public rattles fix"]);
}

#[tokio::test]
async fn odd_queries_answer_200_and_unknown_filter_values_400() {
    let (app, _, _, _) = two_groups().await;
    let long = "rattles ".repeat(1300);
    let mut queries: Vec<&str> = ODD_QUERIES.to_vec();
    queries.push(&long);
    for q in queries {
        for path in [
            format!("/search?{}", encode("q", q)),
            format!("/search/similar?{}", encode("q", q)),
        ] {
            let r = anonymous(&app, &path).await;
            assert_eq!(r.status(), StatusCode::OK, "{q:?}");
            let _: Value = r.json().await.expect("JSON");
        }
    }
    for (bad, code) in [
        ("kind=bogus", "bad_request"),
        ("state=closed", "bad_request"),
        ("sort=sideways", "bad_request"),
        ("from=2026-02-30", "bad_request"),
        ("limit=0", "bad_request"),
        ("limit=500", "bad_request"),
        ("cursor=nonsense", "bad_request"),
    ] {
        let r = anonymous(&app, &format!("/search?q=rattles&{bad}")).await;
        assert_problem(r, StatusCode::BAD_REQUEST, code).await;
    }
    // An unknown or invisible sub-community is the same as none.
    for c in ["secret", "nosuchgroup"] {
        let r = anonymous(&app, &format!("/search?q=rattles&c={c}")).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn a_token_limited_to_one_sub_community_searches_only_it() {
    let (app, admin, _, _) = two_groups().await;
    let gadgets = CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    TopicBuilder::question("Widget rattles when spinning fast")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    TopicBuilder::question("Gadget rattles when spinning fast")
        .in_(&gadgets)
        .by(&ana)
        .build(&app)
        .await;
    let unlimited = Api::new(&app, &token(&ana, "topics:read", None).await);
    let limited = Api::new(&app, &token(&ana, "topics:read", Some("gadgets")).await);
    let path = format!("/search?{}", encode("q", "rattles"));
    assert_eq!(titles(&unlimited.json(&path).await).len(), 2);
    assert_eq!(
        titles(&limited.json(&path).await),
        vec!["Gadget rattles when spinning fast"]
    );
    // A sub-community beyond the token's reach is no filter at all (as an unknown one).
    let narrowed = format!("{path}&c=widgets");
    assert_eq!(
        titles(&limited.json(&narrowed).await),
        vec!["Gadget rattles when spinning fast"]
    );

    let similar = format!("/search/similar?{}", encode("q", "rattles when spinning"));
    let items = limited.json(&similar).await;
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["title"], "Gadget rattles when spinning fast");

    // A token without topics:read is refused.
    let no_scope = Api::new(&app, &token(&ana, "users:read", None).await);
    assert_problem(
        no_scope.get(&path).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn similar_questions_for_anonymous_callers_return_the_original() {
    let (app, admin, _, secret) = two_groups().await;
    let (_, ana) = member(&app, "ana").await;
    let original = TopicBuilder::question("Widget rattles when spinning fast")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    TopicBuilder::question("Widget rattles when spinning slowly")
        .in_(&secret)
        .by(&admin)
        .build(&app)
        .await;
    let r = anonymous(
        &app,
        &format!(
            "/search/similar?{}&c=widgets",
            encode("q", "Widget rattles when spinning")
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let items: Vec<Value> = r.json().await.unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["id"], original.id.as_str());
    for key in ["title", "url", "state", "official", "solved"] {
        assert!(items[0].get(key).is_some(), "{key}");
    }
    let r = anonymous(
        &app,
        &format!(
            "/search/similar?{}",
            encode("q", "Widget rattles when spinning")
        ),
    )
    .await;
    let items: Vec<Value> = r.json().await.unwrap();
    assert_eq!(items.len(), 1, "nothing private: {items:?}");
}
