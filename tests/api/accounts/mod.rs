//! Accounts end to end: sign-up and confirmation, sign-in and sessions, sign-out,
//! password reset and change, email change, employee domains, CSRF, rate limits,
//! suspension, cookie flags and the `parley user create` command.
//!
//! Submodules, by theme:
//! - `signup`: sign-up and email confirmation, validation, employee domains, concurrent
//!   sign-ups.
//! - `enumeration`: no account enumeration through sign-up, sign-in or password reset.
//! - `sign_in`: sign-in and sessions, sign-out, cookie flags, password hashing,
//!   suspension.
//! - `password_reset`: reset links and what voids them.
//! - `settings`: changing the password and the email address.
//! - `csrf_and_limits`: CSRF and rate limits.
//! - `cli`: `parley user create` and `parley migrate`.

mod cli;
mod csrf_and_limits;
mod enumeration;
mod password_reset;
mod settings;
mod sign_in;
mod signup;

use diesel::prelude::*;
use parley::db::models::users::User;
use parley::db::schema::{sessions, users};
use parley::db::UserId;
use parley::domain::Username;
use reqwest::header::SET_COOKIE;
use reqwest::{Response, StatusCode};

use crate::helpers::fixtures::{request_password_reset, wait_mails_to};
use crate::helpers::{html_select, location, ReceivedMail, TestApp, TestClient};

/// A password every sign-up form accepts.
pub const PASSWORD: &str = "a perfectly fine passphrase";
pub const NEW_PASSWORD: &str = "an entirely new passphrase";
/// Where a signed-out browser asking for the account settings is sent.
pub const SIGN_IN_FOR_SETTINGS: &str = "/login?next=%2Fsettings%2Faccount";
pub const INVALID_LINK: &str = "That link is invalid, was already used, or has expired.";

pub async fn sign_up(client: &TestClient, username: &str, email: &str, password: &str) -> Response {
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

pub async fn user_count(app: &TestApp) -> i64 {
    app.state
        .db(|conn| Ok(users::table.count().get_result::<i64>(conn)?))
        .await
        .expect("count users")
}

/// The account whose username normalises like `name`, read straight from the database.
pub async fn find_user(app: &TestApp, name: &str) -> Option<User> {
    let key = Username::lookup_key(name);
    app.state
        .db(move |conn| Ok(parley::db::models::users::find_by_username_key(conn, &key)?))
        .await
        .expect("look the user up")
}

pub async fn user(app: &TestApp, name: &str) -> User {
    find_user(app, name)
        .await
        .unwrap_or_else(|| panic!("no account named {name:?}"))
}

pub async fn session_count(app: &TestApp, id: &UserId) -> i64 {
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
pub fn link_in(app: &TestApp, mail: &ReceivedMail, path_prefix: &str) -> String {
    let prefix = format!("{}{path_prefix}", app.address);
    mail.first_link_with(&prefix).unwrap_or_else(|| {
        panic!(
            "mail {:?} has no link starting with {prefix}:\n{}",
            mail.subject(),
            mail.text_body()
        )
    })
}

/// Asserts the client is signed in: its account settings page answers 200.
#[track_caller]
pub fn assert_settings_status(
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

pub async fn assert_signed_in(client: &TestClient, who: &str) {
    let response = client.get("/settings/account").await;
    assert_settings_status(response.status(), location(&response), true, who);
}

pub async fn assert_signed_out(client: &TestClient, who: &str) {
    let response = client.get("/settings/account").await;
    assert_settings_status(response.status(), location(&response), false, who);
}

/// The username the header shows for this browser, if it is signed in.
pub async fn signed_in_as(client: &TestClient) -> Option<String> {
    let (status, html) = client.get_html("/").await;
    assert_eq!(status, StatusCode::OK, "GET / answered {status}");
    html_select(&html, "a.me span").into_iter().next()
}

/// The whole `Set-Cookie` header that sets `name`, if the response has one.
pub fn set_cookie_header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The error shown next to the form field `name`, if any.
pub fn field_error(html: &str, name: &str) -> Option<String> {
    html_select(html, &format!("#f-{name}-error"))
        .into_iter()
        .next()
}

/// Why a page lacks the form it should show, for assertion messages.
pub fn what_page_is_this(html: &str) -> String {
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
pub fn assert_field_error(html: &str, name: &str, contains: &str) {
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

/// Requests a reset for `email` and returns the link from the `n`-th mail to it.
pub async fn request_reset_link(app: &TestApp, email: &str, n: usize) -> String {
    request_password_reset(&app.new_client(), email).await;
    let mails = wait_mails_to(app, &email.to_lowercase(), n).await;
    link_in(app, &mails[n - 1], "/password/reset/")
}
