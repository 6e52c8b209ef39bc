//! `/admin/embedding`'s pages (pure functions of their data; a secret only on the page
//! right after create or rotate).

use maud::{html, Markup};

use crate::admin::views::admin_tabs;
use crate::db::models::embed::EmbedSite;
use crate::db::Timestamp;
use crate::embed::sites::SiteInput;
use crate::error::FieldErrors;
use crate::i18n::{format, Lang};
use crate::views::components::{csrf_field, empty_state, error_summary, Field};
use crate::views::{layout, Page};

/// A host site as the list shows it: never its secret.
#[derive(Debug, Clone)]
pub struct SiteRow {
    pub id: String,
    pub name: String,
    pub origins: Vec<String>,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

impl From<EmbedSite> for SiteRow {
    fn from(s: EmbedSite) -> Self {
        SiteRow {
            origins: s.origin_list().iter().map(|o| o.to_string()).collect(),
            id: s.id,
            name: s.name,
            created_at: s.created_at,
            revoked_at: s.revoked_at,
        }
    }
}

/// The two-line server snippets, with the site id (and Parley's audience) filled in.
fn snippets(lang: Lang, site_id: &str, audience: &str) -> Markup {
    let node = format!(
        "const payload = Buffer.from(JSON.stringify({{ sub: user.id, email: user.email, name: user.name, exp: Math.floor(Date.now() / 1000) + 300, nonce: crypto.randomBytes(16).toString(\"hex\"), aud: \"{audience}\" }})).toString(\"base64url\");\n\
const assertion = `{site_id}.${{payload}}.` + crypto.createHmac(\"sha256\", process.env.PARLEY_CONNECT_SECRET).update(`{site_id}.${{payload}}`).digest(\"base64url\");"
    );
    let python = format!(
        "payload = base64.urlsafe_b64encode(json.dumps({{\"sub\": user.id, \"email\": user.email, \"name\": user.name, \"exp\": int(time.time()) + 300, \"nonce\": secrets.token_hex(16), \"aud\": \"{audience}\"}}).encode()).rstrip(b\"=\").decode()\n\
assertion = f\"{site_id}.{{payload}}.\" + base64.urlsafe_b64encode(hmac.new(os.environ[\"PARLEY_CONNECT_SECRET\"].encode(), f\"{site_id}.{{payload}}\".encode(), hashlib.sha256).digest()).rstrip(b\"=\").decode()"
    );
    html! {
        h3 data-content { "Node" }
        pre.snippet { code { (node) } }
        h3 data-content { "Python" }
        pre.snippet { code { (python) } }
        p { (lang.t("embed-admin-snippet-where")) " "
            code { "<parley-comments community=\"…\" connect=\"…\">" } " " (lang.t("embed-admin-snippet-each")) }
    }
}

pub fn page(
    page: &Page,
    sites: &[SiteRow],
    input: &SiteInput,
    errors: &FieldErrors,
    audience: &str,
) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let example = sites
        .iter()
        .find(|s| s.revoked_at.is_none())
        .map(|s| s.id.as_str())
        .unwrap_or("<site id>");
    let lang = page.lang;
    let title = page.t("embed-admin-title");
    layout(
        page,
        &title,
        html! {
            h1 { (page.t("admin-title")) }
            (admin_tabs(lang, "/admin/embedding"))
            section.card #connect-about {
                h2 { (page.t("embed-admin-connect")) }
                p { (page.t("embed-admin-connect-about")) }
                p { (page.t("embed-admin-connect-secrets")) }
            }
            section.card #sites {
                h2 { (page.t("embed-admin-sites")) }
                @if sites.is_empty() {
                    (empty_state(&page.t("embed-admin-no-sites"), html! { p { (page.t("embed-admin-no-sites-hint")) } }))
                } @else {
                    table.table {
                        thead { tr { th { (page.t("embed-admin-name")) } th { (page.t("embed-admin-site-id")) } th { (page.t("embed-admin-origins")) } th { (page.t("embed-admin-created")) } th { (page.t("embed-admin-status")) } th { span.visually-hidden { (page.t("embed-admin-actions")) } } } }
                        tbody {
                            @for s in sites {
                                tr.site-row data-site=(s.id) {
                                    td data-content { (s.name) }
                                    td { code { (s.id) } }
                                    td { @for o in &s.origins { code { (o) } br; } }
                                    td { time datetime=(s.created_at.rfc3339()) { (format::date(lang, s.created_at)) } }
                                    td { @if let Some(at) = s.revoked_at {
                                            span.badge { (crate::t!(lang, "embed-admin-revoked", date = format::date(lang, at))) }
                                        } @else { (page.t("embed-admin-active")) } }
                                    td { @if s.revoked_at.is_none() {
                                        a.button href={ "/admin/embedding/" (s.id) "/edit" } aria-label=(crate::t!(lang, "embed-admin-edit-for", name = s.name.as_str())) { (page.t("embed-admin-edit")) }
                                        form method="post" action={ "/admin/embedding/" (s.id) "/rotate" } {
                                            (csrf_field(&page.csrf))
                                            button.button type="submit" aria-label=(crate::t!(lang, "embed-admin-rotate-for", name = s.name.as_str())) { (page.t("embed-admin-rotate")) }
                                        }
                                        form method="post" action={ "/admin/embedding/" (s.id) "/delete" } {
                                            (csrf_field(&page.csrf))
                                            button.button.danger type="submit" aria-label=(crate::t!(lang, "embed-admin-revoke-for", name = s.name.as_str())) { (page.t("embed-admin-revoke")) }
                                        }
                                    } }
                                }
                            }
                        }
                    }
                }
            }
            section.card #new-site {
                h2 { (page.t("embed-admin-new")) }
                (error_summary(errors))
                form method="post" action="/admin/embedding" novalidate {
                    (csrf_field(&page.csrf))
                    (Field::new("name", &page.t("embed-admin-name")).value(&input.name).required().render(errors))
                    (Field::new("origins", &page.t("embed-admin-origins")).kind("textarea").value(&input.origins)
                        .hint(&page.t("embed-admin-origins-hint"))
                        .required().render(errors))
                    button.button type="submit" { (page.t("embed-admin-create")) }
                }
            }
            section.card #snippet {
                h2 { (page.t("embed-admin-on-server")) }
                (snippets(lang, example, audience))
            }
        },
    )
}

/// Right after create or rotate: the secret, once.
pub fn secret(page: &Page, site: &SiteRow, secret: &str, audience: &str) -> Markup {
    let lang = page.lang;
    let title = page.t("embed-admin-secret-title");
    layout(
        page,
        &title,
        html! {
            h1 { (page.t("admin-title")) }
            (admin_tabs(lang, "/admin/embedding"))
            section.card #site-secret {
                h2 { (crate::t!(lang, "embed-admin-secret-of", name = site.name.as_str())) }
                p { strong { (page.t("embed-admin-secret-copy")) }
                    " " (page.t("embed-admin-secret-keep")) }
                p { (page.t("embed-admin-site-id-label")) " " code #site-id { (site.id) } }
                p { (page.t("embed-admin-secret-label")) " " code #site-secret-value { (secret) } }
                (snippets(lang, &site.id, audience))
                p { a.button href="/admin/embedding" { (page.t("embed-admin-done")) } }
            }
        },
    )
}

/// A live site's name and origins, to change (its secret is rotated, not edited).
pub fn edit_page(page: &Page, site: &SiteRow, input: &SiteInput, errors: &FieldErrors) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let title = page.t("embed-admin-edit-title");
    layout(
        page,
        &title,
        html! {
            p { a href="/admin/embedding#sites" { (page.t("embed-admin-back")) } }
            h1 { (title) }
            p { code { (site.id) } }
            (error_summary(errors))
            form.stack method="post" action={ "/admin/embedding/" (site.id) "/edit" } novalidate {
                (csrf_field(&page.csrf))
                (Field::new("name", &page.t("embed-admin-name")).value(&input.name).required().render(errors))
                (Field::new("origins", &page.t("embed-admin-origins")).kind("textarea").value(&input.origins)
                    .hint(&page.t("embed-admin-origins-hint"))
                    .required().render(errors))
                button.button.primary type="submit" { (page.t("embed-admin-save")) }
            }
        },
    )
}
