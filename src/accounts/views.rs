use maud::{html, Markup};

use crate::accounts::tokens::{CreatedToken, ListedToken, TokenInput};
use crate::db::models::communities::Community;
use crate::db::models::sessions::Session;
use crate::db::models::users::User;
use crate::db::{Scope, Timestamp};
use crate::domain::Password;
use crate::error::FieldErrors;
use crate::views::components::{csrf_field, empty_state, error_summary, Field};
use crate::views::{layout, Page};

pub fn signup(page: &Page, username: &str, email: &str, errors: &FieldErrors) -> Markup {
    signup_with(page, username, email, errors, None)
}

/// The sign-up form, carrying an invitation's token (issue 24) in a hidden field.
pub fn signup_with(
    page: &Page,
    username: &str,
    email: &str,
    errors: &FieldErrors,
    invitation: Option<&str>,
) -> Markup {
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
                    @if let Some(token) = invitation {
                        input type="hidden" name="invitation" value=(token);
                    }
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

pub fn login(
    page: &Page,
    login: &str,
    next: Option<&str>,
    error: Option<&str>,
    sso: &[crate::sso::views::SignInButton],
) -> Markup {
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
                (crate::sso::views::sign_in_buttons(sso, next))
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
            (settings_tabs("/settings/account"))
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

/// The settings pages' tabs, `current` marked.
fn settings_tabs(current: &str) -> Markup {
    let items = [
        ("/settings/profile", "Profile"),
        ("/settings/account", "Account"),
        ("/settings/tokens", "API tokens"),
    ];
    html! {
        nav.tabs aria-label="Settings" {
            @for (href, label) in items {
                @if href == current { a.active href=(href) aria-current="page" { (label) } } @else { a href=(href) { (label) } }
            }
        }
    }
}

fn scope_help(scope: Scope) -> &'static str {
    match scope {
        Scope::TopicsRead => "read topics and posts you can see",
        Scope::TopicsWrite => "start and edit topics",
        Scope::PostsWrite => "reply, comment, edit and vote",
        Scope::AnswersAccept => "accept answers",
        Scope::ModerationRead => "read review queues you work",
        Scope::ModerationWrite => "act on review queues you work",
        Scope::UsersRead => "read your profile and members' public profiles",
        Scope::NotificationsRead => "read your notifications",
        Scope::NotificationsWrite => "mark your notifications read",
        Scope::WebhooksManage => "manage webhooks (admins)",
    }
}

/// The new-token form, on `/settings/tokens` and `/admin/tokens`.
pub struct TokenForm<'a> {
    /// Where it posts.
    pub action: &'static str,
    /// The sub-communities it may be limited to (those the member sees).
    pub communities: &'a [Community],
    pub input: &'a TokenInput,
    pub errors: &'a FieldErrors,
}

/// The sub-communities a listed token is limited to, by name.
pub fn token_limits(communities: &[Community]) -> Markup {
    html! {
        @if communities.is_empty() { "All its owner can see" }
        @else {
            @for (i, c) in communities.iter().enumerate() {
                @if i > 0 { ", " }
                (c.name)
            }
        }
    }
}

/// The fields of a new token (name, scopes, sub-communities, expiry) and its button.
pub fn token_form(page: &Page, form: &TokenForm<'_>, button: &str) -> Markup {
    let (input, errors) = (form.input, form.errors);
    let chosen = Scope::parse_list(&input.scopes).unwrap_or_default();
    html! {
        (error_summary(errors))
        form method="post" action=(form.action) novalidate {
            (csrf_field(&page.csrf))
            (Field::new("name", "Name").value(&input.name).required()
                .hint("What it is for, e.g. \"CRM sync\". Up to 80 characters.").render(errors))
            fieldset.field.has-error[errors.contains_key("scopes")] id="f-scopes" aria-describedby=[errors.get("scopes").map(|_| "f-scopes-error")] {
                legend { "Scopes" }
                @for s in Scope::ALL {
                    label.checkbox {
                        input type="checkbox" name="scopes" value=(s.as_str()) checked[chosen.contains(s)];
                        " " code { (s.as_str()) } ": " (scope_help(*s))
                    }
                }
                @if let Some(e) = errors.get("scopes") { p.error id="f-scopes-error" role="alert" { (e) } }
            }
            fieldset.field id="f-community" {
                legend { "Limit to sub-communities" }
                p.hint { "None ticked: no limit (all its owner can see)." }
                @for c in form.communities {
                    label.checkbox {
                        input type="checkbox" name="community" value=(c.slug) checked[input.communities.contains(&c.slug)];
                        " " (c.name)
                    }
                }
            }
            (Field::new("expires_days", "Expires after (days)").kind("number").value(&input.expires_days).required()
                .hint("From 1 to 365 days.").render(errors))
            button.button.primary type="submit" { (button) }
        }
    }
}

/// `/settings/tokens`: the member's tokens and the form for a new one.
pub fn tokens(page: &Page, listed: &[ListedToken], form: &TokenForm<'_>, now: Timestamp) -> Markup {
    layout(
        page,
        "API tokens",
        html! {
            h1 { "Account settings" }
            (settings_tabs("/settings/tokens"))
            section.card id="tokens" {
                h2 { "Your API tokens" }
                p { "A token lets a script or another system use the API as you, limited to the scopes you give it. "
                    "It can never do more than you can." }
                @if listed.is_empty() {
                    (empty_state("No tokens yet", html! { p { "Create one below to connect a script or another system." } }))
                } @else {
                    table.table {
                        thead { tr { th { "Name" } th { "Token" } th { "Scopes" } th { "Sub-communities" } th { "Expires" } th { "Last used" } th { span.visually-hidden { "Actions" } } } }
                        tbody {
                            @for t in listed {
                                tr {
                                    td { (t.token.name) }
                                    td { code { "…" (t.token.last_four) } }
                                    td { (t.token.scopes) }
                                    td { (token_limits(&t.communities)) }
                                    td { time datetime=(t.token.expires_at.rfc3339()) { (t.token.expires_at.date_string()) } }
                                    td { @if let Some(at) = t.token.last_used_at {
                                            time datetime=(at.rfc3339()) { (at.date_string()) }
                                            @if let Some(ip) = &t.token.last_used_ip { " from " (ip) }
                                        } @else { "Never" } }
                                    td {
                                        @if t.token.revoked_at.is_some() { span.badge { "revoked" } }
                                        @else if !t.token.is_live_at(now) { span.badge.warn { "expired" } }
                                        @else {
                                            form method="post" action={ "/settings/tokens/" (t.token.id) "/revoke" } {
                                                (csrf_field(&page.csrf))
                                                button.button.danger type="submit" aria-label={ "Revoke " (t.token.name) } { "Revoke" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.card id="new-token" {
                h2 { "New token" }
                (token_form(page, form, "Create token"))
            }
        },
    )
}

/// The one page that shows a new token's secret.
pub fn token_created(page: &Page, created: &CreatedToken, back: &str) -> Markup {
    layout(
        page,
        "Token created",
        html! {
            h1 { "Token created" }
            section.card {
                p { "Copy the token " strong { (created.token.name) } " now. "
                    strong { "It is shown only this once" } ": Parley keeps only a fingerprint of it." }
                div.field {
                    label for="token-secret" { "Your new token" }
                    input #token-secret type="text" readonly value=(created.secret) autocomplete="off" spellcheck="false";
                    p.hint { "Select it and copy it (Ctrl+C or ⌘C) into your secret store. "
                        "Send it as " code { "Authorization: Bearer …" } "." }
                }
                p { "Scopes: " (created.token.scopes) ". Expires on "
                    time datetime=(created.token.expires_at.rfc3339()) { (created.token.expires_at.date_string()) } "." }
                a.button href=(back) { "Back to the tokens" }
            }
        },
    )
}
