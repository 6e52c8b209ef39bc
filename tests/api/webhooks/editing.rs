//! Changing a subscription's URL, events and sub-community (admin page and API): checked
//! as on creation, nothing changed on bad input, the secret kept, and the next delivery
//! sent to the new receiver.

use diesel::prelude::*;
use parley::db::schema::audit_log;
use reqwest::StatusCode;
use serde_json::json;

use super::{problem, scene, wait_for, Api};
use crate::helpers::api_client::token as make_token;
use crate::helpers::fixtures::db;
use crate::helpers::webhook_receiver::Receiver;
use crate::helpers::{html_attr, CommunityBuilder, TopicBuilder, UserBuilder};

async fn updates_on_record(app: &crate::helpers::TestApp) -> Vec<String> {
    db(app, |conn| {
        Ok(audit_log::table
            .filter(audit_log::action.eq("webhook.update"))
            .select(audit_log::details)
            .load::<String>(conn)?)
    })
    .await
}

#[tokio::test]
async fn an_admin_edits_a_webhook_and_the_next_event_reaches_the_new_url_signed_as_before() {
    let (app, admin, token) = scene().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let api = Api { app: &app, token };
    let (first, second) = (Receiver::start().await, Receiver::start().await);
    let response = admin
        .post_form(
            "/admin/webhooks",
            &[
                ("url", &first.url()),
                ("events", "post.created"),
                ("community", "widgets"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let secret = html_attr(
        &response.text().await.unwrap(),
        "input#webhook-secret",
        "value",
    )
    .pop()
    .expect("secret shown");
    let id = api.get_json("/api/v1/webhooks").await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    // The form shows what is stored.
    let (status, form) = admin.get_html(&format!("/admin/webhooks/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_attr(&form, "input#f-url", "value"), vec![first.url()]);
    assert_eq!(
        html_attr(&form, "input[name=events][checked]", "value"),
        vec!["post.created"]
    );
    assert_eq!(
        html_attr(&form, "select#community option[selected]", "value"),
        vec!["widgets"]
    );

    // Bad input: 422 with the errors, and nothing changed.
    let response = admin
        .post_form(
            &format!("/admin/webhooks/{id}/edit"),
            &[("url", "http://169.254.169.254/latest"), ("community", "")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("events-error"), "{html}");
    let stored = api.get_json(&format!("/api/v1/webhooks/{id}")).await;
    assert_eq!(stored["url"], first.url());
    assert_eq!(stored["events"], json!(["post.created"]));
    assert!(updates_on_record(&app).await.is_empty());

    // A good change: another receiver, another event, every sub-community.
    let response = admin
        .post_form(
            &format!("/admin/webhooks/{id}/edit"),
            &[
                ("url", &second.url()),
                ("events", "topic.created"),
                ("community", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let stored = api.get_json(&format!("/api/v1/webhooks/{id}")).await;
    assert_eq!(stored["url"], second.url());
    assert_eq!(stored["events"], json!(["topic.created"]));
    assert_eq!(stored["community"], json!(null));
    let (_, detail) = admin.get_html(&format!("/admin/webhooks/{id}")).await;
    assert!(detail.contains(&second.url()), "{detail}");
    assert_eq!(
        updates_on_record(&app).await,
        vec![format!("{} [topic.created]", second.url())]
    );

    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    TopicBuilder::discussion("Pairing two gadgets")
        .in_("gadgets")
        .by(&ana)
        .build(&app)
        .await;
    let got = wait_for(&second, "topic.created", 1).await;
    assert!(got[0].verifies_with(&secret), "the secret did not change");
    assert!(first.of_type("topic.created").is_empty());

    // The form's errors in the admin's language.
    admin
        .get_html(&format!("/admin/webhooks/{id}/edit?lang=fr"))
        .await;
    let response = admin
        .post_form(
            &format!("/admin/webhooks/{id}/edit"),
            &[("url", "ftp://crm.example.com/hooks"), ("community", "")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("Choisissez au moins un événement."), "{html}");
    assert!(html.contains("L'URL doit commencer par https://"), "{html}");
}

#[tokio::test]
async fn the_api_replaces_a_subscription_and_refuses_bad_input_and_other_callers() {
    let (app, admin, token) = scene().await;
    let api = Api { app: &app, token };
    let receiver = Receiver::start().await;
    let sub = api
        .subscribe(&receiver.url(), &["topic.created"], Some("widgets"))
        .await;
    let path = format!("/api/v1/webhooks/{}", sub["id"].as_str().unwrap());

    let response = api
        .send(
            reqwest::Method::PUT,
            &path,
            Some(json!({ "url": receiver.url(), "events": ["post.created", "answer.accepted"] })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let changed: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        changed["events"],
        json!(["post.created", "answer.accepted"])
    );
    assert_eq!(changed["community"], json!(null));
    assert!(
        changed.get("secret").is_none_or(|s| s.is_null()),
        "{changed}"
    );

    for bad in [
        json!({ "url": receiver.url(), "events": ["nope"] }),
        json!({ "url": receiver.url(), "events": [] }),
        json!({ "url": "http://10.0.0.7/hook", "events": ["topic.created"] }),
        json!({ "url": receiver.url(), "events": ["topic.created"], "community": "nowhere" }),
    ] {
        let response = api
            .send(reqwest::Method::PUT, &path, Some(bad.clone()))
            .await;
        problem(response, StatusCode::BAD_REQUEST, "bad_request").await;
        assert_eq!(
            api.get_json(&path).await["events"],
            changed["events"],
            "{bad}"
        );
    }

    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    let member = Api {
        app: &app,
        token: make_token(&ana, &["webhooks:manage"], None).await,
    };
    let response = member
        .send(
            reqwest::Method::PUT,
            &path,
            Some(json!({ "url": receiver.url(), "events": ["topic.created"] })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = admin
        .get(&format!("/admin/webhooks/{}/edit", "0".repeat(26)))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.get_json(&path).await["events"], changed["events"]);
}
