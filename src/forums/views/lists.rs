//! Lists of topics (a sub-community's home, a category, everything), the leaderboard,
//! the official feed and the employees' queue.

use maud::{html, Markup, Render};

use crate::auth::CommunityPerms;
use crate::db::models::authors::AuthorView;
use crate::db::models::categories::Category;
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::{Timestamp, TopicKind};
use crate::forums::queue::QueueItem;
use crate::forums::read::TopicList;
use crate::forums::views::{age, byline, count_noun, state_badges};
use crate::views::components::{avatar, employee_badge, empty_state, sanitized_html};
use crate::views::{layout, Page};

pub fn topic_rows(list: &TopicList, now: Timestamp, show_community: bool) -> Markup {
    html! {
        ul.topic-list {
            @for (t, author) in list.pinned.iter().chain(list.topics.iter()) {
                li.topic-row {
                    div.topic-main {
                        a.topic-title href=(t.path()) { (t.title) }
                        @if let Some(n) = list.new_replies.get(&t.id) {
                            " " span.badge.new-replies title="New replies since you last opened this topic" { (n) " new" }
                        }
                        div.topic-meta {
                            (state_badges(t))
                            @if show_community {
                                @if let Some(c) = list.communities.get(&t.community_id) {
                                    a class={ "badge community " (crate::views::brand::accent_class(&c.id)) } href={ "/c/" (c.slug) } { (c.name) } " "
                                }
                            }
                            @for tag in t.tag_list() { a.tag href={ "?tag=" (tag) } { "#" (tag) } " " }
                            span.muted { "by " (author.name_to_show()) " · " (age(now, t.bumped_at)) }
                        }
                    }
                    div.topic-counts {
                        span.count title="Votes" { (count_noun(t.score, "vote", "votes")) }
                        span.count title="Replies" { (if t.kind == TopicKind::Question { count_noun(t.reply_count, "answer", "answers") } else { count_noun(t.reply_count, "reply", "replies") }) }
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

fn list_nav(nav: &ListNav<'_>) -> Markup {
    html! {
        nav.filters aria-label="Sort and filter" {
            @for (key, label) in [("latest", "Latest"), ("new", "New"), ("top", "Top")] {
                a href=(nav.href(key, nav.state, nav.tag, None)) aria-current=[(nav.sort == key).then_some("page")] { (label) }
            }
            span.sep { "|" }
            a href=(nav.href(nav.sort, None, nav.tag, None)) aria-current=[nav.state.is_none().then_some("page")] { "All" }
            @for (key, label) in [("unanswered", "Unanswered"), ("answered", "Answered"), ("solved", "Solved")] {
                a href=(nav.href(nav.sort, Some(key), nav.tag, None)) aria-current=[(nav.state == Some(key)).then_some("page")] { (label) }
            }
            @if let Some(t) = nav.tag { span.badge { "#" (t) " " a href=(nav.href(nav.sort, nav.state, None, None)) aria-label="Remove the tag filter" { "×" } } }
        }
        @if nav.sort == "top" {
            nav.filters aria-label="Period" {
                @for (key, label) in [("7d", "Week"), ("30d", "Month"), ("365d", "Year"), ("all", "All time")] {
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

fn next_link(nav: &ListNav<'_>, next: Option<&String>) -> Markup {
    html! {
        @if let Some(n) = next {
            p.pager { a.button href=(nav.href(nav.sort, nav.state, nav.tag, Some(n))) { "More topics →" } }
        }
    }
}

/// Categories and the team, beside a sub-community's topics.
pub fn side_column(c: &Community, categories: &[Category], team: Markup) -> Markup {
    html! {
        @if !categories.is_empty() {
            h2 { "Categories" }
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
                h1 { (c.name) }
                @if !c.description.is_empty() { p.lead { (c.description) } }
                nav.actions {
                    @if perms.new_topic { a.button.primary.small href={ "/c/" (c.slug) "/new" } { "Ask or start a topic" } }
                    a.button.small href={ "/c/" (c.slug) "/official" } { "Official posts" }
                    a.button.small href={ "/c/" (c.slug) "/leaderboard" } { "Leaderboard" }
                    @if perms.edit_community { a.button.small href={ "/c/" (c.slug) "/edit" } { "Settings" } }
                    @if perms.invite_members { a.button.small href={ "/c/" (c.slug) "/members" } { "Moderators & members" } }
                    @if perms.manage_policy { a.button.small href={ "/c/" (c.slug) "/moderation" } { "Moderation" } }
                    @if perms.review { a.button.small href={ "/review?c=" (c.slug) } { "Review queue" } }
                    @if perms.review { " " a.button.small href={ "/c/" (c.slug) "/wiki-requests" } { "Wiki requests" } }
                }
            }
            div.columns {
                section.main-column {
                    (list_nav(nav))
                    @if list.pinned.is_empty() && list.topics.is_empty() {
                        (empty_state("No topics here yet", html! {
                            p { "Questions, discussions and ideas for " (c.name) " will appear here." }
                            @if perms.new_topic { a.button.primary href={ "/c/" (c.slug) "/new" } { "Ask the first question" } }
                            @else if !perms.signed_in { p { a href="/login" { "Sign in" } " to ask a question." } }
                        }))
                    } @else {
                        (topic_rows(list, now, false))
                        (next_link(nav, list.next.as_ref()))
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
        "Latest",
        crate::seo::head::latest().render(),
        html! {
            h1 { "Latest across the community" }
            (list_nav(nav))
            @if list.topics.is_empty() && list.pinned.is_empty() {
                (empty_state("Nothing yet", html! { p { "New questions and discussions from every sub-community you can see will appear here." } }))
            } @else {
                (topic_rows(list, now, true))
                (next_link(nav, list.next.as_ref()))
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
            (list_nav(nav))
            @if list.topics.is_empty() { (empty_state("No topics in this category yet", html! {})) }
            @else { (topic_rows(list, now, false)) (next_link(nav, list.next.as_ref())) }
        },
    )
}

pub fn queue(page: &Page, items: &[QueueItem], now: Timestamp) -> Markup {
    layout(
        page,
        "Unanswered queue",
        html! {
            h1 { "Questions waiting for an answer" }
            p.lead { "Unsolved questions in the sub-communities you cover, oldest first." }
            @if items.is_empty() {
                (empty_state("Inbox zero", html! { p { "Every question in your sub-communities is solved. Well done." } }))
            } @else {
                table.table {
                    thead { tr { th { "Age" } th { "Question" } th { "Community" } th { "State" } th { "Claimed by" } } }
                    tbody {
                        @for item in items {
                            tr {
                                td { (age(now, item.topic.created_at)) }
                                td { a href=(item.topic.path()) { (item.topic.title) } br; span.muted { "by " (item.author.name_to_show()) } }
                                td { a class=(crate::views::brand::accent_class(&item.community.id)) href={ "/c/" (item.community.slug) } { (item.community.name) } }
                                td { @if let Some(s) = item.topic.question_state() { span class={ "badge state-" (s.css()) } { (s.label()) } } }
                                td { @if let Some(u) = &item.claimed_by { (u.name_to_show()) } @else { span.muted { "nobody" } } }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn leaderboard(page: &Page, c: &Community, rows: &[(AuthorView, i64)], period: &str) -> Markup {
    layout(
        page,
        &format!("Leaderboard · {}", c.name),
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { "Leaderboard" }
            nav.filters {
                a href={ "/c/" (c.slug) "/leaderboard?period=30d" } aria-current=[(period == "30d").then_some("page")] { "Last 30 days" }
                a href={ "/c/" (c.slug) "/leaderboard?period=all" } aria-current=[(period == "all").then_some("page")] { "All time" }
            }
            @if rows.is_empty() {
                (empty_state("No reputation earned yet", html! { p { "Members earn reputation when their answers are accepted or upvoted." } }))
            } @else {
                @let max = rows.first().map(|(_, p)| *p).unwrap_or(1).max(1);
                ol.leaderboard {
                    @for (u, pts) in rows {
                        li {
                            a href={ "/u/" (u.username) } { (avatar(&u.username, 24)) " " (u.name_to_show()) }
                            @if u.is_employee { " " (employee_badge()) }
                            meter min="0" max=(max) value=(pts) { (pts) }
                            span.points { (pts) " points" }
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
        &format!("Official posts · {}", c.name),
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { "Official posts" }
            @if rows.is_empty() {
                (empty_state("No official posts yet", html! { p { "Posts made by employees in the brand's name appear here." } }))
            } @else {
                @for (p, u, t) in rows {
                    article.card.official {
                        h2 { a href={ (t.path()) "#p" (p.post_number) } { (t.title) } }
                        p { (byline(u, Some(&page.brand.settings.site_name), now)) span.muted { " · " (age(now, p.created_at)) } }
                        div.prose { (sanitized_html(&p.body_html)) }
                    }
                }
            }
        },
    )
}
