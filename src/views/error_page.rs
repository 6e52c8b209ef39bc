use maud::{html, Markup, DOCTYPE};

use crate::http::assets;
use crate::i18n::Lang;
use crate::views::brand::Brand;

/// A self-contained error page in `lang`: no database access, so it renders during an
/// outage.
pub fn render(
    brand: &Brand,
    lang: Lang,
    status: u16,
    title: &str,
    message: &str,
    request_id: Option<&str>,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
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
                        p.request-id { (lang.t("errors-page-request-id")) " " code { (id) } " " (lang.t("errors-page-request-id-hint")) }
                    }
                    p { a href="/" { (lang.t("errors-page-home")) } }
                }
            }
        }
    }
}
