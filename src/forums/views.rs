use std::collections::HashMap;

use maud::{html, Markup, Render};

use crate::auth::{CommunityPerms, ComposerPerms, TopicPerms};
use crate::db::models::categories::Category;
use crate::db::models::communities::Community;
use crate::db::models::posts::{Post, Revision};
use crate::db::models::topics::Topic;
use crate::db::models::users::User;
use crate::db::{IdeaStatus, PostId, Timestamp, TopicKind};
use crate::error::FieldErrors;
use crate::forums::queue::QueueItem;
use crate::forums::read::TopicList;
use crate::forums::topic_page::{PostView, TopicPage};
use crate::views::components::{
    avatar, csrf_field, employee_badge, empty_state, error_summary, sanitized_html, Field,
};
use crate::views::holes::{mark, Hole, Template};
use crate::views::{layout, Page};

pub fn age(now: Timestamp, then: Timestamp) -> String {
    let secs = (now.micros() - then.micros()).max(0) / 1_000_000;
    match secs {
        s if s < 60 => "just now".into(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3600),
        s => format!("{} d ago", s / 86_400),
    }
}

/// "1 answer", "3 replies".
pub fn count_noun(n: i32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Author line: avatar, name, employee badge and title, a suspended member's mark,
/// reputation.
pub fn byline(author: &User, brand_name: Option<&str>, now: Timestamp) -> Markup {
    html! {
        span.byline {
            @if let Some(brand) = brand_name {
                span.brand-voice { span.badge.official { "Official" } " " strong { (brand) } " · " }
            }
            a href={ "/u/" (author.username) } { (avatar(&author.username, 20)) " " (author.name_to_show()) }
            @if author.is_employee {
                " " (employee_badge())
                @if !author.title.is_empty() { " " span.muted { (author.title) } }
            }
            @if author.is_suspended_at(now) {
                " " span.badge.warn title="This account is suspended and cannot reply" { "Suspended" }
            }
            " " span.rep title="Reputation" { (author.reputation) }
        }
    }
}

pub fn state_badges(t: &Topic) -> Markup {
    html! {
        @if t.kind != TopicKind::Discussion { span class={ "badge kind-" (t.kind.as_str()) } { (t.kind.label()) } " " }
        @if let Some(s) = t.question_state() { span class={ "badge state-" (s.css()) } { (s.label()) } " " }
        @if let Some(s) = t.idea_status { span class={ "badge idea-" (s.as_str()) } { (s.label()) } " " }
        @if t.official_reply { span.badge.official { "Official answer" } " " }
        @if t.pinned { span.badge { "Pinned" } " " }
        @if t.locked { span.badge { "Locked" } " " }
        @if t.duplicate_of.is_some() { span.badge { "Duplicate" } " " }
    }
}

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
    layout(
        page,
        &c.name,
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
    layout(
        page,
        "Latest",
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

pub struct ComposerValues<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub tags: &'a str,
    pub category: &'a str,
    pub as_brand: bool,
}

pub fn new_topic(
    page: &Page,
    c: &Community,
    categories: &[Category],
    v: &ComposerValues<'_>,
    errors: &FieldErrors,
    preview: Option<&str>,
    perms: &ComposerPerms,
) -> Markup {
    layout(
        page,
        "New topic",
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { "New topic in " (c.name) }
            section.card {
                (error_summary(errors))
                form method="post" action={ "/c/" (c.slug) "/new" } {
                    (csrf_field(&page.csrf))
                    fieldset.field {
                        legend { "What is it?" }
                        @for k in TopicKind::ALL {
                            @if *k != TopicKind::Announcement || perms.announce {
                                label.radio { input type="radio" name="kind" value=(k.as_str()) checked[v.kind == k.as_str()]; " " (k.label()) }
                            }
                        }
                        @if let Some(e) = errors.get("kind") { p.error role="alert" { (e) } }
                    }
                    (Field::new("title", "Title").value(v.title).required().hint("A question or summary in a sentence (5 to 150 characters).").render(errors))
                    @if !categories.is_empty() {
                        div.field {
                            label for="f-category" { "Category" }
                            select #f-category name="category" {
                                option value="" { "(none)" }
                                @for cat in categories { option value=(cat.id) selected[v.category == cat.id.as_str()] { (cat.name) } }
                            }
                        }
                    }
                    (Field::new("tags", "Tags").value(v.tags).hint("Up to five, separated by spaces or commas.").render(errors))
                    (Field::new("body", "Details").kind("textarea").value(v.body).required().hint("Markdown: **bold**, `code`, lists, tables, links, @mentions.").render(errors))
                    @if perms.post_as_brand {
                        label.checkbox { input type="checkbox" name="as_brand" value="true" checked[v.as_brand]; " Post as " (page.brand.settings.site_name) " (official)" }
                    }
                    @if let Some(p) = preview { (preview_block(p)) }
                    div.form-actions {
                        button.button type="submit" name="action" value="preview" { "Preview" }
                        button.button.primary type="submit" name="action" value="post" { "Post" }
                    }
                }
            }
        },
    )
}

fn preview_block(html_fragment: &str) -> Markup {
    html! { section.preview aria-label="Preview" { h2 { "Preview" } div.prose { (sanitized_html(html_fragment)) } } }
}

/// The one form that every per-post button on a topic page submits (vote, accept, delete,
/// hide, approve, restore), through its `form` and `formaction` attributes: the page carries
/// one CSRF token instead of several per post.
pub const POST_ACTIONS_FORM: &str = "post-actions";

fn post_actions_form(page: &Page) -> Markup {
    html! {
        form id=(POST_ACTIONS_FORM) method="post" action="/" hidden { (csrf_field(&page.csrf)) }
    }
}

/// A button that submits [`POST_ACTIONS_FORM`] to `action`.
fn post_action(
    action: &str,
    label: &str,
    field: Option<(&str, &str)>,
    confirm: Option<&str>,
) -> Markup {
    html! {
        button.link-button type="submit" form=(POST_ACTIONS_FORM) formaction=(action)
            name=[field.map(|f| f.0)] value=[field.map(|f| f.1)] data-confirm=[confirm] { (label) }
    }
}

fn vote_form(post: &Post, my_vote: i32, allowed: bool) -> Markup {
    let action = format!("/p/{}/vote", post.id);
    html! {
        div.vote {
            @if allowed {
                button.vote-up.active[my_vote == 1] type="submit" form=(POST_ACTIONS_FORM) formaction=(action)
                    name="value" value=(if my_vote == 1 { 0 } else { 1 }) aria-label="Vote up" aria-pressed=(my_vote == 1) { "▲" }
            }
            span.score aria-label="Score" { (post.score) }
            @if allowed {
                button.vote-down.active[my_vote == -1] type="submit" form=(POST_ACTIONS_FORM) formaction=(action)
                    name="value" value=(if my_vote == -1 { 0 } else { -1 }) aria-label="Vote down" aria-pressed=(my_vote == -1) { "▼" }
            }
        }
    }
}

/// Seen only by the author and moderators: why others do not see this post.
fn unpublished_badge(p: &Post) -> Markup {
    html! {
        @if p.moderation_state == crate::db::ModerationState::Hidden {
            span.badge.warn { "Hidden by moderators" }
        } @else {
            span.badge.warn { "Awaiting approval" }
        }
    }
}

fn post_block(
    page: &Page,
    tp: &TopicPage,
    pv: &PostView,
    perms: &TopicPerms,
    now: Timestamp,
) -> Markup {
    let p = &pv.post;
    let c = &tp.community;
    let may = perms.post(&p.id);
    let accepted = tp.topic.accepted_post_id.as_ref() == Some(&p.id);
    let brand = p.as_brand.then_some(page.brand.settings.site_name.as_str());
    html! {
        article.post.accepted[accepted].official[p.as_brand].deleted[p.deleted_at.is_some()] id={ "p" (p.post_number) } {
            @if page.holes { (mark(&Hole::Vote(p.id.clone()))) } @else { (vote_form(p, pv.my_vote, may.vote)) }
            div.post-body {
                div.post-head {
                    (byline(&pv.author, brand, now))
                    span.muted { " · " time datetime=(p.created_at.rfc3339()) { (age(now, p.created_at)) } }
                    @if p.edited_at.is_some() { " · " a.muted href={ "/p/" (p.id) "/history" } { "edited" } }
                    @if accepted { " " span.badge.state-solved { "✓ Accepted answer" } }
                    @if p.deleted_at.is_some() { " " span.badge.warn { "Deleted" } }
                    @if !p.is_published() { " " (unpublished_badge(p)) }
                }
                @if let Some(why) = tp.pending.get(&p.id) {
                    p.notice.pending role="status" { "Not published yet: " (why) "." }
                }
                div.prose { (sanitized_html(&p.body_html)) }
                div.post-actions {
                    @if perms.reply {
                        a href={ "/t/" (tp.topic.id) "/reply?quote=" (p.id) "#reply" } { "Quote" }
                    }
                    @if !p.is_opening() && tp.topic.kind == TopicKind::Question && !accepted && p.deleted_at.is_none() && perms.accept {
                        (post_action(&format!("/t/{}/accept", tp.topic.id), "Accept this answer", Some(("post_id", p.id.as_str())), None))
                    }
                    @if may.edit { a href={ "/p/" (p.id) "/edit" } { "Edit" } }
                    @if p.deleted_at.is_none() && may.delete {
                        (post_action(&format!("/p/{}/delete", p.id), "Delete", None, Some("Delete this post?")))
                    }
                    @if p.is_published() && may.flag {
                        a href={ "/p/" (p.id) "/flag" } { "Flag" }
                    }
                    @if perms.review && p.deleted_at.is_none() {
                        @if p.is_published() {
                            (post_action(&format!("/p/{}/hide", p.id), "Hide", None, None))
                        } @else {
                            (post_action(&format!("/p/{}/publish", p.id), "Approve", None, None))
                            a href={ "/review?c=" (c.slug) } { "Review queue" }
                        }
                    }
                    @if p.deleted_at.is_some() && perms.restore {
                        (post_action(&format!("/p/{}/restore", p.id), "Restore", None, None))
                    }
                }
                @if !pv.comments.is_empty() {
                    ul.comments {
                        @for (cm, author) in &pv.comments {
                            li.comment id={ "p" (cm.post_number) } {
                                @if !cm.is_published() { (unpublished_badge(cm)) " " }
                                div.prose { (sanitized_html(&cm.body_html)) }
                                " — " (byline(author, cm.as_brand.then_some(page.brand.settings.site_name.as_str()), now))
                            }
                        }
                    }
                }
                @if tp.topic.kind == TopicKind::Question && perms.reply && p.deleted_at.is_none() {
                    p.add-comment { a href={ "/p/" (p.id) "/comment" } { "Add a comment" } }
                }
            }
        }
    }
}

/// A topic page. Everything it shows about what the viewer may do comes from `perms`;
/// with `page.holes` the viewer's own parts are left as holes for [`TopicTemplate::fill`].
pub fn topic(
    page: &Page,
    tp: &TopicPage,
    perms: &TopicPerms,
    now: Timestamp,
    reply_body: &str,
    errors: &FieldErrors,
    preview: Option<&str>,
) -> Markup {
    let t = &tp.topic;
    let c = &tp.community;
    let is_q = t.kind == TopicKind::Question;
    layout(
        page,
        &t.title,
        html! {
            p.crumbs {
                a class=(crate::views::brand::accent_class(&c.id)) href={ "/c/" (c.slug) } { (c.name) }
                @if let Some(cat) = &tp.category { " › " a href={ "/c/" (c.slug) "/cat/" (cat.slug) } { (cat.name) } }
            }
            h1.topic-heading { (t.title) }
            div.topic-meta {
                (state_badges(t))
                @for tag in t.tag_list() { a.tag href={ "/c/" (c.slug) "?tag=" (tag) } { "#" (tag) } " " }
            }
            @if let Some(orig) = &tp.duplicate_of {
                p.notice.warn { "This question was closed as a duplicate of " a href=(orig.path()) { (orig.title) } "." }
            }
            @if t.idea_status.is_some() && !t.idea_status_note.is_empty() {
                p.notice { strong { "Status note: " } (t.idea_status_note) }
            }
            @if let Some(claimer) = &tp.claimed_by { p.muted { (claimer.name_to_show()) " is working on this question." } }
            @if t.locked { p.notice.warn { "This topic is locked: no new replies." } }
            @if perms.signed_in { (post_actions_form(page)) }
            (post_block(page, tp, &tp.opening, perms, now))
            @if page.holes { (mark(&Hole::Watch)) } @else { (watch_control(page, tp)) }
            @if tp.first_page {
                h2 { (if is_q { count_noun(t.reply_count, "answer", "answers") } else { count_noun(t.reply_count, "reply", "replies") }) }
            } @else {
                p { a href=(t.path()) { "← First page" } }
            }
            @if let Some(a) = &tp.accepted { (post_block(page, tp, a, perms, now)) }
            @for r in &tp.replies { (post_block(page, tp, r, perms, now)) }
            @if let Some(n) = &tp.next { p.pager { a.button href={ (t.path()) "?after=" (n) } { "More " (if is_q { "answers" } else { "replies" }) " →" } } }
            @if perms.reply {
                section.card id="reply" {
                    h2 { (if is_q { "Your answer" } else { "Reply" }) }
                    (error_summary(errors))
                    form method="post" action={ "/t/" (t.id) "/reply" } {
                        (csrf_field(&page.csrf))
                        (Field::new("body", if is_q { "Answer" } else { "Reply" }).kind("textarea").value(reply_body).required().render(errors))
                        @if perms.post_as_brand {
                            label.checkbox { input type="checkbox" name="as_brand" value="true"; " Answer as " (page.brand.settings.site_name) " (official)" }
                        }
                        @if let Some(p) = preview { (preview_block(p)) }
                        div.form-actions {
                            button.button type="submit" name="action" value="preview" { "Preview" }
                            button.button.primary type="submit" name="action" value="post" { (if is_q { "Post answer" } else { "Reply" }) }
                        }
                    }
                }
            } @else if !perms.signed_in {
                p { a href={ "/login?next=" (t.path()) } { "Sign in" } " to reply." }
            }
            @if perms.covers && is_q && t.accepted_post_id.is_none() {
                section.card.staff-tools {
                    h2 { "Employee tools" }
                    @let mine = perms.claimed_by_me;
                    form.inline method="post" action={ "/t/" (t.id) (if mine { "/release" } else { "/claim" }) } {
                        (csrf_field(&page.csrf))
                        button.button.small type="submit" { (if mine { "Release" } else { "Claim this question" }) }
                    }
                }
            }
            @if t.kind == TopicKind::Idea && perms.set_idea_status {
                section.card.staff-tools {
                    h2 { "Idea status" }
                    form method="post" action={ "/t/" (t.id) "/status" } {
                        (csrf_field(&page.csrf))
                        label for="f-status" { "Status" }
                        select #f-status name="status" {
                            option value="none" { "(none)" }
                            @for s in IdeaStatus::ALL { option value=(s.as_str()) selected[t.idea_status == Some(*s)] { (s.label()) } }
                        }
                        (Field::new("note", "Note (shown in the thread)").value(&t.idea_status_note).render(&FieldErrors::new()))
                        button.button.small type="submit" { "Set status" }
                    }
                }
            }
            @if perms.moderate {
                section.card.staff-tools {
                    h2 { "Moderation" }
                    @for (action, label) in [
                        (if t.pinned { "unpin" } else { "pin" }, if t.pinned { "Unpin" } else { "Pin" }),
                        (if t.locked { "unlock" } else { "lock" }, if t.locked { "Unlock" } else { "Lock" }),
                    ] {
                        form.inline method="post" action={ "/t/" (t.id) "/" (action) } {
                            (csrf_field(&page.csrf))
                            button.button.small type="submit" { (label) }
                        }
                        " "
                    }
                    form method="post" action={ "/t/" (t.id) "/move" } {
                        (csrf_field(&page.csrf))
                        label for="f-move-community" { "Move to sub-community (address)" }
                        input #f-move-community type="text" name="community" value=(c.slug);
                        label for="f-move-category" { "Category" }
                        select #f-move-category name="category" {
                            option value="" { "(none)" }
                            @for cat in &tp.categories { option value=(cat.id) selected[t.category_id.as_ref() == Some(&cat.id)] { (cat.name) } }
                        }
                        button.button.small type="submit" { "Move" }
                    }
                    @if is_q {
                        form method="post" action={ "/t/" (t.id) "/duplicate" } {
                            (csrf_field(&page.csrf))
                            label for="f-dup" { "Close as duplicate of (link or id)" }
                            input #f-dup type="text" name="original";
                            button.button.small type="submit" { "Close as duplicate" }
                        }
                    }
                }
            }
        },
    )
}

fn watch_control(page: &Page, tp: &TopicPage) -> Markup {
    html! {
        @if let Some(w) = &tp.watch {
            (crate::notifications::views::watch_control(page, &format!("/t/{}/watch", tp.topic.id), crate::db::WatchTarget::Topic, w.level, Some(w)))
        }
    }
}

/// A topic page rendered once for every viewer with the same `perms` (see
/// `views::holes`), with each post's vote buttons ready in their three states.
pub struct TopicTemplate {
    template: Template,
    /// The vote buttons of each vote hole, in the template's order: no vote, an up-vote
    /// and a down-vote (a fill takes them in turn instead of looking each post up).
    votes: Vec<[String; 3]>,
}

impl TopicTemplate {
    /// Renders `tp` as [`topic`] does with `page.template()`.
    pub fn render(page: &Page, tp: &TopicPage, perms: &TopicPerms, now: Timestamp) -> Self {
        let rendered = topic(
            &page.template(),
            tp,
            perms,
            now,
            "",
            &FieldErrors::new(),
            None,
        );
        let states: HashMap<&PostId, [String; 3]> = tp
            .post_views()
            .map(|pv| {
                let may = perms.post(&pv.post.id).vote;
                let state = |v: i32| vote_form(&pv.post, v, may).into_string();
                (&pv.post.id, [state(0), state(1), state(-1)])
            })
            .collect();
        let template = Template::parse(&rendered.into_string());
        let votes = template
            .holes()
            .filter_map(|hole| match hole {
                Hole::Vote(id) => Some(states.get(id).cloned().unwrap_or_default()),
                _ => None,
            })
            .collect();
        TopicTemplate { template, votes }
    }

    /// Roughly the memory this takes, for the page cache's bound.
    pub fn weight(&self) -> usize {
        self.template.weight()
            + self
                .votes
                .iter()
                .map(|v| v.iter().map(|s| s.len() + 24).sum::<usize>() + 64)
                .sum::<usize>()
    }

    /// The page with this viewer's own parts filled in (`tp` and `perms` as rendered, but
    /// read for this viewer).
    pub fn fill(&self, page: &Page, tp: &TopicPage) -> String {
        // A member has voted on few of a page's posts: a short list beats hashing each.
        let my_votes: Vec<(&PostId, i32)> = tp
            .post_views()
            .filter(|pv| pv.my_vote != 0)
            .map(|pv| (&pv.post.id, pv.my_vote))
            .collect();
        let mut votes = self.votes.iter();
        self.template.fill(|hole, out| match hole {
            Hole::Csrf => page.csrf.as_str().render_to(out),
            Hole::AccountNav => crate::views::layout::account_nav(page).render_to(out),
            Hole::AccountNotices => crate::views::layout::account_notices(page).render_to(out),
            Hole::Vote(id) => {
                let state = match my_votes.iter().find(|(p, _)| *p == id) {
                    Some((_, 1)) => 1,
                    Some((_, -1)) => 2,
                    _ => 0,
                };
                if let Some(states) = votes.next() {
                    out.push_str(&states[state]);
                }
            }
            Hole::Watch => watch_control(page, tp).render_to(out),
        })
    }
}

pub fn edit_post(
    page: &Page,
    post: &Post,
    topic: &Topic,
    body: &str,
    title: &str,
    errors: &FieldErrors,
) -> Markup {
    layout(
        page,
        "Edit post",
        html! {
            p { a href=(topic.path()) { "← " (topic.title) } }
            h1 { "Edit post" }
            section.card {
                (error_summary(errors))
                form method="post" action={ "/p/" (post.id) "/edit" } {
                    (csrf_field(&page.csrf))
                    @if post.is_opening() { (Field::new("title", "Title").value(title).required().render(errors)) }
                    (Field::new("body", "Text").kind("textarea").value(body).required().render(errors))
                    button.button.primary type="submit" { "Save" }
                }
            }
        },
    )
}

/// A page with one form about one post (a comment, a flag): a link back to the post, the
/// post quoted, the form's errors and the form.
pub fn post_form_page(
    page: &Page,
    title: &str,
    post: &Post,
    topic: &Topic,
    errors: &FieldErrors,
    form: Markup,
) -> Markup {
    layout(
        page,
        title,
        html! {
            p { a href={ (topic.path()) "#p" (post.post_number) } { "← " (topic.title) } }
            h1 { (title) }
            section.card {
                blockquote.prose { (sanitized_html(&post.body_html)) }
                (error_summary(errors))
                (form)
            }
        },
    )
}

/// A short comment under a question or answer, on its own page (linked under each post)
/// so the topic page does not carry a comment form per post.
pub fn comment_page(
    page: &Page,
    post: &Post,
    topic: &Topic,
    body: &str,
    errors: &FieldErrors,
) -> Markup {
    let form = html! {
        form method="post" action={ "/t/" (topic.id) "/reply" } {
            (csrf_field(&page.csrf))
            input type="hidden" name="parent_id" value=(post.id);
            (Field::new("body", "Comment (for clarifications; up to 600 characters)").kind("textarea").value(body).required().render(errors))
            div.form-actions {
                button.button.primary type="submit" name="action" value="post" { "Comment" }
            }
        }
    };
    post_form_page(page, "Add a comment", post, topic, errors, form)
}

pub fn history(
    page: &Page,
    post: &Post,
    topic: &Topic,
    revisions: &[(Revision, Option<User>)],
) -> Markup {
    layout(
        page,
        "Edit history",
        html! {
            p { a href=(topic.path()) { "← " (topic.title) } }
            h1 { "Edit history" }
            @if revisions.is_empty() { (empty_state("Never edited", html! {})) }
            ol.revisions {
                @for (r, editor) in revisions {
                    li.card {
                        p.muted { "Before the edit by " (editor.as_ref().map(|u| u.username.as_str()).unwrap_or("a former member"))
                            " on " time datetime=(r.created_at.rfc3339()) { (r.created_at.rfc3339()) } }
                        pre.revision { (r.body_markdown) }
                    }
                }
                li.card { p.muted { "Current version" } pre.revision { (post.body_markdown) } }
            }
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

pub fn leaderboard(page: &Page, c: &Community, rows: &[(User, i64)], period: &str) -> Markup {
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
    rows: &[(Post, User, Topic)],
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

pub fn category_form(page: &Page, c: &Community, errors: &FieldErrors) -> Markup {
    html! {
        section.card {
            h2 { "Add a category" }
            (error_summary(errors))
            form method="post" action={ "/c/" (c.slug) "/categories" } {
                (csrf_field(&page.csrf))
                (Field::new("slug", "Address").required().render(errors))
                (Field::new("name", "Name").required().render(errors))
                (Field::new("description", "Description").render(errors))
                button.button type="submit" { "Add category" }
            }
        }
    }
}
