//! CSRF tokens and origins, and rate limits on sign-in, password reset and sign-up.

use reqwest::header::{ORIGIN, RETRY_AFTER};
use reqwest::{Response, StatusCode};

use super::{assert_signed_in, find_user, session_count, sign_up, user_count, PASSWORD};
use crate::helpers::fixtures::{request_password_reset, wait_mails_to};
use crate::helpers::{assert_see_other, spawn_app, spawn_app_with, UserBuilder, CSRF_FIELD};

#[track_caller]
fn assert_retry_after(response: &Response) -> u64 {
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let value = response
        .headers()
        .get(RETRY_AFTER)
        .expect("a 429 without a Retry-After header")
        .to_str()
        .expect("Retry-After is ASCII")
        .to_string();
    let secs: u64 = value
        .parse()
        .unwrap_or_else(|_| panic!("Retry-After is not a number of seconds: {value:?}"));
    assert!(secs >= 1, "Retry-After of {secs}s");
    secs
}

// ---------------------------------------------------------------------------------------
// CSRF
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn login_and_logout_without_csrf_token_are_refused() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;

    let visitor = app.new_client();
    visitor.csrf_token().await;
    let response = visitor
        .post_form_without_csrf("/login", &[("login", "ana"), ("password", &ana.password)])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(
        visitor.session_cookie().is_none(),
        "signed in without a CSRF token"
    );
    assert_eq!(session_count(&app, &ana.id).await, 0);

    let browser = app.signed_in_client(&ana).await;
    let cookie = browser.session_cookie();
    let response = browser.post_form_without_csrf("/logout", &[]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(browser.session_cookie(), cookie);
    assert_signed_in(&browser, "a browser whose token-less sign-out was refused").await;
}

#[tokio::test]
async fn login_and_logout_with_a_wrong_csrf_token_are_refused() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let someone_else = app.new_client();
    let foreign_token = someone_else.csrf_token().await;

    let visitor = app.new_client();
    let own_token = visitor.csrf_token().await;
    assert_ne!(own_token, foreign_token);
    for token in [foreign_token.as_str(), &"0".repeat(64), "short"] {
        let response = visitor
            .post_form_without_csrf(
                "/login",
                &[
                    ("login", "ana"),
                    ("password", &ana.password),
                    (CSRF_FIELD, token),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "token {token:?}");
        assert!(visitor.session_cookie().is_none());
    }

    let browser = app.signed_in_client(&ana).await;
    let response = browser
        .post_form_without_csrf("/logout", &[(CSRF_FIELD, foreign_token.as_str())])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_signed_in(&browser, "a browser whose forged sign-out was refused").await;
    assert_eq!(session_count(&app, &ana.id).await, 1);
}

#[tokio::test]
async fn posts_with_a_foreign_origin_are_refused() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let visitor = app.new_client();
    let token = visitor.csrf_token().await;

    let post_login = |origin: String| {
        let request = visitor
            .http
            .post(visitor.url("/login"))
            .header(ORIGIN, origin)
            .form(&[
                ("login", "ana"),
                ("password", ana.password.as_str()),
                (CSRF_FIELD, token.as_str()),
            ]);
        async move { request.send().await.expect("POST /login") }
    };
    let response = post_login("https://evil.example".into()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(
        visitor.session_cookie().is_none(),
        "signed in from a foreign origin"
    );
    let response = post_login(format!("http://evil.example:{}", app.port)).await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "same port, other host"
    );

    // Control: the app's own origin is fine.
    let response = post_login(app.address.clone()).await;
    assert_see_other(&response, "/");
    assert!(visitor.session_cookie().is_some());

    let response = visitor
        .http
        .post(visitor.url("/logout"))
        .header(ORIGIN, "https://evil.example")
        .form(&[(CSRF_FIELD, token.as_str())])
        .send()
        .await
        .expect("POST /logout");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_signed_in(&visitor, "a browser whose cross-site sign-out was refused").await;
}

// ---------------------------------------------------------------------------------------
// Rate limits
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn fourth_wrong_sign_in_within_a_minute_is_rate_limited_for_that_account() {
    let app = spawn_app_with(|s| s.rate_limits.signin_per_account_per_minute = 3).await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let bob = UserBuilder::new("bob").build(&app).await;

    for attempt in 1..=3 {
        let response = app.new_client().login("ana", "wrong password!").await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    let response = app.new_client().login("ana", "wrong password!").await;
    let wait = assert_retry_after(&response);
    assert!(wait <= 60, "a per-minute limit asks to wait {wait}s");
    // The limiter runs on the app's clock, which has not moved: three a minute is one
    // every 20 s, all three taken at once.
    assert_eq!(wait, 20);

    // The account is locked for the window whatever the spelling or password ...
    let client = app.new_client();
    assert_eq!(
        client.login("ANA", &ana.password).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert!(client.session_cookie().is_none());
    // ... while other accounts are not affected.
    assert_eq!(
        app.new_client().login("bob", &bob.password).await.status(),
        StatusCode::SEE_OTHER
    );

    // A second before the wait is over the account is still locked; at its end, one
    // more attempt is allowed.
    app.clock.advance_secs(19);
    let response = app.new_client().login("ana", &ana.password).await;
    assert_eq!(assert_retry_after(&response), 1);
    app.clock.advance_secs(1);
    assert_eq!(
        app.new_client().login("ana", &ana.password).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn password_reset_requests_are_rate_limited_per_account() {
    let app = spawn_app_with(|s| s.rate_limits.reset_per_account_per_hour = 2).await;
    let ana = UserBuilder::new("ana").build(&app).await;

    for _ in 0..2 {
        request_password_reset(&app.new_client(), &ana.email).await;
    }
    let response = app
        .new_client()
        .post_form("/password/reset", &[("email", "ANA@example.com")])
        .await;
    // Two an hour is one every 30 minutes on the app's clock, which has not moved.
    assert_eq!(assert_retry_after(&response), 1800);

    request_password_reset(&app.new_client(), "bob@example.com").await;
    assert_eq!(wait_mails_to(&app, &ana.email, 2).await.len(), 2);

    app.clock.advance_secs(1800);
    request_password_reset(&app.new_client(), &ana.email).await;
    assert_eq!(wait_mails_to(&app, &ana.email, 3).await.len(), 3);
}

#[tokio::test]
async fn signups_are_rate_limited_per_client_address() {
    let app = spawn_app_with(|s| s.rate_limits.signup_per_ip_per_hour = 2).await;

    for (name, email) in [("ana", "ana@example.com"), ("bob", "bob@example.com")] {
        let response = sign_up(&app.new_client(), name, email, PASSWORD).await;
        assert_see_other(&response, "/login?notice=check_email");
    }
    let response = sign_up(&app.new_client(), "cyd", "cyd@example.com", PASSWORD).await;
    // Two an hour is one every 30 minutes on the app's clock, which has not moved.
    assert_eq!(assert_retry_after(&response), 1800);
    assert_eq!(user_count(&app).await, 2);
    assert!(find_user(&app, "cyd").await.is_none());

    app.clock.advance_secs(1799);
    let response = sign_up(&app.new_client(), "cyd", "cyd@example.com", PASSWORD).await;
    assert_eq!(assert_retry_after(&response), 1);
    app.clock.advance_secs(1);
    let response = sign_up(&app.new_client(), "cyd", "cyd@example.com", PASSWORD).await;
    assert_see_other(&response, "/login?notice=check_email");
    assert_eq!(user_count(&app).await, 3);
}
