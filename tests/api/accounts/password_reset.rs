//! Password reset: the link sets a new password once, within the hour, and what
//! voids it (a newer request, an email change; not someone else's sign-up).

use reqwest::StatusCode;

use super::{
    assert_signed_out, link_in, request_reset_link, session_count, sign_up, signed_in_as,
    INVALID_LINK, NEW_PASSWORD, PASSWORD,
};
use crate::helpers::fixtures::{path_of, request_password_reset, wait_mails_to};
use crate::helpers::{assert_see_other, form_field, html_attr, spawn_app, UserBuilder};

// ---------------------------------------------------------------------------------------
// Password reset
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn password_reset_link_sets_a_new_password_and_ends_every_session() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let old_browser = app.signed_in_client(&ana).await;

    let link = request_reset_link(&app, "ANA@example.com", 1).await;
    let mail = &app.mail.messages_to(&ana.email)[0];
    assert!(mail.subject().contains("Reset"), "{:?}", mail.subject());
    assert_eq!(
        mail.content_types(),
        vec!["multipart/alternative", "text/plain", "text/html"]
    );

    let browser = app.new_client();
    let (status, html) = browser.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(form_field(&html, "password").as_deref(), Some(""));
    assert_eq!(
        html_attr(&html, "main form", "action"),
        vec![path_of(&app, &link)]
    );

    let response = browser
        .post_form(&link, &[("password", NEW_PASSWORD)])
        .await;
    assert_see_other(&response, "/login?notice=password_reset");

    assert_signed_out(&old_browser, "a session from before the reset").await;
    assert_eq!(session_count(&app, &ana.id).await, 0);
    assert_eq!(
        app.new_client().login("ana", &ana.password).await.status(),
        StatusCode::UNAUTHORIZED,
        "the old password still works"
    );
    let response = browser.login("ana", NEW_PASSWORD).await;
    assert_see_other(&response, "/");
    assert_eq!(signed_in_as(&browser).await.as_deref(), Some("ana"));
}

#[tokio::test]
async fn password_reset_link_works_only_once() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let link = request_reset_link(&app, &ana.email, 1).await;
    let browser = app.new_client();

    let response = browser
        .post_form(&link, &[("password", NEW_PASSWORD)])
        .await;
    assert_see_other(&response, "/login?notice=password_reset");

    let (status, _) = browser.get_html(&link).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a used reset link still shows its form"
    );
    let response = browser
        .post_form(&link, &[("password", "yet another passphrase")])
        .await;
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "a reset link worked twice"
    );
    let body = response.text().await.expect("body");
    assert!(body.contains(INVALID_LINK), "{body}");

    assert_eq!(
        app.new_client()
            .login("ana", "yet another passphrase")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.new_client().login("ana", NEW_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn password_reset_link_expires_after_an_hour() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let bob = UserBuilder::new("bob").build(&app).await;
    let ana_link = request_reset_link(&app, &ana.email, 1).await;
    let bob_link = request_reset_link(&app, &bob.email, 1).await;
    let browser = app.new_client();

    app.clock.advance_secs(59 * 60);
    let response = browser
        .post_form(&ana_link, &[("password", NEW_PASSWORD)])
        .await;
    assert_see_other(&response, "/login?notice=password_reset");

    app.clock.advance_secs(2 * 60); // 61 minutes after the request
    let (status, _) = browser.get_html(&bob_link).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "an expired reset link shows its form"
    );
    let response = browser
        .post_form(&bob_link, &[("password", NEW_PASSWORD)])
        .await;
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "an expired reset link worked"
    );
    assert_eq!(
        app.new_client().login("bob", &bob.password).await.status(),
        StatusCode::SEE_OTHER,
        "bob's password changed through an expired link"
    );
}

#[tokio::test]
async fn new_password_reset_request_voids_the_earlier_link() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let first = request_reset_link(&app, &ana.email, 1).await;
    let second = request_reset_link(&app, &ana.email, 2).await;
    assert_ne!(first, second);
    let browser = app.new_client();

    let response = browser
        .post_form(&first, &[("password", NEW_PASSWORD)])
        .await;
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "the first reset link still works after a second request"
    );
    let response = browser
        .post_form(&second, &[("password", NEW_PASSWORD)])
        .await;
    assert_see_other(&response, "/login?notice=password_reset");
    assert_eq!(
        app.new_client().login("ana", NEW_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

// ---------------------------------------------------------------------------------------
// What voids a reset link
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_signup_attempt_with_someones_address_does_not_void_their_reset_link() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    request_password_reset(&app, &ana.email).await;
    let reset = link_in(
        &app,
        &wait_mails_to(&app, &ana.email, 1).await[0],
        "/password/reset/",
    );

    // A stranger tries to sign up with ana's address.
    sign_up(&app.new_client(), "mallory", &ana.email, PASSWORD).await;
    assert_eq!(wait_mails_to(&app, &ana.email, 2).await.len(), 2);

    let (status, _) = app.get_html(&path_of(&app, &reset)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "ana's reset link was voided by a stranger's sign-up"
    );
}

#[tokio::test]
async fn confirming_an_email_change_voids_reset_links_sent_to_the_old_address() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    request_password_reset(&app, &ana.email).await;
    let reset = link_in(
        &app,
        &wait_mails_to(&app, &ana.email, 1).await[0],
        "/password/reset/",
    );

    let response = browser
        .post_form(
            "/settings/email",
            &[
                ("email", "ana.new@example.com"),
                ("current_password", &ana.password),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let confirm = link_in(
        &app,
        &wait_mails_to(&app, "ana.new@example.com", 1).await[0],
        "/settings/email/confirm/",
    );
    let response = browser.post_form(&path_of(&app, &confirm), &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let (status, _) = app.get_html(&path_of(&app, &reset)).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a reset link sent to the old address still works"
    );
}
