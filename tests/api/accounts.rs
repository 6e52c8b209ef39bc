//! Accounts end to end: sign-up and confirmation, sign-in and sessions, sign-out,
//! password reset and change, email change, employee domains, CSRF, rate limits,
//! suspension, cookie flags and the `parley user create` command.

use diesel::prelude::*;
use futures_util::future::join_all;
use parley::db::models::users::User;
use parley::db::schema::{sessions, users};
use parley::db::{SiteRole, UserId};
use parley::domain::Username;
use reqwest::header::{COOKIE, ORIGIN, RETRY_AFTER, SET_COOKIE};
use reqwest::redirect::Policy;
use reqwest::{Response, StatusCode};

use crate::helpers::cli::{output_text, run_parley};
use crate::helpers::fixtures::{path_of, request_password_reset, wait_mails_to, SiteSettings};
use crate::helpers::{
    assert_see_other, form_field, html_attr, html_select, location, postgres_admin_url, spawn_app,
    spawn_app_with, ReceivedMail, TestApp, TestClient, TestDatabase, UserBuilder, CSRF_FIELD,
    SESSION_COOKIE,
};

/// A password every sign-up form accepts.
const PASSWORD: &str = "a perfectly fine passphrase";
const NEW_PASSWORD: &str = "an entirely new passphrase";
/// Where a signed-out browser asking for the account settings is sent.
const SIGN_IN_FOR_SETTINGS: &str = "/login?next=%2Fsettings%2Faccount";
const INVALID_LINK: &str = "That link is invalid, was already used, or has expired.";

// ---------------------------------------------------------------------------------------
// Helpers of this module
// ---------------------------------------------------------------------------------------

async fn sign_up(client: &TestClient, username: &str, email: &str, password: &str) -> Response {
    client
        .post_form(
            "/signup",
            &[
                ("username", username),
                ("email", email),
                ("password", password),
            ],
        )
        .await
}

async fn user_count(app: &TestApp) -> i64 {
    app.state
        .db(|conn| Ok(users::table.count().get_result::<i64>(conn)?))
        .await
        .expect("count users")
}

/// The account whose username normalises like `name`, read straight from the database.
async fn find_user(app: &TestApp, name: &str) -> Option<User> {
    let key = Username::lookup_key(name);
    app.state
        .db(move |conn| Ok(parley::db::models::users::find_by_username_key(conn, &key)?))
        .await
        .expect("look the user up")
}

async fn user(app: &TestApp, name: &str) -> User {
    find_user(app, name)
        .await
        .unwrap_or_else(|| panic!("no account named {name:?}"))
}

async fn session_count(app: &TestApp, id: &UserId) -> i64 {
    let id = id.clone();
    app.state
        .db(move |conn| {
            Ok(sessions::table
                .filter(sessions::user_id.eq(id.as_str()))
                .count()
                .get_result::<i64>(conn)?)
        })
        .await
        .expect("count sessions")
}

/// The link starting with `{address}{path_prefix}` in `mail`; panics when there is none.
fn link_in(app: &TestApp, mail: &ReceivedMail, path_prefix: &str) -> String {
    let prefix = format!("{}{path_prefix}", app.address);
    mail.first_link_with(&prefix).unwrap_or_else(|| {
        panic!(
            "mail {:?} has no link starting with {prefix}:\n{}",
            mail.subject(),
            mail.text_body()
        )
    })
}

/// Signs up `username` and returns the confirmation link mailed to `email`.
async fn sign_up_and_get_link(app: &TestApp, username: &str, email: &str) -> String {
    let response = sign_up(&app.new_client(), username, email, PASSWORD).await;
    assert_see_other(&response, "/login?notice=check_email");
    let mails = wait_mails_to(app, email, 1).await;
    link_in(app, mails.last().expect("a mail"), "/confirm/")
}

/// Asserts the client is signed in: its account settings page answers 200.
#[track_caller]
fn assert_settings_status(
    status: StatusCode,
    location: Option<String>,
    signed_in: bool,
    who: &str,
) {
    if signed_in {
        assert_eq!(
            status,
            StatusCode::OK,
            "{who} should be signed in, but /settings/account answered {status} (Location {location:?})"
        );
    } else {
        assert_eq!(
            (status, location.as_deref()),
            (StatusCode::SEE_OTHER, Some(SIGN_IN_FOR_SETTINGS)),
            "{who} should be signed out"
        );
    }
}

async fn assert_signed_in(client: &TestClient, who: &str) {
    let response = client.get("/settings/account").await;
    assert_settings_status(response.status(), location(&response), true, who);
}

async fn assert_signed_out(client: &TestClient, who: &str) {
    let response = client.get("/settings/account").await;
    assert_settings_status(response.status(), location(&response), false, who);
}

/// The username the header shows for this browser, if it is signed in.
async fn signed_in_as(client: &TestClient) -> Option<String> {
    let (status, html) = client.get_html("/").await;
    assert_eq!(status, StatusCode::OK, "GET / answered {status}");
    html_select(&html, "a.me span").into_iter().next()
}

/// A browser-less request carrying exactly `cookie` (e.g. a replayed session cookie).
async fn get_with_cookie(app: &TestApp, path: &str, cookie: &str) -> Response {
    plain_http()
        .get(format!("{}{path}", app.address))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path} failed: {e}"))
}

/// A client without a cookie jar that does not follow redirects.
fn plain_http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("build reqwest client")
}

/// The whole `Set-Cookie` header that sets `name`, if the response has one.
fn set_cookie_header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The value of a `Set-Cookie` header line.
fn cookie_value(set_cookie: &str) -> String {
    let pair = set_cookie.split(';').next().unwrap_or_default();
    pair.split_once('=')
        .map(|(_, v)| v.to_string())
        .unwrap_or_default()
}

/// The attributes of a `Set-Cookie` header line, lower-cased (`httponly`, `samesite=lax`).
fn cookie_attributes(set_cookie: &str) -> Vec<String> {
    set_cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect()
}

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

/// The error shown next to the form field `name`, if any.
fn field_error(html: &str, name: &str) -> Option<String> {
    html_select(html, &format!("#f-{name}-error"))
        .into_iter()
        .next()
}

/// Why a page lacks the form it should show, for assertion messages.
fn what_page_is_this(html: &str) -> String {
    let generic = html_select(html, "main.error-page h1");
    match generic.first() {
        Some(title) => format!(
            "the app answered with its generic error page ({title:?}: {:?}) instead of \
             showing the form again with the error",
            html_select(html, "main.error-page p")
                .get(1)
                .cloned()
                .unwrap_or_default()
        ),
        None => format!("the page was:\n{html}"),
    }
}

#[track_caller]
fn assert_field_error(html: &str, name: &str, contains: &str) {
    let error = field_error(html, name).unwrap_or_else(|| {
        panic!(
            "no error is shown next to the {name:?} field: {}",
            what_page_is_this(html)
        )
    });
    assert!(
        error.contains(contains),
        "the error next to {name:?} is {error:?}, expected it to mention {contains:?}"
    );
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
// No account enumeration
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Sign-in and sessions
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn sign_in_by_username_or_email_ignores_case_and_sets_a_session() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("Ana")
        .email("Ana@Example.com")
        .build(&app)
        .await;

    for login in [
        "Ana",
        "ana",
        "ANA",
        "\u{FF41}na",
        "ana@example.com",
        "ANA@EXAMPLE.COM",
    ] {
        let client = app.new_client();
        let response = client.login(login, &ana.password).await;
        assert_see_other(&response, "/");
        assert!(
            client.session_cookie().is_some(),
            "signing in as {login:?} set no session cookie"
        );
        assert_eq!(
            signed_in_as(&client).await.as_deref(),
            Some("Ana"),
            "signing in as {login:?}"
        );
    }
    assert_eq!(session_count(&app, &ana.id).await, 6);
}

/// A hash made with older argon2 parameters (here the crate's 19 MiB defaults) is
/// replaced by one with today's at the next successful sign-in, and only then; the
/// password still works and the member's other sessions stay.
#[tokio::test]
async fn a_hash_with_older_parameters_is_replaced_at_the_next_sign_in() {
    use argon2::PasswordHasher;
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let elsewhere = app.signed_in_client(&ana).await;
    let old = argon2::Argon2::default()
        .hash_password(ana.password.as_bytes())
        .expect("hash with the defaults")
        .to_string();
    assert!(old.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{old}");
    let (id, stored, now) = (ana.id.clone(), old.clone(), app.clock.now());
    app.state
        .db(move |conn| {
            Ok(parley::db::models::users::set_password(
                conn, &id, &stored, now,
            )?)
        })
        .await
        .expect("store the old hash");

    let wrong = app
        .new_client()
        .login("ana", "not the password at all")
        .await;
    assert_eq!(
        wrong.status(),
        StatusCode::UNAUTHORIZED,
        "a wrong password signs in"
    );
    assert_eq!(
        user(&app, "ana").await.password_hash,
        old,
        "a wrong password rehashed"
    );

    assert_see_other(&app.new_client().login("ana", &ana.password).await, "/");
    let new = user(&app, "ana").await.password_hash;
    assert!(
        new.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"),
        "not rehashed: {new}"
    );

    assert_see_other(&app.new_client().login("ana", &ana.password).await, "/");
    assert_eq!(user(&app, "ana").await.password_hash, new, "rehashed twice");
    assert_signed_in(&elsewhere, "ana's earlier session").await;
}

#[tokio::test]
async fn sign_in_follows_only_local_next_paths() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;

    for (next, expected) in [
        ("/settings/account?tab=email", "/settings/account?tab=email"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ] {
        let client = app.new_client();
        let response = client
            .post_form(
                "/login",
                &[
                    ("login", "ana"),
                    ("password", &ana.password),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "next={next:?}");
        assert_eq!(
            location(&response).as_deref(),
            Some(expected),
            "after signing in with next={next:?}"
        );
        assert!(client.session_cookie().is_some());
    }
}

#[tokio::test]
async fn sign_in_rotates_the_session_id_and_the_old_one_stops_working() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let before = browser.session_cookie().expect("session cookie");
    let replay_before = format!("{SESSION_COOKIE}={before}");
    let response = get_with_cookie(&app, "/settings/account", &replay_before).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the cookie authenticates"
    );

    // Signing in again in the same browser (it sends the old cookie along).
    let response = browser.login("ana", &ana.password).await;
    assert_see_other(&response, "/");
    let after = browser.session_cookie().expect("session cookie");
    assert_ne!(before, after, "the session id was not rotated");

    let response = get_with_cookie(&app, "/settings/account", &replay_before).await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "the old session id still works"
    );
    assert_eq!(location(&response).as_deref(), Some(SIGN_IN_FOR_SETTINGS));
    assert_signed_in(&browser, "the browser with the new cookie").await;
    assert_eq!(session_count(&app, &ana.id).await, 1);
}

#[tokio::test]
async fn sign_out_revokes_the_session_on_the_server() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let replay = format!(
        "{SESSION_COOKIE}={}",
        browser.session_cookie().expect("session cookie")
    );

    let response = browser.post_form("/logout", &[]).await;
    assert_see_other(&response, "/?notice=signed_out");
    assert!(
        browser.session_cookie().is_none(),
        "the cookie was not removed"
    );
    assert_signed_out(&browser, "the browser that signed out").await;

    // Replaying the old cookie (as if it had been copied) does not sign in either.
    let response = get_with_cookie(&app, "/settings/account", &replay).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response).as_deref(), Some(SIGN_IN_FOR_SETTINGS));
    assert_eq!(session_count(&app, &ana.id).await, 0);
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_of_the_account() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let bob = UserBuilder::new("bob").build(&app).await;
    let laptop = app.signed_in_client(&ana).await;
    let phone = app.signed_in_client(&ana).await;
    let bob_browser = app.signed_in_client(&bob).await;
    assert_signed_in(&phone, "ana's phone").await;

    let response = laptop.post_form("/logout/all", &[]).await;
    assert_see_other(&response, "/login?notice=signed_out_everywhere");

    assert_signed_out(&laptop, "ana's laptop").await;
    assert_signed_out(&phone, "ana's phone").await;
    assert_signed_in(&bob_browser, "bob (another account)").await;
    assert_eq!(session_count(&app, &ana.id).await, 0);
    assert_eq!(session_count(&app, &bob.id).await, 1);
}

#[tokio::test]
async fn session_cookie_is_http_only_and_lax_but_not_secure_over_http() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.new_client();
    let response = browser.login("ana", &ana.password).await;
    assert_see_other(&response, "/");

    let header = set_cookie_header(&response, SESSION_COOKIE).expect("no session Set-Cookie");
    assert_eq!(Some(cookie_value(&header)), browser.session_cookie());
    let attributes = cookie_attributes(&header);
    assert!(attributes.contains(&"httponly".to_string()), "{header}");
    assert!(attributes.contains(&"samesite=lax".to_string()), "{header}");
    assert!(attributes.contains(&"path=/".to_string()), "{header}");
    assert!(
        !attributes.contains(&"secure".to_string()),
        "Secure over plain http would lose the cookie: {header}"
    );
    assert!(
        set_cookie_header(&response, &format!("__Host-{SESSION_COOKIE}")).is_none(),
        "no __Host- cookie without https"
    );
}

#[tokio::test]
async fn https_base_url_makes_the_session_cookie_host_prefixed_and_secure() {
    let app = spawn_app_with(|s| s.base_url = "https://community.example".into()).await;
    let ana = UserBuilder::new("ana").build(&app).await;
    // reqwest's jar would not send Secure cookies over http, so cookies go by hand.
    let http = plain_http();

    let response = http
        .get(format!("{}/login", app.address))
        .send()
        .await
        .expect("GET /login");
    let csrf_header =
        set_cookie_header(&response, "__Host-parley_csrf").expect("no __Host- CSRF cookie");
    assert!(cookie_attributes(&csrf_header).contains(&"secure".to_string()));
    let csrf = cookie_value(&csrf_header);

    let response = http
        .post(format!("{}/login", app.address))
        .header(COOKIE, format!("__Host-parley_csrf={csrf}"))
        .form(&[
            ("login", "ana"),
            ("password", ana.password.as_str()),
            (CSRF_FIELD, csrf.as_str()),
        ])
        .send()
        .await
        .expect("POST /login");
    assert_see_other(&response, "/");
    assert!(
        set_cookie_header(&response, SESSION_COOKIE).is_none(),
        "an unprefixed session cookie was set under https"
    );
    let header = set_cookie_header(&response, "__Host-parley_session")
        .expect("no __Host-parley_session cookie");
    let attributes = cookie_attributes(&header);
    for required in ["secure", "httponly", "samesite=lax", "path=/"] {
        assert!(
            attributes.contains(&required.to_string()),
            "{required} missing: {header}"
        );
    }
    assert!(
        !attributes.iter().any(|a| a.starts_with("domain=")),
        "__Host- cookies may not name a Domain: {header}"
    );

    let token = cookie_value(&header);
    let response = get_with_cookie(
        &app,
        "/settings/account",
        &format!("__Host-parley_session={token}"),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the __Host- cookie authenticates"
    );
    let response = get_with_cookie(
        &app,
        "/settings/account",
        &format!("{SESSION_COOKIE}={token}"),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "under https only the __Host- name is honoured"
    );
}

// ---------------------------------------------------------------------------------------
// Password reset
// ---------------------------------------------------------------------------------------

/// Requests a reset for `email` and returns the link from the `n`-th mail to it.
async fn request_reset_link(app: &TestApp, email: &str, n: usize) -> String {
    request_password_reset(&app.new_client(), email).await;
    let mails = wait_mails_to(app, &email.to_lowercase(), n).await;
    link_in(app, &mails[n - 1], "/password/reset/")
}

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
// Changing password and email
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Concurrency
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Suspension
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn suspended_member_is_signed_out_and_cannot_sign_in_until_it_ends() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let phone = app.signed_in_client(&ana).await;
    assert_signed_in(&browser, "ana before the suspension").await;

    let until = app.clock.now().plus_secs(24 * 3600).micros();
    let id = ana.id.clone();
    app.state
        .db(move |conn| {
            diesel::update(users::table.filter(users::id.eq(id.as_str())))
                .set((
                    users::suspended_until.eq(Some(until)),
                    users::suspension_reason.eq(Some("spam")),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
        .expect("suspend ana");

    assert_signed_out(&browser, "a suspended member").await;
    assert_eq!(
        signed_in_as(&phone).await,
        None,
        "the suspended member's other session"
    );
    assert_eq!(
        session_count(&app, &ana.id).await,
        0,
        "sessions survived the suspension"
    );

    let response = app.new_client().login("ana", &ana.password).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let html = response.text().await.expect("body");
    let error = field_error(&html, "login").unwrap_or_else(|| {
        panic!(
            "a suspended member is not told why sign-in failed: {}",
            what_page_is_this(&html)
        )
    });
    assert!(error.contains("suspended"), "{error}");
    assert!(error.contains("spam"), "the reason is not shown: {error}");

    // A wrong password does not reveal the suspension.
    assert_eq!(
        app.new_client()
            .login("ana", "wrong password!")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    app.clock.advance_secs(25 * 3600);
    let client = app.new_client();
    assert_see_other(&client.login("ana", &ana.password).await, "/");
    assert_signed_in(&client, "ana after the suspension ended").await;
}

// ---------------------------------------------------------------------------------------
// `parley user create` and `parley migrate`
// ---------------------------------------------------------------------------------------

/// A scratch directory for the CLI, removed (best effort) on drop.
struct ScratchDir(std::path::PathBuf);

impl ScratchDir {
    fn new() -> ScratchDir {
        let path =
            std::env::temp_dir().join(format!("parley-cli-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&path).expect("create scratch dir");
        ScratchDir(path)
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn cli_user_create_makes_a_confirmed_admin_that_signs_in_and_migrate_is_idempotent() {
    let dir = ScratchDir::new();
    // On PostgreSQL runs the CLI gets a database of its own; on SQLite it uses the
    // default file in its data directory.
    let pg = match postgres_admin_url() {
        Some(admin_url) => Some(TestDatabase::create_async(&admin_url).await),
        None => None,
    };
    let cli_url = pg.as_ref().map(|db| db.url().to_string());
    let database_url = cli_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.0.join("parley.db").display()));
    let password = "cli admin passphrase ✓";

    let create = [
        "user",
        "create",
        "--username",
        "cli_admin",
        "--email",
        "cli@example.com",
        "--role",
        "admin",
    ];
    let output = run_parley(
        &dir.0,
        cli_url.as_deref(),
        &create,
        &format!("{password}\n"),
    )
    .await;
    assert!(output.status.success(), "{}", output_text(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("cli_admin"),
        "{}",
        output_text(&output)
    );
    if pg.is_none() {
        assert!(
            dir.0.join("parley.db").exists(),
            "no database in --data-dir"
        );
    }

    for _ in 0..2 {
        let output = run_parley(&dir.0, cli_url.as_deref(), &["migrate"], "").await;
        assert!(output.status.success(), "{}", output_text(&output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("Database is up to date."),
            "{}",
            output_text(&output)
        );
        assert!(
            !stdout.contains("Applied"),
            "migrate applied migrations again: {}",
            output_text(&output)
        );
    }

    // The same name again, and a refused name, fail without creating anything.
    let output = run_parley(
        &dir.0,
        cli_url.as_deref(),
        &create,
        &format!("{password}\n"),
    )
    .await;
    assert!(
        !output.status.success(),
        "a duplicate was created: {}",
        output_text(&output)
    );
    let output = run_parley(
        &dir.0,
        cli_url.as_deref(),
        &[
            "user",
            "create",
            "--username",
            "admin",
            "--email",
            "root@example.com",
        ],
        &format!("{password}\n"),
    )
    .await;
    assert!(
        !output.status.success(),
        "a reserved name was created: {}",
        output_text(&output)
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("reserved"),
        "{}",
        output_text(&output)
    );

    let url = parley::db::DatabaseUrl::parse(&database_url).expect("database URL");
    let (count, account) = tokio::task::spawn_blocking(move || {
        let pool = parley::db::DbPool::connect(&url, 1).expect("open the CLI's database");
        let mut pooled = pool.get().expect("a connection");
        let conn: &mut parley::db::DbConn = &mut pooled;
        let count: i64 = users::table.count().get_result(conn).expect("count");
        let account =
            parley::db::models::users::find_by_username_key(conn, "cli_admin").expect("query");
        (count, account)
    })
    .await
    .expect("join");
    assert_eq!(count, 1);
    let account = account.expect("the CLI did not create cli_admin");
    assert_eq!(account.email, "cli@example.com");
    assert_eq!(account.role, SiteRole::Admin);
    assert!(account.is_employee, "admins count as employees");
    assert!(
        account.email_confirmed_at.is_some(),
        "CLI accounts are confirmed"
    );

    // The app on that database lets the account in, as an admin.
    let app = spawn_app_with(move |s| s.database_url = database_url).await;
    let client = app.new_client();
    assert_see_other(&client.login("cli_admin", password).await, "/");
    let response = client.get("/admin").await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the CLI admin cannot open /admin"
    );
    drop(app);
    drop(pg);
    // Keep the scratch directory until everything using it is gone.
    drop(dir);
}

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

/// Sign-ins hash on their own threads, one per core but one (at least one), at the idle
/// scheduling policy, so a storm of sign-ins takes only the CPU that pages leave over,
/// never every core, and yields at once to a request worker that wakes.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn password_hashing_runs_on_idle_priority_threads_of_its_own() {
    let app = spawn_app().await;
    let user = UserBuilder::new("hasher").build(&app).await;
    app.signed_in_client(&user).await; // at least one real argon2id verification
    let mut hashers = Vec::new();
    for task in std::fs::read_dir("/proc/self/task")
        .expect("task list")
        .flatten()
    {
        let dir = task.path();
        let name = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        if name.trim().starts_with("argon2-") {
            let stat = std::fs::read_to_string(dir.join("stat")).expect("stat");
            // Fields after the parenthesised name: state is the 3rd, policy the 41st.
            let rest = stat.rsplit_once(") ").expect("stat format").1;
            let policy: i32 = rest
                .split(' ')
                .nth(38)
                .expect("policy")
                .parse()
                .expect("number");
            hashers.push((name.trim().to_string(), policy));
        }
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    assert_eq!(
        hashers.len(),
        cores.max(2) - 1,
        "hashing threads: {hashers:?}"
    );
    assert!(
        hashers
            .iter()
            .all(|(_, policy)| *policy == libc::SCHED_IDLE),
        "policies (SCHED_IDLE is {}): {hashers:?}",
        libc::SCHED_IDLE
    );
}
