//! Each email: subject, plain text and branded HTML, written from `locales/*/mail.ftl`
//! in the language the caller decided (the recipient's: `i18n::resolve::for_recipient`;
//! for an address with no account yet, the language of the request that caused the
//! mail). User-provided text is escaped by maud and never translated.
//!
//! - [`account`]: sign-up, password reset, email change, sanctions, single sign-on,
//!   webhooks switched off;
//! - [`notify`]: notification mail, digests, invitations.

use maud::{html, Markup, DOCTYPE};

use crate::db::models::settings::SiteSettings;
use crate::i18n::Lang;
use crate::t;

mod account;
mod notify;

pub use account::*;
pub use notify::*;

/// A bare HTML document in `lang`, for mail that carries no branding.
pub fn document(lang: Lang, body: &Markup) -> String {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head { meta charset="utf-8"; }
            body { (body) }
        }
    }
    .into_string()
}

/// Paragraphs of a plain-text part: a blank line between them, a newline at the end.
fn paragraphs<S: AsRef<str>>(parts: &[S]) -> String {
    let mut out = parts
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join("\n\n");
    out.push('\n');
    out
}

fn wrap(brand: &SiteSettings, lang: Lang, heading: &str, body: Markup) -> String {
    let footer = html! { (t!(lang, "mail-footer-account", site = brand.site_name.as_str())) };
    wrap_with_footer(brand, lang, heading, body, footer)
}

fn wrap_with_footer(
    brand: &SiteSettings,
    lang: Lang,
    heading: &str,
    body: Markup,
    footer: Markup,
) -> String {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head { meta charset="utf-8"; title { (heading) } }
            body style="margin:0;padding:0;background:#f5f6f8;font-family:Arial,Helvetica,sans-serif;color:#1d2330" {
                table width="100%" cellpadding="0" cellspacing="0" role="presentation" {
                    tr { td style={ "background:" (brand.primary_color) ";padding:16px 24px;color:#ffffff;font-size:18px;font-weight:bold" } { (brand.site_name) } }
                    tr { td style="padding:24px;background:#ffffff" {
                        h1 style="font-size:20px;margin:0 0 16px" { (heading) }
                        (body)
                    } }
                    tr { td style="padding:16px 24px;font-size:12px;color:#5b6477" { (footer) } }
                }
            }
        }
    }
    .into_string()
}

fn button(brand: &SiteSettings, lang: Lang, href: &str, label: &str) -> Markup {
    html! {
        p { a href=(href) style={ "display:inline-block;background:" (brand.primary_color) ";color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none" } { (label) } }
        p style="font-size:13px;color:#5b6477" { (t!(lang, "mail-paste-link")) " " br; (href) }
    }
}

fn hello(lang: Lang, name: &str) -> String {
    t!(lang, "mail-hello", name = name)
}

#[cfg(test)]
mod tests;
