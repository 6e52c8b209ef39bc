//! Mail about a person's account: sign-up, password, address, sanctions, single
//! sign-on, webhooks.

use maud::html;

use super::{button, hello, paragraphs, wrap};
use crate::db::models::settings::SiteSettings;
use crate::db::Timestamp;
use crate::i18n::{format, Lang};
use crate::mail::{Email, MailMeta};
use crate::t;

fn email(kind: &'static str, to: &str, subject: String, text: String, html: String) -> Email {
    Email {
        kind,
        to: to.into(),
        subject,
        text,
        html,
        meta: MailMeta::default(),
    }
}

/// The message keys of a mail that asks the member to follow a link that expires.
struct LinkMail {
    kind: &'static str,
    subject: &'static str,
    heading: &'static str,
    lead: &'static str,
    /// Takes `site`.
    text: &'static str,
    button: &'static str,
    expiry: &'static str,
}

fn link_mail(
    keys: &LinkMail,
    brand: &SiteSettings,
    lang: Lang,
    to: &str,
    username: &str,
    link: &str,
) -> Email {
    let site = brand.site_name.as_str();
    let expiry = lang.t(keys.expiry);
    let text = paragraphs(&[
        hello(lang, username),
        t!(lang, keys.text, site = site),
        link.to_string(),
        expiry.clone(),
    ]);
    let html = wrap(
        brand,
        lang,
        &lang.t(keys.heading),
        html! {
            p { (hello(lang, username)) }
            p { (lang.t(keys.lead)) }
            (button(brand, lang, link, &lang.t(keys.button)))
            p { (expiry) }
        },
    );
    let subject = t!(lang, keys.subject, site = site);
    email(keys.kind, to, subject, text, html)
}

pub fn confirm_email(
    brand: &SiteSettings,
    lang: Lang,
    to: &str,
    username: &str,
    link: &str,
) -> Email {
    let keys = LinkMail {
        kind: "confirm_email",
        subject: "mail-confirm-subject",
        heading: "mail-confirm-heading",
        lead: "mail-confirm-lead",
        text: "mail-confirm-text",
        button: "mail-confirm-button",
        expiry: "mail-confirm-expiry",
    };
    link_mail(&keys, brand, lang, to, username, link)
}

/// Sent when someone signs up with an address that already has an account: the page
/// answered exactly as for a new address, and the owner learns what happened.
pub fn signup_existing(brand: &SiteSettings, lang: Lang, to: &str, reset_link: &str) -> Email {
    let site = brand.site_name.as_str();
    let (reset, ignore) = (
        t!(lang, "mail-signup-existing-reset"),
        t!(lang, "mail-signup-existing-ignore"),
    );
    let text = paragraphs(&[
        t!(lang, "mail-signup-existing-text", site = site),
        reset.clone(),
        reset_link.to_string(),
        ignore.clone(),
    ]);
    let html = wrap(
        brand,
        lang,
        &t!(lang, "mail-signup-existing-heading"),
        html! {
            p { (t!(lang, "mail-signup-existing-lead")) }
            p { (reset) }
            (button(brand, lang, reset_link, &t!(lang, "mail-signup-existing-button")))
            p { (ignore) }
        },
    );
    let subject = t!(lang, "mail-signup-existing-subject", site = site);
    email("signup_existing", to, subject, text, html)
}

pub fn reset_password(
    brand: &SiteSettings,
    lang: Lang,
    to: &str,
    username: &str,
    link: &str,
) -> Email {
    let keys = LinkMail {
        kind: "reset_password",
        subject: "mail-reset-subject",
        heading: "mail-reset-heading",
        lead: "mail-reset-lead",
        text: "mail-reset-text",
        button: "mail-reset-button",
        expiry: "mail-reset-expiry",
    };
    link_mail(&keys, brand, lang, to, username, link)
}

pub fn confirm_email_change(
    brand: &SiteSettings,
    lang: Lang,
    to: &str,
    username: &str,
    link: &str,
) -> Email {
    let keys = LinkMail {
        kind: "confirm_email_change",
        subject: "mail-change-confirm-subject",
        heading: "mail-change-confirm-heading",
        lead: "mail-change-confirm-lead",
        text: "mail-change-confirm-text",
        button: "mail-change-confirm-button",
        expiry: "mail-change-confirm-expiry",
    };
    link_mail(&keys, brand, lang, to, username, link)
}

pub fn email_change_requested(brand: &SiteSettings, lang: Lang, to: &str, username: &str) -> Email {
    let site = brand.site_name.as_str();
    let body = t!(lang, "mail-change-requested-body", site = site);
    let text = paragraphs(&[hello(lang, username), body.clone()]);
    let html = wrap(
        brand,
        lang,
        &t!(lang, "mail-change-requested-heading"),
        html! {
            p { (hello(lang, username)) }
            p { (body) }
        },
    );
    let subject = t!(lang, "mail-change-requested-subject", site = site);
    email("email_change_requested", to, subject, text, html)
}

pub fn address_in_use(brand: &SiteSettings, lang: Lang, to: &str) -> Email {
    let site = brand.site_name.as_str();
    let body = t!(lang, "mail-address-in-use-body", site = site);
    let text = paragraphs(std::slice::from_ref(&body));
    let html = wrap(
        brand,
        lang,
        &t!(lang, "mail-address-in-use-heading"),
        html! { p { (body) } },
    );
    let subject = t!(lang, "mail-address-in-use-subject", site = site);
    email("address_in_use", to, subject, text, html)
}

/// Sent when a moderator suspends or bans an account. `until` is `None` for a ban.
pub fn account_suspended(
    brand: &SiteSettings,
    lang: Lang,
    to: &str,
    username: &str,
    until: Option<Timestamp>,
    reason: &str,
) -> Email {
    let site = brand.site_name.as_str();
    let (subject, heading, lead) = match until {
        Some(at) => (
            t!(lang, "mail-suspended-subject", site = site),
            t!(lang, "mail-suspended-heading"),
            t!(
                lang,
                "mail-suspended-lead",
                site = site,
                until = format::date_time(lang, at)
            ),
        ),
        None => (
            t!(lang, "mail-banned-subject", site = site),
            t!(lang, "mail-banned-heading"),
            t!(lang, "mail-banned-lead", site = site),
        ),
    };
    let signed_out = t!(lang, "mail-sanction-signed-out");
    let text = paragraphs(&[
        hello(lang, username),
        lead.clone(),
        t!(lang, "mail-sanction-reason", reason = reason),
        signed_out.clone(),
    ]);
    let html = wrap(
        brand,
        lang,
        &heading,
        html! {
            p { (hello(lang, username)) }
            p { (lead) }
            p { (t!(lang, "mail-sanction-reason", reason = reason)) }
            p { (signed_out) }
        },
    );
    email("account_suspended", to, subject, text, html)
}

/// To a webhook subscription's owner when Parley stopped sending to it.
pub fn webhook_disabled(
    brand: &SiteSettings,
    lang: Lang,
    to: &str,
    username: &str,
    url: &str,
    reason: &str,
    manage_url: &str,
) -> Email {
    let site = brand.site_name.as_str();
    let stopped = t!(
        lang,
        "mail-webhook-stopped",
        site = site,
        url = url,
        reason = reason
    );
    let enable = t!(lang, "mail-webhook-enable", link = manage_url);
    let text = paragraphs(&[hello(lang, username), stopped.clone(), enable.clone()]);
    let html = wrap(
        brand,
        lang,
        &t!(lang, "mail-webhook-heading"),
        html! {
            p { (hello(lang, username)) }
            p { (stopped) }
            p { (enable) }
            p { a href=(manage_url) { (manage_url) } }
        },
    );
    let subject = t!(lang, "mail-webhook-subject", site = site);
    email("webhook_disabled", to, subject, text, html)
}

/// Single sign-on: proves that the person signing in owns the existing account with
/// this address before the identity is linked to it.
pub fn sso_link(
    brand: &SiteSettings,
    lang: Lang,
    to: &str,
    username: &str,
    provider: &str,
    link: &str,
) -> Email {
    let site = brand.site_name.as_str();
    let lead = t!(lang, "mail-sso-lead", provider = provider, site = site);
    let expiry = t!(lang, "mail-sso-expiry");
    let text = paragraphs(&[
        hello(lang, username),
        format!("{lead} {}", t!(lang, "mail-sso-text")),
        link.to_string(),
        expiry.clone(),
    ]);
    let html = wrap(
        brand,
        lang,
        &t!(lang, "mail-sso-heading"),
        html! {
            p { (hello(lang, username)) }
            p { (lead) }
            (button(brand, lang, link, &t!(lang, "mail-sso-button")))
            p { (expiry) }
        },
    );
    let subject = t!(lang, "mail-sso-subject", site = site);
    email("sso_link", to, subject, text, html)
}

/// Issue 22 (privacy requests): the member's data archive is ready behind `link`, which
/// works once, while they are signed in, until `expires`.
pub fn privacy_export_ready(
    brand: &SiteSettings,
    lang: Lang,
    to: &str,
    username: &str,
    link: &str,
    expires: Timestamp,
) -> Email {
    let site = brand.site_name.as_str();
    let until = format::date_time(lang, expires);
    let body = t!(lang, "privacy-mail-export-body", date = until.as_str());
    let text = paragraphs(&[hello(lang, username), body.clone(), link.to_string()]);
    let html = wrap(
        brand,
        lang,
        &t!(lang, "privacy-mail-export-heading"),
        html! {
            p { (hello(lang, username)) }
            p { (body) }
            (button(brand, lang, link, &t!(lang, "privacy-mail-export-button")))
        },
    );
    let subject = t!(lang, "privacy-mail-export-subject", site = site);
    email("privacy_export", to, subject, text, html)
}
