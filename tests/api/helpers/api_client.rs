//! Calling `/api/v1` as an integration does: a personal token made on `/settings/tokens`
//! as a member would, a cookie-less client that sends it as `Authorization: Bearer`,
//! lists walked by their `next` links, and the checks API clients make on answers (an
//! RFC 9457 problem, a JSON body with a status).
//!
//! Paths are relative to `/api/v1` (`/topics/…`), or absolute (`/api/v1/…`, or a full
//! URL such as a `next` link).

use reqwest::header::{CONTENT_TYPE, LINK};
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;

use super::{html_attr, TestApp, TestClient};

/// Scopes as a test writes them: `"a b"` or `&["a", "b"]`.
pub trait ScopeList {
    fn scopes(&self) -> Vec<&str>;
}

impl ScopeList for &str {
    fn scopes(&self) -> Vec<&str> {
        self.split_whitespace().collect()
    }
}

impl<const N: usize> ScopeList for &[&str; N] {
    fn scopes(&self) -> Vec<&str> {
        self.to_vec()
    }
}

impl ScopeList for &[&str] {
    fn scopes(&self) -> Vec<&str> {
        self.to_vec()
    }
}

/// Creates a personal token on `/settings/tokens` for the signed-in `browser`, with
/// `scopes` and optionally limited to the sub-community `community`; returns its secret.
pub async fn token(
    browser: &TestClient,
    scopes: impl ScopeList,
    community: Option<&str>,
) -> String {
    let mut fields = vec![("name", "integration")];
    fields.extend(scopes.scopes().into_iter().map(|s| ("scopes", s)));
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

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else if path.starts_with("/api/") {
            format!("{}{path}", self.address)
        } else {
            format!("{}/api/v1{path}", self.address)
        }
    }

    /// `method path` with `body` as the raw request body and `content_type`.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: impl Into<String>,
    ) -> Response {
        let url = self.url(path);
        self.http
            .request(method.clone(), &url)
            .bearer_auth(&self.secret)
            .header(CONTENT_TYPE, content_type)
            .body(body.into())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {url}: {e}"))
    }

    /// `method path` with a JSON body, or none.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        let url = self.url(path);
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

    pub async fn send(&self, method: Method, path: &str, body: &Value) -> Response {
        self.call(method, path, Some(body.clone())).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn get(&self, path: &str) -> Response {
        self.call(Method::GET, path, None).await
    }

    /// The JSON of a `GET` that must answer 200.
    pub async fn json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.expect("JSON")
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
    body
}

/// Asserts an RFC 9457 problem with `status` and `code`.
pub async fn assert_problem(response: Response, status: StatusCode, code: &str) {
    problem(response, status, code).await;
}

/// The JSON of a response with `status`.
pub async fn json_of(response: Response, status: StatusCode) -> Value {
    let url = response.url().to_string();
    let got = response.status();
    let text = response.text().await.expect("body");
    assert_eq!(got, status, "{url}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: {e}: {text}"))
}
