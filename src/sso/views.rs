//! Single sign-on's pages (issue 23): `/admin/sso`, the sign-in buttons on `/login`, the
//! page where an existing account proves itself before a link, and the mail that proves
//! it. Pure functions of their data.

use maud::{html, Markup};

use crate::admin::views::admin_tabs;
use crate::db::models::sso::{MappingRow, SsoProvider};
use crate::error::FieldErrors;
use crate::i18n::Lang;
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

/// The buttons under the sign-in form (nothing when no provider is enabled), in `lang`.
pub fn sign_in_buttons_in(lang: Lang, buttons: &[SignInButton], next: Option<&str>) -> Markup {
    html! {
        @if !buttons.is_empty() {
            div.sso-buttons #sso-buttons {
                p { (lang.t("sso-sign-in-with")) }
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
    /// Why the key is unusable, in the key check's own words (technical, English).
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
            (empty_state(&page.t("sso-no-provider"), html! { p { (page.t("sso-no-provider-hint")) } }))
        } @else {
            table.table #sso-providers {
                thead { tr {
                    th { (page.t("sso-col-name")) } th { (page.t("sso-col-issuer")) } th { (page.t("sso-col-client-id")) } th { (page.t("sso-col-button")) }
                    th { (page.t("sso-col-signup")) } th { (page.t("sso-col-logout")) } th { (page.t("sso-col-status")) }
                    th { span.visually-hidden { (page.t("sso-col-actions")) } }
                } }
                tbody {
                    @for p in &d.providers {
                        tr data-provider=(p.id) {
                            td { code { (p.id) } }
                            td { code { (p.issuer) } }
                            td { code { (p.client_id) } }
                            td { (p.button_label) }
                            td { (page.t(if p.allow_signup { "sso-signup-allowed" } else { "sso-signup-existing" })) }
                            td {
                                (page.t(if p.backchannel_logout { "sso-logout-supported" } else { "sso-logout-not-announced" })) " "
                                code { (d.base_url) "/auth/oidc/" (p.id) "/backchannel-logout" }
                            }
                            td { @if p.enabled { (page.t("sso-enabled")) } @else { span.badge { (page.t("sso-disabled")) } } }
                            td {
                                form method="post" action={ "/admin/sso/providers/" (p.id) "/delete" } {
                                    (csrf_field(&page.csrf))
                                    button.button.danger.small type="submit" aria-describedby="sso-delete-hint" { (page.t("sso-delete-provider")) }
                                }
                            }
                        }
                    }
                }
            }
            p.hint #sso-delete-hint { (page.t("sso-delete-provider-hint")) }
            p.hint { (page.t("sso-redirect-uri")) " "
                code { (d.base_url) "/auth/oidc/" em { (page.t("sso-redirect-name")) } "/callback" } }
        }
    }
}

fn mapping_table(page: &Page, d: &AdminData) -> Markup {
    html! {
        @if d.mappings.is_empty() {
            p { (page.t("sso-no-mapping")) }
        } @else {
            table.table #sso-mappings {
                thead { tr {
                    th { (page.t("sso-col-provider")) } th { (page.t("sso-col-group")) } th { (page.t("sso-col-grants")) }
                    th { span.visually-hidden { (page.t("sso-col-actions")) } }
                } }
                tbody {
                    @for row in &d.mappings {
                        @let m = &row.mapping;
                        tr data-mapping=(m.id) {
                            td { code { (m.provider_id) } }
                            td { code { (m.group_name) } }
                            td {
                                @match m.role.as_str() {
                                    "employee" => { (page.t("sso-grant-employee")) },
                                    "moderator" => { (crate::t!(page.lang, "sso-grant-moderator-of", community = row.community_name.as_deref().unwrap_or("?"))) },
                                    "manager" => { (crate::t!(page.lang, "sso-grant-manager-of", community = row.community_name.as_deref().unwrap_or("?"))) },
                                    other => { (other) },
                                }
                            }
                            td {
                                form method="post" action={ "/admin/sso/mappings/" (m.id) "/delete" } {
                                    (csrf_field(&page.csrf))
                                    button.button.danger type="submit" { (page.t("sso-remove")) }
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
    let errors = &errors.in_lang(page.lang);
    let lang = page.lang;
    let secret_hint = page.t("sso-secret-hint");
    layout(
        page,
        &page.t("sso-title"),
        html! {
            h1 { (page.t("admin-title")) }
            (admin_tabs(lang, "/admin/sso"))
            @if let Some(problem) = &d.key_problem {
                section.card.notice #sso-key-missing {
                    h2 { (page.t("sso-key-needed")) }
                    p { (crate::t!(lang, "sso-key-problem", reason = problem.as_str())) " " (crate::t!(lang, "sso-key-help",
                        setting = "[sso] encryption_key",
                        env = "PARLEY_SSO__ENCRYPTION_KEY",
                        command = "openssl rand -base64 32")) }
                }
            }
            section.card #providers {
                h2 { (page.t("sso-providers")) }
                (provider_table(page, d))
            }
            section.card #provider-form {
                h2 { (page.t("sso-provider-form")) }
                (error_summary(errors))
                form method="post" action="/admin/sso" novalidate {
                    (csrf_field(&page.csrf))
                    (Field::new("id", &page.t("sso-field-name")).value(&provider.id).required()
                        .hint(&page.t("sso-field-name-hint")).render(errors))
                    (Field::new("issuer", &page.t("sso-field-issuer")).value(&provider.issuer).required()
                        .hint(&page.t("sso-field-issuer-hint")).render(errors))
                    (Field::new("client_id", &page.t("sso-field-client-id")).value(&provider.client_id).required().render(errors))
                    (Field::new("client_secret", &page.t("sso-field-client-secret")).kind("password").hint(&secret_hint).render(errors))
                    (Field::new("scopes", &page.t("sso-field-scopes")).value(&provider.scopes).hint(&page.t("sso-field-scopes-hint")).render(errors))
                    (Field::new("button_label", &page.t("sso-field-button")).value(&provider.button_label).required().render(errors))
                    (Field::new("groups_claim", &page.t("sso-field-groups")).value(&provider.groups_claim).hint(&page.t("sso-field-groups-hint")).render(errors))
                    label.checkbox { input type="checkbox" name="allow_signup" value="on" checked[provider.allow_signup.is_some()]; " " (page.t("sso-field-allow-signup")) }
                    label.checkbox { input type="checkbox" name="enabled" value="on" checked[provider.enabled.is_some()]; " " (page.t("sso-field-enabled")) }
                    button.button.primary type="submit" disabled[d.key_problem.is_some()] { (page.t("sso-save-provider")) }
                }
            }
            section.card #mapping-form {
                h2 { (page.t("sso-mappings")) }
                p { (page.t("sso-mappings-intro")) }
                (mapping_table(page, d))
                @if !d.providers.is_empty() {
                    form method="post" action="/admin/sso/mappings" novalidate {
                        (csrf_field(&page.csrf))
                        label for="provider_id" { (page.t("sso-field-provider")) }
                        select #provider_id name="provider_id" {
                            @for p in &d.providers { option value=(p.id) selected[mapping.provider_id == p.id] { (p.id) } }
                        }
                        (Field::new("group_name", &page.t("sso-field-group")).value(&mapping.group_name).required().render(errors))
                        label for="role" { (page.t("sso-field-grants")) }
                        select #role name="role" {
                            option value="employee" selected[mapping.role == "employee"] { (page.t("sso-grant-employee")) }
                            option value="moderator" selected[mapping.role == "moderator"] { (page.t("sso-grant-moderator")) }
                            option value="manager" selected[mapping.role == "manager"] { (page.t("sso-grant-manager")) }
                        }
                        label for="community_id" { (page.t("sso-field-community")) }
                        select #community_id name="community_id" {
                            option value="" { "—" }
                            @for (id, name) in &d.communities { option value=(id) selected[&mapping.community_id == id] { (name) } }
                        }
                        @if let Some(e) = errors.get("community_id") { p.field-error { (e) } }
                        button.button type="submit" { (page.t("sso-add-mapping")) }
                    }
                }
            }
            section.card #sso-require {
                h2 { (page.t("sso-require")) }
                p { (page.t("sso-employee-domains")) " " @if d.employee_domains.is_empty() { em { (page.t("sso-none-set")) } } @else { code { (d.employee_domains) } } " ("
                    a href="/admin/settings" { (page.t("sso-change")) } ")" }
                form method="post" action="/admin/sso/settings" {
                    (csrf_field(&page.csrf))
                    label.checkbox { input type="checkbox" name="require" value="on" checked[d.require_for_employee_domains];
                        " " (page.t("sso-require-field")) }
                    button.button type="submit" { (page.t("sso-save")) }
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
    let title = page.t("sso-link-title");
    layout(
        page,
        &title,
        html! {
            section.card.narrow #sso-prove {
                h1 { (title) }
                p { (crate::t!(page.lang, "sso-link-intro", provider = provider, username = username)) }
                @if mailed {
                    p.notice #sso-mailed { (page.t("sso-link-mailed")) }
                }
                (error_summary(&errors))
                form method="post" action={ "/auth/oidc/link/" (token) } {
                    (csrf_field(&page.csrf))
                    (Field::new("password", &page.t("sso-link-password")).kind("password").required().autocomplete("current-password").render(&errors))
                    button.button.primary type="submit" { (page.t("sso-link-submit")) }
                }
                form method="post" action={ "/auth/oidc/link/" (token) "/mail" } {
                    (csrf_field(&page.csrf))
                    button.button type="submit" { (page.t("sso-link-by-mail")) }
                }
            }
        },
    )
}

/// The mailed link's landing page: a button, so mail scanners that open links link nothing.
pub fn mail_confirm_page(page: &Page, token: &str, provider: &str) -> Markup {
    let title = page.t("sso-link-title");
    layout(
        page,
        &title,
        html! {
            section.card.narrow #sso-mail-confirm {
                h1 { (title) }
                p { (crate::t!(page.lang, "sso-link-confirm", provider = provider)) }
                form method="post" action={ "/auth/oidc/link/mail/" (token) } {
                    (csrf_field(&page.csrf))
                    button.button.primary type="submit" { (page.t("sso-link-submit")) }
                }
            }
        },
    )
}
