//! Single sign-on's pages (issue 23): `/admin/sso`, the sign-in buttons on `/login`, the
//! page where an existing account proves itself before a link, and the mail that proves
//! it. Pure functions of their data.

use maud::{html, Markup};

use crate::admin::views::admin_nav;
use crate::db::models::settings::SiteSettings;
use crate::db::models::sso::{MappingRow, SsoProvider};
use crate::error::FieldErrors;
use crate::mail::{Email, MailMeta};
use crate::views::components::{csrf_field, empty_state, error_summary, Field};
use crate::views::{layout, Page};

/// Why a password sign-in or reset is refused for an address that signs in with SSO.
pub const SSO_ONLY: &str =
    "This address signs in with single sign-on: use your company's button on the sign-in page.";

/// One provider's button on the sign-in page.
#[derive(Debug, Clone)]
pub struct SignInButton {
    pub id: String,
    pub label: String,
}

/// The buttons under the sign-in form (nothing when no provider is enabled).
pub fn sign_in_buttons(buttons: &[SignInButton], next: Option<&str>) -> Markup {
    html! {
        @if !buttons.is_empty() {
            div.sso-buttons #sso-buttons {
                p { "Or sign in with your company account:" }
                @for b in buttons {
                    form method="get" action={ "/auth/oidc/" (b.id) "/start" } {
                        @if let Some(n) = next { input type="hidden" name="next" value=(n); }
                        button.button type="submit" data-provider=(b.id) { (b.label) }
                    }
                }
            }
        }
    }
}

/// The provider form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ProviderInput {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub client_secret: String,
    #[serde(default)]
    pub scopes: String,
    #[serde(default)]
    pub button_label: String,
    #[serde(default)]
    pub groups_claim: String,
    #[serde(default)]
    pub allow_signup: Option<String>,
    #[serde(default)]
    pub enabled: Option<String>,
}

/// The mapping form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct MappingInput {
    #[serde(default)]
    pub provider_id: String,
    #[serde(default)]
    pub group_name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub community_id: String,
}

pub struct AdminData {
    /// Why providers cannot be saved (no or a bad encryption key), if so.
    pub key_problem: Option<String>,
    pub providers: Vec<SsoProvider>,
    pub mappings: Vec<MappingRow>,
    /// Every sub-community, for the mapping form: (id, name).
    pub communities: Vec<(String, String)>,
    pub require_for_employee_domains: bool,
    pub employee_domains: String,
    pub base_url: String,
}

fn provider_table(page: &Page, d: &AdminData) -> Markup {
    html! {
        @if d.providers.is_empty() {
            (empty_state("No identity provider yet", html! { p { "Add your company's OpenID Connect provider below." } }))
        } @else {
            table.table #sso-providers {
                thead { tr { th { "Name" } th { "Issuer" } th { "Client id" } th { "Button" } th { "Sign-up" } th { "Back-channel logout" } th { "Status" } } }
                tbody {
                    @for p in &d.providers {
                        tr data-provider=(p.id) {
                            td { code { (p.id) } }
                            td { code { (p.issuer) } }
                            td { code { (p.client_id) } }
                            td { (p.button_label) }
                            td { @if p.allow_signup { "allowed" } @else { "existing accounts only" } }
                            td {
                                @if p.backchannel_logout { "supported: " } @else { "not announced: " }
                                code { (d.base_url) "/auth/oidc/" (p.id) "/backchannel-logout" }
                            }
                            td { @if p.enabled { "enabled" } @else { span.badge { "disabled" } } }
                        }
                    }
                }
            }
            p.hint { "Redirect URI to register at the provider: "
                code { (d.base_url) "/auth/oidc/" em { "name" } "/callback" } "." }
        }
        @let _ = page;
    }
}

fn mapping_table(page: &Page, d: &AdminData) -> Markup {
    html! {
        @if d.mappings.is_empty() {
            p { "No mapping yet: signing in gives no role." }
        } @else {
            table.table #sso-mappings {
                thead { tr { th { "Provider" } th { "Group" } th { "Grants" } th { span.visually-hidden { "Actions" } } } }
                tbody {
                    @for row in &d.mappings {
                        @let m = &row.mapping;
                        tr data-mapping=(m.id) {
                            td { code { (m.provider_id) } }
                            td { code { (m.group_name) } }
                            td {
                                @match m.role.as_str() {
                                    "employee" => { "Employee (badge and brand voice)" },
                                    "moderator" => { "Moderator of " (row.community_name.as_deref().unwrap_or("?")) },
                                    "manager" => { "Manager of " (row.community_name.as_deref().unwrap_or("?")) },
                                    other => { (other) },
                                }
                            }
                            td {
                                form method="post" action={ "/admin/sso/mappings/" (m.id) "/delete" } {
                                    (csrf_field(&page.csrf))
                                    button.button.danger type="submit" { "Remove" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn admin_page(
    page: &Page,
    d: &AdminData,
    provider: &ProviderInput,
    mapping: &MappingInput,
    errors: &FieldErrors,
) -> Markup {
    let secret_hint =
        "Stored encrypted. Leave empty to keep the stored secret of an existing provider.";
    layout(
        page,
        "Single sign-on",
        html! {
            h1 { "Administration" }
            (admin_nav("/admin/sso"))
            @if let Some(problem) = &d.key_problem {
                section.card.notice #sso-key-missing {
                    h2 { "Encryption key needed" }
                    p { (problem) " Client secrets and refresh tokens are stored encrypted: set "
                        code { "[sso] encryption_key" } " (or " code { "PARLEY_SSO__ENCRYPTION_KEY" }
                        ") to the base64 of 32 random bytes, for instance the output of "
                        code { "openssl rand -base64 32" } ", and restart. Until then no provider can be saved." }
                }
            }
            section.card #providers {
                h2 { "Identity providers" }
                (provider_table(page, d))
            }
            section.card #provider-form {
                h2 { "Add or change a provider" }
                (error_summary(errors))
                form method="post" action="/admin/sso" novalidate {
                    (csrf_field(&page.csrf))
                    (Field::new("id", "Name").value(&provider.id).required()
                        .hint("Lower-case letters, digits and dashes, used in the URLs (e.g. keycloak). An existing name changes that provider.").render(errors))
                    (Field::new("issuer", "Issuer URL").value(&provider.issuer).required()
                        .hint("Its discovery document is read from ISSUER/.well-known/openid-configuration.").render(errors))
                    (Field::new("client_id", "Client id").value(&provider.client_id).required().render(errors))
                    (Field::new("client_secret", "Client secret").kind("password").hint(secret_hint).render(errors))
                    (Field::new("scopes", "Scopes").value(&provider.scopes).hint("Space separated; openid is added if missing.").render(errors))
                    (Field::new("button_label", "Button label").value(&provider.button_label).required().render(errors))
                    (Field::new("groups_claim", "Groups claim").value(&provider.groups_claim).hint("The ID token claim that lists the member's groups (e.g. groups).").render(errors))
                    label.checkbox { input type="checkbox" name="allow_signup" value="on" checked[provider.allow_signup.is_some()]; " A first sign-in creates an account" }
                    label.checkbox { input type="checkbox" name="enabled" value="on" checked[provider.enabled.is_some()]; " Enabled (its button is on the sign-in page)" }
                    button.button.primary type="submit" disabled[d.key_problem.is_some()] { "Save provider" }
                }
            }
            section.card #mapping-form {
                h2 { "Roles from groups" }
                p { "At every sign-in the member's groups give these roles, and roles that single sign-on gave earlier are taken back when the group is gone. Roles given by hand are not touched." }
                (mapping_table(page, d))
                @if !d.providers.is_empty() {
                    form method="post" action="/admin/sso/mappings" novalidate {
                        (csrf_field(&page.csrf))
                        label for="provider_id" { "Provider" }
                        select #provider_id name="provider_id" {
                            @for p in &d.providers { option value=(p.id) selected[mapping.provider_id == p.id] { (p.id) } }
                        }
                        (Field::new("group_name", "Group").value(&mapping.group_name).required().render(errors))
                        label for="role" { "Grants" }
                        select #role name="role" {
                            option value="employee" selected[mapping.role == "employee"] { "Employee (badge and brand voice)" }
                            option value="moderator" selected[mapping.role == "moderator"] { "Moderator of a sub-community" }
                            option value="manager" selected[mapping.role == "manager"] { "Manager of a sub-community" }
                        }
                        label for="community_id" { "Sub-community (moderator or manager)" }
                        select #community_id name="community_id" {
                            option value="" { "—" }
                            @for (id, name) in &d.communities { option value=(id) selected[&mapping.community_id == id] { (name) } }
                        }
                        @if let Some(e) = errors.get("community_id") { p.field-error { (e) } }
                        button.button type="submit" { "Add mapping" }
                    }
                }
            }
            section.card #sso-require {
                h2 { "Employees sign in with single sign-on" }
                p { "Employee email domains: " @if d.employee_domains.is_empty() { em { "none set" } } @else { code { (d.employee_domains) } } " ("
                    a href="/admin/settings" { "change" } ")." }
                form method="post" action="/admin/sso/settings" {
                    (csrf_field(&page.csrf))
                    label.checkbox { input type="checkbox" name="require" value="on" checked[d.require_for_employee_domains];
                        " Require single sign-on for addresses in the employee domains: their password sign-in and password reset are refused, and their employee badge comes only from the provider's groups" }
                    button.button type="submit" { "Save" }
                }
            }
        },
    )
}

/// The page where an account with the same address proves itself before the link.
pub fn prove_page(
    page: &Page,
    token: &str,
    provider: &str,
    username: &str,
    error: Option<&str>,
    mailed: bool,
) -> Markup {
    let mut errors = FieldErrors::new();
    if let Some(e) = error {
        errors.insert("password", e.to_string());
    }
    layout(
        page,
        "Link your account",
        html! {
            section.card.narrow #sso-prove {
                h1 { "Link your account" }
                p { "An account with the email address of your " code { (provider) } " identity already exists ("
                    strong { (username) } "). To use single sign-on with it, show that it is yours: an email address alone never links accounts." }
                @if mailed {
                    p.notice #sso-mailed { "If you own that account, a link to finish is on its way to its address. It works once, for one hour." }
                }
                (error_summary(&errors))
                form method="post" action={ "/auth/oidc/link/" (token) } {
                    (csrf_field(&page.csrf))
                    (Field::new("password", "Password of that account").kind("password").required().autocomplete("current-password").render(&errors))
                    button.button.primary type="submit" { "Link and sign in" }
                }
                form method="post" action={ "/auth/oidc/link/" (token) "/mail" } {
                    (csrf_field(&page.csrf))
                    button.button type="submit" { "Email me a link instead" }
                }
            }
        },
    )
}

/// The mailed link's landing page: a button, so mail scanners that open links link nothing.
pub fn mail_confirm_page(page: &Page, token: &str, provider: &str) -> Markup {
    layout(
        page,
        "Link your account",
        html! {
            section.card.narrow #sso-mail-confirm {
                h1 { "Link your account" }
                p { "Link your account to your " code { (provider) } " identity and sign in?" }
                form method="post" action={ "/auth/oidc/link/mail/" (token) } {
                    (csrf_field(&page.csrf))
                    button.button.primary type="submit" { "Link and sign in" }
                }
            }
        },
    )
}

pub fn link_mail(
    brand: &SiteSettings,
    to: &str,
    username: &str,
    provider: &str,
    link: &str,
) -> Email {
    let site = &brand.site_name;
    let subject = format!("Link your {site} account to single sign-on");
    let text = format!(
        "Hello {username},\n\nSomeone signed in with the identity provider {provider} using this address and asked to link it to your {site} account. To link it, open:\n\n{link}\n\nThe link works once and expires in one hour. If this was not you, ignore this message: nothing is linked.\n"
    );
    let body = html! {
        p { "Hello " (username) "," }
        p { "Someone signed in with the identity provider " (provider) " using this address and asked to link it to your " (site) " account." }
        p { a href=(link) { "Link my account" } }
        p { "The link works once and expires in one hour. If this was not you, ignore this message: nothing is linked." }
    };
    Email {
        kind: "sso_link",
        to: to.to_string(),
        subject,
        text,
        html: body.into_string(),
        meta: MailMeta::default(),
    }
}
