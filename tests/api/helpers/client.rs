//! A cookie-keeping HTTP client that never follows redirects and handles CSRF the way
//! the app's forms do: the `csrf_token` form field (or `x-csrf-token` header) repeats
//! the `parley_csrf` cookie.

use std::sync::Arc;

use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{HeaderMap, LOCATION};
use reqwest::redirect::Policy;
use reqwest::{Response, StatusCode};

pub const CSRF_COOKIE: &str = "parley_csrf";
pub const CSRF_FIELD: &str = "csrf_token";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const SESSION_COOKIE: &str = "parley_session";

/// One browser: its own cookie jar against one running app.
#[derive(Clone)]
pub struct TestClient {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub address: String,
    /// The underlying client, for requests the helpers below do not cover.
    pub http: reqwest::Client,
    jar: Arc<Jar>,
    base: reqwest::Url,
}

impl TestClient {
    pub fn new(address: &str) -> TestClient {
        let jar = Arc::new(Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(Policy::none())
            .build()
            .expect("build reqwest client");
        let base = reqwest::Url::parse(address).expect("app address is a URL");
        TestClient {
            address: address.trim_end_matches('/').to_string(),
            http,
            jar,
            base,
        }
    }

    /// `path` relative to the app (`/login`), or an absolute URL left as it is.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_string()
        } else {
            format!("{}{}", self.address, path)
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        let url = self.url(path);
        self.http
            .get(&url)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {url} failed: {e}"))
    }

    /// GET and read the body as text.
    pub async fn get_html(&self, path: &str) -> (StatusCode, String) {
        let response = self.get(path).await;
        let status = response.status();
        (status, response.text().await.expect("read response body"))
    }

    /// POST a form with `csrf_token` added from the cookie (fetching `/` first if this
    /// client has no CSRF cookie yet).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push((CSRF_FIELD, token.as_str()));
        self.post_form_without_csrf(path, &all).await
    }

    /// POST a form exactly as given: no CSRF token is added.
    pub async fn post_form_without_csrf(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let url = self.url(path);
        self.http
            .post(&url)
            .form(fields)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {url} failed: {e}"))
    }

    /// POST JSON with the CSRF token in the `x-csrf-token` header, as fetch clients do.
    pub async fn post_json<T: serde::Serialize + ?Sized>(&self, path: &str, body: &T) -> Response {
        let token = self.csrf_token().await;
        let url = self.url(path);
        self.http
            .post(&url)
            .header(CSRF_HEADER, token)
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {url} failed: {e}"))
    }

    /// The value of the `parley_csrf` cookie, fetching `/` first when there is none yet.
    pub async fn csrf_token(&self) -> String {
        if let Some(token) = self.cookie(CSRF_COOKIE) {
            return token;
        }
        let response = self.get("/").await;
        let status = response.status();
        self.cookie(CSRF_COOKIE)
            .unwrap_or_else(|| panic!("GET / ({status}) did not set the {CSRF_COOKIE} cookie"))
    }

    /// A cookie this client would send to the app's root, if any.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.jar.cookies(&self.base)?;
        let header = header.to_str().ok()?.to_string();
        header.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
    }

    /// The `parley_session` cookie, if this client is signed in (or was).
    pub fn session_cookie(&self) -> Option<String> {
        self.cookie(SESSION_COOKIE)
    }

    /// `POST /login`; a successful sign-in answers 303.
    pub async fn login(&self, login: &str, password: &str) -> Response {
        self.post_form("/login", &[("login", login), ("password", password)])
            .await
    }
}

/// The `Location` header of a response (a redirect), if any.
pub fn location(response: &Response) -> Option<String> {
    header_location(response.headers())
}

fn header_location(headers: &HeaderMap) -> Option<String> {
    headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Asserts a 303 See Other whose `Location` is `expected` (a path, or the same path
/// behind the app's address) and returns the location.
#[track_caller]
pub fn assert_see_other(response: &Response, expected: &str) -> String {
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "expected 303 to {expected} from {}",
        response.url()
    );
    let location = location(response).expect("303 without a Location header");
    let path = match reqwest::Url::parse(&location) {
        Ok(u) => format!(
            "{}{}",
            u.path(),
            u.query().map(|q| format!("?{q}")).unwrap_or_default()
        ),
        Err(_) => location.clone(),
    };
    assert!(
        location == expected || path == expected,
        "expected a redirect to {expected}, got {location}"
    );
    location
}
