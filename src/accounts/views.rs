use maud::{html, Markup};

use crate::db::models::sessions::Session;
use crate::db::models::users::User;
use crate::domain::Password;
use crate::error::FieldErrors;
use crate::views::components::{csrf_field, error_summary, Field};
use crate::views::{layout, Page};

pub fn signup(page: &Page, username: &str, email: &str, errors: &FieldErrors) -> Markup {
    let pw_hint = format!(
        "{} to {} characters; spaces and any characters are fine.",
        Password::MIN,
        Password::MAX
    );
    layout(
        page,
        "Sign up",
        html! {
            section.card.narrow {
                h1 { "Create your account" }
                p.lead { "Ask questions, get answers from the team and the community." }
                (error_summary(errors))
                form method="post" action="/signup" novalidate {
                    (csrf_field(&page.csrf))
                    (Field::new("username", "Username").value(username).required().autocomplete("username")
                        .hint("3 to 30 letters, digits, '_', '-' or '.'. Shown publicly.").render(errors))
                    (Field::new("email", "Email").kind("email").value(email).required().autocomplete("email")
                        .hint("We send a confirmation link. Never shown publicly.").render(errors))
                    (Field::new("password", "Password").kind("password").required().autocomplete("new-password")
                        .hint(&pw_hint).render(errors))
                    label.checkbox {
                        input type="checkbox" name="weekly_digest" value="on";
                        " Email me a weekly digest of popular and unanswered questions"
                    }
                    button.button.primary type="submit" { "Sign up" }
                }
                p { "Already have an account? " a href="/login" { "Sign in" } }
            }
        },
    )
}

pub fn confirm(page: &Page, token: &str) -> Markup {
    layout(
        page,
        "Confirm your email",
        html! {
            section.card.narrow {
                h1 { "Confirm your email address" }
                p { "One click to finish: confirm that this address is yours." }
                form method="post" action={ "/confirm/" (token) } {
                    (csrf_field(&page.csrf))
                    button.button.primary type="submit" { "Confirm my email" }
                }
            }
        },
    )
}

pub fn login(page: &Page, login: &str, next: Option<&str>, error: Option<&str>) -> Markup {
    let mut errors = FieldErrors::new();
    if let Some(e) = error {
        errors.insert("login", e.to_string());
    }
    layout(
        page,
        "Sign in",
        html! {
            section.card.narrow {
                h1 { "Sign in" }
                (error_summary(&errors))
                form method="post" action="/login" {
                    (csrf_field(&page.csrf))
                    @if let Some(n) = next { input type="hidden" name="next" value=(n); }
                    (Field::new("login", "Username or email").value(login).required().autocomplete("username").render(&errors))
                    (Field::new("password", "Password").kind("password").required().autocomplete("current-password").render(&FieldErrors::new()))
                    button.button.primary type="submit" { "Sign in" }
                }
                p { a href="/password/reset" { "Forgot your password?" } }
                p { "New here? " a href="/signup" { "Create an account" } }
            }
        },
    )
}

pub fn reset_request(page: &Page, email: &str, errors: &FieldErrors) -> Markup {
    layout(
        page,
        "Reset your password",
        html! {
            section.card.narrow {
                h1 { "Reset your password" }
                p { "Enter the email address of your account. If it has one, we send it a link to choose a new password." }
                (error_summary(errors))
                form method="post" action="/password/reset" {
                    (csrf_field(&page.csrf))
                    (Field::new("email", "Email").kind("email").value(email).required().autocomplete("email").render(errors))
                    button.button.primary type="submit" { "Send the link" }
                }
            }
        },
    )
}

pub fn reset_password(page: &Page, token: &str, errors: &FieldErrors) -> Markup {
    layout(
        page,
        "Choose a new password",
        html! {
            section.card.narrow {
                h1 { "Choose a new password" }
                (error_summary(errors))
                form method="post" action={ "/password/reset/" (token) } {
                    (csrf_field(&page.csrf))
                    (Field::new("password", "New password").kind("password").required().autocomplete("new-password").render(errors))
                    button.button.primary type="submit" { "Save the new password" }
                }
                p.hint { "Every session of this account will be signed out." }
            }
        },
    )
}

pub fn email_change_confirm(page: &Page, token: &str) -> Markup {
    layout(
        page,
        "Confirm your new email",
        html! {
            section.card.narrow {
                h1 { "Use this email address?" }
                p { "Confirm to make this the address of your account. You will be asked to sign in again." }
                form method="post" action={ "/settings/email/confirm/" (token) } {
                    (csrf_field(&page.csrf))
                    button.button.primary type="submit" { "Use this address" }
                }
            }
        },
    )
}

pub fn account(
    page: &Page,
    user: &User,
    sessions: &[Session],
    current_hash: &str,
    errors: &FieldErrors,
) -> Markup {
    layout(
        page,
        "Account settings",
        html! {
            h1 { "Account settings" }
            nav.tabs aria-label="Settings" {
                a href="/settings/profile" { "Profile" }
                a.active href="/settings/account" aria-current="page" { "Account" }
            }
            (error_summary(errors))
            section.card id="email" {
                h2 { "Email" }
                p { "Current address: " strong { (user.email) }
                    @if user.email_confirmed_at.is_some() { " " span.badge { "confirmed" } } @else { " " span.badge.warn { "not confirmed" } } }
                @if user.email_confirmed_at.is_none() {
                    form method="post" action="/settings/email/resend" {
                        (csrf_field(&page.csrf))
                        button.button type="submit" { "Resend the confirmation link" }
                    }
                }
                form method="post" action="/settings/email" {
                    (csrf_field(&page.csrf))
                    (Field::new("email", "New email address").kind("email").required().autocomplete("email").render(errors))
                    (Field::new("current_password", "Current password").kind("password").required().autocomplete("current-password").render(errors))
                    button.button type="submit" { "Change email" }
                }
            }
            section.card id="password" {
                h2 { "Password" }
                form method="post" action="/settings/password" {
                    (csrf_field(&page.csrf))
                    (Field::new("current_password", "Current password").kind("password").required().autocomplete("current-password").render(errors))
                    (Field::new("new_password", "New password").kind("password").required().autocomplete("new-password")
                        .hint("Changing it signs out every other session.").render(errors))
                    button.button type="submit" { "Change password" }
                }
            }
            section.card id="sessions" {
                h2 { "Sessions" }
                table.table {
                    thead { tr { th { "Device" } th { "Address" } th { "Last active" } } }
                    tbody {
                        @for s in sessions {
                            tr {
                                td { (if s.user_agent.is_empty() { "Unknown" } else { &s.user_agent })
                                     @if s.id_hash == current_hash { " " span.badge { "this browser" } } }
                                td { (s.ip) }
                                td { time datetime=(s.last_seen_at.rfc3339()) { (s.last_seen_at.date_string()) } }
                            }
                        }
                    }
                }
                form method="post" action="/logout/all" {
                    (csrf_field(&page.csrf))
                    button.button.danger type="submit" { "Sign out of every session" }
                }
            }
        },
    )
}
