//! The sign-in popup's pages (pure functions of their data).

use maud::{html, Markup};

use crate::db::models::communities::Community;
use crate::http::assets;
use crate::views::components::csrf_field;
use crate::views::{layout, Page};

/// "Continue as <name> on <community>?": a button that makes the one-time code.
pub fn continue_as(page: &Page, community: &Community) -> Markup {
    let name = page
        .viewer
        .user()
        .map(|u| {
            if u.display_name.is_empty() {
                u.username.clone()
            } else {
                u.display_name.clone()
            }
        })
        .unwrap_or_default();
    layout(
        page,
        "Continue on the page",
        html! {
            section.card #embed-signin {
                h1 { "Continue as " (name) " on " (community.name) "?" }
                p { "The page that opened this window will be able to post in "
                    (community.name) " as you, until you close it or for 12 hours." }
                form method="post" action="/embed/v1/signin" {
                    (csrf_field(&page.csrf))
                    input type="hidden" name="community" value=(community.slug);
                    button.button type="submit" { "Continue as " (name) }
                }
            }
        },
    )
}

/// The last page: its script posts the code to `window.opener` and closes the popup.
pub fn done(page: &Page, code: &str) -> Markup {
    layout(
        page,
        "Signed in",
        html! {
            section.card #embed-signin-done {
                div #parley-code data-code=(code) {}
                h1 { "You are signed in" }
                p { "You are signed in; return to the page." }
            }
            script src=(assets::url("embed/popup.js")) defer {}
        },
    )
}
