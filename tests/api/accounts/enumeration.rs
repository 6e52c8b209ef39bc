//! No account enumeration: sign-up, sign-in and password reset answer the same for
//! known and unknown accounts.

use reqwest::StatusCode;

use super::{
    field_error, find_user, link_in, set_cookie_header, sign_up, user_count, what_page_is_this,
    PASSWORD,
};
use crate::helpers::fixtures::wait_mails_to;
use crate::helpers::{assert_see_other, location, spawn_app, UserBuilder, SESSION_COOKIE};

#[tokio::test]
async fn signup_with_a_known_email_looks_like_a_new_signup_and_warns_the_owner() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;

    let fresh = sign_up(&app.new_client(), "bob", "bob@example.com", PASSWORD).await;
    let known = sign_up(&app.new_client(), "anagram", "ANA@example.com", PASSWORD).await;
    assert_eq!(fresh.status(), known.status());
    assert_eq!(location(&fresh), location(&known));
    assert_eq!(
        location(&known).as_deref(),
        Some("/login?notice=check_email")
    );
    assert_eq!(
        set_cookie_header(&fresh, SESSION_COOKIE),
        set_cookie_header(&known, SESSION_COOKIE)
    );
    let (fresh_body, known_body) = (
        fresh.bytes().await.expect("body"),
        known.bytes().await.expect("body"),
    );
    assert_eq!(fresh_body, known_body);

    assert!(
        find_user(&app, "anagram").await.is_none(),
        "a second account for ana's address"
    );
    assert_eq!(user_count(&app).await, 2);

    let to_ana = wait_mails_to(&app, &ana.email, 1).await;
    assert!(
        to_ana[0].subject().contains("Sign-up attempt"),
        "subject: {:?}",
        to_ana[0].subject()
    );
    // It offers a way back into the account: the page where a reset link is requested
    // (not a reset token, which would void one the owner already asked for).
    let reset_link = link_in(&app, &to_ana[0], "/password/reset");
    assert_eq!(reset_link, format!("{}/password/reset", app.address));
    let (status, _) = app.get_html(&reset_link).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the reset page in the notice is not there"
    );
    let to_bob = wait_mails_to(&app, "bob@example.com", 1).await;
    assert!(to_bob[0].subject().contains("Confirm"));
    let confirm_prefix = format!("{}/confirm/", app.address);
    assert!(
        app.mail
            .messages_to(&ana.email)
            .iter()
            .all(|m| m.first_link_with(&confirm_prefix).is_none()),
        "the existing owner was sent a confirmation link"
    );
}

#[tokio::test]
async fn sign_in_failure_is_the_same_for_unknown_account_and_wrong_password() {
    let app = spawn_app().await;
    UserBuilder::new("ana").build(&app).await;

    let mut errors = Vec::new();
    for (login, password) in [
        ("nobody", PASSWORD),
        ("ana", "wrong password entirely"),
        ("nobody@example.com", PASSWORD),
        ("ana@example.com", "wrong password entirely"),
    ] {
        let client = app.new_client();
        let response = client.login(login, password).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "sign-in as {login:?}"
        );
        assert!(client.session_cookie().is_none());
        let html = response.text().await.expect("body");
        errors.push(field_error(&html, "login").unwrap_or_else(|| {
            panic!(
                "no error next to the login field for {login:?}: {}",
                what_page_is_this(&html)
            )
        }));
    }
    assert!(
        errors
            .iter()
            .all(|e| e == "Incorrect username, email or password."),
        "sign-in errors differ or say too much: {errors:?}"
    );
}

#[tokio::test]
async fn password_reset_request_answers_the_same_for_known_and_unknown_addresses() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;

    let unknown = app
        .new_client()
        .post_form("/password/reset", &[("email", "nobody@example.com")])
        .await;
    let known = app
        .new_client()
        .post_form("/password/reset", &[("email", &ana.email)])
        .await;
    assert_eq!(unknown.status(), known.status());
    assert_eq!(location(&unknown), location(&known));
    assert_see_other(&known, "/login?notice=reset_sent");
    assert_eq!(
        unknown.bytes().await.expect("body"),
        known.bytes().await.expect("body")
    );

    // The unknown address's request came first, so had it caused mail it would be here.
    let mails = wait_mails_to(&app, &ana.email, 1).await;
    assert!(
        mails[0].subject().contains("Reset"),
        "{:?}",
        mails[0].subject()
    );
    assert_eq!(
        app.mail.messages().len(),
        1,
        "only the known address gets mail"
    );
    assert!(app.mail.messages_to("nobody@example.com").is_empty());
}
