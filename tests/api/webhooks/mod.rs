//! Webhooks end to end: subscriptions over the API and the admin pages, events written
//! with the changes, and delivered to a real HTTP receiver started by the test, whose
//! signatures are checked with the `standardwebhooks` crate (an independent
//! implementation of the spec). Retries are driven by the app's manual clock.
//!
//! `delivery`: what arrives, when and how often; `subscriptions`: managing them (API,
//! admin pages, refusals); `events`: each event type and who may receive it.

mod delivery;
mod editing;
mod events;
mod subscriptions;

use diesel::prelude::*;
use parley::db::schema::webhook_deliveries;
use parley::db::DeliveryStatus;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, LOCATION};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::helpers::api_client::token as make_token;
use crate::helpers::fixtures::{admin_client, db, wait_until};
use crate::helpers::webhook_receiver::{Received, Receiver};
use crate::helpers::{spawn_app_with, CommunityBuilder, TestApp, TestClient};

pub(super) const VALID_CARD: &str = "4111 1111 1111 1111";

/// An app whose webhooks may reach the test's receivers on 127.0.0.1.
pub(super) async fn hooks_app() -> TestApp {
    spawn_app_with(|s| {
        s.webhooks.allow_hosts = "127.0.0.1".into();
        s.webhooks.poll_interval_ms = 25;
    })
    .await
}

/// Calls `/api/v1` with a bearer token.
pub(super) struct Api<'a> {
    pub app: &'a TestApp,
    pub token: String,
}

impl Api<'_> {
    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Response {
        let mut request = self
            .app
            .http
            .request(method, self.app.url(path))
            .header(AUTHORIZATION, format!("Bearer {}", self.token));
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("API request")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.expect("JSON")
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    /// `POST /api/v1/webhooks`; asserts 201 and returns the subscription.
    pub async fn subscribe(&self, url: &str, events: &[&str], community: Option<&str>) -> Value {
        let mut body = json!({ "url": url, "events": events });
        if let Some(c) = community {
            body["community"] = json!(c);
        }
        let response = self.post("/api/v1/webhooks", body).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let location = response.headers().get(LOCATION).cloned();
        let sub: Value = response.json().await.expect("JSON");
        assert_eq!(
            location.and_then(|l| l.to_str().ok().map(str::to_string)),
            Some(format!("/api/v1/webhooks/{}", sub["id"].as_str().unwrap()))
        );
        sub
    }

    pub async fn deliveries(&self, sub: &Value) -> Vec<Value> {
        let page = self
            .get_json(&format!(
                "/api/v1/webhooks/{}/deliveries?limit=100",
                sub["id"].as_str().unwrap()
            ))
            .await;
        page["items"].as_array().unwrap().clone()
    }
}

/// An app, its admin (browser and a `webhooks:manage` token) and the public `widgets`.
pub(super) async fn scene() -> (TestApp, TestClient, String) {
    let app = hooks_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let token = make_token(&admin, &["webhooks:manage"], None).await;
    (app, admin, token)
}

pub(super) async fn wait_for(receiver: &Receiver, kind: &str, n: usize) -> Vec<Received> {
    wait_until(&format!("{n} {kind} request(s) arrive"), || async {
        let got = receiver.of_type(kind);
        (got.len() >= n).then_some(got)
    })
    .await
}

/// Waits until no delivery is pending (every event was sent, skipped or failed).
pub(super) async fn wait_until_settled(app: &TestApp) {
    wait_until("no delivery is pending", || async {
        let pending: i64 = db(app, |conn| {
            Ok(webhook_deliveries::table
                .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending))
                .count()
                .get_result(conn)?)
        })
        .await;
        (pending == 0).then_some(())
    })
    .await
}

pub(super) async fn problem(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(
        response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
    let body: Value = response.json().await.expect("problem JSON");
    assert_eq!(body["code"], code, "{body}");
    body
}
