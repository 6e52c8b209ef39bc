use maud::{html, Markup, DOCTYPE};

use crate::http::assets;
use crate::views::components::{avatar, csrf_field};
use crate::views::holes::{mark, Hole};
use crate::views::Page;

/// The page shell: header with the brand and account menu, notices, main, footer.
pub fn layout(page: &Page, title: &str, body: Markup) -> Markup {
    layout_with_head(page, title, html! {}, body)
}

/// [`layout`] with page-specific `<head>` metadata (canonical link, OpenGraph, feeds,
/// JSON-LD: see `seo::head`).
pub fn layout_with_head(page: &Page, title: &str, head: Markup, body: Markup) -> Markup {
    let site = &page.brand.settings;
    html! {
        (DOCTYPE)
        html lang=(page.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (site.site_name) }
                link rel="stylesheet" href=(assets::url("app.css"));
                link rel="stylesheet" href={ "/theme.css?v=" (page.brand.version) };
                link rel="icon" href=(assets::url("favicon.svg")) type="image/svg+xml";
                script src=(assets::url("app.js")) defer {}
                script src=(assets::url("search.js")) defer {}
                (head)
            }
            body {
                a.skip-link href="#main" { (page.t("skip-to-content")) }
                header.site-header {
                    div.wrap.header-inner {
                        a.brand href="/" {
                            @if !site.logo_url.is_empty() {
                                img.brand-logo src=(site.logo_url) alt="";
                            }
                            span data-content { (site.site_name) }
                        }
                        (search_box(page))
                        nav.account-nav aria-label=(page.t("nav-account")) {
                            a href="/latest" { (page.t("nav-latest")) }
                            @if page.holes { (mark(&Hole::AccountNav)) } @else { (account_nav(page)) }
                        }
                    }
                }
                @if let Some(n) = page.notice {
                    div.wrap { p.notice role="status" { (n.message(page.lang)) } }
                }
                @if page.holes { (mark(&Hole::AccountNotices)) } @else { (account_notices(page)) }
                main #main.wrap tabindex="-1" { (body) }
                footer.site-footer {
                    div.wrap {
                        span data-content { (site.site_name) }
                        @if !site.tagline.is_empty() { " · " span data-content { (site.tagline) } }
                        " · " a href="/api/docs" { (page.t("footer-api")) }
                        span.powered { (page.t("footer-powered")) }
                        (language_menu(page))
                    }
                }
            }
        }
    }
}

/// The header's account links: the viewer's own part of the header.
pub fn account_nav(page: &Page) -> Markup {
    html! {
        @if let Some(u) = page.viewer.user() {
            @let nav = page.nav();
            @if nav.queue {
                a href="/queue" { (page.t("nav-queue")) }
            }
            @if nav.review {
                a href="/review" { (page.t("nav-review")) }
            }
            @if nav.admin {
                a href="/admin" { (page.t("nav-admin")) }
            }
            a.notifications-link href="/notifications" aria-label=(crate::t!(page.lang, "nav-notifications-label", n = u.unread_notifications)) {
                (page.t("nav-notifications"))
                @if u.unread_notifications > 0 {
                    " " span.count-badge { (u.unread_notifications) }
                }
            }
            a.me href={ "/u/" (u.username) } {
                (avatar(&u.username, 24))
                span data-content { (u.username) }
            }
            a href="/settings/account" { (page.t("nav-settings")) }
            form.inline method="post" action="/logout" {
                (csrf_field(&page.csrf))
                button.link-button type="submit" { (page.t("nav-sign-out")) }
            }
        } @else {
            a href="/login" { (page.t("nav-sign-in")) }
            a.button.small.sign-up href="/signup" { (page.t("nav-sign-up")) }
        }
    }
}

/// Notices about the viewer's own account (read-only, unconfirmed address).
pub fn account_notices(page: &Page) -> Markup {
    html! {
        @if let Some(u) = page.viewer.user() {
            @if let Some(until) = u.silenced_until.filter(|_| page.viewer.auth().is_some_and(|a| a.silenced)) {
                div.wrap { p.notice.warn role="status" {
                    (crate::t!(page.lang, "notice-read-only", date = crate::i18n::format::date(page.lang, until)))
                } }
            }
            @if u.email_confirmed_at.is_none() {
                div.wrap { p.notice.warn role="status" {
                    (crate::t!(page.lang, "notice-confirm-email", email = u.email.as_str())) " "
                    a href="/settings/account#email" { (page.t("notice-confirm-email-link")) }
                } }
            }
            // Issue 24: repeated hard bounces; mail to this address has stopped.
            @if u.email_bouncing_at.is_some() {
                div.wrap { p.notice.warn.bouncing role="status" {
                    (crate::t!(page.lang, "notice-bouncing", email = u.email.as_str())) " "
                    a href="/settings/account#email" { (page.t("notice-bouncing-link")) }
                } }
            }
        }
    }
}

/// Issue 19 (search-ui): the header's search box, a labelled GET form to `/search` on
/// every page (the same for every viewer, so it is part of shared templates); the `/` key
/// focuses it (`assets/search.js`).
fn search_box(page: &Page) -> Markup {
    html! {
        form.header-search aria-label=(page.t("nav-search-site")) role="search" method="get" action="/search" {
            label.visually-hidden for="header-q" { (page.t("nav-search-label")) }
            input #header-q type="search" name="q" placeholder=(page.t("nav-search-placeholder")) autocomplete="off"
                aria-keyshortcuts="/" data-search-shortcut;
        }
    }
}

/// Issue 21: the language menu: links to this page with `?lang=` (remembered in a
/// cookie by `i18n::remember`), the current language marked for screen readers.
fn language_menu(page: &Page) -> Markup {
    html! {
        nav.language-menu aria-label=(page.t("language-menu")) {
            @for lang in crate::i18n::Lang::CHOICES {
                " · "
                @if lang == page.lang {
                    span lang=(lang.code()) aria-current="true" { (lang.label()) }
                } @else {
                    a lang=(lang.code()) hreflang=(lang.code()) href={ (page.path) "?lang=" (lang.code()) } { (lang.label()) }
                }
            }
        }
    }
}
