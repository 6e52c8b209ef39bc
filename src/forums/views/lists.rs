//! Lists of topics (a sub-community's home, a category, everything), the leaderboard,
//! the official feed and the employees' queue.

use maud::{html, Markup, Render};

use crate::auth::CommunityPerms;
use crate::db::models::authors::AuthorView;
use crate::db::models::categories::Category;
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::Timestamp;
use crate::forums::read::TopicList;
use crate::forums::views::{ago, byline, content_lang, replies_count, state_badges};
use crate::i18n::{format, Lang};
use crate::views::components::{avatar, employee_badge_in, empty_state, sanitized_html};
use crate::views::{layout, Page};

pub fn topic_rows(lang: Lang, list: &TopicList, now: Timestamp, show_community: bool) -> Markup {
    html! {
        ul.topic-list {
            @for (t, author) in list.pinned.iter().chain(list.topics.iter()) {
                li.topic-row {
                    div.topic-main {
                        a.topic-title href=(t.path()) lang=[content_lang(lang, t.language)] { (t.title) }
                        @if let Some(n) = list.new_replies.get(&t.id) {
                            " " span.badge.new-replies title=(lang.t("forum-new-replies-title")) { (crate::t!(lang, "forum-new-replies", count = *n)) }
                        }
                        div.topic-meta {
                            (state_badges(lang, t))
                            @if show_community {
                                @if let Some(c) = list.communities.get(&t.community_id) {
                                    a class={ "badge community " (crate::views::brand::accent_class(&c.id)) } href={ "/c/" (c.slug) } { (c.name) } " "
                                }
                            }
                            @for tag in t.tag_list() { a.tag href={ "?tag=" (tag) } { "#" (tag) } " " }
                            span.muted { (crate::t!(lang, "forum-by", name = author.name_to_show())) }
                            @if author.is_employee { " " (employee_badge_in(lang)) }
                            span.muted { " · " (ago(lang, now, t.bumped_at)) }
                        }
                    }
                    div.topic-counts {
                        span.count title=(lang.t("forum-votes-title")) { (crate::t!(lang, "forum-votes-count", count = t.score)) }
                        span.count title=(lang.t("forum-replies-title")) { (replies_count(lang, t.kind, t.reply_count)) }
                    }
                }
            }
        }
    }
}

#[derive(Clone, Copy)]
pub struct ListNav<'a> {
    pub base: &'a str,
    pub sort: &'a str,
    pub state: Option<&'a str>,
    pub tag: Option<&'a str>,
    /// For `sort=top`: "7d", "30d", "365d" or "all".
    pub period: &'a str,
}

impl ListNav<'_> {
    /// The list's URL with some parts changed; every link keeps the others.
    fn href(
        &self,
        sort: &str,
        state: Option<&str>,
        tag: Option<&str>,
        after: Option<&str>,
    ) -> String {
        let mut s = format!("{}?sort={sort}", self.base);
        if let Some(st) = state {
            s.push_str(&format!("&state={st}"));
        }
        if let Some(t) = tag {
            s.push_str(&format!("&tag={t}"));
        }
        if sort == "top" {
            s.push_str(&format!("&period={}", self.period));
        }
        if let Some(a) = after {
            s.push_str(&format!("&after={a}"));
        }
        s
    }
}

fn list_nav(lang: Lang, nav: &ListNav<'_>) -> Markup {
    html! {
        nav.filters aria-label=(lang.t("forum-filters")) {
            @for key in ["latest", "new", "top"] {
                a href=(nav.href(key, nav.state, nav.tag, None)) aria-current=[(nav.sort == key).then_some("page")] { (lang.t(&format!("forum-sort-{key}"))) }
            }
            span.sep aria-hidden="true" { "|" }
            a href=(nav.href(nav.sort, None, nav.tag, None)) aria-current=[nav.state.is_none().then_some("page")] { (lang.t("forum-filter-all")) }
            @for key in ["unanswered", "answered", "solved"] {
                a href=(nav.href(nav.sort, Some(key), nav.tag, None)) aria-current=[(nav.state == Some(key)).then_some("page")] { (lang.t(&format!("forum-filter-{key}"))) }
            }
            @if let Some(t) = nav.tag { span.badge { "#" (t) " " a href=(nav.href(nav.sort, nav.state, None, None)) aria-label=(lang.t("forum-filter-remove-tag")) { "×" } } }
        }
        @if nav.sort == "top" {
            nav.filters aria-label=(lang.t("forum-period")) {
                @for (key, label) in [("7d", "forum-period-week"), ("30d", "forum-period-month"), ("365d", "forum-period-year"), ("all", "forum-period-all")] {
                    @let label = lang.t(label);
                    @let url = {
                        let other = ListNav { period: key, ..*nav };
                        other.href("top", nav.state, nav.tag, None)
                    };
                    a href=(url) aria-current=[(nav.period == key).then_some("page")] { (label) }
                }
            }
        }
    }
}

fn next_link(lang: Lang, nav: &ListNav<'_>, next: Option<&String>) -> Markup {
    html! {
        @if let Some(n) = next {
            p.pager { a.button href=(nav.href(nav.sort, nav.state, nav.tag, Some(n))) { (lang.t("forum-more-topics")) " →" } }
        }
    }
}

/// Categories and the team, beside a sub-community's topics.
pub fn side_column(lang: Lang, c: &Community, categories: &[Category], team: Markup) -> Markup {
    html! {
        @if !categories.is_empty() {
            h2 { (lang.t("forum-categories")) }
            ul.categories { @for cat in categories { li { a href={ "/c/" (c.slug) "/cat/" (cat.slug) } { (cat.name) } } } }
        }
        (team)
    }
}

#[allow(clippy::too_many_arguments)]
pub fn community_home(
    page: &Page,
    c: &Community,
    list: &TopicList,
    nav: &ListNav<'_>,
    perms: &CommunityPerms,
    now: Timestamp,
    side: Markup,
    watch: Option<crate::db::WatchLevel>,
) -> Markup {
    let listed: Vec<_> = list
        .pinned
        .iter()
        .chain(&list.topics)
        .map(|(t, a)| (t, a))
        .collect();
    crate::views::layout::layout_with_head(
        page,
        &c.name,
        crate::seo::head::community(page, c, &listed, nav.tag).render(),
        html! {
            div class={ "community-banner " (crate::views::brand::accent_class(&c.id)) } {
                h1 {
                    // The name follows: the logo says nothing more to a screen reader.
                    @if !c.logo_url.is_empty() { img.community-logo src=(c.logo_url) alt=""; }
                    (c.name)
                }
                @if !c.description.is_empty() { p.lead { (c.description) } }
                nav.actions {
                    @if perms.new_topic { a.button.primary.small href={ "/c/" (c.slug) "/new" } { (page.t("forum-new-topic")) } }
                    a.button.small href={ "/c/" (c.slug) "/official" } { (page.t("forum-official-posts")) }
                    a.button.small href={ "/c/" (c.slug) "/leaderboard" } { (page.t("forum-leaderboard")) }
                    @if perms.edit_community { a.button.small href={ "/c/" (c.slug) "/edit" } { (page.t("forum-community-settings")) } }
                    @if perms.invite_members { a.button.small href={ "/c/" (c.slug) "/members" } { (page.t("forum-community-members")) } }
                    @if perms.manage_policy { a.button.small href={ "/c/" (c.slug) "/moderation" } { (page.t("forum-community-moderation")) } }
                    @if perms.review { a.button.small href={ "/review?c=" (c.slug) } { (page.t("forum-review-queue")) } }
                    @if perms.review { " " a.button.small href={ "/c/" (c.slug) "/wiki-requests" } { (page.t("forum-wiki-requests")) } }
                }
            }
            div.columns {
                section.main-column {
                    (list_nav(page.lang, nav))
                    @if list.pinned.is_empty() && list.topics.is_empty() {
                        (empty_state(&page.t("forum-community-empty"), html! {
                            p { (crate::t!(page.lang, "forum-community-empty-body", community = c.name.as_str())) }
                            @if perms.new_topic { a.button.primary href={ "/c/" (c.slug) "/new" } { (page.t("forum-ask-first")) } }
                            @else if !perms.signed_in { p { a href="/login" { (page.t("forum-sign-in")) } " " (page.t("forum-sign-in-to-ask")) } }
                        }))
                    } @else {
                        (topic_rows(page.lang, list, now, false))
                        (next_link(page.lang, nav, list.next.as_ref()))
                    }
                }
                aside.side-column {
                    @if let Some(level) = watch {
                        (crate::notifications::views::watch_control(page, &format!("/c/{}/watch", c.slug), crate::db::WatchTarget::Community, level, None))
                    }
                    (side)
                }
            }
        },
    )
}

pub fn latest(page: &Page, list: &TopicList, nav: &ListNav<'_>, now: Timestamp) -> Markup {
    crate::views::layout::layout_with_head(
        page,
        &page.t("forum-latest-title"),
        crate::seo::head::latest(page.lang).render(),
        html! {
            h1 { (page.t("forum-latest-heading")) }
            (list_nav(page.lang, nav))
            @if list.topics.is_empty() && list.pinned.is_empty() {
                (empty_state(&page.t("forum-latest-empty"), html! { p { (page.t("forum-latest-empty-body")) } }))
            } @else {
                (topic_rows(page.lang, list, now, true))
                (next_link(page.lang, nav, list.next.as_ref()))
            }
        },
    )
}

pub fn category_page(
    page: &Page,
    c: &Community,
    cat: &Category,
    list: &TopicList,
    nav: &ListNav<'_>,
    now: Timestamp,
    watch: Option<crate::db::WatchLevel>,
) -> Markup {
    layout(
        page,
        &cat.name,
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { (cat.name) }
            @if !cat.description.is_empty() { p.lead { (cat.description) } }
            @if let Some(level) = watch {
                (crate::notifications::views::watch_control(page, &format!("/c/{}/cat/{}/watch", c.slug, cat.slug), crate::db::WatchTarget::Category, level, None))
            }
            (list_nav(page.lang, nav))
            @if list.topics.is_empty() { (empty_state(&page.t("forum-category-empty"), html! {})) }
            @else { (topic_rows(page.lang, list, now, false)) (next_link(page.lang, nav, list.next.as_ref())) }
        },
    )
}

pub fn leaderboard(page: &Page, c: &Community, rows: &[(AuthorView, i64)], period: &str) -> Markup {
    layout(
        page,
        &crate::t!(
            page.lang,
            "forum-leaderboard-title",
            community = c.name.as_str()
        ),
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { (page.t("forum-leaderboard")) }
            nav.filters aria-label=(page.t("forum-period")) {
                a href={ "/c/" (c.slug) "/leaderboard?period=30d" } aria-current=[(period == "30d").then_some("page")] { (page.t("forum-period-30-days")) }
                a href={ "/c/" (c.slug) "/leaderboard?period=all" } aria-current=[(period == "all").then_some("page")] { (page.t("forum-period-all")) }
            }
            @if rows.is_empty() {
                (empty_state(&page.t("forum-leaderboard-empty"), html! { p { (page.t("forum-leaderboard-empty-body")) } }))
            } @else {
                @let max = rows.first().map(|(_, p)| *p).unwrap_or(1).max(1);
                ol.leaderboard {
                    @for (u, pts) in rows {
                        li {
                            a href={ "/u/" (u.username) } { (avatar(&u.username, 24)) " " (u.name_to_show()) }
                            @if u.is_employee { " " (employee_badge_in(page.lang)) }
                            meter min="0" max=(max) value=(pts) { (format::number(page.lang, *pts)) }
                            span.points { (crate::t!(page.lang, "forum-points", count = *pts)) }
                        }
                    }
                }
            }
        },
    )
}

pub fn official(
    page: &Page,
    c: &Community,
    rows: &[(Post, AuthorView, Topic)],
    now: Timestamp,
) -> Markup {
    layout(
        page,
        &crate::t!(
            page.lang,
            "forum-official-title",
            community = c.name.as_str()
        ),
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { (page.t("forum-official-posts")) }
            @if rows.is_empty() {
                (empty_state(&page.t("forum-official-empty"), html! { p { (page.t("forum-official-empty-body")) } }))
            } @else {
                @for (p, u, t) in rows {
                    article.card.official lang=[content_lang(page.lang, t.language)] {
                        h2 { a href={ (t.path()) "#p" (p.post_number) } { (t.title) } }
                        p { (byline(page.lang, u, Some(&page.brand.settings.site_name), now)) span.muted { " · " (ago(page.lang, now, p.created_at)) } }
                        div.prose { (sanitized_html(&p.body_html)) }
                    }
                }
            }
        },
    )
}
