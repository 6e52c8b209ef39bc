//! `/admin/embedding`'s pages (pure functions of their data; a secret only on the page
//! right after create or rotate).

use maud::{html, Markup};

use crate::admin::views::admin_nav;
use crate::db::models::embed::EmbedSite;
use crate::db::Timestamp;
use crate::embed::sites::SiteInput;
use crate::error::FieldErrors;
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
fn snippets(site_id: &str, audience: &str) -> Markup {
    let node = format!(
        "const payload = Buffer.from(JSON.stringify({{ sub: user.id, email: user.email, name: user.name, exp: Math.floor(Date.now() / 1000) + 300, nonce: crypto.randomBytes(16).toString(\"hex\"), aud: \"{audience}\" }})).toString(\"base64url\");\n\
const assertion = `{site_id}.${{payload}}.` + crypto.createHmac(\"sha256\", process.env.PARLEY_CONNECT_SECRET).update(`{site_id}.${{payload}}`).digest(\"base64url\");"
    );
    let python = format!(
        "payload = base64.urlsafe_b64encode(json.dumps({{\"sub\": user.id, \"email\": user.email, \"name\": user.name, \"exp\": int(time.time()) + 300, \"nonce\": secrets.token_hex(16), \"aud\": \"{audience}\"}}).encode()).rstrip(b\"=\").decode()\n\
assertion = f\"{site_id}.{{payload}}.\" + base64.urlsafe_b64encode(hmac.new(os.environ[\"PARLEY_CONNECT_SECRET\"].encode(), f\"{site_id}.{{payload}}\".encode(), hashlib.sha256).digest()).rstrip(b\"=\").decode()"
    );
    html! {
        h3 { "Node" }
        pre.snippet { code { (node) } }
        h3 { "Python" }
        pre.snippet { code { (python) } }
        p { "Put the assertion in the widget's " code { "connect" } " attribute: "
            code { "<parley-comments community=\"…\" connect=\"…\">" } ". Make a new one for each page view." }
    }
}

pub fn page(
    page: &Page,
    sites: &[SiteRow],
    input: &SiteInput,
    errors: &FieldErrors,
    audience: &str,
) -> Markup {
    let example = sites
        .iter()
        .find(|s| s.revoked_at.is_none())
        .map(|s| s.id.as_str())
        .unwrap_or("<site id>");
    layout(
        page,
        "Embedding",
        html! {
            h1 { "Administration" }
            (admin_nav("/admin/embedding"))
            section.card #connect-about {
                h2 { "Parley Connect" }
                p { "Parley Connect signs in the visitors of your own website inside the embedded widgets, "
                    "even when the browser blocks third-party cookies: your server signs a short assertion "
                    "about its signed-in visitor with the site's secret, and Parley checks it and links the "
                    "visitor to a community account by your site's user id (never by email alone)." }
                p { "Each host site below has its own secret, shown once when it is created or rotated." }
            }
            section.card #sites {
                h2 { "Host sites" }
                @if sites.is_empty() {
                    (empty_state("No host sites yet", html! { p { "Add your website below to use Parley Connect." } }))
                } @else {
                    table.table {
                        thead { tr { th { "Name" } th { "Site id" } th { "Origins" } th { "Created" } th { "Status" } th { span.visually-hidden { "Actions" } } } }
                        tbody {
                            @for s in sites {
                                tr.site-row data-site=(s.id) {
                                    td { (s.name) }
                                    td { code { (s.id) } }
                                    td { @for o in &s.origins { code { (o) } br; } }
                                    td { time datetime=(s.created_at.rfc3339()) { (s.created_at.date_string()) } }
                                    td { @if let Some(at) = s.revoked_at {
                                            span.badge { "revoked " (at.date_string()) }
                                        } @else { "active" } }
                                    td { @if s.revoked_at.is_none() {
                                        form method="post" action={ "/admin/embedding/" (s.id) "/rotate" } {
                                            (csrf_field(&page.csrf))
                                            button.button type="submit" aria-label={ "Rotate secret for " (s.name) } { "Rotate secret" }
                                        }
                                        form method="post" action={ "/admin/embedding/" (s.id) "/delete" } {
                                            (csrf_field(&page.csrf))
                                            button.button.danger type="submit" aria-label={ "Revoke " (s.name) } { "Revoke" }
                                        }
                                    } }
                                }
                            }
                        }
                    }
                }
            }
            section.card #new-site {
                h2 { "New host site" }
                (error_summary(errors))
                form method="post" action="/admin/embedding" novalidate {
                    (csrf_field(&page.csrf))
                    (Field::new("name", "Name").value(&input.name).required().render(errors))
                    (Field::new("origins", "Origins").kind("textarea").value(&input.origins)
                        .hint("One per line, like https://www.example.com: the pages whose widgets may sign visitors in.")
                        .required().render(errors))
                    button.button type="submit" { "Create host site" }
                }
            }
            section.card #snippet {
                h2 { "On your server" }
                (snippets(example, audience))
            }
        },
    )
}

/// Right after create or rotate: the secret, once.
pub fn secret(page: &Page, site: &SiteRow, secret: &str, audience: &str) -> Markup {
    layout(
        page,
        "Host site secret",
        html! {
            h1 { "Administration" }
            (admin_nav("/admin/embedding"))
            section.card #site-secret {
                h2 { "Secret of " (site.name) }
                p { strong { "Copy it now: it will not be shown again." }
                    " Keep it on your server only (an environment variable), never in a page." }
                p { "Site id: " code #site-id { (site.id) } }
                p { "Secret: " code #site-secret-value { (secret) } }
                (snippets(&site.id, audience))
                p { a.button href="/admin/embedding" { "Done" } }
            }
        },
    )
}
