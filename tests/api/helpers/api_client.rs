//! Calling `/api/v1` as an integration does: a token made through `/settings/tokens`,
//! a plain HTTP client (no cookies) sending it as a bearer, lists walked by their `next`
//! links, and RFC 9457 problems checked as clients read them.

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, LINK};
use reqwest::{Response, StatusCode};
use serde_json::Value;

use super::{html_attr, TestApp, TestClient};

/// A token made through `/settings/tokens` by the signed-in `browser`.
pub async fn token(browser: &TestClient, scopes: &[&str], community: Option<&str>) -> String {
    let mut fields = vec![
        ("name", "integration"),
        ("community", community.unwrap_or("")),
    ];
    fields.extend(scopes.iter().map(|s| ("scopes", *s)));
    let response = browser.post_form("/settings/tokens", &fields).await;
    assert_eq!(response.status(), StatusCode::OK, "creating a token");
    let html = response.text().await.expect("body");
    html_attr(&html, "input#token-secret", "value")
        .pop()
        .unwrap_or_else(|| panic!("no secret on the result page:\n{html}"))
}

/// An API client: a plain HTTP client (no cookies) with a bearer token.
pub struct Api {
    base: String,
    secret: String,
    http: reqwest::Client,
}

impl Api {
    pub fn new(app: &TestApp, secret: &str) -> Api {
        Api {
            base: app.address.clone(),
            secret: secret.to_string(),
            http: reqwest::Client::new(),
        }
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .header(AUTHORIZATION, format!("Bearer {}", self.secret))
            .send()
            .await
            .expect("GET")
    }

    pub async fn json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.expect("JSON")
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: &Value) -> Response {
        self.raw(method, path, "application/json", body.to_string())
            .await
    }

    pub async fn raw(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: &str,
        body: String,
    ) -> Response {
        self.http
            .request(method, self.url(path))
            .header(AUTHORIZATION, format!("Bearer {}", self.secret))
            .header(CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await
            .expect("request")
    }

    /// Every item of a list, following `next` with `limit` per page; asserts each page
    /// but the last is full and carries a matching `Link` header.
    pub async fn walk(&self, path: &str, limit: usize) -> Vec<Value> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("{path}{sep}limit={limit}");
        let mut items = Vec::new();
        loop {
            let response = self.get(&url).await;
            assert_eq!(response.status(), StatusCode::OK, "GET {url}");
            let link = response
                .headers()
                .get(LINK)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let page: Value = response.json().await.expect("JSON");
            let got = page["items"].as_array().expect("items").clone();
            items.extend(got.iter().cloned());
            match page["next"].as_str() {
                Some(next) => {
                    assert!(got.len() >= limit, "a page before the last is full");
                    assert_eq!(link, Some(format!("<{next}>; rel=\"next\"")));
                    url = next.to_string();
                }
                None => {
                    assert!(link.is_none());
                    return items;
                }
            }
        }
    }
}

pub fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_string())
        .collect()
}

pub fn titles(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["title"].as_str().expect("title").to_string())
        .collect()
}

/// Asserts an RFC 9457 problem with `status` and `code`; returns its body.
pub async fn problem(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status);
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.expect("problem JSON");
    assert_eq!(body["code"], code, "{body}");
    body
}
