//! The sign-in popup: `/embed/v1/signin` → login → "Continue as …?" → one-time code →
//! `/embed/v1/session/code`; and the first-party cookie session.

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use super::sites::embeddable;
use crate::helpers::fixtures::admin_client;
use crate::helpers::forum_fixtures::member;
use crate::helpers::{html_attr, location, spawn_app, CommunityBuilder, TestApp, TestClient};

fn coop(response: &Response) -> Option<String> {
    response
        .headers()
        .get("cross-origin-opener-policy")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

async fn redeem(app: &TestApp, code: &str, community: &str) -> Response {
    reqwest::Client::new()
        .post(format!("{}/embed/v1/session/code", app.address))
        .header("origin", app.address.as_str())
        .json(&json!({"code": code, "community": community}))
        .send()
        .await
        .expect("POST code")
}

/// Confirms "Continue as …" and returns the one-time code from the redirect.
async fn code_for(browser: &TestClient) -> String {
    let response = browser
        .post_form("/embed/v1/signin", &[("community", "widgets")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(coop(&response).as_deref(), Some("unsafe-none"));
    let to = location(&response).expect("redirect");
    let code = to
        .split_once("/embed/v1/signin/done?code=")
        .map(|(_, c)| c.to_string())
        .unwrap_or_else(|| panic!("unexpected redirect {to}"));
    let done = browser.get(&to).await;
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(coop(&done).as_deref(), Some("unsafe-none"));
    let html = done.text().await.expect("body");
    assert_eq!(
        html_attr(&html, "#parley-code", "data-code"),
        vec![code.clone()]
    );
    assert!(
        html.contains("/assets/embed/popup.js"),
        "the popup's script"
    );
    assert!(html.contains("return to the page"));
    code
}

#[tokio::test]
async fn signed_out_popup_goes_to_login_and_comes_back() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    embeddable(&app, &admin, "widgets").await;
    let browser = app.new_client();
    let response = browser.get("/embed/v1/signin?community=widgets").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(coop(&response).as_deref(), Some("unsafe-none"));
    let to = location(&response).expect("redirect");
    assert_eq!(
        to,
        "/login?next=%2Fembed%2Fv1%2Fsignin%3Fcommunity%3Dwidgets"
    );
    let login = browser.get(&to).await;
    assert_eq!(login.status(), StatusCode::OK);
    assert_eq!(
        coop(&login).as_deref(),
        Some("unsafe-none"),
        "the login page keeps the opener"
    );
    let signup = browser
        .get("/signup?next=%2Fembed%2Fv1%2Fsignin%3Fcommunity%3Dwidgets")
        .await;
    assert_eq!(signup.status(), StatusCode::OK);
    assert_eq!(coop(&signup).as_deref(), Some("unsafe-none"));
    // Any other login page keeps the strict policy.
    let plain = browser.get("/login").await;
    assert_eq!(coop(&plain).as_deref(), Some("same-origin"));

    let (ana, _) = member(&app, "ana").await;
    let response = browser
        .post_form(
            "/login",
            &[
                ("login", "ana"),
                ("password", &ana.password),
                ("next", "/embed/v1/signin?community=widgets"),
            ],
        )
        .await;
    assert_eq!(
        location(&response).as_deref(),
        Some("/embed/v1/signin?community=widgets")
    );
    assert_eq!(coop(&response).as_deref(), Some("unsafe-none"));
    let page = browser.get("/embed/v1/signin?community=widgets").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(coop(&page).as_deref(), Some("unsafe-none"));
    let html = page.text().await.expect("body");
    assert!(html.contains("Continue as ana on"), "{html}");

    // A sub-community that is not embeddable has no popup.
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let response = browser.get("/embed/v1/signin?community=gadgets").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn popup_code_is_single_use() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    embeddable(&app, &admin, "widgets").await;
    let (_, browser) = member(&app, "ana").await;
    let code = code_for(&browser).await;

    let response = redeem(&app, &code, "widgets").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert!(body["token"]
        .as_str()
        .is_some_and(|t| t.starts_with("parley_emb_")));
    assert_eq!(body["user"]["username"], "ana");

    let again = redeem(&app, &code, "widgets").await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    let body: Value = again.json().await.expect("problem");
    assert_eq!(body["code"], "invalid_code");
    let wrong = redeem(&app, &"0".repeat(64), "widgets").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn popup_code_expires_after_two_minutes() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    embeddable(&app, &admin, "widgets").await;
    let (_, browser) = member(&app, "ana").await;
    let code = code_for(&browser).await;
    app.clock.advance_secs(121);
    assert_eq!(
        redeem(&app, &code, "widgets").await.status(),
        StatusCode::UNAUTHORIZED
    );

    let fresh = code_for(&browser).await;
    app.clock.advance_secs(119);
    assert_eq!(
        redeem(&app, &fresh, "widgets").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn cookie_session_mints_for_the_signed_in_viewer_only() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    embeddable(&app, &admin, "widgets").await;
    let anonymous = app.new_client();
    let response = anonymous
        .post_json("/embed/v1/session", &json!({"community": "widgets"}))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    let (_, browser) = member(&app, "ana").await;
    let response = browser
        .post_json("/embed/v1/session", &json!({"community": "widgets"}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["user"]["username"], "ana");

    // Without the CSRF header, refused.
    let response = browser
        .http
        .post(browser.url("/embed/v1/session"))
        .json(&json!({"community": "widgets"}))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
