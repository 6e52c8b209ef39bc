//! The privacy section of `/settings/account`, the pages after a request, and the
//! admin's buttons for a member.

use maud::{html, Markup};

use crate::error::FieldErrors;
use crate::views::components::{csrf_field, Field};
use crate::views::{layout, Page};

use super::service::CONFIRM_FIELD;

/// What the account page's privacy section offers the member.
pub struct AccountSection {
    /// They may delete their account (an admin's account must first be demoted).
    pub can_delete: bool,
    /// They confirm with their password (else with their username: no password).
    pub with_password: bool,
}

/// On `/settings/account`: ask for one's data; delete one's account.
pub fn account_section(page: &Page, section: &AccountSection, errors: &FieldErrors) -> Markup {
    let confirm_label = page.t(if section.with_password {
        "privacy-delete-password"
    } else {
        "privacy-delete-username"
    });
    let field = Field::new(CONFIRM_FIELD, &confirm_label).required();
    let field = if section.with_password {
        field.kind("password").autocomplete("current-password")
    } else {
        field.autocomplete("off")
    };
    html! {
        section.card id="privacy" {
            h2 { (page.t("privacy-title")) }
            p { (page.t("privacy-export-intro")) }
            form method="post" action="/settings/account/export" {
                (csrf_field(&page.csrf))
                button.button type="submit" { (page.t("privacy-export-button")) }
            }
            h3 { (page.t("privacy-delete-title")) }
            p { (page.t("privacy-delete-intro")) }
            @if section.can_delete {
                form method="post" action="/settings/account/delete" {
                    (csrf_field(&page.csrf))
                    (field.render(errors))
                    div.field {
                        label { input type="checkbox" name="remove_posts" value="1"; " " (page.t("privacy-delete-remove-posts")) }
                    }
                    button.button.danger type="submit" data-confirm=(page.t("privacy-delete-confirm")) { (page.t("privacy-delete-button")) }
                }
            } @else {
                p.hint { (page.t("privacy-delete-admin-note")) }
            }
        }
    }
}

/// After a request: what happens next.
pub fn requested(page: &Page, title_key: &str, body_key: &str) -> Markup {
    let title = page.t(title_key);
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            p { (page.t(body_key)) }
        },
    )
}

/// For an admin on a member's row: export their data (mailed to the member), delete
/// their account now (when the guardian allows it), with or without their posts.
pub fn admin_actions(page: &Page, member: &str, can_delete: bool) -> Markup {
    html! {
        form.inline method="post" action={ "/admin/users/" (member) "/privacy/export" } {
            (csrf_field(&page.csrf))
            button.link-button type="submit" { (page.t("privacy-admin-export")) }
        }
        @if can_delete {
            form.inline method="post" action={ "/admin/users/" (member) "/privacy/delete" } {
                (csrf_field(&page.csrf))
                input type="hidden" name="now" value="1";
                label { input type="checkbox" name="remove_posts" value="1"; " " (page.t("privacy-admin-remove-posts")) }
                " "
                button.link-button.danger type="submit" data-confirm=(page.t("privacy-admin-delete-confirm")) { (page.t("privacy-admin-delete")) }
            }
        }
    }
}
