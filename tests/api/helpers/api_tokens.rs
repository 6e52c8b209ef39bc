//! API tokens for tests that call `/api/v1` as someone: made through the settings form,
//! as a member does it.

use reqwest::StatusCode;

use super::{html_attr, TestClient};

/// A personal token of the browser's member with `scopes` (`["webhooks:manage"]`);
/// returns its secret.
pub async fn personal_token(browser: &TestClient, scopes: &[&str]) -> String {
    let mut fields = vec![("name", "test token"), ("expires_days", "30")];
    fields.extend(scopes.iter().map(|s| ("scopes", *s)));
    let response = browser.post_form("/settings/tokens", &fields).await;
    assert_eq!(response.status(), StatusCode::OK, "creating a token");
    let html = response.text().await.expect("body");
    html_attr(&html, "input#token-secret", "value")
        .pop()
        .unwrap_or_else(|| panic!("no secret on the result page:\n{html}"))
}
