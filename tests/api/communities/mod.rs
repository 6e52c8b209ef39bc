//! Sub-communities and who sees them, roles, the employee flag, the brand, profiles, the
//! audit log, the first-start setup link and the demo loader.
//!
//! Submodules, by theme:
//! - `visibility`: which sub-communities each visitor sees (private, invite-only,
//!   employees only).
//! - `management`: creating and editing sub-communities, roles and who may change them,
//!   and the audit log of those changes.
//! - `profiles`: member profiles: what they show, edits, escaping and limits.
//! - `site`: the brand on every page, the first-start setup link and the demo loader.

mod management;
mod profiles;
mod site;
mod visibility;

use reqwest::StatusCode;

use crate::helpers::{assert_see_other, html_select, TestClient, TestUser};

/// A 422 answer must be the form again, showing `message` next to the field.
#[track_caller]
pub fn assert_form_error(html: &str, message: &str, context: &str) {
    assert!(
        html.contains(message),
        "{context}: the 422 answer does not show {message:?}. When it is the generic \
         'Bad request / The request could not be understood.' page, http::errors::middleware \
         has replaced the handler's own 422 form page (it re-renders every 4xx response):\n{html}"
    );
}

/// The names on the home page's community cards, sorted.
pub async fn home_cards(client: &TestClient) -> Vec<String> {
    let (status, html) = client.get_html("/").await;
    assert_eq!(status, StatusCode::OK, "GET / answered {status}:\n{html}");
    let mut cards = html_select(&html, ".community-card h3");
    cards.sort();
    cards
}

pub async fn set_site_role(admin: &TestClient, user: &TestUser, role: &str) {
    let response = admin
        .post_form(
            &format!("/admin/users/{}/role", user.id.as_str()),
            &[("role", role)],
        )
        .await;
    assert_see_other(&response, "/admin/users?notice=saved");
}

pub async fn set_employee(admin: &TestClient, user: &TestUser, employee: bool) {
    let value = if employee { "true" } else { "false" };
    let response = admin
        .post_form(
            &format!("/admin/users/{}/employee", user.id.as_str()),
            &[("employee", value)],
        )
        .await;
    assert_see_other(&response, "/admin/users?notice=saved");
}
