//! `parley serve --demo`'s example corporate page: "Acme Widgets — Widget Pro 3000", a
//! product page on a second port that embeds every widget, so a newcomer sees the
//! integration at once. It is served as a different site from Parley (`localhost` beside
//! `127.0.0.1`, or the reverse), with its own strict CSP that allows scripts, fetches and
//! frames from Parley's origin only, so what works here works on a real corporate site.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::{web, App, HttpResponse, HttpServer};
use maud::{html, Markup, DOCTYPE};

use crate::embed::settings::snippets;
use crate::i18n::Lang;

/// The product page's path and its comment thread's key.
pub const PAGE_PATH: &str = "/products/widget-pro-3000";
pub const PAGE_KEY: &str = "widget-pro-3000";
/// The sub-communities the page shows (the demo's Widgets and its French sister).
pub const COMMUNITY: &str = "widgets";
pub const FRENCH_COMMUNITY: &str = "widgets-fr";

/// Where the host page is, as a browser sees it.
#[derive(Debug, Clone)]
pub struct HostSite {
    /// Parley's public base URL (no trailing slash): the loader and the frames come from it.
    pub parley: String,
    /// The host page's origin, `http://localhost:<port>`.
    pub origin: String,
    /// The host site's Parley Connect credentials, to sign its demo visitor in.
    pub connect: Option<DemoConnect>,
}

/// What the company's backend holds to sign Parley Connect assertions.
#[derive(Debug, Clone)]
pub struct DemoConnect {
    pub site_id: String,
    pub secret: String,
}

impl DemoConnect {
    /// A fresh assertion (its own nonce: each widget needs one) for the demo visitor,
    /// as the README's two-line server snippet makes it.
    pub fn assertion(&self, audience: &str) -> String {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        use hmac::{Hmac, Mac};
        let exp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() + 240)
            .unwrap_or_default();
        let claims = serde_json::json!({
            "sub": "acme-crm-1042",
            "email": "dana.visitor@acme-customer.example",
            "name": "Dana Visitor",
            "exp": exp,
            "nonce": crate::auth::secret::random_token(),
            "aud": audience,
        });
        let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
        let signed = format!("{}.{payload}", self.site_id);
        let signature = match Hmac::<sha2::Sha256>::new_from_slice(self.secret.as_bytes()) {
            Ok(mut mac) => {
                mac.update(signed.as_bytes());
                URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
            }
            Err(_) => String::new(),
        };
        format!("{signed}.{signature}")
    }
}

impl HostSite {
    /// The host page for a server on `port` beside Parley at `parley`: `localhost` when
    /// Parley is on an address (`127.0.0.1`), else `127.0.0.1`, so the two are different
    /// sites and nothing works by accident through shared cookies.
    pub fn beside(parley: &str, port: u16) -> Self {
        let parley_host = url::Url::parse(parley)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        let host = if parley_host == "localhost" {
            "127.0.0.1"
        } else {
            "localhost"
        };
        Self {
            parley: parley.trim_end_matches('/').to_string(),
            origin: format!("http://{host}:{port}"),
            connect: None,
        }
    }

    /// The product page's full URL (the canonical URL of its comment thread).
    pub fn page_url(&self) -> String {
        format!("{}{PAGE_PATH}", self.origin)
    }

    /// The URL prefix under which the demo's page threads may start.
    pub fn url_prefix(&self) -> String {
        format!("{}/products/", self.origin)
    }

    fn parley_origin(&self) -> String {
        url::Url::parse(&self.parley)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_else(|_| self.parley.clone())
    }

    /// The page's own CSP: scripts, fetches and frames from itself and Parley only.
    pub fn csp(&self) -> String {
        let p = self.parley_origin();
        format!(
            "default-src 'self'; script-src 'self' {p}; connect-src 'self' {p}; frame-src {p}; \
             style-src 'self'; img-src 'self' {p} data:; base-uri 'none'; object-src 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        )
    }
}

/// The port of `bind` (`host:port`), for [`HostSite::beside`].
pub fn port_of(bind: &str) -> Option<u16> {
    bind.rsplit_once(':').and_then(|(_, p)| p.parse().ok())
}

/// Starts the host page's server on `listener` (port 0 in tests); the caller spawns it.
pub fn server(listener: TcpListener, site: HostSite) -> std::io::Result<Server> {
    let site = web::Data::new(site);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(site.clone())
            .route("/", web::get().to(home))
            .route(PAGE_PATH, web::get().to(product_page))
            .route("/demo.css", web::get().to(css))
            .route("/demo.js", web::get().to(js))
    })
    .workers(1)
    .listen(listener)?
    .run();
    Ok(server)
}

async fn home() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, PAGE_PATH))
        .finish()
}

#[derive(serde::Deserialize)]
struct Visitor {
    visitor: Option<String>,
    /// `fr`: the company's French page (its text, and the widgets' `data-lang`).
    lang: Option<String>,
}

/// `?visitor=dana`: the company's site has signed its visitor in, and its backend signs
/// a Parley Connect assertion for each interactive widget. `?lang=fr`: the French page.
async fn product_page(site: web::Data<HostSite>, q: web::Query<Visitor>) -> HttpResponse {
    let signed_in = q.visitor.as_deref() == Some("dana") && site.connect.is_some();
    let lang = q
        .lang
        .as_deref()
        .and_then(|l| Lang::from_code(l, false))
        .unwrap_or(Lang::En);
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_LANGUAGE, lang.code()))
        .insert_header((header::CONTENT_SECURITY_POLICY, site.csp()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(page_in(&site, signed_in, lang).into_string())
}

async fn css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .body(CSS)
}

async fn js() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .body(JS)
}

/// The product page: every widget, the snippets that made it, and a log of the
/// widgets' DOM events.
pub fn page(site: &HostSite) -> Markup {
    page_for(site, false)
}

/// [`page`], with `signed_in`: the company's visitor Dana is signed in on its site and the
/// interactive widgets carry Parley Connect assertions.
pub fn page_for(site: &HostSite, signed_in: bool) -> Markup {
    page_in(site, signed_in, Lang::En)
}

/// The page in `lang` (the company's English or French page): its own text and the
/// widgets' language (`data-lang` on the loader).
pub fn page_in(site: &HostSite, signed_in: bool, lang: Lang) -> Markup {
    let t = |key: &str| lang.t(key);
    // The same page in the other language, keeping the visitor signed in or not.
    let (other, other_lang) = match lang {
        Lang::Fr => (Lang::En, "en"),
        Lang::En | Lang::Pseudo => (Lang::Fr, "fr"),
    };
    let here = |visitor: bool| {
        let mut q = Vec::new();
        if visitor {
            q.push("visitor=dana".to_string());
        }
        if lang == Lang::Fr {
            q.push("lang=fr".to_string());
        }
        if q.is_empty() {
            PAGE_PATH.to_string()
        } else {
            format!("{PAGE_PATH}?{}", q.join("&"))
        }
    };
    let switch = if signed_in {
        format!("{PAGE_PATH}?visitor=dana&lang={other_lang}")
    } else {
        format!("{PAGE_PATH}?lang={other_lang}")
    };
    let assertion = || {
        site.connect
            .as_ref()
            .filter(|_| signed_in)
            .map(|c| c.assertion(&site.parley))
    };
    let page_url = site.page_url();
    let mut code = snippets(&site.parley, COMMUNITY, PAGE_KEY, &page_url);
    code.push((
        "embed-demo-snippet-french",
        format!(
            r#"<parley-topics community="{FRENCH_COMMUNITY}" sort="latest" limit="3"></parley-topics>"#
        ),
    ));
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (t("embed-demo-title")) }
                link rel="canonical" href=(page_url);
                link rel="stylesheet" href="/demo.css";
                script src=(crate::embed::loader::script_url(&site.parley)) data-lang=(lang.code()) defer {}
                script src="/demo.js" defer {}
            }
            body {
                header.site {
                    strong { "Acme Widgets" }
                    nav {
                        a href=(here(signed_in)) { (t("embed-demo-products")) } " · " a href=(site.parley) { (t("embed-demo-community")) }
                        " · " a href=(switch) lang=(other.code()) hreflang=(other.code()) { (other.label()) }
                    }
                }
                @if site.connect.is_some() {
                    p.account {
                        @if signed_in {
                            (t("embed-demo-signed-in")) " "
                            a href=(here(false)) { (t("embed-demo-sign-out")) }
                        } @else {
                            (t("embed-demo-guest")) " "
                            a href=(here(true)) { (t("embed-demo-sign-in")) }
                            " " (t("embed-demo-sign-in-why"))
                        }
                    }
                }
                main {
                    section.hero {
                        h1 { "Widget Pro 3000" }
                        p.lead { (t("embed-demo-lead")) }
                        p.price { (t("embed-demo-price")) " " span { (t("embed-demo-price-unit")) } }
                        p.note {
                            (crate::t!(lang, "embed-demo-note", origin = site.origin.as_str(), parley = site.parley.as_str()))
                        }
                    }
                    div.columns {
                        section {
                            h2 { (t("embed-demo-questions")) }
                            p { (t("embed-demo-unanswered")) " "
                                parley-count community=(COMMUNITY) state="unanswered" {} }
                            h3 { (t("embed-demo-solved")) }
                            parley-topics community=(COMMUNITY) kind="question" state="solved" sort="latest" limit="5" {}
                            h3 { (t("embed-demo-french")) }
                            parley-topics community=(FRENCH_COMMUNITY) sort="latest" limit="3" {}
                        }
                        section {
                            h2 { (t("embed-demo-ask")) }
                            parley-ask community=(COMMUNITY) connect=[assertion()] {}
                        }
                    }
                    section {
                        h2 { (t("embed-demo-comments")) " ("
                            parley-count community=(COMMUNITY) page=(PAGE_KEY) {}
                            ")" }
                        parley-comments community=(COMMUNITY) page=(PAGE_KEY) url=(page_url) title="Widget Pro 3000" connect=[assertion()] {}
                    }
                    section.dev {
                        h2 { (t("embed-demo-events")) }
                        p.muted { (t("embed-demo-events-help")) }
                        ol #events {}
                        h2 { (t("embed-demo-snippets")) }
                        @for (label, snippet) in &code {
                            h3 { (t(label)) }
                            pre { code { (snippet) } }
                        }
                    }
                }
            }
        }
    }
}

const CSS: &str = "body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f2430;background:#f6f7fb}\
header.site{display:flex;justify-content:space-between;padding:1em 2em;background:#101828;color:#fff}\
header.site a{color:#c7d2fe}main{max-width:1100px;margin:0 auto;padding:1em 2em}\
.hero{background:#fff;border-radius:12px;padding:1.5em 2em;margin:1em 0}.lead{font-size:1.2em}\
.price{font-size:1.6em;font-weight:700}.price span{font-size:.5em;color:#667085}.note{color:#667085}\
.columns{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}\
.columns>section,main>section{background:#fff;border-radius:12px;padding:1em 1.5em;margin:1em 0}\
pre{background:#101828;color:#e4e7ec;padding:.8em;border-radius:8px;overflow:auto;white-space:pre-wrap}\
.muted{color:#667085}.account{max-width:1100px;margin:.5em auto 0;padding:0 2em;color:#475467}parley-topics,parley-comments,parley-ask{--parley-radius:8px}\
@media(max-width:800px){.columns{grid-template-columns:1fr}}";

const JS: &str =
    "['parley:asked','parley:similar-clicked','parley:commented'].forEach(function(n){\
document.addEventListener(n,function(e){var li=document.createElement('li');\
li.textContent=new Date().toLocaleTimeString()+' '+n+' '+JSON.stringify(e.detail||{});\
var ol=document.getElementById('events');if(ol)ol.appendChild(li);console.log(n,e.detail);});});";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::db::models::embed::EmbedSite;
    use crate::embed::connect::{Assertion, Refusal};

    #[test]
    fn the_demo_visitors_assertions_verify_like_any_host_sites() -> Result<(), Refusal> {
        let connect = DemoConnect {
            site_id: "acme-demo-site".into(),
            secret: "pcs_demo".into(),
        };
        let site = EmbedSite {
            id: connect.site_id.clone(),
            name: "Acme".into(),
            origins: "http://localhost:8081".into(),
            secret: connect.secret.clone(),
            created_at: Clock::System.now(),
            revoked_at: None,
        };
        let text = connect.assertion("http://127.0.0.1:8080");
        let claims = Assertion::split(&text)?.verify(Some(&site))?;
        claims.check(Clock::System.now(), "http://127.0.0.1:8080")?;
        assert_eq!(claims.sub, "acme-crm-1042");
        // Each widget gets its own nonce.
        assert_ne!(text, connect.assertion("http://127.0.0.1:8080"));
        let page = page_for(
            &HostSite {
                connect: Some(connect),
                ..HostSite::beside("http://127.0.0.1:8080", 8081)
            },
            true,
        )
        .into_string();
        assert_eq!(page.matches(" connect=\"acme-demo-site.").count(), 2);
        assert!(
            !page_for(&HostSite::beside("http://127.0.0.1:8080", 8081), true)
                .into_string()
                .contains(" connect=")
        );
        Ok(())
    }
}
