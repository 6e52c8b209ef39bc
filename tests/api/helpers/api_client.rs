//! An API client for tests: a personal token made on `/settings/tokens` as a member
//! would, a cookie-less client that sends it as `Authorization: Bearer`, and the checks
//! API clients make on answers (an RFC 9457 problem, a JSON body with a status).

use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;

use super::{html_attr, TestApp, TestClient};

/// Creates a personal token on `/settings/tokens` for the signed-in `browser`, with the
/// space-separated `scopes` and optionally limited to the sub-community `community`;
/// returns its secret.
pub async fn token(browser: &TestClient, scopes: &str, community: Option<&str>) -> String {
    let mut fields = vec![("name", "integration")];
    for scope in scopes.split_whitespace() {
        fields.push(("scopes", scope));
    }
    if let Some(slug) = community {
        fields.push(("community", slug));
    }
    let response = browser.post_form("/settings/tokens", &fields).await;
    assert_eq!(response.status(), StatusCode::OK, "creating a token");
    let html = response.text().await.expect("body");
    html_attr(&html, "input#token-secret", "value")
        .pop()
        .unwrap_or_else(|| panic!("no secret on the result page:\n{html}"))
}

/// A cookie-less API client acting with one token.
pub struct Api {
    address: String,
    secret: String,
    http: reqwest::Client,
}

impl Api {
    pub fn new(app: &TestApp, secret: &str) -> Api {
        Api {
            address: app.address.clone(),
            secret: secret.to_string(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
        }
    }

    /// `method /api/v1{path}` with `body` as the raw request body and `content_type`.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: &str,
    ) -> Response {
        let url = format!("{}/api/v1{path}", self.address);
        self.http
            .request(method.clone(), &url)
            .bearer_auth(&self.secret)
            .header(CONTENT_TYPE, content_type)
            .body(body.to_string())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {url}: {e}"))
    }

    /// `method /api/v1{path}` with a JSON body, or none.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        let url = format!("{}/api/v1{path}", self.address);
        let mut request = self
            .http
            .request(method.clone(), &url)
            .bearer_auth(&self.secret);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {url}: {e}"))
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn get(&self, path: &str) -> Response {
        self.call(Method::GET, path, None).await
    }
}

/// Asserts an RFC 9457 problem with `status` and `code`.
pub async fn assert_problem(response: Response, status: StatusCode, code: &str) {
    let url = response.url().to_string();
    assert_eq!(response.status(), status, "{url}");
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(content_type, "application/problem+json", "{url}");
    let body: Value = response.json().await.expect("problem JSON");
    assert_eq!(body["status"], status.as_u16(), "{url}: {body}");
    assert_eq!(body["code"], code, "{url}: {body}");
}

/// The JSON of a response with `status`.
pub async fn json_of(response: Response, status: StatusCode) -> Value {
    let url = response.url().to_string();
    let got = response.status();
    let text = response.text().await.expect("body");
    assert_eq!(got, status, "{url}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: {e}: {text}"))
}
