//! Managing subscriptions: the API, the admin pages, and what is refused.

use reqwest::header::CACHE_CONTROL;
use reqwest::StatusCode;
use serde_json::json;

use super::{problem, scene, wait_for, wait_until_settled, Api};
use crate::helpers::api_client::token as make_token;
use crate::helpers::fixtures::{admin_client, wait_until};
use crate::helpers::webhook_receiver::Receiver;
use crate::helpers::{html_attr, spawn_app_with, TopicBuilder, UserBuilder};

#[tokio::test]
async fn urls_to_loopback_private_or_metadata_addresses_are_refused_without_the_allowlist() {
    let app = spawn_app_with(|_| {}).await;
    let (_, admin) = admin_client(&app).await;
    let api = Api {
        app: &app,
        token: make_token(&admin, &["webhooks:manage"], None).await,
    };
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://10.0.0.7/hook",
        "http://localhost/hook",
        "ftp://example.com/hook",
    ] {
        let response = api
            .post(
                "/api/v1/webhooks",
                json!({ "url": url, "events": ["topic.created"] }),
            )
            .await;
        let body = problem(response, StatusCode::BAD_REQUEST, "bad_request").await;
        assert!(
            body["detail"].as_str().unwrap().contains("url"),
            "{url}: {body}"
        );
    }
    let response = admin
        .post_form(
            "/admin/webhooks",
            &[
                ("url", "http://169.254.169.254/latest"),
                ("events", "topic.created"),
                ("community", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("webhooks.allow_hosts"), "{html}");
    assert_eq!(api.get_json("/api/v1/webhooks").await["items"], json!([]));
}

#[tokio::test]
async fn managing_webhooks_needs_the_scope_and_an_admin_owner() {
    let (app, admin, _) = scene().await;
    let receiver = Receiver::start().await;
    let body = json!({ "url": receiver.url(), "events": ["topic.created"] });
    let unscoped = Api {
        app: &app,
        token: make_token(&admin, &["users:read"], None).await,
    };
    problem(
        unscoped.post("/api/v1/webhooks", body.clone()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        unscoped.get("/api/v1/webhooks").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    let member = Api {
        app: &app,
        token: make_token(&ana, &["webhooks:manage"], None).await,
    };
    problem(
        member.post("/api/v1/webhooks", body.clone()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        member.get("/api/v1/webhooks").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        ana.get("/admin/webhooks").await.status(),
        StatusCode::FORBIDDEN
    );

    // Unknown fields and events are refused too; nothing was stored.
    let manager = Api {
        app: &app,
        token: make_token(&admin, &["webhooks:manage"], None).await,
    };
    let mut extra = body.clone();
    extra["secret"] = json!("whsec_mine");
    problem(
        manager.post("/api/v1/webhooks", extra).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    let unknown = json!({ "url": receiver.url(), "events": ["topic.deleted"] });
    problem(
        manager.post("/api/v1/webhooks", unknown).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    assert_eq!(
        manager.get_json("/api/v1/webhooks").await["items"],
        json!([])
    );
}

#[tokio::test]
async fn admin_pages_create_show_the_secret_once_and_rotation_signs_with_both_secrets() {
    let (app, admin, token) = scene().await;
    let api = Api { app: &app, token };
    let (status, html) = admin.get_html("/admin/webhooks").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No webhooks yet"), "{html}");

    let receiver = Receiver::start().await;
    let response = admin
        .post_form(
            "/admin/webhooks",
            &[
                ("url", &receiver.url()),
                ("events", "topic.created"),
                ("events", "post.created"),
                ("community", "widgets"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get(CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let page = response.text().await.unwrap();
    let old = html_attr(&page, "input#webhook-secret", "value")
        .pop()
        .expect("secret shown");
    let sub = api.get_json("/api/v1/webhooks").await["items"][0].clone();
    assert_eq!(sub["community"], "widgets");
    let id = sub["id"].as_str().unwrap().to_string();
    let (_, detail) = admin.get_html(&format!("/admin/webhooks/{id}")).await;
    assert!(!detail.contains(&old), "the secret is not shown again");
    assert!(detail.contains("No deliveries yet"), "{detail}");

    let response = admin
        .post_form(&format!("/admin/webhooks/{id}/rotate"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    let new = html_attr(&page, "input#webhook-secret", "value")
        .pop()
        .expect("new secret shown");
    assert_ne!(old, new);

    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    TopicBuilder::discussion("Rotation day")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let got = wait_for(&receiver, "topic.created", 1).await;
    assert_eq!(got[0].header("webhook-signature").split(' ').count(), 2);
    assert!(got[0].verifies_with(&old), "the old secret still verifies");
    assert!(got[0].verifies_with(&new), "the new secret verifies");
    wait_until_settled(&app).await;
    let (_, detail) = admin.get_html(&format!("/admin/webhooks/{id}")).await;
    assert!(
        detail.contains("topic.created") && detail.contains("Redeliver"),
        "{detail}"
    );

    // A day later only the new secret signs.
    app.clock.advance_secs(86_400 + 60);
    TopicBuilder::discussion("The day after")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let got = wait_for(&receiver, "topic.created", 2).await;
    let r = &got[1];
    let signature = r.header("webhook-signature");
    assert_eq!(signature.split(' ').count(), 1, "{signature}");
    let ts: i64 = r.header("webhook-timestamp").parse().unwrap();
    let expected = standardwebhooks::Webhook::new(&new)
        .unwrap()
        .sign(&r.header("webhook-id"), ts, r.body.as_bytes())
        .unwrap();
    assert_eq!(signature, expected);

    // Disable, enable, delete.
    let response = admin
        .post_form(&format!("/admin/webhooks/{id}/disable"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        api.get_json(&format!("/api/v1/webhooks/{id}")).await["enabled"],
        false
    );
    admin
        .post_form(&format!("/admin/webhooks/{id}/enable"), &[])
        .await;
    assert_eq!(
        api.get_json(&format!("/api/v1/webhooks/{id}")).await["enabled"],
        true
    );
    let response = admin
        .post_form(&format!("/admin/webhooks/{id}/delete"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        api.get(&format!("/api/v1/webhooks/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_demo_shows_a_crm_subscription_with_a_delivery_log() {
    let app = spawn_app_with(|_| {}).await;
    let clock = app.clock.clone();
    let created = crate::helpers::fixtures::db(&app, move |conn| {
        Ok(parley::demo::load(conn, &clock, false)?.created)
    })
    .await;
    assert!(created);
    let ada = app.new_client();
    let response = ada.login("ada", parley::demo::DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (status, list) = ada.get_html("/admin/webhooks").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains(parley::webhooks::demo::DEMO_URL), "{list}");
    let link = html_attr(&list, "table a", "href")
        .into_iter()
        .find(|h| h.starts_with("/admin/webhooks/"))
        .expect("a link to the subscription");
    let (_, detail) = ada.get_html(&link).await;
    assert_eq!(
        html_attr(&detail, "form[action$='/redeliver']", "action").len(),
        3
    );
    assert!(
        detail.contains("503") && detail.contains("delivered"),
        "{detail}"
    );
}

#[tokio::test]
async fn delivery_time_checks_refuse_internal_addresses_a_subscription_was_not_checked_for() {
    // As if DNS changed after subscribing, or the row predates the check: the delivery
    // is refused at sending time and nothing reaches the internal address.
    let app = spawn_app_with(|s| s.webhooks.poll_interval_ms = 25).await;
    let (chief, admin) = admin_client(&app).await;
    crate::helpers::CommunityBuilder::new("widgets")
        .build(&app, &admin)
        .await;
    let api = Api {
        app: &app,
        token: make_token(&admin, &["webhooks:manage"], None).await,
    };
    let receiver = Receiver::start().await;
    let owner = chief.id.clone();
    let urls = [
        format!("http://localhost:{}/hooks", receiver.port),
        receiver.url(),
    ];
    crate::helpers::fixtures::db(&app, move |conn| {
        for url in &urls {
            let secret = parley::webhooks::sign::new_secret().unwrap();
            parley::db::models::webhooks::insert_subscription(
                conn,
                &parley::db::models::webhooks::NewSubscription {
                    id: &parley::db::WebhookId::new(),
                    owner_id: &owner,
                    url,
                    events: "topic.created",
                    community_id: None,
                    secret: &secret,
                    enabled: true,
                    created_at: parley::clock::Clock::System.now(),
                    team_id: None,
                },
            )?;
        }
        Ok(())
    })
    .await;
    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    TopicBuilder::discussion("Internal?")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let subs = api.get_json("/api/v1/webhooks").await["items"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(subs.len(), 2);
    for sub in &subs {
        let failed = wait_until("the attempt failed", || async {
            let d = api.deliveries(sub).await;
            d.first().filter(|d| d["attempts"] == 1).cloned()
        })
        .await;
        assert_eq!(failed["status"], "pending", "{failed}");
        let error = failed["last_error"].as_str().unwrap();
        assert!(error.contains("refused"), "{}: {error}", sub["url"]);
    }
    assert!(receiver.requests().is_empty());

    // The OpenAPI document lists the webhook routes.
    let doc = app.get("/api/v1/openapi.json").await.text().await.unwrap();
    for path in [
        "\"/api/v1/webhooks\"",
        "\"/api/v1/webhooks/{id}\"",
        "\"/api/v1/webhooks/{id}/deliveries\"",
        "\"/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver\"",
    ] {
        assert!(
            doc.contains(path),
            "{path} missing from the OpenAPI document"
        );
    }
}
