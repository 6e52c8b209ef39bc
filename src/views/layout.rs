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
        html lang="en" {
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
                a.skip-link href="#main" { "Skip to content" }
                header.site-header {
                    div.wrap.header-inner {
                        a.brand href="/" {
                            @if !site.logo_url.is_empty() {
                                img.brand-logo src=(site.logo_url) alt="";
                            }
                            span { (site.site_name) }
                        }
                        (search_box())
                        nav.account-nav aria-label="Account" {
                            a href="/latest" { "Latest" }
                            @if page.holes { (mark(&Hole::AccountNav)) } @else { (account_nav(page)) }
                        }
                    }
                }
                @if let Some(n) = page.notice {
                    div.wrap { p.notice role="status" { (n.message()) } }
                }
                @if page.holes { (mark(&Hole::AccountNotices)) } @else { (account_notices(page)) }
                main #main.wrap tabindex="-1" { (body) }
                footer.site-footer {
                    div.wrap {
                        span { (site.site_name) }
                        @if !site.tagline.is_empty() { " · " span { (site.tagline) } }
                        " · " a href="/api/docs" { "API" }
                        span.powered { "Powered by Parley" }
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
                a href="/queue" { "Queue" }
            }
            @if nav.review {
                a href="/review" { "Review" }
            }
            @if nav.admin {
                a href="/admin" { "Admin" }
            }
            a.notifications-link href="/notifications" aria-label={ "Notifications, " (u.unread_notifications) " unread" } {
                "Notifications"
                @if u.unread_notifications > 0 {
                    " " span.count-badge { (u.unread_notifications) }
                }
            }
            a.me href={ "/u/" (u.username) } {
                (avatar(&u.username, 24))
                span { (u.username) }
            }
            a href="/settings/account" { "Settings" }
            form.inline method="post" action="/logout" {
                (csrf_field(&page.csrf))
                button.link-button type="submit" { "Sign out" }
            }
        } @else {
            a href="/login" { "Sign in" }
            a.button.small href="/signup" { "Sign up" }
        }
    }
}

/// Notices about the viewer's own account (read-only, unconfirmed address).
pub fn account_notices(page: &Page) -> Markup {
    html! {
        @if let Some(u) = page.viewer.user() {
            @if let Some(until) = u.silenced_until.filter(|_| page.viewer.auth().is_some_and(|a| a.silenced)) {
                div.wrap { p.notice.warn role="status" {
                    "A moderator made your account read-only until " (until.date_string()) ". You can read but not post, reply or flag."
                } }
            }
            @if u.email_confirmed_at.is_none() {
                div.wrap { p.notice.warn role="status" {
                    "Please confirm your email address: we sent a link to " (u.email) ". "
                    a href="/settings/account#email" { "Resend or change it" }
                } }
            }
            // Issue 24: repeated hard bounces; mail to this address has stopped.
            @if u.email_bouncing_at.is_some() {
                div.wrap { p.notice.warn.bouncing role="status" {
                    "Mail to " (u.email) " keeps bouncing, so we have stopped sending you email. "
                    a href="/settings/account#email" { "Change your address" }
                } }
            }
        }
    }
}

/// Issue 19 (search-ui): the header's search box, a labelled GET form to `/search` on
/// every page (the same for every viewer, so it is part of shared templates); the `/` key
/// focuses it (`assets/search.js`).
fn search_box() -> Markup {
    html! {
        form.header-search aria-label="Site search" role="search" method="get" action="/search" {
            label.visually-hidden for="header-q" { "Search" }
            input #header-q type="search" name="q" placeholder="Search…" autocomplete="off"
                aria-keyshortcuts="/" data-search-shortcut;
        }
    }
}
