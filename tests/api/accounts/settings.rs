//! Changing the password and the email address from the account settings.

use reqwest::StatusCode;

use super::{
    assert_field_error, assert_signed_in, assert_signed_out, link_in, request_reset_link,
    session_count, signed_in_as, user, NEW_PASSWORD,
};
use crate::helpers::fixtures::{path_of, wait_mails_to};
use crate::helpers::{assert_see_other, html_attr, location, spawn_app, UserBuilder};

#[tokio::test]
async fn change_password_with_wrong_current_password_changes_nothing() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let other = app.signed_in_client(&ana).await;
    let hash_before = user(&app, "ana").await.password_hash;

    let response = browser
        .post_form(
            "/settings/password",
            &[
                ("current_password", "not my password"),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert_field_error(&html, "current_password", "not your current password");

    assert_eq!(user(&app, "ana").await.password_hash, hash_before);
    assert_signed_in(&browser, "the browser that tried").await;
    assert_signed_in(&other, "ana's other browser").await;
    assert_eq!(
        app.new_client().login("ana", NEW_PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.new_client().login("ana", &ana.password).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn change_password_signs_out_other_sessions_and_keeps_this_one() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let other = app.signed_in_client(&ana).await;
    let cookie_before = browser.session_cookie();

    let response = browser
        .post_form(
            "/settings/password",
            &[
                ("current_password", &ana.password),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_see_other(&response, "/settings/account?notice=password_changed");
    assert_ne!(
        browser.session_cookie(),
        cookie_before,
        "the session id should change with the password"
    );

    assert_signed_in(&browser, "the browser that changed the password").await;
    assert_signed_out(&other, "ana's other browser").await;
    assert_eq!(session_count(&app, &ana.id).await, 1);
    assert_eq!(
        app.new_client().login("ana", &ana.password).await.status(),
        StatusCode::UNAUTHORIZED,
        "the old password still works"
    );
    assert_eq!(
        app.new_client().login("ana", NEW_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn changing_the_password_voids_outstanding_reset_links() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let link = request_reset_link(&app, &ana.email, 1).await;
    let browser = app.signed_in_client(&ana).await;

    let response = browser
        .post_form(
            "/settings/password",
            &[
                ("current_password", &ana.password),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_see_other(&response, "/settings/account?notice=password_changed");

    let response = app
        .new_client()
        .post_form(&link, &[("password", "an attacker's passphrase")])
        .await;
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "a reset link from before the password change still works"
    );
    assert_eq!(
        app.new_client().login("ana", NEW_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn change_email_takes_effect_only_after_the_new_address_confirms() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let other = app.signed_in_client(&ana).await;
    let new_email = "ana.new@example.com";

    let response = browser
        .post_form(
            "/settings/email",
            &[("email", new_email), ("current_password", &ana.password)],
        )
        .await;
    assert_see_other(&response, "/settings/account?notice=email_change_sent");

    let to_new = wait_mails_to(&app, new_email, 1).await;
    let link = link_in(&app, &to_new[0], "/settings/email/confirm/");
    let to_old = wait_mails_to(&app, &ana.email, 1).await;
    assert!(
        to_old[0].subject().contains("being changed"),
        "{:?}",
        to_old[0].subject()
    );
    let confirm_prefix = format!("{}/settings/email/confirm/", app.address);
    assert!(
        to_old[0].first_link_with(&confirm_prefix).is_none(),
        "the old address was sent the confirmation link"
    );

    // Nothing has changed yet.
    assert_eq!(user(&app, "ana").await.email, ana.email);
    assert_signed_in(&other, "ana's other browser before the change").await;
    assert_eq!(
        app.new_client()
            .login(new_email, &ana.password)
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "the new address works before it was confirmed"
    );

    let (status, html) = browser.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html_attr(&html, "main form", "action"),
        vec![path_of(&app, &link)]
    );
    let response = browser.post_form(&link, &[]).await;
    assert_see_other(&response, "/login?notice=email_changed");

    assert_eq!(user(&app, "ana").await.email, new_email);
    assert_signed_out(&other, "ana's other browser after the change").await;
    assert_signed_out(&browser, "the browser that confirmed").await;
    assert_eq!(session_count(&app, &ana.id).await, 0);
    assert_eq!(
        app.new_client()
            .login(&ana.email, &ana.password)
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "the old address still signs in"
    );
    let fresh = app.new_client();
    assert_see_other(&fresh.login(new_email, &ana.password).await, "/");
    assert_eq!(signed_in_as(&fresh).await.as_deref(), Some("ana"));

    let response = browser.post_form(&link, &[]).await;
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "the link worked twice"
    );
}

#[tokio::test]
async fn change_email_to_an_address_in_use_answers_the_same_and_changes_nothing() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let bob = UserBuilder::new("bob").build(&app).await;
    let browser = app.signed_in_client(&ana).await;

    let taken = browser
        .post_form(
            "/settings/email",
            &[
                ("email", "BOB@example.com"),
                ("current_password", &ana.password),
            ],
        )
        .await;
    let free = browser
        .post_form(
            "/settings/email",
            &[
                ("email", "ana.free@example.com"),
                ("current_password", &ana.password),
            ],
        )
        .await;
    assert_eq!(taken.status(), free.status());
    assert_eq!(location(&taken), location(&free));
    assert_see_other(&taken, "/settings/account?notice=email_change_sent");

    // The free address's mail was queued after the taken one's: once it is here, all is.
    wait_mails_to(&app, "ana.free@example.com", 1).await;
    let confirm_prefix = format!("{}/settings/email/confirm/", app.address);
    let to_bob = wait_mails_to(&app, &bob.email, 1).await;
    assert!(
        to_bob
            .iter()
            .all(|m| m.first_link_with(&confirm_prefix).is_none()),
        "the owner of the address was sent a link that would move it to ana"
    );
    assert_eq!(user(&app, "ana").await.email, ana.email);
    assert_eq!(user(&app, "bob").await.email, bob.email);
    assert_signed_in(&browser, "ana").await;
}
