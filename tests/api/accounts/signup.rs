//! Sign-up: email confirmation, validation of the fields, employee domains and
//! concurrent sign-ups.

use futures_util::future::join_all;
use parley::db::SiteRole;
use reqwest::{Response, StatusCode};

use super::{
    assert_field_error, field_error, find_user, link_in, sign_up, signed_in_as, user, user_count,
    INVALID_LINK, PASSWORD,
};
use crate::helpers::fixtures::{path_of, wait_mails_to, SiteSettings};
use crate::helpers::{
    assert_see_other, form_field, html_attr, html_select, spawn_app, spawn_app_with, TestApp,
    UserBuilder,
};

/// Signs up `username` and returns the confirmation link mailed to `email`.
async fn sign_up_and_get_link(app: &TestApp, username: &str, email: &str) -> String {
    let response = sign_up(&app.new_client(), username, email, PASSWORD).await;
    assert_see_other(&response, "/login?notice=check_email");
    let mails = wait_mails_to(app, email, 1).await;
    link_in(app, mails.last().expect("a mail"), "/confirm/")
}

// ---------------------------------------------------------------------------------------
// Sign-up and email confirmation
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn signup_sends_confirmation_mail_and_link_confirms_the_address() {
    let app = spawn_app().await;
    let browser = app.new_client();

    let response = sign_up(&browser, "ana", "ana@example.com", PASSWORD).await;
    assert_see_other(&response, "/login?notice=check_email");
    assert!(
        browser.session_cookie().is_none(),
        "signing up must not sign in before the address is confirmed"
    );

    let mails = app.mail.wait_for(1).await;
    assert_eq!(mails.len(), 1, "one mail for one sign-up");
    let mail = &mails[0];
    assert_eq!(mail.to, vec!["ana@example.com".to_string()]);
    assert!(
        mail.subject().contains("Confirm"),
        "subject: {:?}",
        mail.subject()
    );
    assert_eq!(
        mail.content_types(),
        vec!["multipart/alternative", "text/plain", "text/html"]
    );
    let link = link_in(&app, mail, "/confirm/");
    let path = path_of(&app, &link);
    assert!(
        path.len() > "/confirm/".len() + 30,
        "token too short: {link}"
    );
    assert!(
        mail.html_body().contains(&link),
        "the HTML part lacks the link {link}:\n{}",
        mail.html_body()
    );

    let account = user(&app, "ana").await;
    assert!(account.email_confirmed_at.is_none());
    assert!(!account.is_employee);
    assert_eq!(account.role, SiteRole::Member);

    // An unconfirmed member may sign in and is reminded to confirm.
    assert_eq!(
        browser.login("ana", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let (status, html) = browser.get_html("/settings/account").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_select(&html, "#email .badge"), vec!["not confirmed"]);
    assert!(
        html_select(&html, "p.notice.warn")
            .iter()
            .any(|n| n.contains("Please confirm your email address")),
        "no reminder banner:\n{html}"
    );

    // The link shows a form that posts back to it; posting confirms.
    let (status, html) = browser.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_attr(&html, "main form", "action"), vec![path.clone()]);
    let response = browser.post_form(&link, &[]).await;
    assert_see_other(&response, "/?notice=email_confirmed");

    let (status, html) = browser.get_html("/settings/account").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_select(&html, "#email .badge"), vec!["confirmed"]);
    assert!(
        html_select(&html, "p.notice.warn").is_empty(),
        "the reminder is still shown after confirming:\n{html}"
    );
    assert!(user(&app, "ana").await.email_confirmed_at.is_some());
}

#[tokio::test]
async fn confirmation_link_works_only_once() {
    let app = spawn_app().await;
    let link = sign_up_and_get_link(&app, "ana", "ana@example.com").await;
    let visitor = app.new_client();

    let first = visitor.post_form(&link, &[]).await;
    assert_see_other(&first, "/login?notice=email_confirmed");
    let confirmed_at = user(&app, "ana").await.email_confirmed_at;
    assert!(confirmed_at.is_some());

    app.clock.advance_secs(60);
    let second = visitor.post_form(&link, &[]).await;
    assert_eq!(
        second.status(),
        StatusCode::BAD_REQUEST,
        "a used confirmation link must not work again"
    );
    let body = second.text().await.expect("body");
    assert!(body.contains(INVALID_LINK), "{body}");
    assert_eq!(
        user(&app, "ana").await.email_confirmed_at,
        confirmed_at,
        "the reused link changed the account"
    );
}

#[tokio::test]
async fn confirmation_link_expires_after_48_hours() {
    let app = spawn_app().await;
    let ana_link = sign_up_and_get_link(&app, "ana", "ana@example.com").await;
    let bob_link = sign_up_and_get_link(&app, "bob", "bob@example.com").await;
    let visitor = app.new_client();

    app.clock.advance_secs(47 * 3600);
    let response = visitor.post_form(&ana_link, &[]).await;
    assert_see_other(&response, "/login?notice=email_confirmed");
    assert!(user(&app, "ana").await.email_confirmed_at.is_some());

    app.clock.advance_secs(2 * 3600); // 49 hours after sign-up
    let response = visitor.post_form(&bob_link, &[]).await;
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "a 49-hour-old confirmation link must not work"
    );
    assert!(user(&app, "bob").await.email_confirmed_at.is_none());
}

#[tokio::test]
async fn resending_the_confirmation_mail_voids_the_earlier_link() {
    let app = spawn_app().await;
    let first_link = sign_up_and_get_link(&app, "ana", "ana@example.com").await;
    let browser = app.new_client();
    assert_eq!(
        browser.login("ana", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );

    let response = browser.post_form("/settings/email/resend", &[]).await;
    assert_see_other(&response, "/settings/account?notice=check_email");
    let mails = wait_mails_to(&app, "ana@example.com", 2).await;
    let second_link = link_in(&app, &mails[1], "/confirm/");
    assert_ne!(
        first_link, second_link,
        "the resent mail reuses the old token"
    );

    let response = browser.post_form(&first_link, &[]).await;
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "the first link must be void once a new one was sent"
    );
    assert!(user(&app, "ana").await.email_confirmed_at.is_none());

    let response = browser.post_form(&second_link, &[]).await;
    assert_see_other(&response, "/?notice=email_confirmed");
    assert!(user(&app, "ana").await.email_confirmed_at.is_some());
}

// ---------------------------------------------------------------------------------------
// Sign-up validation
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn signup_with_invalid_fields_answers_422_with_errors_next_to_fields_and_creates_nothing() {
    let app = spawn_app().await;

    let response = sign_up(&app, "a b", "not-an-email", "short").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert_field_error(&html, "username", "letters, digits");
    assert_field_error(&html, "email", "name@example.com");
    assert_field_error(&html, "password", "at least 8 characters");
    // What was typed is kept, except the password.
    assert_eq!(form_field(&html, "username").as_deref(), Some("a b"));
    assert_eq!(form_field(&html, "email").as_deref(), Some("not-an-email"));
    assert_eq!(form_field(&html, "password").as_deref(), Some(""));

    // One bad field: only that one is marked.
    let response = sign_up(&app, "ana", "ana@example.com", "short").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert_field_error(&html, "password", "at least 8 characters");
    assert_eq!(field_error(&html, "username"), None);
    assert_eq!(field_error(&html, "email"), None);

    let response = sign_up(&app, "ana", "ana@localhost", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert_field_error(&html, "email", "name@example.com");

    assert_eq!(
        user_count(&app).await,
        0,
        "a refused sign-up created an account"
    );

    // Nothing was mailed for the refused attempts: the first mail is the valid one's.
    let response = sign_up(&app, "bob", "bob@example.com", PASSWORD).await;
    assert_see_other(&response, "/login?notice=check_email");
    let mails = app.mail.wait_for(1).await;
    assert_eq!(mails[0].to, vec!["bob@example.com".to_string()]);
    assert_eq!(user_count(&app).await, 1);
}

#[tokio::test]
async fn signup_refuses_reserved_mixed_script_and_invisible_usernames() {
    let app = spawn_app().await;
    let cases = [
        ("admin", "reserved"),
        ("Admin", "reserved"),
        ("p\u{0430}ypal", "writing systems"), // Cyrillic а among Latin letters
        ("ana\u{200B}bel", ""),               // zero-width space
        ("\u{200B}ana", ""),
    ];
    for (i, (name, message)) in cases.iter().enumerate() {
        let email = format!("person{i}@example.com");
        let response = sign_up(&app, name, &email, PASSWORD).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "username {name:?} was not refused"
        );
        let html = response.text().await.expect("body");
        assert_field_error(&html, "username", message);
    }
    assert_eq!(user_count(&app).await, 0);

    // The plain Latin name is fine.
    let response = sign_up(&app, "paypal", "pp@example.com", PASSWORD).await;
    assert_see_other(&response, "/login?notice=check_email");
    assert_eq!(user_count(&app).await, 1);
}

#[tokio::test]
async fn usernames_are_unique_under_nfkc_case_folding_and_confusables() {
    let app = spawn_app().await;
    let response = sign_up(&app, "Ana", "ana1@example.com", PASSWORD).await;
    assert_see_other(&response, "/login?notice=check_email");

    for (i, twin) in ["ana", "ANA", "\u{FF21}\u{FF2E}\u{FF21}"]
        .iter()
        .enumerate()
    {
        let response = sign_up(&app, twin, &format!("twin{i}@example.com"), PASSWORD).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{twin:?} was accepted next to \"Ana\""
        );
        let html = response.text().await.expect("body");
        assert_field_error(&html, "username", "taken");
    }

    let response = sign_up(&app, "bill", "bill@example.com", PASSWORD).await;
    assert_see_other(&response, "/login?notice=check_email");
    let response = sign_up(&app, "bi11", "bi11@example.com", PASSWORD).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "\"bi11\" is confusable with \"bill\""
    );

    assert_eq!(user_count(&app).await, 2);
    assert_eq!(
        user(&app, "ana").await.username,
        "Ana",
        "the first spelling is kept"
    );
}

#[tokio::test]
async fn long_unicode_password_with_spaces_is_accepted_as_typed() {
    let app = spawn_app().await;
    let password =
        "  Grüße aus Köln — 正しい馬の電池 🐎 with spaces, a tab\tand quite a few more words  ";
    assert!(password.chars().count() >= 64);

    let response = sign_up(&app, "ana", "ana@example.com", password).await;
    assert_see_other(&response, "/login?notice=check_email");

    let browser = app.new_client();
    assert_eq!(
        browser.login("ana", password.trim()).await.status(),
        StatusCode::UNAUTHORIZED,
        "the password must be kept exactly as typed, not trimmed"
    );
    let response = browser.login("ana", password).await;
    assert_see_other(&response, "/");
    assert_eq!(signed_in_as(&browser).await.as_deref(), Some("ana"));
}

#[tokio::test]
async fn megabyte_password_is_refused_without_creating_an_account() {
    let huge = "x".repeat(1024 * 1024);

    // With a body limit that lets it through, the password rule refuses it.
    let app = spawn_app_with(|s| s.max_body_bytes = 4 * 1024 * 1024).await;
    let response = sign_up(&app, "ana", "ana@example.com", &huge).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert_field_error(&html, "password", "at most 256 characters");
    assert_eq!(user_count(&app).await, 0);

    let bob = UserBuilder::new("bob").build(&app).await;
    let response = app.login(&bob.username, &huge).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(app.session_cookie().is_none());

    // With the default limit the body itself is refused.
    let app = spawn_app().await;
    let response = sign_up(&app, "ana", "ana@example.com", &huge).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(user_count(&app).await, 0);
}

// ---------------------------------------------------------------------------------------
// Employee domains
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn signup_from_an_employee_domain_becomes_employee_only_after_confirming() {
    let app = spawn_app().await;
    let boss = UserBuilder::new("boss").admin().build(&app).await;
    let admin = app.signed_in_client(&boss).await;
    SiteSettings {
        site_name: "Acme Community",
        employee_domains: "acme.example",
        ..SiteSettings::default()
    }
    .save(&admin)
    .await;

    let wile_link = sign_up_and_get_link(&app, "wile", "wile@ACME.example").await;
    let road_link = sign_up_and_get_link(&app, "road", "road@example.com").await;

    assert!(
        !user(&app, "wile").await.is_employee,
        "employee before confirming"
    );
    let (status, html) = app.get_html("/u/wile").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html_select(&html, ".badge.employee").is_empty());

    let visitor = app.new_client();
    assert_see_other(
        &visitor.post_form(&wile_link, &[]).await,
        "/login?notice=email_confirmed",
    );
    assert_see_other(
        &visitor.post_form(&road_link, &[]).await,
        "/login?notice=email_confirmed",
    );

    assert!(
        user(&app, "wile").await.is_employee,
        "not an employee after confirming"
    );
    let (status, html) = app.get_html("/u/wile").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_select(&html, ".badge.employee"), vec!["Employee"]);

    assert!(
        !user(&app, "road").await.is_employee,
        "other domains are not employees"
    );
    let (_, html) = app.get_html("/u/road").await;
    assert!(html_select(&html, ".badge.employee").is_empty());
}

/// Fires all sign-ups at once from separate browsers (each with its CSRF cookie ready).
async fn concurrent_signups(app: &TestApp, signups: &[(String, String)]) -> Vec<StatusCode> {
    let mut clients = Vec::new();
    for _ in signups {
        let client = app.new_client();
        client.csrf_token().await;
        clients.push(client);
    }
    let responses = join_all(
        clients
            .iter()
            .zip(signups)
            .map(|(client, (username, email))| sign_up(client, username, email, PASSWORD)),
    )
    .await;
    responses.iter().map(Response::status).collect()
}

// ---------------------------------------------------------------------------------------
// Concurrency
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn concurrent_signups_with_the_same_username_create_one_account() {
    let app = spawn_app_with(|s| s.rate_limits.signup_per_ip_per_hour = 100).await;
    let signups: Vec<(String, String)> = (0..8)
        .map(|i| ("racer".to_string(), format!("racer{i}@example.com")))
        .collect();

    let statuses = concurrent_signups(&app, &signups).await;
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::SEE_OTHER)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert_eq!(
        (created, refused),
        (1, 7),
        "expected one sign-up and seven 'taken' answers: {statuses:?}"
    );
    assert_eq!(user_count(&app).await, 1);
    assert!(find_user(&app, "racer").await.is_some());
}

#[tokio::test]
async fn concurrent_signups_with_the_same_email_create_one_account() {
    let app = spawn_app_with(|s| s.rate_limits.signup_per_ip_per_hour = 100).await;
    let signups: Vec<(String, String)> = (0..8)
        .map(|i| (format!("twin{i}"), "twins@example.com".to_string()))
        .collect();

    let statuses = concurrent_signups(&app, &signups).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "every sign-up must look alike, whoever won: {statuses:?}"
    );
    assert_eq!(user_count(&app).await, 1, "one address, one account");
    let owner = app
        .state
        .db(|conn| {
            Ok(parley::db::models::users::find_by_email_key(
                conn,
                "twins@example.com",
            )?)
        })
        .await
        .expect("look up by email");
    assert!(owner.is_some());
}
