//! The OpenAPI document against the routes the app really registers (`api::table`), the
//! committed copy `docs/openapi.json`, and the human reference at `/api/docs`.
//!
//! When a route is added, annotate its handler and list it in `ApiDoc`, then refresh the
//! committed copy with `cargo run -q -- openapi > docs/openapi.json`.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

fn document() -> Value {
    serde_json::from_str(&parley::api::openapi::json()).expect("the document is JSON")
}

/// (METHOD, /api/v1/path) of every documented operation.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            ops.insert((method.to_uppercase(), path.clone()));
        }
    }
    ops
}

#[test]
fn every_api_route_is_in_the_openapi_document_and_nothing_else_is() {
    let registered: BTreeSet<(String, String)> = parley::api::table()
        .into_iter()
        .map(|row| (row.method.to_string(), format!("/api/v1{}", row.path)))
        .collect();
    assert!(
        registered.len() >= 2,
        "the table is the routing table: {registered:?}"
    );
    let doc = document();
    let documented = documented(&doc);
    let missing: Vec<_> = registered.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "routes registered under /api/v1 but missing from the OpenAPI document \
         (add #[utoipa::path] and list the handler in ApiDoc): {missing:?}"
    );
    let extra: Vec<_> = documented.difference(&registered).collect();
    assert!(
        extra.is_empty(),
        "operations documented but not routed (a stale annotation?): {extra:?}"
    );
    assert_eq!(doc["openapi"].as_str().map(|v| &v[..3]), Some("3.1"));
}

#[test]
fn committed_openapi_copy_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let generated = parley::api::openapi::json();
    assert!(
        committed.trim_end() == generated.trim_end(),
        "docs/openapi.json is stale: refresh it with `cargo run -q -- openapi > docs/openapi.json`"
    );
}

#[tokio::test]
async fn the_document_and_its_reference_page_are_served_without_a_token() {
    let app = spawn_app().await;
    let response = app
        .http
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("GET openapi.json");
    assert_eq!(response.status(), StatusCode::OK);
    let served: Value = response.json().await.expect("JSON");
    assert_eq!(served, document());

    let response = app
        .http
        .get(app.url("/api/docs"))
        .send()
        .await
        .expect("GET /api/docs");
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("body");
    // Every documented operation is on the page, and nothing is loaded from elsewhere.
    for (method, path) in documented(&document()) {
        assert!(
            html.contains(&format!("{method} {path}")),
            "{method} {path} missing from /api/docs"
        );
    }
    assert!(!html.contains("https://"), "the page must work offline");
}
