use maud::{html, Markup, DOCTYPE};

use crate::http::assets;
use crate::views::brand::Brand;

/// A self-contained error page: no database access, so it renders during an outage.
pub fn render(
    brand: &Brand,
    status: u16,
    title: &str,
    message: &str,
    request_id: Option<&str>,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (brand.settings.site_name) }
                link rel="stylesheet" href=(assets::url("app.css"));
            }
            body {
                header.site-header { div.wrap.header-inner { a.brand href="/" { span { (brand.settings.site_name) } } } }
                main #main.wrap.error-page {
                    p.status-code { (status) }
                    h1 { (title) }
                    p { (message) }
                    @if let Some(id) = request_id {
                        p.request-id { "Request id: " code { (id) } " (quote it if you contact support)" }
                    }
                    p { a href="/" { "Go to the home page" } }
                }
            }
        }
    }
}
