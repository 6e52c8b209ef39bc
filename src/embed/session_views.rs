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
    let lang = page.lang;
    let cname = community.name.as_str();
    layout(
        page,
        &page.t("embed-signin-title"),
        html! {
            section.card #embed-signin {
                h1 { (crate::t!(lang, "embed-signin-heading", name = name.as_str(), community = cname)) }
                p { (crate::t!(lang, "embed-signin-explain", community = cname)) }
                form method="post" action="/embed/v1/signin" {
                    (csrf_field(&page.csrf))
                    input type="hidden" name="community" value=(community.slug);
                    button.button type="submit" { (crate::t!(lang, "embed-signin-continue", name = name.as_str())) }
                }
            }
        },
    )
}

/// The last page: its script posts the code to `window.opener` and closes the popup.
pub fn done(page: &Page, code: &str) -> Markup {
    layout(
        page,
        &page.t("embed-signin-done-title"),
        html! {
            section.card #embed-signin-done {
                div #parley-code data-code=(code) {}
                h1 { (page.t("embed-signin-done-heading")) }
                p { (page.t("embed-signin-done-return")) }
            }
            script src=(assets::url("embed/popup.js")) defer {}
        },
    )
}
