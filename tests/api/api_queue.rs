//! The employees' queue over `/api/v1`: `GET /queue` answers what `/queue` shows (open
//! questions in the covered sub-communities, oldest first, with the same filters), and
//! claiming, releasing and assigning through the API change what it answers.

use parley::db::Visibility;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::api_client::{assert_problem, json_of, token, Api};
use crate::helpers::forum_fixtures::*;
use crate::helpers::CommunityBuilder;

fn titles(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["title"].as_str().expect("title").to_string())
        .collect()
}

#[tokio::test]
async fn the_queue_lists_open_questions_and_follows_claims_and_assignments() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    employee(&app, "eli").await;
    let first = ask(&ana, "widgets", "The hub blinks red").await;
    app.clock.advance_secs(60);
    let second = ask(&ana, "widgets", "The hub hums at night").await;
    app.clock.advance_secs(60);
    ask(&admin, "vault", "Vault question erin cannot see").await;
    let api = Api::new(&app, &token(&erin, "topics:read topics:write", None).await);
    let customer = Api::new(&app, &token(&ana, "topics:read topics:write", None).await);

    let page = json_of(api.get("/queue").await, StatusCode::OK).await;
    assert_eq!(
        titles(&page),
        vec!["The hub blinks red", "The hub hums at night"],
        "oldest first, nothing from a place erin does not cover"
    );
    assert_eq!(page["items"][0]["claimed_by"], Value::Null);
    assert_eq!(page["items"][0]["community"], "widgets");
    assert_eq!(page["next"], Value::Null);
    assert_problem(
        customer.get("/queue").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // Unknown filter values are refused, naming the parameter.
    for bad in [
        "/queue?who=everyone",
        "/queue?state=solved",
        "/queue?c=vault",
        "/queue?cursor=zz",
    ] {
        assert_problem(api.get(bad).await, StatusCode::BAD_REQUEST, "bad_request").await;
    }

    // Claim the first, assign the second to eli.
    let r = api
        .post(&format!("/topics/{}/claim", first.id), json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = api
        .post(
            &format!("/topics/{}/assign", second.id),
            json!({"username": "eli"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_problem(
        api.post(
            &format!("/topics/{}/assign", second.id),
            json!({"username": "ana"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_problem(
        customer
            .post(&format!("/topics/{}/claim", first.id), json!({}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let mine = json_of(api.get("/queue?who=mine").await, StatusCode::OK).await;
    assert_eq!(titles(&mine), vec!["The hub blinks red"]);
    assert_eq!(mine["items"][0]["claimed_by"], "erin");
    let all = json_of(
        api.get("/queue?c=widgets&state=unanswered").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(all["items"][1]["claimed_by"], "eli");
    let nobody = json_of(api.get("/queue?who=nobody").await, StatusCode::OK).await;
    assert_eq!(titles(&nobody), Vec::<String>::new());

    // Released: nobody's again.
    let r = api
        .call(
            reqwest::Method::DELETE,
            &format!("/topics/{}/claim", first.id),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let nobody = json_of(api.get("/queue?who=nobody").await, StatusCode::OK).await;
    assert_eq!(titles(&nobody), vec!["The hub blinks red"]);
    assert!(topic_row(&app, &first.id).await.claimed_by.is_none());
}
