use maud::{html, Markup};

use crate::accounts::tokens::{CreatedToken, ListedToken, TokenInput};
use crate::db::models::communities::Community;
use crate::db::models::sessions::Session;
use crate::db::models::users::User;
use crate::db::{Scope, Timestamp};
use crate::domain::Password;
use crate::error::FieldErrors;
use crate::i18n::format::date;
use crate::views::components::{csrf_field, empty_state, error_summary, Field};
use crate::views::{layout, Page};

pub fn signup(page: &Page, username: &str, email: &str, errors: &FieldErrors) -> Markup {
    let errors = &errors.in_lang(page.lang);
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
    let pw_hint = crate::t!(
        page.lang,
        "account-password-hint",
        min = Password::MIN,
        max = Password::MAX
    );
    let errors = &errors.in_lang(page.lang);
    layout(
        page,
        &page.t("account-signup-title"),
        html! {
            section.card.narrow {
                h1 { (page.t("account-signup-heading")) }
                p.lead { (page.t("account-signup-lead")) }
                (error_summary(errors))
                form method="post" action="/signup" novalidate {
                    (csrf_field(&page.csrf))
                    @if let Some(token) = invitation {
                        input type="hidden" name="invitation" value=(token);
                    }
                    (Field::new("username", &page.t("account-username")).value(username).required().autocomplete("username")
                        .hint(&page.t("account-username-hint")).render(errors))
                    (Field::new("email", &page.t("account-email")).kind("email").value(email).required().autocomplete("email")
                        .hint(&page.t("account-email-hint")).render(errors))
                    (Field::new("password", &page.t("account-password")).kind("password").required().autocomplete("new-password")
                        .hint(&pw_hint).render(errors))
                    label.checkbox {
                        input type="checkbox" name="weekly_digest" value="on";
                        " " (page.t("account-weekly-digest"))
                    }
                    button.button.primary type="submit" { (page.t("account-signup-button")) }
                }
                p { (page.t("account-have-account")) " " a href="/login" { (page.t("account-sign-in-link")) } }
            }
        },
    )
}

pub fn confirm(page: &Page, token: &str) -> Markup {
    layout(
        page,
        &page.t("account-confirm-title"),
        html! {
            section.card.narrow {
                h1 { (page.t("account-confirm-heading")) }
                p { (page.t("account-confirm-lead")) }
                form method="post" action={ "/confirm/" (token) } {
                    (csrf_field(&page.csrf))
                    button.button.primary type="submit" { (page.t("account-confirm-button")) }
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
        &page.t("account-login-title"),
        html! {
            section.card.narrow {
                h1 { (page.t("account-login-title")) }
                (error_summary(&errors))
                form method="post" action="/login" {
                    (csrf_field(&page.csrf))
                    @if let Some(n) = next { input type="hidden" name="next" value=(n); }
                    (Field::new("login", &page.t("account-login-field")).value(login).required().autocomplete("username").render(&errors))
                    (Field::new("password", &page.t("account-password")).kind("password").required().autocomplete("current-password").render(&FieldErrors::new()))
                    button.button.primary type="submit" { (page.t("account-login-button")) }
                }
                (crate::sso::views::sign_in_buttons_in(page.lang, sso, next))
                p { a href="/password/reset" { (page.t("account-forgot-password")) } }
                p { (page.t("account-new-here")) " " a href="/signup" { (page.t("account-create-account")) } }
            }
        },
    )
}

pub fn reset_request(page: &Page, email: &str, errors: &FieldErrors) -> Markup {
    let errors = &errors.in_lang(page.lang);
    layout(
        page,
        &page.t("account-reset-title"),
        html! {
            section.card.narrow {
                h1 { (page.t("account-reset-title")) }
                p { (page.t("account-reset-lead")) }
                (error_summary(errors))
                form method="post" action="/password/reset" {
                    (csrf_field(&page.csrf))
                    (Field::new("email", &page.t("account-email")).kind("email").value(email).required().autocomplete("email").render(errors))
                    button.button.primary type="submit" { (page.t("account-reset-button")) }
                }
            }
        },
    )
}

pub fn reset_password(page: &Page, token: &str, errors: &FieldErrors) -> Markup {
    let errors = &errors.in_lang(page.lang);
    layout(
        page,
        &page.t("account-new-password-title"),
        html! {
            section.card.narrow {
                h1 { (page.t("account-new-password-title")) }
                (error_summary(errors))
                form method="post" action={ "/password/reset/" (token) } {
                    (csrf_field(&page.csrf))
                    (Field::new("password", &page.t("account-new-password")).kind("password").required().autocomplete("new-password").render(errors))
                    button.button.primary type="submit" { (page.t("account-new-password-button")) }
                }
                p.hint { (page.t("account-new-password-hint")) }
            }
        },
    )
}

pub fn email_change_confirm(page: &Page, token: &str) -> Markup {
    layout(
        page,
        &page.t("account-email-change-title"),
        html! {
            section.card.narrow {
                h1 { (page.t("account-email-change-heading")) }
                p { (page.t("account-email-change-lead")) }
                form method="post" action={ "/settings/email/confirm/" (token) } {
                    (csrf_field(&page.csrf))
                    button.button.primary type="submit" { (page.t("account-email-change-button")) }
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
    privacy: &crate::privacy::views::AccountSection,
) -> Markup {
    let errors = &errors.in_lang(page.lang);
    layout(
        page,
        &page.t("account-settings-title"),
        html! {
            h1 { (page.t("account-settings-title")) }
            (settings_tabs(page, "/settings/account"))
            (error_summary(errors))
            section.card id="email" {
                h2 { (page.t("account-email-heading")) }
                p { (page.t("account-current-address")) " " strong data-content { (user.email) }
                    @if user.email_confirmed_at.is_some() { " " span.badge { (page.t("account-confirmed")) } } @else { " " span.badge.warn { (page.t("account-not-confirmed")) } } }
                @if user.email_confirmed_at.is_none() {
                    form method="post" action="/settings/email/resend" {
                        (csrf_field(&page.csrf))
                        button.button type="submit" { (page.t("account-resend-confirmation")) }
                    }
                }
                form method="post" action="/settings/email" {
                    (csrf_field(&page.csrf))
                    (Field::new("email", &page.t("account-new-email")).kind("email").required().autocomplete("email").render(errors))
                    (Field::new("current_password", &page.t("account-current-password")).kind("password").required().autocomplete("current-password").render(errors))
                    button.button type="submit" { (page.t("account-change-email")) }
                }
            }
            section.card id="password" {
                h2 { (page.t("account-password-heading")) }
                form method="post" action="/settings/password" {
                    (csrf_field(&page.csrf))
                    (Field::new("current_password", &page.t("account-current-password")).kind("password").required().autocomplete("current-password").render(errors))
                    (Field::new("new_password", &page.t("account-new-password")).kind("password").required().autocomplete("new-password")
                        .hint(&page.t("account-new-password-change-hint")).render(errors))
                    button.button type="submit" { (page.t("account-change-password")) }
                }
            }
            section.card id="sessions" {
                h2 { (page.t("account-sessions-heading")) }
                table.table {
                    thead { tr { th { (page.t("account-session-device")) } th { (page.t("account-session-address")) } th { (page.t("account-session-last-active")) } } }
                    tbody {
                        @for s in sessions {
                            tr {
                                td { @if s.user_agent.is_empty() { (page.t("account-session-unknown")) } @else { span data-content { (s.user_agent) } }
                                     @if s.id_hash == current_hash { " " span.badge { (page.t("account-session-this-browser")) } } }
                                td { (s.ip) }
                                td { time datetime=(s.last_seen_at.rfc3339()) { (date(page.lang, s.last_seen_at)) } }
                            }
                        }
                    }
                }
                form method="post" action="/logout/all" {
                    (csrf_field(&page.csrf))
                    button.button.danger type="submit" { (page.t("account-sign-out-everywhere")) }
                }
            }
            // Issue 22: data export and account deletion.
            (crate::privacy::views::account_section(page, privacy, errors))
        },
    )
}

/// The settings pages' tabs, `current` marked.
pub fn settings_tabs(page: &Page, current: &str) -> Markup {
    let items = [
        ("/settings/profile", page.t("account-tab-profile")),
        ("/settings/account", page.t("account-tab-account")),
        ("/settings/tokens", page.t("account-tab-tokens")),
    ];
    html! {
        nav.tabs aria-label=(page.t("account-settings-tabs")) {
            @for (href, label) in items {
                @if href == current { a.active href=(href) aria-current="page" { (label) } } @else { a href=(href) { (label) } }
            }
        }
    }
}

fn scope_help(scope: Scope) -> &'static str {
    match scope {
        Scope::TopicsRead => "account-scope-topics-read",
        Scope::TopicsWrite => "account-scope-topics-write",
        Scope::PostsWrite => "account-scope-posts-write",
        Scope::AnswersAccept => "account-scope-answers-accept",
        Scope::ModerationRead => "account-scope-moderation-read",
        Scope::ModerationWrite => "account-scope-moderation-write",
        Scope::UsersRead => "account-scope-users-read",
        Scope::NotificationsRead => "account-scope-notifications-read",
        Scope::NotificationsWrite => "account-scope-notifications-write",
        Scope::WebhooksManage => "account-scope-webhooks-manage",
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
pub fn token_limits(page: &Page, communities: &[Community]) -> Markup {
    html! {
        @if communities.is_empty() { (page.t("account-token-no-limit")) }
        @else {
            span data-content {
                @for (i, c) in communities.iter().enumerate() {
                    @if i > 0 { ", " }
                    (c.name)
                }
            }
        }
    }
}

/// The fields of a new token (name, scopes, sub-communities, expiry) and its button.
pub fn token_form(page: &Page, form: &TokenForm<'_>, button: &str) -> Markup {
    let input = form.input;
    let errors = &form.errors.in_lang(page.lang);
    let chosen = Scope::parse_list(&input.scopes).unwrap_or_default();
    html! {
        (error_summary(errors))
        form method="post" action=(form.action) novalidate {
            (csrf_field(&page.csrf))
            (Field::new("name", &page.t("account-token-name")).value(&input.name).required()
                .hint(&page.t("account-token-name-hint")).render(errors))
            fieldset.field.has-error[errors.contains_key("scopes")] id="f-scopes" aria-describedby=[errors.get("scopes").map(|_| "f-scopes-error")] {
                legend { (page.t("account-token-scopes")) }
                @for s in Scope::ALL {
                    label.checkbox {
                        input type="checkbox" name="scopes" value=(s.as_str()) checked[chosen.contains(s)];
                        " " code { (s.as_str()) } ": " (page.t(scope_help(*s)))
                    }
                }
                @if let Some(e) = errors.get("scopes") { p.error id="f-scopes-error" role="alert" { (e) } }
            }
            fieldset.field id="f-community" {
                legend { (page.t("account-token-limit")) }
                p.hint { (page.t("account-token-limit-hint")) }
                @for c in form.communities {
                    label.checkbox {
                        input type="checkbox" name="community" value=(c.slug) checked[input.communities.contains(&c.slug)];
                        " " span data-content { (c.name) }
                    }
                }
            }
            (Field::new("expires_days", &page.t("account-token-expires-days")).kind("number").value(&input.expires_days).required()
                .hint(&page.t("account-token-expires-days-hint")).render(errors))
            button.button.primary type="submit" { (button) }
        }
    }
}

/// `/settings/tokens`: the member's tokens and the form for a new one.
pub fn tokens(page: &Page, listed: &[ListedToken], form: &TokenForm<'_>, now: Timestamp) -> Markup {
    layout(
        page,
        &page.t("account-tokens-title"),
        html! {
            h1 { (page.t("account-settings-title")) }
            (settings_tabs(page, "/settings/tokens"))
            section.card id="tokens" {
                h2 { (page.t("account-tokens-heading")) }
                p { (page.t("account-tokens-lead")) }
                @if listed.is_empty() {
                    (empty_state(&page.t("account-tokens-empty"), html! { p { (page.t("account-tokens-empty-hint")) } }))
                } @else {
                    table.table {
                        thead { tr { th { (page.t("account-token-name")) } th { (page.t("account-token-secret-column")) } th { (page.t("account-token-scopes")) } th { (page.t("account-token-communities")) } th { (page.t("account-token-expires")) } th { (page.t("account-token-last-used")) } th { span.visually-hidden { (page.t("account-token-actions")) } } } }
                        tbody {
                            @for t in listed {
                                tr {
                                    td data-content { (t.token.name) }
                                    td { code { "…" (t.token.last_four) } }
                                    td { code { (t.token.scopes) } }
                                    td { (token_limits(page, &t.communities)) }
                                    td { time datetime=(t.token.expires_at.rfc3339()) { (date(page.lang, t.token.expires_at)) } }
                                    td { @if let Some(at) = t.token.last_used_at {
                                            time datetime=(at.rfc3339()) { (date(page.lang, at)) }
                                            @if let Some(ip) = &t.token.last_used_ip { " " (crate::t!(page.lang, "account-token-from", ip = ip.as_str())) }
                                        } @else { (page.t("account-token-never")) } }
                                    td {
                                        @if t.token.revoked_at.is_some() { span.badge { (page.t("account-token-revoked")) } }
                                        @else if !t.token.is_live_at(now) { span.badge.warn { (page.t("account-token-expired")) } }
                                        @else {
                                            form method="post" action={ "/settings/tokens/" (t.token.id) "/revoke" } {
                                                (csrf_field(&page.csrf))
                                                button.button.danger type="submit" aria-label=(crate::t!(page.lang, "account-token-revoke-label", name = t.token.name.as_str())) { (page.t("account-token-revoke")) }
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
                h2 { (page.t("account-token-new")) }
                (token_form(page, form, &page.t("account-token-create")))
            }
        },
    )
}

/// The one page that shows a new token's secret.
pub fn token_created(page: &Page, created: &CreatedToken, back: &str) -> Markup {
    layout(
        page,
        &page.t("account-token-created-title"),
        html! {
            h1 { (page.t("account-token-created-title")) }
            section.card {
                p { (crate::t!(page.lang, "account-token-copy-now", name = created.token.name.as_str())) " "
                    strong { (page.t("account-token-shown-once")) } (page.t("account-token-fingerprint")) }
                div.field {
                    label for="token-secret" { (page.t("account-token-yours")) }
                    input #token-secret type="text" readonly value=(created.secret) autocomplete="off" spellcheck="false";
                    p.hint { (page.t("account-token-copy-hint")) " " code { "Authorization: Bearer …" } "." }
                }
                p { (crate::t!(page.lang, "account-token-summary", scopes = created.token.scopes.as_str(), date = date(page.lang, created.token.expires_at))) }
                a.button href=(back) { (page.t("account-token-back")) }
            }
        },
    )
}
